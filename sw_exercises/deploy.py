"""Server chores for a multi-user JupyterHub: set up a student's workbooks, back up every store.

* :func:`set_up_workbooks` copies the workbooks from the installed checkout into a student's own
  folder. It never overwrites: a file that is there stays as it is, a file that is missing (new, or
  deleted by the student to start over) is copied. A hub runs it at every server start.
* :func:`back_up_stores` copies every user's answer store with SQLite's online backup API: a
  consistent copy even while the student is working (a plain file copy of a WAL database can miss
  the latest answers or be torn).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from .i18n import t
from .workspace import DB_NAME

WORKBOOKS_DIR = Path(__file__).resolve().parents[1] / "workbooks"
STORE_IN_HOME = Path("SociaalWerkboek") / "werkruimte" / DB_NAME


class WorkbookSetupError(Exception):
    """Why the workbooks could not be set up, in Dutch."""


def set_up_workbooks(target: Path, source: Path = WORKBOOKS_DIR) -> tuple[list[Path], list[Path]]:
    """Copy ``source/*.ipynb`` into ``target``; return (copied, kept). Never overwrites a file."""
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise WorkbookSetupError(t("cli.no_workbooks", path=str(source)))
    copied: list[Path] = []
    kept: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            destination = target / notebook.name
            try:
                # "x": create only; an existing file (or a symlink, even a dangling one) is left alone
                with notebook.open("rb") as src, destination.open("xb") as dst:
                    shutil.copyfileobj(src, dst)
            except FileExistsError:
                kept.append(destination)
                continue
            copied.append(destination)
    except OSError as exc:
        raise WorkbookSetupError(t("cli.setup_failed", path=str(target), reason=exc.strerror or str(exc))) from exc
    return copied, kept


def _backup_one(source: Path, destination: Path) -> None:
    # mode=ro: the backup never writes to the student's file; as root SQLite gives any -shm file it
    # has to create to the file's owner, so the student keeps full access
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)
    try:
        fd = os.open(destination, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def back_up_stores(homes: Path, out: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Back up ``<homes>/<user>/SociaalWerkboek/werkruimte/antwoorden.sqlite3`` to
    ``<out>/<user>/antwoorden.sqlite3`` (folders 0700, files 0600). Returns (done, failed)."""
    done: list[str] = []
    failed: list[tuple[str, str]] = []
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    for home in sorted(p for p in homes.iterdir() if p.is_dir()):
        store = home / STORE_IN_HOME
        if not store.is_file():
            continue
        folder = out / home.name
        try:
            folder.mkdir(exist_ok=True)
            os.chmod(folder, 0o700)
            _backup_one(store, folder / DB_NAME)
        except (OSError, sqlite3.Error) as exc:
            failed.append((home.name, getattr(exc, "strerror", None) or str(exc)))
            continue
        done.append(home.name)
    return done, failed
