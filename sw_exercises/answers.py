"""What views use to read and save answers for one workbook.

It wraps the student's :class:`~sw_exercises.store.AnswerStore`. When the store cannot be used
(unwritable folder, corrupt or foreign file) answers are kept in memory for this session and in the
emergency copy (:mod:`sw_exercises.emergency`, survives a kernel that dies), every save reports the
Dutch reason and what to do, and the next save tries the disk again: nothing typed is dropped and
nothing on disk is touched. When the store works again the emergency copy is caught up into it and
the book has a notice for the student. Views subscribe to hear about saves made by other views.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .formats import format_datetime
from .emergency import EmergencyCopy, EmergencyRecord
from .i18n import t, tn
from .store import AnswerStore, Revision, StoreError, default_store, store_path

Listener = Callable[[str, Any], None]


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    saved_at: datetime | None = None
    error: str | None = None  # why it was not saved and what to do (Dutch)
    notice: str | None = None  # e.g. the emergency copy was caught up into the store (Dutch)
    number: int | None = None  # the stored revision's number (guarded saves, :meth:`AnswerBook.save_if_latest`)


class AnswerBook:
    def __init__(self, workbook: str, store_factory: Callable[[], AnswerStore] = default_store):
        self.workbook = workbook
        self._store_factory = store_factory
        self._memory: dict[str, Any] = {}
        self._listeners: list[Listener] = []
        self.error: str | None = None
        self._notice: str | None = None
        self._emergency: EmergencyCopy | None = None
        self._store = self._connect()

    def _connect(self) -> AnswerStore | None:
        try:
            store = self._store_factory()
        except StoreError as exc:
            self.error = exc.message
            self._emergency = EmergencyCopy(exc.path or store_path())
            return None
        self.error = None
        self._emergency = EmergencyCopy(store.path)
        self._notice = getattr(store, "notice", None)  # e.g. a network drive: a safer, slower journal
        self._catch_up(store)
        return store

    def _catch_up(self, store: AnswerStore) -> None:
        """Put answers from the emergency copy into the store that works again (and say so)."""
        assert self._emergency is not None
        try:
            caught = self._emergency.catch_up(store)
        except StoreError as exc:
            self._notice = t("failure.catch_up_failed", reason=exc.message)
            return
        if caught:
            caught_up = tn("failure.caught_up", caught, path=str(store.path))
            self._notice = " ".join(x for x in (self._notice, caught_up) if x)

    def take_notice(self) -> str | None:
        """A message for the student about this book's store (said once), e.g. a caught-up emergency copy."""
        notice, self._notice = self._notice, None
        return notice

    @property
    def store(self) -> AnswerStore | None:
        return self._store

    def get(self, item: str, default: Any = None) -> Any:
        if item in self._memory:
            return self._memory[item]
        if self._store is None:
            record = self.emergency_answer(item)
            return default if record is None else record.value
        try:
            return self._store.get(self.workbook, item, default)
        except StoreError as exc:
            self.error = exc.message
            return default

    def emergency_answer(self, item: str) -> EmergencyRecord | None:
        """The latest answer for ``item`` in the emergency copy while the store is unavailable."""
        if self._store is not None or self._emergency is None:
            return None
        return self._emergency.latest(self.workbook, item)

    def problem(self, item: str) -> str | None:
        """Why ``item`` cannot be saved now and what to do (None when the store works)."""
        if self.error is None:
            return None
        record = self.emergency_answer(item)
        if record is not None:
            return f"{self.error} {t('failure.emergency_loaded', time=_local_time(record.saved_at))}"
        return self.error

    def last_saved(self, item: str) -> datetime | None:
        if self._store is None:
            return None
        try:
            rev = self._store.latest(self.workbook, item)
        except StoreError:
            return None
        return rev.saved_at if rev else None

    def _keep(self, item: str, value: Any) -> str:
        """The store failed: keep ``value`` in memory and in the emergency copy; the Dutch message."""
        self._memory[item] = value
        if self._emergency is None:
            self._emergency = EmergencyCopy(store_path())
        where = self._emergency.add(self.workbook, item, value)
        if where is None:
            return f"{self.error} {t('failure.no_emergency')}"
        return f"{self.error} {t('failure.emergency_saved', path=str(where))}"

    def save(self, item: str, value: Any) -> SaveResult:
        if self._store is None:
            self._store = self._connect()
        result: SaveResult
        if self._store is None:
            result = SaveResult(False, error=self._keep(item, value))
        else:
            try:
                rev = self._store.save(self.workbook, item, value)
                self._memory.pop(item, None)
                if self.error is not None:  # the store works again after a failed save
                    self.error = None
                    self._catch_up(self._store)
                result = SaveResult(True, rev.saved_at, notice=self.take_notice(), number=rev.number)
            except StoreError as exc:
                self.error = exc.message
                result = SaveResult(False, error=self._keep(item, value))
        for listener in list(self._listeners):
            listener(item, value)
        for any_listener in list(_any_listeners):
            any_listener(self.workbook, item)
        return result

    def latest(self, item: str) -> Revision | None:
        """The stored revision ``item`` has now (None when there is none, or the store is unavailable)."""
        if self._store is None or item in self._memory:
            return None
        try:
            return self._store.latest(self.workbook, item)
        except StoreError as exc:
            self.error = exc.message
            return None

    def save_if_latest(self, item: str, value: Any, expected: int | None) -> SaveResult | None:
        """Save ``value`` only if nobody saved ``item`` since revision ``expected`` (see
        :meth:`AnswerStore.save_if_latest`); None when somebody did: merge and try again. Without a
        working store this is an ordinary :meth:`save` (kept in memory and the emergency copy)."""
        if self._store is None or item in self._memory or self.error is not None:
            return self.save(item, value)
        try:
            rev = self._store.save_if_latest(self.workbook, item, value, expected)
        except StoreError:
            return self.save(item, value)  # reports the failure and keeps the value
        if rev is None:
            return None
        result = SaveResult(True, rev.saved_at, notice=self.take_notice(), number=rev.number)
        for listener in list(self._listeners):
            listener(item, value)
        for any_listener in list(_any_listeners):
            any_listener(self.workbook, item)
        return result

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)


def _local_time(moment: datetime) -> str:
    return format_datetime(moment, "moment")


_books: dict[str, AnswerBook] = {}
_any_listeners: list[Callable[[str, str], None]] = []


def on_any_save(listener: Callable[[str, str], None]) -> None:
    """Call ``listener(workbook, item)`` after every save in this kernel (e.g. 'Mijn antwoorden')."""
    _any_listeners.append(listener)


def answer_book(workbook: str) -> AnswerBook:
    """The one AnswerBook per workbook in this kernel (so views in different cells share it)."""
    if workbook not in _books:
        _books[workbook] = AnswerBook(workbook)
    return _books[workbook]
