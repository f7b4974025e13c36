"""Workbook 92 in a real browser: the step clock ticks in the page, keeps going while the kernel is busy
and across a re-run of the cell, and no second clock keeps ticking behind it."""
import re

from playwright.sync_api import expect

NOTEBOOK = "92_intervisie.ipynb"
TICKING = "() => (globalThis.__swStepClocks ? globalThis.__swStepClocks.size : 0)"


def button(scope, name):
    """The button called ``name`` (an icon before the text is allowed; no other button that merely contains it)."""
    return scope.get_by_role("button", name=re.compile(rf"(?:^|\W){re.escape(name)}$"))


def clock_parts(page):
    clock = page.locator(".sw-clock")
    return clock, clock.locator(".sw-clock-time")


def test_one_clock_keeps_going_across_a_rerun_of_the_cell(lab, lab_page, tmp_path):
    page = lab_page.open_notebook(NOTEBOOK)
    assert page.run_all(), "a cell raised an error"
    session = page.locator(".sw-intervision")
    expect(session).to_contain_text("Nog geen groep")  # opening the workbook made nothing
    session.get_by_label("Nieuwe groep:").fill("Browsergroep klok")
    button(session, "Maak groep").click()
    button(session, "Maak sessie").click()
    clock, time = clock_parts(page)
    expect(clock).to_have_count(1)
    clock.scroll_into_view_if_needed()
    expect(clock).to_contain_text("Stap 1 van")
    button(clock, "Start").click()
    expect(button(clock, "Pauze")).to_be_visible()
    first = time.inner_text()
    expect(time).not_to_have_text(first, timeout=5_000)  # it ticks

    notes = session.locator(".sw-reflection textarea").first
    notes.fill("Stap 1: de inbrenger vertelt over een huisbezoek.")
    expect(session.locator(".sw-reflection .sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)
    button(clock, "Volgende stap").click()
    expect(clock).to_contain_text("Stap 2 van")
    expect(session.locator(".sw-reflection textarea").first).to_have_value("", timeout=15_000)

    # the kernel is busy until the test has seen the clock in the page go on: it keeps going
    release = tmp_path / "klaar"
    busy = (f"import os, time\nend = time.monotonic() + 60\n"
            f"while not os.path.exists({str(release)!r}) and time.monotonic() < end:\n    pass")
    page.page.evaluate("""(code) => {
        const panel = window.jupyterapp.shell.currentWidget;
        panel.sessionContext.session.kernel.requestExecute({code});
    }""", busy)
    page.page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'busy'")
    during = time.inner_text()
    expect(time).not_to_have_text(during, timeout=3_000)
    release.write_text("")
    page.page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                                timeout=30_000)

    # the cell runs again: one clock, still on step 2 and still running, and only one ticking
    assert page.run_all(), "a cell raised an error on the re-run"
    clock, time = clock_parts(page)
    expect(clock).to_have_count(1)
    page.page.wait_for_function(f"() => ({TICKING})() === 1")
    expect(clock).to_contain_text("Stap 2 van")
    expect(button(clock, "Pauze")).to_be_visible()
    shown = time.inner_text()
    assert "gepauzeerd" not in shown
    expect(time).not_to_have_text(shown, timeout=5_000)
    assert page.page.evaluate(TICKING) == 1

    # 'Vorige stap' keeps the time step 1 ran, and its notes come back
    button(clock, "Vorige stap").click()
    expect(clock).to_contain_text("Stap 1 van")
    expect(session.locator(".sw-reflection textarea").first).to_have_value(
        "Stap 1: de inbrenger vertelt over een huisbezoek.", timeout=15_000)
    assert time.inner_text() < first  # less left than when step 1 first ticked: its time was kept

    # a minute before the end the clock says so; the big clock fills the screen and Escape closes it
    for _ in range(4):
        button(clock, "−1 min").click()
    expect(clock.locator(".sw-clock-box")).to_have_attribute("data-state", "warning")
    expect(clock.locator(".sw-clock-status")).to_have_text("Nog één minuut voor deze stap.")
    button(clock, "Grote klok").click()
    overlay = page.page.locator(".sw-clock-overlay")
    expect(overlay).to_be_visible()
    expect(overlay.locator(".sw-clock-overlay-time")).to_have_text(re.compile(r"^-?\d\d:\d\d"))
    page.page.keyboard.press("Escape")
    expect(overlay).to_have_count(0)
