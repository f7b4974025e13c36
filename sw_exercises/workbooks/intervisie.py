"""Workbook 92 · Intervisie: run a session step by step, keep its record, follow the group."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import friendly, my_answers  # noqa: F401  (re-exported for the notebook)


@friendly
def session() -> W.Widget:
    """Group, session, method, roles, timer, notes per step, lenses, closing and record."""
    from ..widgets.intervision import SessionView
    return SessionView()


@friendly
def group_overview() -> W.Widget:
    from ..widgets.intervision import GroupOverview
    return GroupOverview()
