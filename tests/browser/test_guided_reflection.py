"""Guided reflection in a real browser: in the app a student answers a prompt with Korthagen's five
phases and the variant without an internship; JupyterLab shows the same answer, form and variant."""
import json
import sqlite3
import uuid

from playwright.sync_api import expect

NOTEBOOK = "04_kwetsbaarheid.ipynb"
BOX = ".sw-item-reflection-eigen_taal"


def _stored(workspace) -> object:
    con = sqlite3.connect(workspace / "antwoorden.sqlite3")
    try:
        row = con.execute("SELECT value FROM revision WHERE workbook = '04_kwetsbaarheid' "
                          "AND item = 'reflection/eigen_taal' ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return json.loads(row[0]) if row else None


def test_a_guided_answer_without_internship_in_the_app_comes_back_in_jupyterlab(app, app_page, lab_page):
    feeling = f"Ik schrok van mijn eigen woord {uuid.uuid4().hex[:6]}."
    plan = "Ik schrijf voortaan wat er gebeurde in plaats van 'kwetsbaar'."
    page = app_page.open(NOTEBOOK).page
    box = page.locator(BOX)
    box.scroll_into_view_if_needed()
    expect(box).to_contain_text("uit je stage")
    box.get_by_role("checkbox").check()
    expect(box.locator("h4 + p")).to_contain_text("nieuwsbericht")  # the variant without an internship
    box.locator("select").select_option(label="Korthagen: de reflectiecirkel in vijf fasen (ALACT)")
    phases = box.locator("textarea")
    expect(phases).to_have_count(5)
    expect(box).to_contain_text("2. Terugblikken op het handelen (Looking back on the action)")
    phases.nth(1).fill(feeling)
    phases.nth(4).fill(plan)
    expect(box.locator(".sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
    stored = _stored(app.workspace_dir)
    assert stored["model"] == "korthagen" and stored["variant"] == "zonder_stage"
    assert stored["parts"]["terugblikken"] == feeling and stored["parts"]["uitproberen"] == plan

    lab = lab_page.open_notebook(NOTEBOOK)
    assert lab.run_all(), "a cell raised an error"
    lab_box = lab.locator(BOX)
    lab_box.scroll_into_view_if_needed()
    expect(lab_box.get_by_role("checkbox")).to_be_checked()
    expect(lab_box.locator("select option:checked")).to_have_text("Korthagen: de reflectiecirkel in vijf fasen (ALACT)")
    expect(lab_box.locator("textarea").nth(1)).to_have_value(feeling)
    expect(lab_box.locator("textarea").nth(4)).to_have_value(plan)
