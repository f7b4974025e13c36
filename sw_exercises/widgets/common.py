"""Reusable answer widgets: every one saves itself and shows whether it is saved.

Views only: scoring lives in ``sw_exercises.models``, storage in ``sw_exercises.answers``.
All text comes from ``locales/<language>/LC_MESSAGES/werkboek.po`` via :func:`sw_exercises.i18n.t`.
"""
from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from sw_exercises.widgets import lean as W

from ..formats import format_time
from .. import reflection
from ..answers import AnswerBook, SaveResult, answer_book
from ..i18n import t, tn
from ..workspace import in_browser
from .groups import CheckGroup, Choice, SelectGroup
from .handlers import handler, with_note

TYPING_DELAY = 0.8  # seconds of quiet before typed text is saved

_shared: dict[tuple[type, str], Any] = {}


def shared_state(cls: type, workbook: str, **options: Any) -> Any:
    """One state object per kind and workbook in this kernel, so views in different cells share it.

    ``options`` only count when the state is first made (e.g. a lecturer's extra Bogardus groups).
    """
    key = (cls, workbook)
    if key not in _shared:
        _shared[key] = cls(workbook, **options)
    return _shared[key]


def _local_time(moment: datetime | None) -> str:
    return format_time(moment) if moment else ""


def html_text(text: str) -> str:
    """User text shown as plain text inside HTML (no markup, no script), line breaks kept."""
    return escape(text).replace("\n", "<br>")


_CELL = "border:1px solid #767676;padding:0.25em 0.6em;text-align:left;vertical-align:top"


def table_html(headers: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str = "") -> str:
    """An accessible HTML table; every cell is plain text (escaped). The first column heads its row."""
    head = "".join(f"<th scope='col' style='{_CELL}'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f"<th scope='row' style='{_CELL}'>{html_text(c)}</th>" if i == 0 else f"<td style='{_CELL}'>{html_text(c)}</td>"
            for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    cap = f"<caption style='text-align:left;font-style:italic'>{escape(caption)}</caption>" if caption else ""
    return (f"<table class='sw-table' style='border-collapse:collapse;margin:0.5em 0'>{cap}"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def button_row(*children: W.Widget) -> W.HBox:
    """Controls side by side at their natural width (a Button in a VBox would stretch). For a single
    button give it ``layout=LONE_BUTTON`` instead: no row around it, one widget model less."""
    return W.HBox(list(children), layout=dict(align_items="center", flex_flow="row wrap"))


#: a button on a line of its own in a VBox: as wide as its text (a VBox would stretch it), without a row
#: around it (every widget is a model the page builds when it opens, make bench (e))
LONE_BUTTON = dict(width="auto", align_self="flex-start")


class _StatusText:
    """What a save status says: saved, loaded, pending or what went wrong, after an optional ``lead``
    (plain text shown before it, outside the live region: a reflection's word count, a Bogardus
    card's result). :meth:`_publish` puts the markup where it is shown."""

    def _start(self, quiet: bool) -> None:
        self.quiet = quiet  # compact items say nothing until something is saved
        self.state = "empty"
        self.lead = ""
        self._status = ""
        self.show("empty")

    def _publish(self, html: str) -> None:
        raise NotImplementedError

    def show(self, state: str, *, when: datetime | None = None, error: str | None = None,
             notice: str | None = None) -> None:
        if state == "loaded" and self.state == "failed":
            # loading never hides a failure: the unsaved answer is still only in memory (the next change
            # retries it), also when another item of a status shared by a group loads fine
            return
        self.state = state
        if state == "empty" and self.quiet and not notice:
            self._status = ""
            self._render()
            return
        if state == "failed":
            text = t("status.failed", message=error or "")
        elif state == "empty" and self.quiet:
            text = ""
        else:
            text = t(f"status.{state}", time=_local_time(when))
        if notice:  # e.g. the emergency copy is back in the store
            text = f"{text} {notice}".strip()
        css = {"saved": "sw-ok", "loaded": "sw-ok", "failed": "sw-error", "pending": "sw-pending"}.get(state, "")
        self._status = f'<span class="{css}" role="status" aria-live="polite">{escape(text)}</span>'
        self._render()

    def set_lead(self, text: str) -> None:
        self.lead = text
        self._render()

    def _render(self) -> None:
        lead = f'<span class="sw-lead">{escape(self.lead)}</span> ' if self.lead else ""
        self._publish(lead + self._status)

    def result(self, result: SaveResult) -> None:
        if result.saved:
            self.show("saved", when=result.saved_at, notice=result.notice)
        else:
            self.show("failed", error=result.error)


class SaveStatus(_StatusText, W.HTML):
    """A small live region that says whether the answer is saved.

    One widget for the line under an answer, not three (a label, the status and a row around them).
    Every widget is a model the kernel sends and the page builds when it opens (``make bench`` (e));
    a group widget that draws its own status line uses :class:`StatusOf` instead."""

    def __init__(self, *, quiet: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("sw-save-status")
        self._start(quiet)

    def _publish(self, html: str) -> None:
        self.value = html


class StatusOf(_StatusText):
    """The same status line, drawn by the widget it belongs to (its trait ``status_html``, shown with
    the class ``sw-save-status``): no widget of its own."""

    def __init__(self, host: W.Widget, *, quiet: bool = False):
        self.host = host
        self._start(quiet)

    @property
    def value(self) -> str:
        return self.host.status_html

    def _publish(self, html: str) -> None:
        self.host.status_html = html


_pending: "weakref.WeakSet[Autosave]" = weakref.WeakSet()


@atexit.register
def _flush_pending() -> None:  # a kernel that shuts down normally saves what is still waiting
    for saver in list(_pending):
        saver.flush()


class LoopTimer:
    """``threading.Timer``'s interface on the kernel's event loop, for the browser: Pyodide cannot
    start threads, and its event loop runs a ``call_later`` through the browser's ``setTimeout``."""

    def __init__(self, delay: float, function: Callable[[], None]):
        self.delay = delay
        self.function = function
        self.daemon = True
        self._handle: Any = None

    def start(self) -> None:
        import asyncio

        self._handle = asyncio.get_event_loop().call_later(self.delay, self.function)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()


def default_timer() -> Callable[[float, Callable[[], None]], Any]:
    """A timer that works here: a thread on a laptop or hub, the event loop in the browser."""
    return LoopTimer if in_browser() else threading.Timer


class Autosave:
    """Saves one item: at once (``delay=0``) or after ``delay`` seconds without new changes."""

    def __init__(self, book: AnswerBook, item: str, status: SaveStatus | StatusOf, *, delay: float = 0.0,
                 timer_factory: Callable[[float, Callable[[], None]], Any] | None = None):
        self.book = book
        self.item = item
        self.status = status
        self.delay = delay
        self._timer_factory = timer_factory or default_timer()
        self._timer: Any = None
        self._value: Any = None
        self._dirty = False
        self._lock = threading.Lock()

    def load(self, default: Any = None) -> Any:
        value = self.book.get(self.item, default)
        problem = self.book.problem(self.item)
        notice = self.book.take_notice()
        if problem:
            self.status.show("failed", error=problem)
        elif self.book.last_saved(self.item) is not None:
            self.status.show("loaded", when=self.book.last_saved(self.item), notice=notice)
        elif notice:
            self.status.show(self.status.state, notice=notice)
        return value

    def changed(self, value: Any) -> None:
        with self._lock:
            self._value = value
            self._dirty = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.delay > 0:
                self.status.show("pending")
                self._timer = self._timer_factory(self.delay, self.flush)
                self._timer.daemon = True
                self._timer.start()
                _pending.add(self)
                return
        self.flush()

    def flush(self) -> None:
        with self._lock:
            if not self._dirty:
                return
            value, self._dirty = self._value, False
            self._timer = None
            # on failure the book keeps the value in memory and the next change tries the disk again
            result = self.book.save(self.item, value)
        self.status.result(result)


class ReflectionBox(W.VBox):
    """A reflection that saves itself while the student types, with a word count.

    ``guided=True`` (the reflection prompts of the workbooks and the lexicon) adds a choice of form:
    a free answer (stored as a plain string) or an answer guided by a reflection model, one text box
    per phase (stored as ``{"model": ..., "parts": {...}}``; see :mod:`sw_exercises.reflection`).
    Switching form keeps what was written: a free text goes to the first phase, phases go back into
    one text under their labels. ``prompt_no_placement`` adds a checkbox for students without an
    internship, which shows that variant of the prompt; the choice is remembered (in the answer of a
    guided form, and as a setting for the next time)."""

    def __init__(self, workbook: str, item: str, title: str, prompt: str, *,
                 prompt_no_placement: str | None = None, guided: bool = False,
                 delay: float = TYPING_DELAY, book: AnswerBook | None = None):
        book = book or answer_book(workbook)
        self.book, self.item, self.title = book, item, title
        self.prompts = (prompt, prompt_no_placement or "")
        self.status = SaveStatus()
        self.saver = Autosave(book, item, status=self.status, delay=delay)
        initial = self.saver.load("")
        self._quiet = False
        self.mode = initial["model"] if reflection.is_guided(initial) else reflection.FREE
        self._drafts: dict[str, dict[str, str]] = {}  # model id -> the texts of its phases, this session
        if self.mode != reflection.FREE:
            self._drafts[self.mode] = reflection.parts(initial)
        self.text = W.Textarea(
            value=initial if isinstance(initial, str) else "",
            description=t("reflection.label"),
            placeholder=t("reflection.placeholder"),
            continuous_update=True,
            layout=dict(width="98%", height="9em"),
            style={"description_width": "initial"},
        )
        self.text.observe(handler(self, self._typed), names="value")
        self.phase_boxes: dict[str, W.Textarea] = {}
        self.header = W.HTML()
        children: list[W.Widget] = [self.header]  # then the answer's widgets and the status line
        self.no_placement: W.Checkbox | None = None
        if prompt_no_placement:
            chosen = (reflection.answered_no_placement(initial) if reflection.is_guided(initial)
                      else reflection.no_placement_chosen(book, item))
            self.no_placement = W.Checkbox(value=chosen, description=t("reflectie.no_placement"), indent=False,
                                           layout=dict(width="auto"))
            self.no_placement.observe(handler(self, self._variant_changed), names="value")
            children.append(self.no_placement)
        self.form: W.Dropdown | None = None
        if guided:
            self.form = W.Dropdown(options=[(t("reflectie.free"), reflection.FREE)]
                                   + [(m.label, m.id) for m in reflection.models()],
                                   value=self.mode, description=t("reflectie.form"),
                                   style={"description_width": "initial"}, layout=dict(width="auto"))
            self.form.observe(handler(self, self._form_changed), names="value")
            children.append(self.form)
        self._top = children
        self.body: list[W.Widget] = []
        super().__init__()
        self._show_prompt()
        self._build_body()
        self._count()
        self.add_class("sw-reflection")
        self.add_class(f"sw-item-{item.replace('/', '-')}")

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def without_placement(self) -> bool:
        return bool(self.no_placement is not None and self.no_placement.value)

    def _show_prompt(self) -> None:
        prompt = self.prompts[1] if self.without_placement else self.prompts[0]
        self.header.value = f"<h4>{escape(self.title)}</h4><p>{html_text(prompt)}</p>"

    def _build_body(self) -> None:
        chosen = reflection.model(self.mode)
        if chosen is None:
            self.phase_boxes = {}
            self._show_body([self.text])
            return
        texts = self._drafts.get(chosen.id, {})
        boxes: dict[str, W.Textarea] = {}
        shown: list[W.Widget] = [W.HTML(f"<p><small>{html_text(chosen.intro)} "
                                        f"{escape(t('reflectie.source', source=chosen.source))}</small></p>")]
        for phase in chosen.phases:
            box = W.Textarea(value=texts.get(phase.id, ""), description=phase.short,
                             placeholder=t("reflectie.phase_placeholder"), continuous_update=True,
                             layout=dict(width="98%", height="5em"), style={"description_width": "8em"})
            box.observe(handler(self, self._typed), names="value")
            boxes[phase.id] = box
            shown += [W.HTML(f"<p style='margin:0.6em 0 0.1em'><strong>{escape(phase.label)}</strong><br>"
                             f"{html_text(phase.question)}</p>"), box]
        self.phase_boxes = boxes
        self._show_body(shown)

    def _show_body(self, body: list[W.Widget]) -> None:
        """The answer's widgets (one text box, or a text box per phase) between the prompt and the status
        line; no box of their own (one widget model less)."""
        self.body = body
        self.children = with_note(self, [*self._top, *body, self.status])

    # -- the answer ------------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """The answer as it is stored: a string (free) or a guided answer (dict)."""
        if self.mode == reflection.FREE or reflection.model(self.mode) is None:
            return self.text.value
        return reflection.guided(self.mode, {pid: box.value for pid, box in self.phase_boxes.items()},
                                 no_placement=self.without_placement)

    def _count(self) -> None:
        n = reflection.words(self.value)
        self.status.set_lead(tn("reflection.words", n))

    def _typed(self, _change: dict) -> None:
        if self._quiet:
            return
        if self.mode != reflection.FREE:
            self._drafts[self.mode] = {pid: box.value for pid, box in self.phase_boxes.items()}
        self._count()
        self.saver.changed(self.value)

    def _form_changed(self, change: dict) -> None:
        old, new = change["old"], change["new"]
        if old == reflection.FREE:
            carried = self.text.value
        else:
            self._drafts[old] = {pid: box.value for pid, box in self.phase_boxes.items()}
            carried = reflection.plain_text(reflection.guided(old, self._drafts[old]))
        self.mode = new
        if new == reflection.FREE:
            if carried.strip():
                self._quiet = True
                try:
                    self.text.value = carried
                finally:
                    self._quiet = False
        elif carried.strip() and not any(v.strip() for v in self._drafts.get(new, {}).values()):
            first = reflection.model(new).phases[0].id  # type: ignore[union-attr]
            self._drafts[new] = {first: carried}
        self._build_body()
        self._count()
        if reflection.has_text(self.value):  # the form is part of the answer: keep it with the text
            self.saver.changed(self.value)

    def _variant_changed(self, change: dict) -> None:
        self._show_prompt()
        reflection.remember_no_placement(self.book, self.item, bool(change["new"]))
        if self.mode != reflection.FREE and reflection.has_text(self.value):
            self.saver.changed(self.value)


class ChoiceItem(W.VBox):
    """A single- or multiple-choice question, optionally with a 'check my answer' button."""

    def __init__(self, workbook: str, item: str, prompt: str, options: Sequence[tuple[str, str]], *,
                 multiple: bool = False, correct: Sequence[str] | None = None, feedback: str = "",
                 book: AnswerBook | None = None):
        book = book or answer_book(workbook)
        self.option_ids = [oid for oid, _ in options]
        self.multiple = multiple
        self.correct = set(correct) if correct else None
        self.feedback_text = feedback
        self.status = SaveStatus()
        self.saver = Autosave(book, item, status=self.status)
        stored = self.saver.load(None)
        header = f"<p>{html_text(prompt)}</p>"
        if multiple:  # the prompt and the boxes are one widget (groups.py), each box on a line of its own
            chosen = set(stored) if isinstance(stored, list) else set()
            group = CheckGroup([{"label": label, "own_line": True} for _, label in options],
                               [oid in chosen for oid in self.option_ids], label=prompt, before_html=header)
            group.observe(handler(self, self._changed), names="value")
            self.boxes = group.boxes
            shown: list[W.Widget] = [group]
        else:
            value = stored if stored in self.option_ids else None
            self.radio = W.RadioButtons(options=[(label, oid) for oid, label in options], value=value,
                                        description=t("choice.label"), layout=dict(width="auto"),
                                        style={"description_width": "initial"})
            self.radio.observe(handler(self, self._changed), names="value")
            shown = [W.HTML(header), self.radio]
        children: list[W.Widget] = [*shown, self.status]
        self.feedback = W.HTML()
        if self.correct is not None:
            check = W.Button(description=t("choice.check"), tooltip=t("choice.check"),
                             icon="check", layout=LONE_BUTTON)
            check.on_click(handler(self, lambda _: self.show_feedback()))
            children += [check, self.feedback]
        super().__init__(children)
        self.add_class("sw-choice")
        self.add_class(f"sw-item-{item.replace('/', '-')}")

    @property
    def value(self) -> Any:
        if self.multiple:
            return [oid for oid, box in zip(self.option_ids, self.boxes) if box.value]
        return self.radio.value

    def _changed(self, _change: dict) -> None:
        self.feedback.value = ""
        self.saver.changed(self.value)

    def show_feedback(self) -> None:
        chosen = set(self.value) if self.multiple else ({self.value} if self.value else set())
        if not chosen:
            verdict = t("choice.choose_first")
        elif chosen == self.correct:
            verdict = t("choice.correct")
        else:
            verdict = t("choice.not_yet")
        self.feedback.value = (f'<div role="status"><strong>{escape(verdict)}</strong> '
                               f"{html_text(self.feedback_text) if chosen else ''}</div>")


class SavedChoices:
    """Labelled dropdowns (e.g. the ratings of a window) that each save as an answer of their own on
    every change.

    Shown as one :class:`SelectGroup` (``group``), under a ``heading``, that also draws the one save
    status of them all under its dropdowns (``status``: "saved at 14:02", or what went wrong). A page
    of ratings then has one widget instead of one per rating and a status line, and every widget is a
    model the kernel sends and the page builds when it opens (``make bench`` (e)). ``items`` are dicts
    with ``item`` (the answer it saves), ``label``, ``options`` as (text, value) pairs and
    ``help_text``; a change that fails is shown in ``view``, the box they are shown in (as
    step_clock's owner).
    """

    def __init__(self, book: AnswerBook, items: Sequence[dict[str, Any]], *, view: W.Box, heading: str = ""):
        shown = [{"label": spec["label"], "options": spec["options"],
                  "tooltip": spec.get("help_text") or spec["label"], "heading": heading if i == 0 else "",
                  "classes": f"sw-select sw-item-{spec['item'].replace('/', '-')}"}
                 for i, spec in enumerate(items)]
        self.group = SelectGroup(shown, width="auto", label_width="initial")
        self.status = StatusOf(self.group, quiet=True)
        savers = [Autosave(book, spec["item"], status=self.status) for spec in items]
        self.group.set_values([saver.load(None) for saver in savers])  # the status line says they are back
        self.items = [SavedChoice(self.group, i, saver) for i, saver in enumerate(savers)]
        self.group.observe(handler(view, self._changed), names="value")

    def _changed(self, change: dict) -> None:
        for item, old, new in zip(self.items, change["old"], change["new"]):
            if old != new:
                item.saver.changed(item.value)


class SavedChoice(Choice):
    """One dropdown of :class:`SavedChoices`: a :class:`Choice` with the ``saver`` of its answer."""

    def __init__(self, group: SelectGroup, index: int, saver: Autosave):
        super().__init__(group, index)
        self.saver = saver


class LikertItem(W.VBox):
    """A Likert item: one of an ordered set of labels, stored as its position 1…n."""

    def __init__(self, workbook: str, item: str, prompt: str, labels: Sequence[str], *,
                 book: AnswerBook | None = None):
        book = book or answer_book(workbook)
        self.status = SaveStatus()
        self.saver = Autosave(book, item, status=self.status)
        stored = self.saver.load(None)
        value = stored if isinstance(stored, int) and 1 <= stored <= len(labels) else None
        self.radio = W.RadioButtons(options=[(label, i) for i, label in enumerate(labels, start=1)],
                                    value=value, description=t("likert.label"),
                                    layout=dict(width="auto"), style={"description_width": "initial"})
        self.radio.observe(handler(self, lambda change: self.saver.changed(change["new"])), names="value")
        super().__init__([W.HTML(f"<p>{html_text(prompt)}</p>"), self.radio, self.status])
        self.add_class("sw-likert")
        self.add_class(f"sw-item-{item.replace('/', '-')}")


def goals_view(goals: Sequence[dict[str, Any]]) -> W.HTML:
    """A workbook's learning goals as a list; under each goal the terms of the professional profile
    it links to, quoted as the profile has them (only where the profile supports a link)."""
    items = []
    for goal in goals:
        link = goal.get("profile") or {}
        terms = ", ".join(f"'{term}'" for term in link.get("terms", []))
        under = (f"<br><small>{escape(t('doelen.profile', terms=terms, where=link.get('where', '')))}</small>"
                 if terms else "")
        items.append(f"<li>{html_text(goal['text'])}{under}</li>")
    box = W.HTML(f"<div class='sw-goals' style='border-left:4px solid #0072B2;padding:0.2em 0.9em'>"
                 f"<h3>{escape(t('doelen.title'))}</h3><p>{escape(t('doelen.intro'))}</p><ul>{''.join(items)}</ul>"
                 f"<p><small>{escape(t('doelen.note'))}</small></p></div>")
    box.add_class("sw-goals")
    return box
