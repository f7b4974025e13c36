"""The zero-install site without a browser: what the workbooks import, the timers and the workspace
in Pyodide, and the start page the build writes (the browser test is tests/browser/test_site.py)."""
import asyncio
import threading
import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sw_exercises import workspace
from sw_exercises.widgets.common import LoopTimer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "workbooks").glob("*.ipynb"))
# no Pyodide wheel on the registries for these (sqlite3 is a separate binary package there); jedi
# the site leaves out (tools/build_site.py: STUBS)
MISSING_IN_BROWSER = ["numpy", "pandas", "lxml", "docx", "sqlite3", "jedi"]

RUN_ALL = textwrap.dedent("""
    import json, sys
    for name in %r:
        sys.modules[name] = None  # import now fails, as in the browser
    from IPython.display import display  # noqa: F401 - the notebooks' last expressions are not shown
    for path in sys.argv[1:]:
        nb = json.load(open(path, encoding="utf-8"))
        namespace = {}
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                exec("".join(cell["source"]), namespace)
        print("ok", path)
""") % (MISSING_IN_BROWSER,)


def test_every_workbook_runs_without_the_modules_the_browser_lacks(tmp_path):
    """numpy, pandas, lxml (python-docx), sqlite3 and jedi cannot be imported: does every cell of every
    workbook still run (views raise instead of showing an error: WERKBOEK_STRIKT)?"""
    env = {**os.environ, "WERKBOEK_MAP": str(tmp_path / "werkruimte"), "WERKBOEK_STRIKT": "1",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", RUN_ALL, *map(str, NOTEBOOKS)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("ok ") == len(NOTEBOOKS)
    assert (tmp_path / "werkruimte" / "antwoorden" / "werkboek.json").is_file(), "the file store was used"


def test_the_loop_timer_fires_on_the_event_loop_and_can_be_cancelled():
    fired = []

    async def main():
        last = asyncio.Event()
        LoopTimer(0.01, lambda: fired.append("a")).start()
        cancelled = LoopTimer(0.01, lambda: fired.append("b"))
        cancelled.start()
        cancelled.cancel()
        # The loop runs call_later callbacks in deadline order: once this later one ran, "b" had its turn.
        LoopTimer(0.02, lambda: (fired.append("c"), last.set())).start()
        await asyncio.wait_for(last.wait(), timeout=30)

    # a thread of its own: playwright's sync API (the browser tests) keeps a loop running in this one
    worker = threading.Thread(target=asyncio.run, args=(main(),))
    worker.start()
    worker.join()
    assert fired == ["a", "c"]


def test_in_the_browser_the_workspace_is_in_the_drive_the_browser_keeps(monkeypatch, tmp_path):
    monkeypatch.delenv("WERKBOEK_MAP", raising=False)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(workspace, "BROWSER_DRIVE", tmp_path)
    assert workspace.in_browser()
    assert workspace.workspace_dir() == tmp_path / "werkruimte"
    assert workspace.file_store_path() == tmp_path / "werkruimte" / "antwoorden"


@pytest.fixture(scope="module")
def build_site():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_start_page_links_every_workbook_as_app_and_in_jupyterlab(build_site, tmp_path):
    build_site.start_page(tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "http" not in page
    for notebook in NOTEBOOKS:
        assert f'href="voici/render/{notebook.stem}.html"' in page
        assert f'href="lab/index.html?path={notebook.stem}.ipynb"' in page


def test_every_version_of_the_site_is_pinned(build_site):
    pins = [line for line in (ROOT / "tools" / "site-constraints.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    for name, version in build_site.BUILD_TOOLS.items():
        assert f"{name.lower().replace('_', '-')}=={version}" in {p.lower().replace("_", "-") for p in pins}
    assert build_site.PYODIDE == "0.29.3"


def _wheel(path, members):
    import base64
    import hashlib
    import zipfile
    record = "demo-1.0.dist-info/RECORD"
    lines = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(c).digest()).rstrip(b'=').decode()},{len(c)}"
             for n, c in members.items()]
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
        zf.writestr(record, "\n".join(lines + [f"{record},,"]) + "\n")
    return path


def test_the_ipython_patch_keeps_embed_and_no_longer_imports_the_terminal(build_site, tmp_path):
    import base64
    import hashlib
    import zipfile
    [(_, text, _)] = build_site.PATCH["ipython"]
    source = ("x = 1\n" + text + "y = 2\n").encode()
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", {"demo/__init__.py": source})
    changes = [("demo/__init__.py", *build_site.PATCH["ipython"][0][1:])]
    out = build_site._patched(wheel, changes, tmp_path / "out")
    with zipfile.ZipFile(out) as zf:
        patched = zf.read("demo/__init__.py")
        record = zf.read("demo-1.0.dist-info/RECORD").decode()
    namespace = {}
    exec(compile(patched, "demo/__init__.py", "exec"), namespace)  # would fail on an import of .terminal
    assert namespace["x"] == 1 and namespace["y"] == 2 and callable(namespace["embed"])
    digest = base64.urlsafe_b64encode(hashlib.sha256(patched).digest()).rstrip(b"=").decode()
    assert f"demo/__init__.py,sha256={digest},{len(patched)}" in record.splitlines()


def test_a_patch_whose_text_is_gone_stops_the_build(build_site, tmp_path):
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", {"demo/__init__.py": b"x = 1\n"})
    with pytest.raises(SystemExit, match="no longer has the text"):
        build_site._patched(wheel, [("demo/__init__.py", "import y\n", "")], tmp_path / "out")


def test_the_kernel_loads_its_own_packages_and_the_projects_while_pyodide_starts(build_site, tmp_path):
    import json
    build_site.lite_config(tmp_path, tmp_path / "contents", tmp_path / "out")
    config = json.loads((tmp_path / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    packages = kernel["loadPyodideOptions"]["packages"]
    # the names, spelled as the kernel's worker (jupyterlite-pyodide-kernel 0.7) spells them, that it
    # would otherwise install one by one with micropip and piplite at every start
    for name in ["micropip", "piplite", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython"]:
        assert name in packages
    assert "sw-exercises" in packages
