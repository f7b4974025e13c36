"""The hand-in format: our validator agrees with the JSON Schema kept in docs/."""
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sw_exercises import handin

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "handin.schema.json").read_text())
VALID = handin.build("student-AB12CD", [{"workbook": "01_sociale_afstand", "item": "reflection/x",
                                         "value": "tekst", "saved_at": "2026-11-23T10:00:00+00:00"}])


def schema_ok(data):
    try:
        jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
        return True
    except jsonschema.ValidationError:
        return False


def ours_ok(data):
    try:
        handin.validate(data)
        return True
    except handin.HandinError:
        return False


def test_a_built_handin_is_valid_for_both():
    assert schema_ok(VALID) and ours_ok(VALID)
    assert "name" not in VALID  # never the real name unless the student adds it


MUTATIONS = [
    ("format", "iets-anders"), ("schema_version", 2), ("schema_version", "1"), ("schema_version", True),
    ("pseudonym", "Jan Jansen"), ("pseudonym", "ab"), ("created_at", "gisteren"), ("answers", {}),
    ("extra", 1), ("name", 5),
]


@pytest.mark.parametrize("key,value", MUTATIONS)
def test_mutations_are_refused_by_both(key, value):
    data = {**VALID, key: value}
    assert not schema_ok(data) and not ours_ok(data)


answer = st.fixed_dictionaries({
    "workbook": st.one_of(st.sampled_from(["01_sociale_afstand", "10_lexicon"]), st.text(max_size=5)),
    "item": st.one_of(st.sampled_from(["reflection/x", "bogardus/werklozen"]), st.text(max_size=3)),
    "value": st.one_of(st.text(), st.integers(), st.none(), st.lists(st.integers(), max_size=3)),
    "saved_at": st.sampled_from(["2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00", "nee"]),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(answer, max_size=4), st.sampled_from(["student-AB12", "x", "a b c"]))
def test_the_validator_agrees_with_the_schema(answers, pseudonym):
    data = {**VALID, "answers": answers, "pseudonym": pseudonym}
    assert ours_ok(data) == schema_ok(data)


def test_loads_refuses_non_json_and_huge_files_with_dutch_reasons():
    for raw, words in [(b"{nope", "geen geldige JSON"), (b"\xff\xfe\x00", "UTF-8"),
                       (b" " * (handin.MAX_BYTES + 1), "groter dan"),
                       (json.dumps({**VALID, "schema_version": 7}).encode(), "nieuwere versie"),
                       (b"[" * 100_000, "geen geldige JSON")]:
        with pytest.raises(handin.HandinError) as info:
            handin.loads(raw)
        assert words in str(info.value)


@pytest.mark.parametrize("moment", ["20261123T100000+0000", "2026-11-23T10:00:00", "2026-11-23", "2026-11-23T10:00+01:00",
                                    "2026-02-30T10:00:00+00:00"])
def test_moments_the_schema_refuses_are_refused_by_the_validator_too(moment):
    data = {**VALID, "created_at": moment}
    assert not schema_ok(data) and not ours_ok(data)


@pytest.mark.parametrize("moment", ["2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123456+01:00"])
def test_rfc3339_moments_are_accepted_by_both(moment):
    data = {**VALID, "created_at": moment}
    assert schema_ok(data) and ours_ok(data)
