"""Handing in to a course folder: real files in temporary folders (sw_exercises/course_folder.py).

The permission model with real system users is in tests/test_course_folder_users.py.
"""
import json
import os
import stat
import subprocess

import pytest

from sw_exercises import course_folder as cf
from sw_exercises import handin, portfolio
from sw_exercises.classroom import class_overview_from
from sw_exercises.classroom.intake import read_handins
from sw_exercises.cli import main as cli_main
from sw_exercises.store import AnswerStore
from sw_exercises.widgets.portfolio import PortfolioView

WB = "01_sociale_afstand"
ME = cf.login_name()


@pytest.fixture(autouse=True)
def no_course_folder_env(monkeypatch):
    monkeypatch.delenv(cf.FOLDER_ENV, raising=False)


@pytest.fixture
def store(tmp_path):
    store = AnswerStore(tmp_path / "student" / "a.sqlite3")
    store.save(WB, "reflection/meeste_afstand", "Ik voel afstand tot mensen zonder werk.")
    store.set_shared(WB, "reflection/meeste_afstand", True)
    return store


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "inlevermap"
    path.mkdir()
    return path


def test_a_hand_in_is_one_file_per_login_readable_only_by_owner_and_group_whatever_the_umask(store, folder):
    old = os.umask(0)
    try:
        result = cf.hand_in(store, folder)
    finally:
        os.umask(old)
    assert result.ok and result.status == "handed_in"
    assert result.path == folder / f"inlevering-{ME}.json"
    assert stat.S_IMODE(os.stat(result.path).st_mode) == 0o640
    assert str(folder) in result.message and "Ingeleverd op" in result.message
    data = handin.loads(result.path.read_bytes())
    assert data == portfolio.handin_data(store) | {"created_at": data["created_at"]}
    assert os.listdir(folder) == [result.path.name]


def test_handing_in_again_replaces_the_earlier_hand_in_and_the_overview_counts_one(store, folder):
    first = cf.hand_in(store, folder)
    store.save(WB, "reflection/meeste_afstand", "Tweede versie van mijn reflectie.")
    second = cf.hand_in(store, folder)
    assert first.ok and second.ok and second.path == first.path
    assert "vorige inlevering is vervangen" in second.message
    assert os.listdir(folder) == [first.path.name]  # no temporary file left behind
    report, overview = class_overview_from(folder, threshold=1)
    assert len(report.accepted) == 1 and not report.refused
    assert report.accepted[0].handin["answers"][0]["value"] == "Tweede versie van mijn reflectie."


def test_nothing_is_handed_in_without_a_folder_or_without_anything_shared(store, tmp_path):
    result = cf.hand_in(store)
    assert (result.ok, result.status) == (False, "no_folder") and "inlevermap" in result.message
    empty = AnswerStore(tmp_path / "leeg.sqlite3")
    assert cf.hand_in(empty, tmp_path).status == "nothing_shared"
    assert list(tmp_path.glob("inlevering-*")) == []


def test_a_missing_folder_or_a_file_instead_of_a_folder_gets_a_dutch_message(store, tmp_path):
    missing = cf.hand_in(store, tmp_path / "bestaat-niet")
    assert missing.status == "missing" and "bestaat niet" in missing.message
    assert not (tmp_path / "bestaat-niet").exists()
    (tmp_path / "bestand").write_text("x")
    assert cf.hand_in(store, tmp_path / "bestand").status == "not_folder"


def test_the_privacy_check_runs_before_a_hand_in_as_before_every_export(store, folder):
    store.save(WB, "reflection/meeste_afstand", "Bel Jan de Vries op 06-12345678.")
    store.set_setting(cf.NAMES_KEY, ["Jan de Vries"])
    blocked = cf.hand_in(store, folder)
    assert blocked.status == "privacy" and not os.listdir(folder)
    assert cf.privacy_findings(store) >= 2
    assert cf.hand_in(store, folder, confirmed=True).ok


def test_the_environment_wins_over_a_remembered_folder(store, tmp_path, monkeypatch):
    remembered, hub = tmp_path / "onthouden", tmp_path / "hub"
    remembered.mkdir(), hub.mkdir()
    cf.remember_folder(store, str(remembered))
    assert cf.configured_folder(store) == (remembered, "setting")
    assert cf.hand_in(store).path.parent == remembered
    monkeypatch.setenv(cf.FOLDER_ENV, str(hub))
    assert cf.configured_folder(store) == (hub, "env")
    assert cf.hand_in(store).path.parent == hub


def test_file_names_carry_the_login_and_odd_logins_survive_the_round_trip():
    for login in ("jdevries", "jupyter-anna", "s123456", "anna.b@school.nl", "rare naam"):
        name = cf.file_name(login)
        assert "/" not in name and name.startswith("inlevering-") and name.endswith(".json")
        assert cf.login_from_file_name(name) == login
    assert cf.login_from_file_name("inlevering-student-ABC123-20261123-1200.json") == "student-ABC123-20261123-1200"
    assert cf.login_from_file_name("portfolio.json") is None
    assert cf.login_from_file_name("inlevering-..json") is None
    assert cf.login_from_file_name(cf.file_name("a/../b")) is None  # no login has a slash


# --- the lecturer's side -----------------------------------------------------------------------

def _course_folder(folder):
    (folder / cf.MARKER).write_text("marker")
    return folder


def _other_login():
    return "nobody" if ME != "nobody" else "root"


def test_in_a_course_folder_a_file_under_another_login_is_refused_and_temp_files_are_ignored(store, folder):
    _course_folder(folder)
    mine = cf.hand_in(store, folder)
    planted = folder / cf.file_name(_other_login())
    planted.write_bytes(mine.path.read_bytes())
    (folder / f".{mine.path.name}.abc123.tmp").write_text("half")
    (folder / "notities.json").write_bytes(mine.path.read_bytes())
    (folder / cf.file_name("geen-gebruiker-xq7")).write_bytes(mine.path.read_bytes())
    report = read_handins(folder)
    assert [a.source for a in report.accepted] == [mine.path.name]
    reasons = {r.source: r.reason for r in report.refused}
    assert f"'{_other_login()}'" in reasons[planted.name] and f"'{ME}'" in reasons[planted.name]
    assert "niet door het werkboek" in reasons["notities.json"]
    assert "geen gebruiker" in reasons[cf.file_name("geen-gebruiker-xq7")]
    assert sorted(report.ignored) == sorted([cf.MARKER, f".{mine.path.name}.abc123.tmp"])


def test_a_planted_file_in_a_sub_folder_of_a_course_folder_is_refused_too(store, folder):
    _course_folder(folder)
    mine = cf.hand_in(store, folder)
    (folder / "sub").mkdir()
    (folder / "sub" / cf.file_name(_other_login())).write_bytes(mine.path.read_bytes())
    report = read_handins(folder)
    assert len(report.accepted) == 1 and [r.source for r in report.refused] == [f"sub/{cf.file_name(_other_login())}"]


def test_an_ordinary_folder_is_not_owner_checked(store, folder):
    """A lecturer's copy of hand-ins (a USB stick, a platform download) belongs to the lecturer."""
    mine = cf.hand_in(store, folder)
    os.rename(mine.path, folder / cf.file_name(_other_login()))
    assert not cf.is_course_folder(folder)
    assert len(read_handins(folder).accepted) == 1


def test_a_folder_set_up_by_hand_with_the_sticky_bit_counts_as_a_course_folder(folder):
    os.chmod(folder, 0o3733)
    assert cf.is_course_folder(folder)
    os.chmod(folder, 0o1777)  # like /tmp: listable by all, not a course folder
    assert not cf.is_course_folder(folder)


def test_werkboek_klas_reads_a_course_folder(store, folder, tmp_path, capsys):
    _course_folder(folder)
    cf.hand_in(store, folder)
    (folder / cf.file_name(_other_login())).write_bytes((folder / cf.file_name(ME)).read_bytes())
    assert cli_main(["klas", str(folder), "--uit", str(tmp_path / "o.html"), "--drempel", "1"]) == 0
    out = capsys.readouterr().out
    assert f"✓ {cf.file_name(ME)}" in out and f"✗ {cf.file_name(_other_login())}" in out
    assert (tmp_path / "o.html").exists()


# --- root only: owners that are not us --------------------------------------------------------

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="alleen als root (POSIX) kan een bestand een andere eigenaar krijgen")


@needs_root
def test_a_squatted_name_is_not_overwritten_and_the_student_is_told_to_ask_the_lecturer(store, folder):
    squat = folder / cf.file_name(ME)
    squat.write_text("van een ander")
    import pwd  # POSIX only, like needs_root
    os.chown(squat, pwd.getpwnam("nobody").pw_uid, -1)
    result = cf.hand_in(store, folder)
    assert result.status == "squatted" and "docent" in result.message
    assert squat.read_text() == "van een ander" and os.listdir(folder) == [squat.name]


@needs_root
def test_werkboek_inlevermap_as_root_sets_owner_group_mode_and_marker(tmp_path, capsys):
    os.chmod(tmp_path, 0o755)
    target = tmp_path / "cursus" / "inleveren"
    assert cli_main(["inlevermap", str(target), "--docent", "nobody"]) == 0
    out = capsys.readouterr().out
    info = os.stat(target)
    import pwd  # POSIX only, like needs_root
    nobody = pwd.getpwnam("nobody")
    assert stat.S_IMODE(info.st_mode) == 0o3733 and info.st_uid == nobody.pw_uid and info.st_gid == nobody.pw_gid
    assert (target / cf.MARKER).is_file() and cf.is_course_folder(target)
    assert "Inlevermap klaar" in out and cf.FOLDER_ENV in out
    assert cli_main(["inlevermap", str(target), "--docent", "bestaat-niet-xq7"]) == 2
    assert "Er bestaat geen gebruiker" in capsys.readouterr().err
    assert cli_main(["inlevermap", str(target), "--docent", "nobody", "--groep", "geen-groep-xq7"]) == 2
    assert "groupadd" in capsys.readouterr().err


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "klein"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("een kleine schijf koppelen (tmpfs) kan alleen als root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"tmpfs koppelen lukt hier niet: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_keeps_the_earlier_hand_in_and_leaves_no_half_file(store, tiny_disk):
    first = cf.hand_in(store, tiny_disk)
    assert first.ok
    before = first.path.read_bytes()
    filler = tiny_disk / "vol"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"x" * 4096):
            pass
    except OSError as exc:
        assert exc.errno == 28  # ENOSPC: the disk is really full now
    finally:
        os.close(fd)
    store.save(WB, "reflection/meeste_afstand", "Een langere tekst. " * 2000)
    result = cf.hand_in(store, tiny_disk)
    assert result.status == "disk_full" and "vol" in result.message
    assert first.path.read_bytes() == before
    assert sorted(os.listdir(tiny_disk)) == sorted([first.path.name, "vol"])


# --- workbook 90: the widget ---------------------------------------------------------------------

def test_workbook_90_without_a_folder_shows_a_hint_and_remembers_a_typed_folder(store, folder, tmp_path):
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert view.folder.value == "" and not view.folder.disabled
    assert "geen inlevermap ingesteld" in view.folder_status.value
    assert view.hand_in() is None and "geen inlevermap" in view.handin_message.value
    view.folder.value = str(folder)
    assert store.setting(cf.SETTING_KEY) == str(folder)
    assert "nog niet ingeleverd" in view.folder_status.value
    result = view.hand_in()
    assert result.ok and result.path.exists() and "Ingeleverd op" in view.handin_message.value
    assert "laatste inlevering" in view.folder_status.value
    again = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert again.folder.value == str(folder)


def test_workbook_90_blocks_a_hand_in_until_privacy_findings_are_fixed_or_confirmed(store, folder, tmp_path):
    store.save(WB, "reflection/meeste_afstand", "Mail me: jan@example.nl")
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    view.folder.value = str(folder)
    assert view.hand_in() is None and "persoonsgegeven" in view.handin_message.value
    assert os.listdir(folder) == []
    view.confirm.value = True
    assert view.hand_in().ok


def test_workbook_90_shows_the_hub_folder_fixed_and_a_missing_folder_in_dutch(store, tmp_path, monkeypatch):
    monkeypatch.setenv(cf.FOLDER_ENV, str(tmp_path / "hub-map"))
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert view.folder.disabled and view.folder.value == str(tmp_path / "hub-map")
    assert "ingesteld door je opleiding" in view.folder_status.value
    assert view.hand_in().status == "missing" and "bestaat niet" in view.handin_message.value
    assert store.setting(cf.SETTING_KEY) is None


def test_the_facade_hands_in_with_the_students_own_store(tmp_path, monkeypatch, folder):
    from sw_exercises.store import default_store
    from sw_exercises.workbooks import delen

    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path / "werkruimte"))
    assert delen.hand_in_to_folder(folder).status == "nothing_shared"
    store = default_store()
    store.save(WB, "reflection/meeste_afstand", "Mijn reflectie.")
    store.set_shared(WB, "reflection/meeste_afstand", True)
    assert delen.hand_in_to_folder().status == "no_folder"
    monkeypatch.setenv(cf.FOLDER_ENV, str(folder))
    result = delen.hand_in_to_folder()
    assert result.ok and json.loads(result.path.read_text())["pseudonym"] == portfolio.pseudonym(store)


def test_the_administrators_module_imports_on_its_own():
    """`werkboek inlevermap` imports course_folder_admin first (a fresh interpreter, as on the hub)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import sw_exercises.course_folder_admin; "
                           "from sw_exercises.course_folder import SetupError, create_course_folder"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
