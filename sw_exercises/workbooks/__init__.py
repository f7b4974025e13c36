"""One module per hand-written workbook: the one-line calls its notebook makes.

Every notebook opens with ``wb = open_workbook("<id>")`` (:func:`sw_exercises.open_workbook`), which
returns the workbook's module from :data:`MODULES` when it has one, and a
:class:`~sw_exercises.workbook.SeedWorkbook` otherwise. Importing this package has no side effects.
"""
from __future__ import annotations

import importlib
from types import ModuleType

#: workbook id -> its module in this package (workbooks without one are data-driven SeedWorkbooks)
MODULES = {
    "00_start": "start",
    "01_sociale_afstand": "sociale_afstand",
    "02_viervenstermodel": "viervenstermodel",
    "03_zes_rollen": "zes_rollen",
    "10_lexicon": "lexicon",
    "90_delen_en_exporteren": "delen",
    "91_docent": "docent",
    "92_intervisie": "intervisie",
}


def module(workbook_id: str) -> ModuleType | None:
    """The module of a hand-written workbook, or None for a data-driven one."""
    name = MODULES.get(workbook_id)
    return importlib.import_module(f"{__name__}.{name}") if name else None
