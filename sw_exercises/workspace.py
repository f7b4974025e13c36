"""Where a student's answers live: one folder they can find and back up.

Order of choice:
1. the environment variable ``WERKBOEK_MAP`` (a lecturer or a JupyterHub can set it);
2. ``werkruimte/`` in the project folder (the folder with this project's ``pyproject.toml`` or a
   ``.werkboek`` marker, found from the current directory upwards), when that folder is writable;
3. ``~/SociaalWerkboek/werkruimte`` (on a multi-user server: each user's own home).
"""
from __future__ import annotations

import os
from pathlib import Path

WORKSPACE_ENV = "WERKBOEK_MAP"
DB_NAME = "antwoorden.sqlite3"


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
    root = _project_root(Path.cwd())
    if root is not None and os.access(root, os.W_OK):
        return root / "werkruimte"
    return Path.home() / "SociaalWerkboek" / "werkruimte"


def database_path() -> Path:
    return workspace_dir() / DB_NAME
