"""The class overview live in class: re-read a course folder while students hand in.

:class:`LiveOverview` is pure and testable: :meth:`poll` looks at the folder's listing (names, sizes,
modification times) and only reads the hand-ins again when that changed. Workbook 91 polls it from a
thread, ``werkboek klas --live`` from a loop that rewrites an HTML page the projector reloads.
The same suppression applies as always; the projector never shows the intake report (file names).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

LIVE_INTERVAL = 5.0  # seconds between looks at the folder
_MAX_ENTRIES = 50_000


def listing(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a hand-in arrives or is replaced: every file's relative name, size and mtime."""
    found: list[tuple[str, int, int]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue  # temporary files of a hand-in still being written
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            found.append((os.path.relpath(os.path.join(root, name), folder), st.st_size, st.st_mtime_ns))
            if len(found) >= _MAX_ENTRIES:
                return tuple(found)
    return tuple(found)


class LiveOverview:
    """The overview of a folder, read again only when the folder changed."""

    def __init__(self, folder: Path, *, threshold: int = 5, extra_groups=(),
                 lister: Callable[[Path], tuple] = listing):
        self.folder = Path(folder)
        self.threshold = threshold
        self.extra_groups = tuple(extra_groups)
        self._lister = lister
        self._seen: tuple | None = None
        self.report = None
        self.overview = None
        self.reads = 0

    def poll(self) -> bool:
        """Read the hand-ins again if the folder changed since the last poll; True when it did."""
        from . import class_overview_from

        now = self._lister(self.folder)
        if now == self._seen and self.overview is not None:
            return False
        self.report, self.overview = class_overview_from(self.folder, threshold=self.threshold,
                                                         extra_groups=self.extra_groups)
        self._seen = now
        self.reads += 1
        return True
