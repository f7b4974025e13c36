"""Keyboard only, in the app (Voila, as `werkboek app` starts it): a student completes the Bogardus
scale of workbook 01 (every group, plus an own group added on the spot) and writes a reflection
with Tab / Shift+Tab, Space, Enter and typing, never the mouse (no click, no fill, no element
focus). Then the answers are read back from the real SQLite store and come back after a reload.

The test has its own app server and answer store, so the other browser tests (which share one
student) neither disturb it nor are disturbed by it.
"""
from __future__ import annotations

import json
import sqlite3

from playwright.sync_api import expect

from sw_exercises.models.bogardus import custom_group

from .test_accessibility import audit, check_diagram_texts
from .voila import AppPage

NOTEBOOK = "01_sociale_afstand.ipynb"
WORKBOOK = "01_sociale_afstand"
OWN_GROUP = "buschauffeurs"
#: per group the relations (rank 1…6) the student accepts, whether they tick 'uit het land weren' and
#: 'geen van deze relaties'. In a card the checkboxes are: six relations, 'geen van deze', 'weren'.
PLAN = {
    "dak_en_thuislozen": ({3, 4, 5, 6}, False, False),
    "ongedocumenteerden": ({5, 6}, False, False),
    "werklozen": ({2, 3, 4, 5, 6}, False, False),
    "beperking": ({1, 2, 3, 4, 5, 6}, False, False),
    "verslaafd": ({6}, False, False),
    "andere_afkomst": ({4, 5, 6}, False, False),
    "geloof": (set(), True, True),
    custom_group(OWN_GROUP).id: ({2, 3, 4, 5, 6}, False, False),
}
NONE_BOX, EXCLUDE_BOX = 6, 7


def _wanted(plan: tuple, index: int) -> bool:
    accepted, excluded, none = plan
    return excluded if index == EXCLUDE_BOX else none if index == NONE_BOX else (index + 1) in accepted
REFLECTION = "afstand_in_praktijk"
TEXT = "Bij de voedselbank merk ik afstand tot nieuwkomers; ik wil vaker gewoon een praatje maken"

#: What has keyboard focus: the group card and box number of a Bogardus checkbox, or another role.
FOCUS_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {kind: 'none'};
  const card = el.closest('.sw-bogardus-group');
  const style = getComputedStyle(el);
  const info = {tag: el.tagName.toLowerCase(), type: el.type || '', checked: !!el.checked,
                text: (el.innerText || el.value || '').trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
  if (card && el.type === 'checkbox') {
    const group = Array.from(card.classList).find(c => c.startsWith('sw-group-')).slice('sw-group-'.length);
    const boxes = Array.from(card.querySelectorAll('input[type=checkbox]'));
    return {...info, kind: 'box', group, index: boxes.indexOf(el)};
  }
  if (el.closest('.sw-bogardus-scale') && el.type === 'text') return {...info, kind: 'new-group'};
  const reflection = el.closest('.sw-reflection');
  if (reflection && el.tagName === 'TEXTAREA') {
    const item = Array.from(reflection.classList).find(c => c.startsWith('sw-item-reflection-'));
    return {...info, kind: 'reflection', item: item.slice('sw-item-reflection-'.length)};
  }
  return {...info, kind: 'other'};
}
"""


def _press_until(page, key: str, wanted, max_steps: int = 400) -> dict:
    """Press ``key`` until the focused element satisfies ``wanted(focus)``; return that focus."""
    for _ in range(max_steps):
        page.keyboard.press(key)
        focus = page.evaluate(FOCUS_JS)
        if wanted(focus):
            return focus
    raise AssertionError(f"{key} x{max_steps} never reached the wanted control; last focus: {focus}")


def _set_box(page, focus: dict) -> None:
    """Bring the focused Bogardus checkbox to the state in PLAN, with the space bar."""
    want = _wanted(PLAN[focus["group"]], focus["index"])
    if focus["checked"] != want:
        page.keyboard.press("Space")
        assert page.evaluate(FOCUS_JS)["checked"] == want


def _stored(workspace) -> dict:
    con = sqlite3.connect(workspace / "antwoorden.sqlite3")
    try:
        rows = con.execute("SELECT item, value FROM revision WHERE workbook = ? ORDER BY id", (WORKBOOK,)).fetchall()
    finally:
        con.close()
    return {item: json.loads(value) for item, value in rows}


def test_bogardus_scale_and_a_reflection_with_the_keyboard_only(own_app, chromium_browser, tmp_path):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    app_page = AppPage(page, own_app)
    try:
        app_page.open(NOTEBOOK)
        seen: set[str] = set()
        # 1. Tab through every group card, ticking boxes with the space bar, up to the 'own group' field
        while True:
            focus = _press_until(page, "Tab", lambda f: f["kind"] in ("box", "new-group"))
            if focus["kind"] == "new-group":
                break
            assert focus["outline"], f"a focused checkbox shows no focus ring: {focus}"
            _set_box(page, focus)
            seen.add(focus["group"])
        assert seen == set(PLAN) - {custom_group(OWN_GROUP).id}, seen
        # 2. type an own group, Tab to the button, Enter
        page.keyboard.type(OWN_GROUP, delay=20)
        button = _press_until(page, "Tab", lambda f: f["tag"] == "button", max_steps=3)
        assert button["text"] == "Voeg groep toe"
        page.keyboard.press("Enter")
        expect(page.locator(f".sw-group-{custom_group(OWN_GROUP).id}")).to_be_visible()
        # 3. the new card sits above the field: Shift+Tab back into it and answer it
        own = custom_group(OWN_GROUP).id
        focus = _press_until(page, "Shift+Tab", lambda f: f["kind"] == "box" and f["group"] == own, max_steps=5)
        while focus["kind"] == "box" and focus["group"] == own:
            _set_box(page, focus)
            page.keyboard.press("Shift+Tab")
            focus = page.evaluate(FOCUS_JS)
        # 4. Tab on to the reflection and type it
        _press_until(page, "Tab", lambda f: f["kind"] == "reflection" and f["item"] == REFLECTION)
        page.keyboard.type(TEXT, delay=10)
        page.keyboard.press("Tab")
        reflection = page.locator(f".sw-item-reflection-{REFLECTION}")
        expect(reflection.locator(".sw-save-status")).to_contain_text("Opgeslagen", timeout=15_000)
        for group in PLAN:
            expect(page.locator(f".sw-group-{group} .sw-save-status")).to_contain_text("Opgeslagen")
        # the profile plot follows, with its text alternative computed from these answers
        expect(page.locator(".sw-bogardus-profile .sw-plot-text")).to_contain_text(
            "het grootst bij iemand met een bepaald geloof (7), het kleinst bij mensen met een fysieke of mentale "
            "beperking (1)")
        page.screenshot(path=str(tmp_path / "toetsenbord.png"))
        # the answered page (with the profile drawn) passes the same audit as the fresh ones
        expect(page.locator(".sw-bogardus-profile svg[role=img]")).to_have_count(1)
        audit(page, f"{NOTEBOOK}, ingevuld")
        check_diagram_texts(page, f"{NOTEBOOK}, ingevuld", 1)

        # the answers are in the student's SQLite store, exactly as planned
        stored = _stored(own_app.workspace_dir)
        assert stored["groups/custom"] == [OWN_GROUP]
        for group, (accepted, excluded, none) in PLAN.items():
            assert stored[f"bogardus/{group}"] == {"accepted": sorted(accepted), "excluded": excluded,
                                                   "none": none}, group
        assert stored[f"reflection/{REFLECTION}"] == TEXT

        # and they come back in a new app page (a new kernel)
        page.reload(wait_until="commit")
        app_page.wait_ready()
        for group, plan in PLAN.items():
            boxes = page.locator(f".sw-group-{group} input[type=checkbox]")
            expect(boxes).to_have_count(8)
            for index in range(8):
                assert boxes.nth(index).is_checked() == _wanted(plan, index), (group, index)
        expect(page.locator(f".sw-item-reflection-{REFLECTION} textarea")).to_have_value(TEXT)
    except BaseException:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        print(f"\nscreenshot: {tmp_path / 'failure.png'}\n--- voila log ---\n{own_app.log_tail(30)}")
        raise
    finally:
        context.close()
