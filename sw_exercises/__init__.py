"""Sociaal Werkboek: helper package for the workbooks in ``workbooks/``.

Layers: ``models`` (data + pure scoring), ``widgets`` (views), ``store``/``answers`` (storage),
``workbooks`` (the one-line calls each notebook makes). Importing this package is cheap: the
widget and plotting libraries load only when a workbook shows something.
"""
__version__ = "0.1.0"


def open_workbook(workbook_id: str):
    """The calls a workbook's notebook makes (``wb.goals()``, ``wb.element(id)``, ``wb.scale()`` …):
    the workbook's own module for a hand-written workbook (``sw_exercises.workbooks.MODULES``), a
    :class:`~sw_exercises.workbook.SeedWorkbook` for a data-driven one.

    Every notebook's first cell calls it, so it also shows the kernel watch (a Dutch message when the
    kernel dies or cannot be reached; see :mod:`sw_exercises.widgets.watch`)."""
    from .widgets.watch import show_kernel_watch
    from .workbook import SeedWorkbook
    from .workbooks import module

    show_kernel_watch()
    return module(workbook_id) or SeedWorkbook(workbook_id)
