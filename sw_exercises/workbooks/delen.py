"""Workbook 90 · Delen en exporteren: what a student shares, checked and exported."""
from __future__ import annotations

from pathlib import Path

from sw_exercises.widgets import lean as W

from ..workbook import friendly, my_answers  # noqa: F401  (re-exported for the notebook)


@friendly
def share() -> W.Widget:
    """Choose what to share, check it for personal data, make the portfolio and the hand-in file."""
    from ..widgets.portfolio import PortfolioView
    return PortfolioView()


@friendly
def backup() -> W.Widget:
    """Download all answers as one back-up file, or put a back-up back (browser, laptop and hub alike)."""
    from ..widgets.backup import BackupView
    return BackupView()


def hand_in_to_folder(folder: str | Path | None = None, *, name: str | None = None, confirmed: bool = False):
    """Hand in the shared answers to the course folder, without widgets (scripts, hub tests).

    ``folder`` None: ``WERKBOEK_INLEVERMAP``, else the folder remembered in workbook 90. Runs the same
    privacy check as workbook 90 (refused while it finds something, unless ``confirmed``). Returns a
    :class:`sw_exercises.course_folder.HandinResult`: ``ok``, ``status`` (``"handed_in"``,
    ``"nothing_shared"``, ``"privacy"``, ``"no_folder"``, ``"missing"``, ``"not_writable"``,
    ``"squatted"``, ``"disk_full"``, ...), the Dutch ``message``, ``path`` and ``when``. Never raises
    for a folder problem; a store that cannot be opened gives status ``"store"``.
    """
    from ..course_folder import HandinResult, hand_in
    from ..store import StoreError, default_store

    try:
        store = default_store()
    except StoreError as exc:
        return HandinResult(False, "store", exc.message)
    return hand_in(store, folder, name=name, confirmed=confirmed)
