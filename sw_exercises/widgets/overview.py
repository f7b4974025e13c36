"""'Mijn antwoorden': everything this student stored, with the history of each answer."""
from __future__ import annotations

from html import escape

import ipywidgets as W

from ..catalog import case_names, format_value, is_internal, item_title, workbook_title
from ..i18n import t
from ..store import AnswerStore, StoreError, default_store
from ..answers import on_any_save
from .common import button_row, html_text, table_html
from .handlers import handler

SHORT = 160


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _when(rev) -> str:
    return rev.saved_at.astimezone().strftime("%d-%m-%Y %H:%M")


class MyAnswers(W.VBox):
    def __init__(self, store: AnswerStore | None = None):
        self._store = store
        self.case_names: dict[str, dict[str, str]] = {}
        self.table = W.HTML()
        refresh = W.Button(description=t("overview.refresh"), icon="refresh", tooltip=t("overview.refresh"),
                           layout=dict(width="auto"))
        refresh.on_click(handler(self, lambda _: self.refresh()))
        self.picker = W.Dropdown(description=t("overview.history_label"), options=[], value=None,
                                 style={"description_width": "initial"}, layout=dict(width="40em"))
        self.picker.observe(handler(self, lambda _: self.show_history()), names="value")
        self.history = W.HTML()
        super().__init__([W.HTML(f"<h3>{escape(t('overview.title'))}</h3>"), button_row(refresh), self.table,
                          self.picker, self.history])
        self.add_class("sw-my-answers")
        self.refresh()
        on_any_save(lambda _workbook, _item: self.refresh())

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
        intro = f"<p>{escape(t('overview.intro', path=str(store.path)))}</p>"
        if not latest:
            self.table.value = intro + f"<p><em>{escape(t('overview.empty'))}</em></p>"
            self.picker.options = []
            return
        self.case_names = case_names(everything)
        headers = [t("overview." + k) for k in ("col_item", "col_workbook", "col_answer", "col_saved", "col_versions")]
        rows = [[self._title(r.workbook, r.item), workbook_title(r.workbook),
                 _short(format_value(r.workbook, r.item, r.value)), _when(r),
                 str(counts.get((r.workbook, r.item), 1))] for r in latest]
        self.table.value = intro + table_html(headers, rows)
        current = self.picker.value
        self.picker.options = [(f"{workbook_title(r.workbook)} · {self._title(r.workbook, r.item)}",
                                (r.workbook, r.item)) for r in latest]
        self.picker.value = current if current in [v for _, v in self.picker.options] else None
        self.show_history()

    def show_history(self) -> None:
        if self.picker.value is None:
            self.history.value = f"<p><em>{escape(t('overview.history_none'))}</em></p>"
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
