"""Where a student's answers live: one folder they can find and back up.

Order of choice:
1. the environment variable ``WERKBOEK_MAP`` (a lecturer or a JupyterHub can set it);
2. ``werkruimte/`` in the project folder (the folder with this project's ``pyproject.toml`` or a
   ``.werkboek`` marker, found from the current directory upwards), when that folder is writable;
3. ``~/SociaalWerkboek/werkruimte`` (on a multi-user server: each user's own home).

In the browser (Pyodide, ``sys.platform == "emscripten"``) there is no project folder and the home
folder is forgotten at every reload: there the workspace is ``werkruimte/`` in the folder that
JupyterLite keeps in the browser's storage (``/drive``), unless ``WERKBOEK_MAP`` says otherwise.

The answers themselves are in ``antwoorden.sqlite3`` (:mod:`sw_exercises.store`), or, where Python
has no ``sqlite3`` (the browser), in the folder ``antwoorden/`` (:mod:`sw_exercises.filestore`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

WORKSPACE_ENV = "WERKBOEK_MAP"
DB_NAME = "antwoorden.sqlite3"
FILE_STORE_NAME = "antwoorden"
BROWSER_DRIVE = Path("/drive")


def _project_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".werkboek").exists():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if 'name = "sw_exercises"' in pyproject.read_text(encoding="utf-8"):
                    return folder
            except OSError:
                pass
    return None


def workspace_dir() -> Path:
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    if in_browser():
        return (BROWSER_DRIVE if BROWSER_DRIVE.is_dir() else Path.cwd()) / "werkruimte"
    root = _project_root(Path.cwd())
    if root is not None and os.access(root, os.W_OK):
        return root / "werkruimte"
    return Path.home() / "SociaalWerkboek" / "werkruimte"


def in_browser() -> bool:
    """True in Pyodide (the zero-install site, ``docs/SITE.md``)."""
    return sys.platform == "emscripten"


def database_path() -> Path:
    return workspace_dir() / DB_NAME


def file_store_path() -> Path:
    """The answer folder of the store without SQLite (:mod:`sw_exercises.filestore`)."""
    return workspace_dir() / FILE_STORE_NAME
