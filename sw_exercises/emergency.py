"""The emergency copy: answers typed while the answer store cannot be used.

When the store is unavailable (unwritable folder, corrupt or foreign file, a save that fails) every
answer is also appended to a small private file (mode 0600, in a folder with mode 0700), so it
survives a kernel that dies or a closed tab. The next time the store at the same path works, the
answers are caught up into it (each with the time it was typed, never over a newer answer) and the
file is emptied.

Private and whole: the file is created with mode 0600 (and chmodded, whatever the umask), lines are
appended under an exclusive lock and fsynced, and a half-written last line is skipped when read.
It is appended to in place rather than replaced by renaming, on purpose: another kernel waiting
for the lock must append to the same file, not to one that was renamed away.

Forgetting (:meth:`EmergencyCopy.forget`, called by the store's forget methods) rewrites the copy
in place, under the same lock, without the forgotten answers, and fsyncs it.

Where: the folder in ``WERKBOEK_NOODMAP`` if set; else ``~/SociaalWerkboek/noodkopie``; if that
cannot be written, a private folder in the system's temporary folder. One file per answer store
(the name holds a hash of the store's path; every line also names the store).

This module knows nothing about widgets; :mod:`sw_exercises.answers` uses it.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from .files import WriteError, write_private
from .i18n import t

try:  # POSIX: several kernels may write at once; Windows has no fcntl (one kernel at a time there)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

EMERGENCY_ENV = "WERKBOEK_NOODMAP"


@dataclass(frozen=True)
class EmergencyRecord:
    workbook: str
    item: str
    value: Any
    saved_at: datetime


def emergency_dirs() -> list[Path]:
    """Candidate folders for emergency copies, in order of preference."""
    env = os.environ.get(EMERGENCY_ENV)
    if env:
        return [Path(env).expanduser()]
    dirs = []
    with contextlib.suppress(RuntimeError, KeyError):
        dirs.append(Path.home() / "SociaalWerkboek" / "noodkopie")
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    dirs.append(Path(tempfile.gettempdir()) / f"sociaalwerkboek-noodkopie-{uid}")
    return dirs


def _usable_folder(folder: Path) -> bool:
    """Create ``folder`` private (0700); refuse one that another user owns (e.g. in a shared /tmp)."""
    try:
        if not folder.is_dir():
            folder.parent.mkdir(parents=True, exist_ok=True)
            try:
                folder.mkdir(mode=0o700)
                os.chmod(folder, 0o700)
            except FileExistsError:
                pass
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return False
        note = folder / "LEESMIJ.txt"
        if not note.exists():
            with contextlib.suppress(WriteError):
                write_private(note, t("failure.emergency_readme"))
        return os.access(folder, os.W_OK)
    except OSError:
        return False


def _now() -> datetime:
    return datetime.now(timezone.utc)


@contextlib.contextmanager
def _locked(fh: IO) -> Iterator[None]:
    if fcntl is not None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class EmergencyCopy:
    """The emergency copy of the answers meant for the store at ``store_path``."""

    def __init__(self, store_path: Path | str, *, clock=_now):
        self.store_path = str(Path(store_path).expanduser().resolve())
        self._clock = clock
        digest = hashlib.sha256(self.store_path.encode("utf-8")).hexdigest()[:16]
        self.name = f"noodkopie-{digest}.jsonl"

    def _existing(self) -> list[Path]:
        return [d / self.name for d in emergency_dirs() if (d / self.name).is_file()]

    def add(self, workbook: str, item: str, value: Any) -> Path | None:
        """Append one answer (durably: flushed and fsynced). Returns the file, or None if no folder
        could be written."""
        line = json.dumps({"store": self.store_path, "workbook": workbook, "item": item, "value": value,
                           "saved_at": self._clock().isoformat()}, ensure_ascii=False) + "\n"
        for folder in emergency_dirs():
            if not _usable_folder(folder):
                continue
            path = folder / self.name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as fh, _locked(fh):
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(path, 0o600)
            except OSError:
                continue
            return path
        return None

    def records(self) -> list[EmergencyRecord]:
        """Every readable answer in the emergency copy, oldest first (a half-written line is skipped)."""
        found: list[EmergencyRecord] = []
        for path in self._existing():
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            found += self._parse(lines)
        return sorted(found, key=lambda r: r.saved_at)

    def _parse(self, lines: list[str]) -> list[EmergencyRecord]:
        records = []
        for line in lines:
            try:
                data = json.loads(line)
                if data["store"] != self.store_path:
                    continue
                records.append(EmergencyRecord(data["workbook"], data["item"], data["value"],
                                               datetime.fromisoformat(data["saved_at"])))
            except (ValueError, KeyError, TypeError):
                continue
        return records

    def latest(self, workbook: str, item: str) -> EmergencyRecord | None:
        mine = [r for r in self.records() if r.workbook == workbook and r.item == item]
        return mine[-1] if mine else None

    def forget(self, workbook: str, item: str | None = None, *, keep_after: datetime | None = None) -> int:
        """Remove the answers of ``workbook`` (only of ``item`` when given) from the emergency copy;
        with ``keep_after``, answers of that item typed later than that moment stay (they are newer
        than the store's current answer and still have to be caught up). Returns how many lines were
        removed. The file is rewritten in place under the lock (see the module docstring)."""
        removed = 0
        for path in self._existing():
            try:
                fh = open(path, "r+", encoding="utf-8")
            except OSError:
                continue
            with fh, _locked(fh):
                try:
                    lines = fh.read().splitlines()
                except UnicodeDecodeError:
                    lines = []
                kept = [line for line in lines if not self._forgotten(line, workbook, item, keep_after)]
                if len(kept) == len(lines):
                    continue
                removed += len(lines) - len(kept)
                fh.seek(0)
                fh.truncate()
                fh.write("".join(line + "\n" for line in kept))
                fh.flush()
                os.fsync(fh.fileno())
        return removed

    def _forgotten(self, line: str, workbook: str, item: str | None, keep_after: datetime | None) -> bool:
        try:
            data = json.loads(line)
        except ValueError:
            return True  # a half-written line is never read; it may hold part of what is forgotten
        if not isinstance(data, dict) or data.get("store") != self.store_path:
            return False  # another store's answer
        records = self._parse([line])
        if not records:
            return True  # ours but unreadable: never caught up, so nothing is lost
        record = records[0]
        if record.workbook != workbook or (item is not None and record.item != item):
            return False
        return keep_after is None or not _older(keep_after, record.saved_at)

    def catch_up(self, store: Any) -> int:
        """Save every emergency answer into ``store`` (an :class:`~sw_exercises.store.AnswerStore`)
        that is newer than the answer the store already has, then empty the copy. Returns how many
        answers (items) were caught up. A :class:`~sw_exercises.store.StoreError` leaves the copy as
        it is."""
        caught: set[tuple[str, str]] = set()
        for path in self._existing():
            try:
                fh = open(path, "r+", encoding="utf-8")
            except OSError:
                continue
            with fh, _locked(fh):
                for record in sorted(self._parse(fh.read().splitlines()), key=lambda r: r.saved_at):
                    latest = store.latest(record.workbook, record.item)
                    if latest is not None and not _older(latest.saved_at, record.saved_at):
                        continue  # the store has this answer already, or a newer one
                    store.save(record.workbook, record.item, record.value, saved_at=record.saved_at)
                    caught.add((record.workbook, record.item))
                fh.seek(0)
                fh.truncate()  # emptied, not removed: a kernel waiting for the lock appends to this file
                fh.flush()
                os.fsync(fh.fileno())
        return len(caught)


def _older(a: datetime, b: datetime) -> bool:
    try:
        return a < b
    except TypeError:  # naive against aware: keep the emergency answer
        return True
