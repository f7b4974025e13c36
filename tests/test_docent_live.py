"""Workbook 91 and `werkboek klas`: uploads, downloads, the same figures as the CLI, and live mode."""
import base64
from datetime import datetime, timezone
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile


from sw_exercises import cli, handin
from tests.waiting import wait_for
from sw_exercises.classroom.live import LiveOverview
from sw_exercises.widgets.classroom import ClassOverviewView, _LiveLoop

T = "2026-11-23T10:00:00+00:00"


def handin_of(n, accepted=(4, 5, 6)):
    answers = [{"workbook": "01_sociale_afstand", "item": "bogardus/werklozen",
                "value": {"accepted": list(accepted), "excluded": False, "none": False}, "saved_at": T},
               {"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": "geheim", "saved_at": T}]
    return handin.build(f"student-{n:04d}", answers)


def write_handins(folder, numbers):
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"inlevering-{n}.json").write_text(json.dumps(handin_of(n)), encoding="utf-8")


def links(view):
    """(file name, bytes) of every download link in the view."""
    found = re.findall(r"download='([^']+)' href='data:[^;]+(?:;charset=utf-8)?;base64,([^']+)'", view.downloads.value)
    return {name: base64.b64decode(data) for name, data in found}


def upload(view, files):
    view.upload.value = tuple({"name": name, "type": "", "size": len(data), "content": memoryview(data),
                               "last_modified": datetime.now(timezone.utc)} for name, data in files)


def test_hand_ins_arriving_during_a_live_run_update_the_overview(tmp_path):
    folder = tmp_path / "inlevermap"
    write_handins(folder, range(3))
    live = LiveOverview(folder, threshold=5)
    assert live.poll() and live.overview.n_handins == 3 and not live.overview.handins_shown
    assert not live.poll(), "nothing changed: not read again"
    write_handins(folder, range(3, 7))
    assert live.poll() and live.overview.n_handins == 7 and live.reads == 2
    (folder / "inlevering-0.json").write_text(json.dumps(handin_of(0, accepted=(6,))), encoding="utf-8")
    os.utime(folder / "inlevering-0.json", ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert live.poll(), "a replaced hand-in counts as a change"


def test_the_view_reads_uploads_and_offers_html_and_csv_downloads_with_the_cli_figures(tmp_path, capsys):
    folder = tmp_path / "klas"
    write_handins(folder, range(7))
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        for path in sorted(folder.iterdir())[:4]:
            zf.write(path, f"jansenpiet_{path.stem[-1]}1234_5678_{path.name}")
    loose = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())[4:]]
    view = ClassOverviewView()
    upload(view, [("Opdracht 1 Download.zip", zipped.getvalue()), *loose])
    view.read()
    files = links(view)
    assert sorted(name.rsplit(".", 1)[1] for name in files) == ["csv", "html"]
    page_csv = next(data for name, data in files.items() if name.endswith(".csv")).decode("utf-8")
    page_html = next(data for name, data in files.items() if name.endswith(".html")).decode("utf-8")
    assert "Aantal inleveringen: 7" in page_html and "geheim" not in page_html and "jansen" not in page_html.lower()
    cli_csv = tmp_path / "cli.csv"
    assert cli.main(["klas", str(folder), "--uit", str(tmp_path / "cli.html"), "--csv", str(cli_csv)]) == 0
    capsys.readouterr()
    assert list(csv.reader(io.StringIO(page_csv))) == list(csv.reader(io.StringIO(cli_csv.read_text(encoding="utf-8"))))
    assert "jansenpiet" in view.intake.value  # file names only in the lecturer's own, collapsed report


def test_live_in_the_view_follows_the_folder_and_a_rerun_never_leaves_two_loops(tmp_path):
    folder = tmp_path / "inlevermap"
    write_handins(folder, range(2))
    first = ClassOverviewView(interval=0.05)
    first.path.value = str(folder)
    first.live.value = True
    wait_for(lambda: "minder dan 5" in first.status.value, 60, what="first live read")
    second = ClassOverviewView(interval=0.05)  # the cell run again
    second.path.value = str(folder)
    second.live.value = True
    assert first._live is not None and first._live._stop.is_set(), "the older loop stopped"
    write_handins(folder, range(2, 8))
    wait_for(lambda: "Aantal inleveringen: 8" in second.status.value, 60, what="hand-ins arriving")
    assert second.intake.value == "", "no file names on the projector"
    assert len([loop for loop in _LiveLoop._running if not loop._stop.is_set()]) == 1
    second.live.value = False
    assert second._live is None


def test_werkboek_klas_live_rewrites_the_page_while_hand_ins_arrive_and_stops_on_ctrl_c(tmp_path):
    folder = tmp_path / "inlevermap"
    write_handins(folder, range(1))
    page = tmp_path / "beamer" / "overzicht.html"
    proc = subprocess.Popen([sys.executable, "-m", "sw_exercises.cli", "klas", str(folder), "--live", "--interval",
                             "0.2", "--uit", str(page)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: page.exists() and "minder dan 5" in page.read_text(encoding="utf-8"), 60, what="first page")
        assert "http-equiv='refresh'" in page.read_text(encoding="utf-8")
        write_handins(folder, range(1, 6))
        wait_for(lambda: "Aantal inleveringen: 6" in page.read_text(encoding="utf-8"), 60, what="an updated page")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Live gestopt" in err and "Traceback" not in err


def test_the_pack_view_offers_the_pack_as_a_download(tmp_path):
    from datetime import date, timedelta

    from sw_exercises.widgets.classroom import PackView
    view = PackView()
    view.boxes[0][1].value = True
    view.deadline.value = date.today() + timedelta(days=7)
    data = view.make()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.endswith("00_start.ipynb") for n in names)
    assert "download=" in view.downloads.value
