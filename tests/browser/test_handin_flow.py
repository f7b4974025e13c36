"""From student to lecturer in a real browser: share, privacy check, fix, export, read in class view."""
import json

from playwright.sync_api import expect

REFLECTION = ".sw-item-reflection-meeste_afstand"


def test_a_shared_reflection_is_checked_fixed_exported_and_read_by_the_lecturer(lab, lab_page):
    page = lab_page.open_notebook("01_sociale_afstand.ipynb")
    assert page.run_all()
    box = page.locator(f"{REFLECTION} textarea")
    box.scroll_into_view_if_needed()
    box.fill("")
    box.press_sequentially("Mail mij op jan.jansen@example.nl als het kan.", delay=5)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)

    page = lab_page.open_notebook("90_delen_en_exporteren.ipynb")
    assert page.run_all()
    share = page.locator(".sw-portfolio")
    share.scroll_into_view_if_needed()
    share.get_by_label("Waar voel je de meeste afstand?", exact=True).check()
    share.get_by_role("button", name="Maak inleverbestand").click()
    finding = share.locator(".sw-privacy-finding")
    expect(finding).to_contain_text("e-mailadres")
    expect(finding).to_contain_text("jan.jansen@example.nl")
    expect(share).to_contain_text("Nog 1 mogelijk persoonsgegeven.")
    editor = finding.locator("textarea")
    editor.fill("Spreek mij aan na de les.")
    finding.get_by_role("button", name="Bewaar verbetering").click()
    expect(share).to_contain_text("Geen persoonsgegevens gevonden")
    share.get_by_role("button", name="Maak inleverbestand").click()
    expect(share).to_contain_text("mijn-export")

    exports = sorted((lab.root_dir / "mijn-export").glob("inlevering-*.json"))
    assert exports, "no hand-in file written"
    data = json.loads(exports[-1].read_text(encoding="utf-8"))
    assert [a["value"] for a in data["answers"]] == ["Spreek mij aan na de les."]
    assert "name" not in data

    page = lab_page.open_notebook("91_docent.ipynb")
    assert page.run_all()
    overview = page.locator(".sw-class-overview")
    overview.get_by_label("Map of zip met inleveringen:").fill(str(lab.root_dir / "mijn-export"))
    overview.get_by_role("button", name="Lees inleveringen").click()
    expect(overview).to_contain_text("1 inleveringen geaccepteerd")
    expect(overview).to_contain_text("Aantal inleveringen: minder dan 5")  # one hand-in: below the threshold
    expect(overview).not_to_contain_text("Spreek mij aan")  # never the texts themselves
