"""Six ideal-typical helper roles and six features of support relationships (decision 3).

Source: lemma 'Relationeel sociaal werk' (Driessens, in Veldboer e.a., ca. 2022); Driessens (2003);
Driessens & Van Regenmortel (2006). Roles 5 and 6 have no recoverable column in the source: their
``column`` is None and they are drawn across the process row. The 5-point position on each
bipolar feature is this workbook's scale. Labels live in ``locales/<language>/helper_roles.json``.
"""
from __future__ import annotations

import re
from collections import Counter

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..i18n import content, t
from .summary import Chart, ClassData, Figure, class_summary, item_kind, portfolio_chart

NEGATIVE, POSITIVE, NONE = "negative", "positive", "none"
SCALE_POINTS = 5  # 0 = fully the negative pole … 4 = fully the positive pole


@dataclass(frozen=True)
class Pole:
    label: str
    short: str
    descriptor: str


@dataclass(frozen=True)
class Feature:
    id: str
    negative: Pole
    positive: Pole


@dataclass(frozen=True)
class Role:
    id: str
    number: int
    label: str
    row: str
    column: str | None
    way_of_working: str
    trust_control: str
    features: str
    poles: Mapping[str, str]
    explanation: str
    doubt: str | None


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    origin: str
    reading: Mapping[str, str]
    explanation: str


@dataclass(frozen=True)
class RolesModel:
    roles: tuple[Role, ...]
    features: tuple[Feature, ...]
    columns: tuple[tuple[str, str], ...]  # (id, label), left to right
    rows: tuple[tuple[str, str], ...]     # (id, label), top to bottom
    scale_points: tuple[str, ...]
    scale_note: str
    trajectory_note: str
    default_phases: tuple[str, ...]
    lemma_sequence: tuple[str, ...]
    statements: tuple[Statement, ...]
    source: str
    feature_note: str
    axes_note: str

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)


def load_model() -> RolesModel:
    data = content("helper_roles")
    roles = tuple(Role(r["id"], r["number"], r["label"], r["row"], r.get("column"), r["way_of_working"],
                       r["trust_control"], r["features"], dict(r["poles"]), r["explanation"], r.get("doubt"))
                  for r in data["roles"])
    features = tuple(Feature(f["id"], Pole(**f["negative"]), Pole(**f["positive"])) for f in data["features"])
    statements = tuple(Statement(s["id"], s["text"], s["origin"], dict(s["reading"]), s["explanation"])
                       for s in data["client_statements"])
    axes = data["axes"]
    return RolesModel(
        roles, features,
        tuple((c["id"], c["label"]) for c in axes["columns"]),
        tuple((r["id"], r["label"]) for r in axes["rows"]),
        tuple(data["scale"]["points"]), data["scale"]["note"],
        data["trajectory"]["note"], tuple(data["trajectory"]["default_phases"]),
        tuple(data["trajectory"]["lemma_sequence"]), statements, data["source"], data["feature_note"],
        axes.get("note", ""))


def position(model: RolesModel, role: Role) -> tuple[float, float]:
    """Where a role's marker sits on the matrix: x from 0 (first column) to 1, y from 0 (bottom) to 1.

    Two roles share each cell, stacked (the lower number on top), with room for a label to the
    right. Roles without a known column sit in the middle of their row, as the source leaves them.
    """
    columns = [c for c, _ in model.columns]
    rows = [r for r, _ in model.rows]
    mates = sorted(r.number for r in model.roles if r.row == role.row and r.column == role.column)
    centre = 0.5 if role.column is None else (columns.index(role.column) + 0.5) / len(columns)
    y = 1 - (rows.index(role.row) + 0.5) / len(rows)
    return centre - 0.2, y + (0.1 if role.number == mates[0] else -0.1)


def dependence_features(role: Role) -> int:
    """How many of the three features of this role clients experience as creating dependence."""
    return sum(1 for pole in role.poles.values() if pole == NEGATIVE)


@dataclass
class Phase:
    name: str
    role: str | None = None
    features: dict[str, int] = field(default_factory=dict)  # feature id -> 0..4
    note: str = ""

    def to_value(self) -> dict:
        return {"name": self.name, "role": self.role, "features": dict(self.features), "note": self.note}


def parse_phases(value: object, model: RolesModel) -> list[Phase]:
    """Stored phases, tolerating anything malformed (it is skipped, never raised)."""
    role_ids = {r.id for r in model.roles}
    feature_ids = {f.id for f in model.features}
    phases = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        role = entry.get("role") if entry.get("role") in role_ids else None
        raw = entry.get("features") if isinstance(entry.get("features"), dict) else {}
        features = {k: v for k, v in raw.items()
                    if k in feature_ids and isinstance(v, int) and not isinstance(v, bool) and 0 <= v < SCALE_POINTS}
        note = entry.get("note") if isinstance(entry.get("note"), str) else ""
        phases.append(Phase(entry["name"], role, features, note))
    return phases


def trajectory(model: RolesModel, phases: Sequence[Phase]) -> list[tuple[int, Role, float, float]]:
    """The path over the matrix: (phase number from 1, role, x, y) for every phase with a role."""
    path = []
    for number, phase in enumerate(phases, start=1):
        if phase.role:
            role = model.role(phase.role)
            x, y = position(model, role)
            path.append((number, role, x, y))
    return path


def follows_lemma(model: RolesModel, phases: Sequence[Phase]) -> bool | None:
    """Does the path move like the lemma's sequence (redder → probleemoplosser → begeleider/bemiddelaar)?

    Process roles count as the last step. None when fewer than two phases have a role.
    """
    order = {role_id: i for i, role_id in enumerate(model.lemma_sequence)}
    last = len(model.lemma_sequence) - 1
    steps = []
    for _, role, _, _ in trajectory(model, phases):
        if role.id in order:
            steps.append(order[role.id])
        elif role.row == model.rows[-1][0]:
            steps.append(last)
        else:
            return False
    if len(steps) < 2:
        return None
    return all(a <= b for a, b in zip(steps, steps[1:]))


def agreement(reading: Mapping[str, str], coding: Mapping[str, str]) -> tuple[int, int]:
    """How many features a student coded as the workbook reads them: (same, coded)."""
    coded = [fid for fid, value in coding.items() if value in (NEGATIVE, POSITIVE, NONE)]
    same = sum(1 for fid in coded if reading.get(fid) == coding[fid])
    return same, len(coded)


# --------------------------------------------------------------------------- class summary
WORKBOOK = "03_zes_rollen"
_PHASES_ITEM = re.compile(r"^case/[^/]{1,120}/phases$")


def _known(item: str) -> bool:
    if _PHASES_ITEM.match(item):
        return True
    kind, _, statement = item.partition("/")
    return kind == "voice" and statement in {s.id for s in load_model().statements}


@class_summary(WORKBOOK, known=_known)
def class_figures(data: ClassData) -> list[Figure]:
    """How many students used each role at all and in each phase of their trajectory (a student with
    several cases counts once per role and phase); how often the class coded each statement as the
    lemma reads it. Phase names and notes are never pooled."""
    model = load_model()
    answers = data.answers(WORKBOOK)
    trajectories = []
    for student in answers:
        mine = [parse_phases(v, model) for k, v in student.items() if _PHASES_ITEM.match(k)]
        mine = [phases for phases in mine if any(p.role for p in phases)]
        if mine:
            trajectories.append(mine)
    figures: list[Figure] = []
    if trajectories:
        n = len(trajectories)
        used: Counter = Counter()
        at: Counter = Counter()  # (phase index, role) -> students
        for mine in trajectories:  # a student counts once per role, and once per role and phase
            used.update({p.role for phases in mine for p in phases if p.role})
            at.update({(k, p.role) for phases in mine for k, p in enumerate(phases) if p.role})
        depth = max(len(phases) for mine in trajectories for phases in mine)
        columns = [t("klas.col_used")] + [t("klas.col_phase", n=k + 1) for k in range(depth)]
        rows = [data.count_row(f"{r.number}. {r.label}", [used[r.id], *(at[(k, r.id)] for k in range(depth))], n,
                               percent=False, partition=False) for r in model.roles]
        figures.append(Figure(WORKBOOK, "rollen", t("klas.roles_caption"), "count", tuple(columns), tuple(rows),
                              chart="heatmap", note=t("klas.roles_note")))
    coded = []
    for statement in model.statements:
        item = f"voice/{statement.id}"
        codings = [a[item] for a in answers if isinstance(a.get(item), dict) and a[item]]
        same = [agreement(statement.reading, {k: v for k, v in c.items() if isinstance(v, str)})
                for c in codings]
        coded.append(data.mean_row(_short(statement.text),
                                   [[100 * s / total for s, total in same if total]]))
    if any(not r.suppressed for r in coded):
        figures.append(Figure(WORKBOOK, "stemmen", t("klas.voices_caption"), "mean", (t("klas.col_agreement"),),
                              tuple(coded), chart="bars", decimals=0))
    return figures


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- how items read

def _case_title(workbook: str, item: str, cases: Mapping[str, str]) -> str | None:
    parts = item.split("/")
    if len(parts) != 3 or parts[2] != "phases":
        return None
    return t("catalog.case_item", case=cases.get(parts[1], parts[1]), part=t("catalog.case_phases"))


def _case_value(workbook: str, item: str, value: object) -> str | None:
    """Every phase on its own line: name, role, the features rated (as the student saw them) and the
    student's own explanation ('Toelichting')."""
    if not item.endswith("/phases") or not isinstance(value, list):
        return None
    model = load_model()
    labels = {r.id: r.label for r in model.roles}
    lines = []
    for p in parse_phases(value, model):
        parts = [f"{p.name}: {labels.get(p.role, t('roles.no_role'))}"]
        for f in model.features:
            if f.id in p.features:
                point = model.scale_points[p.features[f.id]].format(negative=f.negative.short, positive=f.positive.short)
                parts.append(f"{f.negative.short} ↔ {f.positive.short}: {p.features[f.id] + 1} · {point}")
        if p.note.strip():
            parts.append(t("roles.note_in_export", note=p.note.strip()))
        lines.append("; ".join(parts))
    return "\n".join(lines)


def _voice_value(workbook: str, item: str, value: object) -> str | None:
    if not isinstance(value, Mapping):
        return None
    model = load_model()
    shorts = {f.id: {NEGATIVE: f.negative.short, POSITIVE: f.positive.short} for f in model.features}
    return "; ".join(shorts.get(k, {}).get(v, t("roles.says_nothing")) for k, v in value.items())


item_kind("case", title=_case_title, value=_case_value)
item_kind("voice", title=lambda workbook, item, cases: t("catalog.voice", id=item.partition("/")[2].replace("_", " ")),
          value=_voice_value)


# --------------------------------------------------------------------------- portfolio chart

@portfolio_chart(WORKBOOK)
def portfolio_paths(workbook: str, answers: Mapping[str, object], names: Mapping[str, str]) -> list[Chart]:
    """Per case with phases, the matrix with the case's role trajectory (the workbook's chart)."""
    from .. import plot_text
    from ..widgets.helper_roles import matrix_svg

    model = load_model()
    charts = []
    for item, value in answers.items():
        parts = item.split("/")
        if len(parts) != 3 or parts[0] != "case" or parts[2] != "phases":
            continue
        phases = parse_phases(value, model)
        if not phases:
            continue
        path = trajectory(model, phases)
        title = t("catalog.case_item", case=names.get(parts[1], parts[1]), part=t("roles.matrix_title"))
        text = plot_text.roles_path(title, [(n, role.label) for n, role, _, _ in path], len(phases))
        charts.append(Chart(title, text, matrix_svg(model, path, description=text)))
    return charts
