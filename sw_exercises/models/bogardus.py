"""The Bogardus social distance scale, as decided in shared/content/README.md (decision 1).

Source: Rözer & Völker, lemma 'Sociale afstand' (Veldboer e.a., ca. 2022), after Bogardus (1959).
Labels and groups come from ``locales/<language>/bogardus.json``; this module only scores.

Scoring rules (documented here because the coefficient depends on them):

* A response to one group is the set of relations accepted (ranks 1 = verwant … 6 = bezoeker)
  plus, optionally, Bogardus's original seventh step 'uit het land weren'.
* Distance = the rank of the closest relation accepted; 7 when none is accepted.
* The scale is cumulative: accepting rank *d* implies accepting every rank above *d*. The
  reproduced pattern for distance *d* accepts ranks d…6 and does not exclude. Guttman errors are
  the cells where the response differs from that pattern: every more distant relation refused,
  plus one when 'weren' is ticked while a relation is accepted.
* Coefficient of reproducibility = 1 − errors / responses, where responses = respondents × items
  (6 items, 7 when the seventh step is offered). By convention ≥ 0.90 counts as cumulative.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..i18n import content, fmt_number, t
from ..ids import slug
from .summary import ClassData, Figure, class_summary

NONE_ACCEPTED = 7
CUMULATIVE_THRESHOLD = 0.90
MAX_GROUP_LABEL = 80


@dataclass(frozen=True)
class Relation:
    rank: int
    id: str
    label: str
    short: str


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    custom: bool = False


@dataclass(frozen=True)
class Scale:
    relations: tuple[Relation, ...]
    exclusion: Relation | None
    groups: tuple[Group, ...]
    source: str
    question: str
    none_label: str

    @property
    def n_items(self) -> int:
        return len(self.relations) + (1 if self.exclusion else 0)

    def relation(self, rank: int) -> Relation:
        if self.exclusion is not None and rank == self.exclusion.rank:
            return self.exclusion
        return self.relations[rank - 1]

    def distance_label(self, d: int) -> str:
        """What a distance means: the closest relation accepted, or 'none' for 7."""
        if d <= len(self.relations):
            return self.relations[d - 1].label
        return self.exclusion.short if self.exclusion is not None else self.none_label

    def with_groups(self, extra: Iterable[Group]) -> "Scale":
        known = {g.id for g in self.groups}
        added = []
        for group in extra:
            if group.id not in known:
                known.add(group.id)
                added.append(group)
        return replace(self, groups=self.groups + tuple(added))


def load_scale(*, include_exclusion: bool = True, extra_groups: Iterable[str] = ()) -> Scale:
    """The lemma's scale and groups, plus groups a lecturer names (``extra_groups``)."""
    data = content("bogardus")
    relations = tuple(Relation(r["rank"], r["id"], r["label"], r["short"]) for r in data["relations"])
    ex = data["exclusion"]
    exclusion = Relation(ex["rank"], ex["id"], ex["label"], ex["short"]) if include_exclusion else None
    groups = tuple(Group(g["id"], g["label"]) for g in data["groups"])
    scale = Scale(relations, exclusion, groups, data["source"], data["question"], data["none_label"])
    return scale.with_groups(custom_group(label) for label in extra_groups)


@dataclass(frozen=True)
class Response:
    """What one respondent answered for one group."""
    accepted: frozenset[int] = field(default_factory=frozenset)
    excluded: bool = False

    def to_value(self) -> dict[str, Any]:
        return {"accepted": sorted(self.accepted), "excluded": self.excluded}

    @classmethod
    def from_value(cls, value: Any, n_relations: int = 6) -> "Response | None":
        """Read a stored answer; anything malformed counts as unanswered (None)."""
        if not isinstance(value, Mapping):
            return None
        accepted = value.get("accepted", [])
        if not isinstance(accepted, list):
            return None
        ranks = frozenset(r for r in accepted if isinstance(r, int) and 1 <= r <= n_relations)
        return cls(ranks, bool(value.get("excluded", False)))


@dataclass(frozen=True)
class GuttmanError:
    kind: str  # "refused" (a more distant relation not accepted) or "excluded_but_accepts"
    rank: int


def distance(response: Response) -> int:
    return min(response.accepted) if response.accepted else NONE_ACCEPTED


def guttman_errors(response: Response, n_relations: int = 6) -> list[GuttmanError]:
    d = distance(response)
    errors = [GuttmanError("refused", r) for r in range(d + 1, n_relations + 1) if r not in response.accepted]
    if response.excluded and response.accepted:
        errors.append(GuttmanError("excluded_but_accepts", NONE_ACCEPTED))
    return errors


def reproducibility(responses: Iterable[Response], n_items: int, n_relations: int = 6) -> float | None:
    """1 − errors / (respondents × items); None when there are no responses."""
    responses = list(responses)
    if not responses:
        return None
    errors = sum(len(guttman_errors(r, n_relations)) for r in responses)
    return 1 - errors / (len(responses) * n_items)


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation; None for fewer than two values
    minimum: int | None
    maximum: int | None


def summarise(distances: Sequence[int]) -> Summary:
    """Mean and spread of the distances that respondents gave one group."""
    n = len(distances)
    if n == 0:
        return Summary(0, None, None, None, None)
    mean = sum(distances) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in distances) / (n - 1)) if n > 1 else None
    return Summary(n, mean, sd, min(distances), max(distances))


def explain(response: Response | None, scale: Scale) -> str:
    """A plain-language account of one response: its distance and any Guttman errors."""
    texts = content("bogardus")["explain"]
    if response is None:
        return texts["unanswered"]
    errors = guttman_errors(response, len(scale.relations))
    if not response.accepted:
        return texts["excluded"] if response.excluded else texts["none"]
    closest = scale.relation(distance(response)).label
    if not errors:
        return texts["consistent"].format(closest=closest)
    parts = []
    refused = [e.rank for e in errors if e.kind == "refused"]
    if refused:
        labels = [texts["quote"].format(label=scale.relation(r).label) for r in refused]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" {texts['and']} " + labels[-1]
        count = texts["errors_one"] if len(refused) == 1 else texts["errors_many"].format(n=len(refused))
        parts.append(texts["refused"].format(closest=closest, refused=listed, errors=count))
    if any(e.kind == "excluded_but_accepts" for e in errors):
        parts.append(texts["excluded_but_accepts"].format(closest=closest))
    parts.append(texts["why"])
    return " ".join(parts)


def clean_group_label(label: Any) -> str:
    """Whitespace-normalised label; raises ValueError with a message key when unusable."""
    if not isinstance(label, str):
        raise ValueError("bogardus.group_empty")
    cleaned = " ".join(label.split())
    if not cleaned:
        raise ValueError("bogardus.group_empty")
    if len(cleaned) > MAX_GROUP_LABEL:
        raise ValueError("bogardus.group_too_long")
    return cleaned


def custom_group(label: str) -> Group:
    cleaned = clean_group_label(label)
    # stable across kernels (no hash()): a label without ASCII letters gets a digest
    made = slug(cleaned) or "u" + hashlib.sha1(cleaned.encode()).hexdigest()[:10]
    return Group(f"eigen_{made}", cleaned, custom=True)


# --------------------------------------------------------------------------- class summary
WORKBOOK = "01_sociale_afstand"
_GROUP_ITEM = re.compile(r"^bogardus/([a-z0-9_]{1,100})$")


def _known(item: str) -> bool:
    if item == "groups/custom" or re.fullmatch(r"bogardus/_[a-z_]{1,40}", item):
        return True
    m = _GROUP_ITEM.match(item)
    return m is not None and (m.group(1).startswith("eigen_") or m.group(1) in {g.id for g in load_scale().groups})


def _lecturer_groups(data: ClassData, answers: list[dict[str, Any]], scale: Scale) -> list[Group]:
    """Groups a lecturer added (in the assignment pack, or named to the overview): never a student's own
    group, whose label is free text. A group the lecturer did not name is shown only when at least k
    hand-ins answered it, none of them listed it as their own, and its name holds no personal data."""
    from ..privacy import find_personal_data

    named = {custom_group(label).id: custom_group(label) for label in data.extra_groups if _usable(label)}
    own = {custom_group(label).id for a in answers for label in (a.get("groups/custom") or [])
           if isinstance(label, str) and _usable(label)}
    standard = {g.id for g in scale.groups}
    answered: dict[str, int] = {}
    for a in answers:
        for item in a:
            m = _GROUP_ITEM.match(item)
            if m and m.group(1) not in standard and m.group(1).startswith("eigen_"):
                answered[m.group(1)] = answered.get(m.group(1), 0) + 1
    groups = [named[gid] for gid in sorted(named)]
    for gid, count in sorted(answered.items()):
        if gid in named or gid in own or count < data.k:
            continue
        label = gid.removeprefix("eigen_").replace("_", " ")
        if not find_personal_data(label) and not find_personal_data(label.title()):
            groups.append(Group(gid, label, custom=True))
    return groups


def _usable(label: Any) -> bool:
    try:
        clean_group_label(label)
    except ValueError:
        return False
    return True


@class_summary(WORKBOOK, known=_known)
def class_figures(data: ClassData) -> list[Figure]:
    """Per group: the share accepting each relation, the distribution of distances (an explicit 'none of
    these' counts as 7, an unanswered group is left out) and the mean distance with n; the class's
    coefficient of reproducibility. Students' own groups are never shown (their names are free text)."""
    answers = data.answers(WORKBOOK)
    if not answers:
        return []
    scale = load_scale()
    scale = scale.with_groups(_lecturer_groups(data, answers, scale))
    n_rel = len(scale.relations)
    columns = tuple(r.label for r in scale.relations) + ((scale.exclusion.short,) if scale.exclusion else ())
    acceptance, distances, means = [], [], []
    everyone: list[Response] = []
    per_group: dict[str, list[Response]] = {}
    respondents = 0
    for student in answers:
        mine = 0
        for item, value in student.items():
            if not item.startswith("bogardus/"):
                continue
            response = Response.from_value(value, n_rel)
            if response is not None and _answered(response):
                everyone.append(response)
                per_group.setdefault(item, []).append(response)
                mine += 1
        respondents += mine > 0
    for group in scale.groups:
        responses = per_group.get(f"bogardus/{group.id}", [])
        n = len(responses)
        counts = [sum(1 for r in responses if rank in r.accepted) for rank in range(1, n_rel + 1)]
        if scale.exclusion:
            counts.append(sum(1 for r in responses if r.excluded))
        acceptance.append(data.count_row(group.label, counts, n, percent=True, partition=False))
        values = [distance(r) for r in responses]
        distances.append(data.count_row(group.label, [values.count(d) for d in range(1, NONE_ACCEPTED + 1)], n,
                                        percent=True, partition=True))
        means.append(data.mean_row(group.label, [[float(v) for v in values]]))
    coefficient = reproducibility(everyone, scale.n_items, n_rel) if everyone else None
    verdict = "" if coefficient is None else t(
        "klas.cr_cumulative" if coefficient >= CUMULATIVE_THRESHOLD else "klas.cr_not_cumulative",
        threshold=fmt_number(CUMULATIVE_THRESHOLD, 2))
    coefficient_row = data.value_row(t("klas.cr_row"), coefficient, respondents)
    distance_columns = tuple(scale.distance_label(d) for d in range(1, NONE_ACCEPTED + 1))
    return [
        Figure(WORKBOOK, "acceptatie", t("klas.heatmap_caption"), "percent", columns, tuple(acceptance),
               chart="heatmap"),
        Figure(WORKBOOK, "afstand_verdeling", t("klas.distance_distribution_caption"), "percent",
               distance_columns, tuple(distances), chart="stacked", partition=True,
               note=t("klas.distance_note")),
        Figure(WORKBOOK, "afstand_gemiddelde", t("klas.distance_caption"), "mean", (t("klas.col_mean"),),
               tuple(means), chart="bars", decimals=2, note=t("klas.distance_note")),
        Figure(WORKBOOK, "reproduceerbaarheid", t("klas.cr_caption"), "value", (t("klas.col_value"),),
               (coefficient_row,), decimals=2,
               note=(verdict + " " + t("klas.cr_note")).strip() if not coefficient_row.suppressed else t("klas.cr_note")),
    ]


def _answered(response: Response) -> bool:
    """An answer: relations accepted, 'none of these', or excluded. A stored empty answer is unanswered."""
    return bool(response.accepted) or bool(getattr(response, "none", False)) or response.excluded
