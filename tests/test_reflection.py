"""Guided reflection: free or by a reflection model (Korthagen, STARR), the variant without an
internship, and how such an answer reads in 'Mijn antwoorden', the portfolio and the class overview."""
import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from sw_exercises import handin, portfolio, reflection
from sw_exercises.catalog import format_value
from sw_exercises.classroom.overview import build_overview
from sw_exercises.widgets.common import ReflectionBox
from sw_exercises.widgets.overview import MyAnswers

ROOT = Path(__file__).resolve().parents[1]
ECOSYSTEM = Path(os.environ.get("WERKBOEK_BRONNEN", ROOT.parent / "shared")) / "content" / \
    "ecosystem_intervisie_reflectie_lms.md"
WB = "01_sociale_afstand"
T = "2026-11-23T10:00:00+00:00"


def box(book, **kw):
    kw.setdefault("guided", True)
    return ReflectionBox("wb", "reflection/x", "Titel", "Beschrijf je stage.", delay=0, book=book, **kw)


def test_a_free_answer_stays_a_plain_string_and_old_strings_load(book, store):
    store.save("wb", "reflection/x", "al eerder geschreven")
    view = box(book)
    assert view.form.value == reflection.FREE and view.text.value == "al eerder geschreven"
    view.text.value = "nu vrij verder"
    assert store.get("wb", "reflection/x") == "nu vrij verder"


def test_a_guided_answer_is_stored_per_phase_and_comes_back(book, store):
    view = box(book)
    view.form.value = "korthagen"
    assert list(view.phase_boxes) == ["handelen", "terugblikken", "bewustwording", "alternatieven", "uitproberen"]
    assert store.get("wb", "reflection/x") is None  # choosing a form without text saves nothing
    view.phase_boxes["terugblikken"].value = "Ik voelde me onzeker."
    view.phase_boxes["uitproberen"].value = "Volgende keer vraag ik eerst door."
    stored = store.get("wb", "reflection/x")
    assert stored["model"] == "korthagen" and stored["parts"]["terugblikken"] == "Ik voelde me onzeker."
    assert set(stored["parts"]) == set(view.phase_boxes) and "variant" not in stored
    assert view.status.lead == "10 woorden"
    again = box(book)
    assert again.form.value == "korthagen" and again.phase_boxes["uitproberen"].value.startswith("Volgende keer")


def test_switching_form_keeps_what_was_written(book, store):
    view = box(book)
    view.text.value = "Wat ik meemaakte."
    view.form.value = "starr"
    assert view.phase_boxes["situatie"].value == "Wat ik meemaakte."
    assert store.get("wb", "reflection/x") == reflection.guided("starr", {"situatie": "Wat ik meemaakte."})
    view.phase_boxes["reflectie"].value = "Ik leerde iets."
    view.form.value = reflection.FREE
    assert view.text.value == "Situatie: Wat ik meemaakte.\n\nReflectie: Ik leerde iets."
    assert store.get("wb", "reflection/x") == view.text.value
    view.form.value = "starr"  # back: the phases of this session are still there
    assert view.phase_boxes["reflectie"].value == "Ik leerde iets."


def test_every_phase_box_has_a_name_and_its_question_is_shown(book):
    view = box(book)
    for model in reflection.models():
        view.form.value = model.id
        assert all(b.description for b in view.phase_boxes.values())
        shown = " ".join(w.value for w in view.body if hasattr(w, "value") and isinstance(w.value, str))
        assert all(p.question.split("?")[0] in shown.replace("&#x27;", "'") for p in model.phases)
        assert model.source.split(".")[0] in shown.replace("&#x27;", "'")


def test_the_variant_without_an_internship_is_shown_chosen_and_remembered(book, store):
    view = box(book, prompt_no_placement="Kies een casus uit dit werkboek.")
    assert "Beschrijf je stage." in view.header.value
    view.no_placement.value = True
    assert "Kies een casus uit dit werkboek." in view.header.value and "stage." not in view.header.value
    view.form.value = "korthagen"
    view.phase_boxes["handelen"].value = "Ik wilde luisteren."
    assert store.get("wb", "reflection/x")["variant"] == reflection.NO_PLACEMENT
    other = ReflectionBox("wb", "reflection/y", "Ander", "Stagevraag", prompt_no_placement="Zonder stage",
                          guided=True, delay=0, book=book)
    assert other.no_placement.value is True  # the last choice is the default for the next prompt
    view.no_placement.value = False
    assert "variant" not in store.get("wb", "reflection/x")
    assert box(book, prompt_no_placement="Kies een casus uit dit werkboek.").no_placement.value is False


def test_notes_and_intervision_boxes_stay_plain(book):
    plain = ReflectionBox("wb", "element/e/note", "Notitie", "Vraag", delay=0, book=book)
    assert plain.form is None and plain.no_placement is None


def test_an_unknown_or_broken_stored_value_never_breaks_the_box(book, store):
    store.save("wb", "reflection/x", {"model": "gibbs", "parts": {"a": "b"}})
    view = box(book)
    assert view.form.value == reflection.FREE and view.text.value == ""
    assert not reflection.is_guided({"model": "korthagen", "parts": "tekst"})
    assert reflection.has_text({"model": "korthagen", "parts": {"handelen": " ", "x": "niet van dit model"}}) is False


def test_my_answers_and_the_portfolio_show_the_model_and_its_phases(store, tmp_path):
    value = reflection.guided("korthagen", {"terugblikken": "Ik schrok.", "uitproberen": "Doorvragen."},
                              no_placement=True)
    store.save(WB, "reflection/meeste_afstand", value)
    text = format_value(WB, "reflection/meeste_afstand", value)
    assert text.splitlines() == [
        "Reflectiemodel: Korthagen: de reflectiecirkel in vijf fasen (ALACT)",
        "Beantwoord: de vraag zonder stage",
        "2. Terugblikken op het handelen (Looking back on the action): Ik schrok.",
        "5. Uitproberen (Trial): Doorvragen."]
    assert format_value(WB, "reflection/x", reflection.guided("starr", {})).endswith("\n(leeg)")
    lemma = "lemma/presentie/reflection/logica_ander"
    assert format_value("10_lexicon", lemma, value) == text
    assert "Reflectiemodel: Korthagen" in MyAnswers(store=store).table.value
    store.set_shared(WB, "reflection/meeste_afstand", True)
    paths = {p.suffix: p for p in portfolio.write_exports(store, tmp_path / "uit")}
    html = paths[".html"].read_text(encoding="utf-8")
    assert "Reflectiemodel: Korthagen" in html and "2. Terugblikken op het handelen" in html
    with zipfile.ZipFile(io.BytesIO(paths[".docx"].read_bytes())) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "5. Uitproberen (Trial): Doorvragen." in xml
    data = handin.loads(paths[".json"].read_bytes())
    assert data["answers"][0]["value"] == value  # the hand-in keeps the structure


def test_the_privacy_check_reads_every_phase(store):
    value = reflection.guided("starr", {"situatie": "Bel me op 06-12345678", "taak": "niets"})
    store.save(WB, "reflection/meeste_afstand", value)
    store.set_shared(WB, "reflection/meeste_afstand", True)
    found = portfolio.personal_data(store)
    assert [f.kind for _, hits in found for _, f in hits] == ["phone"]


def answer(n, value):
    return handin.build(f"student-{n:04d}", [{"workbook": WB, "item": "reflection/meeste_afstand",
                                              "value": value, "saved_at": T}])


def test_the_class_overview_counts_a_guided_reflection_with_any_text_as_written():
    written = [answer(i, reflection.guided("starr", {"actie": "iets"})) for i in range(5)]
    written += [answer(10 + i, "vrije tekst") for i in range(5)]
    empty = [answer(20 + i, reflection.guided("korthagen", {})) for i in range(5)]
    ov = build_overview(written + empty, threshold=5)
    row = next(r for r in ov.figure(WB, "reflecties").rows if r.label == "Waar voel je de meeste afstand?")
    assert row.cells[0].value == 10


@pytest.mark.skipif(not ECOSYSTEM.exists(), reason="the ecosystem report is not on this machine")
def test_model_labels_are_the_sources_labels():
    """Every phase label (Dutch and English) occurs as such in the ecosystem report (§2.1, §2.5)."""
    source = ECOSYSTEM.read_text(encoding="utf-8")
    korthagen, starr = reflection.model("korthagen"), reflection.model("starr")
    for phase in korthagen.phases:
        dutch, english = re.fullmatch(r"\d\. (.+) \((.+)\)", phase.label).groups()
        assert f"**{english[0]}**{english[1:]}" in source
        assert dutch.split()[0].replace("Handelings", "(Handelings)") in source
    assert "Terugblikken (op het handelen)" in source and "(Handelings)alternatieven ontwikkelen" in source
    assert "Bewustwording van essentiële aspecten" in source and "| Uitproberen |" in source
    for phase in starr.phases:
        assert f"| {phase.label} |" in source
    assert "Situatie, Taak, Actie, Resultaat, Reflectie" in source
