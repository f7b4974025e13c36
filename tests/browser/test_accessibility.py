"""Accessibility audit of every workbook in the app (Voila, as `werkboek app` starts it), in headless
Chromium, after the workbook has run and every widget is drawn: axe-core (axe-playwright-python)
with the WCAG 2.0/2.1/2.2 A and AA rules finds no serious or critical violation in the project's own
content, and every plot has its text alternative (title and summary) right above it.

Violations that come only from third-party UI (Voila, JupyterLab's widgets) may be
excluded, but only through EXCLUDED below (rule id + CSS selector pattern + reason), never by
switching a rule off; every excluded violation is printed. See docs/TOEGANKELIJKHEID.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

WORKBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "workbooks").glob("*.ipynb"))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
#: Charts and diagrams (all inline SVG) every workbook draws before anything is answered (a chart of
#: answers shows only its text until there are answers): the helper-role matrix, the dataset charts.
DIAGRAMS_AT_LEAST = {"03_zes_rollen.ipynb": 2, "06_het_sociale.ipynb": 4}


@dataclass(frozen=True)
class Exclusion:
    rule: str       # axe rule id
    selector: str   # regular expression, searched in the node's CSS selector (axe 'target')
    reason: str     # why this is not the project's own content, and what the user has instead


#: Known violations in third-party UI. Empty at present: every violation the audit found was fixed in
#: our own code (sliders replaced by labelled dropdowns, underlined links, a list without items).
#: An entry needs a reason a reviewer can check; docs/TOEGANKELIJKHEID.md lists the same entries.
EXCLUDED: list[Exclusion] = []


def _target(node: dict) -> str:
    return " ".join(str(part) for part in node.get("target", []))


def _excluded(rule: str, node: dict) -> Exclusion | None:
    return next((e for e in EXCLUDED if e.rule == rule and re.search(e.selector, _target(node))), None)


#: an SVG diagram: its visible text right above it, and its own <title>/<desc> as accessible name. Each
#: is brought into view first and read a frame later, as a reader sees it: the app lays out a cell
#: only near the screen (content-visibility), and innerText of a cell not laid out is empty.
DIAGRAM_TEXTS_JS = r"""
async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
  const found = [];
  for (const svg of document.querySelectorAll('#rendered_cells svg.sw-diagram')) {
    svg.scrollIntoView({block: 'center'});
    await frame(); await frame();
    const text = svg.previousElementSibling;
    const ok = text && text.classList.contains('sw-plot-text');
    const title = svg.querySelector('title');
    const desc = svg.querySelector('desc');
    found.push({title: title ? title.textContent : '', text: ok ? text.innerText : '',
                desc: desc ? desc.textContent : '', role: svg.getAttribute('role'),
                visible: !!ok && text.getBoundingClientRect().height > 0});
  }
  window.scrollTo(0, 0);
  return found;
}
"""


def audit(page, label: str) -> tuple[dict, list[str]]:
    """Run axe on the page as it is now; (axe results, excluded lines). Fails on serious/critical."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                       "resultTypes": ["violations"]}).response
    assert results["testEngine"]["name"] == "axe-core"
    failures, excluded = [], []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            exclusion = _excluded(violation["id"], node)
            line = f"{violation['id']} ({violation['impact']}): {_target(node)}\n    {node['html'][:160]}"
            if exclusion:
                excluded.append(f"{line}\n    excluded: {exclusion.reason}")
            else:
                failures.append(f"{line}\n    {violation['help']}: {node.get('failureSummary', '')[:300]}")
    for line in excluded:
        print(f"[{label}] EXCLUDED {line}")
    assert not failures, f"{label}: serious or critical accessibility violations:\n" + "\n".join(failures)
    return results, excluded


def check_diagram_texts(page, label: str, at_least: int = 0) -> list[dict]:
    """Every SVG diagram has the same visible text alternative as a plot, also as its <desc>."""
    diagrams = page.evaluate(DIAGRAM_TEXTS_JS)
    assert len(diagrams) >= at_least, f"{label}: expected at least {at_least} diagrams, found {len(diagrams)}"
    for diagram in diagrams:
        assert diagram["visible"] and diagram["role"] == "img", f"{label}: a diagram without its text: {diagram}"
        assert diagram["title"] and diagram["title"].rstrip(".") in diagram["text"], diagram
        assert diagram["desc"] == diagram["text"], diagram
        assert re.match(r"^(Stippengrafiek|Staafdiagram|Lijngrafiek|Padgrafiek|Matrix): ", diagram["text"]), diagram
    return diagrams


@pytest.mark.parametrize("notebook", WORKBOOKS)
def test_workbook_in_the_app_has_no_serious_accessibility_violations(app, app_page, notebook):
    page = app_page.open(notebook).page
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    assert page.locator("main #rendered_cells, #rendered_cells main").count() == 1, "the workbook sits in <main>"
    results, excluded = audit(page, notebook)
    plots = check_diagram_texts(page, notebook, DIAGRAMS_AT_LEAST.get(notebook, 0))
    assert page.locator("#rendered_cells .js-plotly-plot").count() == 0, "a workbook's charts are SVG"
    print(f"[{notebook}] axe {results['testEngine']['version']}: 0 serious/critical, {len(excluded)} excluded, "
          f"{len(plots)} plots with a text alternative")
