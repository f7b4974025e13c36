"""Layout and access in JupyterLab's own page (WCAG 2.2, 1.4.10 Reflow; issue 16 point 5), for EVERY
workbook in workbooks/ (discovered, not listed), as a student opens it with `make lab` or on the hub:
at a 360 px wide screen and at 1280 px with 200 % zoom (a 640 px CSS viewport), after Run All Cells and
once every widget is drawn, nothing of the workbook (the markdown and our widgets' outputs) reaches past
the right edge of the notebook or of the screen, no text or control is cut off inside a box, and the
notebook never scrolls sideways (a table or chart may scroll inside its own box). The geometry check is
the app's (tests/browser/test_layout.py), and so is the check that answers are in a proportional font
of at least 16 px. At 360 px the student first closes the file browser, as
docs/TOEGANKELIJKHEID.md tells: JupyterLab 4 has no layout of its own for small screens and keeps its
side panel open beside the notebook. JupyterLab's own skip link ("Skip to main panel") is the first Tab
stop and Enter puts the focus in the workbook. JupyterLab's own menu bar: at 360 px, in /lab/ and in
/doc/, every menu (File ... Help) can be reached by mouse and keyboard and none covers the notebook
(the workbook's kernel watch lets the menus wrap onto a second row); at 1280 px it stays exactly as
JupyterLab draws it. A screenshot per workbook and width is saved (the path is printed).

The module shares the session's JupyterLab and student (the ``lab`` fixture). Run All writes no answers:
only what opening a workbook always writes (the first case of workbooks 02 and 03, the pseudonym in 90
and 91), as in every other test that opens those workbooks."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.waiting import wait_for

from .test_layout import ANSWER_FONTS_JS, LAYOUT_JS, TABLE_OR_CHART, WIDTHS, WORKBOOKS, assert_nothing_cut_off

#: The open notebook's scroll box: its right edge is where the workbook must end.
NOTEBOOK_SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-WindowedPanel-outer"

#: Widget outputs in the notebook's model against widgets drawn on the page (no placeholder, no error).
WIDGETS_JS = r"""
(path) => {
  const panel = window.__sw.panel(path);
  const cells = panel.content.model.cells;
  let wanted = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) {
      if (cell.outputs.get(j).data['application/vnd.jupyter.widget-view+json']) wanted += 1;
    }
  }
  const drawn = Array.from(panel.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets'));
  const broken = drawn.filter(w => /^Error displaying widget/.test((w.textContent || '').trim())).length;
  const scroller = panel.node.querySelector('.jp-WindowedPanel-outer');
  return {wanted, drawn: drawn.length, broken, height: scroller.scrollHeight,
          plotsPending: panel.node.querySelectorAll('.js-plotly-plot:not(:has(.main-svg))').length};
}
"""


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab-layout-screenshots")
    print(f"\nscreenshots of the JupyterLab layout tests: {folder}")
    return folder


def _close_file_browser(page) -> None:
    """What a student does on a small screen: click the folder icon, so the file browser closes."""
    tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if tab.count():
        tab.first.click()
    page.locator("#jp-left-stack").wait_for(state="hidden")


def _all_drawn(lab_page) -> dict:
    """Wait until every widget output of the notebook is drawn and the notebook stops growing."""
    heights: list[int] = []

    def drawn():
        found = lab_page.page.evaluate(WIDGETS_JS, lab_page.path)
        assert not found["broken"], f"a widget could not be drawn: {found}"
        heights.append(found["height"])
        settled = len(heights) >= 3 and heights[-1] == heights[-2] == heights[-3]
        if found["drawn"] >= found["wanted"] and not found["plotsPending"] and settled:
            return found
        lab_page.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return None

    return wait_for(drawn, timeout=60, what=f"every widget of {lab_page.path} drawn in JupyterLab")


def _check_layout(lab_page, notebook: str, width: str, screenshots: Path) -> None:
    page = lab_page.page
    _all_drawn(lab_page)
    found = page.evaluate(LAYOUT_JS, [TABLE_OR_CHART, NOTEBOOK_SCROLLER])
    shot = screenshots / f"{Path(notebook).stem}-{width}.png"
    # JupyterLab scrolls inside the notebook, not the page: a window as tall as the notebook for the picture
    tall = page.evaluate("(s) => document.querySelector(s).scrollHeight", NOTEBOOK_SCROLLER)
    page.set_viewport_size({"width": WIDTHS[width], "height": min(tall + 200, 32_000)})
    page.evaluate("(s) => { document.querySelector(s).scrollTop = 0; }", NOTEBOOK_SCROLLER)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=str(shot))
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    print(f"screenshot: {shot}")
    where = f"{notebook} at {width}"
    # not a strip beside JupyterLab's side panel (at 640 px the file browser stays open and takes about 40 %)
    assert found["width"] > WIDTHS[width] / 3, f"{where}: the notebook has less than a third of the screen: {found['width']} px"
    assert found["pageScrollWidth"] <= found["innerWidth"], f"{where}: the page scrolls sideways: {found}"
    assert found["rootScrollWidth"] <= found["rootClientWidth"], f"{where}: the notebook scrolls sideways: {found}"
    assert_nothing_cut_off(found, where)
    fonts = page.evaluate(ANSWER_FONTS_JS, NOTEBOOK_SCROLLER)
    assert not [f for f in fonts if "mono" in f[0].lower() or f[1] < 16], f"{where}: answers in a proportional font, >= 16 px: {fonts[:3]}"


@pytest.mark.parametrize("notebook", WORKBOOKS)
def test_every_workbook_reflows_in_jupyterlab(lab_page, notebook, screenshots):
    """Opened and run once at the widest width, then the window narrowed step by step, as a student
    zooms in or turns to a phone: the layout must follow at every width."""
    page = lab_page.page
    widths = sorted(WIDTHS, key=WIDTHS.get, reverse=True)
    page.set_viewport_size({"width": WIDTHS[widths[0]], "height": 900})
    lab_page.open_notebook(notebook)
    assert lab_page.run_all(), f"a cell of {notebook} raised in JupyterLab"
    for width in widths:
        page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        if WIDTHS[width] < 600:
            _close_file_browser(page)
        _check_layout(lab_page, notebook, width, screenshots)


FOCUS_JS = r"""
() => {
  const a = document.activeElement;
  return {cls: a.className || '', text: (a.textContent || '').trim().slice(0, 40),
          inNotebook: !!a.closest('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')};
}
"""


@pytest.mark.parametrize("notebook", [WORKBOOKS[0], "01_sociale_afstand.ipynb"])
def test_jupyterlabs_skip_link_is_the_first_tab_stop_and_enters_the_workbook(lab_page, notebook):
    page = lab_page.page
    page.set_viewport_size({"width": WIDTHS["360px"], "height": 900})
    lab_page.open_notebook(notebook)
    # as on a freshly loaded page: the keyboard starts at the top of the document
    page.evaluate("""() => { document.activeElement && document.activeElement.blur();
      document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex'); }""")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_JS)
    assert "skip-link" in first["cls"] and first["text"] == "Skip to main panel", first
    link = page.locator("#jp-skiplink .skip-link")
    box = link.bounding_box()
    assert box and box["width"] > 20 and box["x"] >= 0, "visible once it has focus"
    assert box["x"] + box["width"] <= WIDTHS["360px"], f"the skip link fits on the screen: {box}"
    page.keyboard.press("Enter")
    wait_for(lambda: page.evaluate(FOCUS_JS)["inNotebook"], timeout=10,
             what="the focus in the workbook after Enter on the skip link")


@pytest.mark.parametrize("notebook", [WORKBOOKS[0], "01_sociale_afstand.ipynb"])
def test_opened_as_one_document_jupyterlab_leaves_a_phone_screen_to_the_workbook(lab_page, notebook):
    """The tip in docs/TOEGANKELIJKHEID.md for a phone: /doc/ instead of /lab/ in the address opens
    JupyterLab with one document and its file panel closed, so the notebook gets the screen."""
    page = lab_page.page
    page.set_viewport_size({"width": WIDTHS["360px"], "height": 740})
    workspace = f"sw-doc-{uuid.uuid4().hex[:12]}"
    page.goto(lab_page.server.url(f"doc/workspaces/{workspace}/tree/{notebook}", reset=""), wait_until="domcontentloaded")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    panel.wait_for(state="visible")
    wait_for(lambda: page.evaluate("() => document.querySelector('.jp-LabShell').dataset.shellMode")
             == "single-document", 30, "JupyterLab in single-document mode")
    assert page.locator("#jp-left-stack").is_hidden(), "the file panel is closed"
    width = panel.evaluate("p => p.getBoundingClientRect().width")
    assert width >= 0.75 * WIDTHS["360px"], f"the notebook has {width:.0f} of {WIDTHS['360px']} px"


#: JupyterLab's own menu bar: each top-level menu, where it is and whether it is really there (what the
#: page shows at its middle is the item itself: not cut off, not covered), and where the notebook starts.
MENU_BAR_JS = r"""
() => {
  const bar = document.querySelector('#jp-menu-panel > .lm-MenuBar');
  const items = Array.from(bar.querySelectorAll('.lm-MenuBar-item')).map(item => {
    const r = item.getBoundingClientRect();
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {label: item.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            shown: !!hit && item.contains(hit)};
  });
  const top = (s) => document.querySelector(s).getBoundingClientRect().top;
  return {width: document.documentElement.clientWidth, items,
          notebookTop: Math.min(top('#jp-main-content-panel'), top('.jp-NotebookPanel:not(.lm-mod-hidden)'))};
}
"""

#: Lumino's own overflow menu, should JupyterLab one day show it: a menu bar item with this label.
OVERFLOW = ("...", "\u2026")

#: The open (top-level) menu: its items and its box.
OPEN_MENU_JS = r"""
() => {
  const menus = Array.from(document.querySelectorAll('.lm-Menu')).filter(m => m.getClientRects().length);
  if (!menus.length) return null;
  const menu = menus[menus.length - 1], r = menu.getBoundingClientRect();
  return {id: menu.id, left: r.left, right: r.right, width: document.documentElement.clientWidth,
          labels: Array.from(menu.querySelectorAll('.lm-Menu-itemLabel')).map(l => l.textContent.trim())};
}
"""


def _menus_on_screen(page) -> dict:
    """The menu bar's geometry, and the menus a student can click: fully on the screen and not covered."""
    bar = page.evaluate(MENU_BAR_JS)
    bar["clickable"] = [i["label"] for i in bar["items"] if i["shown"] and i["left"] >= 0 and i["right"] <= bar["width"]]
    return bar


def _open_menu(page) -> dict:
    return wait_for(lambda: page.evaluate(OPEN_MENU_JS), timeout=10, what="a menu of JupyterLab open")


def _close_menus(page) -> None:
    page.keyboard.press("Escape")
    wait_for(lambda: page.evaluate(OPEN_MENU_JS) is None, timeout=10, what="JupyterLab's menus closed")


def _reachable_menus(page, menus: list[str]) -> dict | None:
    """Once every menu is either clickable on the menu bar or in Lumino's overflow menu, and the bar ends
    above the notebook: the bar's geometry; else None."""
    bar = _menus_on_screen(page)
    reachable = set(bar["clickable"])
    for label in OVERFLOW:
        if label in reachable:
            page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=label).first.click()
            reachable |= set(_open_menu(page)["labels"])
            _close_menus(page)
    bar["missing"] = [m for m in menus if m not in reachable]
    bar["overlap"] = [i["label"] for i in bar["items"] if i["bottom"] > bar["notebookTop"] + 0.5]
    return bar if not bar["missing"] and not bar["overlap"] else None


@pytest.mark.parametrize("ui", ["lab", "doc"])
def test_jupyterlabs_menu_bar_fits_a_phone_screen(lab_page, ui):
    """At 360 px every menu of JupyterLab's own menu bar (File ... Help) can be reached, by mouse and by
    keyboard, and the bar does not cover the notebook: in JupyterLab 4 Settings and Help ran past the
    right edge, and Lumino's overflow menu ("...") never appeared. What the workbook brings for this
    (watch.js, lab.css) lets the menus wrap onto a second row; at 1280 px the bar stays exactly as
    JupyterLab draws it. In /lab/ and in /doc/ (the tip for a phone in docs/TOEGANKELIJKHEID.md)."""
    page = lab_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    lab_page.open_notebook(WORKBOOKS[0], ui=ui)
    wide = _menus_on_screen(page)
    menus = [i["label"] for i in wide["items"]]
    assert {"File", "Settings", "Help"} <= set(menus) and wide["clickable"] == menus, wide
    assert len({i["top"] for i in wide["items"]}) == 1, f"one row at 1280 px: {wide}"
    assert lab_page.run_all(), f"a cell of {WORKBOOKS[0]} raised in JupyterLab"
    page.wait_for_function("() => !!document.querySelector('.sw-kernel-watch[data-heartbeat]')",
                           timeout=30_000)  # the kernel watch is drawn and has heard from Python
    assert _menus_on_screen(page) == wide, "at 1280 px the workbook leaves JupyterLab's menu bar as it was"

    page.set_viewport_size({"width": WIDTHS["360px"], "height": 740})
    try:
        narrow = wait_for(lambda: _reachable_menus(page, menus), timeout=10,
                          what=f"every menu of JupyterLab's menu bar reachable at 360 px in /{ui}/")
    except AssertionError:
        bar = _menus_on_screen(page)
        raise AssertionError(f"at 360 px in /{ui}/ not every menu can be reached, or the bar covers the "
                             f"notebook: clickable {bar['clickable']} of {menus}; {bar}") from None
    print(f"/{ui}/ at 360 px: {[(i['label'], round(i['top'])) for i in narrow['items']]}")

    # the mouse: Help, which ran past the right edge, opens, and its menu is on the screen
    if "Help" in narrow["clickable"]:
        page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Help").first.click()
    else:  # in Lumino's overflow menu
        page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=narrow["clickable"][-1]).first.click()
        page.locator(".lm-Menu .lm-Menu-item", has_text="Help").first.click()
    opened = _open_menu(page)
    assert opened["id"] == "jp-mainmenu-help", opened
    assert opened["left"] >= 0 and opened["right"] <= opened["width"], f"the Help menu on the screen: {opened}"
    _close_menus(page)

    # the keyboard: from File, Left goes round to the last menu, Enter opens it on the screen
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="File").first.focus()
    page.keyboard.press("ArrowLeft")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == narrow["items"][-1]["label"] and focused in narrow["clickable"], focused
    page.keyboard.press("Enter")
    opened = _open_menu(page)
    assert opened["labels"] and opened["left"] >= 0 and opened["right"] <= opened["width"], opened
    _close_menus(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    wait_for(lambda: _menus_on_screen(page) == wide, timeout=10,
             what="back at 1280 px JupyterLab's menu bar is one row again, as it was")
