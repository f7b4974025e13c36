"""The calls a workbook's notebook makes: one line each, never a traceback.

Every call returns a widget. If something unexpected goes wrong it returns a Dutch message
instead (and the reading around it still shows); saved answers are never touched by a view.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

from sw_exercises.widgets import lean as W

from .catalog import workbook_content
from .i18n import t

log = logging.getLogger("sw_exercises")
F = TypeVar("F", bound=Callable[..., Any])


def error_box(message: str) -> W.HTML:
    box = W.HTML(f'<div class="sw-error" role="alert" style="border-left:4px solid #D55E00;'
                 f'padding:0.4em 0.8em">{escape(message)}</div>')
    box.add_class("sw-error-box")
    return box


def friendly(func: F) -> F:
    """Turn any unexpected error in a view into a Dutch message (logged for the developers).

    The view is built inside :func:`~sw_exercises.widgets.lean.sharing`, so its widgets share their
    default layouts and styles (far fewer widget models for the browser to build)."""
    from .widgets.handlers import log_error, strict
    from .widgets.lean import sharing

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with sharing():
                return func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a student must never see a traceback
            log.exception("view %s failed", func.__name__)
            log_error(exc, f"view {func.__name__}")
            if strict():  # the test suite: a view that only shows an error fails its cell
                raise
            return error_box(t("errors.view_failed", reason=f"{type(exc).__name__}: {exc}"))
    return wrapper  # type: ignore[return-value]


class Workbook:
    """Reflections, choice and Likert items of one workbook, built from its content file."""

    def __init__(self, workbook_id: str):
        self.id = workbook_id

    @property
    def content(self) -> dict[str, Any]:
        return workbook_content(self.id)

    def _spec(self, section: str, spec_id: str) -> dict[str, Any]:
        for spec in self.content.get(section, []):
            if spec["id"] == spec_id:
                return spec
        raise KeyError(t("errors.unknown_item", item=spec_id))

    def reflection(self, prompt_id: str) -> W.Widget:
        from .widgets.common import ReflectionBox
        spec = self._spec("reflections", prompt_id)
        return ReflectionBox(self.id, f"reflection/{prompt_id}", spec["title"], spec["prompt"],
                             prompt_no_placement=spec.get("prompt_no_placement"), guided=True)

    def reflections(self) -> W.Widget:
        return W.VBox([self.reflection(spec["id"]) for spec in self.content.get("reflections", [])])

    def goals(self) -> W.Widget:
        """The workbook's learning goals (``goals`` in its content file), each with the terms of the
        professional profile it links to (docs/CONTENT_FORMAT.md)."""
        from .widgets.common import goals_view
        return goals_view(self.content.get("goals", []))

    def choice(self, question_id: str) -> W.Widget:
        from .widgets.common import ChoiceItem
        spec = self._spec("choices", question_id)
        return ChoiceItem(self.id, f"choice/{question_id}", spec["prompt"],
                          [(o["id"], o["label"]) for o in spec["options"]],
                          multiple=spec.get("multiple", False), correct=spec.get("correct"),
                          feedback=spec.get("feedback", ""))

    def element(self, element_id: str) -> W.Widget:
        """An interactive element defined in the workbook's content file (docs/CONTENT_FORMAT.md)."""
        from .answers import answer_book
        from .widgets.elements import element_view
        spec = self._spec("elements", element_id)
        return element_view(answer_book(self.id), f"element/{element_id}", spec)

    def figure(self, figure_id: str) -> W.Widget:
        """A plot of one of the project's datasets, with the data as a table."""
        from .widgets.elements import figure_view
        return figure_view(self._spec("figures", figure_id))

    def likert(self, question_id: str) -> W.Widget:
        from .widgets.common import LikertItem
        spec = self._spec("likerts", question_id)
        return LikertItem(self.id, f"likert/{question_id}", spec["prompt"], spec["options"])


class SeedWorkbook:
    """The notebook-facing calls of a data-driven workbook: ``wb.element(id)``, ``wb.figure(id)`` …"""

    def __init__(self, workbook_id: str):
        self._book = Workbook(workbook_id)
        self.element = friendly(self._book.element)
        self.figure = friendly(self._book.figure)
        self.reflections = friendly(self._book.reflections)
        self.goals = friendly(self._book.goals)
        self.my_answers = my_answers


@friendly
def my_answers() -> W.Widget:
    """'Mijn antwoorden': every stored answer of every workbook, with its history."""
    from .widgets.overview import MyAnswers
    return MyAnswers()
