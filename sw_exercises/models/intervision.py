"""Intervision: methods as data, a step timer with an injected clock, and role rotation. No widgets.

Methods, steps, roles, ground rules and lenses live in ``locales/<language>/intervisie.json``
(sources: shared/content/ecosystem_intervisie_reflectie_lms.md §1; seed 002 for the round on
sociale reflexiviteit). Timings are defaults a group can change.
"""
from __future__ import annotations

import re

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import content
from .summary import known_items

ROLE_ORDER = ("inbrenger", "voorzitter", "tijdbewaker", "notulist")


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    question: str
    speaker: str
    advice_allowed: bool
    minutes: int


@dataclass(frozen=True)
class Method:
    id: str
    label: str
    summary: str
    source: str
    variant_note: str | None
    steps: tuple[Step, ...]

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


def load_methods() -> list[Method]:
    data = content("intervisie")
    return [Method(m["id"], m["label"], m["summary"], m["source"], m.get("variant_note"),
                   tuple(Step(s["id"], s["label"], s["question"], s["speaker"], bool(s["advice_allowed"]),
                              int(s["minutes"])) for s in m["steps"]))
            for m in data["methods"]]


def method(method_id: str) -> Method:
    return next(m for m in load_methods() if m.id == method_id)


# -- the timer ----------------------------------------------------------------------------
@dataclass
class StepTimer:
    """Time per step of a session. Pure: every call gets ``now`` (seconds) from the caller's clock.

    ``remaining`` can go below zero (overtime is shown, never enforced). The state is a plain dict
    (``to_value``/``from_value``) so a session and its timer come back after a kernel restart; with
    a wall clock, a running step keeps running while the kernel is away.
    """
    durations: list[int]                 # seconds per step
    index: int = 0
    elapsed: float = 0.0                 # seconds run in this step before ``started_at``
    started_at: float | None = None      # when the running segment began; None when paused
    extra: dict[int, int] = field(default_factory=dict)  # seconds added per step

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.durations)

    def start(self, now: float) -> None:
        if not self.finished and self.started_at is None:
            self.started_at = now

    def pause(self, now: float) -> None:
        if self.started_at is not None:
            self.elapsed += now - self.started_at
            self.started_at = None

    def toggle(self, now: float) -> None:
        self.pause(now) if self.running else self.start(now)

    def spent(self, now: float) -> float:
        return self.elapsed + (now - self.started_at if self.started_at is not None else 0.0)

    def allowed(self) -> int:
        if self.finished:
            return 0
        return self.durations[self.index] + self.extra.get(self.index, 0)

    def remaining(self, now: float) -> float:
        return self.allowed() - self.spent(now)

    def extend(self, seconds: int) -> None:
        if not self.finished:
            self.extra[self.index] = self.extra.get(self.index, 0) + seconds

    def skip(self, now: float) -> None:
        """Go to the next step; a running timer keeps running there."""
        was_running = self.running
        self.index = min(self.index + 1, len(self.durations))
        self.elapsed = 0.0
        self.started_at = now if was_running and not self.finished else None

    def back(self, now: float) -> None:
        was_running = self.running
        self.index = max(self.index - 1, 0)
        self.elapsed = 0.0
        self.started_at = now if was_running else None

    def to_value(self) -> dict[str, Any]:
        return {"durations": list(self.durations), "index": self.index, "elapsed": self.elapsed,
                "started_at": self.started_at, "extra": {str(k): v for k, v in self.extra.items()}}

    @classmethod
    def from_value(cls, value: Any, durations: Sequence[int]) -> "StepTimer":
        """Restore a stored timer; anything malformed, or for another method, starts fresh."""
        fresh = cls(list(durations))
        if not isinstance(value, Mapping) or list(value.get("durations", [])) != list(durations):
            return fresh
        try:
            timer = cls(list(durations), int(value["index"]), float(value["elapsed"]),
                        None if value.get("started_at") is None else float(value["started_at"]),
                        {int(k): int(v) for k, v in dict(value.get("extra", {})).items()})
        except (KeyError, TypeError, ValueError):
            return fresh
        timer.index = min(max(timer.index, 0), len(durations))
        return timer


def clock_text(seconds: float) -> str:
    """'07:05', or '-01:30' in overtime."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0 if seconds < 0 else 0.999))  # count up to the next whole second
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


# -- roles --------------------------------------------------------------------------------
def suggest_roles(participants: Sequence[str], history: Sequence[Mapping[str, str]],
                  roles: Sequence[str] = ROLE_ORDER) -> dict[str, str]:
    """Who takes which role this time, so that over the sessions everyone takes every role.

    For each role in order, the participant (not yet given a role this time) who had it least
    often gets it; ties go to whoever had it longest ago, then to the order of the list. With fewer
    participants than roles, the remaining roles go to those with the fewest roles this time, but
    the inbrenger never also chairs.
    """
    people = [p for p in dict.fromkeys(p.strip() for p in participants) if p]
    if not people:
        return {}
    chosen: dict[str, str] = {}
    load: dict[str, int] = {p: 0 for p in people}

    def history_key(person: str, role: str) -> tuple[int, int, int]:
        times = [i for i, session in enumerate(history) if session.get(role) == person]
        return len(times), (times[-1] if times else -1), people.index(person)

    for role in roles:
        free = [p for p in people if load[p] == 0]
        pool = free or [p for p in people if not (role == "voorzitter" and chosen.get("inbrenger") == p)
                        and not (role == "inbrenger" and chosen.get("voorzitter") == p)] or people
        if not free:
            least = min(load[p] for p in pool)
            pool = [p for p in pool if load[p] == least]
        person = min(pool, key=lambda p: history_key(p, role))
        chosen[role] = person
        load[person] += 1
    return chosen


def rotation_table(participants: Sequence[str], history: Sequence[Mapping[str, str]],
                   roles: Sequence[str] = ROLE_ORDER) -> dict[str, dict[str, int]]:
    """How often each participant took each role over the sessions."""
    table = {p: {r: 0 for r in roles} for p in participants}
    for session in history:
        for role, person in session.items():
            if person in table and role in table[person]:
                table[person][role] += 1
    return table


# The intervision record is the group's, not the class's: its items are known (so a hand-in that holds
# them is not reported as odd) but no class summary ever pools them.
known_items("92_intervisie", known=lambda item: bool(re.fullmatch(r"groups(?:/current)?|group/[^/]{1,120}/.{1,200}", item)))
