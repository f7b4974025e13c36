"""Server chores: setting up a student's workbooks, private answer files, backing up every store."""
import os
import sqlite3
import stat

from sw_exercises import cli
from sw_exercises.deploy import WORKBOOKS_DIR, back_up_stores, set_up_workbooks
from sw_exercises.store import AnswerStore


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_klaarzetten_copies_every_workbook(tmp_path, capsys):
    assert cli.main(["klaarzetten", "--doel", str(tmp_path / "werkboeken")]) == 0
    names = sorted(p.name for p in (tmp_path / "werkboeken").iterdir())
    assert names == sorted(p.name for p in WORKBOOKS_DIR.glob("*.ipynb"))
    assert "01_sociale_afstand.ipynb" in names
    assert (tmp_path / "werkboeken" / "01_sociale_afstand.ipynb").read_bytes() == \
        (WORKBOOKS_DIR / "01_sociale_afstand.ipynb").read_bytes()
    assert f"{len(names)} nieuw" in capsys.readouterr().out


def test_klaarzetten_never_overwrites_and_restores_a_deleted_workbook(tmp_path):
    target = tmp_path / "werkboeken"
    set_up_workbooks(target)
    mine = target / "01_sociale_afstand.ipynb"
    mine.write_text("mijn eigen versie", encoding="utf-8")
    (target / "02_viervenstermodel.ipynb").unlink()
    (target / "03_zes_rollen.ipynb").unlink()
    (target / "03_zes_rollen.ipynb").symlink_to(tmp_path / "nergens")  # dangling: still not written through
    copied, kept = set_up_workbooks(target)
    assert [p.name for p in copied] == ["02_viervenstermodel.ipynb"]
    assert mine in kept
    assert mine.read_text(encoding="utf-8") == "mijn eigen versie"
    assert not (tmp_path / "nergens").exists()


def test_klaarzetten_reports_an_unwritable_folder_in_dutch(tmp_path, capsys):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert cli.main(["klaarzetten", "--doel", str(blocker / "werkboeken")]) == 2
    err = capsys.readouterr().err
    assert "konden niet" in err and "Traceback" not in err


def test_a_new_store_is_private(tmp_path):
    folder = tmp_path / "home" / "SociaalWerkboek" / "werkruimte"
    store = AnswerStore(folder / "antwoorden.sqlite3")
    store.save("wb", "x", "geheim")
    assert _mode(folder) == 0o700
    assert _mode(folder / "antwoorden.sqlite3") == 0o600
    assert _mode(folder / "antwoorden.sqlite3-wal") == 0o600  # SQLite copies the database's mode
    assert _mode(folder / "antwoorden.sqlite3-shm") == 0o600
    store.close()


def test_backup_copies_answers_still_in_the_wal(tmp_path, capsys):
    homes = tmp_path / "home"
    for user, answer in (("st1", "eerste"), ("st2", "tweede")):
        folder = homes / user / "SociaalWerkboek" / "werkruimte"
        AnswerStore(folder / "antwoorden.sqlite3").save("01_sociale_afstand", "r", answer)  # left open
    (homes / "zonder-werkboek").mkdir()
    wal = homes / "st1" / "SociaalWerkboek" / "werkruimte" / "antwoorden.sqlite3-wal"
    assert wal.stat().st_size > 0  # the answer is (also) in the WAL: a plain copy of the .sqlite3 misses it
    out = tmp_path / "backup"
    assert cli.main(["backup", "--homes", str(homes), "--uit", str(out)]) == 0
    assert "2 antwoordbestanden" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["st1", "st2"]
    for user, answer in (("st1", "eerste"), ("st2", "tweede")):
        copy = out / user / "antwoorden.sqlite3"
        assert _mode(copy) == 0o600 and _mode(out / user) == 0o700
        con = sqlite3.connect(copy)
        assert con.execute("SELECT value FROM revision").fetchall() == [(f'"{answer}"',)]
        con.close()
    assert AnswerStore(out / "st1" / "antwoorden.sqlite3").get("01_sociale_afstand", "r") == "eerste"


def test_backup_reports_a_store_it_cannot_read(tmp_path, capsys):
    folder = tmp_path / "home" / "st1" / "SociaalWerkboek" / "werkruimte"
    folder.mkdir(parents=True)
    (folder / "antwoorden.sqlite3").write_bytes(b"dit is geen database" * 10)
    done, failed = back_up_stores(tmp_path / "home", tmp_path / "backup")
    assert done == [] and failed and failed[0][0] == "st1"
