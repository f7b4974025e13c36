"""Fixtures for the real-browser tests (JupyterLab 4 + headless Debian chromium).

* ``lab``       -- session-scoped JupyterLab server on a temporary copy of
                   ``workbooks/``; ``lab.workspace_dir`` is the WERKBOEK_MAP that
                   the kernels see (the student's workspace folder).
* ``lab_page``  -- function-scoped fresh browser context + :class:`LabPage`.
* ``app``       -- session-scoped app mode (Voila, started as `werkboek app` starts it) on the
                   same copy of ``workbooks/`` and the same WERKBOEK_MAP as ``lab``: one student,
                   two ways of working.
* ``app_page``  -- function-scoped fresh browser context + :class:`AppPage`.

Every test collected below this directory gets the ``browser`` marker, so
``pytest -m "not browser"`` skips them all.  A missing /usr/bin/chromium is a
hard failure (CI installs it), never a silent skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

# Relative import on purpose: this directory is a package, so the helper module
# (named jupyterlab.py) never shadows the real ``jupyterlab`` package.
from .jupyterlab import CHROMIUM_PATH, LabPage, launch_chromium, running_lab
from .voila import AppPage, running_app

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = REPO_ROOT / "workbooks"
HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            inside = Path(item.path).resolve().is_relative_to(HERE)
        except (OSError, ValueError):
            inside = False
        if inside:
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"Browser tests need Debian chromium at {CHROMIUM_PATH} "
            "(apt-get install -y chromium). Playwright must not download its own browser. "
            'Deselect these tests with -m "not browser" if you cannot install it.',
            pytrace=False,
        )


@dataclass
class Student:
    root: Path  # the copy of workbooks/ both servers serve
    workspace: Path  # WERKBOEK_MAP: where the kernels keep the answers
    env: dict


@pytest.fixture(scope="session")
def student(tmp_path_factory):
    """One student's folders, shared by the JupyterLab and the app server."""
    _require_chromium()
    base = tmp_path_factory.mktemp("browser")
    root = base / "workbooks"
    if WORKBOOKS.is_dir():
        shutil.copytree(
            WORKBOOKS, root,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".pytest_cache"),
        )
    else:
        root.mkdir()
    workspace = base / "werkmap"
    workspace.mkdir()
    env = {
        "WERKBOEK_MAP": str(workspace),
        # Make the package importable in kernels even if it is not installed.
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    return Student(root, workspace, env)


@pytest.fixture(scope="session")
def lab(student):
    """Running JupyterLab on a copy of workbooks/; ``lab.workspace_dir`` = WERKBOEK_MAP."""
    with running_lab(student.root, student.env) as server:
        server.workspace_dir = student.workspace
        yield server


@pytest.fixture(scope="session")
def app(student):
    """The app mode (Voila) on the same workbooks and answer store as ``lab``."""
    with running_app(student.root, student.env) as server:
        server.workspace_dir = student.workspace
        yield server


@pytest.fixture(scope="module")
def own_app(student, tmp_path_factory, request):
    """An app server of the test module's own: the same workbooks, a fresh answer store (for tests
    that change what a student has, so the shared student's workspace stays as other tests expect)."""
    workspace = tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2])
    with running_app(student.root, {**student.env, "WERKBOEK_MAP": str(workspace)}) as server:
        server.workspace_dir = workspace
        yield server


@pytest.fixture(scope="session")
def chromium_browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def lab_page(lab, chromium_browser, request, tmp_path):
    """A fresh browser context + page wrapped in :class:`LabPage`.

    On test failure a screenshot is written to the test's tmp_path (printed).
    """
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"[{m.type}] {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"[pageerror] {e}"))
    lp = LabPage(page, lab)
    lp.console = console
    yield lp
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        try:
            shot = lp.screenshot(tmp_path / "failure.png")
            print(f"\nscreenshot: {shot}")
        except Exception as exc:  # pragma: no cover - diagnostics only
            print(f"\n(screenshot failed: {exc})")
        print("browser console (errors/warnings):\n" + "\n".join(console[-40:]))
        print("--- server log tail ---\n" + lab.log_tail(40))
    context.close()
    lab.end_sessions()


@pytest.fixture
def app_page(app, chromium_browser, request, tmp_path):
    """A fresh browser context + page wrapped in :class:`AppPage` (screenshot on failure)."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    ap = AppPage(page, app)
    page.on("console", lambda m: ap.console.append(f"[{m.type}] {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: ap.console.append(f"[pageerror] {e}"))
    yield ap
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"\nscreenshot: {tmp_path / 'failure.png'}")
        print("browser console (errors/warnings):\n" + "\n".join(ap.console[-40:]))
        print("--- voila log tail ---\n" + app.log_tail(40))
    for open_page in list(context.pages):  # as a tab closes: the page's unload handler ends its kernel
        with contextlib.suppress(Exception):
            open_page.close(run_before_unload=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
