"""Lecturer views: read hand-ins into an anonymous class overview, and make an assignment pack."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

import ipywidgets as W

from ..i18n import t
from .common import button_row
from .handlers import handler


class ClassOverviewView(W.VBox):
    def __init__(self, out_dir: Path | None = None):
        self.out_dir = out_dir or Path.cwd()
        from ..course_folder import configured_folder
        course, _ = configured_folder()  # on a hub the course folder is the usual thing to read
        self.path = W.Text(value=str(course) if course else "", description=t("docent.path"), placeholder=t("docent.path_placeholder"),
                           style={"description_width": "initial"}, layout=dict(width="44em"))
        self.threshold = W.BoundedIntText(value=5, min=1, max=100, description=t("docent.threshold"),
                                          style={"description_width": "initial"}, layout=dict(width="22em"))
        read = W.Button(description=t("docent.read"), icon="folder-open", tooltip=t("docent.read"),
                        layout=dict(width="auto"))
        read.on_click(handler(self, lambda _: self.read()))
        self.progress = W.IntProgress(value=0, min=0, max=1, description=t("docent.progress"),
                                      style={"description_width": "initial"}, layout=W.Layout(width="30em",
                                                                                             visibility="hidden"))
        self.intake = W.HTML()
        self.overview = W.HTML()
        save_html = W.Button(description=t("docent.save_html"), icon="save", layout=dict(width="auto"),
                             tooltip=t("docent.save_html"))
        save_csv = W.Button(description=t("docent.save_csv"), icon="table", layout=dict(width="auto"),
                            tooltip=t("docent.save_csv"))
        save_html.on_click(handler(self, lambda _: self.save("html")))
        save_csv.on_click(handler(self, lambda _: self.save("csv")))
        self.saved = W.HTML()
        self.result = None
        super().__init__([self.path, self.threshold, button_row(read), self.progress, self.intake, self.overview,
                          button_row(save_html, save_csv), self.saved])
        self.add_class("sw-class-overview")

    def _tick(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done

    def read(self) -> None:
        from ..classroom import class_overview_from
        from ..classroom.report import intake_text, overview_fragment

        source = Path(self.path.value.strip()).expanduser()
        if not self.path.value.strip() or not source.exists():
            self.intake.value = f"<p class='sw-error' role='alert'>{escape(t('docent.not_found', path=str(source)))}</p>"
            return
        self.progress.layout.visibility = "visible"
        report, self.result = class_overview_from(source, threshold=self.threshold.value, progress=self._tick)
        self.intake.value = (f"<details><summary>{escape(t('docent.intake_title'))}</summary>"
                             f"<p><em>{escape(t('docent.intake_private'))}</em></p>"
                             f"<pre style='white-space:pre-wrap'>{escape(intake_text(report))}</pre></details>")
        self.overview.value = overview_fragment(self.result)

    def save(self, kind: str) -> Path | None:
        from ..classroom.report import overview_csv, overview_html

        if self.result is None:
            self.saved.value = f"<p role='alert'>{escape(t('docent.read_first'))}</p>"
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        path = self.out_dir / f"klasoverzicht-{stamp}.{kind}"
        text = overview_html(self.result) if kind == "html" else overview_csv(self.result)
        path.write_text(text, encoding="utf-8")
        self.saved.value = f"<p role='status'>{escape(t('cli.written', path=str(path)))}</p>"
        return path


class PackView(W.VBox):
    def __init__(self, out_dir: Path | None = None):
        from ..catalog import workbook_title
        from ..classroom.pack import available_workbooks

        self.out_dir = out_dir or Path.cwd()
        self.boxes = [(w, W.Checkbox(value=False, description=workbook_title(w), indent=False,
                                     layout=dict(width="auto"))) for w in available_workbooks()]
        self.deadline = W.DatePicker(value=date.today() + timedelta(days=14), description=t("docent.deadline"),
                                     style={"description_width": "initial"})
        self.note = W.Textarea(description=t("docent.note"), placeholder=t("docent.note_placeholder"),
                               style={"description_width": "initial"}, layout=dict(width="40em", height="5em"))
        make = W.Button(description=t("docent.make_pack"), icon="archive", tooltip=t("docent.make_pack"),
                        layout=dict(width="auto"))
        make.on_click(handler(self, lambda _: self.make()))
        self.message = W.HTML()
        super().__init__([W.HTML(f"<p>{escape(t('docent.pack_intro'))}</p>"), *(b for _, b in self.boxes),
                          self.deadline, self.note, button_row(make), self.message])
        self.add_class("sw-pack")

    def make(self) -> Path | None:
        from ..classroom.pack import make_pack

        chosen = [w for w, box in self.boxes if box.value]
        if not chosen or self.deadline.value is None:
            self.message.value = f"<p role='alert'>{escape(t('docent.pack_choose'))}</p>"
            return None
        path = self.out_dir / f"opdracht-{self.deadline.value.isoformat()}.zip"
        make_pack(chosen, self.deadline.value, path, note=self.note.value)
        self.message.value = f"<p role='status'>{escape(t('cli.written', path=str(path)))}</p>"
        return path
