"""'Delen en exporteren': choose what to share, check it for personal data, and export it.

Everything is private until the student ticks it. Before any export the shared answers are checked
for personal data (sw_exercises.privacy); findings are shown where they are and a text answer can
be corrected right here (the correction is saved as a new version).
"""
from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as W

from .. import course_folder, portfolio
from ..catalog import case_names, format_value, is_internal, item_title, workbook_title
from ..files import WriteError
from ..i18n import t
from ..privacy import scan
from ..store import AnswerStore, StoreError, default_store
from .common import button_row, html_text
from .handlers import handler

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
        self.items = W.VBox(layout=dict(max_height="28em", overflow="auto", border="1px solid #767676",
                                            padding="0.3em 0.6em"))
        self.findings = W.VBox()
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        make_portfolio = W.Button(description=t("share.make_portfolio"), icon="file", tooltip=t("share.make_portfolio"),
                                  layout=dict(width="auto"))
        make_handin = W.Button(description=t("share.make_handin"), icon="upload", tooltip=t("share.make_handin"),
                               layout=dict(width="auto"))
        check = W.Button(description=t("share.check"), icon="search", tooltip=t("share.check"),
                         layout=dict(width="auto"))
        make_portfolio.on_click(handler(self, lambda _: self.export(("html", "docx"))))
        make_handin.on_click(handler(self, lambda _: self.export(("json",))))
        check.on_click(handler(self, lambda _: self.check()))
        intro = W.HTML(f"<p>{escape(t('share.intro'))}</p>")
        super().__init__([intro, self.pseudonym, self.name, self.names,
                          W.HTML(f"<h4>{escape(t('share.choose'))}</h4>"), self.items,
                          button_row(check, make_portfolio, make_handin), self.findings, self.confirm, self.message,
                          self._course_folder_box(store)])
        self.add_class("sw-portfolio")
        self.refresh()

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
                           layout=dict(width="auto"))
        hand_in.on_click(handler(self, lambda _: self.hand_in()))
        self._show_folder_status()
        box = W.VBox([W.HTML(f"<h4>{escape(t('inlevermap.title'))}</h4><p>{escape(t('inlevermap.intro'))}</p>"),
                      self.folder, self.folder_status, button_row(hand_in), self.handin_message])
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
            parts.append(t("inlevermap.last", when=last.astimezone().strftime("%d-%m-%Y %H:%M"))
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
        result = course_folder.write_handin(Path(folder), portfolio.handin_data(self.store(),
                                                                               name=self.name.value.strip() or None))
        self._show_handin(result.ok, result.message)
        self._show_folder_status()
        return result

    def _show_handin(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.handin_message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def store(self) -> AnswerStore:
        return self._store or default_store()

    # -- choosing -------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.store()
        shared = store.shared()
        latest = [r for r in store.answers() if not is_internal(r.item)]
        names = case_names(store.answers())
        rows = []
        for rev in latest:
            title = f"{workbook_title(rev.workbook)} · {item_title(rev.workbook, rev.item, names.get(rev.workbook, {}))}"
            box = W.Checkbox(value=(rev.workbook, rev.item) in shared, description=title, indent=False,
                             layout=dict(width="auto"))
            box.observe(handler(self, lambda change, r=rev: self._share(r.workbook, r.item, change["new"])), names="value")
            preview = format_value(rev.workbook, rev.item, rev.value)
            preview = preview if len(preview) < 140 else preview[:139] + "…"
            rows.append(W.VBox([box, W.HTML(f"<small style='margin-left:1.6em'>{html_text(preview)}</small>")]))
        self.items.children = rows or [W.HTML(f"<em>{escape(t('overview.empty'))}</em>")]

    def _share(self, workbook: str, item: str, shared: bool) -> None:
        self.store().set_shared(workbook, item, shared)
        self.confirm.value = False

    def _save_pseudonym(self) -> None:
        try:
            portfolio.set_pseudonym(self.store(), self.pseudonym.value)
            self.message.value = ""
        except ValueError as exc:
            self.message.value = f'<p class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</p>'

    def _save_names(self) -> None:
        self.store().set_setting(NAMES_KEY, [n.strip() for n in self.names.value.splitlines() if n.strip()])

    # -- checking -------------------------------------------------------------------------
    def check(self) -> int:
        """Show every piece of personal data in the shared answers; return how many were found."""
        store = self.store()
        names = [n.strip() for n in self.names.value.splitlines() if n.strip()]
        if self.name.value.strip():
            names.append(self.name.value.strip())  # the student's own name is fine only in the name field
        blocks: list[W.Widget] = []
        total = 0
        names_by_case = case_names(store.answers())
        for rev in portfolio.shared_answers(store):
            hits = [(text, f) for _, text, f in scan(((None, text) for text in portfolio.texts_of(rev.value)), names)]
            if not hits:
                continue
            total += len(hits)
            title = f"{workbook_title(rev.workbook)} · {item_title(rev.workbook, rev.item, names_by_case.get(rev.workbook, {}))}"
            listed = "".join(f"<li><strong>{escape(t('privacy.' + f.kind))}</strong>: {html_text(f.excerpt(text))}</li>"
                             for text, f in hits)
            parts: list[W.Widget] = [W.HTML(f"<h4 style='margin:0.3em 0'>{escape(title)}</h4><ul>{listed}</ul>")]
            if isinstance(rev.value, str):
                editor = W.Textarea(value=rev.value, description=t("share.fix"), style={"description_width": "initial"},
                                    layout=dict(width="40em", height="8em"))
                save = W.Button(description=t("share.save_fix"), icon="save", layout=dict(width="auto"),
                                tooltip=t("share.save_fix"))
                save.on_click(handler(self, lambda _, r=rev, e=editor: self._fix(r.workbook, r.item, e.value)))
                parts += [editor, button_row(save)]
            else:
                parts.append(W.HTML(f"<p>{escape(t('share.fix_in_workbook'))}</p>"))
            box = W.VBox(parts, layout=dict(border="2px solid #D55E00", padding="0.3em 0.8em", margin="0.3em 0"))
            box.add_class("sw-privacy-finding")
            blocks.append(box)
        summary = t("share.found", n=total) if total else t("share.clean")
        self.findings.children = [W.HTML(f"<p role='status'><strong>{escape(summary)}</strong></p>"), *blocks]
        self.confirm.layout.display = "" if total else "none"
        return total

    def _fix(self, workbook: str, item: str, text: str) -> None:
        self.store().save(workbook, item, text)
        self.confirm.value = False
        self.check()
        self.refresh()

    # -- exporting ------------------------------------------------------------------------
    def _ready(self, show) -> bool:
        """Something is shared and the privacy check is clean or its findings were confirmed."""
        if not portfolio.shared_answers(self.store()):
            show(False, t("portfolio.nothing_shared"))
            return False
        found = self.check()
        if found and not self.confirm.value:
            show(False, t("share.blocked", n=found))
            return False
        return True

    def _show_message(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def export(self, kinds: tuple[str, ...]) -> list[Path]:
        store = self.store()
        if not self._ready(self._show_message):
            return []
        try:
            paths = portfolio.write_exports(store, self.export_dir, name=self.name.value.strip() or None, kinds=kinds)
        except WriteError as exc:
            self._show_message(False, t("share.write_failed", reason=exc.message))
            return []
        listed = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in paths)
        self.message.value = f"<div role='status'><p>{escape(t('share.written'))}</p><ul>{listed}</ul></div>"
        return paths
