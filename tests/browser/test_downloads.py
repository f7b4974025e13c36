"""Every export reaches the student as a download the browser saves, in the app (Voila) and in
JupyterLab: the portfolio (HTML and Word), the hand-in file and the intervision record. The test
receives each download and reads what is in it."""
from __future__ import annotations

import json
import re
import zipfile
from html import unescape

from playwright.sync_api import expect

from .download import received
from .voila import AppPage

REFLECTION = ".sw-item-reflection-meeste_afstand"
TEXT = "Afstand voel ik bij wie ik niet ken: één keer per week, café-gesprek 🙂 en 'aanhalingstekens'."


def _download(page, link, target):
    target.write_bytes(received(page, link))
    return target


def _word_text(path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def _answer_in_01(page, text: str = TEXT):
    box = page.locator(f"{REFLECTION} textarea")
    box.scroll_into_view_if_needed()
    box.fill(text)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)


def test_the_portfolio_and_the_hand_in_download_in_the_app(app, app_page, tmp_path):
    _answer_in_01(app_page.open("01_sociale_afstand.ipynb").page)
    page = app_page.open("90_delen_en_exporteren.ipynb").page
    share = page.locator(".sw-portfolio")
    share.get_by_label("Waar voel je de meeste afstand?", exact=True).check()
    share.get_by_role("button", name="Maak portfolio (HTML en Word)").click()
    html_link = share.locator("a.sw-download[download$='.html']")
    expect(html_link).to_have_count(1, timeout=30_000)
    html = _download(page, html_link, tmp_path / "portfolio.html").read_text(encoding="utf-8")
    assert TEXT in unescape(re.sub(r"<[^>]+>", "", html))  # exactly as typed: accents, emoji, apostrophes
    docx = _download(page, share.locator("a.sw-download[download$='.docx']"), tmp_path / "portfolio.docx")
    assert TEXT in _word_text(docx)

    share.get_by_role("button", name="Maak inleverbestand").click()
    json_link = share.locator("a.sw-download[download$='.json']")
    expect(json_link).to_have_count(1, timeout=30_000)
    data = json.loads(_download(page, json_link, tmp_path / "inlevering.json").read_text(encoding="utf-8"))
    assert [a["value"] for a in data["answers"]] == [TEXT] and "name" not in data
    # in the app the student is not sent to a folder: the link is how the file reaches them
    expect(share).not_to_contain_text("bestandsbrowser")


def test_the_hand_in_downloads_in_jupyterlab(lab, lab_page, tmp_path):
    page = lab_page.open_notebook("01_sociale_afstand.ipynb")
    assert page.run_all()
    _answer_in_01(page, TEXT + " In JupyterLab.")  # the app test may have saved TEXT already (one student)
    page = lab_page.open_notebook("90_delen_en_exporteren.ipynb")
    assert page.run_all()
    share = page.locator(".sw-portfolio")
    share.scroll_into_view_if_needed()
    share.get_by_label("Waar voel je de meeste afstand?", exact=True).check()
    share.get_by_role("button", name="Maak inleverbestand").click()
    link = share.locator("a.sw-download[download$='.json']")
    expect(link).to_have_count(1, timeout=30_000)
    data = json.loads(_download(page.page, link, tmp_path / "inlevering.json").read_text(encoding="utf-8"))
    assert TEXT + " In JupyterLab." in [a["value"] for a in data["answers"]]
    expect(share).to_contain_text("mijn-export")  # in JupyterLab the file is in the file browser too


def test_the_intervision_record_downloads_in_the_app(own_app, chromium_browser, tmp_path):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = AppPage(context.new_page(), own_app).open("92_intervisie.ipynb").page
    session = page.locator(".sw-intervision")
    session.get_by_label("Nieuwe groep:").fill("Downloadgroep")
    session.get_by_role("button", name=re.compile(r"Maak groep$")).click()
    session.get_by_role("button", name=re.compile(r"Maak sessie$")).click()
    note = session.locator(".sw-reflection textarea").first
    expect(note).to_be_visible(timeout=30_000)
    note.fill("Wij spraken af: elke week één casus, om de beurt ingebracht.")
    expect(session.locator(".sw-reflection .sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)
    session.get_by_role("button", name=re.compile(r"Controleer en maak verslag")).click()
    link = session.locator("a.sw-download[download$='.md']")
    expect(link).to_have_count(1, timeout=30_000)
    text = _download(page, link, tmp_path / "verslag.md").read_text(encoding="utf-8")
    assert "elke week één casus" in text
    for suffix in (".html", ".docx"):
        expect(session.locator(f"a.sw-download[download$='{suffix}']")).to_have_count(1)
    context.close()
