"""Files written for a student: readable by the student only, and written whole or not at all.

Every file the workbook makes for a student (portfolio HTML and Word, hand-in JSON, intervision
records, notes in private folders) goes through this module:

* **Private**: the file is created with mode 0600 (owner read/write), set with ``fchmod`` on the
  open file, so the umask does not decide who can read it (a umask of 000 on a shared server would
  otherwise make an export world-readable). A folder this module creates gets mode 0700; an
  existing folder keeps its mode.
* **Atomic**: the contents go to a temporary file in the same folder (``.<name>.<random>.tmp``,
  created with ``O_CREAT|O_EXCL|O_NOFOLLOW``), are fsynced, and the file is then renamed over the
  final name with ``os.replace``. Nobody ever sees half a file under the final name; a crash leaves
  at most a hidden temporary file, never a torn export.
* **All or nothing** (:func:`write_all`): every content is built in memory by the caller first;
  then all temporary files are written, and only when every one of them is on disk are they renamed
  into place. If anything fails, what was written is removed (a file that was replaced gets its old
  contents back) and :class:`WriteError` is raised with a Dutch message the view shows.

Text is encoded as UTF-8; a lone surrogate (which cannot be encoded, e.g. from a broken paste) is
written as U+FFFD instead of failing the export.

Not here: the course folder's hand-in (``course_folder.write_handin``) is atomic in the same way
but deliberately mode 0640, so the lecturers' group can read it.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

from .i18n import t

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_SURROGATE = re.compile("[\ud800-\udfff]")


class WriteError(Exception):
    """A file could not be written; ``message`` is Dutch and says what to do. Nothing was left behind."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


def encode_text(text: str) -> bytes:
    """UTF-8, with any lone surrogate written as U+FFFD (it cannot be encoded)."""
    return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def _as_bytes(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else encode_text(data)


def chmod_folders() -> bool:
    """False in the browser (Pyodide): JupyterLite's drive keeps a folder a folder only with the
    default mode; made or changed with another one it becomes an empty file. Nobody else can read
    the browser's storage anyway."""
    return sys.platform != "emscripten"


def private_folder(folder: Path | str) -> Path:
    """Make ``folder`` (and missing parents) if needed; a folder made here gets mode 0700."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    if not chmod_folders():
        return folder
    for made in missing:
        try:
            os.chmod(made, FOLDER_MODE)  # mkdir's mode passes through the umask; this is exact
        except OSError:
            pass
    return folder


def write_error(exc: OSError, path: Path) -> WriteError:
    folder = str(path.parent)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return WriteError(t("files.disk_full", folder=folder), path)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteError(t("files.not_writable", folder=folder), path)
    return WriteError(t("files.failed", path=str(path), reason=(exc.strerror or type(exc).__name__)[:120]), path)


def _temp_file(path: Path, data: bytes, mode: int) -> Path:
    """Write ``data`` durably to a new hidden temporary file next to ``path``; return its path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(20):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp, flags, mode)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 20 random names taken
        raise FileExistsError(errno.EEXIST, "tmp", str(path))
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # exact, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove(temp)
        raise
    return temp


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable where the system allows opening a folder (a student cannot
    open a course folder with mode 3733 for reading: then nothing is done)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_private(path: Path | str, data: bytes | str, *, mode: int = FILE_MODE) -> Path:
    """Write one file atomically with ``mode`` (default 0600). Raises :class:`WriteError`."""
    return write_all({Path(path): data}, mode=mode)[0]


def write_all(files: Mapping[Path, bytes | str], *, mode: int = FILE_MODE) -> list[Path]:
    """Write every file or none (see the module docstring); returns the paths in the given order.

    The folders must be given by the caller (use :func:`private_folder`); a missing folder is a
    :class:`WriteError` like any other failure."""
    targets = [Path(p) for p in files]
    contents = [_as_bytes(data) for data in files.values()]
    temps: dict[Path, Path] = {}
    placed: list[tuple[Path, Path | None]] = []  # (target, hidden copy of what it replaced)
    current = targets[0] if targets else Path(".")
    try:
        for target, data in zip(targets, contents):
            current = target
            temps[target] = _temp_file(target, data, mode)
        for target in targets:
            current = target
            backup = _keep_old(target)
            try:
                os.replace(temps[target], target)
            except OSError:
                if backup is not None:
                    _remove(backup)
                raise
            del temps[target]
            placed.append((target, backup))
    except OSError as exc:
        for temp in temps.values():
            _remove(temp)
        for target, backup in reversed(placed):
            if backup is not None:
                try:
                    os.replace(backup, target)
                    continue
                except OSError:
                    _remove(backup)
            _remove(target)
        raise write_error(exc, current) from exc
    for _, backup in placed:
        if backup is not None:
            _remove(backup)
    for folder in {p.parent for p in targets}:
        sync_folder(folder)
    return targets


def _keep_old(target: Path) -> Path | None:
    """A hidden hard link to a file that is about to be replaced, to put it back if a later file
    fails (None when there is nothing to keep, or the system cannot link)."""
    if not os.path.isfile(target) or os.path.islink(target):
        return None
    backup = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    try:
        os.link(target, backup)
    except OSError:
        return None
    return backup
