"""Views for an intervision group: its sessions, the clock, the record, sharing it, and an overview.

Data lives in :mod:`sw_exercises.intervision_group` (nothing is made by opening the workbook); the
clock ticks in the browser (:mod:`sw_exercises.widgets.step_clock`), so the kernel runs no thread for
it and a re-run of the cell leaves no clock behind. Every answer of the group record is saved on top
of the version its field started from (:class:`FieldSaver`): a second window that saved the same
field in between is merged in, or kept side by side for the group to choose.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from sw_exercises.widgets import lean as W

from ..formats import format_date
from ..answers import AnswerBook, answer_book
from ..files import WriteError
from ..i18n import content, t, tn
from ..intervision_group import WORKBOOK, IntervisionBook, group_item, session_item
from ..intervision_record import afspraak_line, date_text, group_title, load_record, record_title, write_record
from ..intervision_sync import SyncError
from ..models.intervision import (ROLE_ORDER, SUPPORT_ROLES, field_label, inbreng_counts, lens_questions_at,
                                  load_lenses, load_methods, person_key, role_counts, role_problems, shown_value,
                                  suggest_roles, too_small)
from ..privacy import scan
from .common import LONE_BUTTON, Autosave, SaveStatus, button_row, html_text, table_html
from .download import written_html
from .handlers import handler
from .step_clock import StepClock

NOBODY = ""  # the dropdown value for 'nobody chosen' (a value of None reads as 'nothing selected')
FULL = dict(width="100%")


def _label(text: str) -> W.HTML:
    return W.HTML(f"<strong>{escape(text)}</strong>")


def findings_text(n: int) -> str:
    """'1 mogelijk persoonsgegeven', '2 mogelijke persoonsgegevens'."""
    return tn("intervisie.findings", n)


# -- saving one field of the group record -----------------------------------------------------------
class FieldSaver(Autosave):
    """Saves one answer of the group record on top of the revision this editor started from.

    When another window saved the same answer meanwhile, the two are merged (and ``on_merged`` gets
    the merged value to show), or, when both changed the same words, this version is kept as the
    newest and the other waits in the group's conflicts: nothing is lost."""

    def __init__(self, record: IntervisionBook, item: str, status: SaveStatus, *, delay: float = 0.0,
                 on_merged: Callable[[Any], None] | None = None):
        super().__init__(record.book, item, status, delay=delay)
        self.record = record
        self.on_merged = on_merged
        self.base_number: int | None = None
        self.base_value: Any = None

    def load(self, default: Any = None) -> Any:
        rev = self.book.latest(self.item)
        value = super().load(default)
        if rev is not None:
            self.base_number, self.base_value, value = rev.number, rev.value, rev.value
        return value

    def flush(self) -> None:
        with self._lock:
            if not self._dirty:
                return
            value, self._dirty = self._value, False
            self._timer = None
            outcome = self.record.save_field(self.item, value, self.base_number, self.base_value)
            if outcome.number is not None:
                self.base_number = outcome.number
            self.base_value = outcome.value
        if outcome.status == "failed":
            self.status.show("failed", error=outcome.error)
            return
        notice = {"merged": t("intervisie.merged"), "conflict": t("intervisie.conflict_saved")}.get(outcome.status)
        self.status.show("saved", when=outcome.saved_at, notice=" ".join(x for x in (notice, outcome.notice) if x) or None)
        if outcome.value != value and self.on_merged is not None:
            self.on_merged(outcome.value)


class NoteBox(W.VBox):
    """A text of the group record that saves itself while the group types (see :class:`FieldSaver`)."""

    def __init__(self, record: IntervisionBook, item: str, title: str, prompt: str, *, delay: float = 0.8,
                 height: str = "8em"):
        self.status = SaveStatus()
        self.saver = FieldSaver(record, item, self.status, delay=delay, on_merged=self._show_merged)
        initial = self.saver.load("")
        self.text = W.Textarea(value=initial if isinstance(initial, str) else "", description=t("reflection.label"),
                               placeholder=t("reflection.placeholder"), continuous_update=True,
                               layout=dict(width="98%", height=height), style={"description_width": "initial"})
        self._count(self.text.value)
        self.text.observe(handler(self, self._typed), names="value")
        header = W.HTML(f"<h5 style='margin:0.6em 0 0.2em 0'>{escape(title)}</h5><p>{html_text(prompt)}</p>")
        super().__init__([header, self.text, self.status])  # the word count is the status line's lead
        self.add_class("sw-reflection")
        self.add_class(f"sw-item-{item.replace('/', '-')}")

    def _count(self, text: str) -> None:
        self.status.set_lead(tn("reflection.words", len(text.split())))

    def _typed(self, change: dict) -> None:
        self._count(change["new"])
        if change["new"] != self.saver.base_value or self.saver._dirty:
            self.saver.changed(change["new"])

    def _show_merged(self, value: Any) -> None:
        if isinstance(value, str) and value != self.text.value:
            self.text.value = value


# -- choosing, making and deleting groups and sessions ----------------------------------------------
class Picker(W.VBox):
    """Choose, make or delete a group or a session. Shows nothing to choose until one is made."""

    def __init__(self, texts: str, entries: Callable[[], list[tuple[str, str]]], current: Callable[[], str | None],
                 on_select: Callable[[str | None], None], add: Callable[[str], str],
                 delete: Callable[[str], None], *, extra: list[W.Widget] | None = None, default_name: str = ""):
        self.texts, self.entries, self.add, self.delete, self.on_select = texts, entries, add, delete, on_select
        self.dropdown = W.Dropdown(description=t(f"{texts}.choose"), style={"description_width": "initial"},
                                   layout=dict(width="34em", max_width="100%"))
        self.new_name = W.Text(value=default_name, description=t(f"{texts}.new_label"),
                               placeholder=t(f"{texts}.new_placeholder"), style={"description_width": "initial"},
                               layout=dict(width="34em", max_width="100%"))
        create = W.Button(description=t(f"{texts}.create"), icon="plus", tooltip=t(f"{texts}.create"),
                          layout=dict(width="auto"))
        create.on_click(handler(self, lambda _: self.create()))
        self.delete_button = W.Button(description=t(f"intervisie.delete_{texts}"), icon="trash",
                                      tooltip=t(f"intervisie.delete_{texts}"), layout=dict(width="auto"))
        self.delete_button.on_click(handler(self, lambda _: self.ask_delete()))
        self.confirm_yes = W.Button(description=t("intervisie.delete_yes"), tooltip=t("intervisie.delete_yes"),
                                    button_style="danger", layout=dict(width="auto"))
        self.confirm_no = W.Button(description=t("intervisie.delete_no"), tooltip=t("intervisie.delete_no"),
                                   layout=dict(width="auto"))
        self.confirm_yes.on_click(handler(self, lambda _: self.confirm_delete()))
        self.confirm_no.on_click(handler(self, lambda _: self.cancel_delete()))
        # a layout of its own: it is shown and hidden (shared layouts are frozen, see widgets/lean.py)
        self.confirm_row = W.HBox([self.confirm_yes, self.confirm_no],
                                  layout=W.Layout(align_items="center", flex_flow="row wrap", display="none"))
        self.message = W.HTML(f"<small>{escape(t(f'{texts}.privacy'))}</small>")
        self.dropdown.observe(handler(self, self._chosen), names="value")
        super().__init__([button_row(self.dropdown, self.delete_button), self.confirm_row,
                          button_row(self.new_name, *(extra or []), create), self.message])
        self.add_class("sw-picker")
        self.add_class(f"sw-picker-{texts}")
        self.refresh(current())

    def refresh(self, chosen: str | None) -> None:
        options = self.entries()
        self._quiet = True
        try:
            self.dropdown.options = [(name, entry_id) for entry_id, name in options] or [(t(f"{self.texts}.none"), NOBODY)]
            ids = [entry_id for entry_id, _ in options]
            self.dropdown.value = chosen if chosen in ids else (ids[-1] if ids else NOBODY)
        finally:
            self._quiet = False
        self.dropdown.disabled = not options
        self.delete_button.disabled = not options
        self.cancel_delete()

    def _chosen(self, change: dict) -> None:
        if not getattr(self, "_quiet", False):
            self.cancel_delete()
            self.on_select(change["new"] or None)

    def create(self) -> None:
        try:
            made = self.add(self.new_name.value)
        except ValueError as exc:
            key = str(exc.args[0]).replace("cases.", f"{self.texts}.")  # 'Geef de groep eerst een naam.'
            self.message.value = f'<span class="sw-error" role="alert">{escape(t(key))}</span>'
            return
        name = dict((i, n) for i, n in self.entries()).get(made, "")
        self.new_name.value = ""
        self.refresh(made)
        self.on_select(made)
        self.message.value = f'<span role="status">{escape(t(f"{self.texts}.created", name=name))}</span>'

    def ask_delete(self) -> None:
        self.confirm_row.layout.display = ""
        name = dict(self.entries()).get(self.dropdown.value, "")
        self.message.value = f'<span role="alert">{escape(t(f"intervisie.delete_{self.texts}_ask", name=name))}</span>'

    def cancel_delete(self) -> None:
        self.confirm_row.layout.display = "none"

    def confirm_delete(self) -> None:
        chosen = self.dropdown.value
        name = dict(self.entries()).get(chosen, "")
        try:
            self.delete(chosen)
        except ValueError as exc:
            self.cancel_delete()
            self.message.value = f'<span class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</span>'
            return
        self.refresh(None)
        self.message.value = f'<span role="status">{escape(t(f"intervisie.deleted_{self.texts}", name=name))}</span>'
        self.on_select(self.dropdown.value or None)


# -- the session ---------------------------------------------------------------------------------------
class SessionView(W.VBox):
    """A group's session: attendance, agreement, inbrenger and roles, method, clock, notes, lenses,
    afspraken and learning points, the record; and sharing the group between laptops."""

    def __init__(self, book: AnswerBook | None = None, *, clock: Callable[[], float] = time.time,
                 export_dir: Path | None = None, today: Callable[[], date] = date.today):
        self.book = book or answer_book(WORKBOOK)
        self.record = IntervisionBook(self.book)
        self.clock, self.today = clock, today
        self.export_dir = export_dir or Path.cwd() / "mijn-export" / "intervisie"
        self.data = content("intervisie")
        self.methods = {m.id: m for m in load_methods()}
        self.lenses = {ln.id: ln for ln in load_lenses()}
        self.group_id: str | None = None
        self.session_id: str | None = None
        self.group_box = W.VBox()
        current = self.record.current_group()
        self.groups = Picker("groups", lambda: [(g.id, g.name) for g in self.record.groups()],
                             lambda: current.id if current else None, self.show_group,
                             lambda name: self.record.add_group(name).id, self.record.delete_group)
        self.sharing = GroupSharing(self)
        super().__init__([W.HTML(f"<h4>{escape(t('intervisie.group_heading'))}</h4>"), self.groups, self.group_box,
                          self.sharing])
        self.add_class("sw-intervision")
        self.show_group(current.id if current else None)

    # -- group ---------------------------------------------------------------------------------------
    def show_group(self, group_id: str | None) -> None:
        self.group_id = group_id
        self.session_id = None
        if hasattr(self, "sharing"):
            self.sharing.refresh()
        if group_id is None:
            self.group_box.children = [W.HTML(f"<p><em>{escape(t('intervisie.no_group'))}</em></p>")]
            return
        self.record.select_group(group_id)
        self.members_box = W.VBox()
        self.session_box = W.VBox()
        self.new_date = W.DatePicker(value=self.today(), description=t("intervisie.new_date"),
                                     style={"description_width": "initial"}, layout=dict(width="auto"))
        current = self.record.current_session(group_id)
        default = t("sessions.default_name", date=format_date(self.today()))
        self.sessions = Picker("sessions", lambda: [(s.id, s.name) for s in self.record.sessions(group_id)],
                               lambda: current.id if current else None, self.show_session,
                               lambda name: self.record.add_session(group_id, name, self.new_date.value or self.today()).id,
                               lambda sid: self.record.delete_session(group_id, sid),
                               extra=[self.new_date], default_name=default)
        self.group_box.children = [
            W.HTML(f"<h4>{escape(t('intervisie.members_title'))}</h4>"), self.members_box,
            W.HTML(f"<h4>{escape(t('intervisie.session_heading'))}</h4>"), self.sessions, self.session_box]
        self.show_members()
        self.show_session(current.id if current else None)

    def show_members(self) -> None:
        members = self.record.members(self.group_id)
        listed = ", ".join(members) if members else t("intervisie.no_members")
        self.member_name = W.Text(description=t("intervisie.new_member"), placeholder=t("intervisie.new_member_placeholder"),
                                  style={"description_width": "initial"}, layout=dict(width="30em", max_width="100%"))
        add = W.Button(description=t("intervisie.add_member"), icon="user-plus", tooltip=t("intervisie.add_member"),
                       layout=dict(width="auto"))
        add.on_click(handler(self, lambda _: self.add_member()))
        self.member_remove = W.Dropdown(options=[(t("elements.choose"), NOBODY)] + [(m, m) for m in members],
                                        value=NOBODY, description=t("intervisie.member"),
                                        style={"description_width": "initial"}, layout=dict(width="auto"))
        remove = W.Button(description=t("intervisie.remove_member"), icon="user-times",
                          tooltip=t("intervisie.remove_member"), layout=dict(width="auto"))
        remove.on_click(handler(self, lambda _: self.remove_member()))
        self.member_message = W.HTML()
        self.members_box.children = [W.HTML(f"<p>{escape(listed)}</p><p><small>{escape(t('intervisie.members_help'))}</small></p>"),
                                     button_row(self.member_name, add), button_row(self.member_remove, remove),
                                     self.member_message]

    def add_member(self) -> None:
        try:
            name = self.record.add_member(self.group_id, self.member_name.value)
        except ValueError as exc:
            self.member_message.value = f'<span class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</span>'
            return
        self.show_members()
        self.member_message.value = f'<span role="status">{escape(t("intervisie.member_added", name=name))}</span>'
        if self.session_id:
            self.show_session(self.session_id)

    def remove_member(self) -> None:
        if self.member_remove.value:
            name = self.member_remove.value
            self.record.remove_member(self.group_id, name)
            self.show_members()
            self.member_message.value = f'<span role="status">{escape(t("intervisie.member_removed", name=name))}</span>'
            if self.session_id:
                self.show_session(self.session_id)

    # -- session -------------------------------------------------------------------------------------
    def item(self, *parts: str) -> str:
        return session_item(self.group_id, self.session_id, *parts)

    def show_session(self, session_id: str | None) -> None:
        self.session_id = session_id
        if session_id is None:
            self.session_box.children = [W.HTML(f"<p><em>{escape(t('intervisie.no_session'))}</em></p>")]
            return
        self.record.select_session(self.group_id, session_id)
        name = dict(self.record.session_list(self.group_id)).get(session_id, "")
        self.session = self.record.session(self.group_id, session_id, name)
        self.members = self.record.members(self.group_id)
        self.date_box = W.VBox()
        self.follow_box = W.VBox()
        self.present_box = W.VBox()
        self.consent_box = W.VBox()
        self.roles_box = W.VBox()
        self.method_box = W.VBox()
        self.step_area = W.VBox()
        self.afspraken_box = W.VBox()
        self.show_date()
        self.show_follow_up()
        self.build_present()
        self.build_roles()
        self.build_method()
        closing = self.data["closing"]
        group_learning = NoteBox(self.record, self.item("group_learning"), t("intervisie.group_learning"),
                                 closing["group_learning_prompt"])
        learning = NoteBox(self.record, self.item("learning"), t("intervisie.learning"), closing["learning_prompt"])
        self.learning, self.group_learning = learning, group_learning
        self.show_afspraken()
        rules = "".join(f"<li>{html_text(rule)}</li>" for rule in self.data["ground_rules"])
        old_agreements = self.book.get(self.item("agreements"), "")
        extra = [NoteBox(self.record, self.item("agreements"), t("intervisie.agreements_old"), closing["agreements_prompt"])] \
            if isinstance(old_agreements, str) and old_agreements.strip() else []
        # the label above the field, the field as wide as the page (a long label beside it left it 98 px)
        self.names = W.Textarea(value="\n".join(self._stored_names()), placeholder=t("share.names_placeholder"),
                                description=t("share.names"), rows=3, style={"description_width": "initial"},
                                layout=W.Layout(width="100%", flex_flow="column"))
        self.names.observe(handler(self, lambda _: self.book.save(group_item(self.group_id, "privacy_names"), self._names())),
                           names="value")
        make = W.Button(description=t("intervisie.make_record"), icon="file", tooltip=t("intervisie.make_record"),
                        layout=LONE_BUTTON)
        make.on_click(handler(self, lambda _: self.export()))
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        self.record_message = W.HTML()
        self.session_box.children = [
            self.date_box, self.follow_box,
            W.HTML(f"<h4>{escape(t('intervisie.present_title'))}</h4>"), self.present_box,
            W.HTML(f"<h4>{escape(t('intervisie.consent_title'))}</h4>"), self.consent_box,
            W.HTML(f"<h4>{escape(t('intervisie.roles_title'))}</h4>"), self.roles_box,
            W.HTML(f"<h4>{escape(t('intervisie.rules'))}</h4><ol>{rules}</ol>"),
            W.HTML(f"<h4>{escape(t('intervisie.method_title'))}</h4>"), self.method_box, self.step_area,
            W.HTML(f"<h4>{escape(t('intervisie.closing'))}</h4>"), self.afspraken_box, *extra, group_learning, learning,
            W.HTML(f"<h4>{escape(t('intervisie.record'))}</h4>"),
            self.names, make, self.confirm, self.record_message]

    # date: fixed when the session was made; changed only on purpose
    def show_date(self) -> None:
        shown = W.HTML(f"<p><strong>{escape(t('intervisie.date'))}</strong> {escape(date_text(self.session.date))}</p>")
        change = W.Button(description=t("intervisie.change_date"), icon="calendar", tooltip=t("intervisie.change_date"),
                          layout=dict(width="auto"))
        change.on_click(handler(self, lambda _: self.edit_date()))
        self.date_box.children = [button_row(shown, change)]

    def edit_date(self) -> None:
        try:
            current = date.fromisoformat(self.session.date)
        except ValueError:
            current = self.today()
        picker = W.DatePicker(value=current, description=t("intervisie.new_date"), style={"description_width": "initial"})
        save = W.Button(description=t("intervisie.save_date"), icon="check", tooltip=t("intervisie.save_date"),
                        layout=dict(width="auto"))
        cancel = W.Button(description=t("intervisie.cancel"), tooltip=t("intervisie.cancel"), layout=dict(width="auto"))
        save.on_click(handler(self, lambda _: self.save_date(picker.value)))
        cancel.on_click(handler(self, lambda _: self.show_date()))
        self.date_box.children = [button_row(picker, save, cancel)]

    def save_date(self, day: date | None) -> None:
        if day is not None:
            self.record.set_date(self.group_id, self.session_id, day)
            self.session = self.record.session(self.group_id, self.session_id, self.session.name)
        self.show_date()

    # afspraken of earlier sessions
    def show_follow_up(self) -> None:
        open_ones = self.record.follow_up(self.group_id, self.session_id)
        if not open_ones:
            self.follow_box.children = []
            return
        rows: list[W.Widget] = [W.HTML(f"<h4>{escape(t('intervisie.follow_up_title'))}</h4>"
                                       f"<p>{escape(t('intervisie.follow_up_help'))}</p>")]
        for earlier, entry in open_ones:
            status = W.Dropdown(options=[(t(f"intervisie.status_{s}"), s) for s in ("open", "done", "dropped")],
                                value=entry["status"], description=t("intervisie.status"),
                                style={"description_width": "initial"}, layout=dict(width="auto"))
            status.observe(handler(self, lambda change, s=earlier.id, a=entry["id"]: self.record.set_afspraak(
                self.group_id, s, a, status=change["new"], followed_up_in=self.session_id if change["new"] != "open" else "")),
                names="value")
            rows.append(button_row(W.HTML(f"<p>{escape(earlier.name)}: {escape(afspraak_line(entry))}</p>"), status))
        self.follow_box.children = rows

    # attendance and the confidentiality agreement
    def present(self) -> list[str]:
        return [name for name, box in self.present_boxes if box.value]

    def build_present(self) -> None:
        people = self.members + [p for p in self.session.present if person_key(p) not in {person_key(m) for m in self.members}]
        here = {person_key(p) for p in self.session.present}
        self.present_status = SaveStatus(quiet=True)
        self.present_saver = FieldSaver(self.record, self.item("present"), self.present_status)
        self.present_saver.load([])
        self.present_boxes = [(p, W.Checkbox(value=person_key(p) in here, description=t("intervisie.is_present", name=p),
                                             indent=False, layout=dict(width="auto"))) for p in people]
        for _, box in self.present_boxes:
            box.observe(handler(self, lambda _: self._present_changed()), names="value")
        if people:
            self.present_box.children = [W.HBox([b for _, b in self.present_boxes], layout=dict(flex_flow="row wrap")),
                                         self.present_status]
        else:
            self.present_box.children = [W.HTML(f"<p><em>{escape(t('intervisie.add_members_first'))}</em></p>")]
        self.show_consent()

    def _present_changed(self) -> None:
        self.present_saver.changed(self.present())
        self.session = self.record.session(self.group_id, self.session_id, self.session.name)
        self.show_consent()
        self.refresh_roles()
        self._owner_options()

    def _owner_options(self) -> None:
        if not hasattr(self, "afspraak_owner"):
            return
        people = self.present() or list(self.members)
        current = self.afspraak_owner.value
        self.afspraak_owner.options = [(t("intervisie.owner_group"), NOBODY)] + [(p, p) for p in people]
        self.afspraak_owner.value = current if current in [v for _, v in self.afspraak_owner.options] else NOBODY

    def show_consent(self) -> None:
        agreed = {person_key(e["name"]) for e in self.record.consent(self.group_id, self.session_id)}
        boxes = []
        for name in self.present():
            box = W.Checkbox(value=person_key(name) in agreed, description=t("intervisie.agrees", name=name), indent=False,
                             layout=dict(width="auto"))
            box.observe(handler(self, lambda change, n=name: self.record.set_consent(
                self.group_id, self.session_id, n, change["new"])), names="value")
            boxes.append(box)
        text = self.data["confidentiality"]
        self.consent_boxes = boxes
        self.consent_box.children = [W.HTML(f"<p>{html_text(text)}</p>"),
                                     W.HBox(boxes, layout=dict(flex_flow="row wrap")) if boxes else
                                     W.HTML(f"<p><em>{escape(t('intervisie.tick_present_first'))}</em></p>")]

    # inbrenger and roles
    def build_roles(self) -> None:
        labels = {r["id"]: r["label"] for r in self.data["roles"]}
        self.roles_status = SaveStatus(quiet=True)
        self.roles_saver = FieldSaver(self.record, self.item("roles"), self.roles_status)
        self.roles_saver.load({})
        self.inbrenger = W.Dropdown(description=t("intervisie.inbrenger_choose"), style={"description_width": "initial"},
                                    layout=dict(width="auto"))
        self.role_boxes = {role: W.Dropdown(description=f"{labels[role]}:", style={"description_width": "8em"},
                                            layout=dict(width="24em", max_width="100%")) for role in SUPPORT_ROLES}
        self.double = W.Checkbox(value=self.session.double_roles, description=t("intervisie.double_confirm"), indent=False,
                                 layout=W.Layout(width="auto"))
        self.double_status = SaveStatus(quiet=True)
        self.double_saver = FieldSaver(self.record, self.item("double_roles"), self.double_status)
        self.double_saver.load(False)
        suggest = W.Button(description=t("intervisie.suggest"), icon="random", tooltip=t("intervisie.suggest"),
                           layout=dict(width="auto"))
        suggest.on_click(handler(self, lambda _: self.suggest()))
        self.inbreng_info = W.HTML()
        self.counts = W.HTML()
        self.role_messages = W.HTML()
        self._filling = True
        try:
            self.refresh_roles()
            self.inbrenger.value = self._option(self.session.roles.get("inbrenger"), self.inbrenger)
            for role, box in self.role_boxes.items():
                box.value = self._option(self.session.roles.get(role), box)
        finally:
            self._filling = False
        self.inbrenger.observe(handler(self, lambda _: self._roles_changed()), names="value")
        for box in self.role_boxes.values():
            box.observe(handler(self, lambda _: self._roles_changed()), names="value")
        self.double.observe(handler(self, lambda change: (self.double_saver.changed(change["new"]), self.show_role_messages())),
                            names="value")
        self.roles_box.children = [
            W.HTML(f"<p>{escape(t('intervisie.inbrenger_help'))}</p>"), self.inbrenger, self.inbreng_info,
            W.HTML(f"<p>{escape(self.data['rotation_note'])}</p>"),
            W.VBox(list(self.role_boxes.values())), button_row(suggest, self.roles_status), self.double,
            self.role_messages, self.counts]
        self.show_role_messages()

    def _option(self, name: str | None, box: W.Dropdown) -> str:
        """The option for ``name`` (added when that person is not present: a stored choice stays visible)."""
        if not name:
            return NOBODY
        values = [v for _, v in box.options]
        match = next((v for v in values if v and person_key(v) == person_key(name)), None)
        if match is None:
            box.options = list(box.options) + [(name, name)]
            match = name
        return match

    def refresh_roles(self) -> None:
        """New options after a change in attendance; choices of someone no longer present stay visible."""
        if not hasattr(self, "inbrenger"):
            return
        present = self.present()
        filling, self._filling = getattr(self, "_filling", False), True
        try:
            for box, none_key in [(self.inbrenger, "intervisie.nobody_yet")] + [(b, "elements.choose") for b in self.role_boxes.values()]:
                current = box.value
                extra = [current] if current and person_key(current) not in {person_key(p) for p in present} else []
                box.options = [(t(none_key), NOBODY)] + [(p, p) for p in present + extra]
                box.value = current if current in [v for _, v in box.options] else NOBODY
        finally:
            self._filling = filling
        history = self.record.role_history(self.group_id, self.session_id)
        people = self.members + [p for p in present if person_key(p) not in {person_key(m) for m in self.members}]
        counts = inbreng_counts(people, history)
        if counts:
            least = min(counts[p] for p in present) if present else None
            fewest = [p for p in present if counts[p] == least] if present else []
            self.inbreng_info.value = (
                f"<p><small>{escape(t('intervisie.inbreng_counts', counts=', '.join(f'{p} {n}×' for p, n in counts.items())))}"
                + (f" {escape(t('intervisie.inbreng_fewest', names=', '.join(fewest)))}" if fewest else "") + "</small></p>")
        else:
            self.inbreng_info.value = ""
        table = role_counts(people, history)
        labels = {r["id"]: r["label"] for r in self.data["roles"]}
        rows = [[p] + [str(table[p][r]) for r in ROLE_ORDER] for p in people]
        self.counts.value = table_html([t("intervisie.col_participant")] + [labels[r] for r in ROLE_ORDER], rows,
                                       caption=t("intervisie.counts_caption")) if rows else ""
        self.show_role_messages()

    def chosen_roles(self) -> dict[str, str]:
        roles = {"inbrenger": self.inbrenger.value} if self.inbrenger.value else {}
        roles.update({r: box.value for r, box in self.role_boxes.items() if box.value})
        return roles

    def _roles_changed(self) -> None:
        if self._filling:
            return
        self.roles_saver.changed(self.chosen_roles())
        self.show_role_messages()

    def show_role_messages(self) -> None:
        if not hasattr(self, "role_messages"):
            return
        present = self.present()
        small = too_small(present, self.inbrenger.value or None)
        self.double.layout.display = "" if small else "none"
        labels = {r["id"]: r["in_text"] for r in self.data["roles"]}
        found = role_problems(self.chosen_roles(), present, confirmed=self.double.value and small)
        lines = [t(key, **{k: labels.get(v, v) if k == "role" else v for k, v in values.items()}) for key, values in found]
        if small and present:
            lines.insert(0, t("intervisie.too_small"))
        self.role_messages.value = ("<div role='status'>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</div>") if lines else ""

    def suggest(self) -> None:
        """Fill the empty support roles (the inbrenger is the group's choice: never filled in here)."""
        history = self.record.role_history(self.group_id, self.session_id)
        present = self.present()
        allow = self.double.value and too_small(present, self.inbrenger.value or None)
        proposal = suggest_roles(present, history, inbrenger=self.inbrenger.value or None, allow_double=allow)
        self._filling = True
        try:
            for role, box in self.role_boxes.items():
                box.value = self._option(proposal.get(role), box)
        finally:
            self._filling = False
        self._roles_changed()

    # method, lenses, step times, clock and the steps
    def build_method(self) -> None:
        first = next(iter(self.methods))
        method_id = self.session.method if self.session.method in self.methods else first
        self.method_status = SaveStatus(quiet=True)
        self.method_saver = FieldSaver(self.record, self.item("method"), self.method_status)
        self.method_saver.load(None)
        self.method = W.Dropdown(options=[(f"{m.label} ({m.total_minutes} min)", m.id) for m in self.methods.values()],
                                 value=method_id, description=t("intervisie.method"), style={"description_width": "initial"},
                                 layout=dict(width="40em", max_width="100%"))
        self.method.observe(handler(self, lambda change: (self.method_saver.changed(change["new"]), self.build_steps())),
                            names="value")
        self.lens_status = SaveStatus(quiet=True)
        self.lens_saver = FieldSaver(self.record, self.item("lenses"), self.lens_status)
        self.lens_saver.load([])
        chosen = set(self.session.lenses)
        self.lens_boxes = {ln.id: W.Checkbox(value=ln.id in chosen, description=t("intervisie.use_lens", lens=ln.label),
                                             indent=False, layout=dict(width="auto")) for ln in self.lenses.values()}
        for box in self.lens_boxes.values():
            box.observe(handler(self, lambda _: (self.lens_saver.changed(self.chosen_lenses()), self.show_step(self.step_index()))),
                        names="value")
        self.method_info = W.HTML()
        self.durations_box = W.VBox(layout=W.Layout(display="none"))
        toggle = W.Button(description=t("intervisie.edit_times"), icon="clock-o", tooltip=t("intervisie.edit_times"),
                          layout=LONE_BUTTON)
        toggle.on_click(handler(self, lambda _: self.toggle_durations()))
        self.method_box.children = [
            button_row(self.method, self.method_status), self.method_info,
            W.HTML(f"<h5>{escape(t('intervisie.lenses_title'))}</h5><p>{escape(t('intervisie.lenses_help'))}</p>"),
            W.HBox(list(self.lens_boxes.values()), layout=dict(flex_flow="row wrap")), toggle, self.durations_box]
        self.build_steps()

    def chosen_lenses(self) -> list[str]:
        return [lens_id for lens_id, box in self.lens_boxes.items() if box.value]

    def toggle_durations(self) -> None:
        self.durations_box.layout.display = "none" if self.durations_box.layout.display != "none" else ""

    def build_steps(self) -> None:
        chosen = self.methods[self.method.value]
        old = getattr(self, "clock_widget", None)
        if old is not None:
            old.close()  # another method (or this session drawn again): its clock goes with its view
        info = f"<p>{html_text(chosen.summary)}</p><p><small>{escape(t('elements.source', source=chosen.source))}"
        info += (f" {escape(chosen.variant_note)}" if chosen.variant_note else "") + "</small></p>"
        if chosen.origin:
            info += (f"<p><strong>{escape(t('intervisie.origin'))}</strong> {html_text(chosen.origin)} "
                     f"<small>({escape(t('elements.source', source=chosen.origin_source or ''))})</small></p>")
        self.method_info.value = info
        self.clock_widget = StepClock(self.book, self.item("timer", chosen.id), [s.minutes * 60 for s in chosen.steps],
                                      [s.label for s in chosen.steps], on_step=self.show_step, owner=self, clock=self.clock)
        self.duration_fields = []
        for i, step in enumerate(chosen.steps):
            field = W.BoundedIntText(value=self.clock_widget.timer.durations[i] // 60, min=1, max=240,
                                     description=t("intervisie.step_minutes", n=i + 1, step=step.label),
                                     style={"description_width": "initial"}, layout=dict(width="auto"))
            field.observe(handler(self, lambda change, n=i: self._duration_typed(n, change["new"])), names="value")
            self.duration_fields.append(field)
        self.clock_widget.observe(handler(self, lambda _: self._durations_follow()), names="state")
        self.durations_box.children = [W.HTML(f"<p>{escape(t('intervisie.edit_times_help'))}</p>"), *self.duration_fields]
        self.notes_area = W.VBox()
        self.step_area.children = [self.clock_widget, self.notes_area]
        self.show_step(self.clock_widget.timer.index)

    def _duration_typed(self, index: int, minutes: int) -> None:
        if not getattr(self, "_following", False):
            self.clock_widget.act(lambda timer, now: timer.set_duration(index, minutes * 60))

    def _durations_follow(self) -> None:
        """The browser changed a step's time (+1 / −1 minute): the fields follow, without sending
        the time back (the browser may already be a click further)."""
        self._following = True
        try:
            for field, seconds in zip(self.duration_fields, self.clock_widget.timer.durations):
                if field.value != seconds // 60:
                    field.value = seconds // 60
        finally:
            self._following = False

    def step_index(self) -> int:
        return self.clock_widget.timer.index if hasattr(self, "clock_widget") else 0

    def describe(self, index: int) -> str:
        chosen = self.methods[self.method.value]
        if index >= len(chosen.steps):
            return f"<h4>{escape(t('intervisie.all_steps_done'))}</h4>"
        step = chosen.steps[index]
        speaker = self.data["speakers"].get(step.speaker, step.speaker)
        advice = t("intervisie.advice_yes") if step.advice_allowed else t("intervisie.advice_no")
        return (f"<h4 style='margin:0.2em 0'>{escape(t('intervisie.step', n=index + 1, total=len(chosen.steps)))}: "
                f"{escape(step.label)}</h4><p><strong>{html_text(step.question)}</strong></p>"
                f"<p>{escape(t('intervisie.speaker', who=speaker))} · {escape(advice)} · "
                f"{escape(t('intervisie.minutes', n=self.clock_widget.timer.durations[index] // 60))}</p>")

    def show_step(self, index: int) -> None:
        chosen = self.methods[self.method.value]
        self.step_info = W.HTML(self.describe(index))
        if index >= len(chosen.steps):
            self.notes_area.children = [self.step_info]
            return
        step = chosen.steps[index]
        boxes: list[W.Widget] = [self.step_info, NoteBox(self.record, self.item("notes", step.id),
                                                         t("intervisie.notes", step=step.label), step.question)]
        for lens, q in lens_questions_at(chosen, index, self.chosen_lenses()):
            boxes.append(NoteBox(self.record, self.item("lens", lens.id, q.id), f"{lens.label} · {q.label}", q.question,
                                 height="5em"))
        self.notes_area.children = boxes

    # afspraken made in this session
    def show_afspraken(self) -> None:
        rows: list[W.Widget] = [W.HTML(f"<h5>{escape(t('intervisie.afspraken'))}</h5><p>{html_text(self.data['closing']['agreements_prompt'])}</p>")]
        for entry in self.record.afspraken(self.group_id, self.session_id):
            remove = W.Button(description=t("intervisie.remove_afspraak"), icon="trash", tooltip=t("intervisie.remove_afspraak"),
                              layout=dict(width="auto"))
            remove.on_click(handler(self, lambda _, a=entry["id"]: (self.record.remove_afspraak(self.group_id, self.session_id, a),
                                                                     self.show_afspraken())))
            rows.append(button_row(W.HTML(f"<p>{escape(afspraak_line(entry))}</p>"), remove))
        self.afspraak_text = W.Text(description=t("intervisie.afspraak"), placeholder=t("intervisie.afspraak_placeholder"),
                                    style={"description_width": "initial"}, layout=dict(width="100%"))
        people = self.present() or list(self.members)
        self.afspraak_owner = W.Dropdown(options=[(t("intervisie.owner_group"), NOBODY)] + [(p, p) for p in people],
                                         value=NOBODY, description=t("intervisie.afspraak_who"),
                                         style={"description_width": "initial"}, layout=dict(width="auto"))
        self.afspraak_due = W.DatePicker(value=None, description=t("intervisie.afspraak_when"),
                                         style={"description_width": "initial"}, layout=dict(width="auto"))
        add = W.Button(description=t("intervisie.add_afspraak"), icon="plus", tooltip=t("intervisie.add_afspraak"),
                       layout=dict(width="auto"))
        add.on_click(handler(self, lambda _: self.add_afspraak()))
        self.afspraak_message = W.HTML()
        self.afspraken_box.children = rows + [self.afspraak_text, button_row(self.afspraak_owner, self.afspraak_due, add),
                                              self.afspraak_message]

    def add_afspraak(self) -> None:
        try:
            self.record.add_afspraak(self.group_id, self.session_id, self.afspraak_text.value,
                                     self.afspraak_owner.value or "", self.afspraak_due.value)
        except ValueError as exc:
            self.afspraak_message.value = f'<span class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</span>'
            return
        self.show_afspraken()
        self.afspraak_message.value = f'<span role="status">{escape(t("intervisie.afspraak_added"))}</span>'

    # the record
    def _stored_names(self) -> list[str]:
        stored = self.book.get(group_item(self.group_id, "privacy_names"), [])
        return [n for n in (stored if isinstance(stored, list) else []) if isinstance(n, str)]

    def _names(self) -> list[str]:
        return [n.strip() for n in self.names.value.splitlines() if n.strip()]

    def export(self) -> list[Path]:
        group = self.record.group(self.group_id)
        session = self.record.session(self.group_id, self.session_id, self.session.name)
        record = load_record(self.book, self.group_id, self.session_id, group.name if group else "", session.name)
        findings = scan(record.texts(), self._names() + self.record.names(self.group_id))
        shown = sorted((where, f.kind, f.text) for where, _text, f in findings)
        # "Toch exporteren" covers exactly the findings that were on screen, for this one export
        if findings and not (self.confirm.value and shown == getattr(self, "_confirmed_for", None)):
            self._confirmed_for = shown
            self.confirm.value = False
            self.confirm.layout.display = ""
            self.record_message.value = _findings_html(findings)
            return []
        self.confirm.value = False  # a later export asks again
        self.confirm.layout.display = "none"
        self._confirmed_for = None
        try:
            paths = write_record(record, self.export_dir)
        except WriteError as exc:
            self.record_message.value = f"<div role='alert'><p>{escape(t('share.write_failed', reason=exc.message))}</p></div>"
            return []
        self.record_message.value = written_html(paths, t("share.written"))
        return paths


def _findings_html(findings: list) -> str:
    listed = "".join(f"<li><strong>{escape(str(where))}</strong> · {escape(t('privacy.' + f.kind))}: "
                     f"{html_text(f.excerpt(text))}</li>" for where, text, f in findings)
    return f"<div role='alert'><p>{escape(findings_text(len(findings)))}</p><ul>{listed}</ul></div>"


# -- sharing the group between laptops ------------------------------------------------------------------
class GroupSharing(W.VBox):
    """Write the group file (after the privacy check), merge one from another laptop, and choose
    between two versions of a field that both laptops (or two windows) changed."""

    def __init__(self, view: SessionView):
        self.view = view
        self.make = make = W.Button(description=t("intervisie.sync.make"), icon="download",
                                    tooltip=t("intervisie.sync.make"), layout=LONE_BUTTON)
        make.on_click(handler(self, lambda _: self.export()))
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        self.upload = W.FileUpload(accept=".json", multiple=False, description=t("intervisie.sync.choose"),
                                   tooltip=t("intervisie.sync.choose"), layout=dict(width="auto"))
        merge_button = W.Button(description=t("intervisie.sync.merge"), icon="upload", tooltip=t("intervisie.sync.merge"),
                                layout=dict(width="auto"))
        merge_button.on_click(handler(self, lambda _: self.import_upload()))
        self.message = W.HTML()
        self.conflict_box = W.VBox()
        super().__init__([W.HTML(f"<h4>{escape(t('intervisie.sync.title'))}</h4><p>{escape(t('intervisie.sync.help'))}</p>"),
                          make, self.confirm, button_row(self.upload, merge_button), self.message,
                          self.conflict_box])
        self.add_class("sw-intervision-sharing")
        self.refresh()

    def refresh(self) -> None:
        """Follow the chosen group: its conflicts; a group file can only be made of a group."""
        self.make.disabled = self.view.group_id is None
        self.confirm.value = False
        self.confirm.layout.display = "none"
        self._confirmed_for = None
        self.show_conflicts()

    @property
    def record(self) -> IntervisionBook:
        return self.view.record

    def export(self) -> Path | None:
        group_id = self.view.group_id
        stored = self.record.get(group_item(group_id, "privacy_names"), [])
        names = self.record.names(group_id) + [n for n in (stored if isinstance(stored, list) else []) if isinstance(n, str)]
        findings = scan(self.record.texts(group_id), names)
        shown = sorted((where, f.kind, f.text) for where, _text, f in findings)
        if findings and not (self.confirm.value and shown == getattr(self, "_confirmed_for", None)):
            self._confirmed_for = shown
            self.confirm.value = False
            self.confirm.layout.display = ""
            self.message.value = _findings_html(findings)
            return None
        self.confirm.value = False
        self.confirm.layout.display = "none"
        self._confirmed_for = None
        try:
            made = self.record.export_group(group_id, self.view.export_dir)
        except (SyncError, WriteError) as exc:
            text = t(exc.key, **exc.values) if isinstance(exc, SyncError) else exc.message
            self.message.value = f"<div role='alert'><p>{escape(text)}</p></div>"
            return None
        self.last_export = made
        self.message.value = written_html([made.path], t("intervisie.sync.written"))
        return made.path

    def import_upload(self) -> None:
        files = list(self.upload.value or ())
        if not files:
            self.message.value = f"<div role='alert'><p>{escape(t('intervisie.sync.choose_first'))}</p></div>"
            return
        data = files[0]["content"]
        self.import_data(bytes(data))
        self.upload.value = ()

    def import_data(self, data: bytes) -> None:
        try:
            result = self.record.import_group(data)
        except SyncError as exc:
            self.message.value = f"<div role='alert'><p>{escape(t(exc.key, **exc.values))}</p></div>"
            return
        key = "intervisie.sync.merged_new" if result.created else "intervisie.sync.merged"
        text = t(key, group=result.group.name, taken=tn("intervisie.sync.taken", result.taken),
                 kept=tn("intervisie.sync.kept", result.kept + result.same))
        if result.conflicts:
            text += " " + tn("intervisie.sync.conflicts", len(result.conflicts))
        view = self.view
        view.groups.refresh(result.group.id)
        view.show_group(result.group.id)  # everything again, from the merged record
        self.message.value = f"<div role='status'><p>{escape(text)}</p></div>"

    def show_conflicts(self) -> None:
        group_id = self.view.group_id
        conflicts = self.record.conflicts(group_id) if group_id else []
        if not conflicts:
            self.conflict_box.children = []
            return
        rows: list[W.Widget] = [W.HTML(f"<h5>{escape(t('intervisie.sync.conflicts_title'))}</h5>"
                                       f"<p>{escape(t('intervisie.sync.conflicts_help'))}</p>")]
        for conflict in conflicts:
            here_label = t("intervisie.sync.here") if conflict.source == "import" else t("intervisie.sync.here_window")
            other_label = t("intervisie.sync.other") if conflict.source == "import" else t("intervisie.sync.other_window")
            current = self.record.current_value(group_id, conflict.key)
            columns = W.HBox([W.HTML(f"<div class='sw-conflict-side'><strong>{escape(here_label)}</strong>"
                                     f"<p>{html_text(shown_value(current))}</p></div>", layout=dict(width="48%")),
                              W.HTML(f"<div class='sw-conflict-side'><strong>{escape(other_label)}</strong>"
                                     f"<p>{html_text(shown_value(conflict.remote.value))}</p></div>", layout=dict(width="48%"))],
                             layout=dict(width="100%", justify_content="space-between"))
            buttons = []
            for choice in ("here", "other", "both"):
                if choice == "both" and not (isinstance(current, str) and isinstance(conflict.remote.value, str)):
                    continue
                b = W.Button(description=t(f"intervisie.sync.keep_{choice}"), tooltip=t(f"intervisie.sync.keep_{choice}"),
                             layout=dict(width="auto"))
                b.on_click(handler(self, lambda _, c=conflict.id, ch=choice: self.resolve(c, ch)))
                buttons.append(b)
            rows += [W.HTML(f"<p><strong>{escape(self.field_label(conflict.key))}</strong></p>"), columns, button_row(*buttons)]
        self.conflict_box.children = rows
        self.conflict_box.add_class("sw-conflicts")

    def resolve(self, conflict_id: str, choice: str) -> None:
        self.record.resolve(self.view.group_id, conflict_id, choice)
        self.view.show_group(self.view.group_id)
        self.message.value = f"<div role='status'><p>{escape(t('intervisie.sync.resolved'))}</p></div>"

    def field_label(self, key: str) -> str:
        """A readable name for a field of the group record ('Sessie 4 · Aantekeningen: Feitelijke vragen')."""
        if key == "name":
            return t("intervisie.group_name")
        return field_label(key, dict(self.record.session_list(self.view.group_id)))


# -- the group overview ------------------------------------------------------------------------------
class GroupOverview(W.VBox):
    """A group's sessions over time: date, method, who brought in a case, who was there; learning
    points; open afspraken; and how often each member had each role (new members too)."""

    def __init__(self, book: AnswerBook | None = None):
        self.book = book or answer_book(WORKBOOK)
        self.record = IntervisionBook(self.book)
        self.html = W.HTML()
        refresh = W.Button(description=t("overview.refresh"), icon="refresh", tooltip=t("overview.refresh"),
                           layout=LONE_BUTTON)
        refresh.on_click(handler(self, lambda _: self.refresh()))
        super().__init__([refresh, self.html])
        self.add_class("sw-intervision-overview")
        self.refresh()

    def refresh(self) -> None:
        group = self.record.current_group()
        if group is None:
            self.html.value = f"<p><em>{escape(t('intervisie.no_group'))}</em></p>"
            return
        methods = {m.id: m.label for m in load_methods()}
        labels = {r["id"]: r["label"] for r in content("intervisie")["roles"]}
        sessions = self.record.sessions(group.id)
        rows, learning, history = [], [], []
        for session in sessions:
            history.append(session.roles)
            rows.append([date_text(session.date), session.name, methods.get(session.method or "", "–"),
                         session.roles.get("inbrenger", "–"), ", ".join(session.present) or "–"])
            text = self.book.get(session_item(group.id, session.id, "learning"), "") or ""
            if isinstance(text, str) and text.strip():
                learning.append(f"<li><strong>{escape(session.name)}</strong>: {html_text(text)}</li>")
        open_ones = [(s, a) for s in sessions for a in self.record.afspraken(group.id, s.id) if a["status"] == "open"]
        people = self.record.members(group.id)
        table = role_counts(people, history)
        rotation = [[p] + [str(table[p][r]) for r in ROLE_ORDER] for p in people]
        self.html.value = (
            f"<h4>{escape(group_title(group.name))}</h4>"
            + (table_html([t("intervisie.date_col"), t("intervisie.col_session"), t("intervisie.method"),
                           labels["inbrenger"], t("intervisie.present")], rows)
               if rows else f"<p><em>{escape(t('intervisie.no_sessions'))}</em></p>")
            + f"<h4>{escape(t('intervisie.learning'))}</h4>"
            + (f"<ul>{''.join(learning)}</ul>" if learning else "<p>–</p>")
            + f"<h4>{escape(t('intervisie.open_afspraken'))}</h4>"
            + (f"<ul>{''.join(f'<li>{escape(s.name)}: {escape(afspraak_line(a))}</li>' for s, a in open_ones)}</ul>"
               if open_ones else "<p>–</p>")
            + f"<h4>{escape(t('intervisie.rotation_title'))}</h4>"
            + (table_html([t("intervisie.col_participant")] + [labels[r] for r in ROLE_ORDER], rotation,
                          caption=t("intervisie.rotation_caption")) if rotation else "<p>–</p>"))


__all__ = ["FieldSaver", "GroupOverview", "GroupSharing", "NoteBox", "SessionView", "record_title"]
