"""The kernel watch: a tiny front-end widget that tells the student, in Dutch, what to do when the
kernel behind a workbook dies, restarts or cannot be reached (Python cannot speak then).

It is shown once per kernel by the first cell of every workbook (see :func:`show_kernel_watch`),
draws nothing while all is well, and answers the front end's heartbeat. The behaviour is in
``watch.js``; the texts come from ``werkboek.po`` (``failure.watch``). Because every workbook shows
it, it also brings the reflow stylesheet for JupyterLab (``lab.css``), and ``watch.js`` lets
JupyterLab's own menu bar wrap onto a second row on a narrow screen (docs/TOEGANKELIJKHEID.md).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..i18n import t

log = logging.getLogger("sw_exercises")

HEARTBEAT_MS = 5_000  # the front end asks 'are you there?' this often
SILENCE_MS = 15_000  # no answer this long (while the kernel is not busy): tell the student


TEXT_KEYS = ("dead_title", "dead_app", "dead_lab", "lost_title", "lost_app", "lost_lab",
             "silent_title", "silent_app", "silent_lab", "reload")


def watch_texts() -> dict[str, str]:
    return {key: t(f"failure.watch.{key}") for key in TEXT_KEYS}


class KernelWatch(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("watch.js")
    _css = Path(__file__).with_name("lab.css")  # reflow in JupyterLab: every workbook shows the watch
    texts = traitlets.Dict().tag(sync=True)
    heartbeat_ms = traitlets.Int(HEARTBEAT_MS).tag(sync=True)
    silence_ms = traitlets.Int(SILENCE_MS).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(texts=watch_texts(), **kwargs)
        self.add_class("sw-kernel-watch")
        self.on_msg(self._answer)

    def _answer(self, _widget: Any, message: Any, _buffers: Any) -> None:
        if isinstance(message, dict) and message.get("type") == "ping":
            self.send({"type": "pong", "n": message.get("n")})


_watch: KernelWatch | None = None


def show_kernel_watch() -> None:
    """Display the kernel watch in the running cell (only inside a Jupyter kernel; never raises)."""
    global _watch
    try:
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        if shell is None or getattr(shell, "kernel", None) is None:
            return  # plain Python (tests, command line): there is no page to warn
        if _watch is None:
            _watch = KernelWatch()
        display(_watch)
    except Exception:  # noqa: BLE001 - the watch is a safety net; the workbook works without it
        log.exception("kernel watch could not be shown")
