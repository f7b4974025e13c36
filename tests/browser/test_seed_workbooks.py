"""Every data-driven workbook in a real browser: answer its first exercise, restart, find it back."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
NL = ROOT / "sw_exercises" / "locales" / "nl"
SEED_WORKBOOKS = [p.stem for p in sorted(NL.glob("0[4-9]_*.json")) if (ROOT / "workbooks" / f"{p.stem}.ipynb").exists()]


def first_element(workbook_id):
    return json.loads((NL / f"{workbook_id}.json").read_text(encoding="utf-8"))["elements"][0]


def answer(element, spec):
    """Give an answer through the keyboard or mouse; return a function that checks it is shown."""
    kind = spec["type"]
    if kind in ("checklist", "choice") and (kind == "checklist" or spec.get("multiple")):
        label = (spec["items"] if kind == "checklist" else spec["options"])[0]["label"]
        box = element.get_by_label(label, exact=True)
        box.focus()
        box.press("Space")
        return lambda el: expect(el.get_by_label(label, exact=True)).to_be_checked()
    if kind == "choice":
        label = spec["options"][0]["label"]
        element.get_by_label(label, exact=True).check()
        return lambda el: expect(el.get_by_label(label, exact=True)).to_be_checked()
    select = element.locator("select").nth(1 if kind == "rating" and spec.get("repeat") else 0)
    select.select_option(index=2)
    chosen = select.locator("option:checked").inner_text()

    def check(el):
        again = el.locator("select").nth(1 if kind == "rating" and spec.get("repeat") else 0)
        expect(again.locator("option:checked")).to_have_text(chosen)
    return check


@pytest.mark.parametrize("workbook_id", SEED_WORKBOOKS)
def test_first_exercise_survives_a_kernel_restart(lab, lab_page, workbook_id):
    spec = first_element(workbook_id)
    selector = f".sw-item-element-{spec['id']}"
    page = lab_page.open_notebook(f"{workbook_id}.ipynb")
    assert page.run_all(), "a cell raised an error"
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    check = answer(element, spec)
    expect(element.locator(".sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)
    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    check(element)


def test_lexicon_search_opens_a_lemma_and_its_reflection_comes_back(lab, lab_page):
    page = lab_page.open_notebook("10_lexicon.ipynb")
    assert page.run_all(), "a cell raised an error"
    contents = page.locator(".sw-lexicon-contents")
    contents.get_by_label("Zoek op titel of begrip:").fill("presentie")
    contents.locator("select").select_option(index=0)
    contents.get_by_role("button", name="Open dit lemma").click()
    entry = page.locator(".sw-lexicon-entry")
    expect(entry.locator("h3")).to_contain_text("Presentie")
    box = entry.locator(".sw-reflection textarea").first
    box.fill("")
    box.press_sequentially("Aanwezig zijn zonder meteen op te lossen.", delay=10)
    expect(entry.locator(".sw-reflection .sw-save-status").first).to_contain_text("Opgeslagen", timeout=15_000)
    page.restart_kernel()
    assert page.run_all(), "a cell raised an error after the restart"
    entry = page.locator(".sw-lexicon-entry")
    expect(entry.locator("h3")).to_contain_text("Presentie")  # the last lemma opened comes back
    expect(entry.locator(".sw-reflection textarea").first).to_have_value("Aanwezig zijn zonder meteen op te lossen.")
