"""Workbook 02 · Het Viervenstermodel. Each function is one notebook cell."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import Workbook, friendly, my_answers  # noqa: F401  (re-exported for the notebook)

WORKBOOK = "02_viervenstermodel"
_book = Workbook(WORKBOOK)


def _state():
    from ..widgets.common import shared_state
    from ..widgets.viervenster import ViervensterState
    return shared_state(ViervensterState, WORKBOOK)


@friendly
def example() -> W.Widget:
    """The worked example on the lemma's case (read-only)."""
    from ..widgets.viervenster import example_view
    return example_view()


@friendly
def analysis() -> W.Widget:
    """Choose or create a named case and analyse it in the four windows and their links."""
    from ..widgets.viervenster import FourWindowsView
    return FourWindowsView(_state())


@friendly
def chart() -> W.Widget:
    """What the current case analysis covers, updated while the student works."""
    from ..widgets.viervenster import AnalysisChart
    return AnalysisChart(_state())


@friendly
def reflections() -> W.Widget:
    return _book.reflections()


@friendly
def goals() -> W.Widget:
    """The workbook's learning goals, linked to the professional profile."""
    return _book.goals()
