"""Set up a student's workbooks (``werkboek klaarzetten``, also on a JupyterHub), back up every store.

* :func:`set_up` copies the workbooks of the installed package (or the checkout) into a student's
  own folder. It never overwrites a student's changes unless asked: a file that is missing (new, or
  deleted by the student to start over) is copied, an unchanged older copy is updated, a changed one
  stays as it is. A hub runs it at every server start (:func:`set_up_workbooks`).
* :func:`back_up_stores` copies every user's answer store with SQLite's online backup API: a
  consistent copy even while the student is working (a plain file copy of a WAL database can miss
  the latest answers or be torn).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import package_data
from .files import WriteError, private_folder, write_private
from .i18n import t
from .workspace import DB_NAME

WORKBOOKS_DIR = package_data.folder("workbooks")
STORE_IN_HOME = Path("SociaalWerkboek") / "werkruimte" / DB_NAME


class WorkbookSetupError(Exception):
    """Why the workbooks could not be set up, in Dutch."""


MARKER = ".werkboek"  # in a folder of set-up workbooks: what was copied (name -> sha256), see set_up()
PREVIOUS = ".werkboek-vorige"  # replaced workbooks are kept here (``--overschrijven``)


@dataclass
class SetUp:
    """What :func:`set_up` did, per workbook file in the target folder."""
    copied: list[Path] = field(default_factory=list)     # was missing
    updated: list[Path] = field(default_factory=list)    # an older copy nobody had changed: now the new one
    same: list[Path] = field(default_factory=list)       # already as in the package
    changed: list[Path] = field(default_factory=list)    # changed by the student (or unknown): left alone
    replaced: list[Path] = field(default_factory=list)   # changed, but replaced on request; old one kept
    kept_in: Path | None = None                          # where the replaced ones were kept


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / MARKER).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("workbooks", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def set_up(target: Path, source: Path = WORKBOOKS_DIR, *, overwrite: bool = False) -> SetUp:
    """Copy the workbooks ``source/*.ipynb`` into ``target`` without losing a student's work.

    A missing workbook is copied (new, or deleted by the student to start over). One that is there is
    left alone if the student may have changed it: only a copy this function made earlier and that is
    still byte for byte the same (its sha256 is in ``target/.werkboek``) is updated to the package's
    version. With ``overwrite`` a changed workbook is replaced too, after its old version is kept in
    ``target/.werkboek-vorige/<moment>/``. Answers are never in a workbook file (they are in the answer
    store), so replacing one loses no answer. A symlink is never written through. The marker file
    also tells ``werkboek app`` that ``target`` is a folder of workbooks (app.find_workbooks).
    """
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise WorkbookSetupError(t("cli.no_workbooks", path=str(source)))
    done = SetUp()
    try:
        target.mkdir(parents=True, exist_ok=True)
        known = _manifest(target)
        copied_now = dict(known)
        for notebook in notebooks:
            data = notebook.read_bytes()
            destination = target / notebook.name
            try:
                # "x": create only; an existing file (or a symlink, even a dangling one) is left alone
                with destination.open("xb") as dst:
                    dst.write(data)
                done.copied.append(destination)
                copied_now[notebook.name] = _sha256(data)
                continue
            except FileExistsError:
                pass
            if destination.is_symlink() or not destination.is_file():
                done.changed.append(destination)
                continue
            present = destination.read_bytes()
            if present == data:
                done.same.append(destination)
                copied_now[notebook.name] = _sha256(data)
                continue
            untouched = known.get(notebook.name) == _sha256(present)
            if not untouched and not overwrite:
                done.changed.append(destination)
                continue
            if not untouched:
                if done.kept_in is None:
                    done.kept_in = private_folder(target / PREVIOUS / datetime.now().strftime("%Y%m%d-%H%M%S"))
                shutil.copy2(destination, done.kept_in / notebook.name)
            write_private(destination, data, mode=0o644)
            (done.updated if untouched else done.replaced).append(destination)
            copied_now[notebook.name] = _sha256(data)
        if copied_now != known or not (target / MARKER).is_file():
            write_private(target / MARKER, json.dumps({"workbooks": copied_now}, indent=1, sort_keys=True) + "\n")
    except WriteError as exc:
        raise WorkbookSetupError(exc.message) from exc
    except OSError as exc:
        raise WorkbookSetupError(t("cli.setup_failed", path=str(target), reason=exc.strerror or str(exc))) from exc
    return done


def set_up_workbooks(target: Path, source: Path = WORKBOOKS_DIR) -> tuple[list[Path], list[Path]]:
    """Copy ``source/*.ipynb`` into ``target``; return (written, kept). Never overwrites a student's
    changes (see :func:`set_up`); a hub runs it at every server start."""
    done = set_up(target, source)
    return done.copied + done.updated, done.same + done.changed


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
