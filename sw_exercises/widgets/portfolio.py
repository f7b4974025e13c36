"""'Delen en exporteren': choose what to share, check it for personal data, and export it.

Everything is private until the student ticks it. Before any export the shared answers are checked
for personal data (sw_exercises.privacy); findings are shown where they are and a text answer can
be corrected right here (the correction is saved as a new version).
"""
from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as W

from .. import portfolio
from ..catalog import case_names, format_value, is_internal, item_title, workbook_title
from ..i18n import t
from ..privacy import scan
from ..store import AnswerStore, StoreError, default_store
from .common import button_row, html_text

NAMES_KEY = "privacy_names"
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
                                style={"description_width": "initial"}, layout=W.Layout(width="26em"))
        self.pseudonym.observe(lambda _: self._save_pseudonym(), names="value")
        self.name = W.Text(description=t("share.name"), placeholder=t("share.name_placeholder"),
                           style={"description_width": "initial"}, layout=W.Layout(width="34em"))
        self.names = W.Textarea(value="\n".join(store.setting(NAMES_KEY, [])), description=t("share.names"),
                                placeholder=t("share.names_placeholder"), style={"description_width": "initial"},
                                layout=W.Layout(width="40em", height="5em"))
        self.names.observe(lambda _: self._save_names(), names="value")
        self.items = W.VBox(layout=W.Layout(max_height="28em", overflow="auto", border="1px solid #767676",
                                            padding="0.3em 0.6em"))
        self.findings = W.VBox()
        self.confirm = W.Checkbox(value=False, description=t("share.confirm"), indent=False,
                                  layout=W.Layout(width="auto", display="none"))
        make_portfolio = W.Button(description=t("share.make_portfolio"), icon="file", tooltip=t("share.make_portfolio"),
                                  layout=W.Layout(width="auto"))
        make_handin = W.Button(description=t("share.make_handin"), icon="upload", tooltip=t("share.make_handin"),
                               layout=W.Layout(width="auto"))
        check = W.Button(description=t("share.check"), icon="search", tooltip=t("share.check"),
                         layout=W.Layout(width="auto"))
        make_portfolio.on_click(lambda _: self.export(("html", "docx")))
        make_handin.on_click(lambda _: self.export(("json",)))
        check.on_click(lambda _: self.check())
        intro = W.HTML(f"<p>{escape(t('share.intro'))}</p>")
        super().__init__([intro, self.pseudonym, self.name, self.names,
                          W.HTML(f"<h4>{escape(t('share.choose'))}</h4>"), self.items,
                          button_row(check, make_portfolio, make_handin), self.findings, self.confirm, self.message])
        self.add_class("sw-portfolio")
        self.refresh()

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
                             layout=W.Layout(width="auto"))
            box.observe(lambda change, r=rev: self._share(r.workbook, r.item, change["new"]), names="value")
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
                                    layout=W.Layout(width="40em", height="8em"))
                save = W.Button(description=t("share.save_fix"), icon="save", layout=W.Layout(width="auto"),
                                tooltip=t("share.save_fix"))
                save.on_click(lambda _, r=rev, e=editor: self._fix(r.workbook, r.item, e.value))
                parts += [editor, button_row(save)]
            else:
                parts.append(W.HTML(f"<p>{escape(t('share.fix_in_workbook'))}</p>"))
            box = W.VBox(parts, layout=W.Layout(border="2px solid #D55E00", padding="0.3em 0.8em", margin="0.3em 0"))
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
    def export(self, kinds: tuple[str, ...]) -> list[Path]:
        store = self.store()
        if not portfolio.shared_answers(store):
            self.message.value = f"<p role='alert'>{escape(t('portfolio.nothing_shared'))}</p>"
            return []
        found = self.check()
        if found and not self.confirm.value:
            self.message.value = f"<p role='alert'>{escape(t('share.blocked', n=found))}</p>"
            return []
        paths = portfolio.write_exports(store, self.export_dir, name=self.name.value.strip() or None, kinds=kinds)
        listed = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in paths)
        self.message.value = f"<div role='status'><p>{escape(t('share.written'))}</p><ul>{listed}</ul></div>"
        return paths
