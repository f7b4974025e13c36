"""Views on the Viervenstermodel: a named case analysed in four windows, its links, and a chart."""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from sw_exercises.widgets import lean as W
import plotly.graph_objects as go

from ..formats import format_number
from ..answers import AnswerBook, answer_book
from ..cases import CASES_ITEM, CURRENT_ITEM, CaseBook, case_item
from ..i18n import content, t
from .. import plot_text
from ..models import viervenster as model
from ..plots import OKABE_ITO, PALETTE, base_layout, render
from .cases import CaseSelector
from .common import ReflectionBox, SelectItem, html_text, table_html


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
        ratings = [SelectItem(state.book, case_item(case_id, "element", e.id), e.label, _rating_options(m),
                              help_text=e.description) for e in window.elements]
        super().__init__([text, W.HTML(f"<strong>{escape(t('viervenster.elements'))}</strong>"), *ratings],
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
        link_items = [SelectItem(state.book, case_item(case_id, "link", lk.id),
                                 f"{names[lk.a]} ↔ {names[lk.b]}",
                                 [(m.unrated, None)] + [(label, i) for i, label in enumerate(m.link_levels)],
                                 help_text=lk.hint) for lk in m.links]
        links_text = ReflectionBox(state.workbook, case_item(case_id, "links"), t("viervenster.links_explain"), "",
                                   book=state.book)
        links = W.VBox([W.HTML(f"<h4>{escape(t('viervenster.links_title'))}</h4><p><strong>{escape(data['question'])}"
                               f"</strong> {html_text(data['prompt'])}</p>"), *link_items, links_text])
        links.add_class("sw-links")
        self.body.children = [grid, links]


class AnalysisChart(W.VBox):
    """Which windows and elements the current case covers; redrawn on every save."""

    def __init__(self, state: ViervensterState):
        self.state = state
        m = state.model
        self.figure = go.Figure(layout=base_layout(
            t("viervenster.chart_title"),
            xaxis=dict(title=t("viervenster.chart_x"), range=[-0.2, m.max_level + 0.4],
                       tickvals=[v for v, _ in m.levels], ticktext=[label for _, label in m.levels]),
            yaxis=dict(autorange="reversed", automargin=True, title=""),
            height=220 + 26 * len(m.elements), legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
            margin=dict(l=10, r=20, t=90, b=60)))
        symbols = ["circle", "square", "diamond", "triangle-up"]
        for i, window in enumerate(m.windows):  # colour and shape per window: never colour alone
            self.figure.add_scatter(name=f"{window.number} · {window.short}", mode="markers",
                                    marker=dict(color=PALETTE[i], symbol=symbols[i % len(symbols)], size=15,
                                                line=dict(color=OKABE_ITO["black"], width=1)))
        self.figure.add_scatter(name=m.unrated, mode="markers",
                                marker=dict(symbol="x-thin-open", size=12, color=OKABE_ITO["grey"],
                                            line=dict(width=2, color=OKABE_ITO["grey"])))
        self.summary = W.HTML()
        self.output = W.Output(layout=dict(min_height="300px"))
        self.table = W.HTML()
        super().__init__([self.summary, self.output, self.table])
        self.add_class("sw-viervenster-chart")
        state.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        state, m = self.state, self.state.model
        case = state.casebook.current()
        analysis = state.analysis(case.id) if case else model.Analysis()
        unrated_y = []
        with self.figure.batch_update():
            for trace, window in zip(self.figure.data, m.windows):
                labels = [f"{window.number}. {e.label}" for e in window.elements]
                rated = [(label, analysis.ratings.get(e.id)) for label, e in zip(labels, window.elements)]
                trace.y = [label for label, value in rated if value is not None]
                trace.x = [value for _, value in rated if value is not None]
                unrated_y += [label for label, value in rated if value is None]
            self.figure.data[-1].y = unrated_y
            self.figure.data[-1].x = [0] * len(unrated_y)
            self.figure.layout.yaxis.categoryarray = [f"{w.number}. {e.label}" for w in m.windows for e in w.elements]
            self.figure.layout.yaxis.categoryorder = "array"
        parts = model.coverage(m, analysis)
        done = model.progress(m, analysis)
        weakest = model.least_covered(m, analysis)
        text = t("viervenster.progress", case=case.name if case else "-", pct=round(done * 100))
        if weakest is not None:
            text += " " + t("viervenster.weakest", window=f"{weakest.number} · {weakest.short}")
        self.summary.value = f"<p role='status'>{escape(text)}</p>"
        levels = dict(m.levels)
        rated = [(e.label, analysis.ratings[e.id], levels[analysis.ratings[e.id]])
                 for w in m.windows for e in w.elements if analysis.ratings.get(e.id) is not None]
        text = plot_text.four_windows(t("viervenster.chart_title"),
                                      [(f"{c.window.number} · {c.window.short}", c.rated, c.total) for c in parts],
                                      rated)
        render(self.output, self.figure if rated else None, text)  # no empty chart
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
