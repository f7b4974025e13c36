"""Lecturer views: read hand-ins into an anonymous class overview, and make an assignment pack."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape
import threading
import weakref
from pathlib import Path

from sw_exercises.widgets import lean as W

from ..formats import format_time
from ..classroom.live import LIVE_INTERVAL, LiveOverview
from ..i18n import t
from .common import LONE_BUTTON, button_row
from .download import DownloadLinks
from .handlers import handler, show_error


class ClassOverviewView(W.VBox):
    """Workbook 91: hand-ins in (upload or course folder), the anonymous overview on the page, downloads
    (HTML, CSV) from the browser, and a live mode for the projector while students hand in."""

    def __init__(self, *, interval: float = LIVE_INTERVAL):
        from ..course_folder import configured_folder
        course, _ = configured_folder()  # on a hub the course folder is the usual thing to read
        self.interval = interval
        self.upload = W.FileUpload(accept=".zip,.json", multiple=True, description=t("docent.upload"),
                                   tooltip=t("docent.upload_tip"), layout=dict(width="auto"))
        self.path = W.Text(value=str(course) if course else "", description=t("docent.path"),
                           placeholder=t("docent.path_placeholder"), style={"description_width": "initial"},
                           layout=dict(width="44em", max_width="100%"))
        self.threshold = W.BoundedIntText(value=5, min=1, max=100, description=t("docent.threshold"),
                                          style={"description_width": "initial"}, layout=dict(width="22em"))
        read = W.Button(description=t("docent.read"), icon="folder-open", tooltip=t("docent.read"),
                        layout=dict(width="auto"))
        read.on_click(handler(self, lambda _: self.read()))
        self.live = W.ToggleButton(value=False, description=t("docent.live"), tooltip=t("docent.live_tip"),
                                   icon="refresh", layout=dict(width="auto"))
        self.live.observe(handler(self, lambda change: self.set_live(change["new"])), names="value")
        self.progress = W.IntProgress(value=0, min=0, max=1, description=t("docent.progress"),
                                      style={"description_width": "initial"},
                                      layout=W.Layout(width="30em", max_width="100%", visibility="hidden"))
        self.intake = W.HTML()
        self.status = W.HTML()
        self.overview = W.HTML(f"<p><em>{escape(t('docent.nothing_yet'))}</em></p>")
        self.overview.add_class("sw-overview-page")
        self.downloads = DownloadLinks()
        self.result = None
        self.report = None
        self._live: _LiveLoop | None = None
        super().__init__([W.HTML(f"<p>{escape(t('docent.choose'))}</p>"), self.upload, self.path, self.threshold,
                          button_row(read, self.live), self.progress, self.status, self.intake, self.overview,
                          self.downloads])
        self.add_class("sw-class-overview")

    def _tick(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done

    def uploaded(self) -> list[tuple[str, bytes]]:
        return [(f["name"], bytes(f["content"])) for f in self.upload.value]

    def read(self) -> None:
        """Read the uploaded files if there are any, else the folder or zip in the path field."""
        from ..classroom import class_overview_from, overview_of_uploads

        files = self.uploaded()
        self.progress.layout.visibility = "visible"
        if files:
            self.report, self.result = overview_of_uploads(files, threshold=self.threshold.value, progress=self._tick)
        else:
            source = Path(self.path.value.strip()).expanduser()
            if not self.path.value.strip() or not source.exists():
                self.status.value = f"<p class='sw-error' role='alert'>{escape(t('docent.not_found', path=str(source)))}</p>"
                return
            self.report, self.result = class_overview_from(source, threshold=self.threshold.value, progress=self._tick)
        self.status.value = ""
        self._show()

    def _show(self) -> None:
        from ..classroom.report import intake_text, overview_csv, overview_fragment, overview_html

        self.intake.value = (f"<details><summary>{escape(t('docent.intake_title'))}</summary>"
                             f"<p><em>{escape(t('docent.intake_private'))}</em></p>"
                             f"<pre style='white-space:pre-wrap'>{escape(intake_text(self.report, self.result))}</pre>"
                             f"</details>")
        self.overview.value = overview_fragment(self.result)
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        self.downloads.show([(f"klasoverzicht-{stamp}.html", overview_html(self.result)),
                             (f"klasoverzicht-{stamp}.csv", overview_csv(self.result))],
                            note=t("docent.download_note"))

    # -- live in class ----------------------------------------------------------------------
    def set_live(self, on: bool) -> None:
        if not on:
            if self._live is not None:
                self._live.stop()
                self._live = None
            self.status.value = f"<p role='status'>{escape(t('docent.live_off'))}</p>"
            return
        source = Path(self.path.value.strip()).expanduser()
        if not self.path.value.strip() or not source.is_dir():
            self.live.value = False
            self.status.value = f"<p class='sw-error' role='alert'>{escape(t('docent.live_needs_folder'))}</p>"
            return
        self.intake.value = ""  # the projector shows no file names
        self._live = _LiveLoop(self, LiveOverview(source, threshold=self.threshold.value), self.interval)
        self._live.start()

    def show_live(self, live: "LiveOverview") -> None:
        from ..classroom.report import handins_text, overview_fragment

        self.result = live.overview
        self.report = live.report
        self.overview.value = overview_fragment(live.overview)
        when = format_time(datetime.now())
        self.status.value = (f"<p role='status'><strong>{escape(t('docent.live_on', when=when))}</strong> "
                             f"{escape(handins_text(live.overview))}</p>")


class _LiveLoop:
    """Polls a course folder in a thread; one loop per view, and a new loop stops every older one."""

    _running: "weakref.WeakSet[_LiveLoop]" = weakref.WeakSet()

    def __init__(self, view: ClassOverviewView, live: "LiveOverview", interval: float):
        self.view, self.live, self.interval = view, live, interval
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="werkboek-live")

    def start(self) -> None:
        for other in list(_LiveLoop._running):
            other.stop()  # a re-run cell or a second view: never two projector loops
        _LiveLoop._running.add(self)
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        _LiveLoop._running.discard(self)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                if self.live.poll() or first:
                    self.view.show_live(self.live)
                    first = False
            except Exception as exc:  # noqa: BLE001 - shown in the view, the loop goes on
                show_error(self.view, exc, "live")
            self._stop.wait(self.interval)


class PackView(W.VBox):
    def __init__(self):
        from ..catalog import workbook_title
        from ..classroom.pack import available_workbooks

        self.downloads = DownloadLinks()
        self.boxes = [(w, W.Checkbox(value=False, description=workbook_title(w), indent=False,
                                     layout=dict(width="auto"))) for w in available_workbooks()]
        self.deadline = W.DatePicker(value=date.today() + timedelta(days=14), description=t("docent.deadline"),
                                     style={"description_width": "initial"})
        self.note = W.Textarea(description=t("docent.note"), placeholder=t("docent.note_placeholder"),
                               style={"description_width": "initial"}, layout=dict(width="40em", height="5em"))
        make = W.Button(description=t("docent.make_pack"), icon="archive", tooltip=t("docent.make_pack"),
                        layout=LONE_BUTTON)
        make.on_click(handler(self, lambda _: self.make()))
        self.message = W.HTML()
        super().__init__([W.HTML(f"<p>{escape(t('docent.pack_intro'))}</p>"), *(b for _, b in self.boxes),
                          self.deadline, self.note, make, self.message, self.downloads])
        self.add_class("sw-pack")

    def make(self) -> bytes | None:
        from ..classroom.pack import make_pack

        chosen = [w for w, box in self.boxes if box.value]
        if not chosen or self.deadline.value is None:
            self.message.value = f"<p role='alert'>{escape(t('docent.pack_choose'))}</p>"
            return None
        import tempfile

        name = f"opdracht-{self.deadline.value.isoformat()}.zip"
        with tempfile.TemporaryDirectory() as folder:  # made on the server, saved by the browser
            path = make_pack(chosen, self.deadline.value, Path(folder) / name, note=self.note.value)
            data = path.read_bytes()
        self.downloads.show([(name, data)])
        self.message.value = f"<p role='status'>{escape(t('docent.pack_ready'))}</p>"
        return data
