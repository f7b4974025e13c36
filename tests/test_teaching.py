"""What a programme needs to teach with the workbooks: learning goals linked to the professional
profile, a lecturer guide for every workbook, reflection prompts that students without an
internship can answer, and a balance of prompts (feelings, trying something out, not only
alternatives)."""
import json
import os
import re
from pathlib import Path

import pytest


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


# -- reflection prompts -----------------------------------------------------------------------------
#: The student's own internship (or its team, organisation, neighbourhood, supervisor).
OWN_PLACEMENT = re.compile(r"\b(je|jouw) (stage\w*|werk)\b|\bstage(wijk|organisatie|team|plek)\b|\bpraktijkbegeleider|"
                           r"\bje team\b|\b(je|jouw) organisatie\b|\bdat je meemaakte\b|\bcliënt(en)? (uit|in) je\b", re.I)
#: A prompt that itself offers something else than an internship needs no variant.
OTHER_CONTEXT = re.compile(r"\b(opleiding|school|studie|vrijwilligerswerk|eigen leven|je netwerk|je omgeving|je gemeente)\b", re.I)
FEELING = re.compile(r"\b(voel\w*|gevoel\w*|raakt\w*|schrok|schuldig|bang|trots|onzeker|spannend|moeilijk aan|"
                     r"roept .{0,20} op|doet .{0,30} met je|deed dat met je|hoe zou je het vinden)\b", re.I)
TRY_NEXT = re.compile(r"\b(uitprober\w*|probeer\w*|kleine stap|eerste stap|wanneer stel je|zet je als eerste|"
                      r"ga je .{0,40}(doen|toetsen|stellen))\b", re.I)


def prompts():
    """(where, prompt, variant) of every reflection prompt and every note prompt under an element."""
    found = []
    for path in sorted(NL.glob("[0-9][0-9]_*.json")) + sorted((NL / "lexicon").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        for r in d.get("reflections", []):
            found.append((f"{path.stem}/{r['id']}", r["prompt"], r.get("prompt_no_placement")))
        for e in d.get("elements", []) + ([d["element"]] if d.get("element") else []):
            if e.get("note_prompt"):
                found.append((f"{path.stem}/{e['id']}/note", e["note_prompt"], e.get("note_prompt_no_placement")))
    return found


def test_every_prompt_about_the_students_internship_has_a_variant_without_one():
    missing = [where for where, prompt, variant in prompts()
               if OWN_PLACEMENT.search(prompt) and not variant and not OTHER_CONTEXT.search(prompt)]
    assert not missing, missing
    about_own = [(where, OWN_PLACEMENT.search(v).group(0)) for where, _, v in prompts() if v and OWN_PLACEMENT.search(v)]
    assert not about_own, about_own
    with_variant = [w for w, _, v in prompts() if v]
    assert len(with_variant) >= 70


def test_prompts_ask_for_feelings_and_for_something_to_try_not_only_for_alternatives():
    reflections = [(w, p) for w, p, _ in prompts() if "/note" not in w]
    assert len(reflections) == 104
    feelings = sum(1 for _, p in reflections if FEELING.search(p))
    trying = sum(1 for _, p in reflections if TRY_NEXT.search(p))
    assert feelings >= 0.4 * len(reflections), feelings  # was 15 of 104
    assert trying >= 0.3 * len(reflections), trying      # was 4 of 104


def test_no_workbook_tells_students_that_keywords_will_do():
    for workbook in CONTENT_WORKBOOKS:
        assert not any("teekwoorden zijn prima" in s for s in cells(workbook)), workbook


def test_every_reflection_box_of_a_workbook_offers_the_models_and_the_variant():
    from sw_exercises.workbook import Workbook
    view = Workbook("01_sociale_afstand").reflection("afstand_in_praktijk")
    assert view.form is not None and view.no_placement is not None
    view.no_placement.value = True
    assert "vrijwilligerswerk" in view.header.value


# -- the lecturer guide -----------------------------------------------------------------------------
GUIDE = ROOT / "docs" / "DOCENTENHANDLEIDING.md"


def guide_sections():
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)
    return {part.split("\n", 1)[0].strip(): part for part in parts[1:]}


def test_the_guide_has_a_section_for_every_workbook_named_by_its_file():
    notebooks = sorted(p.name for p in (ROOT / "workbooks").glob("*.ipynb"))
    assert notebooks and all(name in guide_sections() for name in notebooks)


@pytest.mark.parametrize("workbook", CONTENT_WORKBOOKS)
def test_each_content_workbook_section_says_time_format_debrief_summary_pitfalls_and_assessment(workbook):
    section = guide_sections()[f"{workbook}.ipynb"]
    for part in ("**Tijd:**", "**Werkvorm:**", "**Nabespreking:**", "**Klasoverzicht:**", "*Veilig bespreken:*",
                 "**Misverstanden:**", "**Beoordelen"):
        assert part in section, (workbook, part)
    assert re.search(r"\d+ minuten", section)


def test_the_guide_covers_reflection_models_working_without_an_internship_and_assessment_criteria():
    sections = guide_sections()
    general = sections["Voor alle werkboeken"]
    for needed in ("Korthagen", "STARR", "Ik heb (nog) geen stage", "Het klasoverzicht veilig bespreken",
                   "Reflecties beoordelen in een portfolio", "docs/KLASOVERZICHT.md", "LOD-SW"):
        assert needed in general, needed
