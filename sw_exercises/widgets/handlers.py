"""One wrapper for every button and observer handler: an error is shown and logged, never swallowed.

ipywidgets calls handlers from the kernel's message loop; an exception there ends up in a log the
student never sees, and the button simply does nothing. :func:`handler` wraps a handler so that an
exception

* is shown in the view it belongs to, as a Dutch message at the top of that view (``role=alert``);
* is written with its traceback to ``fouten.log`` in the student's workspace (mode 0600), so a
  lecturer or developer can see what happened;
* is raised again when ``WERKBOEK_STRIKT`` is set (the test suite sets it): a workbook cell whose
  code triggers a failing handler then fails, so nbval cannot pass a broken workbook.

Usage::

    button.on_click(handler(self, lambda _: self.export()))
    field.observe(handler(self, self._typed), names="value")
"""
from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from sw_exercises.widgets import lean as W

from ..i18n import t
from ..workspace import workspace_dir

STRICT_ENV = "WERKBOEK_STRIKT"
LOG_NAME = "fouten.log"
_MAX_LOG_BYTES = 1024 * 1024


class ErrorNote(W.HTML):
    """The Dutch message about a failed action, shown at the top of the view it belongs to."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("sw-handler-error")

    def show(self, text: str) -> None:
        self.value = f'<p class="sw-error" role="alert">{escape(text)}</p>'

    def clear(self) -> None:
        self.value = ""


class NoteOf:
    """The same message in a view that is no box but draws it itself, at its top (the view's trait
    ``note_html``, e.g. a Bogardus card: :class:`~sw_exercises.widgets.groups.CheckGroup`)."""

    def __init__(self, view: Any):
        self.view = view

    @property
    def value(self) -> str:
        return self.view.note_html

    def show(self, text: str) -> None:
        self.view.note_html = f'<p class="sw-error" role="alert">{escape(text)}</p>'

    def clear(self) -> None:
        self.view.note_html = ""


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "").strip() not in ("", "0")


def log_path() -> Path:
    return workspace_dir() / LOG_NAME


def log_error(exc: BaseException, where: str = "") -> Path | None:
    """Append the traceback of ``exc`` to the workspace's error log (0600); the log's path, or None."""
    path = log_path()
    text = (f"--- {datetime.now().isoformat(timespec='seconds')} {where}\n"
            + "".join(traceback.format_exception(exc)) + "\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > _MAX_LOG_BYTES:
            path.replace(path.with_suffix(".log.1"))  # keep the log small: one older generation
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None


def note_for(view: Any) -> ErrorNote | NoteOf | None:
    """The view's error note, put at the top of the view the first time it is needed."""
    note = getattr(view, "_sw_error_note", None)
    if isinstance(note, (ErrorNote, NoteOf)):
        return note
    if isinstance(view, W.Widget) and view.has_trait("note_html"):
        note = view._sw_error_note = NoteOf(view)
        return note
    if not isinstance(view, W.Box):
        return None
    note = ErrorNote()
    view._sw_error_note = note
    view.children = (note, *view.children)
    return note


def with_note(view: Any, children: Any) -> tuple:
    """``children`` for a view that sets its own children anew, after its error note if it has one
    (so a message shown at the top stays)."""
    note = getattr(view, "_sw_error_note", None)
    return (note, *children) if isinstance(note, ErrorNote) else tuple(children)


def show_error(view: Any, exc: BaseException, where: str = "") -> str:
    """Log ``exc`` and show the Dutch message in ``view``; returns the message."""
    logged = log_error(exc, where or type(view).__name__)
    reason = f"{type(exc).__name__}: {exc}"[:200]
    message = t("errors.handler_failed", reason=reason)
    message += " " + (t("errors.handler_logged", path=str(logged)) if logged else t("errors.handler_not_logged"))
    note = note_for(view)
    if note is not None:
        note.show(message)
    else:  # not a box: at least the notebook's output shows it
        print(message)
    return message


def handler(view: Any, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` wrapped for use as an ``on_click`` or ``observe`` handler of ``view``."""

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown and logged, and raised again in strict mode
            show_error(view, exc, getattr(fn, "__qualname__", ""))
            note = getattr(view, "_sw_error_note", None)
            if isinstance(note, (ErrorNote, NoteOf)):
                note.failed_by = run
            if strict():
                raise
            return None
        note = getattr(view, "_sw_error_note", None)
        if isinstance(note, (ErrorNote, NoteOf)) and getattr(note, "failed_by", None) is run:
            note.clear()  # this same action works now: the old message would only confuse
            note.failed_by = None
        return result

    run.__wrapped__ = fn  # type: ignore[attr-defined]
    return run
