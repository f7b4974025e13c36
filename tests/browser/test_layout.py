"""Layout and access in the app (WCAG 2.2, 1.4.10 Reflow; issue 16 point 5), for EVERY workbook in
workbooks/ (discovered, not listed): at a 360 px wide screen and at 1280 px with 200 % zoom (a 640 px
CSS viewport: that is what zooming does to the layout) nothing reaches past the right edge and no
text or control is clipped inside a box (a table or chart may scroll inside its own box); the page
never scrolls sideways; one h1 and no skipped heading levels; a skip link is the first Tab stop; the
app never tells the student about code, cells or menus. A full-page screenshot per workbook and
width is saved (the path is printed)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sw_exercises.i18n import t

WORKBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "workbooks").glob("*.ipynb"))
WIDTHS = {"360px": 360, "200pct": 640}  # 1280 px at 200 % zoom = a 640 px CSS viewport

#: What a table or chart is: the only things that may scroll sideways inside their own box.
TABLE_OR_CHART = "table, svg, canvas, .js-plotly-plot, .plot-container"

#: The geometry check, shared with tests/browser/test_lab_layout.py: ``[tableOrChart, rootSelector]``.
#: The right edge is the viewport's, or the visible right edge of ``root`` where that is narrower (in
#: JupyterLab the notebook's own scroll box: what sticks out of it is cut off or needs sideways scrolling).
LAYOUT_JS = r"""
([tableOrChart, rootSelector]) => {
  const root = document.querySelector(rootSelector);
  const rootBox = root.getBoundingClientRect();
  const W = Math.min(document.documentElement.clientWidth, rootBox.left + root.clientLeft + root.clientWidth);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = Array.from(el.classList).filter(c => c.startsWith('sw-') || c.startsWith('widget-')).slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return text ? `${s} "${text}"` : s;
  };
  const scrolls = (el) => {
    const s = getComputedStyle(el);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
  };
  const isTableOrChart = (el) => el.matches(tableOrChart);
  const hidden = (el, s) => s.display === 'none' || s.visibility === 'hidden' || el.closest('[hidden], .sw-skip-link');
  const past = [], clipped = [], wrongScroller = [];
  for (const el of root.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (hidden(el, s)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let inScroller = false;
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      if (scrolls(p)) { inScroller = true; break; }
    }
    if (inScroller) continue;
    if (scrolls(el) && !isTableOrChart(el)) wrongScroller.push(describe(el) + ` (${el.scrollWidth} > ${el.clientWidth})`);
    if (r.right > W + 1) past.push(describe(el) + ` (right ${Math.round(r.right)} > ${W})`);
    const hides = s.overflowX === 'hidden' || s.overflowX === 'clip';
    const content = (el.innerText || '').trim() || el.querySelector('input, textarea, select, button');
    if (hides && content && el.scrollWidth > el.clientWidth + 1) {
      const edge = r.right;
      const out = Array.from(el.querySelectorAll('*')).filter(c => c.getBoundingClientRect().right > edge + 1);
      const culprit = out.length ? out[0] : null;
      clipped.push(describe(el) + ` (${el.scrollWidth} > ${el.clientWidth})` +
                   (culprit ? ` first too wide: ${describe(culprit)} ${culprit.className} style="${culprit.getAttribute('style') || ''}"` : ''));
    }
  }
  // a widget's parts stay inside the widget: a wrapped label that runs over the next control is cut off too
  const spill = [];
  for (const w of root.querySelectorAll('.widget-inline-hbox, .widget-checkbox')) {
    if (w.getClientRects().length === 0 || w.closest('.sw-skip-link')) continue;
    const box = w.getBoundingClientRect();
    for (const part of w.querySelectorAll('label, .widget-label, input, select, textarea')) {
      const r = part.getBoundingClientRect();
      if (r.height > 0 && (r.bottom > box.bottom + 1 || r.top < box.top - 1)) {
        spill.push(describe(w) + ': ' + describe(part) + ` (${Math.round(r.top)}-${Math.round(r.bottom)} outside ${Math.round(box.top)}-${Math.round(box.bottom)})`);
        break;
      }
    }
  }
  return {
    spill: spill.slice(0, 15), spillCount: spill.length,
    width: W, innerWidth: window.innerWidth,
    pageScrollWidth: document.scrollingElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth,
    rootScrollWidth: root.scrollWidth, rootClientWidth: root.clientWidth,
    past: past.slice(0, 15), pastCount: past.length,
    clipped: clipped.slice(0, 15), clippedCount: clipped.length,
    wrongScroller: wrongScroller.slice(0, 15),
  };
}
"""

HEADINGS_JS = r"""
() => Array.from(document.querySelectorAll('#rendered_cells h1, #rendered_cells h2, #rendered_cells h3, ' +
                                           '#rendered_cells h4, #rendered_cells h5, #rendered_cells h6, ' +
                                           '#rendered_cells [role=heading]'))
  .filter(h => h.getClientRects().length > 0)
  .map(h => [Number(h.getAttribute('aria-level')) || Number(h.tagName.slice(1)), h.textContent.trim().slice(0, 60)])
"""

#: The font of every visible answer field (textarea, text input) under ``root``: [family, size in px].
ANSWER_FONTS_JS = r"""
(root) => Array.from(document.querySelectorAll(`${root} textarea, ${root} input[type=text]`))
  .filter(e => e.getClientRects().length > 0)
  .map(e => [getComputedStyle(e).fontFamily, parseFloat(getComputedStyle(e).fontSize)])
"""

#: What only makes sense in JupyterLab: menus, running cells, code, keyboard shortcuts for running cells.
#: ('het menu' of a dinner and a 'cel' of a matrix are content: only the phrases about Jupyter count.)
LAB_WORDS = re.compile(r"\bRun\b|Shift\s*\+\s*Enter|\bcode\b|\bcodecel(len)?\b|\bcel(len)? (uit(ge)?voeren|draaien)\b|"
                       r"\bin het menu\b|\bmenubalk\b|\bKernel\b|\bnotebook\b|\bTraceback\b|\bimport\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout-screenshots")
    print(f"\nscreenshots of the layout tests: {folder}")
    return folder


def assert_nothing_cut_off(found: dict, where: str = "") -> None:
    """What LAYOUT_JS found: nothing past the right edge, no text cut off, no widget over the next
    one, and only a table or chart scrolling sideways (also used by test_lab_layout.py)."""
    def listed(key: str) -> str:
        return json.dumps(found[key], ensure_ascii=False, indent=1)

    prefix = f"{where}: " if where else ""
    assert not found["past"], f"{prefix}{found['pastCount']} elements reach past the right edge: {listed('past')}"
    assert not found["clipped"], f"{prefix}{found['clippedCount']} boxes cut off their text: {listed('clipped')}"
    assert not found["spill"], f"{prefix}{found['spillCount']} widgets run over the next one: {listed('spill')}"
    assert not found["wrongScroller"], f"{prefix}only a table or chart may scroll sideways: {found['wrongScroller']}"


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
@pytest.mark.parametrize("notebook", WORKBOOKS)
def test_every_workbook_reflows_without_cutting_anything_off(app_page, notebook, width, screenshots):
    page = app_page.page
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    app_page.open(notebook)
    # layout settled: two animation frames after the last widget was drawn
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    found = page.evaluate(LAYOUT_JS, [TABLE_OR_CHART, "#rendered_cells"])
    # In Voila a box scrolls, not the document: the screenshot gets a window as tall as the page
    tall = page.evaluate("""() => Math.max(document.scrollingElement.scrollHeight, ...Array.from(document.querySelectorAll('*'))
      .filter(e => /auto|scroll/.test(getComputedStyle(e).overflowY)).map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": WIDTHS[width], "height": min(tall, 32_000)})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shot = screenshots / f"{Path(notebook).stem}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert found["width"] <= WIDTHS[width]
    assert found["pageScrollWidth"] <= found["innerWidth"], f"the page scrolls sideways: {found}"
    assert found["bodyScrollWidth"] <= found["width"], f"the page scrolls sideways: {found}"
    assert_nothing_cut_off(found)


@pytest.mark.parametrize("notebook", WORKBOOKS)
def test_every_workbook_has_one_h1_a_sane_heading_order_proportional_answers_and_no_lab_words(app_page, notebook):
    page = app_page.open(notebook).page
    headings = page.evaluate(HEADINGS_JS)
    levels = [level for level, _ in headings]
    assert levels.count(1) == 1 and levels[0] == 1, f"one h1, first: {headings[:5]}"
    jumps = [(a, b) for a, b in zip(headings, headings[1:]) if b[0] > a[0] + 1]
    assert not jumps, f"a heading skips a level: {jumps[:5]}"
    fonts = page.evaluate(ANSWER_FONTS_JS, "#rendered_cells")
    assert not [f for f in fonts if "mono" in f[0].lower() or f[1] < 16], f"answers in a proportional font, >= 16 px: {fonts[:3]}"
    text = page.locator("#rendered_cells").inner_text()
    words = sorted({m.group(0) for m in LAB_WORDS.finditer(text)})
    assert not words, f"the app mentions what only JupyterLab has: {words}: " + \
        "; ".join(text[max(0, m.start() - 60):m.end() + 30].replace("\n", " ") for m in LAB_WORDS.finditer(text))[:600]


@pytest.mark.parametrize("notebook", [WORKBOOKS[0], "01_sociale_afstand.ipynb"])
def test_skip_link_is_the_first_tab_stop_and_moves_past_the_introduction(app_page, notebook):
    page = app_page.open(notebook).page
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim()]")
    assert focused == ["sw-skip-link", t("app.skip_link")]
    assert page.locator(".sw-skip-link").bounding_box()["width"] > 20, "visible once it has focus"
    page.keyboard.press("Enter")
    target = page.evaluate("""() => {
      const a = document.activeElement;
      return {id: a.id, output: a.classList.contains('jp-OutputArea-output'),
              controls: a.querySelectorAll('input, textarea, select, button').length};
    }""")
    has_widgets = page.locator("#rendered_cells .jupyter-widgets button, #rendered_cells .jupyter-widgets input, "
                               "#rendered_cells .jupyter-widgets textarea, #rendered_cells .jupyter-widgets select").count()
    if has_widgets:
        assert target["output"] and target["controls"] > 0, target
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('.jupyter-widgets')"), \
            "the next Tab is a control of the first exercise"
    else:
        assert target["id"] == "sw-main", target
