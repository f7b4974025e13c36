"""Files written for a student: mode 0600 whatever the umask, atomic, all or nothing, Word-safe text."""
import errno
import io
import json
import os
import stat
import zipfile
from datetime import datetime, timezone

import pytest

from sw_exercises import files, portfolio
from sw_exercises.emergency import EmergencyCopy
from sw_exercises.intervision_record import SessionRecord, to_docx, write_record
from sw_exercises.store import AnswerStore
from sw_exercises.widgets.portfolio import PortfolioView

WB = "01_sociale_afstand"
CONTROL = "\x00\x0b\x1f"
SURROGATE = "\ud800"


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.fixture
def shared_store(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    store.save(WB, "reflection/meeste_afstand", "Ik voel afstand.")
    store.set_shared(WB, "reflection/meeste_afstand", True)
    return store


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- private, whatever the umask -------------------------------------------------------------

def test_write_private_makes_a_0600_file_in_a_0700_folder_whatever_the_umask(tmp_path, umask):
    folder = files.private_folder(tmp_path / "nieuw" / "map")
    path = files.write_private(folder / "a.txt", "tekst")
    assert path.read_text(encoding="utf-8") == "tekst"
    assert mode(path) == 0o600
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700


def test_an_existing_file_is_replaced_with_mode_0600(tmp_path, umask):
    path = tmp_path / "a.txt"
    path.write_text("oud")
    os.chmod(path, 0o644)
    files.write_private(path, b"nieuw")
    assert path.read_bytes() == b"nieuw" and mode(path) == 0o600


def test_portfolio_and_hand_in_exports_are_0600_whatever_the_umask(shared_store, tmp_path, umask):
    paths = portfolio.write_exports(shared_store, tmp_path / "mijn-export")
    assert {p.suffix for p in paths} == {".html", ".docx", ".json"}
    assert all(mode(p) == 0o600 for p in paths)
    assert mode(tmp_path / "mijn-export") == 0o700


def test_intervision_records_are_0600_whatever_the_umask(tmp_path, umask):
    record = SessionRecord("Groep 3", "Sessie 1", None, learning="Doorvragen.")
    paths = write_record(record, tmp_path / "intervisie")
    assert {p.suffix for p in paths} == {".html", ".md", ".docx"}
    assert all(mode(p) == 0o600 for p in paths)


def test_the_emergency_copy_is_0600_whatever_the_umask(tmp_path, umask, monkeypatch):
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    where = EmergencyCopy(tmp_path / "a.sqlite3").add(WB, "reflection/x", "tekst")
    assert mode(where) == 0o600 and mode(tmp_path / "nood") == 0o700
    assert mode(tmp_path / "nood" / "LEESMIJ.txt") == 0o600


# --- atomic: never half a file under the final name -----------------------------------------

def failing_write_after(n_bytes, monkeypatch):
    """os.write writes ``n_bytes`` and then fails as on a full disk."""
    real = os.write
    budget = {"left": n_bytes}

    def write(fd, data):
        if budget["left"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = real(fd, bytes(data)[: budget["left"]])
        budget["left"] -= written
        return written
    monkeypatch.setattr(files.os, "write", write)


def test_a_write_that_fails_halfway_leaves_no_file_and_no_temporary_file(tmp_path, monkeypatch):
    failing_write_after(10, monkeypatch)
    with pytest.raises(files.WriteError) as info:
        files.write_private(tmp_path / "a.txt", "x" * 1000)
    assert "schijf is vol" in info.value.message
    assert leftovers(tmp_path) == []


def test_a_write_that_fails_halfway_keeps_the_old_file_whole(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("de oude, hele versie")
    failing_write_after(3, monkeypatch)
    with pytest.raises(files.WriteError):
        files.write_private(tmp_path / "a.txt", "een nieuwe versie die niet past")
    assert (tmp_path / "a.txt").read_text() == "de oude, hele versie"
    assert leftovers(tmp_path) == ["a.txt"]


def test_write_all_writes_every_file_or_none(tmp_path, monkeypatch):
    (tmp_path / "b.txt").write_text("b oud")
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("c.txt"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)
    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(files.WriteError) as info:
        files.write_all({tmp_path / "a.txt": "a", tmp_path / "b.txt": "b nieuw", tmp_path / "c.txt": "c"})
    assert "c.txt" in info.value.message
    assert leftovers(tmp_path) == ["b.txt"] and (tmp_path / "b.txt").read_text() == "b oud"


def test_a_failing_export_writes_nothing_and_says_so_in_dutch(shared_store, tmp_path, monkeypatch):
    real = files._temp_file

    def temp_file(path, data, file_mode):
        if path.suffix == ".json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, file_mode)
    monkeypatch.setattr(files, "_temp_file", temp_file)
    out = tmp_path / "mijn-export"
    with pytest.raises(files.WriteError) as info:
        portfolio.write_exports(shared_store, out)
    assert "schijf is vol" in info.value.message
    assert leftovers(out) == []
    view = PortfolioView(store=shared_store, export_dir=out)
    assert view.export(("html", "docx", "json")) == []
    assert "Er is niets geschreven" in view.message.value and "schijf is vol" in view.message.value
    assert leftovers(out) == []


def test_a_word_file_that_cannot_be_made_leaves_no_html_behind(shared_store, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("All strings must be XML compatible")
    monkeypatch.setattr(portfolio, "portfolio_docx", broken)
    view = PortfolioView(store=shared_store, export_dir=tmp_path / "out")
    assert view.export(("html", "docx")) == []
    assert "kon niet worden gemaakt" in view.message.value
    assert leftovers(tmp_path / "out") == []


# --- Word-safe text everywhere ---------------------------------------------------------------

def docx_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_docx_safe_drops_control_characters_and_replaces_lone_surrogates():
    assert portfolio.docx_safe(f"a{CONTROL}b{SURROGATE}c\ufffe\td\ne") == "ab\ufffdc\ufffd\td\ne"


def test_a_case_name_with_control_characters_exports_to_every_format(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    wb = "02_viervenstermodel"
    case_name = f"Gezin{CONTROL} B{SURROGATE}."
    store.save(wb, "cases", [{"id": "gezin_b", "name": case_name}])
    store.save(wb, "case/gezin_b/window/inwoner", f"Moeder{CONTROL} zoekt werk{SURROGATE}.")
    store.set_shared(wb, "case/gezin_b/window/inwoner", True)
    assert store.get(wb, "cases")[0]["name"] == case_name  # stored exactly, lone surrogate included
    paths = portfolio.write_exports(store, tmp_path / "out", name=f"Fatima{CONTROL}{SURROGATE}")
    by_kind = {p.suffix: p for p in paths}
    xml = docx_xml(by_kind[".docx"].read_bytes())
    assert "Gezin B\ufffd." in xml and "Moeder zoekt werk\ufffd." in xml and "Fatima" in xml
    assert not any(c in xml for c in CONTROL)
    assert "Gezin" in by_kind[".html"].read_text(encoding="utf-8")
    assert json.loads(by_kind[".json"].read_text(encoding="utf-8"))["name"].startswith("Fatima")


def test_the_portfolio_view_exports_a_case_name_with_control_characters(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    wb = "02_viervenstermodel"
    store.save(wb, "cases", [{"id": "c", "name": f"Casus{CONTROL}{SURROGATE}"}])
    store.save(wb, "case/c/window/inwoner", "Een tekst.")
    store.set_shared(wb, "case/c/window/inwoner", True)
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    paths = view.export(("html", "docx"))
    assert len(paths) == 2 and "Klaar" in view.message.value


def test_an_intervision_record_with_control_characters_in_every_field_becomes_a_word_file():
    dirty = f"x{CONTROL}{SURROGATE}y"
    record = SessionRecord(f"Groep{dirty}", f"Sessie{dirty}", None, participants=[f"Amira{dirty}"],
                           roles={"inbrenger": f"Amira{dirty}"}, notes=[(f"1. Stap{dirty}", f"Notitie{dirty}")],
                           lenses=[(f"Lens{dirty}", f"Vraag{dirty}", f"Antwoord{dirty}")],
                           agreements=f"Afspraak{dirty}", learning=f"Leerpunt{dirty}")
    xml = docx_xml(to_docx(record))
    assert "Groep" in xml and "Notitie" in xml and "Leerpunt" in xml
    assert not any(c in xml for c in CONTROL)


def test_the_versions_line_in_word_is_really_italic(shared_store):
    xml = docx_xml(portfolio.portfolio_docx(shared_store, now=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    assert "<w:i/>" in xml
