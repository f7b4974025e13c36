"""Workbook 01 in a real JupyterLab in headless Chromium: answers survive a kernel restart."""
import json
import sqlite3

from playwright.sync_api import expect

NOTEBOOK = "01_sociale_afstand.ipynb"
GROUP = ".sw-group-werklozen"
REFLECTION = ".sw-item-reflection-meeste_afstand"
TEXT = "Ik voel afstand tot mensen die ik nooit spreek. <b>geen opmaak</b> 😀"


def test_scale_answer_and_reflection_come_back_after_a_kernel_restart(lab, lab_page, tmp_path):
    page = lab_page.open_notebook(NOTEBOOK)
    assert page.run_all(), "a cell raised an error"

    group = page.locator(GROUP)
    group.scroll_into_view_if_needed()
    # keyboard only: focus the checkbox for 'collega' and press space; then 'buurman of -vrouw'
    for label in ("collega", "buurman of -vrouw"):
        box = group.get_by_label(label, exact=True)
        box.focus()
        box.press("Space")
        expect(box).to_be_checked()
    expect(group.locator(".sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
    # 3 = buur and 4 = collega accepted, 5 and 6 refused: against the perfect 5, 6 that is four cells
    # (Goodenough-Edwards); 'collega' carries its note that it cannot literally apply to werklozen
    expect(group).to_contain_text("Afstand 3")
    expect(group).to_contain_text("4 Guttman-fouten")
    expect(group).to_contain_text("kan hier niet letterlijk")
    # another group: 'geen van deze relaties' is distance 7; 'Wis antwoord' makes it unanswered again
    other = page.locator(".sw-group-geloof")
    other.scroll_into_view_if_needed()
    other.get_by_label("geen van deze relaties", exact=True).check()
    expect(other).to_contain_text("Afstand 7: geen van deze relaties")
    other.get_by_role("button", name="Wis antwoord").click()
    expect(other).to_contain_text("Nog niet beantwoord")
    expect(other.get_by_label("geen van deze relaties", exact=True)).not_to_be_checked()
    # the profile and consistency cells follow the scale
    expect(page.locator(".sw-bogardus-profile")).to_contain_text("werklozen")
    expect(page.locator(".sw-bogardus-consistency")).to_contain_text("maar niet als 'medeburger' of 'bezoeker'")

    box = page.locator(f"{REFLECTION} textarea")
    box.scroll_into_view_if_needed()
    box.fill("")  # the browser tests share one workspace: start from an empty answer
    box.press_sequentially(TEXT, delay=15)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
    page.screenshot(tmp_path / "voor-herstart.png", full_page=False)

    # the answers are in the student's database file, not only in the browser
    con = sqlite3.connect(lab.workspace_dir / "antwoorden.sqlite3")
    stored = dict(con.execute("SELECT item, value FROM revision WHERE workbook = '01_sociale_afstand' ORDER BY id"))
    assert '"accepted": [3, 4]' in stored["bogardus/werklozen"]
    assert json.loads(stored["reflection/meeste_afstand"]) == TEXT

    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    group = page.locator(GROUP)
    group.scroll_into_view_if_needed()
    expect(group.get_by_label("collega", exact=True)).to_be_checked()
    expect(group.get_by_label("buurman of -vrouw", exact=True)).to_be_checked()
    expect(group.get_by_label("verwant (familie of huwelijk)", exact=True)).not_to_be_checked()
    expect(group).to_contain_text("Afstand 3")
    expect(page.locator(f"{REFLECTION} textarea")).to_have_value(TEXT)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("teruggezet")
    page.screenshot(tmp_path / "na-herstart.png", full_page=False)
