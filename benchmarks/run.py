"""make bench: speed as ratios against baselines measured in the same run (not a test).

(a) headless execution of every workbook vs a baseline notebook that only imports ipywidgets,
    plotly and pandas and shows one widget                                  target <= 1.5x
(b) importing sw_exercises (and all its modules) vs importing its dependencies  target <= 1.2x
(c) time to persist one answer (p50/p95) vs a bare SQLite insert with the same durability
                                                                            target p95 <= 20 ms
(d) class overview from 100 / 1,000 / 10,000 hand-ins                        target 1,000 < 2 s
(e) real browser (benchmarks/browser.py): open → every widget drawn, in JupyterLab and in the app,
    vs the baseline notebook of (a) opened the same way                     target <= 1.3x
    and answer → chart redrawn in the app                                   target p95 <= 150 ms
    and app memory: kernel memory per open page vs the baseline page; kernels alive after one tab
    walked through every workbook                                           target <= 2 kernels
    (BENCH_BROWSER_REPEATS, default 2; BENCH_APP_REPEATS, the app's opens, default 9;
    BENCH_BROWSER_WORKBOOKS=01,02 to pick workbooks)
(f) a whole class on one JupyterHub (benchmarks/hub.py; as root): memory per student and time to a
    ready workbook at p50/p95 as the number of students at once grows
(g) the personal-data check (benchmarks/privacy.py): recall and false alarms on tests/privacy_corpus,
    and the time to scan 200,000 characters vs lower() + a regex word split of the same text
(h) the zero-install site (benchmarks/site.py): its size, bytes on a first visit of workbook 01, and
    time to interactive on a first and a second visit          target first <= 15 s, second <= 5 s
    (BENCH_SITE_REPEATS, default 2)
Runs are interleaved (baseline, subject, baseline, ...) so machine noise hits both alike.
"""
from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sw_exercises.start import START_PAGE  # noqa: E402
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def progress(text: str) -> None:
    print(text, flush=True)


def baseline_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import ipywidgets, plotly.graph_objects, pandas"),
                nbformat.v4.new_code_cell("ipywidgets.Checkbox(description='x')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    client = NotebookClient(nbformat.from_dict(nb), timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def bench_notebooks() -> None:
    progress("(a) workbooks, headless, vs a baseline notebook (ipywidgets + plotly + pandas + one widget)")
    base = baseline_notebook()
    for path in sorted((ROOT / "workbooks").glob("*.ipynb")):
        if path.stem == START_PAGE:
            continue
        nb = nbformat.read(path, as_version=4)
        b_times, w_times = [], []
        for i in range(REPEATS):
            b_times.append(run_notebook(base, path.parent))
            w_times.append(run_notebook(nb, path.parent))
            progress(f"    run {i + 1}/{REPEATS}: baseline {b_times[-1]:.2f} s, {path.name} {w_times[-1]:.2f} s")
        ratio = statistics.median(w_times) / statistics.median(b_times)
        verdict = "OK" if ratio <= 1.5 else "ABOVE TARGET"
        progress(f"  {path.name}: median {statistics.median(w_times):.2f} s vs {statistics.median(b_times):.2f} s"
                 f" -> ratio {ratio:.2f} (target <= 1.5) {verdict}")


def import_time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


# what a workbook's first cells load (workbook 01: its facade, the Bogardus views, the store)
WORKBOOK_01 = ("import sw_exercises.workbooks.sociale_afstand, sw_exercises.widgets.bogardus, "
               "sw_exercises.widgets.overview")
# every module of the package, found by walking it: reported for information (no workbook loads
# the lecturer, export and intervision modules together), so it carries no target
EVERYTHING = ("import importlib, pkgutil, sw_exercises\n"
              "for m in pkgutil.walk_packages(sw_exercises.__path__, 'sw_exercises.'): importlib.import_module(m.name)")
# the third-party modules the package imports eagerly (pandas and python-docx load only when used)
DEPENDENCIES = "import ipywidgets, plotly.graph_objects, sqlite3, json"


def bench_import() -> None:
    progress("(b) import time, fresh interpreter each time")
    for label, subject, target in (("import sw_exercises", "import sw_exercises", 1.2),
                                   ("what workbook 01 loads", WORKBOOK_01, 1.2),
                                   ("every module of the package (information)", EVERYTHING, None)):
        base, mine = [], []
        for _ in range(max(REPEATS, 7)):
            base.append(import_time(DEPENDENCIES))
            mine.append(import_time(subject))
        ratio = statistics.median(mine) / statistics.median(base)
        verdict = "" if target is None else f"(target <= {target}) {'OK' if ratio <= target else 'ABOVE TARGET'}"
        progress(f"  {label}: {statistics.median(mine) * 1000:.0f} ms vs dependencies "
                 f"{statistics.median(base) * 1000:.0f} ms -> ratio {ratio:.2f} {verdict}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_persist(n: int = 400) -> None:
    from sw_exercises.store import AnswerStore
    progress(f"(c) persisting one answer, {n} saves each")
    with tempfile.TemporaryDirectory() as tmp:
        store = AnswerStore(Path(tmp) / "a.sqlite3")
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("CREATE TABLE t (k TEXT, v TEXT, at TEXT)")
        mine, base = [], []
        text = "Een reflectie van een student over sociale afstand in de wijk. " * 8
        for i in range(n):
            start = time.perf_counter()
            raw.execute("INSERT INTO t VALUES (?, ?, ?)", (f"k{i % 10}", text, "now"))
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.save("bench", f"reflection/k{i % 10}", text + str(i))
            mine.append(time.perf_counter() - start)
    p50, p95 = percentile(mine, 50) * 1000, percentile(mine, 95) * 1000
    b50, b95 = percentile(base, 50) * 1000, percentile(base, 95) * 1000
    verdict = "OK" if p95 <= 20 else "ABOVE TARGET"
    progress(f"  AnswerStore.save: p50 {p50:.2f} ms, p95 {p95:.2f} ms (target p95 <= 20 ms) {verdict}")
    progress(f"  bare SQLite insert, same durability: p50 {b50:.2f} ms, p95 {b95:.2f} ms"
             f" -> ratio p95 {p95 / b95:.2f}")


def _synthetic_handins(n: int, folder: Path) -> Path:
    """A Canvas-style zip with n realistic hand-ins (about 40 answers each), made in this run."""
    import json
    import random
    import zipfile

    from sw_exercises import handin
    from sw_exercises.models import bogardus, helper_roles

    from sw_exercises.i18n import content
    from sw_exercises.models import viervenster

    rng = random.Random(n)
    groups = [g.id for g in bogardus.load_scale().groups]
    roles = [r.id for r in helper_roles.load_model().roles]
    prompts = [r["id"] for r in content("01_sociale_afstand")["reflections"]]
    elements = [e.id for e in viervenster.load_model().elements]
    stamp = "2026-11-23T10:00:00+00:00"
    path = folder / f"klas-{n}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            answers = [{"workbook": "01_sociale_afstand", "item": f"bogardus/{g}", "saved_at": stamp,
                        "value": _bogardus_value(rng)} for g in groups]
            answers += [{"workbook": "01_sociale_afstand", "item": f"reflection/{p}", "saved_at": stamp,
                         "value": "Een reflectie van een student. " * rng.randint(5, 40)} for p in prompts]
            answers += [{"workbook": "02_viervenstermodel", "item": f"case/c/element/{e}", "saved_at": stamp,
                         "value": rng.randint(0, 3)} for e in elements]
            answers.append({"workbook": "03_zes_rollen", "item": "case/c/phases", "saved_at": stamp,
                            "value": [{"name": f"f{k}", "role": rng.choice(roles), "features": {}, "note": ""}
                                      for k in range(3)]})
            data = handin.build(f"student-{i:06d}", answers)
            zf.writestr(f"student{i}_{1000 + i}_{5000 + i}_inlevering.json", json.dumps(data))
    return path


def _bogardus_value(rng) -> dict:
    """Accepted relations, or an explicit 'none of these' (one in ten)."""
    if rng.random() < 0.1:
        return {"accepted": [], "excluded": False, "none": True}
    return {"accepted": sorted(rng.sample(range(1, 7), rng.randint(1, 6))), "excluded": False}


def _class_run(path: Path) -> float:
    from sw_exercises.classroom import class_overview_from
    from sw_exercises.classroom.report import overview_html

    start = time.perf_counter()
    _report, overview = class_overview_from(path)
    overview_html(overview)
    return time.perf_counter() - start


def _parse_only(path: Path) -> float:
    import json
    import zipfile

    start = time.perf_counter()
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            json.loads(zf.read(name))
    return time.perf_counter() - start


def bench_class_overview() -> None:
    progress("(d) class overview from a zip of hand-ins (intake + validation + overview + HTML)")
    with tempfile.TemporaryDirectory() as tmp:
        per_handin = {}
        for n in (100, 1000, 10_000):
            path = _synthetic_handins(n, Path(tmp))
            runs = [_class_run(path) for _ in range(3 if n < 10_000 else 1)]
            base = [_parse_only(path) for _ in range(3 if n < 10_000 else 1)]
            mine = statistics.median(runs)
            per_handin[n] = mine / n
            line = f"  {n:>6} hand-ins: {mine:.2f} s ({per_handin[n] * 1000:.2f} ms each); " \
                   f"unzip + json.loads alone {statistics.median(base):.2f} s -> ratio {mine / statistics.median(base):.2f}"
            if n == 1000:
                line += f"  (target < 2 s) {'OK' if mine < 2 else 'ABOVE TARGET'}"
            progress(line)
        growth = per_handin[10_000] / per_handin[100]
        progress(f"  time per hand-in, 10,000 vs 100: ratio {growth:.2f} (flat is about 1) "
                 f"{'OK' if growth < 1.5 else 'GROWS'}")


def main() -> None:
    os.environ.setdefault("WERKBOEK_MAP", tempfile.mkdtemp(prefix="werkboek-bench-"))
    bench_class_overview()
    bench_persist()
    from benchmarks.privacy import privacy_section

    privacy_section()
    bench_import()
    bench_notebooks()
    from benchmarks.browser import APP_REPEATS, bench_browser

    bench_browser(int(os.environ.get("BENCH_BROWSER_REPEATS", "2")),
                  int(os.environ.get("BENCH_APP_REPEATS", str(APP_REPEATS))))
    from benchmarks.site import bench_site

    bench_site(int(os.environ.get("BENCH_SITE_REPEATS", "2")))
    from benchmarks.hub import bench_hub

    bench_hub()


if __name__ == "__main__":
    main()
