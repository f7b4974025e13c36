"""Generic elements (docs/CONTENT_FORMAT.md §3): definitions, scoring and views, on small specs."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models import elements as el
from sw_exercises.widgets.elements import element_view

BASE = {"title": "T", "instruction": "Doe iets", "source": "Bron (2020)"}
CHECK = {**BASE, "id": "c", "type": "checklist", "note_prompt": "Waarom?",
         "items": [{"id": "a", "label": "Laag A", "description": "d", "response": "Reageer zo"},
                   {"id": "b", "label": "Laag B", "description": "d"}]}
RATE = {**BASE, "id": "r", "type": "rating", "levels": ["laag", "midden", "hoog"], "scale_note": "onze schaal",
        "items": [{"id": "x", "label": "X", "group": "kennis"}, {"id": "y", "label": "Y", "group": "kennis"},
                  {"id": "z", "label": "Z", "group": "houding"}]}
REPEAT = {**RATE, "id": "rr", "repeat": {"label": "Studiejaar", "options": ["jaar 1", "jaar 2"]}}
LADDER = {**BASE, "id": "l", "type": "ladder", "rungs": [{"id": f"r{i}", "label": f"Trede {i}"} for i in range(1, 6)]}
CLASSIFY = {**BASE, "id": "k", "type": "classify",
            "categories": [{"id": "p", "label": "P"}, {"id": "q", "label": "Q"}],
            "statements": [{"id": "s1", "text": "een", "category": "p", "explanation": "omdat"},
                           {"id": "s2", "text": "twee", "category": "q", "explanation": "omdat"},
                           {"id": "s3", "text": "drie", "category": None, "explanation": "open"}]}
PATH = {**BASE, "id": "p", "type": "path", "positions": [{"id": "k1", "label": "Kwadrant 1"},
                                                        {"id": "k2", "label": "Kwadrant 2"}],
        "phases": ["begin", "midden", "eind"]}
CHOICE = {**BASE, "id": "ch", "type": "choice", "multiple": False, "options": [{"id": "a", "label": "A"},
                                                                             {"id": "b", "label": "B"}]}


@pytest.mark.parametrize("spec", [CHECK, RATE, REPEAT, LADDER, CLASSIFY, PATH, CHOICE], ids=lambda s: s["id"])
def test_valid_specs_have_no_problems(spec):
    assert el.problems(spec) == []


@pytest.mark.parametrize("broken,words", [
    ({**CHECK, "type": "quiz"}, "unknown type"),
    ({**CHECK, "items": []}, "non-empty"),
    ({**CHECK, "items": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}, "unique"),
    ({**RATE, "levels": ["een"]}, "two levels"),
    ({**CLASSIFY, "statements": [{"id": "s", "text": "x", "category": "zz"}]}, "unknown category"),
    ({**CHOICE, "correct": ["zz"]}, "unknown option"),
    ({**CHECK, "source": ""}, "missing source"),
])
def test_broken_specs_are_reported(broken, words):
    assert any(words in p for p in el.problems(broken))


def test_scoring_reads_stored_values_tolerantly():
    assert el.checked(CHECK, ["b", "zz", 3]) == ["b"]
    assert el.ratings(RATE, {"x": 2, "y": 7, "z": True, "q": 1}) == {"x": 2}
    assert el.group_means(RATE, {"x": 2, "y": 0, "z": 1}) == {"kennis": 1.0, "houding": 1.0}
    assert el.ladder_positions(LADDER, {"current": "r2", "desired": "r5"}) == (1, 4)
    assert el.ladder_positions(LADDER, "junk") == (None, None)
    assert el.agreement(CLASSIFY, {"s1": "p", "s2": "p", "s3": "q", "s4": "p"}) == (1, 2)
    assert el.path_steps(PATH, [{"position": "k2"}, "x"]) == [("begin", "k2"), ("midden", None), ("eind", None)]


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text()), st.dictionaries(st.text(), st.integers())))
def test_junk_never_raises(value):
    el.checked(CHECK, value)
    el.ratings(RATE, value)
    el.ladder_positions(LADDER, value)
    el.agreement(CLASSIFY, value)
    el.path_steps(PATH, value)


def test_checklist_view_saves_and_shows_the_response(book, store):
    view = element_view(book, "element/c", CHECK)
    view.boxes[0][1].value = True
    assert store.get("wb", "element/c") == ["a"]
    assert "Reageer zo" in view.boxes[0][2].value and "1 van de 2" in view.result.value
    again = element_view(book, "element/c", CHECK)
    assert [box.value for _, box, _ in again.boxes] == [True, False]


def test_repeated_rating_keeps_each_study_year_and_shows_growth(book, store):
    view = element_view(book, "element/rr", REPEAT)
    view.dropdowns[0][1].value = 0
    view.round.value = 1
    assert view.dropdowns[0][1].value == -1  # a new year starts empty
    view.dropdowns[0][1].value = 2
    assert store.get("wb", "element/rr/0") == {"x": 0} and store.get("wb", "element/rr/1") == {"x": 2}
    assert "jaar 1 (ingevuld " in view.table.value and "jaar 2 (ingevuld " in view.table.value
    again = element_view(book, "element/rr", REPEAT)
    assert again.round.value == 1 and again.dropdowns[0][1].value == 2


def test_ladder_classify_and_path_views_save(book, store):
    ladder = element_view(book, "element/l", LADDER)
    ladder.choices["current"].value = 2
    ladder.choices["desired"].value = 4
    assert store.get("wb", "element/l") == {"current": "r2", "desired": "r4"}
    assert "2 treden hoger" in ladder.result.value
    ladder.choices["desired"].value = 1
    assert "1 trede lager" in ladder.result.value
    sort = element_view(book, "element/k", CLASSIFY)
    sort.dropdowns[0][1].value = 1
    sort.compare()
    assert "1 van de 1" in sort.feedback.value
    path = element_view(book, "element/p", PATH)
    path.dropdowns[1][1].value = 2
    assert store.get("wb", "element/p")[1] == {"phase": "midden", "position": "k2"}


def test_a_broken_element_gets_a_dutch_message(book):
    with pytest.raises(ValueError) as info:
        element_view(book, "element/x", {**CHECK, "items": []})
    assert "niet goed beschreven" in str(info.value)
