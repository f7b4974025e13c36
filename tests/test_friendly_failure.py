"""Friendly failure without a browser: an unavailable answer store gives Dutch messages that say what to
do, answers typed meanwhile survive a killed kernel in the emergency copy and are caught up into the
store once it works again, and every workbook runs with an unavailable store without a traceback."""
import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from sw_exercises.i18n import ui_tree
from sw_exercises.answers import AnswerBook
from sw_exercises.emergency import EmergencyCopy
from sw_exercises.i18n import t
from sw_exercises.store import AnswerStore, StoreError
from sw_exercises.widgets.common import ReflectionBox
from sw_exercises.widgets.watch import TEXT_KEYS

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted(p for p in (ROOT / "workbooks").glob("*.ipynb") if p.stem != "00_start")
UI = ui_tree("nl")
WHAT_TO_DO = ("vraag je docent", "kies", "werk ", "voer ", "sluit ", "verplaats", "klik", "kopieer", "wacht")


def emergency_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("noodkopie-*.jsonl"))


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A workspace that cannot be created (a file stands where its folder should be) and a real
    emergency folder; both for this test only."""
    blocker = tmp_path / "blok"
    blocker.write_text("een bestand waar een map zou moeten staan")
    nood = tmp_path / "nood"
    monkeypatch.setenv("WERKBOEK_MAP", str(blocker / "werkruimte"))
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(nood))
    return blocker, nood


@pytest.mark.parametrize("key", sorted(UI["store"]))
def test_every_store_message_says_what_to_do(key):
    text = UI["store"][key].lower()
    assert any(verb in text for verb in WHAT_TO_DO), f"store.{key} does not say what to do: {text}"


@pytest.mark.parametrize("kind", ["dead", "lost", "silent"])
def test_every_kernel_message_says_what_to_do_in_both_modes(kind):
    watch = UI["failure"]["watch"]
    assert set(TEXT_KEYS) <= set(watch)
    assert "Run All Cells" in watch[f"{kind}_lab"]
    assert watch["reload"] in watch[f"{kind}_app"], "the app text names the button"


TYPIST = textwrap.dedent("""
    import os, signal, sys
    from sw_exercises.widgets.common import ReflectionBox
    box = ReflectionBox("wb", "reflection/x", "Titel", "Vraag", delay=0)
    box.text.value = sys.argv[1]
    print(box.status.state, box.status.value, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)   # the kernel dies right after the answer was reported
""")


def test_an_answer_typed_while_the_store_is_unwritable_survives_a_killed_kernel_and_is_caught_up(places):
    blocker, nood = places
    text = "Mijn antwoord terwijl de werkruimte niet bestaat 😀"
    typed_before = datetime.now(timezone.utc)
    proc = subprocess.run([sys.executable, "-c", TYPIST, text], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    state, _, shown = proc.stdout.partition(" ")
    assert state == "failed"
    assert "Niet opgeslagen" in shown and "niet te schrijven" in shown and "noodkopie" in shown
    assert "Traceback" not in proc.stdout + proc.stderr

    [copy] = emergency_files(nood)
    assert copy.stat().st_mode & 0o777 == 0o600 and nood.stat().st_mode & 0o777 == 0o700
    assert (nood / "LEESMIJ.txt").read_text(encoding="utf-8") == t("failure.emergency_readme")

    # a new kernel, store still unavailable: the answer comes back from the emergency copy, and says so
    again = ReflectionBox("wb", "reflection/x", "Titel", "Vraag", delay=0, book=AnswerBook("wb"))
    assert again.text.value == text
    assert again.status.state == "failed" and "uit je noodkopie" in again.status.value

    # the student (or lecturer) fixes the workspace: the next kernel catches the answer up, with its time
    blocker.unlink()
    fixed = ReflectionBox("wb", "reflection/x", "Titel", "Vraag", delay=0, book=AnswerBook("wb"))
    assert fixed.text.value == text
    assert "Opslaan lukt weer" in fixed.status.value
    store = AnswerStore(blocker / "werkruimte" / "antwoorden.sqlite3")
    [revision] = store.history("wb", "reflection/x")
    assert revision.value == text and typed_before <= revision.saved_at <= datetime.now(timezone.utc)
    assert copy.read_text(encoding="utf-8") == "", "the emergency copy is emptied once caught up"
    # caught up once: a later kernel adds nothing
    AnswerBook("wb")
    assert len(store.history("wb", "reflection/x")) == 1


def test_a_corrupt_store_is_left_alone_and_the_answers_wait_in_the_emergency_copy(tmp_path, monkeypatch):
    workspace = tmp_path / "werkruimte"
    workspace.mkdir()
    corrupt = workspace / "antwoorden.sqlite3"
    corrupt.write_bytes(b"geen database" * 100)
    monkeypatch.setenv("WERKBOEK_MAP", str(workspace))
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    book = AnswerBook("wb")
    first = book.save("reflection/a", "eerste versie")
    second = book.save("reflection/a", "tweede versie")
    book.save("choice/b", "ja")
    assert not first.saved and "beschadigd" in second.error and "noodkopie" in second.error
    assert corrupt.read_bytes() == b"geen database" * 100, "the corrupt file is never written to"

    corrupt.rename(tmp_path / "kapot-bewaard.sqlite3")  # what the message tells the student to do
    caught = AnswerBook("wb")
    assert caught.take_notice() == t("failure.caught_up", n=2, path=str(corrupt))
    store = AnswerStore(corrupt)
    assert [r.value for r in store.history("wb", "reflection/a")] == ["eerste versie", "tweede versie"]
    assert store.get("wb", "choice/b") == "ja"


def test_catching_up_never_puts_an_older_answer_over_a_newer_one(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    copy = EmergencyCopy(store.path, clock=lambda: datetime(2026, 1, 1, 12, tzinfo=timezone.utc))
    copy.add("wb", "old", "uit de noodkopie")
    copy.add("wb", "new", "uit de noodkopie")
    copy.add("wb", "x", "alleen in de noodkopie")
    store.save("wb", "old", "eerder in het bestand", saved_at=datetime(2025, 12, 31, tzinfo=timezone.utc))
    store.save("wb", "new", "later in het bestand", saved_at=datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert copy.catch_up(store) == 2
    assert store.get("wb", "old") == "uit de noodkopie"
    assert store.get("wb", "new") == "later in het bestand"
    assert store.get("wb", "x") == "alleen in de noodkopie"
    assert copy.records() == [] and copy.catch_up(store) == 0


def test_a_copy_for_another_store_is_not_caught_up_here(tmp_path):
    mine, other = AnswerStore(tmp_path / "a.sqlite3"), AnswerStore(tmp_path / "b.sqlite3")
    EmergencyCopy(other.path).add("wb", "x", "voor b")
    assert EmergencyCopy(mine.path).catch_up(mine) == 0 and mine.get("wb", "x") is None
    assert EmergencyCopy(other.path).catch_up(other) == 1 and other.get("wb", "x") == "voor b"


def test_when_not_even_an_emergency_copy_can_be_made_the_student_is_told_to_copy_the_text(places, monkeypatch):
    blocker, _ = places
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(blocker / "nood"))  # inside a file: cannot exist
    result = AnswerBook("wb").save("reflection/x", "nergens te bewaren")
    assert not result.saved and t("failure.no_emergency") in result.error
    assert "niet te schrijven" in result.error


def test_a_store_refused_on_opening_reports_its_path_for_the_emergency_copy(places):
    blocker, _ = places
    with pytest.raises(StoreError) as info:
        AnswerStore(blocker / "werkruimte" / "antwoorden.sqlite3")
    assert info.value.path == blocker / "werkruimte" / "antwoorden.sqlite3"


# -- every workbook, really executed in a kernel, with a store it cannot use ----------------------------

def _unwritable(tmp: Path) -> tuple[Path, str]:
    (tmp / "blok").write_text("x")
    return tmp / "blok" / "werkruimte", "niet te schrijven"


def _corrupt(tmp: Path) -> tuple[Path, str]:
    (tmp / "werkruimte").mkdir()
    (tmp / "werkruimte" / "antwoorden.sqlite3").write_bytes(b"kapot" * 200)
    return tmp / "werkruimte", "is beschadigd of is geen antwoordbestand"


#: The lecturer's workbook reads hand-ins, not the student's answer store: no store message there.
USES_NO_STORE = {"91_docent"}


#: Every workbook with an unwritable workspace; a corrupt file for one workbook of each kind of first
#: cell (an import of sw_exercises.workbooks, and open_workbook(...)).
CASES = [(p, _unwritable) for p in WORKBOOKS] + [
    (p, _corrupt) for p in WORKBOOKS if p.stem in ("01_sociale_afstand", "05_do_no_harm")]


@pytest.mark.parametrize(("path", "broken"), CASES, ids=lambda v: getattr(v, "stem", None) or v.__name__.strip("_"))
def test_every_workbook_runs_with_an_unusable_store_without_a_traceback(path, broken, tmp_path, monkeypatch):
    workspace, message = broken(tmp_path)
    monkeypatch.setenv("WERKBOEK_MAP", str(workspace))
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True, store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"], "a cell raised"
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], "something on stderr"
    assert "Traceback" not in json.dumps(outputs)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = json.dumps(state, ensure_ascii=False).replace("&#x27;", "'")
    assert "Traceback" not in shown
    if path.stem not in USES_NO_STORE:
        assert message in shown, "the Dutch store message is shown"
    # the first cell shows the kernel watch with its Dutch texts
    first = next(c for c in nb.cells if c.cell_type == "code")
    views = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in first.outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert [state[v]["state"]["texts"]["reload"] for v in views] == ["Pagina opnieuw laden"]
