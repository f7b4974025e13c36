"""Workbook 91 in the app (Voila): upload a platform zip, see the overview, download HTML and CSV."""
import io
import json
import zipfile

from playwright.sync_api import expect

from sw_exercises import handin

from .download import received

T = "2026-11-23T10:00:00+00:00"


def _platform_zip(n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for i in range(n):
            data = handin.build(f"student-{i:04d}", [
                {"workbook": "01_sociale_afstand", "item": "bogardus/werklozen",
                 "value": {"accepted": [4, 5, 6], "excluded": False, "none": False}, "saved_at": T},
                {"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": "geheim verhaal",
                 "saved_at": T}])
            zf.writestr(f"devriesanna{i}_LATE_{1000 + i}_{5000 + i}_inlevering.json", json.dumps(data))
    return buffer.getvalue()


def test_workbook_91_in_the_app_uploads_shows_and_downloads_the_overview(app, app_page, tmp_path):
    page = app_page.open("91_docent.ipynb").page
    view = page.locator(".sw-class-overview")
    upload = tmp_path / "Opdracht 1 Download.zip"
    upload.write_bytes(_platform_zip(6))
    with page.expect_file_chooser() as chooser:
        view.locator(".widget-upload").click()
    chooser.value.set_files(str(upload))
    expect(view.locator(".widget-upload")).to_contain_text("(1)")
    view.get_by_role("button", name="Lees inleveringen").click()
    expect(view.locator(".sw-overview-page")).to_contain_text("Aantal inleveringen: 6", timeout=30_000)
    expect(view.locator(".sw-overview-page")).not_to_contain_text("devriesanna")
    expect(view.locator(".sw-overview-page")).not_to_contain_text("geheim")
    for suffix, expected in ((".html", "Aantal inleveringen: 6"), (".csv", "werkboek,figuur,rij,kolom,waarde,n,onderdrukt")):
        link = view.locator(f"a.sw-download[download$='{suffix}']")
        text = received(page, link).decode("utf-8")
        assert expected in text and "devriesanna" not in text and "geheim" not in text
