"""Views on the six helper roles: the matrix with role cards, a role trajectory per case, and
client voices coded on the three relationship features."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from sw_exercises.widgets import lean as W

from ..answers import AnswerBook, answer_book
from ..cases import CaseBook, case_item
from ..i18n import t
from .. import plot_text
from ..models import helper_roles as model
from ..plots import OKABE_ITO
from . import svg
from .cases import CaseSelector
from .common import TYPING_DELAY, Autosave, SaveStatus, StatusOf, button_row, html_text, table_html
from .groups import Part, RadioGroup, SelectGroup
from .handlers import handler


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
# The matrix is a diagram, not a data chart: it is drawn as inline SVG (no plotly.js for the
# browser to load and lay out), scales with the page, prints sharply and carries its own text
# alternative (<title> and <desc>).
_W, _H = 720, 520
_LEFT, _RIGHT, _TOP, _BOTTOM = 120, 20, 64, 40
_GREY = "#767676"


def _px(x: float, y: float) -> tuple[float, float]:
    """Matrix coordinates (x 0…1 over the columns, y 0…1 bottom to top) to SVG pixels."""
    x0, x1, y0, y1 = -0.02, 1.02, -0.02, 1.12
    width, height = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    return (round(_LEFT + (x - x0) / (x1 - x0) * width, 1),
            round(_TOP + (y1 - y) / (y1 - y0) * height, 1))


def matrix_svg(m: model.RolesModel, path: Sequence[tuple[int, model.Role, float, float]] = (), *,
               description: str = "") -> str:
    """The 2×2 matrix with the six roles as SVG; an optional numbered path over the phases of a case."""
    uid = svg.new_id("sw-roles-svg")
    parts = [svg.text(10, 24, t("roles.matrix_title"), size=17)]
    for x0, x1, y0, y1 in ((0, 0.5, 0.5, 1), (0.5, 1, 0.5, 1), (0, 1, 0, 0.5)):
        (ax, ay), (bx, by) = _px(x0, y1), _px(x1, y0)
        parts.append(f"<rect x='{ax}' y='{ay}' width='{round(bx - ax, 1)}' height='{round(by - ay, 1)}' "
                     f"fill='none' stroke='{_GREY}' stroke-width='2'/>")
    (ax, ay), (bx, by) = _px(0.5, 0.5), _px(0.5, 0)
    parts.append(f"<line x1='{ax}' y1='{ay}' x2='{bx}' y2='{by}' stroke='{_GREY}' stroke-dasharray='2 4'/>")
    (_, label_a), (_, label_b) = m.columns
    (_, label_top), (_, label_bottom) = m.rows
    for x, text in ((0.25, label_a), (0.75, label_b)):
        parts.append(svg.text(*_px(x, 1.06), text, anchor="middle", bold=True))
    for y, text in ((0.75, label_top), (0.25, label_bottom)):
        px, py = _px(-0.02, y)
        parts.append(svg.text(px - 6, py, text, anchor="end", bold=True))
    parts.append(svg.text(*_px(0.5, 0.03), t("roles.column_unknown"), anchor="middle", size=12, colour="#444444"))
    blue, red = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    if path:  # under the roles, so their labels stay readable
        points = [_px(x, y) for _, _, x, y in path]
        parts.append(f"<polyline points='{' '.join(f'{x},{y}' for x, y in points)}' fill='none' stroke='{red}' "
                     f"stroke-width='3' stroke-dasharray='9 5'/>")
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
            if length > 24:  # an arrow head just before the next phase's diamond
                ex, ey = round(bx - (bx - ax) * 12 / length, 1), round(by - (by - ay) * 12 / length, 1)
                parts.append(f"<line x1='{ax}' y1='{ay}' x2='{ex}' y2='{ey}' stroke='none' "
                             f"marker-end='url(#{uid}-arrow)'/>")
        lx, ly = 10, _H - 14
        parts.append(f"<line x1='{lx}' y1='{ly}' x2='{lx + 36}' y2='{ly}' stroke='{red}' stroke-width='3' "
                     f"stroke-dasharray='9 5'/>")
        parts.append(svg.text(lx + 44, ly, t("roles.path_legend")))
    for role in m.roles:
        px, py = _px(*model.position(m, role))
        parts.append(f"<circle cx='{px}' cy='{py}' r='6' fill='{'#ffffff' if role.doubt else blue}' "
                     f"stroke='{blue}' stroke-width='2'/>")
        if role.doubt:  # open circle with a dot: the source is unsure about this role's place
            parts.append(f"<circle cx='{px}' cy='{py}' r='2' fill='{blue}'/>")
        parts.append(svg.text(px + 12, py, f"{role.number}. {role.label}" + (" (?)" if role.doubt else ""), halo=True))
    if path:  # the phases on top: one diamond per role chosen, numbered with every phase that chose it
        numbers: dict[tuple[float, float], list[str]] = {}
        for number, _, x, y in path:
            numbers.setdefault(_px(x, y), []).append(str(number))
        for (px, py), nums in numbers.items():
            parts.append(f"<path d='M{px} {py - 10} L{px + 8} {py} L{px} {py + 10} L{px - 8} {py} Z' fill='{red}'/>")
            parts.append(svg.text(px - 12, py, ", ".join(nums), anchor="end", size=16, colour=red, bold=True, halo=True))
    arrow = (f"<defs><marker id='{uid}-arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='14' "
             f"markerHeight='14' markerUnits='userSpaceOnUse' orient='auto'><path d='M0 0 L10 5 L0 10 Z' fill='{red}'/>"
             f"</marker></defs>")
    return svg.document(uid, _W, _H, t("roles.matrix_title"), description, "".join(parts), defs=arrow)


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
    output = W.HTML(svg.with_text(matrix_svg(m, description=matrix_text(m)), matrix_text(m)))
    cards = "".join(role_card(m, role) for role in m.roles)
    grid = W.HTML(f"<div style='display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,max(18em,45%)),1fr));gap:0.4em'>{cards}</div>"
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
UNRATED = -1  # the dropdown value of a feature not rated yet
class PhaseEditor(W.VBox):
    def __init__(self, m: model.RolesModel, number: int, phase: model.Phase, on_change: Callable[[], None]):
        self.role_ids = [None] + [r.id for r in m.roles]
        self.name = W.Text(value=phase.name, description=t("roles.phase_name", n=number),
                           style={"description_width": "initial"}, layout=dict(width="30em"))
        self.role = W.Dropdown(options=[(t("roles.choose_role"), 0)] + [(f"{r.number}. {r.label}", i + 1)
                                                                       for i, r in enumerate(m.roles)],
                               value=self.role_ids.index(phase.role) if phase.role in self.role_ids else 0,
                               description=t("roles.role_label"), style={"description_width": "initial"},
                               layout=dict(width="30em"))
        self.feature_ids = [f.id for f in m.features]
        # a labelled dropdown per feature, not a slider: a slider handle has no accessible name and
        # reads out only a number; every option here names its place between the two poles
        # an unrated feature says so (not "3 · midden"): UNRATED is the first option
        self.features = SelectGroup([
            {"label": f"{f.negative.short} ↔ {f.positive.short}:", "value": phase.features.get(f.id, UNRATED),
             "options": [(t("roles.not_rated"), UNRATED)]
                        + [(f"{i + 1} · {label.format(negative=f.negative.short, positive=f.positive.short)}", i)
                           for i, label in enumerate(m.scale_points)]}
            for f in m.features], width="40em", label_width="20em")
        self.feature_choices = self.features.choices
        self.note = W.Textarea(value=phase.note, description=t("roles.phase_note"), continuous_update=True,
                               placeholder=t("roles.phase_note_placeholder"),
                               style={"description_width": "initial"}, layout=dict(width="36em", height="4em"))
        for control in (self.name, self.role, self.features, self.note):
            control.observe(handler(self, lambda _: on_change()), names="value")
        super().__init__([self.name, self.role, self.features, self.note],
                         layout=dict(border="1px solid #767676", padding="0.3em 0.8em", margin="0 0 0.4em 0"))
        self.add_class("sw-phase")

    def phase(self) -> model.Phase:
        features = {fid: s.value for fid, s in zip(self.feature_ids, self.feature_choices) if s.value != UNRATED}
        return model.Phase(self.name.value, self.role_ids[self.role.value], features, self.note.value)


class TrajectoryView(W.VBox):
    def __init__(self, state: RolesState):
        self.state = state
        self.phase_box = W.VBox()
        self.status = SaveStatus()
        add = W.Button(description=t("roles.add_phase"), icon="plus", tooltip=t("roles.add_phase"),
                       layout=dict(width="auto"))
        add.on_click(handler(self, lambda _: self.add_phase()))
        self.output = W.HTML()
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
        self.output.value = svg.with_text(matrix_svg(m, path, description=text), text)
        verdict = model.follows_lemma(m, phases)
        key = {None: "roles.path_short", True: "roles.path_follows", False: "roles.path_differs"}[verdict]
        self.feedback.value = f"<p role='status'>{escape(t(key))}</p>"


# -- client voices --------------------------------------------------------------------------
class StatementCoder(RadioGroup):
    """A client voice to code on the three features: the quote, a radio group per feature, the compare
    button (and, after a first try, the one that reveals the lemma's reading), the save status and the
    feedback, all one widget (groups.py: a RadioGroup that is a whole card)."""

    def __init__(self, state: RolesState, statement: model.Statement):
        m = state.model
        quote = (f"<blockquote style='margin:0.3em 0'><em>{html_text(statement.text)}</em><br>"
                 f"<small>{escape(statement.origin)}</small></blockquote>")
        super().__init__([
            {"label": f"{f.negative.short} / {f.positive.short}:",
             "options": [(f.negative.short, model.NEGATIVE), (f.positive.short, model.POSITIVE),
                         (t("roles.says_nothing"), model.NONE)]}
            for f in m.features], width="17em", before_html=quote,
            actions=[{"id": "compare", "label": t("roles.compare"), "tip": t("roles.compare"), "icon": "balance-scale"}],
            layout=dict(border="1px solid #767676", padding="0.3em 0.8em", margin="0 0 0.4em 0"))
        self.statement = statement
        self.model = m
        self.status = StatusOf(self)
        self.saver = Autosave(state.book, f"voice/{statement.id}", self.status)
        stored = self.saver.load({})
        codes = stored if isinstance(stored, dict) else {}
        self.set_values([codes.get(f.id) for f in m.features])  # a code none of the options: unchosen
        self.observe(handler(self, lambda _: self._coded()), names="value")
        self.radios = dict(zip((f.id for f in m.features), self.choices))
        self.on_action("compare", handler(self, self.compare))
        self.on_action("reveal", handler(self, self.show_reading))
        self.revealed = False
        self.feedback = Part(self, "after_html")
        self.add_class("sw-voice")
        self.add_class(f"sw-voice-{statement.id}")

    def _reveal_button(self, shown: bool) -> None:
        """The button that reveals the lemma's reading: after the first try, until it is used."""
        actions = [a for a in self.actions if a["id"] != "reveal"]
        if shown:
            actions.append({"id": "reveal", "label": t("roles.reveal"), "tip": t("roles.reveal"), "icon": "eye"})
        if actions != self.actions:
            self.actions = actions

    def show_reading(self) -> None:
        """After a first try: how the lemma reads the statement, and why."""
        self.revealed = True
        self._reveal_button(False)
        self.compare()

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
        if not self.revealed:
            # first feedback on the student's own attempt; the lemma's reading only when asked for
            differ = [f"{f.negative.short} / {f.positive.short}" for f in self.model.features
                      if f.id in coding and coding[f.id] != self.statement.reading.get(f.id, model.NONE)]
            hint = t("roles.attempt_differs", features=", ".join(differ)) if differ else t("roles.attempt_same")
            self.feedback.value = (f"<div role='status'><p><strong>{escape(t('roles.agreement', same=same, total=total))}"
                                   f"</strong> {escape(hint)}</p></div>")
            self._reveal_button(True)
            return
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
