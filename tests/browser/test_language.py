"""The language chosen on the start page ('Taal / Language') holds for the workbooks opened after it,
in the app. An app of its own, with its own answer store, so the shared student keeps Dutch."""
import json

from playwright.sync_api import expect

from sw_exercises.i18n import texts
from sw_exercises.settings import SETTINGS_NAME
from sw_exercises.start import START_PAGE

from .voila import AppPage

NOTEBOOK = "01_sociale_afstand.ipynb"


def test_english_chosen_on_the_start_page_is_used_by_the_next_workbook(own_app, chromium_browser):
    dutch, english = texts("nl"), texts("en")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        AppPage(page, own_app).open(f"{START_PAGE}.ipynb")
        assert page.evaluate("() => document.documentElement.lang") == "nl"
        choice = page.locator(".sw-language")
        expect(choice).to_contain_text(dutch["language.intro"])
        choice.get_by_role("radio", name="English").check()
        # the start page itself follows at once, and says what the choice does
        expect(page.locator(".sw-language-message")).to_contain_text(english["language.saved"])
        expect(choice).to_contain_text(english["language.intro"])
        saved = json.loads((own_app.workspace_dir / SETTINGS_NAME).read_text(encoding="utf-8"))
        assert saved == {"taal": "en"}

        page.locator(f"#rendered_cells a[href='{NOTEBOOK}']").click()
        page.wait_for_url(f"**/voila/render/{NOTEBOOK}**")
        state = AppPage(page, own_app).wait_ready()
        assert state["errors"] == 0
        assert page.evaluate("() => document.documentElement.lang") == "en"
        check = page.get_by_role("button", name=english["choice.check"])
        check.scroll_into_view_if_needed()
        expect(check).to_be_visible()
        assert page.get_by_role("button", name=dutch["choice.check"], exact=True).count() == 0
        expect(page.locator("#rendered_cells")).to_contain_text(english["overview.title"])
    finally:
        context.close()
