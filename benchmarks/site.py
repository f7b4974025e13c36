"""(g) The zero-install site (part of `make bench`; docs/SITE.md): size, bytes on a first visit of
workbook 01, and time to interactive on a first and a second visit, in headless Chromium against a
plain static server on this machine (no compression). Requests to other hosts are counted, not
blocked: Playwright's request routing would turn the browser's HTTP cache off (the test blocks them).

* Size: every file of the built site on disk, and the Pyodide folder (Python and the wheels).
* Bytes on a first visit: what the server sent for ``voici/render/01_sociale_afstand.html`` in a
  fresh browser profile (HTML, JavaScript, Pyodide, wheels), counted by the server.
* Time to interactive: from asking for the page until workbook 01's first Bogardus box is on
  screen (Python has run the notebook in the browser). First visit: a fresh profile; second visit:
  the same profile, a new tab (the first one closed), with what the browser kept; third visit:
  once more (Chromium keeps the compiled WebAssembly of Pyodide only after it has run it once).
  Targets: first ≤ 15 s, second ≤ 5 s.

The profile is a browser profile on disk, as a student's browser has: a Playwright context
(``browser.new_context()``) is an incognito profile whose memory cache drops Pyodide's 8.6 MB
WebAssembly between visits and keeps no compiled code, which costs a second visit some 4 s that a
real browser does not spend.

``BENCH_SITE_REPEATS`` (default 2) fresh profiles; the median is reported. The site is built (or
reused by the hash of its inputs) as tests/browser/test_site.py does.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.jupyterlab import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402
from tests.browser.static_site import (SiteUnavailable, Traffic, built_site, record_other_hosts,  # noqa: E402
                                       serving, wait_interactive)

PAGE = "voici/render/01_sociale_afstand.html"
FIRST_TARGET_S = 15.0
SECOND_TARGET_S = 5.0


def progress(text: str) -> None:
    print(text, flush=True)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def visit(page, url: str) -> float:
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    wait_interactive(page, timeout_ms=180_000)
    return time.monotonic() - start


def bench_site(repeats: int = 2) -> dict:
    progress("(g) zero-install site: size, first visit of workbook 01, time to interactive (static server)")
    if not Path("/usr/bin/chromium").exists():
        progress("  skipped: /usr/bin/chromium is missing (apt-get install chromium)")
        return {}
    try:
        site = built_site()
    except SiteUnavailable:
        progress("  skipped: the site cannot be built (the package registries cannot be reached)")
        return {}
    size, count = folder_size(site)
    pyodide_size, _ = folder_size(site / "pyodide")
    progress(f"  size: {size / 1e6:.1f} MB in {count} files (Pyodide with the wheels: {pyodide_size / 1e6:.1f} MB)")
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    first, second, third, sent, requests = [], [], [], [], []
    with serving(site, traffic) as base, sync_playwright() as pw, tempfile.TemporaryDirectory() as profiles:
        for i in range(repeats):
            context = pw.chromium.launch_persistent_context(
                Path(profiles) / str(i), executable_path=CHROMIUM_PATH, headless=True, args=list(CHROMIUM_ARGS))
            try:
                blocked = record_other_hosts(context)
                traffic.reset()
                page = context.new_page()
                first.append(visit(page, base + PAGE))
                sent.append(traffic.bytes)
                requests.append(traffic.requests)
                page.close()  # its Python would otherwise keep a core busy during the second visit
                traffic.reset()
                page = context.new_page()
                second.append(visit(page, base + PAGE))
                again = traffic.bytes
                page.close()
                page = context.new_page()
                third.append(visit(page, base + PAGE))
            finally:
                context.close()
            progress(f"    run {i + 1}/{repeats}: first visit {first[-1]:.1f} s ({sent[-1] / 1e6:.1f} MB, "
                     f"{requests[-1]} requests), second visit {second[-1]:.1f} s ({again / 1e6:.1f} MB), "
                     f"third visit {third[-1]:.1f} s"
                     + (f"; {len(blocked)} REQUESTS TO OTHER HOSTS" if blocked else ""))
    result = {"size_mb": size / 1e6, "first_visit_mb": statistics.median(sent) / 1e6,
              "first_s": statistics.median(first), "second_s": statistics.median(second),
              "third_s": statistics.median(third)}
    progress(f"  first visit: {result['first_visit_mb']:.1f} MB transferred; time to interactive "
             f"{result['first_s']:.1f} s (target ≤ {FIRST_TARGET_S:.0f} s) "
             f"{'ok' if result['first_s'] <= FIRST_TARGET_S else 'OVER'}")
    progress(f"  second visit: time to interactive {result['second_s']:.1f} s (target ≤ {SECOND_TARGET_S:.0f} s) "
             f"{'ok' if result['second_s'] <= SECOND_TARGET_S else 'OVER'}; third visit {result['third_s']:.1f} s")
    return result


if __name__ == "__main__":
    bench_site(int(os.environ.get("BENCH_SITE_REPEATS", "2")))
