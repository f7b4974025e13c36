"""Lecturer side: reading hand-ins, the anonymous class overview, reports and assignment packs."""
from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path


def class_overview_from(path: Path, *, threshold: int = 5, progress: Callable[[int, int], None] | None = None,
                        extra_groups: Sequence[str] = ()):
    """Read every hand-in under ``path`` and build the overview: returns (intake report, overview).

    Hand-ins are plain JSON (no reference cycles), so the cyclic garbage collector is paused for
    the batch: with thousands of hand-ins in memory it would otherwise rescan them over and over,
    and the time per hand-in would grow with the size of the class.
    """
    from .intake import read_handins

    return _overview_of(lambda: read_handins(path, progress=progress), threshold, extra_groups)


def overview_of_uploads(files: list[tuple[str, bytes]], *, threshold: int = 5,
                        progress: Callable[[int, int], None] | None = None, extra_groups: Sequence[str] = ()):
    """The same as :func:`class_overview_from`, for files uploaded in the browser: (name, bytes) pairs."""
    from .intake import read_uploads

    return _overview_of(lambda: read_uploads(files, progress=progress), threshold, extra_groups)


def _overview_of(read: Callable[[], object], threshold: int, extra_groups: Sequence[str]):
    """Read hand-ins with the cyclic garbage collector paused (see :func:`class_overview_from`); the overview."""
    from .overview import build_overview

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        report = read()
        overview = build_overview([a.handin for a in report.accepted], threshold=threshold,
                                  extra_groups=extra_groups)
    finally:
        if was_enabled:
            gc.enable()
    return report, overview
