"""'Delen en exporteren': choose what to share, check it for personal data, and export it.

Everything is private until the student ticks it; only answers :func:`sw_exercises.portfolio.shareable`
allows are offered (of intervision, only the student's own learning points). Before any export the
shared answers are checked for personal data (sw_exercises.privacy); findings are shown where they
are and a text answer can be corrected right here (the correction is saved as a new version, and
the earlier versions can then be forgotten, with a confirmation).

"Toch exporteren" is one decision: ticking it holds for exactly the findings shown at that moment
(their :func:`sw_exercises.portfolio.fingerprint`) and for one export or hand-in. After that export
it is unticked; a new or different finding (an edited answer, another shared item, another name)
unticks it too and the export is blocked until the student looks again.

In the browser (the zero-install site) a Word file cannot be made (python-docx needs lxml, which
Pyodide does not have here): the portfolio is HTML only, with a one-line note, every exported file
is also offered as a download link, and the course folder (a folder on a server) is not shown.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from sw_exercises.widgets import lean as W

from ..formats import format_datetime
from .. import course_folder, portfolio
from ..catalog import format_value, workbook_title
from ..files import WriteError
from ..i18n import t, tn
from ..store import AnswerStore, StoreError, default_store
from ..workspace import in_browser
from .common import LONE_BUTTON, button_row, html_text
from .download import written_html
from .handlers import handler
from .overview import ConfirmAction, forget_message, forgotten, on_forget

NAMES_KEY = course_folder.NAMES_KEY


class PortfolioView(W.VBox):
    def __init__(self, store: AnswerStore | None = None, export_dir: Path | None = None):
        self._store = store
        self.export_dir = export_dir or Path.cwd() / portfolio.EXPORT_DIR
        self.message = W.HTML()
        try:
            store = self.store()
        except StoreError as exc:
            super().__init__([W.HTML(f'<p class="sw-error" role="alert">{escape(exc.message)}</p>')])
            return
        self.pseudonym = W.Text(value=portfolio.pseudonym(store), description=t("share.pseudonym"),
                                style={"description_width": "initial"}, layout=dict(width="26em"))
        self.pseudonym.observe(handler(self, lambda _: self._save_pseudonym()), names="value")
        self.name = W.Text(description=t("share.name"), placeholder=t("share.name_placeholder"),
                           style={"description_width": "initial"}, layout=dict(width="34em"))
        self.names = W.Textarea(value="\n".join(store.setting(NAMES_KEY, [])), description=t("share.names"),
                                placeholder=t("share.names_placeholder"), style={"description_width": "initial"},
                                layout=dict(width="40em", height="5em"))
        self.names.observe(handler(self, lambda _: self._save_names()), names="value")
        self.items = W.VBox(layout=dict(max_height="32em", overflow="auto", border="1px solid #767676",
                                            padding="0.3em 0.6em"))
        self.items.add_class("sw-share-list")
        self.share_total = W.HTML()
        self.findings = W.VBox()
        self.after_fix = W.VBox()
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        self._shown: str | None = None      # fingerprint of the findings on screen
        self._confirmed: str | None = None  # fingerprint of the findings the student confirmed
        self._confirm_changed = False
        self._found_items: set[tuple[str, str]] = set()
        self.confirm.observe(handler(self, lambda change: self._confirm_ticked(change["new"])), names="value")
        browser = in_browser()
        portfolio_label = t("share.make_portfolio_html") if browser else t("share.make_portfolio")
        make_portfolio = W.Button(description=portfolio_label, icon="file", tooltip=portfolio_label,
                                  layout=dict(width="auto"))
        make_handin = W.Button(description=t("share.make_handin"), icon="upload", tooltip=t("share.make_handin"),
                               layout=dict(width="auto"))
        check = W.Button(description=t("share.check"), icon="search", tooltip=t("share.check"),
                         layout=dict(width="auto"))
        portfolio_kinds = ("html",) if browser else ("html", "docx")
        make_portfolio.on_click(handler(self, lambda _: self.export(portfolio_kinds)))
        make_handin.on_click(handler(self, lambda _: self.export(("json",))))
        check.on_click(handler(self, lambda _: self.check()))
        intro = W.HTML(f"<p>{escape(t('share.intro'))}</p>")
        folder_box = self._course_folder_box(store)
        super().__init__([intro, self.pseudonym, self.name, self.names,
                          W.HTML(f"<h4>{escape(t('share.choose'))}</h4>"), self.share_total, self.items,
                          button_row(check, make_portfolio, make_handin),
                          *([W.HTML(f"<p class='sw-browser-note'><em>{escape(t('site.no_docx'))}</em></p>")] if browser else []),
                          self.findings, self.after_fix, self.confirm,
                          self.message, *([] if browser else [folder_box])])
        self.add_class("sw-portfolio")
        self.refresh()
        on_forget(self.refresh)

    def _course_folder_box(self, store: AnswerStore) -> W.Widget:
        """Hand in straight to the course folder (WERKBOEK_INLEVERMAP or a folder the student types)."""
        folder, source = course_folder.configured_folder(store)
        self.folder = W.Text(value=str(folder) if folder else "", description=t("inlevermap.folder"),
                             placeholder=t("inlevermap.folder_placeholder"), disabled=source == "env",
                             style={"description_width": "initial"}, layout=dict(width="44em"))
        self.folder.observe(handler(self, lambda _: self._folder_changed()), names="value")
        self.folder_status = W.HTML()
        self.handin_message = W.HTML()
        hand_in = W.Button(description=t("inlevermap.button"), icon="paper-plane", tooltip=t("inlevermap.button"),
                           layout=LONE_BUTTON)
        hand_in.on_click(handler(self, lambda _: self.hand_in()))
        self._show_folder_status()
        box = W.VBox([W.HTML(f"<h4>{escape(t('inlevermap.title'))}</h4><p>{escape(t('inlevermap.intro'))}</p>"),
                      self.folder, self.folder_status, hand_in, self.handin_message])
        box.add_class("sw-course-folder")
        return box

    def _folder_changed(self) -> None:
        if not self.folder.disabled:
            course_folder.remember_folder(self.store(), self.folder.value)
        self.handin_message.value = ""
        self._show_folder_status()

    def _show_folder_status(self) -> None:
        folder = self.folder.value.strip()
        if not folder:
            text = t("inlevermap.hint_no_folder")
        else:
            parts = [t("inlevermap.from_env", folder=folder)] if self.folder.disabled else []
            last = course_folder.last_handin(Path(folder).expanduser())
            parts.append(t("inlevermap.last", when=format_datetime(last))
                         if last else t("inlevermap.never"))
            text = " ".join(parts)
        self.folder_status.value = f"<p role='status'><em>{escape(text)}</em></p>"

    def hand_in(self) -> course_folder.HandinResult | None:
        """After the same privacy check as every export: write the hand-in into the course folder."""
        folder = self.folder.value.strip()
        if not folder:
            self._show_handin(False, t("inlevermap.no_folder"))
            return None
        if not self._ready(self._show_handin):
            return None
        used = self._use_confirmation()
        result = course_folder.write_handin(Path(folder), portfolio.handin_data(self.store(),
                                                                               name=self.name.value.strip() or None))
        self._show_handin(result.ok, f"{result.message} {t('share.confirm_used')}" if used else result.message)
        self._show_folder_status()
        return result

    def _show_handin(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.handin_message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def store(self) -> AnswerStore:
        return self._store or default_store()

    # -- choosing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """The answers that can be shared, grouped per workbook, each group with 'all' / 'none' and a count."""
        store = self.store()
        shared = store.shared()
        everything = store.answers()
        latest = [r for r in everything if portfolio.shareable(r.workbook, r.item)]
        title_of = portfolio.titles(everything)
        per_workbook: dict[str, list] = {}
        for rev in latest:
            per_workbook.setdefault(rev.workbook, []).append(rev)
        self._boxes: dict[str, list[W.Checkbox]] = {}
        self.share_boxes: dict[tuple[str, str], W.Checkbox] = {}  # (workbook, item) -> its checkbox
        self._counts: dict[str, W.HTML] = {}
        sections: list[W.Widget] = []
        for workbook, revisions in per_workbook.items():
            title = workbook_title(workbook)
            rows: list[W.Widget] = []
            boxes = []
            for rev in revisions:
                box = W.Checkbox(value=(rev.workbook, rev.item) in shared, description=title_of(rev.workbook, rev.item),
                                 indent=False, layout=W.Layout(width="auto", max_width="100%"))
                box.add_class("sw-share-item")
                box.observe(handler(self, lambda change, r=rev: self._share(r.workbook, r.item, change["new"])),
                            names="value")
                boxes.append(box)
                self.share_boxes[(rev.workbook, rev.item)] = box
                preview = format_value(rev.workbook, rev.item, rev.value)
                preview = preview if len(preview) < 140 else preview[:139] + "…"
                rows.append(W.VBox([box, W.HTML(f"<div class='sw-share-preview' style='margin:0.1em 0 0 1.8em;font-size:0.9em;color:#444;"
                                          f"white-space:normal;overflow-wrap:anywhere'>{html_text(preview)}</div>")],
                                   layout=W.Layout(margin="0 0 0.5em 0")))
            self._boxes[workbook] = boxes
            count = W.HTML()
            self._counts[workbook] = count
            every = W.Button(description=t("share.select_all"), tooltip=t("share.select_all_tip", workbook=title),
                             layout=dict(width="auto"))
            nothing = W.Button(description=t("share.select_none"), tooltip=t("share.select_none_tip", workbook=title),
                               layout=dict(width="auto"))
            every.on_click(handler(self, lambda _, w=workbook: self.select(w, True)))
            nothing.on_click(handler(self, lambda _, w=workbook: self.select(w, False)))
            section = W.VBox([W.HTML(f"<h4 style='margin:0.6em 0 0.2em'>{escape(title)}</h4>"),
                              button_row(every, nothing, count), *rows])
            section.add_class("sw-share-workbook")
            sections.append(section)
        self.items.children = sections or [W.HTML(f"<em>{escape(t('overview.empty'))}</em>")]
        self._show_counts()

    def select(self, workbook: str, chosen: bool) -> None:
        """Share every answer of ``workbook``, or none."""
        for box in self._boxes.get(workbook, []):
            box.value = chosen
        self._show_counts()

    def _show_counts(self) -> None:
        total = chosen = 0
        for workbook, boxes in getattr(self, "_boxes", {}).items():
            n = sum(1 for b in boxes if b.value)
            chosen += n
            total += len(boxes)
            self._counts[workbook].value = f"<span role='status'>{escape(t('share.count', n=n, total=len(boxes)))}</span>"
        if hasattr(self, "share_total"):
            self.share_total.value = f"<p role='status'><strong>{escape(t('share.count_total', n=chosen, total=total))}</strong></p>"

    def _share(self, workbook: str, item: str, shared: bool) -> None:
        self.store().set_shared(workbook, item, shared)
        self._show_counts()

    def _save_pseudonym(self) -> None:
        try:
            portfolio.set_pseudonym(self.store(), self.pseudonym.value)
            self.message.value = ""
        except ValueError as exc:
            self.message.value = f'<p class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</p>'

    def _save_names(self) -> None:
        self.store().set_setting(NAMES_KEY, [n.strip() for n in self.names.value.splitlines() if n.strip()])

    # -- checking -------------------------------------------------------------------------
    def _names(self) -> list[str]:
        names = [n.strip() for n in self.names.value.splitlines() if n.strip()]
        if self.name.value.strip():
            names.append(self.name.value.strip())  # the student's own name is fine only in the name field
        return names

    def check(self) -> int:
        """Show every piece of personal data in the shared answers; return how many were found.

        A "Toch exporteren" given for other findings than these is withdrawn here."""
        store = self.store()
        found = portfolio.personal_data(store, self._names())
        counts = store.revision_counts()
        title_of = portfolio.titles(store.answers())
        blocks: list[W.Widget] = []
        total = 0
        for rev, hits in found:
            total += len(hits)
            title = f"{workbook_title(rev.workbook)} · {title_of(rev.workbook, rev.item)}"
            listed = "".join(f"<li><strong>{escape(t('privacy.' + f.kind))}</strong>: {html_text(f.excerpt(text))}</li>"
                             for text, f in hits)
            parts: list[W.Widget] = [W.HTML(f"<h4 style='margin:0.3em 0'>{escape(title)}</h4><ul>{listed}</ul>")]
            if isinstance(rev.value, str):
                editor = W.Textarea(value=rev.value, description=t("share.fix"), style={"description_width": "initial"},
                                    layout=dict(width="40em", height="8em"))
                save = W.Button(description=t("share.save_fix"), icon="save", layout=LONE_BUTTON,
                                tooltip=t("share.save_fix"))
                save.on_click(handler(self, lambda _, r=rev, e=editor: self._fix(r.workbook, r.item, e.value)))
                parts += [editor, save]
            else:
                parts.append(W.HTML(f"<p>{escape(t('share.fix_in_workbook'))}</p>"))
            earlier = counts.get((rev.workbook, rev.item), 1) - 1
            if earlier > 0:
                parts += [W.HTML(f"<p>{escape(tn('share.earlier_versions', earlier))}</p>"),
                          self._forget_offer(rev.workbook, rev.item, title)]
            box = W.VBox(parts, layout=dict(border="2px solid #D55E00", padding="0.3em 0.8em", margin="0.3em 0"))
            box.add_class("sw-privacy-finding")
            blocks.append(box)
        summary = tn("share.found", total) if total else t("share.clean")
        self.findings.children = [W.HTML(f"<p role='status'><strong>{escape(summary)}</strong></p>"), *blocks]
        self.confirm.layout.display = "" if total else "none"
        self._shown = portfolio.fingerprint(found)
        self._found_items = {(rev.workbook, rev.item) for rev, _ in found}
        if self.confirm.value and self._confirmed != self._shown:
            self._confirm_changed = True
            self.confirm.value = False  # confirmed for other findings than these: ask again
        return total

    def _confirm_ticked(self, ticked: bool) -> None:
        self._confirmed = self._shown if ticked else None
        if ticked:
            self._confirm_changed = False

    def _confirmed_for_these(self) -> bool:
        return bool(self.confirm.value) and self._confirmed is not None and self._confirmed == self._shown

    def _use_confirmation(self) -> bool:
        """The confirmation holds for one export: withdraw it. True when it was given."""
        used = bool(self.confirm.value)
        self.confirm.value = False
        return used

    def _forget_offer(self, workbook: str, item: str, title: str) -> ConfirmAction:
        """"Wis ook de eerdere versies", asked first, for one answer."""
        def question() -> str:
            earlier = max(0, len(self.store().history(workbook, item)) - 1)
            return tn("forget.history_question", earlier, item=title)

        def forget() -> str:
            result = self.store().forget_history(workbook, item)
            forgotten()
            return forget_message(tn("forget.history_done", result.revisions, item=title), result)
        return ConfirmAction(t("share.forget_history"), question, forget)

    def _fix(self, workbook: str, item: str, text: str) -> None:
        store = self.store()
        store.save(workbook, item, text)
        self.check()
        self.refresh()
        earlier = len(store.history(workbook, item)) - 1
        if earlier > 0 and (workbook, item) not in self._found_items:  # else its finding offers it
            title = portfolio.titles(store.answers())(workbook, item)
            offer = self._forget_offer(workbook, item, title)
            self.after_fix.children = [W.HTML(f"<p role='status'>{escape(tn('share.fixed_earlier', earlier))}</p>"),
                                       offer]
        else:
            self.after_fix.children = []

    # -- exporting ------------------------------------------------------------------------
    def _ready(self, show) -> bool:
        """Something is shared and the privacy check is clean, or the student confirmed exactly
        the findings it shows now."""
        if not portfolio.shared_answers(self.store()):
            show(False, t("portfolio.nothing_shared"))
            return False
        found = self.check()
        if found and not self._confirmed_for_these():
            changed = self._confirm_changed
            self._confirm_changed = False
            show(False, f"{t('share.confirm_changed')} {t('share.blocked', n=found)}" if changed
                 else tn("share.blocked", found))
            return False
        return True

    def _show_message(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def export(self, kinds: tuple[str, ...]) -> list[Path]:
        store = self.store()
        if not self._ready(self._show_message):
            return []
        used = self._use_confirmation()
        try:
            paths = portfolio.write_exports(store, self.export_dir, name=self.name.value.strip() or None, kinds=kinds)
        except WriteError as exc:
            self._show_message(False, t("share.write_failed", reason=exc.message))
            return []
        self.message.value = written_html(paths, t("share.written"), note=t("share.confirm_used") if used else "")
        return paths
