"""Views on the Bogardus scale: the scale itself, the student's profile and the consistency check.

The three views share one :class:`BogardusState` per workbook in a kernel, so ticking a box in the
scale redraws the profile and the explanation in other cells at once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from sw_exercises.widgets import lean as W

from ..formats import format_number
from ..answers import AnswerBook, answer_book
from ..i18n import content, t, tn
from .. import plot_text
from ..models import bogardus as model
from . import svg
from .groups import Check, CheckGroup
from .common import Autosave, StatusOf, button_row, html_text, table_html
from .handlers import handler

ITEM_PREFIX = "bogardus/"
CUSTOM_GROUPS_ITEM = "groups/custom"
#: bookkeeping, not an answer: the student has been told that an old empty answer now means unanswered
NOTICE_ITEM = ITEM_PREFIX + "_notice_seen"


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
        """The group's answer; None while it is unanswered."""
        return model.Response.from_value(self.book.get(ITEM_PREFIX + group_id),
                                         len(self.scale.relations))

    def responses(self) -> dict[str, model.Response]:
        """The answered groups only."""
        found = {g.id: self.response(g.id) for g in self.scale.groups}
        return {gid: r for gid, r in found.items() if r is not None}

    def old_empty_groups(self) -> list[model.Group]:
        """Groups whose stored answer is an empty one from the version before 'geen van deze'."""
        return [g for g in self.scale.groups if model.is_old_empty_answer(self.book.get(ITEM_PREFIX + g.id))]

    def take_old_empty_notice(self) -> str | None:
        """The one-time notice about old empty answers (None when there are none or it was given)."""
        if self.book.get(NOTICE_ITEM) is True:
            return None
        groups = self.old_empty_groups()
        if not groups:
            return None
        self.book.save(NOTICE_ITEM, True)
        texts = content("bogardus")["explain"]
        names = [texts["quote"].format(label=g.label) for g in groups]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {texts['and']} " + names[-1]
        return t("bogardus.old_empty_notice", groups=listed)

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
        if item == NOTICE_ITEM:
            return
        if item == CUSTOM_GROUPS_ITEM:
            self.scale = self.base.with_groups(model.custom_group(label) for label in self.custom_labels())
        if item == CUSTOM_GROUPS_ITEM or item.startswith(ITEM_PREFIX):
            for callback in list(self._listeners):
                callback()


def _errors_text(n: int) -> str:
    texts = content("bogardus")["explain"]
    return texts["errors_one"] if n == 1 else texts["errors_many"].format(n=n)


def _result_text(scale: model.Scale, response: model.Response | None) -> str:
    """The line under a group card; unanswered is never 'Afstand 7'."""
    if response is None or not response.answered:
        return t("bogardus.not_answered")
    d = model.distance(response)
    errors = len(model.guttman_errors(response, len(scale.relations)))
    check = t("bogardus.cumulative") if errors == 0 else (
        t("bogardus.errors_one") if errors == 1 else t("bogardus.errors_many", n=errors))
    return t("bogardus.result", d=d, label=scale.response_label(response), check=check)


class GroupCard(CheckGroup):
    """The relations for one group as labelled checkboxes, saved on every tick.

    Three states: unanswered (nothing ticked), relations accepted, or the explicit "none" box.
    Ticking "none" unticks the relations and ticking a relation unticks it; the clear button
    brings the group back to unanswered (the earlier answer stays in the history).

    The whole card is one widget (checkgroup.js): its title and question above the boxes, its
    buttons after them, and its result and save status below. Every widget is a model the page
    builds when it opens (make bench (e)).
    """

    def __init__(self, state: BogardusState, group: model.Group, on_remove: Callable[[str], None] | None = None):
        scale = state.scale
        note = t("bogardus.not_applicable_note")  # interface words around the content's reason
        # the note on a relation that cannot literally apply sits right after its checkbox, outside its
        # name (exact names stay)
        items = [{"label": r.label, "note": note.format(reason=reason) if reason else ""}
                 for r in scale.relations for reason in [scale.reason_not_applicable(group.id, r.rank)]]
        items.append({"label": t("bogardus.none_box"), "own_line": True})
        if scale.exclusion is not None:
            items.append({"label": scale.exclusion.label, "own_line": True})
        title = f"<h4 style='margin:0.3em 0'>{escape(group.label)}"
        if group.custom:
            title += f" <small>({escape(t('bogardus.own_group'))})</small>"
        title += f"</h4><em>{escape(scale.question)}</em>"
        actions = [{"id": "clear", "label": t("bogardus.clear"), "tip": t("bogardus.clear_tip", group=group.label),
                    "icon": "eraser"}]
        if group.custom and on_remove is not None:
            actions.append({"id": "remove", "label": t("bogardus.remove"),
                            "tip": t("bogardus.remove_tip", group=group.label), "icon": "trash"})
        super().__init__(items, [False] * len(items), label=f"{group.label}: {scale.question}", before_html=title,
                         actions=actions,
                         layout=dict(border="1px solid #767676", padding="0.4em 0.8em", margin="0 0 0.6em 0"))
        self.state = state
        self.group = group
        self._quiet = False
        self.status = StatusOf(self, quiet=True)  # the lead says when the group is unanswered
        self.saver = Autosave(state.book, ITEM_PREFIX + group.id, status=self.status)
        stored = model.Response.from_value(self.saver.load(None), len(scale.relations))
        accepted = stored.accepted if stored else frozenset()
        values = [r.rank in accepted for r in scale.relations] + [bool(stored and stored.none)]
        if scale.exclusion is not None:
            values.append(bool(stored and stored.excluded))
        self.value = values
        self.observe(handler(self, self._ticked), names="value")
        self.on_action("clear", handler(self, self.clear))
        if group.custom and on_remove is not None:
            self.on_action("remove", handler(self, lambda: on_remove(group.id)))
        n = len(scale.relations)
        self.all_boxes = list(self.boxes)
        self.boxes = self.all_boxes[:n]  # the relations; then 'geen van deze' and the exclusion
        self.none_box = self.all_boxes[n]
        self.exclude = self.all_boxes[n + 1] if scale.exclusion is not None else None
        # the result line ("Afstand 3 …") is the lead of the save status
        self.result = self.status
        self._show_result(stored)
        self.add_class("sw-bogardus-group")
        self.add_class(f"sw-group-{group.id}")

    def response(self) -> model.Response:
        """What the boxes say now (an unanswered Response when nothing is ticked)."""
        accepted = frozenset(r.rank for r, box in zip(self.state.scale.relations, self.boxes) if box.value)
        return model.Response(accepted, bool(self.exclude and self.exclude.value), self.none_box.value)

    def _show_result(self, response: model.Response | None) -> None:
        self.status.set_lead(_result_text(self.state.scale, response))

    def _untick_quietly(self, boxes: list[Check]) -> None:
        """Untick ``boxes`` in one change of the group, without handling it as the student's tick."""
        values = list(self.value)
        for box in boxes:
            values[box.index] = False
        self._quiet = True
        try:
            self.value = values
        finally:
            self._quiet = False

    def _ticked(self, change: dict) -> None:
        if self._quiet:
            return
        old, new = change["old"], change["new"]
        ticked = next((box for box in self.all_boxes if new[box.index] and not old[box.index]), None)
        if ticked is self.none_box:  # 'geen van deze' unticks the relations ...
            self._untick_quietly(self.boxes)
        elif ticked in self.boxes:  # ... and a relation unticks 'geen van deze'
            self._untick_quietly([self.none_box])
        self._save()

    def _save(self) -> None:
        response = self.response()
        self._show_result(response)
        self.saver.changed(response.to_value() if response.answered else dict(model.UNANSWERED_VALUE))

    def clear(self) -> None:
        """Back to unanswered (the card's clear button); saved as an answer that means unanswered, so the
        history keeps the old one."""
        super().clear()


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
        notice = state.take_old_empty_notice()  # said once: remembered in the answer book
        self.notice = W.HTML(f'<p class="sw-notice" role="status" style="border-left:4px solid #0072B2;'
                             f'padding:0.3em 0.8em">{escape(notice)}</p>' if notice else "")
        super().__init__([self.notice, source, self.cards, button_row(self.new_label, add), self.message])
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


def _tick_labels(scale: model.Scale) -> list[list[str]]:
    """The lines under each point of the scale (the model's, so the portfolio draws the same)."""
    return model.tick_labels(scale)


class ProfileView(W.VBox):
    """The student's distance per group as a dot plot (inline SVG), with the same numbers as a table.

    Drawn as SVG in an ``HTML`` widget rather than with plotly: a tick then sends a few kilobytes of
    markup that the browser swaps in, instead of a whole plotly figure that plotly.js lays out anew
    (the answer-to-chart time of ``make bench`` (e)), and the page needs no plotly.js at all."""

    def __init__(self, state: BogardusState):
        self.state = state
        #: the points drawn, per series: {"consistent": [(group label, distance)], "errors": [...]}
        self.points: dict[str, list[tuple[str, int]]] = {"consistent": [], "errors": []}
        self.table = W.HTML()
        self.empty = W.HTML()
        self.chart = W.HTML(layout=dict(min_height="220px"))
        self.chart.add_class("sw-chart")
        super().__init__([self.empty, self.chart, self.table])
        self.add_class("sw-bogardus-profile")
        state.on_change(self.refresh)
        self.refresh()

    def rows(self, responses: dict[str, model.Response] | None = None) -> list[tuple[model.Group, model.Response]]:
        """The answered groups, in scale order."""
        responses = self.state.responses() if responses is None else responses
        return [(g, responses[g.id]) for g in self.state.scale.groups if g.id in responses]

    def refresh(self) -> None:
        scale = self.state.scale
        responses = self.state.responses()
        rows = self.rows(responses)
        unanswered = [g for g in scale.groups if g.id not in responses]
        n_rel = len(scale.relations)
        errors = {g.id: len(model.guttman_errors(r, n_rel)) for g, r in rows}
        self.points = {
            "consistent": [(g.label, model.distance(r)) for g, r in rows if not errors[g.id]],
            "errors": [(g.label, model.distance(r)) for g, r in rows if errors[g.id]],
        }
        if not rows:
            self.empty.value = f"<p><em>{escape(t('bogardus.profile_empty'))}</em></p>"
        elif unanswered:
            listed = ", ".join(g.label for g in unanswered)
            self.empty.value = f"<p><em>{escape(t('bogardus.profile_unanswered', groups=listed))}</em></p>"
        else:
            self.empty.value = ""
        if rows:
            title = t("bogardus.profile_title")
            text = plot_text.bogardus_profile(title, [(g.label, model.distance(r), errors[g.id]) for g, r in rows])
            series = [(t("bogardus.profile_consistent"), self.points["consistent"]),
                      (t("bogardus.profile_errors"), self.points["errors"])]
            self.chart.value = svg.with_text(
                svg.dots(title, series, _tick_labels(scale), x_title=t("bogardus.profile_x"), description=text), text)
        else:
            self.chart.value = ""
        headers = [t(k) for k in ("bogardus.col_group", "bogardus.col_distance", "bogardus.col_closest",
                                  "bogardus.col_errors")]
        dash = t("bogardus.cell_none")
        body = []
        for g in scale.groups:  # every group, so an unanswered one says so instead of showing a number
            r = responses.get(g.id)
            if r is None:
                body.append([g.label, dash, t("bogardus.cell_unanswered"), dash])
            else:
                body.append([g.label, str(model.distance(r)), scale.response_label(r), str(errors[g.id])])
        self.table.value = table_html(headers, body, caption=t("bogardus.table_caption")) if rows else ""


class ConsistencyView(W.VBox):
    """Per group: which answers break the cumulative pattern, in plain language. No verdict: whether
    the scale is cumulative (coefficient ≥ 0.90) is a question about a class, not about one student."""

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
            f"<li><strong>{escape(g.label)}</strong>: "
            f"{html_text(model.explain(responses.get(g.id), scale, g))}</li>"
            for g in scale.groups)
        n_rel = len(scale.relations)
        counts = [len(model.guttman_errors(r, n_rel)) for r in responses.values()]
        bad, n = sum(1 for c in counts if c), len(counts)
        if not bad:
            summary = tn("bogardus.summary_fits", n)
        elif n == 1:
            summary = t("bogardus.summary_errors_one", errors=_errors_text(sum(counts)))
        else:
            summary = t("bogardus.summary_errors", bad=bad, n=n, errors=_errors_text(sum(counts)))
        why = content("bogardus")["explain"]["why"]
        note = t("bogardus.class_note", threshold=format_number(model.CUMULATIVE_THRESHOLD, 2))
        self.html.value = (f"<ul>{items}</ul><p role='status'>{escape(summary)}</p>"
                           f"<p>{escape(why)}</p><p><small>{escape(note)}</small></p>")
