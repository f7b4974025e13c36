"""What views use to read and save answers for one workbook.

It wraps the student's :class:`~sw_exercises.store.AnswerStore`. When the store cannot be used
(unwritable folder, corrupt or foreign file) answers are kept in memory for this session, every
save reports the Dutch reason, and the next save tries the disk again: nothing typed is dropped and
nothing on disk is touched. Views subscribe to hear about saves made by other views.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .store import AnswerStore, StoreError, default_store

Listener = Callable[[str, Any], None]


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    saved_at: datetime | None = None
    error: str | None = None


class AnswerBook:
    def __init__(self, workbook: str, store_factory: Callable[[], AnswerStore] = default_store):
        self.workbook = workbook
        self._store_factory = store_factory
        self._memory: dict[str, Any] = {}
        self._listeners: list[Listener] = []
        self.error: str | None = None
        self._store = self._connect()

    def _connect(self) -> AnswerStore | None:
        try:
            store = self._store_factory()
        except StoreError as exc:
            self.error = exc.message
            return None
        self.error = None
        return store

    @property
    def store(self) -> AnswerStore | None:
        return self._store

    def get(self, item: str, default: Any = None) -> Any:
        if item in self._memory:
            return self._memory[item]
        if self._store is None:
            return default
        try:
            return self._store.get(self.workbook, item, default)
        except StoreError as exc:
            self.error = exc.message
            return default

    def last_saved(self, item: str) -> datetime | None:
        if self._store is None:
            return None
        try:
            rev = self._store.latest(self.workbook, item)
        except StoreError:
            return None
        return rev.saved_at if rev else None

    def save(self, item: str, value: Any) -> SaveResult:
        if self._store is None:
            self._store = self._connect()
        result: SaveResult
        if self._store is None:
            self._memory[item] = value
            result = SaveResult(False, error=self.error)
        else:
            try:
                rev = self._store.save(self.workbook, item, value)
                self._memory.pop(item, None)
                result = SaveResult(True, rev.saved_at)
            except StoreError as exc:
                self._memory[item] = value
                self.error = exc.message
                result = SaveResult(False, error=exc.message)
        for listener in list(self._listeners):
            listener(item, value)
        for any_listener in list(_any_listeners):
            any_listener(self.workbook, item)
        return result

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)


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
