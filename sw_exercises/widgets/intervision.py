"""Views for an intervision session and a group's overview.

The countdown is redrawn once a second by one background thread for the whole kernel, so it
never blocks the kernel: the group can type notes while the clock runs.
"""
from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as W

from ..answers import AnswerBook, answer_book
from ..cases import CaseBook
from ..i18n import content, t
from ..intervision_record import (WORKBOOK, groups_book, load_record, session_item, session_metas, sessions_book,
                                  write_record)
from ..models.intervision import ROLE_ORDER, StepTimer, clock_text, load_methods, rotation_table, suggest_roles
from ..privacy import scan
from ..workspace import in_browser
from .cases import CaseSelector
from .common import Autosave, ReflectionBox, SaveStatus, button_row, html_text, table_html
from .handlers import handler

EXTEND_SECONDS = 120


class _Ticker:
    """One daemon thread per kernel that calls ``tick()`` on every live timer view each second."""

    def __init__(self, interval: float = 1.0):
        self.interval = interval
        self.views: "weakref.WeakSet[TimerPanel]" = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, view: "TimerPanel") -> None:
        with self._lock:
            self.views.add(view)
            if in_browser():  # no threads in Pyodide: the kernel's event loop ticks instead
                if self._thread is None:
                    self._thread = True  # type: ignore[assignment]
                    self._tick_later()
                return
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="werkboek-intervisie-klok", daemon=True)
                self._thread.start()

    def _tick_later(self) -> None:
        import asyncio

        def tick() -> None:
            self._tick_all()
            self._tick_later()

        asyncio.get_event_loop().call_later(self.interval, tick)

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            self._tick_all()

    def _tick_all(self) -> None:
        for view in list(self.views):
            try:
                view.tick()
            except Exception:  # noqa: BLE001 - a closed view must not stop the clock for others
                self.views.discard(view)


_ticker = _Ticker()


class TimerPanel(W.VBox):
    """The current step, its guiding question and a countdown with pause, extend, back and skip."""

    def __init__(self, book: AnswerBook, item: str, durations: list[int], on_step: Callable[[int], None],
                 *, clock: Callable[[], float] = time.time, describe: Callable[[int], str]):
        self.clock, self.describe, self.on_step = clock, describe, on_step
        self.status = SaveStatus(quiet=True)
        self.saver = Autosave(book, item, self.status)
        self.timer = StepTimer.from_value(self.saver.load(None), durations)
        self.info = W.HTML()
        self.countdown = W.HTML()
        self.bar = W.FloatProgress(value=0, min=0, max=1, description=t("intervisie.time_used"),
                                   style={"description_width": "initial"}, layout=dict(width="30em"))
        self.play = W.Button(icon="play", layout=dict(width="auto"))
        extend = W.Button(description=t("intervisie.extend", n=EXTEND_SECONDS // 60), icon="plus",
                          tooltip=t("intervisie.extend", n=EXTEND_SECONDS // 60), layout=dict(width="auto"))
        back = W.Button(description=t("intervisie.back"), icon="step-backward", tooltip=t("intervisie.back"),
                        layout=dict(width="auto"))
        skip = W.Button(description=t("intervisie.next"), icon="step-forward", tooltip=t("intervisie.next"),
                        layout=dict(width="auto"))
        self.play.on_click(handler(self, lambda _: self.act(self.timer.toggle)))
        extend.on_click(handler(self, lambda _: self.act(lambda now: self.timer.extend(EXTEND_SECONDS))))
        back.on_click(handler(self, lambda _: self.act(self.timer.back, step_changed=True)))
        skip.on_click(handler(self, lambda _: self.act(self.timer.skip, step_changed=True)))
        super().__init__([self.info, self.countdown, self.bar, button_row(self.play, extend, back, skip, self.status)],
                         layout=dict(border="2px solid #0072B2", padding="0.4em 0.8em", margin="0.4em 0"))
        self.add_class("sw-timer")
        self._shown = ""
        self.redraw()
        _ticker.add(self)

    def act(self, action: Callable[[float], None], *, step_changed: bool = False) -> None:
        before = self.timer.index
        action(self.clock())
        self.saver.changed(self.timer.to_value())
        self.redraw()
        if step_changed and self.timer.index != before:
            self.on_step(self.timer.index)

    def redraw(self) -> None:
        timer = self.timer
        self.info.value = self.describe(timer.index)
        self.play.description = t("intervisie.pause") if timer.running else t("intervisie.start")
        self.play.icon = "pause" if timer.running else "play"
        self.play.tooltip = self.play.description
        self.tick(force=True)

    def tick(self, force: bool = False) -> None:
        timer, now = self.timer, self.clock()
        if timer.finished:
            text, style, alert = t("intervisie.done"), "color:#1a1a1a", False
        else:
            left = timer.remaining(now)
            alert = left <= 0
            text = t("intervisie.overtime", time=clock_text(left)) if alert else clock_text(left)
            style = "color:#D55E00" if alert else "color:#1a1a1a"
            allowed = timer.allowed()
            self.bar.value = min(1.0, timer.spent(now) / allowed) if allowed else 1.0
        state = "" if timer.running or timer.finished else f" ({t('intervisie.paused')})"
        html = (f"<div {'role=alert' if alert else 'aria-live=off'} style='font-size:2.2em;font-weight:bold;"
                f"font-family:monospace;{style}'>{escape(text)}{escape(state)}</div>")
        if force or html != self._shown:
            self._shown = html
            self.countdown.value = html


class SessionView(W.VBox):
    def __init__(self, book: AnswerBook | None = None, *, clock: Callable[[], float] = time.time,
                 export_dir: Path | None = None):
        self.book = book or answer_book(WORKBOOK)
        self.clock = clock
        self.export_dir = export_dir or Path.cwd() / "mijn-export" / "intervisie"
        self.data = content("intervisie")
        self.methods = {m.id: m for m in load_methods()}
        self.groups = groups_book(self.book)
        self.session_box = W.VBox()
        group_selector = CaseSelector(self.groups, on_select=self.show_group, texts="groups")
        super().__init__([group_selector, self.session_box])
        self.add_class("sw-intervision")
        self.show_group(self.groups.current().id)

    # -- group and session ------------------------------------------------------------------
    def sessions(self, group_id: str) -> CaseBook:
        return sessions_book(self.book, group_id)

    def show_group(self, group_id: str) -> None:
        self.group_id = group_id
        sessions = self.sessions(group_id)
        default = t("sessions.default_name", date=date.today().strftime("%d-%m-%Y"))
        selector = CaseSelector(sessions, on_select=self.show_session, texts="sessions", default_name=default)
        self.body = W.VBox()
        self.session_box.children = [selector, self.body]
        self.show_session(sessions.current().id)

    def item(self, *parts: str) -> str:
        return session_item(self.group_id, self.session_id, *parts)

    def show_session(self, session_id: str) -> None:
        self.session_id = session_id
        meta = self.book.get(self.item("meta"), {}) or {}
        first = next(iter(self.methods))
        method_id = meta.get("method") if meta.get("method") in self.methods else first
        self.meta_status = SaveStatus(quiet=True)
        self.meta_saver = Autosave(self.book, self.item("meta"), self.meta_status, delay=0.8)
        self.method = W.Dropdown(options=[(f"{m.label} ({m.total_minutes} min)", m.id) for m in self.methods.values()],
                                 value=method_id, description=t("intervisie.method"), style={"description_width": "initial"},
                                 layout=dict(width="34em"))
        self.participants = W.Textarea(value="\n".join(meta.get("participants", [])), description=t("intervisie.participants"),
                                       placeholder=t("intervisie.participants_placeholder"),
                                       style={"description_width": "initial"}, layout=dict(width="30em", height="6em"))
        labels = {r["id"]: r["label"] for r in self.data["roles"]}
        self.roles = {role: W.Dropdown(options=self._people_options(), value=None, description=f"{labels[role]}:",
                                       style={"description_width": "8em"}, layout=dict(width="22em"))
                      for role in ROLE_ORDER}
        for role, dropdown in self.roles.items():
            stored = (meta.get("roles") or {}).get(role)
            dropdown.value = stored if stored in self._people() else None
            dropdown.observe(handler(self, lambda _: self._save_meta()), names="value")
        suggest = W.Button(description=t("intervisie.suggest"), icon="random", tooltip=t("intervisie.suggest"),
                           layout=dict(width="auto"))
        suggest.on_click(handler(self, lambda _: self.suggest()))
        self.method.observe(handler(self, lambda _: self._method_changed()), names="value")
        self.participants.observe(handler(self, lambda _: self._participants_changed()), names="value")
        rules = "".join(f"<li>{html_text(rule)}</li>" for rule in self.data["ground_rules"])
        self.step_area = W.VBox()
        lens = W.Dropdown(options=[(t("intervisie.no_lens"), "")] + [(ln["label"], ln["id"]) for ln in self.data["lenses"]],
                          value="", description=t("intervisie.lens"), style={"description_width": "initial"})
        self.lens_area = W.VBox()
        lens.observe(handler(self, lambda change: self.show_lens(change["new"])), names="value")
        closing = self.data["closing"]
        agreements = ReflectionBox(WORKBOOK, self.item("agreements"), t("intervisie.agreements"),
                                   closing["agreements_prompt"], book=self.book)
        learning = ReflectionBox(WORKBOOK, self.item("learning"), t("intervisie.learning"), closing["learning_prompt"],
                                 book=self.book)
        self.names = W.Textarea(value="\n".join(self.book.get(f"group/{self.group_id}/privacy_names", []) or []),
                                description=t("share.names"), placeholder=t("share.names_placeholder"),
                                style={"description_width": "initial"}, layout=dict(width="40em", height="4em"))
        self.names.observe(handler(self, lambda _: self.book.save(f"group/{self.group_id}/privacy_names", self._names())), names="value")
        record = W.Button(description=t("intervisie.make_record"), icon="file", tooltip=t("intervisie.make_record"),
                          layout=dict(width="auto"))
        record.on_click(handler(self, lambda _: self.export()))
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        self.record_message = W.HTML()
        if not meta:  # a new session: its method and date are on record at once
            self.book.save(self.item("meta"), self._meta())
        self.body.children = [
            self.method, self.participants, W.HBox([W.VBox(list(self.roles.values())), suggest, self.meta_status]),
            W.HTML(f"<p><small>{escape(self.data['rotation_note'])}</small></p>"
                   f"<h4>{escape(t('intervisie.rules'))}</h4><ol>{rules}</ol>"),
            self.step_area, W.HTML(f"<h4>{escape(t('intervisie.lenses_title'))}</h4>"), lens, self.lens_area,
            W.HTML(f"<h4>{escape(t('intervisie.closing'))}</h4>"), agreements, learning,
            W.HTML(f"<h4>{escape(t('intervisie.record'))}</h4>"), self.names, button_row(record), self.confirm,
            self.record_message]
        self._build_steps()

    # -- participants, roles, method --------------------------------------------------------
    def _people(self) -> list[str]:
        return [p for p in dict.fromkeys(line.strip() for line in self.participants.value.splitlines()) if p] \
            if hasattr(self, "participants") else []

    def _people_options(self) -> list[tuple[str, str | None]]:
        return [(t("elements.choose"), None)] + [(p, p) for p in self._people()]

    def _participants_changed(self) -> None:
        for dropdown in self.roles.values():
            current = dropdown.value
            dropdown.options = self._people_options()
            dropdown.value = current if current in self._people() else None
        self._save_meta()

    def _method_changed(self) -> None:
        self._save_meta()
        self._build_steps()

    def _meta(self) -> dict:
        return {"method": self.method.value, "participants": self._people(),
                "roles": {r: d.value for r, d in self.roles.items() if d.value},
                "date": date.today().isoformat()}

    def _save_meta(self) -> None:
        self.meta_saver.changed(self._meta())

    def history(self) -> list[dict[str, str]]:
        """The roles of the group's earlier sessions, oldest first (this session excluded)."""
        return [m.roles for m in session_metas(self.book, self.group_id) if m.id != self.session_id]

    def suggest(self) -> None:
        for role, person in suggest_roles(self._people(), self.history()).items():
            self.roles[role].value = person

    # -- steps ------------------------------------------------------------------------------
    def _build_steps(self) -> None:
        method = self.methods[self.method.value]
        durations = [s.minutes * 60 for s in method.steps]
        self.timer_panel = TimerPanel(self.book, self.item("timer", method.id), durations, self.show_step,
                                      clock=self.clock, describe=self.describe)
        self.notes_area = W.VBox()
        note = f"<p><small>{escape(method.source)}" + (f" {escape(method.variant_note)}" if method.variant_note else "") + \
            "</small></p>"
        self.step_area.children = [W.HTML(f"<p>{html_text(method.summary)}</p>{note}"), self.timer_panel, self.notes_area]
        self.show_step(self.timer_panel.timer.index)

    def describe(self, index: int) -> str:
        method = self.methods[self.method.value]
        if index >= len(method.steps):
            return f"<h4>{escape(t('intervisie.all_steps_done'))}</h4>"
        step = method.steps[index]
        speaker = self.data["speakers"].get(step.speaker, step.speaker)
        advice = t("intervisie.advice_yes") if step.advice_allowed else t("intervisie.advice_no")
        return (f"<h4 style='margin:0.2em 0'>{escape(t('intervisie.step', n=index + 1, total=len(method.steps)))}: "
                f"{escape(step.label)}</h4><p><strong>{html_text(step.question)}</strong></p>"
                f"<p>{escape(t('intervisie.speaker', who=speaker))} · {escape(advice)} · "
                f"{escape(t('intervisie.minutes', n=step.minutes))}</p>")

    def show_step(self, index: int) -> None:
        method = self.methods[self.method.value]
        if index >= len(method.steps):
            self.notes_area.children = []
            return
        step = method.steps[index]
        self.notes_area.children = [ReflectionBox(WORKBOOK, self.item("notes", step.id), t("intervisie.notes", step=step.label),
                                                  step.question, book=self.book)]

    def show_lens(self, lens_id: str) -> None:
        lens = next((ln for ln in self.data["lenses"] if ln["id"] == lens_id), None)
        if lens is None:
            self.lens_area.children = []
            return
        boxes = [ReflectionBox(WORKBOOK, self.item("lens", lens["id"], q["id"]), q["label"], q["question"], book=self.book)
                 for q in lens["questions"]]
        self.lens_area.children = [W.HTML(f"<p><small>{escape(lens['source'])}</small></p>"), *boxes]

    # -- record -----------------------------------------------------------------------------
    def _names(self) -> list[str]:
        return [n.strip() for n in self.names.value.splitlines() if n.strip()]

    def export(self) -> list[Path]:
        group = next(g for g in self.groups.cases() if g.id == self.group_id)
        session = next(s for s in self.sessions(self.group_id).cases() if s.id == self.session_id)
        record = load_record(self.book, self.group_id, self.session_id, group.name, session.name)
        findings = scan(record.texts(), self._names())
        shown = sorted((where, f.kind, f.text) for where, _text, f in findings)
        # "Toch exporteren" covers exactly the findings that were on screen, for this one export
        if findings and not (self.confirm.value and shown == getattr(self, "_confirmed_for", None)):
            self._confirmed_for = shown
            self.confirm.value = False
            listed = "".join(f"<li><strong>{escape(where)}</strong> · {escape(t('privacy.' + f.kind))}: "
                             f"{html_text(f.excerpt(text))}</li>" for where, text, f in findings)
            self.confirm.layout.display = ""
            self.record_message.value = (f"<div role='alert'><p>{escape(t('intervisie.findings', n=len(findings)))}</p>"
                                         f"<ul>{listed}</ul></div>")
            return []
        self.confirm.value = False  # a later export asks again
        self.confirm.layout.display = "none"
        self._confirmed_for = None
        paths = write_record(record, self.export_dir)
        listed = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in paths)
        self.record_message.value = f"<div role='status'><p>{escape(t('share.written'))}</p><ul>{listed}</ul></div>"
        return paths


class GroupOverview(W.VBox):
    """A group's sessions over time: method, roles, learning points, and who took which role."""

    def __init__(self, book: AnswerBook | None = None):
        self.book = book or answer_book(WORKBOOK)
        self.groups = groups_book(self.book)
        self.html = W.HTML()
        refresh = W.Button(description=t("overview.refresh"), icon="refresh", tooltip=t("overview.refresh"),
                           layout=dict(width="auto"))
        refresh.on_click(handler(self, lambda _: self.refresh()))
        super().__init__([button_row(refresh), self.html])
        self.add_class("sw-intervision-overview")
        self.refresh()

    def refresh(self) -> None:
        group = self.groups.current()
        if group is None:
            self.html.value = f"<p><em>{escape(t('intervisie.no_sessions'))}</em></p>"
            return
        methods = {m.id: m.label for m in load_methods()}
        labels = {r["id"]: r["label"] for r in content("intervisie")["roles"]}
        rows, learning, history, people = [], [], [], []
        for session in session_metas(self.book, group.id):
            history.append(session.roles)
            people += [p for p in session.participants if p not in people]
            rows.append([session.name, methods.get(session.method, "–"),
                         "; ".join(f"{labels.get(r, r)}: {p}" for r, p in session.roles.items())])
            text = self.book.get(session_item(group.id, session.id, "learning"), "") or ""
            if text.strip():
                learning.append(f"<li><strong>{escape(session.name)}</strong>: {html_text(text)}</li>")
        table = rotation_table(people, history)
        rotation = [[p] + [str(table[p][r]) for r in ROLE_ORDER] for p in people]
        self.html.value = (
            f"<h4>{escape(t('intervisie.group_title', group=group.name))}</h4>"
            + table_html([t("intervisie.col_session"), t("intervisie.method"), t("intervisie.col_roles")], rows)
            + f"<h4>{escape(t('intervisie.learning'))}</h4>"
            + (f"<ul>{''.join(learning)}</ul>" if learning else "<p>–</p>")
            + f"<h4>{escape(t('intervisie.rotation_title'))}</h4>"
            + table_html([t("intervisie.col_participant")] + [labels[r] for r in ROLE_ORDER], rotation,
                         caption=t("intervisie.rotation_caption")))
