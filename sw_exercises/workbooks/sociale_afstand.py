"""Workbook 01 · Sociale afstand (Bogardus). Each function is one notebook cell."""
from __future__ import annotations

from collections.abc import Iterable

from sw_exercises.widgets import lean as W

from ..workbook import Workbook, friendly, my_answers  # noqa: F401  (re-exported for the notebook)

WORKBOOK = "01_sociale_afstand"
_book = Workbook(WORKBOOK)


def _state(extra_groups: Iterable[str] = ()):
    from ..widgets.common import shared_state
    from ..widgets.bogardus import BogardusState
    return shared_state(BogardusState, WORKBOOK, extra_groups=tuple(extra_groups))


@friendly
def scale(extra_groups: Iterable[str] = ()) -> W.Widget:
    """The Bogardus scale for the lemma's groups; a lecturer may name extra groups here."""
    from ..widgets.bogardus import BogardusScale
    return BogardusScale(_state(extra_groups))


@friendly
def profile() -> W.Widget:
    from ..widgets.bogardus import ProfileView
    return ProfileView(_state())


@friendly
def consistency() -> W.Widget:
    from ..widgets.bogardus import ConsistencyView
    return ConsistencyView(_state())


@friendly
def reflections() -> W.Widget:
    return _book.reflections()


@friendly
def reflection(prompt_id: str) -> W.Widget:
    return _book.reflection(prompt_id)


@friendly
def check_question() -> W.Widget:
    return _book.choice("contact_conditions")


@friendly
def contact_practice() -> W.Widget:
    return _book.likert("contact_practice")


@friendly
def goals() -> W.Widget:
    """The workbook's learning goals, linked to the professional profile."""
    return _book.goals()
