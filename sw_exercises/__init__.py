"""Sociaal Werkboek: helper package for the workbooks in ``workbooks/``.

Layers: ``models`` (data + pure scoring), ``widgets`` (views), ``store``/``answers`` (storage),
``workbooks`` (the one-line calls each notebook makes). Importing this package is cheap: the
widget and plotting libraries load only when a workbook shows something.
"""
__version__ = "0.1.0"


def open_workbook(workbook_id: str):
    """The calls a data-driven workbook's notebook makes (``wb.element(id)``, ``wb.figure(id)`` …).

    As the first call of its workbook it also shows the kernel watch (a Dutch message when the
    kernel dies or cannot be reached; see :mod:`sw_exercises.widgets.watch`)."""
    from .widgets.watch import show_kernel_watch
    from .workbook import SeedWorkbook

    show_kernel_watch()
    return SeedWorkbook(workbook_id)
