"""The app in a real class: a page that is left or closed ends its kernel within seconds.

Voila's page asks for its kernel's end when it goes away (``voila/api/shutdown/<kernel>``); that
request used to be refused (403, no ``_xsrf`` cookie), so every page visited left a kernel running
until the idle cull ten minutes later. These tests use their own app server (the shared ``app``
fixture's other tests close whole browser contexts, which skips the page's unload handlers) and
count the kernels two ways: the kernel processes under Voila, and Voila's kernel API. Voila 0.5 on
its own serves no kernel list (``/api/kernels`` is 404), so the API is asked per kernel id: every id
seen, on each page and in the process tree.
"""
from __future__ import annotations

import sqlite3
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from sw_exercises.app import kernel_processes
from sw_exercises.start import START_PAGE

from tests.waiting import took, wait_for

from .voila import AppPage

MAX_LIVE_WHILE_WALKING = 2
GONE_WITHIN_S = 60
WORKBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "workbooks").glob("*.ipynb")
                   if p.stem != START_PAGE)


class KernelCount:
    """Samples the kernel processes under Voila every 100 ms in a thread (it never touches the page)."""

    def __init__(self, server):
        self.server = server
        self.seen: set[str] = set()
        self.most = 0
        self.most_at: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self):
        while not self._stop.is_set():
            live = sorted(kernel_processes(self.server.process.pid))
            self.seen.update(live)
            if len(live) > self.most:
                self.most, self.most_at = len(live), live
            self._stop.wait(0.1)


def api_live(server, kernel_id: str) -> bool:
    """Voila's kernel API: is ``kernel_id`` a running kernel?"""
    url = f"{server.base_url}api/kernels/{kernel_id}?token={server.token}"
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status == 200
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def page_kernel(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def wait_until_no_kernel(server, ids: set[str], timeout_s: float = GONE_WITHIN_S) -> float:
    """Seconds until no kernel process is left under Voila and the API knows none of ``ids``."""
    try:
        return took(lambda: not kernel_processes(server.process.pid) and not any(api_live(server, k) for k in ids),
                    timeout_s)
    except AssertionError:
        raise AssertionError(f"kernels still running {timeout_s} s after the last page closed: "
                             f"processes {sorted(kernel_processes(server.process.pid))}, "
                             f"API {sorted(k for k in ids if api_live(server, k))}\n{server.log_tail(30)}") from None


def test_walking_through_every_workbook_keeps_at_most_two_kernels_and_closing_ends_the_last(
        own_app, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    app_page = AppPage(page, own_app)
    ids: set[str] = set()
    try:
        with KernelCount(own_app) as count:
            app_page.open(f"{START_PAGE}.ipynb")
            ids.add(page_kernel(page))
            # first step as a student takes it: the link on the start page; then page to page
            page.locator(f"#rendered_cells a[href='{WORKBOOKS[0]}']").click()
            page.wait_for_url(f"**/voila/render/{WORKBOOKS[0]}**")
            app_page.wait_ready()
            ids.add(page_kernel(page))
            for notebook in WORKBOOKS[1:]:
                app_page.open(notebook)
                ids.add(page_kernel(page))
            last = page_kernel(page)
            assert api_live(own_app, last), "the page in view has its kernel"
            # the pages left behind have ended their kernels (asked through the API, each id)
            wait_for(lambda: not any(api_live(own_app, k) for k in ids - {last}), GONE_WITHIN_S,
                     f"the pages left behind end their kernels\n{own_app.log_tail(30)}")
            page.close(run_before_unload=True)  # as a student closes the tab
        took = wait_until_no_kernel(own_app, ids | count.seen)
        assert len(ids) == len(WORKBOOKS) + 1, "every page had a kernel of its own"
        assert count.seen >= ids, "the process tree showed every page's kernel"
        assert count.most <= MAX_LIVE_WHILE_WALKING, f"{count.most} kernels at once: {count.most_at}"
        print(f"\nkernels: {len(ids)} pages, at most {count.most} at once; last gone {took:.1f} s after closing")
        assert "403 POST /voila/api/shutdown" not in own_app.log_tail(100_000)
    finally:
        context.close()


def test_a_page_left_while_it_is_still_loading_ends_its_kernel(own_app, chromium_browser):
    """Voila's own request comes with its script, after the last cell: leaving earlier used to leave
    the kernel running (the template's 'pagehide' request covers it)."""
    slow = next(n for n in ("10_lexicon.ipynb", "01_sociale_afstand.ipynb") if n in WORKBOOKS)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto(own_app.url(slow), wait_until="commit")
        page.wait_for_function("() => !!document.getElementById('jupyter-config-data')", timeout=60_000)
        kernel = page_kernel(page)
        still_loading = page.evaluate("() => !!document.getElementById('loading')")
        page.close(run_before_unload=True)
        wait_until_no_kernel(own_app, {kernel})
        if not still_loading:
            pytest.skip("the page finished before it was closed: the early leave was not exercised")
    finally:
        context.close()


def stored(server, workbook: str, item: str) -> str | None:
    try:
        con = sqlite3.connect(server.workspace_dir / "antwoorden.sqlite3")
        try:
            row = con.execute("SELECT value FROM revision WHERE workbook = ? AND item = ? ORDER BY id DESC LIMIT 1",
                              (workbook, item)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:  # not there yet
        return None
    return row[0] if row else None


@pytest.mark.parametrize("leave", ["other_page", "tab_closed"])
def test_an_answer_typed_just_before_leaving_is_saved(own_app, chromium_browser, leave):
    """The kernel ends a moment after the page asks (sw_exercises.app: KernelEnd), not at once: the
    last typed text, still on its way to the kernel, is saved."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        app_page = AppPage(page, own_app).open("01_sociale_afstand.ipynb")
        kernel = page_kernel(page)
        box = page.locator(".sw-item-reflection-afstand_in_praktijk textarea")
        box.scroll_into_view_if_needed()
        text = f"Vlak voor het weggaan geschreven {uuid.uuid4().hex[:8]}"
        box.fill(text)  # and at once away, without waiting for "Opgeslagen"
        if leave == "other_page":
            page.goto(own_app.url(f"{START_PAGE}.ipynb"), wait_until="commit")
        else:
            page.close(run_before_unload=True)
        wait_for(lambda: text in (stored(own_app, "01_sociale_afstand", "reflection/afstand_in_praktijk") or ""),
                 GONE_WITHIN_S, f"the answer typed just before leaving is saved\n{own_app.log_tail(40)}")
        wait_for(lambda: not api_live(own_app, kernel), GONE_WITHIN_S, "the page's kernel ended")
        del app_page
    finally:
        context.close()
