"""Views on the Bogardus scale: the scale itself, the student's profile and the consistency check.

The three views share one :class:`BogardusState` per workbook in a kernel, so ticking a box in the
scale redraws the profile and the explanation in other cells at once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

import ipywidgets as W
import plotly.graph_objects as go

from ..answers import AnswerBook, answer_book
from ..i18n import fmt_number, t
from .. import plot_text
from ..models import bogardus as model
from ..plots import OKABE_ITO, base_layout, clear, render
from .common import Autosave, SaveStatus, button_row, html_text, table_html
from .handlers import handler

ITEM_PREFIX = "bogardus/"
CUSTOM_GROUPS_ITEM = "groups/custom"


class BogardusState:
    """The scale definition plus this student's answers, with change notification."""

    def __init__(self, workbook: str, *, extra_groups: Iterable[str] = (), include_exclusion: bool = True,
                 book: AnswerBook | None = None):
        self.book = book or answer_book(workbook)
        self.base = model.load_scale(include_exclusion=include_exclusion, extra_groups=extra_groups)
        self.scale = self.base.with_groups(model.custom_group(label) for label in self.custom_labels())
        self._listeners: list[Callable[[], None]] = []
        self.book.subscribe(self._saved)

    # answers ------------------------------------------------------------------------------
    def custom_labels(self) -> list[str]:
        stored = self.book.get(CUSTOM_GROUPS_ITEM, [])
        labels = []
        for label in stored if isinstance(stored, list) else []:
            try:
                labels.append(model.clean_group_label(label))
            except ValueError:
                continue
        return labels

    def response(self, group_id: str) -> model.Response | None:
        return model.Response.from_value(self.book.get(ITEM_PREFIX + group_id),
                                         len(self.scale.relations))

    def responses(self) -> dict[str, model.Response]:
        found = {g.id: self.response(g.id) for g in self.scale.groups}
        return {gid: r for gid, r in found.items() if r is not None}

    def add_group(self, label: str) -> model.Group:
        """Add a student's own group; raises ValueError(message key) for unusable labels."""
        group = model.custom_group(label)
        taken = {g.id for g in self.scale.groups} | {g.label.casefold() for g in self.scale.groups}
        if group.id in taken or group.label.casefold() in taken:
            raise ValueError("bogardus.group_exists")
        self.book.save(CUSTOM_GROUPS_ITEM, self.custom_labels() + [group.label])
        return group

    def remove_group(self, group_id: str) -> None:
        """Remove an own group from the scale; its earlier answers stay in the history."""
        keep = [label for label in self.custom_labels() if model.custom_group(label).id != group_id]
        self.book.save(CUSTOM_GROUPS_ITEM, keep)

    # notification -------------------------------------------------------------------------
    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _saved(self, item: str, _value: object) -> None:
        if item == CUSTOM_GROUPS_ITEM:
            self.scale = self.base.with_groups(model.custom_group(label) for label in self.custom_labels())
        if item == CUSTOM_GROUPS_ITEM or item.startswith(ITEM_PREFIX):
            for callback in list(self._listeners):
                callback()




def _result_text(scale: model.Scale, response: model.Response | None) -> str:
    if response is None:
        return t("bogardus.not_answered")
    d = model.distance(response)
    label = scale.distance_label(d)
    errors = len(model.guttman_errors(response, len(scale.relations)))
    check = t("bogardus.cumulative") if errors == 0 else (
        t("bogardus.errors_one") if errors == 1 else t("bogardus.errors_many", n=errors))
    return t("bogardus.result", d=d, label=label, check=check)


class GroupCard(W.VBox):
    """The relations for one group as labelled checkboxes, saved on every tick."""

    def __init__(self, state: BogardusState, group: model.Group, on_remove: Callable[[str], None] | None = None):
        self.state = state
        self.group = group
        scale = state.scale
        self.status = SaveStatus()
        self.saver = Autosave(state.book, ITEM_PREFIX + group.id, status=self.status)
        stored = model.Response.from_value(self.saver.load(None), len(scale.relations))
        accepted = stored.accepted if stored else frozenset()
        self.boxes = [W.Checkbox(value=r.rank in accepted, description=r.label, indent=False,
                                 layout=dict(width="auto", margin="0 1.2em 0 0"))
                      for r in scale.relations]
        self.exclude = None
        if scale.exclusion is not None:
            self.exclude = W.Checkbox(value=bool(stored and stored.excluded), description=scale.exclusion.label,
                                      indent=False, layout=dict(width="auto"))
        for box in self.boxes + ([self.exclude] if self.exclude else []):
            box.observe(handler(self, self._ticked), names="value")
        title = f"<h4 style='margin:0.3em 0'>{escape(group.label)}"
        if group.custom:
            title += f" <small>({escape(t('bogardus.own_group'))})</small>"
        title += "</h4>"
        header: list[W.Widget] = [W.HTML(title)]
        if group.custom and on_remove is not None:
            remove = W.Button(description=t("bogardus.remove"), tooltip=t("bogardus.remove_tip", group=group.label),
                              icon="trash", layout=dict(width="auto"))
            remove.on_click(handler(self, lambda _: on_remove(group.id)))
            header.append(remove)
        self.result = W.HTML()
        self._show_result(stored)
        boxes = W.Box(self.boxes, layout=dict(display="flex", flex_flow="row wrap"))
        children = [W.HBox(header), W.HTML(f"<em>{escape(scale.question)}</em>"), boxes]
        if self.exclude:
            children.append(self.exclude)
        children.append(W.HBox([self.result, self.status], layout=dict(justify_content="space-between")))
        super().__init__(children, layout=dict(border="1px solid #767676", padding="0.4em 0.8em",
                                                   margin="0 0 0.6em 0"))
        self.add_class("sw-bogardus-group")
        self.add_class(f"sw-group-{group.id}")

    def response(self) -> model.Response:
        accepted = frozenset(r.rank for r, box in zip(self.state.scale.relations, self.boxes) if box.value)
        return model.Response(accepted, bool(self.exclude and self.exclude.value))

    def _show_result(self, response: model.Response | None) -> None:
        self.result.value = f"<span>{escape(_result_text(self.state.scale, response))}</span>"

    def _ticked(self, _change: dict) -> None:
        response = self.response()
        self._show_result(response)
        self.saver.changed(response.to_value())


class BogardusScale(W.VBox):
    """All groups, plus a field to add an own group."""

    def __init__(self, state: BogardusState):
        self.state = state
        self.cards = W.VBox([self._card(g) for g in state.scale.groups])
        # continuous_update=False: the whole name is sent when the field loses focus (Tab to the button),
        # so keyboard users never add a group without its last letter
        self.new_label = W.Text(description=t("bogardus.add_label"), placeholder=t("bogardus.add_placeholder"),
                                continuous_update=False,
                                style={"description_width": "initial"}, layout=dict(width="28em"))
        add = W.Button(description=t("bogardus.add_button"), icon="plus", tooltip=t("bogardus.add_button"),
                       layout=dict(width="auto"))
        add.on_click(handler(self, lambda _: self.add_group()))
        self.message = W.HTML()
        source = W.HTML(f"<p><small>{escape(t('bogardus.source', source=state.scale.source))}</small></p>")
        super().__init__([source, self.cards, button_row(self.new_label, add), self.message])
        self.add_class("sw-bogardus-scale")

    def _card(self, group: model.Group) -> GroupCard:
        return GroupCard(self.state, group, on_remove=self.remove_group)

    def add_group(self) -> None:
        try:
            group = self.state.add_group(self.new_label.value)
        except ValueError as exc:
            self.message.value = f'<span class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</span>'
            return
        self.cards.children = tuple(self.cards.children) + (self._card(group),)
        self.new_label.value = ""
        self.message.value = f'<span role="status">{escape(t("bogardus.group_added", group=group.label))}</span>'

    def remove_group(self, group_id: str) -> None:
        self.state.remove_group(group_id)
        self.cards.children = tuple(c for c in self.cards.children if c.group.id != group_id)
        self.message.value = f'<span role="status">{escape(t("bogardus.group_removed"))}</span>'


def _tick_labels(scale: model.Scale) -> list[str]:
    labels = [f"{r.rank}<br>{r.short}" for r in scale.relations]
    labels.append(f"{model.NONE_ACCEPTED}<br>{scale.distance_label(model.NONE_ACCEPTED)}")
    return labels


class ProfileView(W.VBox):
    """The student's distance per group as a dot plot, with the same numbers as a table."""

    def __init__(self, state: BogardusState):
        self.state = state
        scale = state.scale
        self.figure = go.Figure(
            data=[
                go.Scatter(name=t("bogardus.profile_consistent"), mode="markers+text", textposition="middle right",
                           marker=dict(symbol="circle", size=14, color=OKABE_ITO["blue"])),
                go.Scatter(name=t("bogardus.profile_errors"), mode="markers+text", textposition="middle right",
                           marker=dict(symbol="diamond", size=15, color=OKABE_ITO["vermillion"],
                                       line=dict(width=1, color=OKABE_ITO["black"]))),
            ],
            layout=base_layout(
                t("bogardus.profile_title"),
                xaxis=dict(title=t("bogardus.profile_x"), range=[0.5, 7.9], tickvals=list(range(1, 8)),
                           ticktext=_tick_labels(scale), tickangle=0, showgrid=True, gridcolor="#dddddd"),
                yaxis=dict(title="", automargin=True, autorange="reversed"),
                legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                margin=dict(l=10, r=20, t=90, b=90),
                height=320,
            ),
        )
        self.table = W.HTML()
        self.empty = W.HTML()
        self.output = W.Output(layout=dict(min_height="220px"))
        super().__init__([self.empty, self.output, self.table])
        self.add_class("sw-bogardus-profile")
        state.on_change(self.refresh)
        self.refresh()

    def rows(self) -> list[tuple[model.Group, model.Response]]:
        responses = self.state.responses()
        return [(g, responses[g.id]) for g in self.state.scale.groups if g.id in responses]

    def refresh(self) -> None:
        scale = self.state.scale
        rows = self.rows()
        n_rel = len(scale.relations)
        ok = [(g, r) for g, r in rows if not model.guttman_errors(r, n_rel)]
        bad = [(g, r) for g, r in rows if model.guttman_errors(r, n_rel)]
        with self.figure.batch_update():
            for trace, part in zip(self.figure.data, (ok, bad)):
                trace.x = [model.distance(r) for _, r in part]
                trace.y = [g.label for g, _ in part]
                trace.text = [str(model.distance(r)) for _, r in part]
            self.figure.layout.height = 180 + 42 * max(len(rows), 1)
            self.figure.layout.yaxis.categoryarray = [g.label for g, _ in rows]
            self.figure.layout.yaxis.categoryorder = "array"
        self.empty.value = "" if rows else f"<p><em>{escape(t('bogardus.profile_empty'))}</em></p>"
        if rows:
            text = plot_text.bogardus_profile(
                t("bogardus.profile_title"),
                [(g.label, model.distance(r), len(model.guttman_errors(r, n_rel))) for g, r in rows])
            render(self.output, self.figure, text)
        else:
            clear(self.output)
        headers = [t(k) for k in ("bogardus.col_group", "bogardus.col_distance", "bogardus.col_closest",
                                  "bogardus.col_errors")]
        body = [[g.label, str(model.distance(r)), scale.distance_label(model.distance(r)),
                 str(len(model.guttman_errors(r, n_rel)))] for g, r in rows]
        self.table.value = table_html(headers, body, caption=t("bogardus.table_caption")) if rows else ""


class ConsistencyView(W.VBox):
    """Per group: the plain-language explanation; overall: the coefficient of reproducibility."""

    def __init__(self, state: BogardusState):
        self.state = state
        self.html = W.HTML()
        super().__init__([self.html])
        self.add_class("sw-bogardus-consistency")
        state.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        scale = self.state.scale
        responses = self.state.responses()
        if not responses:
            self.html.value = f"<p><em>{escape(t('bogardus.profile_empty'))}</em></p>"
            return
        items = "".join(
            f"<li><strong>{escape(g.label)}</strong>: {html_text(model.explain(responses[g.id], scale))}</li>"
            for g in scale.groups if g.id in responses)
        cr = model.reproducibility(responses.values(), scale.n_items, len(scale.relations))
        threshold = fmt_number(model.CUMULATIVE_THRESHOLD, 2)
        key = "bogardus.cr_cumulative" if cr >= model.CUMULATIVE_THRESHOLD else "bogardus.cr_not_cumulative"
        summary = t("bogardus.cr", n=len(responses), cr=fmt_number(cr, 2), verdict=t(key, threshold=threshold))
        self.html.value = f"<ul>{items}</ul><p role='status'>{escape(summary)}</p>"
