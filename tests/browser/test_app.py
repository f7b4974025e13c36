"""App mode (Voila, as `werkboek app` starts it): the start page, a workbook without code, and one
answer store shared with JupyterLab."""
import sqlite3
import uuid

from playwright.sync_api import expect

from sw_exercises.start import START_PAGE, listed_workbooks

NOTEBOOK = "01_sociale_afstand.ipynb"
REFLECTION = ".sw-item-reflection-afstand_in_praktijk"


def test_start_page_lists_every_workbook_in_course_order_and_opens_them(app, app_page):
    requests: list[str] = []
    app_page.page.on("request", lambda r: requests.append(r.url))
    page = app_page.open(f"{START_PAGE}.ipynb").page
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    hrefs = page.locator("#rendered_cells a[href$='.ipynb']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [f"{w}.ipynb" for w in listed_workbooks()]
    page.get_by_role("link", name="01 · Sociale afstand").click()
    page.wait_for_url("**/voila/render/01_sociale_afstand.ipynb**")
    state = app_page.wait_ready()
    assert state["widgets"] > 50 and state["errors"] == 0
    expect(page.locator(".sw-group-werklozen")).to_be_visible()
    text = page.locator("#rendered_cells").inner_text()
    assert "Traceback" not in text and "import" not in text, "no code and no tracebacks in the app"
    # data: and same-origin blob: URLs are made in the page itself (the kernel watch's code is a blob)
    local = (app.base_url, "data:", f"blob:{app.base_url.rstrip('/')}/")
    assert not [u for u in requests if not u.startswith(local)], "the app reads nothing from the network"


def test_an_answer_given_in_the_app_shows_in_jupyterlab_and_back(app, app_page, lab_page):
    in_app = f"In de app geschreven {uuid.uuid4().hex[:8]}"
    page = app_page.open(NOTEBOOK).page
    box = page.locator(f"{REFLECTION} textarea")
    box.scroll_into_view_if_needed()
    box.fill(in_app)
    expect(page.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
    con = sqlite3.connect(app.workspace_dir / "antwoorden.sqlite3")
    stored = con.execute("SELECT value FROM revision WHERE workbook = '01_sociale_afstand' "
                         "AND item = 'reflection/afstand_in_praktijk' ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    assert stored and in_app in stored[0]

    lab = lab_page.open_notebook(NOTEBOOK)
    assert lab.run_all(), "a cell raised an error"
    lab_box = lab.locator(f"{REFLECTION} textarea")
    lab_box.scroll_into_view_if_needed()
    expect(lab_box).to_have_value(in_app)
    in_lab = f"Daarna in JupyterLab aangevuld {uuid.uuid4().hex[:8]}"
    lab_box.fill(in_lab)
    expect(lab.locator(f"{REFLECTION} .sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)

    page.reload()
    app_page.wait_ready()
    expect(page.locator(f"{REFLECTION} textarea")).to_have_value(in_lab)
