"""Back-up and restore (sw_exercises.backup, the view in workbook 90): moving answers between the
browser (file store), a laptop and the hub (SQLite), merged by item and time, nothing lost, nothing
twice."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from sw_exercises.backup import BackupError, backup_name, make_backup, read_backup, restore_backup
from sw_exercises.filestore import FileAnswerStore
from sw_exercises.store import AnswerStore

T0 = datetime(2026, 9, 1, 12, tzinfo=timezone.utc)
BACKENDS = {"sqlite": lambda folder: AnswerStore(folder / "a.sqlite3"),
            "bestanden": lambda folder: FileAnswerStore(folder / "antwoorden")}


def clock(start):
    moments = iter(start + timedelta(minutes=i) for i in range(1000))
    return lambda: next(moments)


@pytest.fixture(params=[(a, b) for a in BACKENDS for b in BACKENDS], ids=lambda p: f"{p[0]}-naar-{p[1]}")
def two_places(request, tmp_path):
    """(where the back-up is made, where it is put back): every pair of backends."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    return BACKENDS[request.param[0]](tmp_path / "a"), BACKENDS[request.param[1]](tmp_path / "b")


def test_a_backup_restored_elsewhere_has_every_revision_sharing_and_setting(two_places):
    laptop, browser = two_places
    laptop.save("01_sociale_afstand", "reflection/x", "eerste", saved_at=T0)
    laptop.save("01_sociale_afstand", "reflection/x", "tweede 😀", saved_at=T0 + timedelta(hours=1))
    laptop.save("02_viervenstermodel", "cases", [{"id": "c", "name": "Casus"}], saved_at=T0)
    laptop.set_shared("01_sociale_afstand", "reflection/x", True)
    laptop.set_setting("pseudonym", "student-AB12")
    result = restore_backup(browser, make_backup(laptop))
    assert (result.added, result.skipped, result.items) == (3, 0, 2)
    assert [r.value for r in browser.history("01_sociale_afstand", "reflection/x")] == ["eerste", "tweede 😀"]
    assert browser.get("02_viervenstermodel", "cases") == [{"id": "c", "name": "Casus"}]
    assert browser.shared() == {("01_sociale_afstand", "reflection/x")}
    assert browser.setting("pseudonym") == "student-AB12"


def test_restoring_twice_or_back_and_forth_adds_nothing_twice(two_places):
    laptop, browser = two_places
    laptop.save("wb", "x", "op de laptop", saved_at=T0)
    restore_backup(browser, make_backup(laptop))
    again = restore_backup(browser, make_backup(laptop))
    assert (again.added, again.skipped) == (0, 1)
    browser.save("wb", "y", "in de browser", saved_at=T0 + timedelta(hours=2))
    back = restore_backup(laptop, make_backup(browser))
    assert (back.added, back.skipped) == (1, 1)
    for store in (laptop, browser):
        assert sum(store.revision_counts().values()) == 2


def test_merging_by_time_keeps_the_answer_given_last_wherever_it_was(two_places):
    laptop, browser = two_places
    laptop.save("wb", "x", "ochtend, laptop", saved_at=T0)
    browser.save("wb", "x", "middag, browser", saved_at=T0 + timedelta(hours=4))
    laptop.save("wb", "x", "avond, laptop", saved_at=T0 + timedelta(hours=9))
    restore_backup(browser, make_backup(laptop))
    assert [r.value for r in browser.history("wb", "x")] == ["ochtend, laptop", "middag, browser", "avond, laptop"]
    assert browser.get("wb", "x") == "avond, laptop"
    restore_backup(laptop, make_backup(browser))
    assert laptop.get("wb", "x") == "avond, laptop"
    assert len(laptop.history("wb", "x")) == 3


def test_an_older_backup_never_hides_a_newer_answer(two_places):
    laptop, browser = two_places
    laptop.save("wb", "x", "oud", saved_at=T0)
    old_backup = make_backup(laptop)
    browser.save("wb", "x", "nieuw", saved_at=T0 + timedelta(days=3))
    browser.set_setting("pseudonym", "nieuw")
    laptop_setting_time = T0 - timedelta(days=1)
    data = json.loads(old_backup)
    data["settings"] = [{"key": "pseudonym", "value": "oud", "changed_at": laptop_setting_time.isoformat()}]
    restore_backup(browser, json.dumps(data).encode())
    assert browser.get("wb", "x") == "nieuw"
    assert browser.setting("pseudonym") == "nieuw"


@pytest.mark.parametrize("content, words", [
    (b"\x89PNG\r\n", "geen leesbaar JSON"),
    (b'{"hallo": 1}', "geen back-up"),
    (json.dumps({"format": "sociaal-werkboek-back-up", "version": 99}).encode(), "nieuwere versie"),
    (json.dumps({"format": "sociaal-werkboek-back-up", "version": 1,
                 "revisions": [{"workbook": "wb"}]}).encode(), "beschadigd"),
])
def test_a_file_that_is_not_a_backup_is_refused_in_dutch_and_changes_nothing(tmp_path, content, words):
    store = FileAnswerStore(tmp_path / "antwoorden")
    store.save("wb", "x", "blijft")
    with pytest.raises(BackupError) as info:
        restore_backup(store, content)
    assert words in info.value.message
    assert store.revision_counts() == {("wb", "x"): 1}


def test_the_backup_file_is_plain_json_with_a_dated_name(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    store.save("wb", "x", "a\x00b")
    data = read_backup(make_backup(store, now=T0))
    assert data["revisions"][0][2] == "a\x00b" and data["made_at"] == T0
    assert backup_name(T0).startswith("sociaal-werkboek-back-up-2026-09-01") and backup_name(T0).endswith(".json")


def test_the_view_makes_a_download_link_and_restores_an_upload(tmp_path):
    from sw_exercises.widgets.backup import BackupView

    laptop = AnswerStore(tmp_path / "a.sqlite3")
    laptop.save("01_sociale_afstand", "reflection/x", "van de laptop")
    view = BackupView(laptop)
    data = view.make_backup()
    assert "download='sociaal-werkboek-back-up-" in view.link.value and "data:application/json;base64," in view.link.value
    browser = FileAnswerStore(tmp_path / "antwoorden")
    other = BackupView(browser)
    other.upload.value = ({"name": "back-up.json", "type": "application/json", "size": len(data),
                           "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)
    assert browser.get("01_sociale_afstand", "reflection/x") == "van de laptop"
    assert "1 versie toegevoegd, 0 stonden er al" in other.message.value
    assert other.upload.value == ()
    other.restore(b"geen json")
    assert "sw-error" in other.message.value
