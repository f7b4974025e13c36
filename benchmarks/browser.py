"""(e) Browser timings (part of `make bench`): real JupyterLab and the real app (Voila) in Chromium.

1. Open → interactive: from asking the browser for a workbook until every widget output has its
   widget drawn (JupyterLab: open, Run All Cells, widgets drawn; app: Voila runs it, widgets drawn,
   timed in the page from the start of its navigation),
   as a ratio against the baseline notebook of (a) opened the same way in the same run; baseline
   and workbook alternate, so machine noise hits both alike. Target: ratio ≤ 1.3.
2. Answer → plot: in the app, a Bogardus box is ticked with the keyboard; the time from the key
   press (the event's own time stamp) until the profile chart has been drawn anew. Target p95 ≤ 50 ms.
3. App memory (:func:`bench_app_memory`): the memory of the kernel behind one open app page (PSS,
   else RSS, of the kernel processes) as a ratio against the baseline notebook's page; then one tab
   walks through every workbook: kernels alive and their memory at the last page (target: at most
   two kernels), and how long the last kernel lives on after the tab is closed.
"""
from __future__ import annotations

import contextlib
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sw_exercises.app import kernel_processes  # noqa: E402
from sw_exercises.start import START_PAGE  # noqa: E402
from tests.browser.jupyterlab import LabPage, launch_chromium, running_lab  # noqa: E402
from tests.browser.voila import AppPage, running_app  # noqa: E402

BASELINE = "basislijn.ipynb"
OPEN_TARGET = {"JupyterLab": 1.3, "app": 1.1}  # the app: issue 16's target for every workbook
REDRAW_TARGET_MS = 50.0

#: JupyterLab: every widget output in the notebook model has its widget view drawn in the page.
LAB_READY_JS = r"""
(path) => {
  const panel = window.__sw.panel(path);
  if (!panel) return {outputs: -1, drawn: 0};
  let outputs = 0;
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    for (let i = 0; i < cell.outputs.length; i++) {
      if (cell.outputs.get(i).data['application/vnd.jupyter.widget-view+json']) outputs += 1;
    }
  }
  const drawn = Array.from(panel.node.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')).length;
  return {outputs, drawn};
}
"""

#: Installed before a key press: records the key's time stamp and the moment the profile chart
#: inside ``root`` is drawn anew: a change inside the chart's SVG (a chart redrawn in place, as
#: plotly does) or a new SVG element (a chart replaced as a whole, as an SVG in an HTML widget is).
REDRAW_PROBE_JS = r"""
(rootSelector) => {
  const root = document.querySelector(rootSelector);
  const probe = {t0: null, t1: null, saved: false};
  window.__swRedraw = probe;
  const before = root.querySelector('svg');
  document.addEventListener('keydown', (e) => { if (probe.t0 === null) probe.t0 = e.timeStamp; },
                            {capture: true, once: true});
  const observer = new MutationObserver((records) => {
    if (probe.t0 === null || probe.t1 !== null) return;
    const now = root.querySelector('svg');
    const replaced = now !== null && now !== before;
    const inside = records.some(r => {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return el && el.closest('svg');
    });
    if (replaced || inside) {
      probe.t1 = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(root, {childList: true, subtree: true, attributes: true, characterData: true});
  return true;
}
"""


def progress(text: str) -> None:
    print(text, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _shutdown_lab_kernels(lab) -> None:
    for session in lab.api("api/sessions") or []:
        req = urllib.request.Request(lab.base_url + f"api/sessions/{session['id']}", method="DELETE",
                                     headers={"Authorization": f"token {lab.token}"})
        urllib.request.urlopen(req, timeout=10).close()


def open_in_lab(browser, lab, notebook: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        lp = LabPage(page, lab).open_notebook(notebook)
        if not lp.run_all():
            raise RuntimeError(f"{notebook}: a cell raised in JupyterLab")
        deadline = time.monotonic() + 120
        last, stable = None, 0
        while time.monotonic() < deadline:
            state = page.evaluate(LAB_READY_JS, notebook)
            ok = state["outputs"] > 0 and state["drawn"] >= state["outputs"]
            stable = stable + 1 if ok and state == last else 0
            last = state
            if stable >= 2:
                break
            page.wait_for_timeout(50)
        else:
            raise TimeoutError(f"{notebook}: widgets not drawn in JupyterLab: {last}")
        return time.perf_counter() - start - 0.1  # minus the two 50 ms confirmation polls
    finally:
        context.close()
        _shutdown_lab_kernels(lab)


def open_in_app(browser, app, notebook: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        ap = AppPage(page, app)
        page.goto(app.url(notebook), wait_until="commit")
        ap.wait_ready()
        return ap.ready_after()  # timed in the page: from the navigation's start until it was ready
    finally:
        page.close(run_before_unload=True)  # as a student closes the tab: its kernel ends
        context.close()


def redraw_times(browser, app, n: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    times: list[float] = []
    try:
        AppPage(page, app).open("01_sociale_afstand.ipynb")
        # another group answered first, so the chart stays when the measured box is unticked again
        # (a group with nothing ticked is unanswered, and a profile without answers has no chart)
        page.locator(".sw-group-werklozen").get_by_label("buurman of -vrouw", exact=True).check()
        page.wait_for_selector(".sw-bogardus-profile svg")
        box = page.locator(".sw-group-ongedocumenteerden").get_by_label("collega", exact=True)
        box.scroll_into_view_if_needed()
        box.focus()
        for _ in range(n):
            page.evaluate(REDRAW_PROBE_JS, ".sw-bogardus-profile")
            page.keyboard.press("Space")
            page.wait_for_function("() => window.__swRedraw.t1 !== null", timeout=10_000)
            probe = page.evaluate("() => window.__swRedraw")
            times.append(probe["t1"] - probe["t0"])
            # no pause needed before the next key: the kernel saves the answer before it sends the
            # new chart (the book's listeners redraw after the save), so this answer is on disk
    finally:
        context.close()
    return times


def kernel_memory(app) -> tuple[int, float]:
    """(kernels alive, their memory in MB: PSS where the system reports it, else RSS)."""
    import psutil

    total = 0
    kernels = kernel_processes(app.process.pid).values()
    for proc in kernels:
        try:
            info = proc.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:  # ended meanwhile (or PSS not allowed): count what can be read
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
    return len(kernels), total / 2**20


def _wait_kernels(app, at_most: int, timeout: float = 60.0) -> float:
    start = time.monotonic()
    while kernel_memory(app)[0] > at_most and time.monotonic() - start < timeout:
        time.sleep(0.2)
    return time.monotonic() - start


def bench_app_memory(browser, app, notebooks: list[str]) -> None:
    progress("(e) app memory: kernel memory per open page vs the baseline notebook's page; one tab through every workbook")
    _wait_kernels(app, 0)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        ap = AppPage(page, app)
        per_page = {}
        for notebook in [BASELINE, *notebooks]:
            ap.open(notebook)
            _wait_kernels(app, 1)  # the page before this one has ended its kernel
            per_page[notebook] = kernel_memory(app)[1]
            if notebook != BASELINE:
                progress(f"  {notebook:32} {per_page[notebook]:6.0f} MB vs baseline {per_page[BASELINE]:4.0f} MB: "
                         f"ratio {per_page[notebook] / per_page[BASELINE]:.2f}")
        page.close(run_before_unload=True)
        _wait_kernels(app, 0)
        page = context.new_page()  # the walk: start page, then page to page, no pause in between
        ap = AppPage(page, app)
        for notebook in [f"{START_PAGE}.ipynb", *notebooks]:
            ap.open(notebook)
        alive, mb = kernel_memory(app)
        progress(f"  after walking through {len(notebooks)} workbooks: {alive} kernels alive, {mb:.0f} MB "
                 f"(target ≤ 2 kernels) {'OK' if alive <= 2 else 'ABOVE TARGET'}; "
                 f"ratio to the last page alone {mb / max(per_page[notebooks[-1]], 1):.2f}")
        page.close(run_before_unload=True)
        took = _wait_kernels(app, 0)
        left = kernel_memory(app)[0]
        progress(f"  tab closed: {left} kernels alive after {took:.1f} s {'OK' if left == 0 else 'KERNELS LEFT'}")
    finally:
        context.close()


#: pairs of opens of each workbook in the app (with the baseline beside it): its target, 1.1, is a tenth of
#: an open, and one open on this 2-core machine varies by ±20 %; with 2 or 3 pairs a run said 1.17 or
#: 0.98 for the same page. BENCH_APP_REPEATS overrides it. More pairs are added (up to APP_MAX_PAIRS)
#: until the 95 % interval of the ratio is at most CI_HALF_WIDTH wide on either side.
APP_REPEATS = 9
APP_MAX_PAIRS = 27
CI_HALF_WIDTH = 0.04


def median_interval(values: list[float]) -> tuple[float, float, float]:
    """The median and a distribution-free 95 % interval for it: the k-th smallest and k-th largest
    value, k the largest rank with P(Binomial(n, 1/2) < k) <= 2.5 % (the sign test's interval). With
    fewer than 6 values there is no such interval: it is (-inf, inf)."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no values")
    k, below = 0, 0.0
    while True:
        below += math.comb(n, k) / 2 ** n  # P(B <= k)
        if below > 0.025:
            break
        k += 1
    if k == 0:
        return statistics.median(ordered), -math.inf, math.inf
    return statistics.median(ordered), ordered[k - 1], ordered[n - k]


def open_pairs(opener, browser, server, notebook: str, *, pairs: int, max_pairs: int,
               quiet=lambda: None) -> tuple[list[float], list[float]]:
    """Open the workbook and the baseline in pairs, taking turns which goes first (drift and what the
    previous page leaves behind fall on both alike), each open on a quiet server (``quiet``: until the
    kernel of the page before has ended). After ``pairs`` pairs, more are added until the interval of
    the median ratio (:func:`median_interval`) is at most ``CI_HALF_WIDTH`` from it, or ``max_pairs``."""
    base: list[float] = []
    mine: list[float] = []
    while True:
        first_base = len(base) % 2 == 0
        for which in ((BASELINE, notebook) if first_base else (notebook, BASELINE)):
            quiet()
            (base if which == BASELINE else mine).append(opener(browser, server, which))
        if len(base) >= pairs:
            ratio, low, high = median_interval([m / b for m, b in zip(mine, base)])
            if max(ratio - low, high - ratio) <= CI_HALF_WIDTH or len(base) >= max_pairs:
                return base, mine


def bench_browser(repeats: int, app_repeats: int = APP_REPEATS) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from benchmarks.run import baseline_notebook

    progress("(e) browser: open → every widget drawn, JupyterLab and app, vs the baseline notebook of (a)")
    if not Path("/usr/bin/chromium").exists():
        progress("  skipped: /usr/bin/chromium is missing (apt-get install chromium)")
        return
    tmp = Path(tempfile.mkdtemp(prefix="werkboek-bench-browser-"))
    root = tmp / "workbooks"
    shutil.copytree(ROOT / "workbooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nbformat.write(baseline_notebook(), root / BASELINE)
    (tmp / "werkmap").mkdir()
    env = {"WERKBOEK_MAP": str(tmp / "werkmap"),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    notebooks = sorted(p.name for p in (ROOT / "workbooks").glob("*.ipynb") if p.stem != START_PAGE)
    only = os.environ.get("BENCH_BROWSER_WORKBOOKS")
    if only:
        notebooks = [n for n in notebooks if n.split("_")[0] in only.split(",") or n.removesuffix(".ipynb") in only.split(",")]
    try:
        with running_lab(root, env) as lab, running_app(root, env) as app, sync_playwright() as pw:
            browser = launch_chromium(pw)
            for label, opener, server in (("JupyterLab", open_in_lab, lab), ("app", open_in_app, app)):
                opener(browser, server, BASELINE)  # warm-up: browser cache, first kernel start
                for notebook in notebooks:
                    app_mode = label == "app"
                    try:
                        base, mine = open_pairs(
                            opener, browser, server, notebook,
                            pairs=app_repeats if app_mode else repeats,
                            max_pairs=max(app_repeats, APP_MAX_PAIRS) if app_mode else repeats,
                            quiet=(lambda: _wait_kernels(app, 0)) if app_mode else (lambda: None))
                    except (TimeoutError, RuntimeError, PlaywrightError) as exc:  # one page that never finishes is a result too
                        progress(f"  {label:10} {notebook:32} NOT READY: {str(exc).splitlines()[0]}")
                        continue
                    # each open of the workbook against the baseline opened beside it: the machine's speed
                    # drifts during a run (on 2 cores the baseline alone moved 1.8 → 2.4 s), a pair shares
                    # the moment; the ratio of the two medians is shown as well
                    ratio, low, high = median_interval([m / b for m, b in zip(mine, base)])
                    interval = f"95 % {low:.2f}–{high:.2f}, " if math.isfinite(low) else ""
                    progress(f"  {label:10} {notebook:32} {statistics.median(mine):6.2f} s vs baseline "
                             f"{statistics.median(base):5.2f} s: ratio {ratio:.2f} [{interval}"
                             f"{len(base)} pairs] (target ≤ {OPEN_TARGET[label]}) "
                             f"{'OK' if ratio <= OPEN_TARGET[label] else 'ABOVE TARGET'}"
                             f"; ratio of the medians {statistics.median(mine) / statistics.median(base):.2f}")
            progress("(e) browser: answer → profile chart redrawn (app, workbook 01, keyboard)")
            times = redraw_times(browser, app, n=max(20, 10 * repeats))
            p50, p95 = percentile(times, 50), percentile(times, 95)
            progress(f"  {len(times)} answers: p50 {p50:.0f} ms, p95 {p95:.0f} ms (target p95 ≤ {REDRAW_TARGET_MS:.0f} ms) "
                     f"{'OK' if p95 <= REDRAW_TARGET_MS else 'ABOVE TARGET'}")
            bench_app_memory(browser, app, notebooks)
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    bench_browser(int(os.environ.get("BENCH_BROWSER_REPEATS", "3")),
                  int(os.environ.get("BENCH_APP_REPEATS", str(APP_REPEATS))))
