"""Workbook 92 in a real browser: a short session through two steps survives a kernel restart."""
from playwright.sync_api import expect

NOTEBOOK = "92_intervisie.ipynb"


def test_a_session_through_two_steps_comes_back_after_a_restart(lab, lab_page):
    page = lab_page.open_notebook(NOTEBOOK)
    assert page.run_all(), "a cell raised an error"
    session = page.locator(".sw-intervision")
    session.get_by_label("Deelnemers:").fill("Amira\nBas\nChen\nDewi")
    session.get_by_role("button", name="Stel rolverdeling voor").click()
    timer = session.locator(".sw-timer")
    timer.scroll_into_view_if_needed()
    expect(timer).to_contain_text("Stap 1 van")
    timer.get_by_role("button", name="Start").click()
    countdown = timer.locator(".widget-html").nth(1)
    first = countdown.inner_text()
    page.page.wait_for_timeout(2500)  # the clock runs in the background: the kernel stays free
    expect(countdown).not_to_have_text(first)
    notes = session.locator(".sw-reflection textarea").first
    notes.fill("Stap 1: de inbrenger vertelt over een huisbezoek.")
    expect(session.locator(".sw-reflection .sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)

    timer.get_by_role("button", name="Volgende stap").click()
    expect(timer).to_contain_text("Stap 2 van")
    notes = session.locator(".sw-reflection textarea").first
    expect(notes).to_have_value("")
    notes.fill("Stap 2: vragen over de eerste minuut.")
    expect(session.locator(".sw-reflection .sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)
    page.page.wait_for_timeout(1200)  # roles and participants are saved after a short pause

    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    session = page.locator(".sw-intervision")
    timer = session.locator(".sw-timer")
    timer.scroll_into_view_if_needed()
    expect(timer).to_contain_text("Stap 2 van")
    expect(session.get_by_label("Deelnemers:")).to_have_value("Amira\nBas\nChen\nDewi")
    expect(session.locator(".sw-reflection textarea").first).to_have_value("Stap 2: vragen over de eerste minuut.")
    timer.get_by_role("button", name="Vorige stap").click()
    expect(timer).to_contain_text("Stap 1 van")
    expect(session.locator(".sw-reflection textarea").first).to_have_value(
        "Stap 1: de inbrenger vertelt over een huisbezoek.")
