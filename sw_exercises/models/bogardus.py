"""The Bogardus social distance scale, as decided in shared/content/README.md (decision 1).

Source: Rözer & Völker, lemma 'Sociale afstand' (Veldboer e.a., ca. 2022), after Bogardus (1959).
Labels, groups and the 'does not apply' pairs come from ``locales/<language>/bogardus.json``; this
module only scores. docs/BOGARDUS.md explains every rule below with worked examples.

What a stored answer means (``Response.from_value``):

* ``{"accepted": [3, 4, 5, 6], "excluded": false, "none": false}``: these relations are accepted
  (rank 1 = verwant, the closest … 6 = bezoeker, the most distant).
* ``{"accepted": [], "excluded": false, "none": true}``: an explicit 'geen van deze' (no relation
  accepted). Distance 7.
* ``{"accepted": [], "excluded": true, ...}``: Bogardus's original seventh step 'uit het land weren'
  with nothing accepted. Distance 7.
* ``{"accepted": [], "excluded": false, ...}`` with ``none`` false or missing: UNANSWERED, read as
  None. The version before 'geen van deze' stored this when a student ticked nothing or unticked
  everything (:func:`is_old_empty_answer`); 'wis antwoord' stores :data:`UNANSWERED_VALUE`.
* ``none`` together with accepted relations is contradictory: the accepted relations win and
  ``none`` is dropped (the widget never stores it; a hand-edited file might).

Guttman errors are counted the Goodenough-Edwards way (Goodenough, 1944; Edwards, 1957): the items
are the six relations, plus 'not excluding from the country' when the seventh step is offered. A
response with k 'yes' answers is compared with the perfect cumulative pattern that has the same k
'yes' answers: the k most distant (most often accepted) items, i.e. not excluding, then ranks 6, 5,
… Every cell where the two differ is one error. Accepting only 'verwant' is therefore 2 errors
(verwant yes where the pattern says no, bezoeker no where it says yes); counting the fewest changes
that would make the pattern perfect (:func:`minimal_errors`) gives 1. The coefficient of
reproducibility is 1 − errors / (respondents' answers × items); a scale is usually called
cumulative from 0.90 (Guttman, 1950). That is a verdict about a class, never about one student:
:func:`class_verdict`.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..formats import format_number
from ..i18n import content, t, tn
from ..ids import slug
from .summary import Chart, ClassData, Figure, class_summary, item_kind, portfolio_chart

NONE_ACCEPTED = 7
CUMULATIVE_THRESHOLD = 0.90
#: fewest respondents for a class verdict; the workbook's own choice, not a rule from the literature
MIN_RESPONDENTS = 10
MAX_GROUP_LABEL = 80
#: what 'wis antwoord' stores: unanswered, and recognisably not a value of the old version
UNANSWERED_VALUE: dict[str, Any] = {"accepted": [], "excluded": False, "none": False}


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
    #: (group id, rank) -> the Dutch reason why that relation cannot literally apply to the group
    not_applicable: Mapping[tuple[str, int], str] = field(default_factory=dict, hash=False)
    none_short: str = ""

    @property
    def n_items(self) -> int:
        return len(self.relations) + (1 if self.exclusion else 0)

    def relation(self, rank: int) -> Relation:
        if self.exclusion is not None and rank == self.exclusion.rank:
            return self.exclusion
        return self.relations[rank - 1]

    def distance_label(self, d: int) -> str:
        """What a distance means: the closest relation accepted; for 7 'none' (or exclusion)."""
        if d <= len(self.relations):
            return self.relations[d - 1].label
        none = self.none_short or self.none_label
        return none if self.exclusion is None else f"{none} / {self.exclusion.short}"

    def response_label(self, response: "Response") -> str:
        """What this answer's distance stands for: the closest relation, 'geen van deze' or exclusion."""
        if response.accepted:
            return self.relations[min(response.accepted) - 1].label
        if response.excluded and self.exclusion is not None:
            return self.exclusion.short
        return self.none_label

    def reason_not_applicable(self, group_id: str, rank: int) -> str | None:
        """Why relation ``rank`` cannot literally apply to the group (None when it can)."""
        return self.not_applicable.get((group_id, rank))

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
    rank_of = {r.id: r.rank for r in relations}
    not_applicable = {(p["group"], rank_of[p["relation"]]): p["reason"] for p in data.get("not_applicable", [])}
    scale = Scale(relations, exclusion, groups, data["source"], data["question"], data["none_label"],
                  not_applicable, data.get("none_short", ""))
    return scale.with_groups(custom_group(label) for label in extra_groups)


@dataclass(frozen=True)
class Response:
    """What one respondent answered for one group.

    ``accepted``: ranks of the relations accepted; ``excluded``: the seventh step 'uit het land
    weren'; ``none``: an explicit 'geen van deze'. Accepted relations win over ``none``. A Response
    with none of the three is unanswered (``answered`` is False); stored, it reads back as None.
    """
    accepted: frozenset[int] = field(default_factory=frozenset)
    excluded: bool = False
    none: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "accepted", frozenset(self.accepted))
        if self.accepted and self.none:
            object.__setattr__(self, "none", False)  # contradictory: the accepted relations win

    @property
    def answered(self) -> bool:
        return bool(self.accepted) or self.excluded or self.none

    def to_value(self) -> dict[str, Any]:
        return {"accepted": sorted(self.accepted), "excluded": self.excluded, "none": self.none}

    @classmethod
    def from_value(cls, value: Any, n_relations: int = 6) -> "Response | None":
        """Read a stored answer; unanswered (see the module doc) and malformed values are None."""
        if not isinstance(value, Mapping):
            return None
        accepted = value.get("accepted", [])
        if not isinstance(accepted, list):
            return None
        if cls is Response and all(type(r) is int for r in accepted):
            return _parsed(tuple(accepted), value.get("excluded") is True, value.get("none") is True, n_relations)
        ranks = frozenset(r for r in accepted
                          if isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= n_relations)
        response = cls(ranks, value.get("excluded") is True, value.get("none") is True)
        return response if response.answered else None


@lru_cache(maxsize=4096)
def _parsed(accepted: tuple[int, ...], excluded: bool, none: bool, n_relations: int) -> Response | None:
    response = Response(frozenset(r for r in accepted if 1 <= r <= n_relations), excluded, none)
    return response if response.answered else None


def is_old_empty_answer(value: Any) -> bool:
    """A value the version before 'geen van deze' stored for a group with nothing ticked.

    It has no ``none`` key, accepts nothing and does not exclude. It now means unanswered; the
    scale view tells the student so once.
    """
    return (isinstance(value, Mapping) and "none" not in value and value.get("accepted") == []
            and value.get("excluded") is not True)


@dataclass(frozen=True)
class GuttmanError:
    """One cell where a response differs from the perfect cumulative pattern with as many 'yes' answers.

    kind: "accepted" (relation accepted where the pattern refuses it), "refused" (relation refused
    where the pattern accepts it) or "excluded_but_accepts" (rank 7: excludes from the country while
    the pattern does not, which happens when a relation is accepted too).
    """
    kind: str
    rank: int


def _check(response: Response) -> None:
    if not response.answered:
        raise ValueError("an unanswered response has no distance and no errors")


def distance(response: Response) -> int:
    """Rank of the closest relation accepted; 7 for 'geen van deze' or exclusion with nothing accepted.

    Raises ValueError for an unanswered Response: unanswered is never distance 7.
    """
    _check(response)
    return min(response.accepted) if response.accepted else NONE_ACCEPTED


def _positives(response: Response, n_relations: int) -> frozenset[int]:
    """The 'yes' cells: accepted ranks, plus 7 for 'not excluded' (always true when not offered)."""
    yes = {r for r in response.accepted if 1 <= r <= n_relations}
    if not response.excluded:
        yes.add(NONE_ACCEPTED)
    return frozenset(yes)


def _perfect(k: int, n_relations: int) -> frozenset[int]:
    """The perfect cumulative pattern with k 'yes' cells: not excluding, then ranks n, n-1, …"""
    order = [NONE_ACCEPTED] + list(range(n_relations, 0, -1))
    return frozenset(order[:k])


def ideal_pattern(response: Response, n_relations: int = 6) -> Response:
    """The perfect cumulative pattern with as many 'yes' answers as ``response`` (Goodenough-Edwards)."""
    _check(response)
    yes = _perfect(len(_positives(response, n_relations)), n_relations)
    accepted = frozenset(r for r in yes if r != NONE_ACCEPTED)
    excluded = NONE_ACCEPTED not in yes
    return Response(accepted, excluded, none=not accepted and not excluded)


def guttman_errors(response: Response, n_relations: int = 6) -> list[GuttmanError]:
    """The cells where ``response`` differs from :func:`ideal_pattern` (Goodenough-Edwards), by rank."""
    _check(response)
    return list(_errors(response, n_relations))


@lru_cache(maxsize=4096)
def _errors(response: Response, n_relations: int) -> tuple[GuttmanError, ...]:
    """Cached: a class gives at most a few hundred different responses, over and over."""
    yes = _positives(response, n_relations)
    ideal = _perfect(len(yes), n_relations)
    errors = []
    for rank in sorted(yes ^ ideal):
        if rank == NONE_ACCEPTED:
            errors.append(GuttmanError("excluded_but_accepts", rank))
        else:
            errors.append(GuttmanError("accepted" if rank in yes else "refused", rank))
    return tuple(errors)


def _error_count(responses: list[Response], n_relations: int) -> int:
    return sum(len(_errors(r, n_relations)) * c for r, c in Counter(responses).items())


def minimal_errors(response: Response, n_relations: int = 6) -> int:
    """The fewest cells to change to make ``response`` perfectly cumulative (Guttman's own count).

    Never more than the Goodenough-Edwards count; shown for comparison, not used in the coefficient.
    """
    _check(response)
    yes = _positives(response, n_relations)
    return min(len(yes ^ _perfect(k, n_relations)) for k in range(n_relations + 2))


def _answered(responses: Iterable[Response | None]) -> list[Response]:
    return [r for r in responses if r is not None and r.answered]


def reproducibility(responses: Iterable[Response | None], n_items: int, n_relations: int = 6) -> float | None:
    """1 − errors / (answered responses × items), Goodenough-Edwards errors.

    Unanswered groups (None or an unanswered Response) are left out; None when nothing is left.
    ``n_items`` is 6, or 7 when the seventh step is offered.
    """
    answered = _answered(responses)
    if not answered:
        return None
    return 1 - _error_count(answered, n_relations) / (len(answered) * n_items)


@dataclass(frozen=True)
class ClassVerdict:
    """Whether a class's answers form a cumulative scale (coefficient ≥ threshold)."""
    coefficient: float
    cumulative: bool
    respondents: int
    responses: int
    errors: int
    n_items: int
    threshold: float = CUMULATIVE_THRESHOLD


def class_verdict(responses: Iterable[Response | None], n_items: int, *, respondents: int | None = None,
                  min_respondents: int = MIN_RESPONDENTS, threshold: float = CUMULATIVE_THRESHOLD,
                  n_relations: int = 6) -> ClassVerdict | None:
    """The coefficient of reproducibility of a class and whether it reaches ``threshold`` (0.90).

    ``responses``: every answered group of every respondent (unanswered ones are left out).
    ``respondents``: how many people gave them; by default one per response (right for the
    responses to one group). None when fewer than ``min_respondents`` answered: a verdict on a
    handful of people (let alone one student) says nothing about the scale.
    """
    answered = _answered(responses)
    people = len(answered) if respondents is None else respondents
    if not answered or people < min_respondents:
        return None
    errors = _error_count(answered, n_relations)
    coefficient = 1 - errors / (len(answered) * n_items)
    return ClassVerdict(coefficient, coefficient >= threshold, people, len(answered), errors, n_items, threshold)


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


# -- the plain-language explanation for one student -------------------------------------------
def _listed(labels: Sequence[str], word: str) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" {word} " + labels[-1]


def only_not_applicable(response: Response, group_id: str, scale: Scale) -> list[int]:
    """Ranks of 'does not apply' relations that are the only reason for this response's errors.

    Empty when the response has no errors, or when it would still have errors if those relations
    were accepted too.
    """
    n_rel = len(scale.relations)
    if not guttman_errors(response, n_rel):
        return []
    ranks = [r for r in range(1, n_rel + 1)
             if scale.reason_not_applicable(group_id, r) and r not in response.accepted]
    if not ranks:
        return []
    filled = Response(response.accepted | frozenset(ranks), response.excluded)
    return ranks if not guttman_errors(filled, n_rel) else []


def explain(response: Response | None, scale: Scale, group: Group | None = None) -> str:
    """Which answers for one group break the cumulative pattern, in plain Dutch; no verdict."""
    texts = content("bogardus")["explain"]
    if response is None or not response.answered:
        return texts["unanswered"]
    who = group.label if group is not None else texts["someone"]
    gid = group.id if group is not None else ""
    n_rel = len(scale.relations)
    errors = guttman_errors(response, n_rel)
    if not response.accepted:
        return texts["excluded"] if response.excluded else texts["none"]
    closest = min(response.accepted)
    short = scale.relation(closest).short
    if not errors:
        return texts["consistent"].format(group=who, closest=short)
    quote = texts["quote"]
    parts = []
    gaps = [r for r in range(closest + 1, n_rel + 1) if r not in response.accepted]
    if gaps:
        refused = _listed([quote.format(label=scale.relation(r).short) for r in gaps], texts["or"])
        parts.append(texts["gaps"].format(group=who, closest=quote.format(label=short), refused=refused))
    if response.excluded:
        parts.append(texts["excluded_but_accepts"].format(group=who, closest=quote.format(label=short)))
    count = texts["errors_one"] if len(errors) == 1 else texts["errors_many"].format(n=len(errors))
    if response.excluded:
        parts.append(texts["count_excluded"].format(errors=count))
    else:
        k = len(response.accepted)
        ideal = [quote.format(label=scale.relation(r).short) for r in sorted(ideal_pattern(response, n_rel).accepted)]
        cells = [quote.format(label=scale.relation(e.rank).short) for e in errors]
        parts.append(texts["count_one" if k == 1 else "count_many"].format(
            errors=count, k=k, ideal=_listed(ideal, texts["and"]), cells=_listed(cells, texts["and"])))
    for r in gaps:
        reason = scale.reason_not_applicable(gid, r)
        if reason:
            parts.append(texts["not_applicable"].format(relation=quote.format(label=scale.relation(r).short),
                                                        reason=reason))
    if only_not_applicable(response, gid, scale):
        parts.append(texts["only_not_applicable"])
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
            if response is not None and response.answered:
                everyone.append(response)
                per_group.setdefault(item, []).append(response)
                mine += 1
        respondents += mine > 0
    for group in scale.groups:
        responses = per_group.get(f"bogardus/{group.id}", [])
        n = len(responses)
        kinds = Counter(responses)  # parsed responses are shared objects: count each pattern once
        counts = [sum(c for r, c in kinds.items() if rank in r.accepted) for rank in range(1, n_rel + 1)]
        if scale.exclusion:
            counts.append(sum(c for r, c in kinds.items() if r.excluded))
        acceptance.append(data.count_row(group.label, counts, n, percent=True, partition=False))
        by_distance: Counter = Counter()
        for r, c in kinds.items():
            by_distance[distance(r)] += c
        distances.append(data.count_row(group.label, [by_distance[d] for d in range(1, NONE_ACCEPTED + 1)], n,
                                        percent=True, partition=True))
        means.append(data.mean_row(group.label, [[float(d) for d, c in by_distance.items() for _ in range(c)]]))
    coefficient = reproducibility(everyone, scale.n_items, n_rel) if everyone else None
    judged = class_verdict(everyone, scale.n_items, respondents=respondents, n_relations=n_rel)
    if judged is None:
        verdict = t("klas.cr_too_few", n=MIN_RESPONDENTS) if everyone else ""
    else:
        verdict = t("klas.cr_cumulative" if judged.cumulative else "klas.cr_not_cumulative",
                    threshold=format_number(judged.threshold, 2))
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



# --------------------------------------------------------------------------- how items read

def _item_title(workbook: str, item: str, names: Mapping[str, str]) -> str | None:
    """``names``: the student's own group labels by id (from catalog.case_names), shown as typed."""
    if item == "groups/custom":
        return t("catalog.custom_groups")
    group_id = item.partition("/")[2]
    for group in load_scale().groups:
        if group.id == group_id:
            return t("catalog.bogardus_item", group=group.label)
    label = names.get(group_id) or group_id.removeprefix("eigen_").replace("_", " ")
    return t("catalog.bogardus_item", group=label)


def _item_value(workbook: str, item: str, value: Any) -> str | None:
    if not item.startswith("bogardus/"):
        return None
    scale = load_scale()
    response = Response.from_value(value, len(scale.relations))
    if response is None:  # unanswered: nothing ticked (old empty answer) or 'wis antwoord'
        return t("catalog.bogardus_unanswered") if isinstance(value, Mapping) else str(value)
    return t("catalog.bogardus_value", d=distance(response), label=scale.response_label(response),
             errors=tn("catalog.guttman_errors", len(guttman_errors(response, len(scale.relations)))))


item_kind("bogardus", title=_item_title, value=_item_value)
item_kind("groups", title=lambda workbook, item, cases: _item_title(workbook, item, cases) if item == "groups/custom" else None)


# --------------------------------------------------------------------------- portfolio chart

def tick_labels(scale: Scale) -> list[list[str]]:
    """The lines under each point of the profile's scale: its number and the relation's short name."""
    labels = [[str(r.rank), r.short] for r in scale.relations]
    labels.append([str(NONE_ACCEPTED), scale.distance_label(NONE_ACCEPTED)])
    return labels


def profile_rows(answers: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[tuple[Group, Response]]:
    """The answered groups of these answers, in the order the workbook shows them: the scale's
    groups, the student's own groups (``groups/custom``), then other answered groups (a lecturer's)."""
    names = names or {}
    own = []
    for label in answers.get("groups/custom") or []:
        try:
            own.append(custom_group(clean_group_label(label)))
        except ValueError:
            continue
    scale = load_scale().with_groups(own)
    known = {g.id for g in scale.groups}
    others = sorted(m.group(1) for item in answers if (m := _GROUP_ITEM.match(item)) and m.group(1) not in known)
    groups = list(scale.groups) + [Group(gid, names.get(gid) or gid.removeprefix("eigen_").replace("_", " "), custom=True)
                                   for gid in others]
    rows = []
    for group in groups:
        response = Response.from_value(answers.get(f"bogardus/{group.id}"), len(scale.relations))
        if response is not None:
            rows.append((group, response))
    return rows


@portfolio_chart(WORKBOOK)
def portfolio_profile(workbook: str, answers: Mapping[str, Any], names: Mapping[str, str]) -> list[Chart]:
    """The student's distance per group: the dot plot workbook 01 shows under the scale."""
    from .. import plot_text
    from ..widgets import svg

    rows = profile_rows(answers, names)
    if not rows:
        return []
    scale = load_scale()
    n_rel = len(scale.relations)
    errors = {g.id: len(guttman_errors(r, n_rel)) for g, r in rows}
    title = t("bogardus.profile_title")
    text = plot_text.bogardus_profile(title, [(g.label, distance(r), errors[g.id]) for g, r in rows])
    series = [(t("bogardus.profile_consistent"), [(g.label, distance(r)) for g, r in rows if not errors[g.id]]),
              (t("bogardus.profile_errors"), [(g.label, distance(r)) for g, r in rows if errors[g.id]])]
    drawing = svg.dots(title, series, tick_labels(scale), x_title=t("bogardus.profile_x"), description=text)
    return [Chart(title, text, drawing)]
