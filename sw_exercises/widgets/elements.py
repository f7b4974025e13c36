"""Views for the generic elements of docs/CONTENT_FORMAT.md and for dataset figures.

Each element stores one answer under ``item`` (a rating with ``repeat`` stores one per option,
under ``item/<n>``); an optional note goes under ``item/note``.
"""
from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from sw_exercises.widgets import lean as W

from ..formats import format_date, format_number
from ..answers import AnswerBook
from ..i18n import t, tn
from .. import plot_text
from ..models import elements as model
from ..models.content import element_charts
from ..plots import OKABE_ITO
from .common import LONE_BUTTON, Autosave, ChoiceItem, ReflectionBox, SaveStatus, html_text, table_html
from .groups import SelectGroup
from . import svg
from .handlers import handler

_BOX = dict(border="1px solid #767676", padding="0.4em 0.8em", margin="0 0 0.6em 0")


def _header(spec: Mapping) -> W.HTML:
    note = f"<p><small>{escape(spec['scale_note'])}</small></p>" if spec.get("scale_note") else ""
    return W.HTML(f"<h4 style='margin:0.2em 0'>{escape(spec['title'])}</h4><p>{html_text(spec['instruction'])}</p>"
                  f"{note}<p><small>{escape(t('elements.source', source=spec['source']))}</small></p>")


class ElementView(W.VBox):
    """Common frame: header, the controls, a save status, a result line and an optional note."""

    def __init__(self, book: AnswerBook, item: str, spec: Mapping, controls: list[W.Widget]):
        self.book, self.item, self.spec = book, item, spec
        self.result = W.HTML()
        children: list[W.Widget] = [_header(spec), *controls, self.status_row(), self.result]
        if spec.get("note_prompt"):
            children.append(ReflectionBox(book.workbook, f"{item}/note", t("elements.note_title"), spec["note_prompt"],
                                          prompt_no_placement=spec.get("note_prompt_no_placement"), book=book))
        super().__init__(children, layout=dict(**_BOX))
        self.add_class("sw-element")
        self.add_class(f"sw-element-{spec['type']}")
        self.add_class(f"sw-item-{item.replace('/', '-')}")

    def status_row(self) -> W.Widget:
        return self.status


def _saver(book: AnswerBook, item: str) -> tuple[SaveStatus, Autosave, Any]:
    status = SaveStatus()
    saver = Autosave(book, item, status)
    return status, saver, saver.load(None)


class ChecklistView(ElementView):
    def __init__(self, book: AnswerBook, item: str, spec: Mapping):
        self.status, self.saver, stored = _saver(book, item)
        chosen = set(model.checked(spec, stored))
        self.boxes: list[tuple[str, W.Checkbox, W.HTML]] = []
        rows = []
        for entry in spec["items"]:
            box = W.Checkbox(value=entry["id"] in chosen, description=entry["label"], indent=False,
                             tooltip=entry.get("description", ""), layout=dict(width="auto"))
            extra = W.HTML()  # the description, and the response once the box is ticked
            box.observe(handler(self, lambda _: self._changed()), names="value")
            self.boxes.append((entry["id"], box, extra))
            rows += [box, extra]  # no row box around them: one widget model less per item
        super().__init__(book, item, spec, rows)
        self._show()

    def value(self) -> list[str]:
        return [i for i, box, _ in self.boxes if box.value]

    def _show(self) -> None:
        entries = {e["id"]: e for e in self.spec["items"]}
        for i, box, extra in self.boxes:
            text, description = entries[i].get("response"), entries[i].get("description")
            shown = f"<small>{html_text(description)}</small>" if description else ""
            if box.value and text:
                shown += (f"<div style='border-left:4px solid {OKABE_ITO['blue']};padding-left:0.5em'>"
                          f"{html_text(text)}</div>")
            extra.value = f"<div style='margin:0 0 0.3em 0'>{shown}</div>" if shown else ""
        self.result.value = f"<p role='status'>{escape(t('elements.checked', n=len(self.value()), total=len(self.boxes)))}</p>"

    def _changed(self) -> None:
        self._show()
        self.saver.changed(self.value())


class RatingView(ElementView):
    """Rate every item on the element's levels; a chart shows the ratings (and growth with repeat)."""

    def __init__(self, book: AnswerBook, item: str, spec: Mapping):
        self.status = SaveStatus()
        self.levels = list(spec["levels"])
        self.repeat = spec.get("repeat")
        self.book_ = book
        self.base_item = item
        controls: list[W.Widget] = []
        if self.repeat:
            options = self.repeat["options"]
            last = book.get(f"{item}/current", 0)
            self.round = W.Dropdown(options=[(label, i) for i, label in enumerate(options)],
                                    value=last if isinstance(last, int) and 0 <= last < len(options) else 0,
                                    description=f"{self.repeat['label']}:", style={"description_width": "initial"})
            self.round.observe(handler(self, lambda _: self._switch(remember=True)), names="value")
            controls.append(self.round)
        # every item's dropdown, all in one widget (groups.py); a group's name above its first item
        options = [(t("elements.unrated"), -1)] + [(f"{i + 1} · {label}", i) for i, label in enumerate(self.levels)]
        groups = list(dict.fromkeys(e.get("group", "") for e in spec["items"]))  # in order of appearance
        entries = sorted(spec["items"], key=lambda e: groups.index(e.get("group", "")))  # a group's items together
        items = [{"label": entry["label"], "tooltip": entry.get("description", entry["label"]), "options": options,
                  "value": -1, "heading": group if group and (n == 0 or entries[n - 1].get("group", "") != group) else ""}
                 for n, entry in enumerate(entries) for group in [entry.get("group", "")]]
        self.choices = SelectGroup(items, width="42em", label_width="22em")
        self.choices.observe(handler(self, lambda _: self._changed()), names="value")
        self.dropdowns = [(entry["id"], choice) for entry, choice in zip(entries, self.choices.choices)]
        controls.append(self.choices)
        self.output = W.HTML()  # the chart: inline SVG, the same drawing as in the portfolio
        self.table = W.HTML()
        controls += [self.output, self.table]
        super().__init__(book, item, spec, controls)
        self._switch()

    def _round_item(self) -> str:
        return f"{self.base_item}/{self.round.value}" if self.repeat else self.base_item

    def _switch(self, remember: bool = False) -> None:
        if remember:  # the round last worked on comes back next time
            self.book_.save(f"{self.base_item}/current", self.round.value)
        self.saver = Autosave(self.book_, self._round_item(), self.status)
        stored = model.ratings(self.spec, self.saver.load(None))
        self._loading = True
        try:
            self.choices.set_values([stored.get(item_id, -1) for item_id, _ in self.dropdowns])
        finally:
            self._loading = False
        self._draw()

    def value(self) -> dict[str, int]:
        return {i: dd.value for i, dd in self.dropdowns if dd.value >= 0}

    def _changed(self) -> None:
        if getattr(self, "_loading", False):
            return
        self.saver.changed(self.value())
        self._draw()

    def _draw(self) -> None:
        spec, levels = self.spec, self.levels
        labels = {e["id"]: e["label"] for e in spec["items"]}
        if self.repeat:
            options = self.repeat["options"]
            answers = {f"{self.base_item}/{i}": self.book_.get(f"{self.base_item}/{i}") for i in range(len(options))}
            rounds = [(i, model.ratings(spec, answers[f"{self.base_item}/{i}"])) for i in range(len(options))]
            rounds = [(i, r) for i, r in rounds if r]
            rows = [[labels[e["id"]]] + [levels[r[e["id"]]] if e["id"] in r else "–" for _, r in rounds]
                    for e in spec["items"]]

            def dated(i: int) -> str:
                when = self.book_.last_saved(f"{self.base_item}/{i}")
                return t("elements.round_date", round=options[i], date=format_date(when)) if when else options[i]
            headers = [t("elements.col_item")] + [dated(i) for i, _ in rounds]
        else:
            answers = {self.base_item: self.value()}
            rated = model.ratings(spec, self.value())
            rows = [[labels[e["id"]], levels[rated[e["id"]]] if e["id"] in rated else "–"] for e in spec["items"]]
            headers = [t("elements.col_item"), t("elements.col_rating")]
        means = model.group_means(spec, self.value())
        if any(means) and len(means) > 1:
            self.result.value = "<p role='status'>" + escape("; ".join(
                t("elements.group_mean", group=g, mean=format_number(m + 1, 1), top=len(levels))
                for g, m in means.items())) + "</p>"
        else:
            self.result.value = ""
        self.output.value = _chart_html(spec, self.base_item, answers)
        self.table.value = table_html(headers, rows, caption=t("elements.table_caption"))


def _chart_html(spec: Mapping, item: str, answers: Mapping[str, Any]) -> str:
    """The element's chart of ``answers`` with its text right above it, or nothing while unanswered.
    Inline SVG, drawn by the same code as the portfolio's chart: it scales with a narrow screen
    instead of being cut off, and the page needs no plotly.js."""
    charts = element_charts(spec, item, answers, spec["title"])
    return "".join(svg.with_text(chart.svg, chart.text) for chart in charts)


class LadderView(ElementView):
    def __init__(self, book: AnswerBook, item: str, spec: Mapping):
        self.status, self.saver, stored = _saver(book, item)
        current, desired = model.ladder_positions(spec, stored)
        ids = [r["id"] for r in spec["rungs"]]
        options = [(t("elements.choose"), None)] + [(f"{i + 1}. {r['label']}", r["id"]) for i, r in enumerate(spec["rungs"])]
        self.choices = {}
        for key, index in (("current", current), ("desired", desired)):
            dd = W.Dropdown(options=[(label, n) for n, (label, _) in enumerate(options)],
                            value=0 if index is None else index + 1, description=t(f"elements.ladder_{key}"),
                            style={"description_width": "initial"}, layout=dict(width="40em"))
            dd.observe(handler(self, lambda _: self._changed()), names="value")
            self.choices[key] = dd
        self.ids = [None] + ids
        self.picture = W.HTML()
        super().__init__(book, item, spec, [self.choices["current"], self.choices["desired"], self.picture])
        self._show()

    def value(self) -> dict[str, str]:
        return {k: self.ids[dd.value] for k, dd in self.choices.items() if dd.value}

    def _show(self) -> None:
        value = self.value()
        rows = []
        for i, rung in reversed(list(enumerate(self.spec["rungs"]))):
            marks = [t("elements.ladder_now") if value.get("current") == rung["id"] else "",
                     t("elements.ladder_goal") if value.get("desired") == rung["id"] else ""]
            mark = " · ".join(m for m in marks if m)
            style = "border:2px solid #0072B2;font-weight:bold" if mark else "border:1px solid #767676"
            rows.append(f"<div style='{style};padding:0.2em 0.6em;margin:0.15em 0'>{i + 1}. {escape(rung['label'])}"
                        f"{' — ' + escape(mark) if mark else ''}<br><small>{html_text(rung.get('description', ''))}</small></div>")
        self.picture.value = "".join(rows)
        current, desired = model.ladder_positions(self.spec, value)
        if current is not None and desired is not None:
            if desired > current:
                text = tn("elements.ladder_up", desired - current)
            elif desired < current:
                text = tn("elements.ladder_down", current - desired)
            else:
                text = t("elements.ladder_same")
            self.result.value = f"<p role='status'>{escape(text)}</p>"
        else:
            self.result.value = ""

    def _changed(self) -> None:
        self._show()
        self.saver.changed(self.value())


class ClassifyView(ElementView):
    def __init__(self, book: AnswerBook, item: str, spec: Mapping):
        self.status, self.saver, stored = _saver(book, item)
        sorted_ = model.classification(spec, stored)
        self.categories = [None] + [c["id"] for c in spec["categories"]]
        labels = [t("elements.choose")] + [c["label"] for c in spec["categories"]]
        # every statement with its dropdown, all in one widget (groups.py)
        self.choices = SelectGroup([{"label": t("elements.category"), "before_html": html_text(s["text"]),
                                     "options": [(label, i) for i, label in enumerate(labels)],
                                     "value": self.categories.index(sorted_[s["id"]]) if s["id"] in sorted_ else 0}
                                    for s in spec["statements"]], width="32em")
        self.choices.observe(handler(self, lambda _: self._changed()), names="value")
        self.dropdowns = [(s["id"], choice) for s, choice in zip(spec["statements"], self.choices.choices)]
        rows: list[W.Widget] = [self.choices]
        legend = "".join(f"<li><strong>{escape(c['label'])}</strong>: {html_text(c.get('description', ''))}</li>"
                         for c in spec["categories"])
        compare = W.Button(description=t("elements.compare"), tooltip=t("elements.compare"), icon="balance-scale",
                           layout=LONE_BUTTON)
        compare.on_click(handler(self, lambda _: self.compare()))
        self.feedback = W.HTML()
        super().__init__(book, item, spec, [W.HTML(f"<ul>{legend}</ul>"), *rows, compare, self.feedback])

    def value(self) -> dict[str, str]:
        return {sid: self.categories[dd.value] for sid, dd in self.dropdowns if dd.value}

    def _changed(self) -> None:
        self.feedback.value = ""
        self.saver.changed(self.value())

    def compare(self) -> None:
        value = self.value()
        if not value:
            self.feedback.value = f"<p role='status'>{escape(t('elements.sort_first'))}</p>"
            return
        same, judged = model.agreement(self.spec, value)
        names = {c["id"]: c["label"] for c in self.spec["categories"]}
        items = []
        for s in self.spec["statements"]:
            if s["id"] not in value:
                continue
            reading = names.get(s.get("category"), t("elements.open_reading"))
            items.append(f"<li><em>{html_text(s['text'])}</em><br>{escape(t('elements.reading', category=reading))} "
                         f"{html_text(s.get('explanation', ''))}</li>")
        self.feedback.value = (f"<div role='status'><p><strong>{escape(t('elements.agreement', same=same, total=judged))}"
                               f"</strong></p><ul>{''.join(items)}</ul></div>")


class PathView(ElementView):
    def __init__(self, book: AnswerBook, item: str, spec: Mapping):
        self.status, self.saver, stored = _saver(book, item)
        self.positions = [None] + [p["id"] for p in spec["positions"]]
        labels = [t("elements.choose")] + [p["label"] for p in spec["positions"]]
        self.dropdowns = []
        for phase, position in model.path_steps(spec, stored):
            dd = W.Dropdown(options=[(label, i) for i, label in enumerate(labels)],
                            value=self.positions.index(position), description=f"{phase}:",
                            style={"description_width": "16em"}, layout=dict(width="44em"))
            dd.observe(handler(self, lambda _: self._changed()), names="value")
            self.dropdowns.append((phase, dd))
        legend = "".join(f"<li><strong>{escape(p['label'])}</strong>: {html_text(p.get('description', ''))}</li>"
                         for p in spec["positions"])
        self.output = W.HTML()
        super().__init__(book, item, spec, [W.HTML(f"<ul>{legend}</ul>"), *(dd for _, dd in self.dropdowns), self.output])
        self._draw()

    def value(self) -> list[dict[str, Any]]:
        return [{"phase": phase, "position": self.positions[dd.value]} for phase, dd in self.dropdowns]

    def _changed(self) -> None:
        self.saver.changed(self.value())
        self._draw()

    def _draw(self) -> None:
        steps = [pos for _, pos in model.path_steps(self.spec, self.value()) if pos]
        self.output.value = _chart_html(self.spec, self.item, {self.item: self.value()})
        self.result.value = (f"<p role='status'>{escape(t('elements.path_summary', n=len(steps), total=len(self.dropdowns)))}</p>"
                             if steps else "")


def element_view(book: AnswerBook, item: str, spec: Mapping) -> W.Widget:
    """The view for one element definition; a definition with problems gets a Dutch message."""
    found = model.problems(spec)
    if found:
        raise ValueError(t("elements.invalid", problems="; ".join(found)))
    if spec["type"] == "choice":
        view = ChoiceItem(book.workbook, item, spec["instruction"], [(o["id"], o["label"]) for o in spec["options"]],
                          multiple=bool(spec.get("multiple")), correct=spec.get("correct"),
                          feedback=spec.get("feedback", ""), book=book)
        box = W.VBox([W.HTML(f"<h4 style='margin:0.2em 0'>{escape(spec['title'])}</h4>"), view,
                      W.HTML(f"<p><small>{escape(t('elements.source', source=spec['source']))}</small></p>")],
                     layout=dict(**_BOX))
        box.add_class("sw-element")
        return box
    views = {"checklist": ChecklistView, "rating": RatingView, "ladder": LadderView, "classify": ClassifyView,
             "path": PathView}
    return views[spec["type"]](book, item, spec)


def figure_view(spec: Mapping) -> W.HTML:
    """A dataset figure (docs/CONTENT_FORMAT.md §4) with the same data as a table."""
    from ..datasets import rows as dataset_rows

    columns, records = dataset_rows(spec["dataset"])
    split: dict[object, list[dict]] = {}
    for record in records:  # one series per value of the colour column, in order of appearance
        split.setdefault(record[spec["color"]] if spec.get("color") else None, []).append(record)
    series = [(str(name) if name is not None else None, [(m[spec["x"]], m[spec["y"]]) for m in members])
              for name, members in split.items()]
    text = plot_text.dataset_figure(spec["title"], spec["kind"], spec["y"], series)
    # a fixed chart of a small dataset: inline SVG, no plotly.js for the browser (widgets/svg.py)
    chart = svg.with_text(svg.chart(spec["kind"], spec["title"], series, x_title=spec["x"], y_title=spec["y"],
                                    description=text), text)

    def cell(value: object) -> str:
        if value is None:
            return ""
        return svg.number(value) if isinstance(value, float) else str(value)  # 39.0 -> '39', 1.9 -> '1,9'
    table = [[cell(r[c]) for c in columns] for r in records]
    # chart, caption and table in one widget: nothing in it changes (and every widget is a model the
    # page has to build when it opens, make bench (e))
    box = W.HTML(f"{chart}<p><em>{html_text(spec.get('caption', ''))}</em></p>"
                 f"{table_html(columns, table, caption=t('elements.figure_table', file=spec['dataset']))}")
    box.add_class("sw-figure")
    return box
