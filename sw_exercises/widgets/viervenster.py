"""Views on the Viervenstermodel: a named case analysed in four windows, its links, and a chart."""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from sw_exercises.widgets import lean as W

from ..formats import format_number
from ..answers import AnswerBook, answer_book
from ..cases import CASES_ITEM, CURRENT_ITEM, CaseBook, case_item
from ..i18n import content, t
from ..models import viervenster as model
from ..plots import caption_html
from .cases import CaseSelector
from . import svg
from .common import ReflectionBox, SavedChoices, html_text, table_html


class ViervensterState:
    """The model, the student's cases and change notification, shared by the views of one kernel."""

    def __init__(self, workbook: str, book: AnswerBook | None = None):
        self.workbook = workbook
        self.book = book or answer_book(workbook)
        self.model = model.load_model()
        self.casebook = CaseBook(self.book)
        self._listeners: list[Callable[[], None]] = []
        self.book.subscribe(self._saved)

    def case_id(self) -> str:
        return self.casebook.ensure_one(t("cases.default_name")).id

    def analysis(self, case_id: str) -> model.Analysis:
        get = self.book.get
        texts = {w.id: get(case_item(case_id, "window", w.id), "") for w in self.model.windows}
        ratings = {e.id: get(case_item(case_id, "element", e.id)) for e in self.model.elements}
        links = {lk.id: get(case_item(case_id, "link", lk.id)) for lk in self.model.links}
        return model.Analysis(
            {k: v for k, v in texts.items() if isinstance(v, str)},
            {k: v for k, v in ratings.items() if model.clean_rating(v, self.model) is not None},
            {k: v for k, v in links.items() if isinstance(v, int) and not isinstance(v, bool)},
            get(case_item(case_id, "links"), "") or "")

    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _saved(self, item: str, _value: object) -> None:
        if item.startswith("case/") or item in (CASES_ITEM, CURRENT_ITEM):
            for callback in list(self._listeners):
                callback()




def _rating_options(m: model.Model) -> list[tuple[str, int | None]]:
    return [(m.unrated, None)] + [(f"{value} · {label}", value) for value, label in m.levels]


class WindowPanel(W.VBox):
    """One window: a free-text analysis and its working elements to rate."""

    def __init__(self, state: ViervensterState, case_id: str, window: model.Window):
        m = state.model
        text = ReflectionBox(state.workbook, case_item(case_id, "window", window.id),
                             f"{window.number} · {window.label}", window.prompt, book=state.book)
        ratings = SavedChoices(state.book, [  # with one status line for the window's ratings
            {"item": case_item(case_id, "element", e.id), "label": e.label, "options": _rating_options(m),
             "help_text": e.description} for e in window.elements],
            view=self, heading=t("viervenster.elements"))
        self.ratings = ratings.items
        super().__init__([text, ratings.group],
                         layout=dict(border="2px solid #767676", padding="0.3em 0.8em", margin="0.2em"))
        self.add_class("sw-window")
        self.add_class(f"sw-window-{window.id}")


class FourWindowsView(W.VBox):
    """Case choice, the 2×2 windows and the step on the links between them."""

    def __init__(self, state: ViervensterState):
        self.state = state
        self.body = W.VBox()
        selector = CaseSelector(state.casebook, on_select=self.show_case)
        note = W.HTML(f"<p><small>{escape(state.model.rating_note)}</small></p>")
        super().__init__([selector, note, self.body])
        self.add_class("sw-viervenster")
        self.show_case(state.case_id())

    def show_case(self, case_id: str) -> None:
        state, m = self.state, self.state.model
        panels = [WindowPanel(state, case_id, w) for w in m.windows]
        grid = W.GridBox(panels, layout=dict(grid_template_columns="repeat(auto-fit, minmax(min(100%, max(22em, 45%)), 1fr))",
                                                 grid_gap="0.4em"))
        names = {w.id: w.short for w in m.windows}
        data = content("viervenster")["links"]
        link_items = SavedChoices(state.book, [
            {"item": case_item(case_id, "link", lk.id), "label": f"{names[lk.a]} ↔ {names[lk.b]}",
             "options": [(m.unrated, None)] + [(label, i) for i, label in enumerate(m.link_levels)],
             "help_text": lk.hint} for lk in m.links], view=self)
        links_text = ReflectionBox(state.workbook, case_item(case_id, "links"), t("viervenster.links_explain"), "",
                                   book=state.book)
        links = W.VBox([W.HTML(f"<h4>{escape(t('viervenster.links_title'))}</h4><p><strong>{escape(data['question'])}"
                               f"</strong> {html_text(data['prompt'])}</p>"),
                        link_items.group, links_text])
        links.add_class("sw-links")
        self.body.children = [grid, links]


class AnalysisChart(W.VBox):
    """Which windows and elements the current case covers; redrawn on every save."""

    def __init__(self, state: ViervensterState):
        self.state = state
        self.summary = W.HTML()
        self.output = W.HTML()  # the chart: inline SVG, the same drawing as in the portfolio
        self.table = W.HTML()
        super().__init__([self.summary, self.output, self.table])
        self.add_class("sw-viervenster-chart")
        state.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        state, m = self.state, self.state.model
        case = state.casebook.current()
        analysis = state.analysis(case.id) if case else model.Analysis()
        parts = model.coverage(m, analysis)
        done = model.progress(m, analysis)
        weakest = model.least_covered(m, analysis)
        text = t("viervenster.progress", case=case.name if case else "-", pct=round(done * 100))
        if weakest is not None:
            text += " " + t("viervenster.weakest", window=f"{weakest.number} · {weakest.short}")
        self.summary.value = f"<p role='status'>{escape(text)}</p>"
        chart = model.case_chart(m, t("viervenster.chart_title"), analysis)
        # no empty chart: while nothing is rated, only its text
        self.output.value = svg.with_text(chart.svg, chart.text) if analysis.ratings else caption_html(chart.text)
        headers = [t(f"viervenster.col_{k}") for k in ("window", "words", "rated", "mean")]
        rows = [[f"{c.window.number} · {c.window.short}", str(c.words), f"{c.rated} / {c.total}",
                 format_number(c.mean, 1) if c.mean is not None else "–"] for c in parts]
        self.table.value = table_html(headers, rows, caption=t("viervenster.table_caption"))


def example_view() -> W.HTML:
    """The worked example on the lemma's case, read-only, as a 2×2 grid."""
    data = content("viervenster")
    m = model.load_model()
    example = data["example"]
    levels = dict(m.levels)
    cells = []
    for window in m.windows:
        part = example["windows"][window.id]
        items = "".join(
            f"<li>{escape(e.label)}: <strong>{escape(levels.get(part['ratings'].get(e.id), m.unrated))}</strong></li>"
            for e in window.elements)
        cells.append(f"<div style='border:2px solid #767676;padding:0.4em 0.8em'>"
                     f"<h4 style='margin:0.2em 0'>{window.number} · {escape(window.label)}</h4>"
                     f"<p>{html_text(part['analysis'])}</p><ul>{items}</ul></div>")
    grid = "".join(cells)
    box = W.HTML(
        f"<h4>{escape(example['title'])}</h4><p>{html_text(example['case'])}</p>"
        f"<div style='display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,max(18em,45%)),1fr));gap:0.4em'>{grid}</div>"
        f"<p><strong>{escape(t('viervenster.links_title'))}:</strong> {html_text(example['links'])}</p>"
        f"<p><small>{html_text(example['note'])} {escape(m.rating_note)}</small></p>")
    box.add_class("sw-viervenster-example")
    return box
