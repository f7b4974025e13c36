"""The exported pages in a real browser: the portfolio (with every workbook's charts), an
intervision record and the class overview, opened as files as a student or lecturer would.

Each fits a phone screen 360 px wide without sideways scrolling, has one h1 and Dutch as its
language, and axe-core finds no serious or critical accessibility problem. Nothing on them is
fetched from anywhere (the pages are opened with every request outside the file refused).
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from sw_exercises import portfolio
from sw_exercises.classroom.overview import build_overview
from sw_exercises.classroom.report import overview_html
from sw_exercises.intervision_record import SessionRecord, to_html


TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TYPED = "Zoë O'Brien 😀 \"<script>alert('x')</script>\" en een heel lang woord: Belangenbehartigingsorganisatie"


def _portfolio(tmp_path) -> str:
    from test_portfolio_complete import filled_store

    return portfolio.portfolio_html(filled_store(tmp_path / "a.sqlite3"), name=TYPED)


def _record(tmp_path) -> str:
    return to_html(SessionRecord("Groep 3", "Sessie 1", None, participants=["Anaïs", "Bram"],
                                 notes=[("1. Inbreng", TYPED)], learning=TYPED))


def _overview(tmp_path) -> str:
    return overview_html(build_overview([], threshold=5), charts=False)


@pytest.mark.parametrize("make", [_portfolio, _record, _overview], ids=["portfolio", "intervisieverslag", "klasoverzicht"])
def test_an_exported_page_fits_a_phone_and_passes_axe(make, tmp_path, chromium_browser):
    page_file = tmp_path / "export.html"
    page_file.write_text(make(tmp_path), encoding="utf-8")
    outside = []
    page = chromium_browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.route(lambda url: not url.startswith("file://"), lambda route: (outside.append(route.request.url),
                                                                             route.abort()))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "nl"
        assert page.locator("h1").count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 360 px"
        if make is _portfolio:
            assert page.locator("figure.sw-portfolio-chart svg[role=img]").count() >= 6
            widest = page.evaluate("Math.max(...[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().right))")
            assert widest <= 360
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                           "resultTypes": ["violations"]}).response
        serious = [f"{v['id']}: {n['html'][:120]}" for v in results["violations"]
                   if v["impact"] in ("serious", "critical") for n in v["nodes"]]
        assert not serious, serious
    finally:
        page.close()
    assert outside == []
