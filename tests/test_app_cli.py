"""`werkboek app` (what `make app` runs): starts Voila, prints the start page's address, stops on Ctrl+C."""
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sw_exercises import app
from sw_exercises.i18n import t

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # a real Voila server: make test, not make check
def test_app_command_serves_the_start_page_and_stops_cleanly(tmp_path):
    env = dict(os.environ, WERKBOEK_MAP=str(tmp_path / "werkmap"), PYTHONUNBUFFERED="1")
    port = app.free_port(0)
    proc = subprocess.Popen([sys.executable, "-m", "sw_exercises.cli", "app", "--geen-browser", "--poort", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any("token=" in line for line in lines):
            lines.append(proc.stdout.readline())
        url = re.search(r"http://127\.0\.0\.1:\d+/voila/render/00_start\.ipynb\?token=\S+", "".join(lines)).group(0)
        assert t("app.running", url=url).splitlines()[0] in "".join(lines)
        with urllib.request.urlopen(url, timeout=60) as resp:
            page = resp.read().decode()
        assert 'lang="nl"' in page and "Sociaal Werkboek &#183; Start" in page and 'href="01_sociale_afstand.ipynb"' in page
        assert "cdn.jsdelivr" not in page, "the app reads nothing from the network"
        assert "Het werkboek wordt geopend" in page and "Running" not in page, "the app frame speaks Dutch"
        try:  # without the token the page is refused (another user on the machine cannot look in)
            with urllib.request.urlopen(url.split("?")[0], timeout=30) as resp:
                refused = "Sociaal Werkboek &#183; Start" not in resp.read().decode()
        except urllib.error.HTTPError as exc:
            refused = exc.code in (401, 403)
        assert refused
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert t("app.stopping") in out


def test_app_command_without_workbooks_says_so_in_dutch(tmp_path, capsys):
    assert app.run(root=tmp_path, open_browser=False) == 2
    assert t("app.no_workbooks", path=str(tmp_path)) in capsys.readouterr().err
