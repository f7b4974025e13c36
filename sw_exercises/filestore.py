"""The answer store without SQLite: the same answers, revisions and history in plain files.

Used where ``sqlite3`` cannot be imported (Pyodide in the browser, see ``docs/SITE.md``), and on
CPython when ``WERKBOEK_OPSLAG=bestanden``. It has the public interface of
:class:`sw_exercises.store.AnswerStore` (save, latest, get, history, answers, revision_counts,
sharing, settings, forget_history, forget_workbook, wipe, workbooks, and the back-up methods
all_revisions, sharing_changes, setting_changes, merge).

Layout: one folder (``antwoorden/`` in the workspace, mode 0700) with

* ``werkboek.json``: marks the folder as ours and holds the format version (a foreign or newer
  folder is refused with a Dutch message and never written to, as the SQLite store does);
* one file of JSON lines per writer, ``<start time>-<random>.jsonl.txt`` (mode 0600; ``.txt``
  on purpose: JupyterLite stores a ``.json``/``.jsonl`` file as a JSON document and cannot save
  lines that are not one JSON value, so a save would never return; and ASCII only, for the same
  reason with text that is not). Every store
  instance (a kernel, a browser tab) writes only to its own file and only appends to it, so two
  tabs or two kernels on the same folder never overwrite each other's answers. A half-written
  last line (a tab closed mid-save) is skipped when read.

Order: a revision's place is its time (``saved_at``), then its writer and its number within that
writer; ``Revision.number`` is the time in microseconds since 1970 (global and increasing, and
it stays the same when other answers are forgotten). The latest revision of an item is its answer.

Reading: every read first looks whether a file in the folder changed (size and modification time)
and reads only those files again, so what another tab saved is seen. In the browser every look at
the folder costs a round trip to the browser's storage, so there a look is reused for
:data:`BROWSER_REFRESH_SECONDS`.

Forgetting rewrites each file that holds forgotten lines without them, whole, to a temporary
file that is renamed over the old one (:func:`sw_exercises.files.write_private`): the old text is
in no file of the folder afterwards. That is the one time a file is written by another writer
than its own; under a lock file where the system has ``fcntl`` (in the browser a save in another
tab at that very moment could bring one line back; see ``docs/SITE.md``).

This module knows nothing about widgets; views use it through :mod:`sw_exercises.answers`.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .emergency import EmergencyCopy
from .files import WriteError, write_private
from .i18n import t
from .store import ForgetResult, Revision, StoreError, _encode, _now, _private_folder, _write_readme

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows; in Pyodide the module exists but locks nothing
    fcntl = None  # type: ignore[assignment]

FORMAT = "sociaal-werkboek-antwoorden"
VERSION = 1
MARKER = "werkboek.json"
LOCK = ".slot"
SUFFIX = ".jsonl.txt"  # not .jsonl: see the module docstring
BROWSER_REFRESH_SECONDS = 2.0
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _micros(moment: datetime) -> int:
    return (_aware(moment) - _EPOCH) // timedelta(microseconds=1)


@dataclass
class _Line:
    kind: str  # "rev", "share" or "set"
    data: dict
    writer: str
    seq: int
    at: datetime

    @property
    def key(self) -> tuple[int, str, int]:
        return (_micros(self.at), self.writer, self.seq)


@dataclass
class _File:
    size: int = -1
    mtime: int = -1
    lines: list[_Line] = field(default_factory=list)
    next_seq: int = 0


def _parse(text: str, writer: str) -> list[_Line]:
    lines = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            kind = data["k"]
            if kind not in ("rev", "share", "set"):
                continue
            lines.append(_Line(kind, data, writer, int(data["n"]), datetime.fromisoformat(data["t"])))
        except (ValueError, KeyError, TypeError):
            continue  # a half-written line (a save cut short) or one we do not know: skipped
    return lines


def _dump(data: dict) -> str:
    """One line, ASCII only (every other character as a JSON escape, exact): JupyterLite's drive
    never finishes saving a text file with non-ASCII bytes written through the kernel."""
    return json.dumps(data, ensure_ascii=True)


class FileAnswerStore:
    """One writer on one answer folder. Safe to use from several threads."""

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], datetime] = _now,
                 refresh_seconds: float | None = None):
        from .workspace import file_store_path

        self.path = Path(path) if path is not None else file_store_path()
        self._clock = clock
        if refresh_seconds is None:
            refresh_seconds = BROWSER_REFRESH_SECONDS if sys.platform == "emscripten" else 0.0
        self._refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._writer = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
        self._files: dict[str, _File] = {}
        self._last_look = float("-inf")
        self._index: dict[tuple[str, str], list[_Line]] | None = None
        self._broken_tail = False
        self._open()

    # -- opening ---------------------------------------------------------------------------
    def _open(self) -> None:
        path = self.path
        if path.exists() and not path.is_dir():
            raise StoreError(t("store.corrupt", path=str(path)), path)
        new_folder = not path.exists()
        try:
            _private_folder(path)
        except OSError as exc:
            raise StoreError(t("store.unwritable", folder=str(path.parent), reason=exc.strerror or str(exc)), path) from exc
        marker = path / MARKER
        if marker.is_file():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(t("store.corrupt", path=str(path)), path) from exc
            if not isinstance(info, dict) or info.get("format") != FORMAT:
                raise StoreError(t("store.foreign", path=str(path)), path)
            if not isinstance(info.get("version"), int) or info["version"] > VERSION:
                raise StoreError(t("store.newer", path=str(path)), path)
        else:
            if not new_folder and any(p.name != LOCK for p in path.iterdir()):
                raise StoreError(t("store.foreign", path=str(path)), path)
            try:
                write_private(marker, json.dumps({"format": FORMAT, "version": VERSION}) + "\n")
            except WriteError as exc:
                raise StoreError(t("store.unwritable", folder=str(path), reason=exc.message), path) from exc
            _write_readme(path.parent)
        self._look(force=True)

    @property
    def schema_version(self) -> int:
        return VERSION

    @property
    def _own(self) -> Path:
        return self.path / f"{self._writer}{SUFFIX}"

    # -- reading the folder ----------------------------------------------------------------
    def _look(self, *, force: bool = False) -> None:
        """Read again every writer file that changed since the last look."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last_look < self._refresh_seconds:
                return
            try:
                entries = [e for e in os.scandir(self.path) if e.name.endswith(SUFFIX) and not e.name.startswith(".")]
                seen = set()
                for entry in entries:
                    name = entry.name[: -len(SUFFIX)]
                    seen.add(name)
                    st = entry.stat()
                    known = self._files.get(name)
                    if known is not None and known.size == st.st_size and known.mtime == st.st_mtime_ns:
                        continue
                    text = Path(entry.path).read_bytes().decode("utf-8", errors="replace")
                    lines = _parse(text, name)
                    next_seq = max((ln.seq for ln in lines), default=-1) + 1
                    if known is not None:  # our own file after another writer forgot some of it
                        next_seq = max(next_seq, known.next_seq)
                    self._files[name] = _File(st.st_size, st.st_mtime_ns, lines, next_seq)
                    self._index = None
                for gone in set(self._files) - seen:
                    if gone != self._writer or self._files[gone].size >= 0:
                        del self._files[gone]
                        self._index = None
            except OSError as exc:
                raise StoreError(t("store.read_failed", reason=exc.strerror or str(exc)), self.path) from exc
            self._last_look = now

    def _lines(self) -> Iterator[_Line]:
        for state in self._files.values():
            yield from state.lines

    def _revisions_by_item(self) -> dict[tuple[str, str], list[_Line]]:
        if self._index is None:
            index: dict[tuple[str, str], list[_Line]] = {}
            for line in self._lines():
                if line.kind == "rev":
                    index.setdefault((line.data["w"], line.data["i"]), []).append(line)
            for lines in index.values():
                lines.sort(key=lambda ln: ln.key)
            self._index = index
        return self._index

    @staticmethod
    def _revision(line: _Line) -> Revision:
        return Revision(line.data["w"], line.data["i"], line.data["v"], line.at, _micros(line.at))

    # -- writing ---------------------------------------------------------------------------
    def _append(self, kind: str, data: dict, at: datetime) -> _Line:
        with self._lock:
            own = self._files.setdefault(self._writer, _File())
            if own.size < 0 and self._own.exists():  # pragma: no cover - a writer name is never reused
                raise StoreError(t("store.save_failed", reason="writer file exists"), self.path)
            line = _Line(kind, {"k": kind, **data, "t": at.isoformat(), "n": own.next_seq}, self._writer,
                         own.next_seq, at)
            text = ("\n" if self._broken_tail else "") + _dump(line.data) + "\n"
            try:
                fd = os.open(self._own, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    payload = memoryview(text.encode("utf-8"))
                    while payload:
                        payload = payload[os.write(fd, payload):]
                    with contextlib.suppress(OSError):
                        os.fsync(fd)
                finally:
                    os.close(fd)
                st = os.stat(self._own)
            except OSError as exc:
                self._broken_tail = True  # the next line starts on a line of its own
                raise StoreError(t("store.save_failed", reason=exc.strerror or str(exc)), self.path) from exc
            self._broken_tail = False
            if own.size < 0:
                with contextlib.suppress(OSError):
                    os.chmod(self._own, 0o600)
            own.size, own.mtime = st.st_size, st.st_mtime_ns
            own.lines.append(line)
            own.next_seq += 1
            if kind == "rev" and self._index is not None:
                lines = self._index.setdefault((data["w"], data["i"]), [])
                lines.append(line)
                if len(lines) > 1 and lines[-2].key > line.key:
                    lines.sort(key=lambda ln: ln.key)
            return line

    def save(self, workbook: str, item: str, value: Any, *, saved_at: datetime | None = None) -> Revision:
        """Append a revision (see :meth:`sw_exercises.store.AnswerStore.save`)."""
        value = json.loads(_encode(value))
        line = self._append("rev", {"w": workbook, "i": item, "v": value}, saved_at or self._clock())
        return self._revision(line)

    # -- reading ---------------------------------------------------------------------------
    def latest(self, workbook: str, item: str) -> Revision | None:
        with self._lock:
            self._look()
            lines = self._revisions_by_item().get((workbook, item))
            return self._revision(lines[-1]) if lines else None

    def get(self, workbook: str, item: str, default: Any = None) -> Any:
        rev = self.latest(workbook, item)
        return default if rev is None else rev.value

    def history(self, workbook: str, item: str) -> list[Revision]:
        with self._lock:
            self._look()
            return [self._revision(ln) for ln in self._revisions_by_item().get((workbook, item), [])]

    def answers(self, workbook: str | None = None) -> list[Revision]:
        """The latest revision of every item (of one workbook, or of all)."""
        with self._lock:
            self._look()
            found = [self._revision(lines[-1]) for (w, _), lines in self._revisions_by_item().items()
                     if lines and (workbook is None or w == workbook)]
        return sorted(found, key=lambda r: (r.workbook, r.item))

    def revision_counts(self) -> dict[tuple[str, str], int]:
        with self._lock:
            self._look()
            return {key: len(lines) for key, lines in self._revisions_by_item().items() if lines}

    def workbooks(self) -> list[str]:
        with self._lock:
            self._look()
            return sorted({w for (w, _), lines in self._revisions_by_item().items() if lines})

    # -- sharing and settings --------------------------------------------------------------
    def _latest_of(self, kind: str, key: Callable[[dict], Any]) -> dict[Any, _Line]:
        latest: dict[Any, _Line] = {}
        for line in self._lines():
            if line.kind != kind:
                continue
            k = key(line.data)
            if k not in latest or latest[k].key < line.key:
                latest[k] = line
        return latest

    def set_shared(self, workbook: str, item: str, shared: bool) -> None:
        self._append("share", {"w": workbook, "i": item, "s": bool(shared)}, self._clock())

    def shared(self) -> set[tuple[str, str]]:
        with self._lock:
            self._look()
            return {k for k, line in self._latest_of("share", lambda d: (d["w"], d["i"])).items() if line.data.get("s")}

    def setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            self._look()
            line = self._latest_of("set", lambda d: d["key"]).get(key)
        return default if line is None else line.data.get("v")

    def set_setting(self, key: str, value: Any) -> None:
        self._append("set", {"key": key, "v": json.loads(_encode(value))}, self._clock())

    # -- back-up (see sw_exercises.backup) --------------------------------------------------
    def all_revisions(self) -> list[Revision]:
        """Every revision of every item, oldest first."""
        with self._lock:
            self._look()
            lines = sorted((ln for ln in self._lines() if ln.kind == "rev"), key=lambda ln: ln.key)
        return [self._revision(ln) for ln in lines]

    def sharing_changes(self) -> list[tuple[str, str, bool, datetime]]:
        """The current sharing choice of every item: (workbook, item, shared, changed_at)."""
        with self._lock:
            self._look()
            latest = self._latest_of("share", lambda d: (d["w"], d["i"]))
        return sorted((w, i, bool(ln.data.get("s")), ln.at) for (w, i), ln in latest.items())

    def setting_changes(self) -> list[tuple[str, Any, datetime]]:
        """Every setting: (key, value, changed_at)."""
        with self._lock:
            self._look()
            latest = self._latest_of("set", lambda d: d["key"])
        return sorted(((k, ln.data.get("v"), ln.at) for k, ln in latest.items()), key=lambda x: x[0])

    def merge(self, revisions: Iterable[tuple[str, str, Any, datetime]],
              sharing: Iterable[tuple[str, str, bool, datetime]] = (),
              settings: Iterable[tuple[str, Any, datetime]] = ()) -> tuple[int, int]:
        """Add revisions (each in its place by time), and sharing choices and settings that are newer
        than the ones here. Returns (revisions added, revisions already here). Identical revisions
        (same item, time and value) are skipped."""
        added = skipped = 0
        with self._lock:
            self._look(force=True)
            have = {(ln.data["w"], ln.data["i"], _micros(ln.at), _dump({"v": ln.data["v"]}))
                    for ln in self._lines() if ln.kind == "rev"}
            for workbook, item, value, at in revisions:
                value = json.loads(_encode(value))
                key = (workbook, item, _micros(at), _dump({"v": value}))
                if key in have:
                    skipped += 1
                    continue
                self._append("rev", {"w": workbook, "i": item, "v": value}, at)
                have.add(key)
                added += 1
            shares = self._latest_of("share", lambda d: (d["w"], d["i"]))
            for workbook, item, shared, at in sharing:
                mine = shares.get((workbook, item))
                if mine is None or _micros(mine.at) < _micros(at):
                    self._append("share", {"w": workbook, "i": item, "s": bool(shared)}, at)
            current = self._latest_of("set", lambda d: d["key"])
            for key, value, at in settings:
                mine = current.get(key)
                if mine is None or _micros(mine.at) < _micros(at):
                    self._append("set", {"key": key, "v": json.loads(_encode(value))}, at)
        return added, skipped

    # -- forgetting -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _folder_lock(self) -> Iterator[None]:
        if fcntl is None or sys.platform == "emscripten":
            yield
            return
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _rewrite_without(self, drop: Callable[[dict], bool]) -> tuple[int, int]:
        """Rewrite every writer file that holds lines ``drop`` selects, without them (read from the
        disk under the lock, written whole and renamed over). Returns (revisions, sharing) removed."""
        revisions = sharing = 0
        try:
            with self._lock, self._folder_lock():
                for entry in os.scandir(self.path):
                    if not entry.name.endswith(SUFFIX) or entry.name.startswith("."):
                        continue
                    raw = Path(entry.path).read_bytes().decode("utf-8", errors="replace")
                    kept, dropped = [], 0
                    for text in raw.split("\n"):
                        if not text.strip():
                            continue
                        try:
                            data = json.loads(text)
                        except ValueError:
                            dropped += 1  # half a line is never read; it may hold part of what is forgotten
                            continue
                        if isinstance(data, dict) and drop(data):
                            dropped += 1
                            revisions += data.get("k") == "rev"
                            sharing += data.get("k") == "share"
                            continue
                        kept.append(text)
                    if dropped:
                        write_private(Path(entry.path), "".join(k + "\n" for k in kept))
                self._files.clear()
                self._index = None
                self._look(force=True)
        except WriteError as exc:
            raise StoreError(t("forget.failed", reason=exc.message), self.path) from exc
        except OSError as exc:
            raise StoreError(t("forget.failed", reason=exc.strerror or str(exc)), self.path) from exc
        return revisions, sharing

    def forget_history(self, workbook: str, item: str) -> ForgetResult:
        """Remove every earlier version of one answer and keep the current one; also from the
        emergency copy (see :meth:`sw_exercises.store.AnswerStore.forget_history`)."""
        with self._lock:
            self._look(force=True)
            lines = self._revisions_by_item().get((workbook, item), [])
            if len(lines) > 1:
                current = lines[-1]
                removed, _ = self._rewrite_without(
                    lambda d: d.get("k") == "rev" and d.get("w") == workbook and d.get("i") == item
                    and (d.get("t"), d.get("n")) != (current.data["t"], current.data["n"]))
            else:
                removed = 0
            latest = self.latest(workbook, item)
        keep_after = latest.saved_at if latest else datetime.min.replace(tzinfo=timezone.utc)
        emergency = EmergencyCopy(self.path).forget(workbook, item, keep_after=keep_after)
        return ForgetResult(removed, 0, emergency, self.wipe())

    def forget_workbook(self, workbook: str) -> ForgetResult:
        """Remove everything of one workbook: every answer with its history, and what was shared;
        also from the emergency copy."""
        revisions, sharing = self._rewrite_without(
            lambda d: d.get("k") in ("rev", "share") and d.get("w") == workbook)
        emergency = EmergencyCopy(self.path).forget(workbook)
        return ForgetResult(revisions, sharing, emergency, self.wipe())

    def wipe(self) -> bool:
        """Remove temporary files a rewrite cut short left behind. Forgotten lines are already in no
        file (each file was rewritten whole); there is nothing else to clean."""
        try:
            for entry in os.scandir(self.path):
                if entry.name.startswith(".") and entry.name.endswith((".tmp", ".old")):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        except OSError:
            return False
        return True

    def close(self) -> None:
        """Nothing stays open between saves; kept for the same interface as the SQLite store."""
