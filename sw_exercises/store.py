"""The answer store: every answer a student gives, with every revision, in one SQLite file.

* WAL journal with ``synchronous=FULL``: a save that returned is on disk, also when the kernel is
  killed or the machine crashes a moment later; a crash during a save loses only that save.
* Each save is one transaction that appends a revision; the latest revision of an item is its
  answer, so two notebooks (two kernels, two connections) can save at the same time and the latest
  save wins while the history keeps both.
* The schema is versioned (``PRAGMA user_version``) and upgraded by the migrations below. The file
  is marked as ours (``PRAGMA application_id``): a foreign, corrupt or newer file is refused with a
  Dutch message and never written to.
* Forgetting is real (:meth:`AnswerStore.forget_history`, :meth:`AnswerStore.forget_workbook`):
  every connection runs with ``secure_delete=ON`` (deleted rows are overwritten with zeros) and
  ``temp_store=MEMORY``; after the delete the WAL is checkpointed and truncated, the file is
  rebuilt with ``VACUUM`` and checkpointed and truncated again, so the old text is in neither the
  database file nor its ``-wal``/``-shm``. The emergency copy of this store forgets the same
  answers. Another kernel's open connection keeps working (if it is in the middle of reading, the
  truncation waits for it up to the busy timeout; :class:`ForgetResult` says whether it finished).

Two backends, one interface: where Python has no ``sqlite3`` (Pyodide in the browser), or when
``WERKBOEK_OPSLAG=bestanden``, :func:`default_store` opens a
:class:`sw_exercises.filestore.FileAnswerStore` (JSON lines in a folder) instead; see
:func:`open_store`. Both have the back-up methods used by :mod:`sw_exercises.backup`
(``all_revisions``, ``sharing_changes``, ``setting_changes``, ``merge``).

This module knows nothing about widgets; views use it through :mod:`sw_exercises.answers`.
"""
from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .emergency import EmergencyCopy
from .files import WriteError, chmod_folders, write_private
from .i18n import t
from .workspace import database_path, file_store_path

try:
    import sqlite3
except ImportError:  # Pyodide (the browser): the store keeps its answers in files, see filestore.py
    sqlite3 = None  # type: ignore[assignment]

BACKEND_ENV = "WERKBOEK_OPSLAG"  # "bestanden": the file store also where sqlite3 exists (tests, checks)
NETWORK_ENV = "WERKBOEK_NETWERKSCHIJF"  # "ja"/"nee": overrides the network-drive detection (docs/NETWERKSCHIJF.md)

APPLICATION_ID = 0x53574B42  # "SWKB": marks a file as a Sociaal Werkboek answer store
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10000
WIPE_WAIT_MS = 2000  # how long forgetting waits for another kernel that is reading


def _migrate_1(con: sqlite3.Connection) -> None:
    con.execute(
        """CREATE TABLE revision (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               workbook TEXT NOT NULL,
               item TEXT NOT NULL,
               value TEXT NOT NULL,
               saved_at TEXT NOT NULL
           )"""
    )
    con.execute("CREATE INDEX revision_item ON revision (workbook, item, id)")


def _migrate_2(con: sqlite3.Connection) -> None:
    """What a student chose to share (private by default), and small settings such as the pseudonym."""
    con.execute(
        """CREATE TABLE sharing (
               workbook TEXT NOT NULL,
               item TEXT NOT NULL,
               shared INTEGER NOT NULL,
               changed_at TEXT NOT NULL,
               PRIMARY KEY (workbook, item)
           )"""
    )
    con.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at TEXT NOT NULL)")


# Migration N brings a store from version N-1 to N. Append, never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]


def _write_readme(folder: Path) -> None:
    """A short Dutch note in a new workspace, so a student knows what the folder is for."""
    note = folder / "LEESMIJ.txt"
    if not note.exists():
        try:
            write_private(note, t("workspace.readme"))
        except WriteError:
            pass  # the note is a courtesy; the store itself reports real write problems


def _private_folder(folder: Path) -> None:
    """Create the workspace readable by its owner only (0700): on a shared server, homes are often
    world-readable, and a student's answers must not be."""
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    if not chmod_folders():  # the browser: JupyterLite's drive makes a file of a folder with another mode
        folder.mkdir(exist_ok=True)
        return
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return
    os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask; this is exact


def _private_file(path: Path) -> None:
    """Create an empty answer file (a valid, empty SQLite database) with mode 0600. SQLite gives its
    -wal and -shm files the permissions of the database file, so they are private too."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


@contextlib.contextmanager
def _immediate(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE``: the write lock at once): committed when the block
    ends, rolled back when it raises."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    if con.in_transaction:
        con.execute("COMMIT")


class StoreError(Exception):
    """A problem with the answer store, with a Dutch message meant for the student."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class ForgetResult:
    """What forgetting removed. ``wiped``: the file was rebuilt and its WAL truncated, so the old
    text is gone from disk too (False when another program kept reading the file the whole time:
    the answers are gone, but old bytes may remain until the next forget or :meth:`AnswerStore.wipe`)."""
    revisions: int
    sharing: int
    emergency: int
    wiped: bool


@dataclass(frozen=True)
class Revision:
    workbook: str
    item: str
    value: Any
    saved_at: datetime
    number: int  # global, increasing: a later save has a higher number


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _encode(value: Any) -> str:
    """JSON as readable UTF-8; a value with a lone surrogate (a broken paste) is stored escaped,
    so it is kept exactly instead of failing the save."""
    encoded = json.dumps(value, ensure_ascii=False)
    try:
        encoded.encode("utf-8")
    except UnicodeEncodeError:
        encoded = json.dumps(value, ensure_ascii=True)
    return encoded


class AnswerStore:
    """One connection to one answer file. Safe to use from several threads."""

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], datetime] = _now,
                 migrations: list[Callable[[sqlite3.Connection], None]] | None = None):
        self.path = Path(path) if path is not None else database_path()
        self._clock = clock
        self._migrations = MIGRATIONS if migrations is None else migrations
        self._lock = threading.RLock()
        self._con = self._open()

    # -- opening ---------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        path = self.path
        new_file = not path.exists()
        try:
            _private_folder(path.parent)
            if new_file:
                _private_file(path)
        except OSError as exc:
            raise StoreError(t("store.unwritable", folder=str(path.parent), reason=exc.strerror or str(exc)), path) from exc
        self._check_header(path)
        uri = f"{path.resolve().as_uri()}?mode=rw"
        if new_file:
            _write_readme(path.parent)
        try:
            con = sqlite3.connect(uri, uri=True, timeout=10.0, check_same_thread=False,
                                  isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(t("store.cannot_open", path=str(path), reason=str(exc)), path) from exc
        try:
            self._prepare(con)
        except StoreError:
            con.close()
            raise
        except sqlite3.DatabaseError as exc:
            con.close()
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise StoreError(t("store.unwritable", folder=str(path.parent), reason=str(exc)), path) from exc
            raise StoreError(t("store.corrupt", path=str(path)), path) from exc
        return con

    @staticmethod
    def _check_header(path: Path) -> None:
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(t("store.cannot_open", path=str(path), reason=exc.strerror or str(exc)), path) from exc
        if head and head != SQLITE_HEADER:
            raise StoreError(t("store.corrupt", path=str(path)), path)

    def _prepare(self, con: sqlite3.Connection) -> None:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables != 0):
            raise StoreError(t("store.foreign", path=str(self.path)), self.path)
        if version > len(self._migrations):
            raise StoreError(t("store.newer", path=str(self.path)), self.path)
        if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError(t("store.corrupt", path=str(self.path)), self.path)
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL needs shared memory between processes, which a network file system does not give:
        # there a rollback journal (DELETE) with normal locking, so several kernels still share the file.
        self.network_fs = _network_fs(self.path.parent)
        wanted = "delete" if self.network_fs else "wal"
        self.notice = t("store.network_fs", fs=self.network_fs) if self.network_fs else None
        mode = con.execute(f"PRAGMA journal_mode = {wanted.upper()}").fetchone()[0]
        if str(mode).lower() != wanted:
            raise StoreError(t("store.cannot_open", path=str(self.path), reason=f"journal_mode={mode}"), self.path)
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA secure_delete = ON")  # a deleted answer is overwritten, not just unlinked
        con.execute("PRAGMA temp_store = MEMORY")  # VACUUM's copy never goes to a temporary file
        self._migrate(con)

    def _migrate(self, con: sqlite3.Connection) -> None:
        try:
            with _immediate(con):
                version = con.execute("PRAGMA user_version").fetchone()[0]
                for number in range(version + 1, len(self._migrations) + 1):
                    self._migrations[number - 1](con)
                    con.execute(f"PRAGMA user_version = {number}")
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except sqlite3.Error as exc:
            raise StoreError(t("store.cannot_open", path=str(self.path), reason=f"migratie: {exc}"), self.path) from exc

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._con.execute("PRAGMA user_version").fetchone()[0]

    # -- writing and reading ----------------------------------------------------------------
    def save(self, workbook: str, item: str, value: Any, *, saved_at: datetime | None = None) -> Revision:
        """Append a revision. When this returns, the answer is durably on disk.

        ``saved_at`` is the moment the answer was given, when that was earlier (an answer caught up
        from the emergency copy, see :mod:`sw_exercises.emergency`); by default: now."""
        encoded = _encode(value)
        saved_at = saved_at or self._clock()
        try:
            with self._lock:
                cur = self._con.execute(
                    "INSERT INTO revision (workbook, item, value, saved_at) VALUES (?, ?, ?, ?)",
                    (workbook, item, encoded, saved_at.isoformat()),
                )
                number = cur.lastrowid
        except sqlite3.Error as exc:
            raise StoreError(t("store.save_failed", reason=str(exc)), self.path) from exc
        return Revision(workbook, item, json.loads(encoded), saved_at, number)

    def save_if_latest(self, workbook: str, item: str, value: Any, expected: int | None) -> Revision | None:
        """Append a revision only while the latest revision of ``item`` is still number ``expected``
        (None: the item has none yet). Returns None, writing nothing, when another connection (a
        second kernel or process) saved the item in between: the caller merges and tries again.
        The check and the append are one transaction, so two writers never both pass."""
        encoded = _encode(value)
        saved_at = self._clock()
        try:
            with self._lock, _immediate(self._con):
                latest = self._con.execute("SELECT max(id) FROM revision WHERE workbook = ? AND item = ?",
                                           (workbook, item)).fetchone()[0]
                if latest != expected:
                    return None  # nothing written: the transaction ends empty
                number = self._con.execute(
                    "INSERT INTO revision (workbook, item, value, saved_at) VALUES (?, ?, ?, ?)",
                    (workbook, item, encoded, saved_at.isoformat())).lastrowid
        except sqlite3.Error as exc:
            raise StoreError(t("store.save_failed", reason=str(exc)), self.path) from exc
        return Revision(workbook, item, json.loads(encoded), saved_at, number)

    def _rows(self, sql: str, args: tuple = ()) -> list[Revision]:
        try:
            with self._lock:
                rows = self._con.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(t("store.read_failed", reason=str(exc)), self.path) from exc
        return [Revision(w, i, json.loads(v), datetime.fromisoformat(s), n) for n, w, i, v, s in rows]

    def latest(self, workbook: str, item: str) -> Revision | None:
        rows = self._rows(
            "SELECT id, workbook, item, value, saved_at FROM revision "
            "WHERE workbook = ? AND item = ? ORDER BY id DESC LIMIT 1", (workbook, item))
        return rows[0] if rows else None

    def get(self, workbook: str, item: str, default: Any = None) -> Any:
        rev = self.latest(workbook, item)
        return default if rev is None else rev.value

    def history(self, workbook: str, item: str) -> list[Revision]:
        return self._rows(
            "SELECT id, workbook, item, value, saved_at FROM revision "
            "WHERE workbook = ? AND item = ? ORDER BY id", (workbook, item))

    def answers(self, workbook: str | None = None) -> list[Revision]:
        """The latest revision of every item (of one workbook, or of all)."""
        where = "WHERE workbook = ?" if workbook is not None else ""
        args = (workbook,) if workbook is not None else ()
        return self._rows(
            "SELECT id, workbook, item, value, saved_at FROM revision WHERE id IN ("
            f"SELECT max(id) FROM revision {where} GROUP BY workbook, item) ORDER BY workbook, item",
            args)

    def revision_counts(self) -> dict[tuple[str, str], int]:
        with self._lock:
            rows = self._con.execute(
                "SELECT workbook, item, count(*) FROM revision GROUP BY workbook, item").fetchall()
        return {(w, i): n for w, i, n in rows}

    # -- sharing and settings --------------------------------------------------------------
    def _write(self, sql: str, args: tuple) -> None:
        try:
            with self._lock:
                self._con.execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError(t("store.save_failed", reason=str(exc)), self.path) from exc

    def set_shared(self, workbook: str, item: str, shared: bool) -> None:
        self._write("INSERT INTO sharing (workbook, item, shared, changed_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (workbook, item) DO UPDATE SET shared = excluded.shared, changed_at = excluded.changed_at",
                    (workbook, item, int(shared), self._clock().isoformat()))

    def shared(self) -> set[tuple[str, str]]:
        """The (workbook, item) pairs the student chose to share; everything else is private."""
        with self._lock:
            rows = self._con.execute("SELECT workbook, item FROM sharing WHERE shared = 1").fetchall()
        return {(w, i) for w, i in rows}

    def setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self._write("INSERT INTO setting (key, value, changed_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
                    (key, _encode(value), self._clock().isoformat()))

    # -- forgetting -------------------------------------------------------------------------
    def forget_history(self, workbook: str, item: str) -> ForgetResult:
        """Remove every earlier version of one answer and keep the current one; also from the
        emergency copy, and from the disk (see the module docstring)."""
        try:
            with self._lock:
                with _immediate(self._con):
                    removed = self._con.execute(
                        "DELETE FROM revision WHERE workbook = ? AND item = ? AND id < "
                        "(SELECT max(id) FROM revision WHERE workbook = ? AND item = ?)",
                        (workbook, item, workbook, item)).rowcount
                latest = self.latest(workbook, item)
        except sqlite3.Error as exc:
            raise StoreError(t("forget.failed", reason=str(exc)), self.path) from exc
        # with nothing in the store, the emergency copy's answers are still to be caught up: keep them
        keep_after = latest.saved_at if latest else datetime.min.replace(tzinfo=timezone.utc)
        emergency = EmergencyCopy(self.path).forget(workbook, item, keep_after=keep_after)
        return ForgetResult(removed, 0, emergency, self.wipe())

    def forget_workbook(self, workbook: str) -> ForgetResult:
        """Remove everything of one workbook: every answer with its history, and what was shared;
        also from the emergency copy, and from the disk (see the module docstring)."""
        try:
            with self._lock, _immediate(self._con):
                revisions = self._con.execute("DELETE FROM revision WHERE workbook = ?", (workbook,)).rowcount
                sharing = self._con.execute("DELETE FROM sharing WHERE workbook = ?", (workbook,)).rowcount
        except sqlite3.Error as exc:
            raise StoreError(t("forget.failed", reason=str(exc)), self.path) from exc
        emergency = EmergencyCopy(self.path).forget(workbook)
        return ForgetResult(revisions, sharing, emergency, self.wipe())

    # -- back-up (see sw_exercises.backup) --------------------------------------------------
    def all_revisions(self) -> list[Revision]:
        """Every revision of every item, in the order they were saved."""
        return self._rows("SELECT id, workbook, item, value, saved_at FROM revision ORDER BY id")

    def sharing_changes(self) -> list[tuple[str, str, bool, datetime]]:
        """The current sharing choice of every item: (workbook, item, shared, changed_at)."""
        with self._lock:
            rows = self._con.execute(
                "SELECT workbook, item, shared, changed_at FROM sharing ORDER BY workbook, item").fetchall()
        return [(w, i, bool(s), datetime.fromisoformat(c)) for w, i, s, c in rows]

    def setting_changes(self) -> list[tuple[str, Any, datetime]]:
        """Every setting: (key, value, changed_at)."""
        with self._lock:
            rows = self._con.execute("SELECT key, value, changed_at FROM setting ORDER BY key").fetchall()
        return [(k, json.loads(v), datetime.fromisoformat(c)) for k, v, c in rows]

    def merge(self, revisions, sharing=(), settings=()) -> tuple[int, int]:
        """Add revisions in their place by time, and sharing choices and settings newer than the
        ones here, in one transaction. Identical revisions (same item, time and value) are skipped.
        An item that gets a revision older than its latest one has its revisions renumbered in time
        order, so its answer stays the newest. Returns (revisions added, revisions already here)."""
        added = skipped = 0
        try:
            with self._lock, _immediate(self._con):
                touched: set[tuple[str, str]] = set()
                for workbook, item, value, at in revisions:
                    encoded = _encode(value)
                    stamp = at.isoformat()
                    row = self._con.execute(
                        "SELECT 1 FROM revision WHERE workbook = ? AND item = ? AND saved_at = ? AND value = ?",
                        (workbook, item, stamp, encoded)).fetchone()
                    if row is not None:
                        skipped += 1
                        continue
                    self._con.execute("INSERT INTO revision (workbook, item, value, saved_at) VALUES (?, ?, ?, ?)",
                                      (workbook, item, encoded, stamp))
                    touched.add((workbook, item))
                    added += 1
                for workbook, item in touched:
                    self._in_time_order(workbook, item)
                for workbook, item, shared, at in sharing:
                    self._con.execute(
                        "INSERT INTO sharing (workbook, item, shared, changed_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (workbook, item) DO UPDATE SET shared = excluded.shared, "
                        "changed_at = excluded.changed_at WHERE excluded.changed_at > sharing.changed_at",
                        (workbook, item, int(shared), at.isoformat()))
                for key, value, at in settings:
                    self._con.execute(
                        "INSERT INTO setting (key, value, changed_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                        "changed_at = excluded.changed_at WHERE excluded.changed_at > setting.changed_at",
                        (key, _encode(value), at.isoformat()))
        except sqlite3.Error as exc:
            raise StoreError(t("store.save_failed", reason=str(exc)), self.path) from exc
        return added, skipped

    def _in_time_order(self, workbook: str, item: str) -> None:
        rows = self._con.execute("SELECT id, value, saved_at FROM revision WHERE workbook = ? AND item = ? ORDER BY id",
                                 (workbook, item)).fetchall()
        ordered = sorted(rows, key=lambda r: (_utc(datetime.fromisoformat(r[2])), r[0]))
        if [r[0] for r in ordered] == [r[0] for r in rows]:
            return
        self._con.execute("DELETE FROM revision WHERE workbook = ? AND item = ?", (workbook, item))
        for _, value, stamp in ordered:
            self._con.execute("INSERT INTO revision (workbook, item, value, saved_at) VALUES (?, ?, ?, ?)",
                              (workbook, item, value, stamp))

    def workbooks(self) -> list[str]:
        """Every workbook with stored answers, in order."""
        with self._lock:
            rows = self._con.execute("SELECT DISTINCT workbook FROM revision ORDER BY workbook").fetchall()
        return [w for (w,) in rows]

    def wipe(self) -> bool:
        """Get deleted text off the disk: checkpoint and truncate the WAL, rebuild the file
        (``VACUUM``), checkpoint and truncate again. True when every step completed."""
        try:
            with self._lock:
                # a reader in another kernel is waited for briefly, not for the full busy timeout
                self._con.execute(f"PRAGMA busy_timeout = {WIPE_WAIT_MS}")
                try:
                    first = self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    self._con.execute("VACUUM")
                    second = self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    self._con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return False
            raise StoreError(t("forget.failed", reason=str(exc)), self.path) from exc
        return first[0] == 0 and second[0] == 0

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _network_fs(folder: Path) -> str | None:
    """The network file system the answer folder is on, or None. ``WERKBOEK_NETWERKSCHIJF=ja``/``nee``
    overrides the detection (an administrator who knows better, docs/NETWERKSCHIJF.md)."""
    override = os.environ.get(NETWORK_ENV, "").strip().lower()
    if override in ("ja", "1", "yes"):
        return "netwerkschijf"
    if override in ("nee", "0", "no"):
        return None
    from .netfs import network_filesystem

    return network_filesystem(folder)


def uses_files() -> bool:
    """True when answers are kept in files (:mod:`sw_exercises.filestore`), not in SQLite."""
    return sqlite3 is None or os.environ.get(BACKEND_ENV, "").strip().lower() == "bestanden"


def store_path() -> Path:
    """Where the student's answers are: the SQLite file, or the answer folder of the file store."""
    return file_store_path() if uses_files() else database_path()


def open_store(path: Path | str | None = None, **kwargs: Any) -> AnswerStore:
    """The store for ``path`` (default :func:`store_path`) with the backend this Python can use."""
    if uses_files():
        from .filestore import FileAnswerStore
        return FileAnswerStore(path, **kwargs)  # type: ignore[return-value]
    return AnswerStore(path, **kwargs)


_default: AnswerStore | None = None
_default_lock = threading.Lock()


def default_store() -> AnswerStore:
    """The student's store (opened once per kernel). Raises :class:`StoreError` with a Dutch message."""
    global _default
    with _default_lock:
        if _default is None or _default.path != store_path():
            _default = open_store(store_path())
        return _default
