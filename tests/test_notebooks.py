"""Hygiene of every workbook: the fixed skeleton, thin code cells, nothing stored, nothing fetched."""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
START = ROOT / "workbooks" / "00_start.ipynb"
NOTEBOOKS = sorted(p for p in (ROOT / "workbooks").glob("*.ipynb") if p != START)
SKELETON = ["## Inleiding", "## Lezen", "## Verkennen", "## Reflecteren", "## Samenvatting", "## Bronnen"]
ALLOWED_TAGS = {"nbval-ignore-output", "nbval-check-output", "raises-exception", "docent"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_workbooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_workbook_hygiene(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], "saved widget state"
    headings = [line.strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    assert headings == SKELETON
    assert "".join(nb["cells"][0]["source"]).startswith("# ")
    for cell in nb["cells"]:
        assert set(cell.get("metadata", {}).get("tags", [])) <= ALLOWED_TAGS
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        assert not cell["outputs"] and cell["execution_count"] is None, "stored output"
        lines = [line for line in src.splitlines() if line.strip() and not line.strip().startswith("#")]
        assert 1 <= len(lines) <= 2, f"code cell too long: {src!r}"
        assert "!pip" not in src and "%pip" not in src and "http" not in src
        assert cell["metadata"].get("editable") is False
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, "code cell not collapsed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_workbook_cites_its_sources(path):
    cells = ["".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    sources = next(c for c in cells if c.startswith("## Bronnen"))
    references = [line for line in sources.splitlines() if line.startswith("- ")]
    assert references and any(re.search(r"\b(1[89]|20)\d\d\b", line) for line in references)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_tells_what_to_do(path):
    first = "".join(load(path)["cells"][0]["source"])
    assert "Run All Cells" in first and "make app" in first


def test_start_page_is_generated_from_the_course_list():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from build_start import build

    from sw_exercises.start import listed_workbooks

    nb = load(START)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert ["".join(c["source"]) for c in nb["cells"]] == [c.source for c in build().cells], \
        "run: python tools/build_start.py"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert ["".join(c["source"]) for c in code] == ['from sw_exercises import open_workbook\nwb = open_workbook("00_start")',
                                                     "wb.language_choice()"], "only the language choice"
    for cell in code:
        assert not cell["outputs"] and cell["execution_count"] is None, "stored output"
        assert cell["metadata"].get("editable") is False
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, "code cell not collapsed"
    listed = listed_workbooks()
    assert sorted(listed) == [p.stem for p in NOTEBOOKS], "every workbook once on the start page"
    text = "".join("".join(c["source"]) for c in nb["cells"])
    positions = [text.index(f"]({w}.ipynb)") for w in listed]
    assert positions == sorted(positions)
