"""The lexicon: find a lemma by title or concept, and read and work with one entry."""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from sw_exercises.widgets import lean as W

from ..answers import AnswerBook, answer_book
from ..i18n import t, tn
from ..models import lexicon as model
from .common import ReflectionBox, button_row, html_text
from .elements import element_view, figure_view
from .handlers import handler

CURRENT_ITEM = "lexicon/current"


class LexiconState:
    def __init__(self, workbook: str, book: AnswerBook | None = None):
        self.workbook = workbook
        self.book = book or answer_book(workbook)
        self.entries = model.load_entries()
        self._listeners: list[Callable[[str], None]] = []

    def current(self) -> model.Entry:
        chosen = self.book.get(CURRENT_ITEM)
        return next((e for e in self.entries if e.id == chosen), self.entries[0])

    def select(self, entry_id: str) -> None:
        if entry_id != self.current().id:
            self.book.save(CURRENT_ITEM, entry_id)
        for listener in list(self._listeners):
            listener(entry_id)

    def on_select(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)




class ContentsView(W.VBox):
    """Search by title or concept; choosing a result opens it in the entry view."""

    def __init__(self, state: LexiconState):
        self.state = state
        self.query = W.Text(description=t("lexicon.search"), placeholder=t("lexicon.search_placeholder"),
                            continuous_update=True, style={"description_width": "initial"}, layout=dict(width="36em"))
        self.results = W.Select(options=[], rows=12, description=t("lexicon.results"),
                                style={"description_width": "initial"}, layout=dict(width="44em"))
        self.count = W.HTML()
        open_button = W.Button(description=t("lexicon.open"), icon="book", tooltip=t("lexicon.open"),
                               layout=dict(width="auto"))
        open_button.on_click(handler(self, lambda _: self.open_selected()))
        self.query.observe(handler(self, lambda _: self.refresh()), names="value")
        super().__init__([self.query, self.count, self.results, button_row(open_button)])
        self.add_class("sw-lexicon-contents")
        self.refresh()

    def refresh(self) -> None:
        hits = model.search(self.state.entries, self.query.value)
        options = []
        for hit in hits:
            label = f"{hit.entry.number}. {hit.entry.title}"
            if hit.field == "concept":
                label += f" — {t('lexicon.via_concept', concept=hit.matched)}"
            options.append((label, hit.entry.id))
        self.results.options = options
        self.count.value = f"<p role='status'>{escape(tn('lexicon.count', len(hits)))}</p>"

    def open_selected(self) -> None:
        if self.results.value:
            self.state.select(self.results.value)


class EntryView(W.VBox):
    """One lemma: reading, key concepts, its exercise and reflection prompts (all saved)."""

    def __init__(self, state: LexiconState):
        self.state = state
        self.picker = W.Dropdown(options=[(f"{e.number}. {e.title}", e.id) for e in state.entries],
                                 value=state.current().id, description=t("lexicon.entry"),
                                 style={"description_width": "initial"}, layout=dict(width="40em"))
        self.picker.observe(handler(self, lambda change: state.select(change["new"])), names="value")
        previous = W.Button(description=t("lexicon.previous"), icon="arrow-left", layout=dict(width="auto"),
                            tooltip=t("lexicon.previous"))
        following = W.Button(description=t("lexicon.next"), icon="arrow-right", layout=dict(width="auto"),
                             tooltip=t("lexicon.next"))
        previous.on_click(handler(self, lambda _: self.step(-1)))
        following.on_click(handler(self, lambda _: self.step(1)))
        self.body = W.VBox()
        super().__init__([button_row(self.picker, previous, following), self.body])
        self.add_class("sw-lexicon-entry")
        state.on_select(self.show)
        self.show(self.picker.value)

    def step(self, delta: int) -> None:
        ids = [e.id for e in self.state.entries]
        self.picker.value = ids[(ids.index(self.picker.value) + delta) % len(ids)]

    def show(self, entry_id: str) -> None:
        if self.picker.value != entry_id:
            self.picker.value = entry_id  # fires select again, which is harmless
            return
        entry = next(e for e in self.state.entries if e.id == entry_id)
        book = self.state.book
        reading = "".join(f"<p>{html_text(p)}</p>" for p in entry.reading)
        concepts = ", ".join(escape(c) for c in entry.concepts)
        parts: list[W.Widget] = [W.HTML(
            f"<h3>{entry.number}. {escape(entry.title)}</h3><p><em>{escape(t('lexicon.by', authors=entry.authors))}</em></p>"
            f"{reading}<p><strong>{escape(t('lexicon.concepts'))}</strong> {concepts}</p>")]
        parts += [figure_view(spec) for spec in entry.figures]
        if entry.element:
            parts.append(element_view(book, f"lemma/{entry.id}/element", entry.element))
        for prompt in entry.reflections:
            parts.append(ReflectionBox(self.state.workbook, f"lemma/{entry.id}/reflection/{prompt['id']}",
                                       prompt["title"], prompt["prompt"], book=book, guided=True,
                                       prompt_no_placement=prompt.get("prompt_no_placement")))
        self.body.children = parts
