"""The app's page guard: when Voila does not finish a page (it stands still while preparing, or a
widget is never drawn), the student sees a Dutch message with a reload button, never a silent page.
It also shows the cells once: they are laid out and shown when every widget is drawn, not frame by
frame as the widgets come in; a widget that never comes holds them back for 5 s at most.

The guard lives in the app frame (sw_exercises/share/voila/templates/werkboek/index.html.j2). Its
limits (60 s standing still, 30 s to draw, 5 s to show the cells anyway) are shortened here with
``window.SW_PAGE_GUARD_MS``.
"""
from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from .voila import AppPage, running_app

pytestmark = pytest.mark.browser

SHORT_LIMITS = "window.SW_PAGE_GUARD_MS = {stall: 3000, draw: 3000};"


def _notebook(path, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def guard_app(student, tmp_path_factory):
    root = tmp_path_factory.mktemp("bewaking")
    # a widget that is shown and then closed: its output points at a model that no longer exists,
    # which is what the browser meets when Voila loses a model ("widget model not found")
    _notebook(root / "verloren.ipynb",
              "import ipywidgets as W\nw = W.Text(description='weg')\nw",
              "w.close()",
              "W.Checkbox(description='blijft')")
    # a cell that takes longer than the (shortened) limit for standing still
    _notebook(root / "traag.ipynb",
              "import ipywidgets as W\nW.Checkbox(description='eerst')",
              "import time\ntime.sleep(8)",
              "W.Checkbox(description='daarna')")
    with running_app(root, student.env) as server:
        yield server


@pytest.fixture
def guarded_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SHORT_LIMITS)
    page = context.new_page()
    yield page
    context.close()


def _alert(page, server, notebook: str, kind: str, timeout_ms: int):
    page.goto(server.url(notebook), wait_until="commit")
    alert = page.locator(f".sw-page-alert-{kind}[role=alert]")
    expect(alert).to_be_visible(timeout=timeout_ms)
    return alert


def test_a_widget_that_cannot_be_drawn_gives_a_dutch_message_with_a_reload_button(guard_app, guarded_page):
    page = guarded_page
    alert = _alert(page, guard_app, "verloren.ipynb", "draw", 60_000)
    expect(alert).to_contain_text("kon niet worden getoond")
    expect(alert).to_contain_text("Je antwoorden zijn opgeslagen")
    button = alert.get_by_role("button", name="Pagina opnieuw laden")
    expect(button).to_be_focused()
    expect(page.locator("html")).to_have_attribute("data-sw-page-guard", "warned", timeout=10_000)
    assert "Traceback" not in page.locator("body").inner_text()
    with page.expect_navigation(timeout=30_000):  # Enter on the focused button reloads the page
        page.keyboard.press("Enter")


def test_a_page_that_stands_still_while_being_prepared_says_so(guard_app, guarded_page):
    page = guarded_page
    alert = _alert(page, guard_app, "traag.ipynb", "stall", 30_000)
    expect(alert).to_contain_text("staat stil")
    assert page.locator("#loading").count() == 1, "the message came while the page was still being prepared"


def test_a_workbook_that_loads_normally_gets_no_message(app, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script("window.SW_PAGE_GUARD_MS = {stall: 60000, draw: 3000};")
    page = context.new_page()
    try:
        AppPage(page, app).open("01_sociale_afstand.ipynb")
        # the guard stops watching once every widget is drawn and the (shortened) limit to draw has
        # passed: "quiet" when it had no message, "warned" when it had one
        expect(page.locator("html")).to_have_attribute("data-sw-page-guard", "quiet", timeout=30_000)
        assert page.locator(".sw-page-alert").count() == 0
    finally:
        context.close()


#: Runs before the page's scripts: notes, whenever the page changes, whether the cells are held back
#: (.sw-drawing) while the widget outputs that Voila has streamed in are not all drawn yet.
WATCH_REVEAL_JS = r"""
window.__swSeen = [];
new MutationObserver(() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return;
  const outputs = Array.from(cells.querySelectorAll('.jp-OutputArea-output'));
  const drawn = outputs.filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')).length;
  window.__swSeen.push([drawn, cells.classList.contains('sw-drawing')]);
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class']});
"""


def test_the_cells_are_shown_once_when_every_widget_is_drawn(app, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(WATCH_REVEAL_JS)
    page = context.new_page()
    try:
        AppPage(page, app).open("01_sociale_afstand.ipynb")
        seen = page.evaluate("window.__swSeen")
        assert seen and seen[0][1], f"the cells are held back when Voila first shows them: {seen[:3]}"
        first_shown = next((i for i, (_, drawing) in enumerate(seen) if not drawing), None)
        assert first_shown is not None, "and shown in the end"
        assert not any(drawing for _, drawing in seen[first_shown:]), "never held back again once shown"
        every = max(drawn for drawn, _ in seen)
        assert seen[first_shown][0] == every, f"shown when all {every} widget outputs were drawn: {seen[first_shown]}"
        assert page.get_by_role("checkbox").first.is_visible()
    finally:
        context.close()


def test_a_widget_that_never_comes_holds_the_cells_back_for_a_few_seconds_at_most(guard_app, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.SW_PAGE_GUARD_MS = {stall: 60000, draw: 60000, reveal: 2000};")
    page = context.new_page()
    try:
        page.goto(guard_app.url("verloren.ipynb"), wait_until="commit")
        expect(page.get_by_role("checkbox", name="blijft")).to_be_visible(timeout=60_000)
        assert "sw-drawing" not in (page.locator("#rendered_cells").get_attribute("class") or "")
        assert page.locator(".sw-page-alert").count() == 0, "shown before the guard's (long) limit to draw"
    finally:
        context.close()
