"""Named case analyses: each stored separately, the last one chosen comes back."""
import pytest

from sw_exercises.answers import AnswerBook
from sw_exercises.cases import CaseBook, case_item


def casebook(store):
    return CaseBook(AnswerBook("wb", store_factory=lambda: store))


def test_cases_are_kept_apart_and_the_current_one_survives_a_restart(store):
    cases = casebook(store)
    first = cases.ensure_one("Mijn casus")
    second = cases.add("  Gezin   B. ")
    assert (first.name, second.name, second.id) == ("Mijn casus", "Gezin B.", "gezin_b")
    store.save("wb", case_item(first.id, "window", "inwoner"), "eerste")
    store.save("wb", case_item(second.id, "window", "inwoner"), "tweede")
    again = casebook(store)  # as after a kernel restart
    assert [c.name for c in again.cases()] == ["Mijn casus", "Gezin B."]
    assert again.current() == second
    again.select(first.id)
    assert casebook(store).current() == first
    assert store.get("wb", case_item(first.id, "window", "inwoner")) == "eerste"


@pytest.mark.parametrize("name,key", [("", "cases.name_empty"), ("   ", "cases.name_empty"),
                                      ("x" * 81, "cases.name_too_long"), ("mijn CASUS", "cases.name_exists")])
def test_bad_case_names_are_refused_with_a_message_key(store, name, key):
    cases = casebook(store)
    cases.ensure_one("Mijn casus")
    with pytest.raises(ValueError) as info:
        cases.add(name)
    assert info.value.args[0] == key


def test_names_that_slug_alike_get_distinct_ids(store):
    cases = casebook(store)
    ids = {cases.add(name).id for name in ["Gezin B", "Gezin B.", "gezin-b!", "🙂", "🙃"]}
    assert len(ids) == 5
