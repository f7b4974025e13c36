"""Workbook 90 · Delen en exporteren: what a student shares, checked and exported."""
from __future__ import annotations

import ipywidgets as W

from ..workbook import friendly, my_answers  # noqa: F401  (re-exported for the notebook)


@friendly
def share() -> W.Widget:
    """Choose what to share, check it for personal data, make the portfolio and the hand-in file."""
    from ..widgets.portfolio import PortfolioView
    return PortfolioView()
