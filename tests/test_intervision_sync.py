"""Merging an intervision group's record: pure merge rules, and two writers on one answer file."""
import json
import multiprocessing
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sw_exercises.answers import AnswerBook
from sw_exercises.intervision_sync import (FORMAT, FieldState, SyncError, build_document, encode_document,
                                           entry_histories, field_from_history, merge, merge_field, merge_text,
                                           merge_value, parse_document, set_entry, value_hash)
from sw_exercises.store import AnswerStore

KEY = "session/s1/notes/feitenvragen"
T0 = datetime(2025, 3, 1, 10, 0, tzinfo=timezone.utc)


def at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def state(key, history, extra=()):
    """A field from its values over time, oldest first (one minute apart)."""
    return field_from_history(key, [(v, at(i)) for i, v in enumerate(history)], extra)


# -- one field, two laptops --------------------------------------------------------------------------
def test_merge_takes_the_side_that_changed_since_the_common_version():
    here = state(KEY, ["Begin."])
    there = state(KEY, ["Begin.", "Begin. De cliënt zegt nee."])
    assert merge_field(KEY, here, there) == "take"
    assert merge_field(KEY, there, here) == "keep"


def test_merge_shows_a_real_conflict_when_both_changed_the_same_field():
    here = state(KEY, ["Begin.", "Begin. Eerste leerpunt."])
    there = state(KEY, ["Begin.", "Begin. Ander leerpunt."])
    result = merge({KEY: here}, {KEY: there})
    assert not result.take and [c.key for c in result.conflicts] == [KEY]
    conflict = result.conflicts[0]
    assert conflict.local.value == "Begin. Eerste leerpunt." and conflict.remote.value == "Begin. Ander leerpunt."


def test_merge_a_field_new_on_either_side_is_taken_or_kept_without_a_question():
    new = state("session/s2/learning", ["Nieuw leerpunt"])
    result = merge({}, {"session/s2/learning": new})
    assert result.take == {"session/s2/learning": new} and not result.conflicts
    assert merge_field("x", new, None) == "keep"


def test_merge_when_both_settled_on_each_others_value_the_newest_edit_wins():
    older = FieldState("A", at(1), frozenset({value_hash(KEY, "A"), value_hash(KEY, "B")}))
    newer = FieldState("B", at(5), frozenset({value_hash(KEY, "A"), value_hash(KEY, "B")}))
    assert merge_field(KEY, older, newer) == "take" and merge_field(KEY, newer, older) == "keep"


def test_merge_a_deleted_session_stays_deleted_and_a_new_one_arrives():
    """Entries of an id list are fields of their own; absent in a later revision means deleted."""
    lists = [[{"id": "s1", "name": "Sessie 1"}], [{"id": "s1", "name": "Sessie 1"}, {"id": "s2", "name": "Leeg"}],
             [{"id": "s1", "name": "Sessie 1"}]]
    here = {f"sessions#{i}": field_from_history(f"sessions#{i}", [(v, at(n)) for n, (v, _) in enumerate(h)])
            for i, h in entry_histories([(v, at(n)) for n, v in enumerate(lists)]).items()}
    there_lists = [[{"id": "s1", "name": "Sessie 1"}, {"id": "s2", "name": "Leeg"}],
                   [{"id": "s1", "name": "Sessie 1"}, {"id": "s2", "name": "Leeg"}, {"id": "s3", "name": "Nieuw"}]]
    there = {f"sessions#{i}": field_from_history(f"sessions#{i}", h)
             for i, h in entry_histories([(v, at(n)) for n, v in enumerate(there_lists)]).items()}
    result = merge(here, there)
    assert here["sessions#s2"].value is None  # deleted here
    assert "sessions#s2" in result.keep and set(result.take) == {"sessions#s3"} and not result.conflicts
    assert set_entry(lists[-1], "s3", result.take["sessions#s3"].value)[-1] == {"id": "s3", "name": "Nieuw"}
    assert set_entry(lists[-1], "s1", None) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", ""]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["d", "e", "a"]), max_size=4), st.lists(st.sampled_from(["f", "g", "b"]), max_size=4))
def test_merge_never_overwrites_silently(common, mine, theirs):
    """Whatever the histories: a side's value is only replaced when the other side has seen it."""
    here, there = state(KEY, common + mine), state(KEY, common + theirs)
    decision = merge_field(KEY, here, there)
    if decision == "take":
        assert here.hash(KEY) in there.seen
    if decision == "keep" and here.value != there.value:
        assert there.hash(KEY) in here.seen
    if decision == "same":
        assert here.value == there.value
    # symmetric: what one side takes, the other keeps
    mirrored = merge_field(KEY, there, here)
    assert {decision, mirrored} in ({"take", "keep"}, {"same"}, {"conflict"})


# -- two windows on one laptop: three-way merges -------------------------------------------------------
def test_merge_text_keeps_both_additions():
    assert merge_text("Begin.", "Begin. Mijn zin.", "Begin. Jouw zin.") == "Begin. Jouw zin. Mijn zin."
    assert merge_text("", "mijn", "jouw") == "jouw\nmijn"
    assert merge_text("een twee drie", "een TWEE drie", "een twee drie vier") == "een TWEE drie vier"
    assert merge_text("een twee drie", "een TWEE drie", "een 2 drie") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["de ", "cliënt ", "zegt ", "nee. ", "\n"]), max_size=8),
       st.lists(st.sampled_from(["ik ", "vraag ", "door. "]), max_size=4),
       st.lists(st.sampled_from(["wij ", "luisteren. "]), max_size=4))
def test_merge_text_never_loses_an_addition(base, added_mine, added_theirs):
    base_text = "".join(base)
    mine, theirs = base_text + "".join(added_mine), "".join(added_theirs) + base_text
    merged = merge_text(base_text, mine, theirs)
    assert merged is not None
    for word in added_mine + added_theirs:
        assert word.strip() in merged


def test_merge_value_by_key_by_entry_and_by_name():
    assert merge_value({"voorzitter": "A", "notulist": "B"}, {"voorzitter": "C", "notulist": "B"},
                       {"voorzitter": "A", "notulist": "D"}) == ({"voorzitter": "C", "notulist": "D"}, False)
    base = [{"id": "x", "text": "bellen"}]
    mine = base + [{"id": "y", "text": "mailen"}]
    theirs = [{"id": "x", "text": "bellen", "status": "done"}]
    assert merge_value(base, mine, theirs) == ([{"id": "x", "text": "bellen", "status": "done"},
                                                {"id": "y", "text": "mailen"}], False)
    assert merge_value(["A", "B"], ["A", "B", "C"], ["B"]) == (["B", "C"], False)
    assert merge_value(1, 2, 3) == (2, True)


# -- the group file ---------------------------------------------------------------------------------
def test_import_refuses_what_is_not_a_group_file():
    with pytest.raises(SyncError) as found:
        parse_document(b"\xff\xfe kapot")
    assert found.value.key == "intervisie.sync.not_json"
    for bad, key in ((b"{}", "not_a_group_file"), (json.dumps({"format": FORMAT, "version": 99}).encode(), "newer"),
                     (json.dumps({"format": FORMAT, "version": 1, "group": {"id": "../x", "name": "G"},
                                  "fields": {}}).encode(), "damaged"),
                     (json.dumps({"format": FORMAT, "version": 1, "group": {"id": "g", "name": "G"},
                                  "fields": {"session/s1/timer/x/../../y": {"value": 1, "at": at(0), "seen": []}}}).encode(),
                      "damaged"),
                     (b" " * (6 * 1024 * 1024), "too_large")):
        with pytest.raises(SyncError) as found:
            parse_document(bad)
        assert found.value.key == f"intervisie.sync.{key}"


def test_import_reads_back_what_was_exported():
    fields = {KEY: state(KEY, ["Oude tekst", "b"]), "sessions#s1": state("sessions#s1", [{"id": "s1", "name": "S"}])}
    doc = build_document("g_1", "Groep 3", ["oud"], fields, at(9))
    parsed = parse_document(encode_document(doc))
    assert parsed.group_id == "g_1" and parsed.group_name == "Groep 3" and parsed.aliases == ("oud",)
    assert parsed.fields[KEY].value == "b" and value_hash(KEY, "Oude tekst") in parsed.fields[KEY].seen
    assert "Oude tekst" not in encode_document(doc).decode()  # old texts travel only as hashes


# -- two writers on one answer file -------------------------------------------------------------------
def test_concurrent_guarded_saves_never_both_pass(tmp_path):
    one, two = AnswerStore(tmp_path / "a.sqlite3"), AnswerStore(tmp_path / "a.sqlite3")
    first = one.save("92_intervisie", KEY, "begin")
    assert two.save_if_latest("92_intervisie", KEY, "van twee", first.number) is not None
    assert one.save_if_latest("92_intervisie", KEY, "van een", first.number) is None  # two saved in between
    assert one.get("92_intervisie", KEY) == "van twee"
    assert [r.value for r in one.history("92_intervisie", KEY)] == ["begin", "van twee"]


def _writer(path: str, who: str, rounds: int) -> None:
    store = AnswerStore(path)
    book = AnswerBook("92_intervisie", store_factory=lambda: store)
    for n in range(rounds):
        while True:  # read, add a line, save only if nobody saved in between
            latest = book.latest(KEY)
            text = (latest.value if latest else "") + f"{who}{n}\n"
            if book.save_if_latest(KEY, text, latest.number if latest else None) is not None:
                break


def test_concurrent_processes_writing_one_note_lose_no_line(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    AnswerStore(path).close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(path, who, 15)) for who in ("A", "B")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    lines = AnswerStore(path).get("92_intervisie", KEY).splitlines()
    assert sorted(lines) == sorted(f"{who}{n}" for who in "AB" for n in range(15))
