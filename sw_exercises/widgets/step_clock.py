"""The intervision step clock: it ticks in the browser (``step_clock.js``), not in the kernel.

A busy kernel does not stop it, and a re-run of the cell leaves nothing ticking: the clock lives in
its view, which goes when the output is cleared, and a new clock for the same session closes the
old one (:func:`_replace`). What the clock does (start, pause, a step back or forward, a minute more
or less, the sound on or off) is sent to the kernel as the trait ``state`` and saved at once, so a
reload, a re-run or a restarted kernel continues where the clock was. The rules are those of
:class:`sw_exercises.models.intervision.StepTimer`, which the kernel uses to change step times and
which the tests use as the reference.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..answers import AnswerBook
from ..i18n import t
from ..models.intervision import StepTimer
from .handlers import handler

TEXT_KEYS = ("start", "pause", "back", "next", "minus", "plus", "big", "close_big", "sound", "step", "paused",
             "done", "warning", "over", "time_used")
WARN_SECONDS = 60

_live: dict[str, "weakref.ref[StepClock]"] = {}


def clock_texts() -> dict[str, str]:
    return {key: t(f"intervisie.clock.{key}") for key in TEXT_KEYS}


def _replace(item: str, clock: "StepClock") -> None:
    """One clock per session in this kernel: a new one (the cell ran again) closes the old one."""
    old = _live.get(item)
    previous = old() if old is not None else None
    if previous is not None and previous is not clock:
        previous.close()
    _live[item] = weakref.ref(clock)


class StepClock(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("step_clock.js")
    state = traitlets.Dict().tag(sync=True)
    steps = traitlets.List(traitlets.Unicode()).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    warn_seconds = traitlets.Int(WARN_SECONDS).tag(sync=True)

    def __init__(self, book: AnswerBook, item: str, durations: list[int], labels: list[str], *,
                 on_step: Callable[[int], None] | None = None, owner: Any = None,
                 clock: Callable[[], float] = time.time):
        self.book, self.item, self.defaults = book, item, list(durations)
        self.on_step, self.clock = on_step, clock
        timer = StepTimer.from_value(book.get(item), durations)
        super().__init__(state=timer.to_value(), steps=list(labels), texts=clock_texts())
        self.add_class("sw-step-clock")
        self.observe(handler(owner if owner is not None else self, self._changed), names="state")
        _replace(item, self)

    @property
    def timer(self) -> StepTimer:
        return StepTimer.from_value(self.state, self.defaults)

    def act(self, action: Callable[[StepTimer, float], None]) -> None:
        """Change the clock from the kernel (step times; the tests play the browser's buttons this way)."""
        timer = self.timer
        action(timer, self.clock())
        if timer.to_value() != self.timer.to_value():  # nothing changed: nothing to send
            self.state = timer.to_value()

    def controls_named(self) -> bool:
        """Every button and the sound switch have a text (the accessibility check asks)."""
        return all(self.texts.get(key, "").strip() for key in TEXT_KEYS)

    def _changed(self, change: dict) -> None:
        old, new = change["old"] or {}, change["new"] or {}
        value = StepTimer.from_value(new, self.defaults).to_value()
        if len(new.get("durations") or []) != len(self.defaults) or new.get("version") != 2:
            self.state = value  # not a state of this method's clock: start from what the kernel knows
            return
        self.book.save(self.item, value)
        if self.on_step is not None and old.get("index") != value["index"]:
            self.on_step(value["index"])
