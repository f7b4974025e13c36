"""Intervision: methods as data, a step timer with an injected clock, and fair roles. No widgets.

Methods, steps, roles, ground rules and lenses live in ``locales/<language>/intervisie.json``
(sources: shared/content/ecosystem_intervisie_reflectie_lms.md §1; seed 002 for the round on
sociale reflexiviteit). Timings are defaults a group can change, before and during a session.

Roles. Bringing in a case is voluntary in every source (ecosystem §1.1, ground rules), so the group
chooses the **inbrenger** each session; the workbook only shows who brought in least often
(:func:`inbreng_counts`) and never fills it in. The other roles are spread over the members who are
present by how often each had them (:func:`suggest_roles`; new members start at zero, so they come
first). One person holds two roles only when too few are present and the group confirmed it; then
the voorzitter also keeps the time, as most sources have it. The inbrenger never gets a second role.

Lenses (the models of workbooks 02–05) are shown at the step where they belong: every step has a
``phase`` and every lens question says in which phase it is asked (:func:`lens_step`).
"""
from __future__ import annotations

import re

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..formats import format_date
from ..i18n import content, t
from .summary import item_kind, known_items

ROLE_ORDER = ("inbrenger", "voorzitter", "tijdbewaker", "notulist")
#: What became of an afspraak (``intervisie.status_<status>``).
STATUSES = ("open", "done", "dropped")
#: The roles the workbook may suggest, filled in this order when few members are present.
SUPPORT_ROLES = ("voorzitter", "notulist", "tijdbewaker")
#: Where a lens question asked in a phase goes when a method has no step of that phase.
PHASE_FALLBACK = {"beleving": ("beleving", "analyse"), "analyse": ("analyse",),
                  "advies": ("advies", "analyse"), "besluit": ("besluit", "advies", "analyse")}
STEP_PHASES = ("start", "inbreng", "vragen", "beleving", "analyse", "advies", "besluit", "evaluatie")


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    question: str
    speaker: str
    advice_allowed: bool
    minutes: int
    phase: str = "analyse"


@dataclass(frozen=True)
class Method:
    id: str
    label: str
    summary: str
    source: str
    variant_note: str | None
    steps: tuple[Step, ...]
    origin: str | None = None          # where the method comes from, when that differs from this form
    origin_source: str | None = None

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


def load_methods() -> list[Method]:
    data = content("intervisie")
    return [Method(m["id"], m["label"], m["summary"], m["source"], m.get("variant_note"),
                   tuple(Step(s["id"], s["label"], s["question"], s["speaker"], bool(s["advice_allowed"]),
                              int(s["minutes"]), s.get("phase", "analyse")) for s in m["steps"]),
                   (m.get("origin") or {}).get("text"), (m.get("origin") or {}).get("source"))
            for m in data["methods"]]


def method(method_id: str) -> Method:
    return next(m for m in load_methods() if m.id == method_id)


@dataclass(frozen=True)
class LensQuestion:
    id: str
    label: str
    question: str
    phase: str


@dataclass(frozen=True)
class Lens:
    id: str
    label: str
    source: str
    questions: tuple[LensQuestion, ...]


def load_lenses() -> list[Lens]:
    return [Lens(ln["id"], ln["label"], ln["source"],
                 tuple(LensQuestion(q["id"], q["label"], q["question"], q.get("phase", "analyse"))
                       for q in ln["questions"]))
            for ln in content("intervisie")["lenses"]]


def lens_step(chosen: Method, question: LensQuestion) -> int:
    """The step of ``chosen`` where ``question`` is asked: the first step of its phase (or of the
    nearest phase when the method has none, see :data:`PHASE_FALLBACK`)."""
    for phase in PHASE_FALLBACK.get(question.phase, (question.phase, "analyse")):
        for index, step in enumerate(chosen.steps):
            if step.phase == phase:
                return index
    return max(0, len(chosen.steps) - 1)


def lens_questions_at(chosen: Method, index: int, lens_ids: Iterable[str]) -> list[tuple[Lens, LensQuestion]]:
    """The questions of the chosen lenses that belong at step ``index`` of ``chosen``."""
    wanted = list(lens_ids)
    return [(lens, q) for lens in load_lenses() if lens.id in wanted for q in lens.questions
            if lens_step(chosen, q) == index]


# -- the timer ----------------------------------------------------------------------------
@dataclass
class StepTimer:
    """Time per step of a session. Pure: every call gets ``now`` (seconds) from the caller's clock.

    The front end (:mod:`sw_exercises.widgets.step_clock`) runs the same rules in the browser; this
    class is the reference and what the kernel stores. Each step keeps its own elapsed time, so going
    back a step and forward again loses nothing. Step times (``durations``) can be changed at any time.
    ``remaining`` can go below zero (overtime is shown, never enforced). The state is a plain dict
    (:meth:`to_value`/:meth:`from_value`): with a wall clock, a running step keeps running while the
    kernel or the page is away.
    """
    durations: list[int]                             # seconds per step
    index: int = 0
    elapsed: list[float] = field(default_factory=list)  # seconds run per step before ``started_at``
    started_at: float | None = None                  # when the running segment began; None when paused
    sound: bool = False                              # a beep at the end of a step (off by default)

    def __post_init__(self) -> None:
        self.durations = [max(60, int(d)) for d in self.durations]
        self.elapsed = [max(0.0, float(e)) for e in self.elapsed][:len(self.durations)]
        self.elapsed += [0.0] * (len(self.durations) - len(self.elapsed))
        self.index = min(max(int(self.index), 0), len(self.durations))
        if self.finished:
            self.started_at = None

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
            if not self.finished:
                self.elapsed[self.index] += max(0.0, now - self.started_at)
            self.started_at = None

    def toggle(self, now: float) -> None:
        self.pause(now) if self.running else self.start(now)

    def spent(self, now: float) -> float:
        if self.finished:
            return 0.0
        return self.elapsed[self.index] + (max(0.0, now - self.started_at) if self.started_at is not None else 0.0)

    def allowed(self) -> int:
        return 0 if self.finished else self.durations[self.index]

    def remaining(self, now: float) -> float:
        return self.allowed() - self.spent(now)

    def set_duration(self, index: int, seconds: int) -> None:
        """Change the time of one step (at least a minute), before or during the session."""
        if 0 <= index < len(self.durations):
            self.durations[index] = max(60, int(seconds))

    def extend(self, seconds: int) -> None:
        """More (or, negative, less) time for the current step."""
        if not self.finished:
            self.set_duration(self.index, self.durations[self.index] + seconds)

    def go(self, now: float, index: int) -> None:
        """Go to step ``index``; the time run so far stays with the step left, and a running timer
        keeps running on the new step from where that step was."""
        was_running = self.running
        self.pause(now)
        self.index = min(max(index, 0), len(self.durations))
        self.started_at = now if was_running and not self.finished else None

    def skip(self, now: float) -> None:
        self.go(now, self.index + 1)

    def back(self, now: float) -> None:
        self.go(now, self.index - 1)

    def to_value(self) -> dict[str, Any]:
        return {"version": 2, "durations": list(self.durations), "index": self.index,
                "elapsed": [round(e, 3) for e in self.elapsed], "started_at": self.started_at, "sound": self.sound}

    @classmethod
    def from_value(cls, value: Any, durations: Sequence[int]) -> "StepTimer":
        """Restore a stored timer. Reads the first format too (one ``elapsed`` for the current step and
        minutes added in ``extra``); anything malformed, or for another method, starts fresh."""
        fresh = cls(list(durations))
        if not isinstance(value, Mapping):
            return fresh
        try:
            stored = [int(d) for d in value.get("durations", [])]
            if len(stored) != len(durations):
                return fresh
            started = value.get("started_at")
            started = None if started is None else float(started)
            index = int(value["index"])
            if value.get("version") == 2:
                return cls(stored, index, [float(e) for e in value.get("elapsed", [])], started,
                           bool(value.get("sound", False)))
            if stored != list(durations):  # the first format was tied to the method's default times
                return fresh
            extra = {int(k): int(v) for k, v in dict(value.get("extra", {})).items()}
            elapsed = [0.0] * len(stored)
            if 0 <= index < len(stored):
                elapsed[index] = float(value["elapsed"])
            return cls([d + extra.get(i, 0) for i, d in enumerate(stored)], index, elapsed, started)
        except (KeyError, TypeError, ValueError):
            return fresh


def clock_text(seconds: float) -> str:
    """'07:05', or '-01:30' in overtime."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0 if seconds < 0 else 0.999))  # count up to the next whole second
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


# -- roles --------------------------------------------------------------------------------
def person_key(name: Any) -> str:
    """How names are compared: spaces normalised, case ignored ('amira ' is 'Amira')."""
    return " ".join(str(name).split()).casefold() if isinstance(name, str) else ""


def clean_people(names: Iterable[Any]) -> list[str]:
    """Names as typed, without blanks and doubles (compared by :func:`person_key`), in order."""
    found: dict[str, str] = {}
    for name in names:
        key = person_key(name)
        if key and key not in found:
            found[key] = " ".join(str(name).split())
    return list(found.values())


def role_counts(people: Sequence[str], history: Sequence[Mapping[str, Any]],
                roles: Sequence[str] = ROLE_ORDER) -> dict[str, dict[str, int]]:
    """How often each of ``people`` had each role in ``history`` (one mapping role -> name per
    earlier session). Everyone in ``people`` has a row, new members too (all zeros)."""
    people = clean_people(people)
    table = {p: {r: 0 for r in roles} for p in people}
    by_key = {person_key(p): p for p in people}
    for session in history:
        for role, person in session.items():
            who = by_key.get(person_key(person))
            if who is not None and role in table[who]:
                table[who][role] += 1
    return table


def rotation_table(participants: Sequence[str], history: Sequence[Mapping[str, Any]],
                   roles: Sequence[str] = ROLE_ORDER) -> dict[str, dict[str, int]]:
    """How often each participant took each role over the sessions (see :func:`role_counts`)."""
    return role_counts(participants, history, roles)


def inbreng_counts(people: Sequence[str], history: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """How often each member brought in a case. Shown as information: the group chooses."""
    return {p: row["inbrenger"] for p, row in role_counts(people, history, ("inbrenger",)).items()}


def too_small(present: Sequence[str], inbrenger: str | None, roles: Sequence[str] = SUPPORT_ROLES) -> bool:
    """Fewer members present (besides the inbrenger) than there are roles to give."""
    others = [p for p in clean_people(present) if person_key(p) != person_key(inbrenger)]
    return len(others) < len(roles)


def suggest_roles(present: Sequence[str], history: Sequence[Mapping[str, Any]], *, inbrenger: str | None = None,
                  allow_double: bool = False, roles: Sequence[str] = SUPPORT_ROLES) -> dict[str, str]:
    """Who could take each role this time. Never the inbrenger, whom the group chooses.

    Pairs (role, member) are given out one at a time: each time the member who had that role least
    often gets it (ties: fewer roles in all, had it longer ago, the order of ``roles``, then of
    ``present``), so nobody gets a role while someone present without a role had it less often.
    With fewer members than roles, the last roles of ``roles`` stay open, unless the group confirmed
    (``allow_double``) that someone takes two; then the tijdbewaker goes to the voorzitter and any
    other role to whoever has fewest roles, so loads differ by at most one.
    """
    people = [p for p in clean_people(present) if person_key(p) != person_key(inbrenger)]
    if not people:
        return {}
    counts = role_counts(people, history, roles)
    total = {p: sum(counts[p].values()) for p in people}
    last: dict[tuple[str, str], int] = {}
    for number, session in enumerate(history):
        for role, person in session.items():
            for p in people:
                if person_key(p) == person_key(person):
                    last[(role, p)] = number
    chosen: dict[str, str] = {}
    open_roles, free = list(roles)[:len(people)], list(people)
    while open_roles and free:
        role, person = min(((r, p) for r in open_roles for p in free),
                           key=lambda rp: (counts[rp[1]][rp[0]], total[rp[1]], last.get(rp, -1),
                                           list(roles).index(rp[0]), people.index(rp[1])))
        chosen[role] = person
        open_roles.remove(role)
        free.remove(person)
    if allow_double:
        load = Counter(chosen.values())
        for role in [r for r in roles if r not in chosen]:
            lightest = min(load[p] for p in people)
            chair = chosen.get("voorzitter")
            if role == "tijdbewaker" and chair is not None and load[chair] == lightest:
                person = chair
            else:
                person = min(people, key=lambda p: (load[p], counts[p][role], total[p], people.index(p)))
            chosen[role] = person
            load[person] += 1
    return {r: chosen[r] for r in roles if r in chosen}


def role_problems(roles: Mapping[str, Any], present: Sequence[str], *, confirmed: bool) -> list[tuple[str, dict[str, str]]]:
    """What is not right about a chosen set of roles: ``(werkboek.po key, values)`` for each problem.

    A role for someone who is not present; the inbrenger with a second role; someone with two roles
    while others present have none; two roles the group did not confirm."""
    people = clean_people(present)
    here = {person_key(p) for p in people}
    given = {r: p for r, p in roles.items() if isinstance(p, str) and p.strip()}
    problems: list[tuple[str, dict[str, str]]] = []
    for role in ROLE_ORDER:
        if role in given and person_key(given[role]) not in here:
            problems.append(("intervisie.roles_absent", {"person": given[role], "role": role}))
    load = Counter(person_key(p) for p in given.values())
    names = {person_key(p): " ".join(p.split()) for p in given.values()}
    inbrenger = person_key(given.get("inbrenger", ""))
    without = [p for p in people if load[person_key(p)] == 0 and person_key(p) != inbrenger]
    for key, n in load.items():
        if n < 2:
            continue
        if key == inbrenger:
            problems.append(("intervisie.roles_inbrenger_double", {"person": names[key]}))
        elif without:
            problems.append(("intervisie.roles_double_not_needed", {"person": names[key], "free": ", ".join(without)}))
        elif not confirmed:
            problems.append(("intervisie.roles_double_unconfirmed", {"person": names[key]}))
    return problems


# The intervision record is the group's, not the class's: its items are known (so a hand-in that holds
# them is not reported as odd) but no class summary ever pools them.
known_items("92_intervisie", known=lambda item: bool(re.fullmatch(r"groups(?:/current)?|group/[^/]{1,120}/.{1,200}", item)))


# -- how the stored items read ('Mijn antwoorden', the share list, a conflict between two files) --------
#: Fields of a session that have a name of their own (``intervisie.field_<field>`` in werkboek.po).
FIELD_NAMES = ("learning", "group_learning", "agreements", "afspraken", "consent", "present", "roles", "method", "date",
               "lenses", "double_roles", "meta")


def field_label(key: str, session_names: Mapping[str, str]) -> str:
    """A readable name for a group-relative item ('Sessie 4 · Aantekeningen: Feitelijke vragen'), or
    for one entry of a list (``members#<id>``: 'Een groepslid'); ``session_names`` maps session ids to
    the names the group gave them."""
    rel, entry, _ = key.partition("#")
    parts = rel.split("/")
    if rel == "members" and not entry:  # the whole list
        return t("intervisie.members_title")
    if parts[0] in ("sessions", "members"):
        return t(f"intervisie.field_{parts[0]}")
    if parts[0] == "session" and len(parts) >= 3:
        where, what = session_names.get(parts[1], parts[1]), parts[2]
        if what == "notes" and len(parts) > 3:
            steps = {s.id: s.label for m in load_methods() for s in m.steps}
            return f"{where} · {t('intervisie.notes', step=steps.get(parts[3], parts[3]))}"
        if what == "lens" and len(parts) > 4:
            lens = next((ln for ln in load_lenses() if ln.id == parts[3]), None)
            question = next((q.label for q in lens.questions if q.id == parts[4]), parts[4]) if lens else parts[4]
            return f"{where} · {lens.label if lens else parts[3]} · {question}"
        return f"{where} · {t(f'intervisie.field_{what}') if what in FIELD_NAMES else what}"
    return rel


def date_text(iso: str) -> str:
    """A stored ISO date as the language shows dates ('–' when there is none; as stored when unreadable)."""
    try:
        return format_date(date.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso or "–"


def afspraak_line(entry: dict) -> str:
    """An agreement as one line: text · owner · due date · status (the record and the views)."""
    parts = [entry["text"].strip()]
    if entry.get("owner"):
        parts.append(t("intervisie.afspraak_owner", owner=entry["owner"]))
    if entry.get("due"):
        parts.append(t("intervisie.afspraak_due", date=date_text(entry["due"])))
    parts.append(t(f"intervisie.status_{entry['status'] if entry.get('status') in STATUSES else 'open'}"))
    return " · ".join(parts)


def shown_value(value: Any, sep: str = "\n") -> str:
    """A stored value of the group record as text: an afspraak by its text (who, when, what became of
    it), a member or a consent by the name, a list entry by entry (``sep`` between them)."""
    if value is None or value == "" or value == [] or value == {}:
        return t("overview.empty_value")
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return afspraak_line(value)
        if isinstance(value.get("name"), str):
            return value["name"]
        return "; ".join(f"{k}: {shown_value(v, sep)}" for k, v in value.items() if k != "id")
    if isinstance(value, list):
        return sep.join(shown_value(v, sep) for v in value)
    return str(value)


def _item_title(_workbook: str, item: str, names: Mapping[str, str]) -> str | None:
    """``group/<group>/...``: the group's name, then the field (``names``: ids -> names the group gave)."""
    parts = item.split("/")
    if len(parts) < 3 or parts[0] != "group":
        return None
    return f"{names.get(parts[1], parts[1])} · {field_label('/'.join(parts[2:]), names)}"


def _item_value(_workbook: str, item: str, value: Any) -> str | None:
    if not item.startswith("group/"):
        return None
    if item.endswith("/date") and isinstance(value, str):
        return date_text(value)
    return shown_value(value, "; ")


item_kind("group", title=_item_title, value=_item_value)
