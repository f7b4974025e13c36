"""Workbook 10 · Lexicon: all 33 lemmas of *Nabijheid en sociaal werk*. Each function is one cell."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import Workbook, friendly, my_answers  # noqa: F401  (re-exported for the notebook)

WORKBOOK = "10_lexicon"


def _state():
    from ..widgets.common import shared_state
    from ..widgets.lexicon import LexiconState
    return shared_state(LexiconState, WORKBOOK)


@friendly
def contents() -> W.Widget:
    """Find a lemma by title or by key concept."""
    from ..widgets.lexicon import ContentsView
    return ContentsView(_state())


@friendly
def entry() -> W.Widget:
    """The chosen lemma: reading, key concepts, exercise and reflection prompts."""
    from ..widgets.lexicon import EntryView
    return EntryView(_state())


@friendly
def goals() -> W.Widget:
    """The workbook's learning goals, linked to the professional profile."""
    return Workbook(WORKBOOK).goals()
