"""The app frame (sw_exercises/share/voila/templates/werkboek/index.html.j2) and the workbooks' Lab-only
text: the skip link says what ui.json says, and everything about menus, cells and code that a workbook
tells a JupyterLab user sits in an element the app hides (tests/browser/test_layout.py checks the
rendered pages)."""
import json
import re
from pathlib import Path

import pytest

from sw_exercises.i18n import t

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "sw_exercises" / "share" / "voila" / "templates" / "werkboek" / "index.html.j2"
NOTEBOOKS = sorted((ROOT / "workbooks").glob("*.ipynb"))
LAB_WORDS = re.compile(r"\b(Run|menu|cel|cellen|code|Shift\s*\+\s*Enter)\b", re.IGNORECASE)
LAB_ONLY = re.compile(r"<p class='sw-lab-only'>.*?</p>", re.S)


def test_skip_link_text_comes_from_the_catalog():
    html = TEMPLATE.read_text(encoding="utf-8")
    link = re.search(r'<a class="sw-skip-link"[^>]*>([^<]*)</a>', html)
    assert link and link.group(1) == '{{ "app.skip_link" | t | e }}' and t("app.skip_link")
    assert ".sw-lab-only { display: none" in html


def test_every_text_of_the_app_frame_comes_from_the_catalog():
    """The frame (template and spinner) holds no Dutch of its own: each text is ``{{ "key" | t }}`` with
    a key that exists in Dutch and English, and the page's language is set per page."""
    from sw_exercises.i18n import texts
    from tests.test_english import DUTCH
    dutch = texts("nl")
    frame = "".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATE.parent.glob("*.j2")))
    keys = re.findall(r'{{ "([\w.]+)" \| t\b', frame)
    assert len(keys) >= 7
    assert [k for k in keys if k not in dutch] == []  # English: tests/test_english.py
    code = re.sub(r"{#.*?#}|{{.*?}}|<style>.*?</style>|<svg.*?</svg>", " ", frame, flags=re.S)
    code = re.sub(r"//[^\n]*|/\*.*?\*/", " ", code, flags=re.S)  # JavaScript comments: for developers
    strings = re.findall(r'"([^"\n]*)"|>([^<>{}\n]+)<', code)
    found = [s for pair in strings for s in pair if s.strip() and DUTCH.search(s)]
    assert not found, f"Dutch text in the app frame: {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lab_instructions_are_marked_lab_only(path):
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    lab_only = LAB_ONLY.findall(first)
    assert lab_only and "Run All Cells" in "".join(lab_only)
    # Words like 'beroepscode' do not count; the words themselves only in the Lab-only part
    assert not LAB_WORDS.search(LAB_ONLY.sub("", first).replace("`make app`", ""))
