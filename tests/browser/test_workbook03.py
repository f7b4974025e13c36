"""Workbook 03 in a real browser: a role trajectory and a coded client voice survive a restart."""
from playwright.sync_api import expect

NOTEBOOK = "03_zes_rollen.ipynb"
VOICE = ".sw-voice-greet_bureau"
ROLE = "Rol die je innam"  # the label of the role dropdown in each phase (a phase has more dropdowns)


def test_trajectory_and_client_voice_survive_a_kernel_restart(lab, lab_page):
    page = lab_page.open_notebook(NOTEBOOK)
    assert page.run_all(), "a cell raised an error"
    expect(page.locator(".sw-roles-matrix")).to_contain_text("De controleur-inspecteur")
    expect(page.locator(".sw-roles-matrix .sw-doubt").first).to_be_visible()

    phases = page.locator(".sw-phase")
    phases.nth(0).get_by_label(ROLE).select_option(label="3. De redder")
    phases.nth(1).get_by_label(ROLE).select_option(label="4. De probleemoplosser")
    phases.nth(2).get_by_label(ROLE).select_option(label="5. De begeleider")
    note = phases.nth(0).locator("textarea")
    note.fill("")
    note.press_sequentially("Eerst het huis warm en veilig.", delay=10)
    trajectory = page.locator(".sw-roles-trajectory")
    expect(trajectory).to_contain_text("volgt de volgorde uit het lemma")
    expect(trajectory.locator(".sw-save-status").last).to_contain_text("Opgeslagen", timeout=15_000)

    voice = page.locator(VOICE)
    voice.scroll_into_view_if_needed()
    voice.get_by_label("afstandelijk", exact=True).check()
    expect(voice.locator(".sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
    voice.get_by_role("button", name="Vergelijk met de lezing van het werkboek").click()
    expect(voice).to_contain_text("1 van de 1")

    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    phases = page.locator(".sw-phase")
    expect(phases.nth(0).get_by_label(ROLE).locator("option:checked")).to_have_text("3. De redder")
    expect(phases.nth(2).get_by_label(ROLE).locator("option:checked")).to_have_text("5. De begeleider")
    expect(phases.nth(0).locator("textarea")).to_have_value("Eerst het huis warm en veilig.")
    expect(page.locator(VOICE).get_by_label("afstandelijk", exact=True)).to_be_checked()
    expect(page.locator(".sw-roles-trajectory")).to_contain_text("volgt de volgorde uit het lemma")
