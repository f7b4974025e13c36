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
    """The frame's texts (template and spinner) are ``{{ "key" | t }}`` with keys of the Dutch catalog;
    that no Dutch is left in them, and that every key has English: tests/test_english.py."""
    from sw_exercises.i18n import texts
    dutch = texts("nl")
    frame = "".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATE.parent.glob("*.j2")))
    keys = re.findall(r'{{ "([\w.]+)" \| t\b', frame)
    assert len(keys) >= 7
    assert [k for k in keys if k not in dutch] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lab_instructions_are_marked_lab_only(path):
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    lab_only = LAB_ONLY.findall(first)
    assert lab_only and "Run All Cells" in "".join(lab_only)
    # Words like 'beroepscode' do not count; the words themselves only in the Lab-only part
    assert not LAB_WORDS.search(LAB_ONLY.sub("", first).replace("`make app`", ""))
