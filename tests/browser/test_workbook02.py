"""Workbook 02 in a real browser: a named case analysis survives a kernel restart."""
from playwright.sync_api import expect

NOTEBOOK = "02_viervenstermodel.ipynb"
CASE = "mijn_casus"
WINDOW_TEXT = ".sw-window-inwoner .sw-reflection"
ELEMENT = f".sw-item-case-{CASE}-element-regie_zeggenschap"
LINK = f".sw-item-case-{CASE}-link-inwoner_professional"
# the ratings of a window, and the links, share one status line each (under their dropdowns)
ELEMENT_STATUS = ".sw-window-inwoner .sw-selectgroup > .sw-save-status"  # the ratings' status, under them
LINK_STATUS = ".sw-links .sw-selectgroup > .sw-save-status"
TEXT = "Moeder wil zelf de regie; de vader doet nog niet mee."


def test_case_analysis_and_chart_survive_a_kernel_restart(lab, lab_page):
    page = lab_page.open_notebook(NOTEBOOK)
    assert page.run_all(), "a cell raised an error"
    expect(page.locator(".sw-viervenster-example")).to_contain_text("Manon")

    text = page.locator(f"{WINDOW_TEXT} textarea")
    text.scroll_into_view_if_needed()
    text.fill("")
    text.press_sequentially(TEXT, delay=10)
    expect(page.locator(f"{WINDOW_TEXT} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)

    rating = page.locator(f"{ELEMENT} select")
    rating.scroll_into_view_if_needed()
    rating.select_option(label="2 · grotendeels")
    expect(page.locator(ELEMENT_STATUS)).to_contain_text("Opgeslagen", timeout=15_000)
    page.locator(f"{LINK} select").select_option(label="sluit deels aan")
    expect(page.locator(LINK_STATUS)).to_contain_text("Opgeslagen", timeout=15_000)
    # the chart cell follows: one window has text and one element is rated
    expect(page.locator(".sw-viervenster-chart")).to_contain_text("1 / 5")
    expect(page.locator(".sw-viervenster-chart")).to_contain_text("Casus 'Mijn casus'")

    # a second named case starts empty and does not touch the first
    selector = page.locator(".sw-case-selector").first
    selector.get_by_label("Nieuwe casus:").fill("Gezin B.")
    selector.get_by_role("button", name="Maak casus").click()
    expect(page.locator(f"{WINDOW_TEXT} textarea")).to_have_value("")
    expect(page.locator(".sw-viervenster-chart")).to_contain_text("Casus 'Gezin B.'")
    selector.locator("select").select_option(label="Mijn casus")
    expect(page.locator(f"{WINDOW_TEXT} textarea")).to_have_value(TEXT)

    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    expect(page.locator(".sw-case-selector select option:checked").first).to_have_text("Mijn casus")
    expect(page.locator(f"{WINDOW_TEXT} textarea")).to_have_value(TEXT)
    expect(page.locator(f"{ELEMENT} select option:checked")).to_have_text("2 · grotendeels")
    expect(page.locator(f"{LINK} select option:checked")).to_have_text("sluit deels aan")
    expect(page.locator(".sw-viervenster-chart")).to_contain_text("1 / 5")
