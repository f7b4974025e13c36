"""The zero-install site (``make site``) in headless Chromium, served by a plain static server, with
every request to another host blocked: workbook 01 from the start page, answers kept in the
browser across a reload and seen by the site's JupyterLab, and a back-up made by the laptop
version put back in the browser.

Skipped (with the reason) only when the site cannot be built because the package registries
cannot be reached; the build is cached on the hash of its inputs (tests/browser/static_site.py).
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from sw_exercises.backup import make_backup
from sw_exercises.store import AnswerStore

from .download import received
from .static_site import SiteUnavailable, block_other_hosts, built_site, serving, wait_interactive

GROUP = ".sw-group-werklozen"
REFLECTION = ".sw-item-reflection-afstand_in_praktijk"
OTHER_REFLECTION = ".sw-item-reflection-meeste_afstand"
SAVED = "Opgeslagen"


@pytest.fixture(scope="module")
def site_url():
    try:
        site = built_site()
    except SiteUnavailable as exc:
        pytest.skip(f"the site cannot be built: the package registries (PyPI, npm) cannot be reached\n{exc}")
    with serving(site) as url:
        yield url


@pytest.fixture
def site_page(chromium_browser, site_url):
    """A fresh browser profile (empty site storage); ``.blocked`` lists requests to other hosts."""
    context = chromium_browser.new_context(accept_downloads=True)
    context.set_default_timeout(30_000)
    blocked = block_other_hosts(context)
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()
    assert not blocked, f"the site asked another host for: {blocked[:5]}"


def test_workbook_01_from_the_start_page_keeps_a_ticked_box_and_an_answer_after_a_reload_and_in_jupyterlab(site_page, site_url):
    page = site_page
    page.goto(site_url + "index.html")
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    app_link = page.locator("a[href*='01_sociale_afstand'].app")
    expect(page.locator("a[href*='01_sociale_afstand'].lab")).to_have_count(1)
    app_link.click()
    page.wait_for_url("**/voici/render/01_sociale_afstand.html")
    wait_interactive(page)

    group = page.locator(GROUP)
    group.scroll_into_view_if_needed()
    box = group.get_by_label("collega", exact=True)
    box.check()
    expect(group.locator(".sw-save-status")).to_contain_text(SAVED, timeout=30_000)
    text = f"In de browser geschreven {uuid.uuid4().hex[:8]} 😀"
    answer = page.locator(f"{REFLECTION} textarea")
    answer.scroll_into_view_if_needed()
    answer.fill(text)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text(SAVED, timeout=30_000)

    page.reload()
    wait_interactive(page)
    expect(page.locator(GROUP).get_by_label("collega", exact=True)).to_be_checked()
    expect(page.locator(f"{REFLECTION} textarea")).to_have_value(text)
    assert "Traceback" not in page.locator("body").inner_text()

    # the JupyterLab version of the site keeps its answers in the same browser storage
    page.goto(site_url + "lab/index.html?path=01_sociale_afstand.ipynb")
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=120_000)
    page.locator(".jp-Notebook").first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells").first.click()
    wait_interactive(page)
    answer = page.locator(f"{REFLECTION} textarea")
    answer.scroll_into_view_if_needed()
    expect(answer).to_have_value(text)
    expect(page.locator(GROUP).get_by_label("collega", exact=True)).to_be_checked()


def test_two_tabs_of_the_site_keep_each_others_answers(site_page, site_url):
    """Two tabs, each with its own Python in the browser, both open before either saves: each keeps
    its own answer file, so a fresh page finds both answers (nothing overwritten)."""
    first = site_page
    second = first.context.new_page()
    for page in (first, second):
        page.goto(site_url + "voici/render/01_sociale_afstand.html")
        wait_interactive(page)
    texts = {}
    for page, item in ((first, REFLECTION), (second, OTHER_REFLECTION)):
        texts[item] = f"Tab {uuid.uuid4().hex[:8]}"
        answer = page.locator(f"{item} textarea")
        answer.scroll_into_view_if_needed()
        answer.fill(texts[item])
        expect(page.locator(f"{item} .sw-save-status")).to_contain_text(SAVED, timeout=30_000)
    third = first.context.new_page()
    third.goto(site_url + "voici/render/01_sociale_afstand.html")
    wait_interactive(third)
    for item, text in texts.items():
        expect(third.locator(f"{item} textarea")).to_have_value(text)


def test_a_backup_from_the_laptop_is_put_back_in_the_browser_and_a_new_one_downloads(site_page, site_url, tmp_path):
    laptop = AnswerStore(tmp_path / "antwoorden.sqlite3")
    given = datetime.now(timezone.utc) - timedelta(days=2)
    laptop_text = f"Op de laptop geschreven {uuid.uuid4().hex[:8]}"
    laptop.save("01_sociale_afstand", "reflection/afstand_in_praktijk", "een eerdere versie", saved_at=given)
    laptop.save("01_sociale_afstand", "reflection/afstand_in_praktijk", laptop_text,
                saved_at=given + timedelta(hours=1))
    backup = tmp_path / "sociaal-werkboek-back-up.json"
    backup.write_bytes(make_backup(laptop))

    page = site_page
    page.goto(site_url + "voici/render/90_delen_en_exporteren.html")
    view = page.locator(".sw-backup")
    view.wait_for(state="visible", timeout=120_000)
    view.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        view.get_by_role("button", name="Zet een back-up terug").click()
    chooser.value.set_files(str(backup))
    expect(view.locator(".sw-backup-message")).to_contain_text("teruggezet: 2 versies toegevoegd", timeout=30_000)
    # the Word export is hidden in the browser, with its one-line note
    expect(page.locator(".sw-browser-note")).to_contain_text("Word")

    view.get_by_role("button", name="Maak een back-up").click()
    link = view.locator(".sw-backup-link a[download]")
    expect(link).to_have_count(1, timeout=30_000)
    made = json.loads(received(page, link))
    assert [r["value"] for r in made["revisions"]] == ["een eerdere versie", laptop_text]

    page.goto(site_url + "voici/render/01_sociale_afstand.html")
    wait_interactive(page)
    expect(page.locator(f"{REFLECTION} textarea")).to_have_value(laptop_text)


def test_the_privacy_check_runs_and_the_portfolio_and_hand_in_download_from_the_site(site_page, site_url):
    page = site_page
    page.goto(site_url + "voici/render/01_sociale_afstand.html")
    wait_interactive(page)
    answer = page.locator(f"{REFLECTION} textarea")
    answer.scroll_into_view_if_needed()
    answer.fill("Mail me gerust op j.jansen@example.nl over mijn stage.")
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text(SAVED, timeout=30_000)

    page.goto(site_url + "voici/render/90_delen_en_exporteren.html")
    view = page.locator(".sw-portfolio")
    view.wait_for(state="visible", timeout=120_000)
    view.scroll_into_view_if_needed()
    view.locator(".sw-share-item input[type=checkbox], input[type=checkbox]").first.check()
    view.get_by_role("button", name="Maak portfolio (HTML)").click()
    expect(view).to_contain_text(re.compile(r"mogelijke? persoonsgegevens?"), timeout=30_000)  # the privacy check ran
    expect(view.locator("a.sw-download")).to_have_count(0)
    view.get_by_label("Toch exporteren", exact=False).check()
    view.get_by_role("button", name="Maak portfolio (HTML)").click()
    link = view.locator("a.sw-download[download$='.html']")
    expect(link).to_have_count(1, timeout=30_000)
    assert "example.nl" in received(page, link).decode("utf-8")
    expect(page.locator(".sw-browser-note")).to_contain_text("Word")

    view.get_by_label("Toch exporteren", exact=False).check()
    view.get_by_role("button", name="Maak inleverbestand").click()
    hand_in = view.locator("a.sw-download[download$='.json']")
    expect(hand_in).to_have_count(1, timeout=30_000)
    data = json.loads(received(page, hand_in))
    assert "01_sociale_afstand" in json.dumps(data)
