"""Forgetting: earlier versions of one answer, or everything of a workbook, gone from every file."""
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from sw_exercises.emergency import EmergencyCopy
from sw_exercises.store import AnswerStore
from sw_exercises.widgets.overview import ConfirmAction, MyAnswers, forget_message
from sw_exercises.widgets.portfolio import PortfolioView

WB = "01_sociale_afstand"
ITEM = "reflection/meeste_afstand"


def marker() -> str:
    return f"GEHEIM-{uuid.uuid4().hex}"


def raw_files(store_path):
    """Every byte of the answer file, its -wal and its -shm (those that exist)."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = store_path.with_name(store_path.name + suffix)
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def holding(store_path, text):
    """The names of the files that hold ``text`` anywhere in their bytes."""
    needle = text.encode("utf-8")
    return [name for name, data in raw_files(store_path).items() if needle in data]


@pytest.fixture
def path(tmp_path):
    return tmp_path / "antwoorden.sqlite3"


def test_every_connection_deletes_securely(path):
    store = AnswerStore(path)
    assert store._con.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_forgetting_earlier_versions_removes_their_text_from_the_file_wal_and_shm(path):
    store = AnswerStore(path)
    other_kernel = AnswerStore(path)  # another notebook with the same file open
    secret = marker()
    store.save(WB, ITEM, f"Eerste versie over {secret}")
    store.save(WB, ITEM, "Tweede versie")
    store.save(WB, ITEM, "Huidige versie")
    assert other_kernel.get(WB, ITEM) == "Huidige versie"
    assert holding(path, secret), "the test must see the text before forgetting"
    result = store.forget_history(WB, ITEM)
    assert result.revisions == 2 and result.wiped
    assert holding(path, secret) == []
    assert [r.value for r in store.history(WB, ITEM)] == ["Huidige versie"]
    # the other kernel keeps working on the same file, both ways
    assert other_kernel.history(WB, ITEM)[-1].value == "Huidige versie"
    other_kernel.save(WB, ITEM, "Uit de andere kernel")
    assert store.get(WB, ITEM) == "Uit de andere kernel"


def test_forgetting_earlier_versions_keeps_other_answers_and_revision_numbers(path):
    store = AnswerStore(path)
    store.save(WB, "reflection/andere", "blijft")
    store.save(WB, ITEM, "oud")
    current = store.save(WB, ITEM, "nieuw")
    store.forget_history(WB, ITEM)
    assert store.latest(WB, ITEM).number == current.number
    assert store.get(WB, "reflection/andere") == "blijft"
    assert store.forget_history(WB, ITEM).revisions == 0  # nothing earlier left


def test_forgetting_a_workbook_removes_answers_history_and_sharing_from_every_file(path):
    store = AnswerStore(path)
    other_kernel = AnswerStore(path)
    secret, in_list = marker(), marker()
    store.save(WB, ITEM, f"over {secret}")
    store.save(WB, ITEM, "later")
    store.save(WB, "cases", [{"id": "c", "name": in_list}])
    store.set_shared(WB, ITEM, True)
    store.save("02_viervenstermodel", "case/c/window/inwoner", "blijft staan")
    store.set_shared("02_viervenstermodel", "case/c/window/inwoner", True)
    assert holding(path, secret) and holding(path, in_list)
    result = store.forget_workbook(WB)
    assert result.revisions == 3 and result.sharing == 1 and result.wiped
    assert holding(path, secret) == [] and holding(path, in_list) == []
    assert store.answers(WB) == [] and store.workbooks() == ["02_viervenstermodel"]
    assert store.shared() == {("02_viervenstermodel", "case/c/window/inwoner")}
    assert other_kernel.get("02_viervenstermodel", "case/c/window/inwoner") == "blijft staan"


def test_a_reader_in_another_connection_does_not_stop_forgetting(path):
    store = AnswerStore(path)
    secret = marker()
    store.save(WB, ITEM, secret)
    store.save(WB, ITEM, "nu")
    reader = sqlite3.connect(path, timeout=0.1)
    assert reader.execute("SELECT count(*) FROM revision").fetchone()[0] == 2
    result = store.forget_history(WB, ITEM)
    assert result.revisions == 1 and result.wiped and holding(path, secret) == []
    assert reader.execute("SELECT count(*) FROM revision").fetchone()[0] == 1
    reader.close()


def test_a_reader_in_the_middle_of_a_read_is_reported_and_a_later_wipe_finishes(path, monkeypatch):
    from sw_exercises import store as store_module
    monkeypatch.setattr(store_module, "WIPE_WAIT_MS", 50)
    store = AnswerStore(path)
    secret = marker()
    store.save(WB, ITEM, secret)
    store.save(WB, ITEM, "nu")
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM revision").fetchone()  # holds its snapshot open
    result = store.forget_history(WB, ITEM)
    assert result.revisions == 1 and not result.wiped
    assert [r.value for r in store.history(WB, ITEM)] == ["nu"]
    assert "Let op" in forget_message("Gewist.", result)  # the student is told to try again
    reader.execute("COMMIT")
    reader.close()
    assert store.wipe() and holding(path, secret) == []


def test_the_emergency_copy_forgets_too(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    store = AnswerStore(path)
    store.save(WB, ITEM, "huidig")
    current = store.latest(WB, ITEM).saved_at
    old, new, kept = marker(), marker(), marker()
    EmergencyCopy(path, clock=lambda: current - timedelta(hours=1)).add(WB, ITEM, old)
    EmergencyCopy(path, clock=lambda: current + timedelta(hours=1)).add(WB, ITEM, new)
    copy = EmergencyCopy(path, clock=lambda: current).add(WB, "reflection/andere", kept)
    result = store.forget_history(WB, ITEM)
    data = copy.read_text(encoding="utf-8")
    assert result.emergency == 1 and old not in data
    assert new in data  # typed after the current answer: it still has to be caught up
    assert kept in data
    store.forget_workbook(WB)
    data = copy.read_text(encoding="utf-8")
    assert new not in data and kept not in data
    assert EmergencyCopy(path).records() == []


def test_forgetting_earlier_versions_of_an_answer_only_in_the_emergency_copy_keeps_it(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    store = AnswerStore(path)
    EmergencyCopy(path).add(WB, ITEM, "nog niet bijgewerkt")
    assert store.forget_history(WB, ITEM).emergency == 0
    assert [r.value for r in EmergencyCopy(path).records()] == ["nog niet bijgewerkt"]


def test_a_half_written_emergency_line_is_forgotten_with_its_workbook(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    store = AnswerStore(path)
    copy = EmergencyCopy(path, clock=lambda: datetime(2020, 1, 1, tzinfo=timezone.utc)).add(WB, ITEM, "heel")
    secret = marker()
    with copy.open("a", encoding="utf-8") as fh:
        fh.write('{"store": "x", "workbook": "' + WB + '", "value": "' + secret)  # crash mid-line
    store.forget_workbook(WB)
    assert secret not in copy.read_text(encoding="utf-8")


# --- the views: always two steps ---------------------------------------------------------------

def test_my_answers_asks_before_forgetting_earlier_versions(path):
    store = AnswerStore(path)
    secret = marker()
    store.save(WB, ITEM, secret)
    store.save(WB, ITEM, "nu")
    view = MyAnswers(store=store)
    view.open_history()
    view.picker.value = (WB, ITEM)
    action = view.forget_history
    assert action.button in action.children
    action.button.click()
    assert "Weet je het zeker?" in action.question.value and "1 eerdere versie" in action.question.value
    assert len(store.history(WB, ITEM)) == 2  # asking removes nothing
    action.cancel.click()
    assert len(store.history(WB, ITEM)) == 2 and "niets gewist" in action.result.value
    action.button.click()
    action.yes.click()
    assert [r.value for r in store.history(WB, ITEM)] == ["nu"]
    assert "gewist" in action.result.value and holding(path, secret) == []
    assert view.history.value.count("<li>") == 1
    assert action.button not in action.children  # nothing earlier left to forget


def test_my_answers_asks_before_forgetting_a_whole_workbook(path):
    store = AnswerStore(path)
    secret = marker()
    store.save(WB, ITEM, secret)
    store.save("02_viervenstermodel", "case/c/window/inwoner", "blijft")
    view = MyAnswers(store=store)
    assert view.workbook is None and "Iets wissen" in view.forget_button.description
    view.forget_button.click()
    assert "voorgoed" in view.forget_intro.value and view.forget_intro in view.forget_box.children
    view.workbook.value = WB
    view.forget_workbook.button.click()
    assert "Weet je het zeker?" in view.forget_workbook.question.value
    assert store.answers(WB)
    view.forget_workbook.yes.click()
    assert store.answers(WB) == [] and holding(path, secret) == []
    assert secret not in view.table.value and "blijft" in view.table.value
    assert [v for _, v in view.workbook.options] == ["02_viervenstermodel"]
    assert "alles van" in view.forget_workbook.result.value.lower()


def confirm_actions(widget):
    found = []
    if isinstance(widget, ConfirmAction):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += confirm_actions(child)
    return found


def test_a_finding_in_an_answer_with_earlier_versions_offers_to_forget_them(path, tmp_path):
    store = AnswerStore(path)
    secret = "oud.adres@example.nl"
    store.save(WB, ITEM, f"Mail {secret}")
    store.save(WB, ITEM, "Mail jan@example.nl")
    store.set_shared(WB, ITEM, True)
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert view.check() == 1
    [offer] = confirm_actions(view.findings)
    assert offer.button.description == "Wis ook de eerdere versies"
    offer.button.click()
    assert "Weet je het zeker?" in offer.question.value
    offer.yes.click()
    assert [r.value for r in store.history(WB, ITEM)] == ["Mail jan@example.nl"]
    assert holding(path, secret) == []


def test_after_a_fix_workbook_90_offers_to_forget_the_version_with_the_data(path, tmp_path):
    store = AnswerStore(path)
    secret = "jan.geheim@example.nl"
    store.save(WB, ITEM, f"Mail me: {secret}")
    store.set_shared(WB, ITEM, True)
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert view.check() == 1 and confirm_actions(view.findings) == []  # one version: nothing to offer
    view._fix(WB, ITEM, "Mail me maar.")
    assert view.check() == 0
    [offer] = confirm_actions(view.after_fix)
    assert holding(path, secret)
    offer.button.click()
    offer.yes.click()
    assert [r.value for r in store.history(WB, ITEM)] == ["Mail me maar."]
    assert holding(path, secret) == []
    assert "gewist" in offer.result.value
