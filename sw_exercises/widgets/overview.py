"""'Mijn antwoorden': everything this student stored, with the history of each answer, and forgetting.

Forgetting is always two steps (:class:`ConfirmAction`): the first click asks "Weet je het
zeker? ..." with what will be removed, and only "Ja, wis het" removes it. Two things can be
forgotten here: the earlier versions of the answer whose history is shown (the current answer
stays), and everything of one workbook (answers, history, what was shared). The store removes it
from disk too (:meth:`sw_exercises.store.AnswerStore.forget_history`); other views in this kernel
hear about it through :func:`on_forget`.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from sw_exercises.widgets import lean as W

from ..formats import format_datetime
from ..catalog import case_names, format_value, is_internal, item_title, workbook_title
from ..i18n import t, tn
from ..store import AnswerStore, ForgetResult, StoreError, default_store
from ..answers import on_any_save
from .common import LONE_BUTTON, button_row, html_text, table_html
from .handlers import handler, with_note

SHORT = 160

_forget_listeners: list[Callable[[], None]] = []


def on_forget(listener: Callable[[], None]) -> None:
    """Call ``listener()`` after anything was forgotten in this kernel (e.g. to redraw a list)."""
    _forget_listeners.append(listener)


def forgotten() -> None:
    """Tell every view that something was forgotten."""
    for listener in list(_forget_listeners):
        listener()


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _when(rev) -> str:
    return format_datetime(rev.saved_at)


def _status(text: str, *, alert: bool = False) -> str:
    css = " class='sw-error'" if alert else ""
    return f"<p role='{'alert' if alert else 'status'}'{css}>{escape(text)}</p>"


class ConfirmAction(W.VBox):
    """A button that asks first: the first click shows ``question()`` with "Ja, wis het" and
    "Annuleer"; only "Ja" runs ``action()``, whose return value (Dutch) is shown as the result."""

    def __init__(self, label: str, question: Callable[[], str], action: Callable[[], str], *,
                 icon: str = "trash"):
        self._question, self._action = question, action
        self.button = W.Button(description=label, icon=icon, tooltip=label, layout=LONE_BUTTON)
        self.button.on_click(handler(self, lambda _: self.ask()))
        self.result = W.HTML()
        # the question and its two buttons are made the first time they are needed: most pages never
        # ask, and every widget is a model the page builds when it opens (make bench (e))
        self.question: W.HTML | None = None
        self.yes: W.Button | None = None
        self.cancel: W.Button | None = None
        self.asking: W.VBox | None = None
        self.available = True
        self._asking = False
        super().__init__([self.button, self.result])
        self.add_class("sw-confirm-action")

    def _asking_row(self) -> W.VBox:
        if self.asking is None:
            self.question = W.HTML()
            self.yes = W.Button(description=t("forget.yes"), icon="check", button_style="danger",
                                tooltip=t("forget.yes"), layout=dict(width="auto"))
            self.cancel = W.Button(description=t("forget.cancel"), icon="times", tooltip=t("forget.cancel"),
                                   layout=dict(width="auto"))
            self.yes.on_click(handler(self, lambda _: self.confirm()))
            self.cancel.on_click(handler(self, lambda _: self.dismiss()))
            self.asking = W.VBox([self.question, button_row(self.yes, self.cancel)])
        return self.asking

    def _show(self) -> None:
        shown = [self.button] if self.available else []
        if self._asking:
            shown.append(self._asking_row())
        self.children = with_note(self, [*shown, self.result])

    def set_available(self, available: bool) -> None:
        """Show or hide the button (a result already shown stays)."""
        self.available = available
        if available:
            self._show()
        else:
            self._close()

    def reset(self) -> None:
        self._close()
        self.result.value = ""

    def ask(self) -> None:
        self._asking_row()
        self.question.value = f"<p role='alert'><strong>{escape(self._question())}</strong></p>"
        self.result.value = ""
        self._asking = True
        self.button.disabled = True
        self._show()

    def _close(self) -> None:
        self._asking = False
        if self.question is not None:
            self.question.value = ""
        self.button.disabled = False
        self._show()

    def confirm(self) -> None:
        self._close()
        self.result.value = _status(self._action())

    def dismiss(self) -> None:
        self._close()
        self.result.value = _status(t("forget.cancelled"))


def forget_message(done: str, result: ForgetResult) -> str:
    """The Dutch result of forgetting, with a warning when the file could not yet be cleaned."""
    return done if result.wiped else f"{done} {t('forget.not_wiped')}"


class MyAnswers(W.VBox):
    """The student's answers as a table; the versions of one answer, and forgetting, each shown when
    the student asks for them (a button), so that a page does not build what most visits never use."""

    def __init__(self, store: AnswerStore | None = None):
        self._store = store
        self.case_names: dict[str, dict[str, str]] = {}
        self.latest: list = []
        self.workbooks: list[str] = []
        self.table = W.HTML()
        refresh = W.Button(description=t("overview.refresh"), icon="refresh", tooltip=t("overview.refresh"),
                           layout=LONE_BUTTON)
        refresh.on_click(handler(self, lambda _: self.refresh()))
        self.picker: W.Dropdown | None = None  # these are made by open_history() and open_forget()
        self.history: W.HTML | None = None
        self.forget_history: ConfirmAction | None = None
        self.workbook: W.Dropdown | None = None
        self.forget_workbook: ConfirmAction | None = None
        self.forget_intro: W.HTML | None = None
        self.history_button = W.Button(description=t("overview.history_open"), icon="history",
                                       tooltip=t("overview.history_open"), layout=LONE_BUTTON)
        self.history_button.on_click(handler(self, lambda _: self.open_history(toggle=True)))
        self.forget_button = W.Button(description=t("forget.open"), icon="trash",
                                      tooltip=t("forget.open"), layout=LONE_BUTTON)
        self.forget_button.on_click(handler(self, lambda _: self.open_forget(toggle=True)))
        self.history_box = W.VBox([self.history_button])
        self.forget_box = W.VBox([self.forget_button])
        self.forget_box.add_class("sw-forget")
        super().__init__([W.HTML(f"<h3>{escape(t('overview.title'))}</h3>"), refresh, self.table,
                          self.history_box, self.forget_box])
        self.add_class("sw-my-answers")
        self.refresh()
        on_any_save(lambda _workbook, _item: self.refresh())
        on_forget(self.refresh)

    @staticmethod
    def _show_section(box: W.VBox, section: list, toggle: bool) -> None:
        """Below its button (which keeps the keyboard focus), or hidden again by a second click."""
        button = box.children[0]
        box.children = [button] if toggle and len(box.children) > 1 else [button, *section]

    def open_history(self, toggle: bool = False) -> None:
        """Show the versions of one answer: a list to choose it from, and forgetting earlier versions."""
        if self.picker is None:
            self.picker = W.Dropdown(description=t("overview.history_label"), options=[], value=None,
                                     style={"description_width": "initial"}, layout=dict(width="40em"))
            self.picker.observe(handler(self, lambda _: self._picked()), names="value")
            self.history = W.HTML()
            self.forget_history = ConfirmAction(t("forget.history"), self._history_question, self._forget_history)
            self.forget_history.set_available(False)
            self._refresh_picker()
        self._show_section(self.history_box, [self.picker, self.history, self.forget_history], toggle)

    def open_forget(self, toggle: bool = False) -> None:
        """Show forgetting a whole workbook: what it means, a list of workbooks, and the button."""
        if self.workbook is None:
            self.workbook = W.Dropdown(description=t("forget.workbook_label"), options=[], value=None,
                                       style={"description_width": "initial"}, layout=dict(width="30em"))
            self.workbook.observe(handler(self, lambda _: self.forget_workbook.reset()), names="value")
            self.forget_workbook = ConfirmAction(t("forget.workbook"), self._workbook_question,
                                                 self._forget_workbook)
            self.forget_intro = W.HTML(f"<h4>{escape(t('forget.title'))}</h4><p>{escape(t('forget.intro'))}</p>")
            self._refresh_workbooks()
        self._show_section(self.forget_box, [self.forget_intro, self.workbook, self.forget_workbook], toggle)

    def _title(self, workbook: str, item: str) -> str:
        return item_title(workbook, item, self.case_names.get(workbook, {}))

    def store(self) -> AnswerStore:
        return self._store or default_store()

    def refresh(self) -> None:
        try:
            store = self.store()
            everything = store.answers()
            latest = [r for r in everything if not is_internal(r.item)]
            counts = store.revision_counts()
        except StoreError as exc:
            self.table.value = f'<p class="sw-error" role="alert">{escape(exc.message)}</p>'
            return
        self.counts = counts
        self.latest = latest
        self.workbooks = sorted({r.workbook for r in everything})
        self._refresh_workbooks()
        intro = f"<p>{escape(t('overview.intro', path=str(store.path)))}</p>"
        if not latest:
            self.table.value = intro + f"<p><em>{escape(t('overview.empty'))}</em></p>"
        else:
            self.case_names = case_names(everything)
            headers = [t("overview." + k) for k in ("col_item", "col_workbook", "col_answer", "col_saved",
                                                     "col_versions")]
            rows = [[self._title(r.workbook, r.item), workbook_title(r.workbook),
                     _short(format_value(r.workbook, r.item, r.value)), _when(r),
                     str(counts.get((r.workbook, r.item), 1))] for r in latest]
            self.table.value = intro + table_html(headers, rows)
        self._refresh_picker()

    def _refresh_picker(self) -> None:
        if self.picker is None:
            return
        current = self.picker.value
        self.picker.options = [(f"{workbook_title(r.workbook)} · {self._title(r.workbook, r.item)}",
                                (r.workbook, r.item)) for r in self.latest]
        self.picker.value = current if current in [v for _, v in self.picker.options] else None
        self.show_history()

    def _refresh_workbooks(self) -> None:
        if self.workbook is None:
            return
        current, workbooks = self.workbook.value, self.workbooks
        self.workbook.options = [(workbook_title(w), w) for w in workbooks]
        self.workbook.value = current if current in workbooks else (workbooks[0] if workbooks else None)
        self.forget_workbook.set_available(bool(workbooks))

    def show_history(self) -> None:
        if self.picker.value is None:
            self.history.value = f"<p><em>{escape(t('overview.history_none'))}</em></p>"
            self.forget_history.set_available(False)
            return
        workbook, item = self.picker.value
        try:
            revisions = self.store().history(workbook, item)
        except StoreError as exc:
            self.history.value = f'<p class="sw-error" role="alert">{escape(exc.message)}</p>'
            return
        entries = "".join(f"<li><strong>{_when(r)}</strong>: {html_text(format_value(workbook, item, r.value))}</li>"
                          for r in revisions)
        title = t("overview.history_title", item=self._title(workbook, item))
        self.history.value = f"<h4>{escape(title)}</h4><ol>{entries}</ol>"
        self.forget_history.set_available(len(revisions) > 1)

    def _picked(self) -> None:
        self.forget_history.reset()
        self.show_history()

    # -- forgetting -----------------------------------------------------------------------
    def _history_question(self) -> str:
        workbook, item = self.picker.value
        earlier = max(0, len(self.store().history(workbook, item)) - 1)
        return tn("forget.history_question", earlier, item=self._title(workbook, item))

    def _forget_history(self) -> str:
        if self.picker.value is None:
            return t("forget.cancelled")
        workbook, item = self.picker.value
        title = self._title(workbook, item)
        result = self.store().forget_history(workbook, item)
        forgotten()
        if not result.revisions and not result.emergency:
            return forget_message(t("forget.history_none", item=title), result)
        return forget_message(tn("forget.history_done", result.revisions, item=title), result)

    def _workbook_question(self) -> str:
        workbook = self.workbook.value
        items = sum(1 for (w, i) in self.store().revision_counts() if w == workbook and not is_internal(i))
        return tn("forget.workbook_question", items, workbook=workbook_title(workbook))

    def _forget_workbook(self) -> str:
        workbook = self.workbook.value
        if workbook is None:
            return t("forget.workbook_none")
        result = self.store().forget_workbook(workbook)
        forgotten()
        return forget_message(tn("forget.workbook_done", result.revisions, workbook=workbook_title(workbook)), result)
