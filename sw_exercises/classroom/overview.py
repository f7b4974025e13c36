"""The anonymous class overview, computed from accepted hand-ins. Pure: no widgets, no files.

Privacy rules built in: no pseudonym, name or free text ever appears; every number that rests on
fewer hand-ins than ``threshold`` is suppressed; a student's own Bogardus group only appears when
at least ``threshold`` hand-ins share it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..catalog import item_title, workbook_title
from ..models import bogardus, helper_roles, viervenster

DEFAULT_THRESHOLD = 5
BOGARDUS_WB, VIERVENSTER_WB, ROLES_WB = "01_sociale_afstand", "02_viervenstermodel", "03_zes_rollen"


@dataclass(frozen=True)
class Cell:
    """One number in the overview, with the number of hand-ins it rests on."""
    value: float | None
    n: int
    suppressed: bool


def cell(value: float | None, n: int, threshold: int) -> Cell:
    hidden = n < threshold
    return Cell(None if hidden else value, n, hidden)


@dataclass
class ClassOverview:
    threshold: int
    n_handins: int
    relations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    acceptance: dict[str, list[Cell]] = field(default_factory=dict)   # group label -> % accepting per relation
    distance: dict[str, tuple[Cell, Cell]] = field(default_factory=dict)  # group label -> (mean, sd)
    reproducibility: Cell | None = None
    roles: list[str] = field(default_factory=list)
    role_counts: dict[str, Cell] = field(default_factory=dict)        # role label -> hand-ins using it
    role_phases: list[dict[str, Cell]] = field(default_factory=list)  # per phase position: role -> hand-ins
    windows: list[str] = field(default_factory=list)
    window_text: dict[str, Cell] = field(default_factory=dict)        # window -> % of analyses with text
    element_means: dict[str, Cell] = field(default_factory=dict)      # "n. element" -> mean rating
    reflections: list[tuple[str, str, Cell]] = field(default_factory=list)  # (workbook title, prompt, count)


def _answers(handin: Mapping[str, Any], workbook: str) -> dict[str, Any]:
    return {a["item"]: a["value"] for a in handin["answers"] if a["workbook"] == workbook}


def _bogardus(overview: ClassOverview, handins: list[Mapping], threshold: int) -> None:
    scale = bogardus.load_scale()
    n_rel = len(scale.relations)
    overview.relations = [r.label for r in scale.relations] + ([scale.exclusion.short] if scale.exclusion else [])
    per_group: dict[str, list[bogardus.Response]] = defaultdict(list)
    custom_labels: dict[str, Counter] = defaultdict(Counter)
    all_responses: list[bogardus.Response] = []
    respondents = 0
    for handin in handins:
        answers = _answers(handin, BOGARDUS_WB)
        custom = answers.get("groups/custom", [])
        for label in custom if isinstance(custom, list) else []:
            try:
                group = bogardus.custom_group(label)
            except ValueError:
                continue
            custom_labels[group.id][group.label] += 1
        mine = False
        for item, value in answers.items():
            if item.startswith("bogardus/"):
                response = bogardus.Response.from_value(value, n_rel)
                if response is not None:
                    per_group[item.removeprefix("bogardus/")].append(response)
                    all_responses.append(response)
                    mine = True
        respondents += mine
    groups = [(g.id, g.label) for g in scale.groups]
    groups += sorted((gid, labels.most_common(1)[0][0]) for gid, labels in custom_labels.items()
                     if len(per_group.get(gid, [])) >= threshold)
    for gid, label in groups:
        responses = per_group.get(gid, [])
        n = len(responses)
        accepting = [cell(100 * sum(1 for r in responses if rank in r.accepted) / n if n else None, n, threshold)
                     for rank in range(1, n_rel + 1)]
        if scale.exclusion:
            accepting.append(cell(100 * sum(1 for r in responses if r.excluded) / n if n else None, n, threshold))
        summary = bogardus.summarise([bogardus.distance(r) for r in responses])
        overview.groups.append(label)
        overview.acceptance[label] = accepting
        overview.distance[label] = (cell(summary.mean, n, threshold), cell(summary.sd, n, threshold))
    overview.reproducibility = cell(bogardus.reproducibility(all_responses, scale.n_items, n_rel), respondents, threshold)


def _roles(overview: ClassOverview, handins: list[Mapping], threshold: int) -> None:
    model = helper_roles.load_model()
    overview.roles = [f"{r.number}. {r.label}" for r in model.roles]
    label = {r.id: f"{r.number}. {r.label}" for r in model.roles}
    used: Counter = Counter()
    per_phase: list[Counter] = []
    for handin in handins:
        answers = _answers(handin, ROLES_WB)
        trajectories = [helper_roles.parse_phases(v, model) for k, v in answers.items() if k.endswith("/phases")]
        if not any(p.role for phases in trajectories for p in phases):
            continue
        used.update({p.role for phases in trajectories for p in phases if p.role})
        depth = max(len(phases) for phases in trajectories)
        while len(per_phase) < depth:
            per_phase.append(Counter())
        for k in range(depth):
            roles_here = {phases[k].role for phases in trajectories if k < len(phases) and phases[k].role}
            per_phase[k].update(roles_here)
    # a count of students is itself small-group data: below the threshold it is suppressed too
    overview.role_counts = {label[r.id]: cell(used[r.id], used[r.id], threshold) for r in model.roles}
    overview.role_phases = [{label[r.id]: cell(counts[r.id], counts[r.id], threshold) for r in model.roles}
                            for counts in per_phase]


def _viervenster(overview: ClassOverview, handins: list[Mapping], threshold: int) -> None:
    model = viervenster.load_model()
    overview.windows = [f"{w.number} · {w.short}" for w in model.windows]
    with_text: Counter = Counter()
    ratings: dict[str, list[float]] = defaultdict(list)
    analyses = 0
    for handin in handins:
        texts: set[str] = set()
        rated: dict[str, list[int]] = defaultdict(list)
        seen = False
        for answer in handin["answers"]:
            if answer["workbook"] != VIERVENSTER_WB or not answer["item"].startswith("case/"):
                continue
            seen = True
            parts = answer["item"].split("/")  # case/<case>/<kind>/<id>
            if len(parts) != 4:
                continue
            kind, key, value = parts[2], parts[3], answer["value"]
            if kind == "window" and isinstance(value, str) and value.strip():
                texts.add(key)
            elif kind == "element" and viervenster.clean_rating(value, model) is not None:
                rated[key].append(value)
        if not seen:
            continue
        analyses += 1
        with_text.update(texts)
        for element_id, values in rated.items():
            ratings[element_id].append(sum(values) / len(values))
    for window in model.windows:
        name = f"{window.number} · {window.short}"
        overview.window_text[name] = cell(100 * with_text[window.id] / analyses if analyses else None, analyses, threshold)
        for element in window.elements:
            values = ratings.get(element.id, [])
            overview.element_means[f"{window.number}. {element.label}"] = cell(
                sum(values) / len(values) if values else None, len(values), threshold)


def _reflections(overview: ClassOverview, handins: list[Mapping], threshold: int) -> None:
    counts: Counter = Counter()
    for handin in handins:
        seen = {(a["workbook"], a["item"]) for a in handin["answers"]
                if ("reflection/" in a["item"]) and isinstance(a["value"], str) and a["value"].strip()}
        counts.update(seen)
    for (workbook, item), n in sorted(counts.items()):
        # the count itself is the number shown; below the threshold it is shown as 'fewer than'
        overview.reflections.append((workbook_title(workbook), item_title(workbook, item), cell(n, n, threshold)))


def build_overview(handins: Iterable[Mapping[str, Any]], *, threshold: int = DEFAULT_THRESHOLD) -> ClassOverview:
    """The overview of validated hand-ins (one per student: duplicates are resolved at intake)."""
    handins = list(handins)
    overview = ClassOverview(threshold=threshold, n_handins=len(handins))
    _bogardus(overview, handins, threshold)
    _roles(overview, handins, threshold)
    _viervenster(overview, handins, threshold)
    _reflections(overview, handins, threshold)
    return overview


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
