"""The Viervenstermodel (decision 2 in shared/content/README.md): four windows on a case.

Source: lemma 'Integraal werken' (Van Xanten & Van Arum, in Veldboer e.a., ca. 2022), 18 working
elements in four windows (5/5/4/4); Wilken (seed 002) on the links between the windows. The rating
scale on the elements is this workbook's, not the source's. Labels live in
``locales/<language>/viervenster.json``; this module only computes.
"""
from __future__ import annotations

import re

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from .summary import Chart, ClassData, Figure, class_summary, item_kind, portfolio_chart
from ..i18n import content, t


@dataclass(frozen=True)
class Element:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Window:
    id: str
    number: int
    label: str
    short: str
    prompt: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Link:
    id: str
    a: str
    b: str
    hint: str


@dataclass(frozen=True)
class Model:
    windows: tuple[Window, ...]
    levels: tuple[tuple[int, str], ...]  # (value, label), lowest first
    unrated: str
    rating_note: str
    links: tuple[Link, ...]
    link_levels: tuple[str, ...]
    source: str
    name_note: str

    @property
    def max_level(self) -> int:
        return max(v for v, _ in self.levels)

    def window(self, window_id: str) -> Window:
        return next(w for w in self.windows if w.id == window_id)

    @property
    def elements(self) -> tuple[Element, ...]:
        return tuple(e for w in self.windows for e in w.elements)


def load_model() -> Model:
    data = content("viervenster")
    windows = tuple(
        Window(w["id"], w["number"], w["label"], w["short"], w["prompt"],
               tuple(Element(e["id"], e["label"], e["description"]) for e in w["elements"]))
        for w in data["windows"])
    links = tuple(Link(p["id"], p["a"], p["b"], p["hint"]) for p in data["links"]["pairs"])
    levels = tuple((lv["value"], lv["label"]) for lv in data["rating"]["levels"])
    return Model(windows, levels, t("viervenster.unrated"), data["rating"]["note"], links,
                 tuple(data["links"]["levels"]), data["source"], data["name_note"])


def all_pairs(model: Model) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in combinations([w.id for w in model.windows], 2)}


@dataclass
class Analysis:
    """One case seen through the four windows. Missing keys mean 'not done yet'."""
    texts: dict[str, str] = field(default_factory=dict)        # window id -> analysis text
    ratings: dict[str, int] = field(default_factory=dict)      # element id -> level value
    links: dict[str, int] = field(default_factory=dict)        # link id -> index into link levels
    links_text: str = ""


@dataclass(frozen=True)
class WindowCoverage:
    window: Window
    words: int
    rated: int
    total: int
    mean: float | None  # mean rating of the rated elements

    @property
    def has_text(self) -> bool:
        return self.words > 0


def clean_rating(value: object, model: Model) -> int | None:
    valid = {v for v, _ in model.levels}
    return value if isinstance(value, int) and not isinstance(value, bool) and value in valid else None


def coverage(model: Model, analysis: Analysis) -> list[WindowCoverage]:
    result = []
    for window in model.windows:
        ratings = [analysis.ratings[e.id] for e in window.elements
                   if clean_rating(analysis.ratings.get(e.id), model) is not None]
        words = len(analysis.texts.get(window.id, "").split())
        mean = sum(ratings) / len(ratings) if ratings else None
        result.append(WindowCoverage(window, words, len(ratings), len(window.elements), mean))
    return result


def progress(model: Model, analysis: Analysis) -> float:
    """Share of the steps done: a text per window, a rating per element, a rating per link."""
    parts = coverage(model, analysis)
    done = sum(c.has_text for c in parts) + sum(c.rated for c in parts)
    done += sum(1 for link in model.links if isinstance(analysis.links.get(link.id), int))
    total = len(model.windows) + len(model.elements) + len(model.links)
    return done / total


def least_covered(model: Model, analysis: Analysis) -> Window | None:
    """The window the analysis has looked at least (None when all are equally complete)."""
    parts = coverage(model, analysis)
    scores = [((c.rated / c.total) + (1 if c.has_text else 0), c.window.number, c.window) for c in parts]
    lowest = min(scores, key=lambda s: (s[0], s[1]))
    return None if all(s[0] == lowest[0] for s in scores) else lowest[2]


# --------------------------------------------------------------------------- class summary
WORKBOOK = "02_viervenstermodel"
_CASE_ITEM = re.compile(r"^case/[^/]{1,120}/(window|element|link)/([a-z0-9_]{1,64})$")


def _known(item: str) -> bool:
    m = _CASE_ITEM.match(item)
    if m is None:
        return bool(re.fullmatch(r"case/[^/]{1,120}/links", item))
    model = load_model()
    ids = {"window": {w.id for w in model.windows}, "element": {e.id for e in model.elements},
           "link": {lk.id for lk in model.links}}
    return m.group(2) in ids[m.group(1)]


@class_summary(WORKBOOK, known=_known)
def class_figures(data: ClassData) -> list[Figure]:
    """Per window the share of analyses with text; per working element the mean rating (each student's
    mean over their cases); per connection the mean strength. Texts are never pooled."""
    model = load_model()
    answers = data.answers(WORKBOOK)
    if not answers:
        return []
    valid = {v for v, _ in model.levels}
    with_text: list[set[str]] = []
    ratings: dict[str, list[float]] = {e.id: [] for e in model.elements}
    links: dict[str, list[float]] = {lk.id: [] for lk in model.links}
    for student in answers:
        texts: set[str] = set()
        rated: dict[str, list[int]] = {}
        linked: dict[str, list[int]] = {}
        for item, value in student.items():
            parts = item.split("/")
            if len(parts) != 4:
                continue
            kind, key = parts[2], parts[3]
            if kind == "window" and isinstance(value, str) and value.strip():
                texts.add(key)
            elif kind == "element" and type(value) is int and value in valid:
                rated.setdefault(key, []).append(value)
            elif kind == "link" and isinstance(value, int) and not isinstance(value, bool) \
                    and 0 <= value < len(model.link_levels):
                linked.setdefault(key, []).append(value)
        if texts or rated or linked:
            with_text.append(texts)
        for key, values in rated.items():
            ratings[key].append(sum(values) / len(values))
        for key, values in linked.items():
            links[key].append(sum(values) / len(values))
    n = len(with_text)
    window_rows = tuple(data.count_row(f"{w.number} · {w.short}", [sum(1 for s in with_text if w.id in s)], n,
                                       percent=True, partition=False) for w in model.windows)
    element_rows = tuple(data.mean_row(f"{w.number}. {e.label}", [ratings[e.id]])
                         for w in model.windows for e in w.elements)
    names = {w.id: w.short for w in model.windows}
    link_rows = tuple(data.mean_row(f"{names[lk.a]} ↔ {names[lk.b]}", [links[lk.id]]) for lk in model.links)
    levels = " · ".join(f"{value} = {label}" for value, label in model.levels)
    return [
        Figure(WORKBOOK, "vensters_met_tekst", t("klas.windows_caption"), "percent", (t("klas.col_with_text"),),
               window_rows, chart="bars"),
        Figure(WORKBOOK, "werkzame_elementen", t("klas.elements_caption"), "mean", (t("klas.col_mean_rating"),),
               element_rows, chart="bars", decimals=1, note=t("klas.levels_note", levels=levels)),
        Figure(WORKBOOK, "verbindingen", t("klas.links_caption"), "mean", (t("klas.col_mean_link"),), link_rows,
               chart="bars", decimals=1, note=t("klas.levels_note", levels=" · ".join(
                   f"{i} = {label}" for i, label in enumerate(model.link_levels)))),
    ]


# --------------------------------------------------------------------------- how items read

def _case_title(workbook: str, item: str, cases: Mapping[str, str]) -> str | None:
    parts = item.split("/")
    if len(parts) < 3 or parts[2] not in ("window", "element", "link", "links"):
        return None
    model = load_model()
    what, detail = parts[2], parts[3] if len(parts) > 3 else ""
    if what == "window":
        label = next((w.short for w in model.windows if w.id == detail), detail)
    elif what == "element":
        label = next((e.label for e in model.elements if e.id == detail), detail)
    elif what == "link":
        names = {w.id: w.short for w in model.windows}
        link = next((lk for lk in model.links if lk.id == detail), None)
        label = f"{names[link.a]} ↔ {names[link.b]}" if link else detail
    else:
        label = t("catalog.case_links")
    return t("catalog.case_item", case=cases.get(parts[1], parts[1]), part=label)


def _case_value(workbook: str, item: str, value: object) -> str | None:
    model = load_model()
    if "/element/" in item:
        return dict(model.levels).get(value, str(value))
    if "/link/" in item and isinstance(value, int):
        return model.link_levels[value] if 0 <= value < len(model.link_levels) else str(value)
    return None


item_kind("case", title=_case_title, value=_case_value)


# --------------------------------------------------------------------------- portfolio chart

def analyses(answers: Mapping[str, object]) -> dict[str, Analysis]:
    """The element ratings per case id, read from ``case/<case>/element/<element>`` answers."""
    model = load_model()
    found: dict[str, Analysis] = {}
    for item, value in answers.items():
        parts = item.split("/")
        if len(parts) == 4 and parts[0] == "case" and parts[2] == "element":
            rating = clean_rating(value, model)
            if rating is not None:
                found.setdefault(parts[1], Analysis()).ratings[parts[3]] = rating
    return found


def case_chart(model: "Model", title: str, analysis: Analysis) -> Chart:
    """The chart of one case: its rated elements of the four windows on the rating scale, as inline
    SVG with its text alternative. The workbook shows it, and the portfolio (one per case)."""
    from .. import plot_text
    from ..widgets import svg

    levels = dict(model.levels)
    rated = [(w, e, analysis.ratings[e.id]) for w in model.windows for e in w.elements if e.id in analysis.ratings]
    text = plot_text.four_windows(title, [(f"{c.window.number} · {c.window.short}", c.rated, c.total)
                                          for c in coverage(model, analysis)],
                                  [(e.label, value, levels[value]) for _, e, value in rated])
    series = [(None, [(f"{w.number}. {e.label}", value) for w, e, value in rated])]
    ticks = [[str(value), label] for value, label in model.levels]
    return Chart(title, text, svg.dots(title, series, ticks, description=text, start=min(levels)))


@portfolio_chart(WORKBOOK)
def portfolio_windows(workbook: str, answers: Mapping[str, object], names: Mapping[str, str]) -> list[Chart]:
    """Per case, the rated elements of the four windows on the rating scale (the workbook's chart)."""
    model = load_model()
    return [case_chart(model, t("catalog.case_item", case=names.get(case_id, case_id), part=t("viervenster.chart_title")),
                       analysis)
            for case_id, analysis in analyses(answers).items()]
