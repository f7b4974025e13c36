"""'Back-up': download the whole answer store as one file, and put a back-up back (workbook 90).

The same view in the browser (the zero-install site), on a laptop and on the hub, so a student can
move between them: make a back-up in one, restore it in the other. The work is done by
:mod:`sw_exercises.backup`; this view only wires a button, a download link and a file upload.
"""
from __future__ import annotations

from html import escape

from sw_exercises.widgets import lean as W

from ..formats import format_datetime
from ..backup import BackupError, backup_name, make_backup, restore_backup
from ..i18n import t, tn
from ..store import AnswerStore, StoreError, default_store
from .handlers import handler
from .download import link_html


class BackupView(W.VBox):
    def __init__(self, store: AnswerStore | None = None):
        self._store = store
        self.make = W.Button(description=t("backup.make"), icon="download", tooltip=t("backup.make"),
                             layout=dict(width="auto"))
        self.link = W.HTML()
        self.link.add_class("sw-backup-link")
        self.upload = W.FileUpload(accept=".json,application/json", multiple=False, description=t("backup.restore"),
                                   tooltip=t("backup.restore"), layout=dict(width="auto"))
        self.message = W.HTML()
        self.message.add_class("sw-backup-message")
        self.make.on_click(handler(self, lambda _: self.make_backup()))
        self.upload.observe(handler(self, self._uploaded), names="value")
        super().__init__([W.HTML(f"<p>{escape(t('backup.intro'))}</p>"), W.HBox([self.make, self.link]),
                          W.HTML(f"<p>{escape(t('backup.restore_intro'))}</p>"), self.upload, self.message])
        self.add_class("sw-backup")

    def store(self) -> AnswerStore:
        return self._store or default_store()

    def _say(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def make_backup(self) -> bytes | None:
        try:
            data = make_backup(self.store())
        except StoreError as exc:
            self._say(False, exc.message)
            return None
        name = backup_name()
        self.link.value = link_html(name, data, label=t("backup.download", name=name), mime="application/json")
        self._say(True, t("backup.made"))
        return data

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        first = files[0]
        self.restore(bytes(first["content"]), first.get("name", ""))
        self.upload.value = ()  # the same file can be chosen again

    def restore(self, content: bytes, name: str = ""):
        try:
            result = restore_backup(self.store(), content)
        except BackupError as exc:
            self._say(False, exc.message)
            return None
        except StoreError as exc:
            self._say(False, exc.message)
            return None
        made = format_datetime(result.made_at) if result.made_at else "?"
        self._say(True, t("backup.restored", added=tn("backup.restored_added", result.added),
                          skipped=tn("backup.restored_skipped", result.skipped), made=made))
        return result
