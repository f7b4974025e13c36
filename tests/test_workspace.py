"""Where answers are stored, and what a workbook does when that place is unusable."""
import hashlib
import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from sw_exercises import workspace
from sw_exercises.store import AnswerStore

ROOT = Path(__file__).resolve().parents[1]


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path / "mijn map"))
    assert workspace.database_path() == tmp_path / "mijn map" / "antwoorden.sqlite3"


def test_default_is_the_project_folder(monkeypatch):
    monkeypatch.delenv("WERKBOEK_MAP")
    monkeypatch.chdir(ROOT / "workbooks")
    assert workspace.workspace_dir() == ROOT / "werkruimte"


def test_outside_a_project_it_is_the_users_home(monkeypatch, tmp_path):
    monkeypatch.delenv("WERKBOEK_MAP")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert workspace.workspace_dir() == tmp_path / "home" / "SociaalWerkboek" / "werkruimte"


def test_a_new_workspace_explains_itself(tmp_path):
    AnswerStore(tmp_path / "ws" / "antwoorden.sqlite3")
    assert "reservekopie" in (tmp_path / "ws" / "LEESMIJ.txt").read_text(encoding="utf-8").lower()


def _run_workbook(tmp_path, workspace_dir):
    nb = nbformat.read(ROOT / "workbooks" / "01_sociale_afstand.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=dict(os.environ, WERKBOEK_MAP=str(workspace_dir)))
    return nb


def test_a_corrupt_answer_file_gives_a_dutch_message_not_a_traceback(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    broken = ws / "antwoorden.sqlite3"
    broken.write_bytes(b"kapot" * 1000)
    before = hashlib.sha256(broken.read_bytes()).hexdigest()
    nb = _run_workbook(tmp_path, ws)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    state = json.dumps(nb.metadata["widgets"], ensure_ascii=False)
    assert "is beschadigd of is geen antwoordbestand" in state
    assert hashlib.sha256(broken.read_bytes()).hexdigest() == before
    # the reading is untouched: markdown cells are still all there
    assert any("### De schaal van Bogardus" in c.source for c in nb.cells)
