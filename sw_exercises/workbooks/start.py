"""The start page (workbooks/00_start.ipynb): the one call its notebook makes."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import friendly


@friendly
def language_choice() -> W.Widget:
    """'Taal / Language': the language of the interface, for every workbook opened after it."""
    from ..widgets.language import LanguageChoice
    return LanguageChoice()
