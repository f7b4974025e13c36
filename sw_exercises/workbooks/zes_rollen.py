"""Workbook 03 · Zes rollen van de sociaal werker. Each function is one notebook cell."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import Workbook, friendly, my_answers  # noqa: F401  (re-exported for the notebook)

WORKBOOK = "03_zes_rollen"
_book = Workbook(WORKBOOK)


def _state():
    from ..widgets.common import shared_state
    from ..widgets.helper_roles import RolesState
    return shared_state(RolesState, WORKBOOK)


@friendly
def matrix() -> W.Widget:
    """The two axes, the six roles and their cards (doubtful cells marked)."""
    from ..widgets.helper_roles import matrix_view
    return matrix_view()


@friendly
def features() -> W.Widget:
    """The six features of support relationships as three bipolar pairs."""
    from ..widgets.helper_roles import features_table
    return features_table()


@friendly
def trajectory() -> W.Widget:
    """Self-placement per phase of a named case, drawn as a path on the matrix."""
    from ..widgets.helper_roles import TrajectoryView
    return TrajectoryView(_state())


@friendly
def client_voices() -> W.Widget:
    from ..widgets.helper_roles import client_voices
    return client_voices(_state())


@friendly
def reflections() -> W.Widget:
    return _book.reflections()


@friendly
def goals() -> W.Widget:
    """The workbook's learning goals, linked to the professional profile."""
    return _book.goals()
