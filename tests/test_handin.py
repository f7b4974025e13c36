"""The hand-in format: the validator compiled from the schema agrees with an independent JSON Schema
implementation (jsonschema), and says what is wrong in Dutch."""
import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sw_exercises.i18n import ui_tree
from sw_exercises import handin

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "sw_exercises" / "data" / "handin.schema.json").read_text())
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
    except handin.HandinError as exc:
        assert_dutch(str(exc))
        return False


def _message_patterns():
    texts = ui_tree("nl")["handin"]
    return [re.compile("^" + re.sub(r"\\{\w+\\}", ".*", re.escape(text)) + "$", re.S) for text in texts.values()]


MESSAGES = _message_patterns()


def assert_dutch(message):
    """One of the Dutch hand-in messages of ui.json, never the validator's English."""
    assert any(p.match(message) for p in MESSAGES), message
    assert "must" not in message and "data." not in message, message


def test_the_docs_show_the_schema_the_package_uses():
    assert (ROOT / "docs" / "handin.schema.json").read_bytes() == \
        (ROOT / "sw_exercises" / "data" / "handin.schema.json").read_bytes(), \
        "copy sw_exercises/data/handin.schema.json to docs/"
    assert handin.schema() == SCHEMA


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


@pytest.mark.parametrize("data,words", [
    ({**VALID, "extra": 1, "meer": 2}, "Onbekende velden: extra, meer"),
    ({k: v for k, v in VALID.items() if k != "pseudonym"}, "Ongeldig pseudoniem"),
    ({k: v for k, v in VALID.items() if k != "created_at"}, "bij created_at"),
    ({**VALID, "schema_version": "1"}, "Onbekende schemaversie '1'"),
    ({**VALID, "app_version": "x" * 40}, "Ongeldig veld app_version"),
    ({**VALID, "answers": [*VALID["answers"], {**VALID["answers"][0], "saved_at": "20261123T100000+0000"}]},
     "Ongeldige datum/tijd bij antwoord 2"),
    ({**VALID, "answers": [*VALID["answers"], {**VALID["answers"][0], "extra": 1}]}, "Antwoord 2 is niet"),
    ({**VALID, "answers": [*VALID["answers"], {"workbook": "x"}]}, "Antwoord 2 is niet"),
    ({**VALID, "answers": VALID["answers"] * (handin.MAX_ANSWERS + 1)}, "Te veel antwoorden (5001; hooguit 5000)"),
    ([], "Geen inleverbestand"),
])
def test_each_kind_of_failure_has_its_dutch_reason(data, words):
    with pytest.raises(handin.HandinError) as info:
        handin.validate(data)
    assert words in str(info.value)
    assert_dutch(str(info.value))
    assert info.value.__cause__ is None  # no English validator text chained to it either
