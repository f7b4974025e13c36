"""Views on the six helper roles: the matrix with role cards, a role trajectory per case, and
client voices coded on the three relationship features."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as W
import plotly.graph_objects as go

from ..answers import AnswerBook, answer_book
from ..cases import CaseBook, case_item
from ..i18n import t
from .. import plot_text
from ..models import helper_roles as model
from ..plots import OKABE_ITO, base_layout, render
from .cases import CaseSelector
from .common import TYPING_DELAY, Autosave, SaveStatus, button_row, html_text, table_html


class RolesState:
    def __init__(self, workbook: str, book: AnswerBook | None = None):
        self.workbook = workbook
        self.book = book or answer_book(workbook)
        self.model = model.load_model()
        self.casebook = CaseBook(self.book)

    def case_id(self) -> str:
        return self.casebook.ensure_one(t("cases.default_name")).id

    def phases(self, case_id: str) -> list[model.Phase]:
        stored = model.parse_phases(self.book.get(case_item(case_id, "phases")), self.model)
        return stored or [model.Phase(name) for name in self.model.default_phases]




# -- the matrix -----------------------------------------------------------------------------
_CELL_LINE = dict(color="#767676", width=2)


def matrix_figure(m: model.RolesModel, path: Sequence[tuple[int, model.Role, float, float]] = ()) -> go.Figure:
    """The 2×2 matrix with the six roles; an optional numbered path over the phases of a case."""
    fig = go.Figure(layout=base_layout(
        t("roles.matrix_title"), height=520, showlegend=bool(path),
        xaxis=dict(range=[-0.02, 1.02], visible=False), yaxis=dict(range=[-0.02, 1.12], visible=False),
        margin=dict(l=110, r=20, t=60, b=40), legend=dict(orientation="h", yanchor="top", y=-0.02, x=0)))
    (col_a, label_a), (col_b, label_b) = m.columns
    (row_top, label_top), (row_bottom, label_bottom) = m.rows
    for x0, x1, y0, y1 in ((0, 0.5, 0.5, 1), (0.5, 1, 0.5, 1), (0, 1, 0, 0.5)):
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line=_CELL_LINE, fillcolor="rgba(0,0,0,0)",
                      opacity=1, layer="below")
    fig.add_shape(type="line", x0=0.5, x1=0.5, y0=0, y1=0.5, line=dict(color="#767676", width=1, dash="dot"))
    for x, text in ((0.25, label_a), (0.75, label_b)):
        fig.add_annotation(x=x, y=1.06, text=f"<b>{escape(text)}</b>", showarrow=False)
    for y, text in ((0.75, label_top), (0.25, label_bottom)):
        fig.add_annotation(x=-0.02, y=y, xanchor="right", text=f"<b>{escape(text)}</b>", showarrow=False)
    fig.add_annotation(x=0.5, y=0.03, text=escape(t("roles.column_unknown")), showarrow=False,
                       font=dict(size=12, color="#444444"))
    xs, ys, texts, symbols = [], [], [], []
    for role in m.roles:
        x, y = model.position(m, role)
        xs.append(x)
        ys.append(y)
        texts.append(f"{role.number}. {escape(role.label)}" + (" (?)" if role.doubt else ""))
        symbols.append("circle-open-dot" if role.doubt else "circle")
    fig.add_scatter(x=xs, y=ys, mode="markers+text", text=texts, textposition="middle right",
                    marker=dict(size=12, color=OKABE_ITO["blue"], symbol=symbols, line=dict(width=2)),
                    hoverinfo="text", showlegend=False)
    if path:
        fig.add_scatter(x=[x for _, _, x, _ in path], y=[y for _, _, _, y in path],
                        mode="lines+markers+text", name=t("roles.path_legend"),
                        text=[str(n) for n, _, _, _ in path], textposition="middle left",
                        textfont=dict(size=16, color=OKABE_ITO["vermillion"]),
                        line=dict(color=OKABE_ITO["vermillion"], width=3, dash="dash"),
                        marker=dict(size=20, symbol="diamond", color=OKABE_ITO["vermillion"]))
        for (_, _, x0, y0), (_, _, x1, y1) in zip(path, path[1:]):
            if (x0, y0) != (x1, y1):
                fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x",
                                   ayref="y", showarrow=True, arrowhead=3, arrowsize=1.5, arrowwidth=2,
                                   arrowcolor=OKABE_ITO["vermillion"], text="")
    return fig


def matrix_text(m: model.RolesModel) -> str:
    """The matrix in words: per cell (row · column) the roles in it."""
    rows, columns = dict(m.rows), dict(m.columns)
    cells: dict[str, list[str]] = {}
    for role in m.roles:
        column = columns.get(role.column, t("roles.column_unknown")) if role.column else t("roles.column_unknown")
        cells.setdefault(f"{rows.get(role.row, role.row)} · {column}", []).append(f"{role.number}. {role.label}")
    return plot_text.roles_matrix(t("roles.matrix_title"), list(cells.items()))


def role_card(m: model.RolesModel, role: model.Role) -> str:
    rows = [(t("roles.way_of_working"), role.way_of_working), (t("roles.trust_control"), role.trust_control),
            (t("roles.features"), role.features),
            (t("roles.dependence"), t("roles.dependence_count", n=model.dependence_features(role)))]
    body = "".join(f"<p style='margin:0.2em 0'><strong>{escape(k)}:</strong> {html_text(v)}</p>" for k, v in rows)
    doubt = (f"<p class='sw-doubt' style='border-left:4px solid #D55E00;padding-left:0.5em'><strong>⚠ "
             f"</strong>{html_text(role.doubt)}</p>") if role.doubt else ""
    return (f"<div class='sw-role-card' style='border:2px solid #767676;padding:0.4em 0.8em'>"
            f"<h4 style='margin:0.2em 0'>{role.number}. {escape(role.label)}</h4>{body}"
            f"<p>{html_text(role.explanation)}</p>{doubt}</div>")


def matrix_view() -> W.VBox:
    m = model.load_model()
    output = W.Output(layout=W.Layout(min_height="520px"))
    render(output, matrix_figure(m), matrix_text(m))
    cards = "".join(role_card(m, role) for role in m.roles)
    grid = W.HTML(f"<div style='display:grid;grid-template-columns:repeat(2,minmax(18em,1fr));gap:0.4em'>{cards}</div>"
                  f"<p><small>{escape(m.source)}. {escape(m.axes_note)}</small></p>")
    box = W.VBox([output, grid])
    box.add_class("sw-roles-matrix")
    return box


def features_table() -> W.HTML:
    m = model.load_model()
    headers = [t("roles.negative_col"), t("roles.positive_col")]
    rows = [[f"{f.negative.label}: {f.negative.descriptor}", f"{f.positive.label}: {f.positive.descriptor}"]
            for f in m.features]
    box = W.HTML(table_html(headers, rows, caption=m.feature_note))
    box.add_class("sw-roles-features")
    return box


# -- trajectory over the phases of a case ---------------------------------------------------
class PhaseEditor(W.VBox):
    def __init__(self, m: model.RolesModel, number: int, phase: model.Phase, on_change: Callable[[], None]):
        self.role_ids = [None] + [r.id for r in m.roles]
        self.name = W.Text(value=phase.name, description=t("roles.phase_name", n=number),
                           style={"description_width": "initial"}, layout=W.Layout(width="30em"))
        self.role = W.Dropdown(options=[(t("roles.choose_role"), 0)] + [(f"{r.number}. {r.label}", i + 1)
                                                                       for i, r in enumerate(m.roles)],
                               value=self.role_ids.index(phase.role) if phase.role in self.role_ids else 0,
                               description=t("roles.role_label"), style={"description_width": "initial"},
                               layout=W.Layout(width="30em"))
        self.feature_ids = [f.id for f in m.features]
        # a labelled dropdown per feature, not a slider: a slider handle has no accessible name and
        # reads out only a number; every option here names its place between the two poles
        self.feature_choices = [
            W.Dropdown(options=[(f"{i + 1} · {label.format(negative=f.negative.short, positive=f.positive.short)}", i)
                                for i, label in enumerate(m.scale_points)],
                       value=phase.features.get(f.id, model.SCALE_POINTS // 2),
                       description=f"{f.negative.short} ↔ {f.positive.short}:",
                       style={"description_width": "20em"}, layout=W.Layout(width="40em"))
            for f in m.features]
        self.touched = set(phase.features)
        self.note = W.Textarea(value=phase.note, description=t("roles.phase_note"), continuous_update=True,
                               placeholder=t("roles.phase_note_placeholder"),
                               style={"description_width": "initial"}, layout=W.Layout(width="36em", height="4em"))
        for control in (self.name, self.role, self.note):
            control.observe(lambda _: on_change(), names="value")
        for fid, choice in zip(self.feature_ids, self.feature_choices):
            choice.observe(lambda _, fid=fid: (self.touched.add(fid), on_change()), names="value")
        super().__init__([self.name, self.role, *self.feature_choices, self.note],
                         layout=W.Layout(border="1px solid #767676", padding="0.3em 0.8em", margin="0 0 0.4em 0"))
        self.add_class("sw-phase")

    def phase(self) -> model.Phase:
        features = {fid: s.value for fid, s in zip(self.feature_ids, self.feature_choices) if fid in self.touched}
        return model.Phase(self.name.value, self.role_ids[self.role.value], features, self.note.value)


class TrajectoryView(W.VBox):
    def __init__(self, state: RolesState):
        self.state = state
        self.phase_box = W.VBox()
        self.status = SaveStatus()
        add = W.Button(description=t("roles.add_phase"), icon="plus", tooltip=t("roles.add_phase"),
                       layout=W.Layout(width="auto"))
        add.on_click(lambda _: self.add_phase())
        self.output = W.Output(layout=W.Layout(min_height="520px"))
        self.feedback = W.HTML()
        selector = CaseSelector(state.casebook, on_select=self.show_case)
        note = W.HTML(f"<p><small>{escape(state.model.scale_note)} {escape(state.model.trajectory_note)}</small></p>")
        super().__init__([selector, note, self.phase_box, button_row(add, self.status), self.output, self.feedback])
        self.add_class("sw-roles-trajectory")
        self.show_case(state.case_id())

    def show_case(self, case_id: str) -> None:
        self.saver = Autosave(self.state.book, case_item(case_id, "phases"), self.status, delay=TYPING_DELAY)
        self.saver.load(None)
        self.editors = [PhaseEditor(self.state.model, i, p, self.changed)
                        for i, p in enumerate(self.state.phases(case_id), start=1)]
        self.phase_box.children = self.editors
        self.draw()

    def phases(self) -> list[model.Phase]:
        return [editor.phase() for editor in self.editors]

    def add_phase(self) -> None:
        number = len(self.editors) + 1
        self.editors.append(PhaseEditor(self.state.model, number, model.Phase(t("roles.new_phase", n=number)),
                                        self.changed))
        self.phase_box.children = self.editors
        self.changed()

    def changed(self) -> None:
        self.saver.changed([p.to_value() for p in self.phases()])
        self.draw()

    def draw(self) -> None:
        m = self.state.model
        phases = self.phases()
        path = model.trajectory(m, phases)
        text = plot_text.roles_path(t("roles.matrix_title"), [(n, role.label) for n, role, _, _ in path], len(phases))
        render(self.output, matrix_figure(m, path), text)
        verdict = model.follows_lemma(m, phases)
        key = {None: "roles.path_short", True: "roles.path_follows", False: "roles.path_differs"}[verdict]
        self.feedback.value = f"<p role='status'>{escape(t(key))}</p>"


# -- client voices --------------------------------------------------------------------------
class StatementCoder(W.VBox):
    def __init__(self, state: RolesState, statement: model.Statement):
        m = state.model
        self.statement = statement
        self.status = SaveStatus()
        self.saver = Autosave(state.book, f"voice/{statement.id}", self.status)
        stored = self.saver.load({}) or {}
        self.radios = {}
        rows = []
        for f in m.features:
            radio = W.RadioButtons(options=[(f.negative.short, model.NEGATIVE), (f.positive.short, model.POSITIVE),
                                            (t("roles.says_nothing"), model.NONE)],
                                   value=stored.get(f.id) if stored.get(f.id) in (model.NEGATIVE, model.POSITIVE,
                                                                                   model.NONE) else None,
                                   description=f"{f.negative.short} / {f.positive.short}:",
                                   style={"description_width": "initial"},
                                   layout=W.Layout(width="17em", margin="0 1em 0.3em 0"))
            radio.observe(lambda _: self._coded(), names="value")
            self.radios[f.id] = radio
            rows.append(radio)
        compare = W.Button(description=t("roles.compare"), tooltip=t("roles.compare"), icon="balance-scale",
                           layout=W.Layout(width="auto"))
        compare.on_click(lambda _: self.compare())
        self.feedback = W.HTML()
        quote = W.HTML(f"<blockquote style='margin:0.3em 0'><em>{html_text(statement.text)}</em><br>"
                       f"<small>{escape(statement.origin)}</small></blockquote>")
        super().__init__([quote, W.HBox(rows, layout=W.Layout(flex_flow="row wrap")), button_row(compare, self.status),
                          self.feedback], layout=W.Layout(border="1px solid #767676", padding="0.3em 0.8em",
                                                          margin="0 0 0.4em 0"))
        self.add_class("sw-voice")
        self.add_class(f"sw-voice-{statement.id}")
        self.model = m

    def coding(self) -> dict[str, str]:
        return {fid: radio.value for fid, radio in self.radios.items() if radio.value}

    def _coded(self) -> None:
        self.feedback.value = ""
        self.saver.changed(self.coding())

    def compare(self) -> None:
        coding = self.coding()
        if not coding:
            self.feedback.value = f"<p role='status'>{escape(t('roles.code_first'))}</p>"
            return
        same, total = model.agreement(self.statement.reading, coding)
        names = {model.NONE: t("roles.says_nothing")}
        readings = []
        for f in self.model.features:
            pole = self.statement.reading.get(f.id, model.NONE)
            label = {model.NEGATIVE: f.negative.short, model.POSITIVE: f.positive.short}.get(pole, names[model.NONE])
            readings.append(f"{f.negative.short} / {f.positive.short}: {label}")
        self.feedback.value = (f"<div role='status'><p><strong>{escape(t('roles.agreement', same=same, total=total))}"
                               f"</strong> {escape(t('roles.reading'))} {escape('; '.join(readings))}.</p>"
                               f"<p>{html_text(self.statement.explanation)}</p></div>")


def client_voices(state: RolesState) -> W.VBox:
    box = W.VBox([StatementCoder(state, s) for s in state.model.statements])
    box.add_class("sw-voices")
    return box
