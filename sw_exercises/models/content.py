"""Class summary of the content-driven parts of a workbook: choices, Likert items, reflections and
the interactive elements (checklist, classify, rating, path) of workbooks 01–07 and the lexicon (10).

What is pooled (texts are never pooled, only whether something was written):

* a choice: per option how many chose it (a single choice splits the class; several choices do not);
* a Likert item: how many chose each label, and the mean position (1 … number of labels);
* a reflection prompt: how many wrote something (a free text, or any part of an answer guided by a
  reflection model: :func:`sw_exercises.reflection.has_text`);
* a checklist: per item the share that ticked it; a classification: per statement how the class
  sorted it; a rating: the mean level per item (for a repeated rating: each student's latest round);
  a path: per phase the positions chosen. Lexicon elements the same, per lemma.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Mapping
from typing import Any

from ..i18n import content, content_names, t
from ..reflection import has_text, readable
from . import elements
from .summary import Chart, ClassData, Figure, class_summary, item_kind, portfolio_chart

WORKBOOKS = ("01_sociale_afstand", "02_viervenstermodel", "03_zes_rollen", "04_kwetsbaarheid", "05_do_no_harm",
             "06_het_sociale", "07_beroepsprofiel", "10_lexicon")
LEXICON = "10_lexicon"
# bookkeeping items that views keep as answers (open case, lists of cases): known, never pooled
_INTERNAL = re.compile(r"^(?:cases|current|groups/current|case/[^/]{1,120}/current|lemma/current|[a-z_]+/current)$")


@lru_cache(maxsize=None)
def _spec_ids(workbook: str, section: str) -> frozenset[str]:
    try:
        return frozenset(s["id"] for s in content(workbook).get(section, []) if isinstance(s, Mapping) and "id" in s)
    except FileNotFoundError:
        return frozenset()


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, dict[str, Any]]:
    found = {}
    for name in content_names("lexicon"):
        entry = content(name)
        found[entry.get("id", name.rsplit("/", 1)[-1])] = entry
    return found


def known(workbook: str):
    def check(item: str) -> bool:
        kind, _, rest = item.partition("/")
        if _INTERNAL.match(item):
            return True
        if kind in ("reflection", "choice", "likert"):
            return rest in _spec_ids(workbook, kind + "s")
        if kind == "element":
            element_id, _, sub = rest.partition("/")
            return element_id in _spec_ids(workbook, "elements") and (sub in ("", "note") or sub.isdigit())
        if kind == "lemma" and workbook == LEXICON:
            lemma_id, _, sub = rest.partition("/")
            entry = _lemmas().get(lemma_id)
            if entry is None:
                return False
            if sub in ("element", "element/note") or re.fullmatch(r"element/\d{1,2}", sub):
                return bool(entry.get("element"))
            if sub.startswith("reflection/"):
                return sub.split("/", 1)[1] in {r.get("id") for r in entry.get("reflections", [])}
            return False
        return False
    return check


def _texts(workbook: str, prefix: str, specs, answers: list[dict[str, Any]], data: ClassData, title: str) -> list[Figure]:
    """How many wrote something for each prompt (never what they wrote)."""
    rows = []
    total = data.n_handins
    for spec in specs:
        item = f"{prefix}{spec['id']}"
        wrote = sum(1 for a in answers if has_text(a.get(item)))  # free text, or any part of a guided answer
        rows.append(data.count_row(spec.get("title", spec["id"]), [wrote], total, percent=False, partition=False))
    if not rows:
        return []
    return [Figure(workbook, "reflecties", title, "count", (t("klas.col_count"),), tuple(rows), chart=None,
                   note=t("klas.reflections_note"))]


def _choices(workbook: str, data: ClassData, answers: list[dict[str, Any]]) -> list[Figure]:
    figures = []
    for spec in content(workbook).get("choices", []):
        item = f"choice/{spec['id']}"
        options = [(o["id"], o["label"]) for o in spec.get("options", [])]
        values = [a[item] for a in answers if item in a and a[item] not in (None, [], "")]
        multiple = bool(spec.get("multiple"))
        chosen = [set(v) if isinstance(v, list) else {v} for v in values]
        chosen = [c & {o for o, _ in options} for c in chosen]
        chosen = [c for c in chosen if c]
        counts = [sum(1 for c in chosen if oid in c) for oid, _ in options]
        row = data.count_row(t("klas.row_students"), counts, len(chosen), percent=True, partition=not multiple)
        figures.append(Figure(workbook, f"keuze_{spec['id']}", spec.get("title", spec["id"]), "percent",
                              tuple(label for _, label in options), (row,), chart="bars", partition=not multiple))
    for spec in content(workbook).get("likerts", []):
        item = f"likert/{spec['id']}"
        labels = list(spec.get("options", []))
        values = [a[item] for a in answers if isinstance(a.get(item), int) and not isinstance(a.get(item), bool)
                  and 1 <= a[item] <= len(labels)]
        counts = [values.count(i) for i in range(1, len(labels) + 1)]
        row = data.count_row(t("klas.row_students"), counts, len(values), percent=True, partition=True)
        figures.append(Figure(workbook, f"likert_{spec['id']}", spec.get("title", spec["id"]), "percent",
                              tuple(labels), (row,), chart="stacked", partition=True))
        mean = data.mean_row(t("klas.row_mean_position", n=len(labels)), [[float(v) for v in values]])
        figures.append(Figure(workbook, f"likert_{spec['id']}_gemiddelde", spec.get("title", spec["id"]), "mean",
                              (t("klas.col_mean"),), (mean,), decimals=2))
    return figures


def _latest_round(answers: Mapping[str, Any], item: str) -> Any:
    """A repeated rating keeps each round under ``item/<n>``: the latest round with a value."""
    rounds = sorted((int(k.rsplit("/", 1)[1]), v) for k, v in answers.items()
                    if k.startswith(item + "/") and k.rsplit("/", 1)[1].isdigit() and v)
    return rounds[-1][1] if rounds else answers.get(item)


def element_figures(workbook: str, fig_id: str, title: str, spec: Mapping, values: list[Any],
                    data: ClassData) -> list[Figure]:
    """The figures of one element from every student's stored value (None: not answered)."""
    kind = spec.get("type")
    if kind == "checklist":
        items = [(i["id"], i.get("label", i["id"])) for i in spec["items"]]
        answered = [set(elements.checked(spec, v)) for v in values if isinstance(v, list)]
        counts = [sum(1 for a in answered if iid in a) for iid, _ in items]
        rows = tuple(data.count_row(label, [c], len(answered), percent=True, partition=False)
                     for (_, label), c in zip(items, counts))
        return [Figure(workbook, fig_id, title, "percent", (t("klas.col_ticked"),), rows, chart="bars")]
    if kind == "classify":
        categories = [(c["id"], c.get("label", c["id"])) for c in spec["categories"]]
        sorted_ = [elements.classification(spec, v) for v in values]
        rows = []
        for statement in spec["statements"]:
            chosen = [s[statement["id"]] for s in sorted_ if statement["id"] in s]
            counts = [chosen.count(cid) for cid, _ in categories]
            rows.append(data.count_row(statement.get("text", statement["id"]), counts, len(chosen),
                                       percent=True, partition=True))
        return [Figure(workbook, fig_id, title, "percent", tuple(label for _, label in categories), tuple(rows),
                       chart="stacked", partition=True)]
    if kind == "rating":
        levels = list(spec["levels"])
        rated = [elements.ratings(spec, v) for v in values]
        rows = tuple(data.mean_row(item.get("label", item["id"]),
                                   [[float(r[item["id"]] + 1) for r in rated if item["id"] in r]])
                     for item in spec["items"])
        return [Figure(workbook, fig_id, title, "mean", (t("klas.col_mean_level", n=len(levels)),), rows,
                       chart="bars", decimals=2, note=t("klas.levels_note", levels=" · ".join(
                           f"{i} = {label}" for i, label in enumerate(levels, start=1))))]
    if kind == "path":
        positions = [(p["id"], p.get("label", p["id"])) for p in spec["positions"]]
        steps = [elements.path_steps(spec, v) for v in values if isinstance(v, list)]
        rows = []
        for index, phase in enumerate(spec["phases"]):
            chosen = [s[index][1] for s in steps if index < len(s) and s[index][1] is not None]
            rows.append(data.count_row(str(phase), [chosen.count(pid) for pid, _ in positions], len(chosen),
                                       percent=True, partition=True))
        return [Figure(workbook, fig_id, title, "percent", tuple(label for _, label in positions), tuple(rows),
                       chart="stacked", partition=True)]
    if kind == "choice":
        options = [(o["id"], o.get("label", o["id"])) for o in spec.get("options", [])]
        multiple = bool(spec.get("multiple"))
        chosen = [set(v) if isinstance(v, list) else {v} for v in values if v not in (None, [], "")]
        chosen = [c & {o for o, _ in options} for c in chosen]
        chosen = [c for c in chosen if c]
        row = data.count_row(t("klas.row_students"), [sum(1 for c in chosen if o in c) for o, _ in options],
                             len(chosen), percent=True, partition=not multiple)
        return [Figure(workbook, fig_id, title, "percent", tuple(label for _, label in options), (row,),
                       chart="bars", partition=not multiple)]
    return []


def _elements(workbook: str, data: ClassData, answers: list[dict[str, Any]]) -> list[Figure]:
    figures = []
    for spec in content(workbook).get("elements", []):
        item = f"element/{spec['id']}"
        values = [_latest_round(a, item) for a in answers]
        figures += element_figures(workbook, f"element_{spec['id']}", spec.get("title", spec["id"]), spec,
                                   [v for v in values if v is not None], data)
    return figures


def _lexicon(data: ClassData, answers: list[dict[str, Any]]) -> list[Figure]:
    figures = []
    reflections = []
    for lemma_id, entry in sorted(_lemmas().items()):
        spec = entry.get("element")
        title = entry.get("title", lemma_id)
        if spec:
            item = f"lemma/{lemma_id}/element"
            values = [_latest_round(a, item) for a in answers]
            figures += element_figures(LEXICON, f"lemma_{lemma_id}", t("klas.lemma_figure", lemma=title,
                                                                         element=spec.get("title", "")),
                                       spec, [v for v in values if v is not None], data)
        for prompt in entry.get("reflections", []):
            reflections.append({"id": f"{lemma_id}/reflection/{prompt['id']}",
                                "title": t("klas.lemma_figure", lemma=title, element=prompt.get("title", ""))})
    worked = [a for a in answers if any(k.startswith("lemma/") for k in a)]
    if worked:
        figures += _texts(LEXICON, "lemma/", reflections, answers, data, t("klas.reflections_title"))
    return [f for f in figures if f.any_shown or f.id == "reflecties"]


def _summary_for(workbook: str):
    def summary(data: ClassData) -> list[Figure]:
        answers = data.answers(workbook)
        if not answers:
            return []
        if workbook == LEXICON:
            return _lexicon(data, answers)
        figures = _choices(workbook, data, answers) + _elements(workbook, data, answers)
        figures += _texts(workbook, "reflection/", content(workbook).get("reflections", []), answers, data,
                          t("klas.reflections_title"))
        return figures
    summary.__name__ = f"content_summary_{workbook}"
    return summary


# --------------------------------------------------------------------------- portfolio charts

def element_charts(spec: Mapping, item: str, answers: Mapping[str, Any], title: str) -> list[Chart]:
    """The chart a rating or path element shows of the student's answer under ``item`` (a rating
    with ``repeat``: one series per round answered), drawn as inline SVG; no chart when unanswered."""
    from .. import plot_text
    from ..widgets import svg

    kind = spec.get("type")
    if kind == "rating":
        levels = list(spec["levels"])
        labels = {e["id"]: e.get("label", e["id"]) for e in spec["items"]}
        ticks = [[str(i), level] for i, level in enumerate(levels, start=1)]
        if spec.get("repeat"):
            options = spec["repeat"]["options"]
            rounds = [(options[i], elements.ratings(spec, answers.get(f"{item}/{i}"))) for i in range(len(options))]
            rounds = [(name, r) for name, r in rounds if r]
            if not rounds:
                return []
            text = plot_text.rating_rounds(title, levels, [(name, {labels[k]: v for k, v in r.items()})
                                                          for name, r in rounds])
            series = [(name, [(labels[k], v + 1) for k, v in r.items()]) for name, r in rounds]
            shapes = ("circle", "square", "diamond", "triangle")
        else:
            rated = elements.ratings(spec, answers.get(item))
            if not rated:
                return []
            text = plot_text.ratings(title, levels, [(labels[k], v) for k, v in rated.items()], len(spec["items"]))
            series = [(None, [(labels[k], v + 1) for k, v in rated.items()])]
            shapes = ("circle",)
        return [Chart(title, text, svg.dots(title, series, ticks, description=text, shapes=shapes))]
    if kind == "path" and item in answers:
        labels = {p["id"]: p.get("label", p["id"]) for p in spec["positions"]}
        order = {p["id"]: i for i, p in enumerate(spec["positions"], start=1)}
        steps = [(str(phase), pos) for phase, pos in elements.path_steps(spec, answers.get(item)) if pos]
        if not steps:
            return []
        text = plot_text.path(title, [(phase, labels[pos]) for phase, pos in steps], len(spec["phases"]))
        ticks = [[str(i), labels[p["id"]]] for i, p in enumerate(spec["positions"], start=1)]
        series = [(None, [(phase, order[pos]) for phase, pos in steps])]
        return [Chart(title, text, svg.dots(title, series, ticks, description=text, shapes=("diamond",)))]
    return []


def _charts_for(workbook: str):
    def charts(_workbook: str, answers: Mapping[str, Any], _names: Mapping[str, str]) -> list[Chart]:
        found: list[Chart] = []
        if workbook == LEXICON:
            for lemma_id, entry in _lemmas().items():
                spec = entry.get("element")
                if spec:
                    title = t("klas.lemma_figure", lemma=entry.get("title", lemma_id), element=spec.get("title", ""))
                    found += element_charts(spec, f"lemma/{lemma_id}/element", answers, title)
            return found
        for spec in content(workbook).get("elements", []):
            found += element_charts(spec, f"element/{spec['id']}", answers, spec.get("title", spec["id"]))
        return found
    charts.__name__ = f"content_charts_{workbook}"
    return charts


for _workbook in WORKBOOKS:
    class_summary(_workbook, known=known(_workbook))(_summary_for(_workbook))
    portfolio_chart(_workbook)(_charts_for(_workbook))


# --------------------------------------------------------------------------- how items read

def _spec(workbook: str, section: str, spec_id: str) -> dict[str, Any] | None:
    try:
        specs = content(workbook).get(section, [])
    except FileNotFoundError:
        return None
    return next((s for s in specs if isinstance(s, Mapping) and s.get("id") == spec_id), None)


def _section_title(section: str):
    def title(workbook: str, item: str, _cases: Mapping[str, str]) -> str | None:
        spec = _spec(workbook, section, item.partition("/")[2])
        return spec.get("title", item) if spec else None
    return title


def _choice_value(workbook: str, item: str, value: Any) -> str | None:
    spec = _spec(workbook, "choices", item.partition("/")[2]) or {}
    labels = {o["id"]: o["label"] for o in spec.get("options", [])}
    chosen = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), str(v)) for v in chosen)


def _likert_value(workbook: str, item: str, value: Any) -> str | None:
    options = (_spec(workbook, "likerts", item.partition("/")[2]) or {}).get("options", [])
    return options[value - 1] if isinstance(value, int) and 1 <= value <= len(options) else str(value)


def _element_title(workbook: str, item: str, _cases: Mapping[str, str]) -> str | None:
    element_id, _, sub = item.partition("/")[2].partition("/")
    spec = _spec(workbook, "elements", element_id)
    title = spec.get("title", element_id) if spec else element_id
    if sub == "note":
        return t("catalog.note", title=title)
    options = ((spec or {}).get("repeat") or {}).get("options", [])
    if sub.isdigit() and int(sub) < len(options):
        return f"{title} ({options[int(sub)]})"  # one round of a repeated rating
    return title


def _lemma_title(workbook: str, item: str, _cases: Mapping[str, str]) -> str | None:
    lemma_id, _, sub = item.partition("/")[2].partition("/")
    entry = _lemmas().get(lemma_id, {})
    title = entry.get("title", lemma_id)
    if sub.startswith("reflection/"):
        prompt = next((r for r in entry.get("reflections", []) if r.get("id") == sub.split("/")[1]), {})
        return t("catalog.lemma_part", lemma=title, part=prompt.get("title", sub))
    element = entry.get("element") or {}
    part = t("catalog.note", title=element.get("title", "")) if sub.endswith("/note") else element.get("title", sub)
    return t("catalog.lemma_part", lemma=title, part=part)


def _reflection_value(_workbook: str, _item: str, value: Any) -> str | None:
    """A guided reflection (model and phases) as text; a free one is shown as it is."""
    return readable(value)


def _lemma_value(_workbook: str, item: str, value: Any) -> str | None:
    if "/reflection/" in item:
        return readable(value)
    lemma_id, _, sub = item.partition("/")[2].partition("/")
    spec = _lemmas().get(lemma_id, {}).get("element")
    if spec and (sub == "element" or (sub.startswith("element/") and sub.rpartition("/")[2].isdigit())):
        return elements.answer_text(spec, value)
    return None


def _element_value(workbook: str, item: str, value: Any) -> str | None:
    """A generic element's answer with its labels (a rating round ``element/<id>/<n>`` too); its
    note (``element/<id>/note``) is text and reads as it is."""
    element_id, _, sub = item.partition("/")[2].partition("/")
    spec = _spec(workbook, "elements", element_id)
    if spec is None or (sub and not sub.isdigit()):
        return None
    return elements.answer_text(spec, value)


item_kind("reflection", title=_section_title("reflections"), value=_reflection_value)
item_kind("choice", title=_section_title("choices"), value=_choice_value)
item_kind("likert", title=_section_title("likerts"), value=_likert_value)
item_kind("element", title=_element_title, value=_element_value)
item_kind("lemma", title=_lemma_title, value=_lemma_value)
