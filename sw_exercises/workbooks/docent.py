"""Workbook 91 · Docent: the anonymous class overview and assignment packs."""
from __future__ import annotations

from sw_exercises.widgets import lean as W

from ..workbook import friendly


@friendly
def class_overview() -> W.Widget:
    from ..widgets.classroom import ClassOverviewView
    return ClassOverviewView()


@friendly
def assignment_pack() -> W.Widget:
    from ..widgets.classroom import PackView
    return PackView()
