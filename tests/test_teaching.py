"""What a programme needs to teach with the workbooks: learning goals linked to the professional
profile, a lecturer guide for every workbook, reflection prompts that students without an
internship can answer, and a balance of prompts (feelings, trying something out, not only
alternatives)."""
import json
import os
import re
from pathlib import Path

import pytest

from sw_exercises.models import lexicon

ROOT = Path(__file__).resolve().parents[1]
NL = ROOT / "sw_exercises" / "locales" / "nl"
CONTENT_WORKBOOKS = ["01_sociale_afstand", "02_viervenstermodel", "03_zes_rollen", "04_kwetsbaarheid",
                     "05_do_no_harm", "06_het_sociale", "07_beroepsprofiel", "10_lexicon"]
SHARED = Path(os.environ.get("WERKBOEK_BRONNEN", ROOT.parent / "shared"))
PROFILE = SHARED / "seeds" / "003_8879a71ad366b226.txt"


def data(workbook):
    return json.loads((NL / f"{workbook}.json").read_text(encoding="utf-8"))


def cells(workbook):
    nb = json.loads((ROOT / "workbooks" / f"{workbook}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"]]


def normalised(text):
    return re.sub(r"\s+", " ", text.replace("‘", "'").replace("’", "'")).casefold()


@pytest.mark.parametrize("workbook", CONTENT_WORKBOOKS)
def test_every_content_workbook_shows_two_to_four_checkable_goals_before_the_reading(workbook):
    goals = data(workbook)["goals"]
    assert 2 <= len(goals) <= 4
    assert len({g["id"] for g in goals}) == len(goals)
    for goal in goals:
        assert goal["text"].startswith("Je kunt "), goal["text"]  # something a student can check
        link = goal.get("profile")
        if link:
            assert link["terms"] and link["where"].startswith("hoofdstuk ")
    sources = cells(workbook)
    assert sources.index("wb.goals()") < next(i for i, s in enumerate(sources) if s.startswith("## Lezen"))


@pytest.mark.skipif(not PROFILE.exists(), reason="the seed texts are not on this machine")
@pytest.mark.parametrize("workbook", CONTENT_WORKBOOKS)
def test_goals_quote_the_profiles_own_terms(workbook):
    """Every term a goal links to occurs word for word in the deelprofiel (seed 003)."""
    profile = normalised(PROFILE.read_text(encoding="utf-8"))
    for goal in data(workbook)["goals"]:
        for term in goal.get("profile", {}).get("terms", []):
            assert normalised(term) in profile, term


def test_the_goals_view_shows_goals_and_their_links():
    from sw_exercises.workbook import Workbook
    from html import unescape
    html = unescape(Workbook("07_beroepsprofiel").goals().value)
    assert "Leerdoelen" in html and "de vijf taken herkennen" in html
    assert "'schakelen en makelen'" in html and "hoofdstuk 6 van het deelprofiel" in html
