"""An intervision group in the answer store: one group on several laptops (group files merged by ids),
two windows or processes writing the same group, older stored records, deleting what is empty."""
import json
import multiprocessing
import os
import stat
from datetime import date, datetime, timezone

import pytest

from sw_exercises.answers import AnswerBook
from sw_exercises.intervision_group import WORKBOOK, IntervisionBook, group_item, session_item
from sw_exercises.intervision_sync import SyncError
from sw_exercises.store import AnswerStore


def laptop(path):
    """One laptop: its own answer file."""
    store = AnswerStore(path)
    return IntervisionBook(AnswerBook(WORKBOOK, store_factory=lambda: store)), store


@pytest.fixture
def two_laptops(tmp_path):
    """Laptop A made the group with two members and a session; laptop B imported A's group file."""
    a, store_a = laptop(tmp_path / "a.sqlite3")
    b, store_b = laptop(tmp_path / "b.sqlite3")
    group = a.add_group("Groep 3")
    for name in ("Amira", "Bas", "Chen"):
        a.add_member(group.id, name)
    session = a.add_session(group.id, "Sessie maart", date(2025, 3, 4))
    a.book.save(session_item(group.id, session.id, "notes", "feitenvragen"), "Wie belde wie?")
    b.import_group(file_of(a, group.id))
    return a, b, group, session


def file_of(record, group_id):
    return json.dumps(record.export_document(group_id)).encode()


def test_import_makes_the_group_on_a_new_laptop_with_the_same_ids(two_laptops):
    a, b, group, session = two_laptops
    assert [g.id for g in b.groups()] == [group.id]
    assert b.members(group.id) == ["Amira", "Bas", "Chen"]
    assert [s.id for s in b.sessions(group.id)] == [session.id] and b.sessions(group.id)[0].date == "2025-03-04"
    assert b.get(session_item(group.id, session.id, "notes", "feitenvragen")) == "Wie belde wie?"


def test_import_merges_work_done_on_both_laptops_without_overwriting(two_laptops):
    a, b, group, session = two_laptops
    note = session_item(group.id, session.id, "notes", "feitenvragen")
    a.book.save(session_item(group.id, session.id, "notes", "oorzaken"), "Oorzaken van A.")   # only on A
    b.book.save(session_item(group.id, session.id, "group_learning"), "Eerst vragen.")        # only on B
    later = b.add_session(group.id, "Sessie april", date(2025, 4, 1))                          # only on B
    b.book.save(note, "Wie belde wie? En wanneer?")                                           # B changed, A did not
    result = a.import_group(file_of(b, group.id))
    assert not result.conflicts
    assert a.get(note) == "Wie belde wie? En wanneer?"
    assert a.get(session_item(group.id, session.id, "group_learning")) == "Eerst vragen."
    assert a.get(session_item(group.id, session.id, "notes", "oorzaken")) == "Oorzaken van A."
    assert [s.id for s in a.sessions(group.id)] == [session.id, later.id]
    again = b.import_group(file_of(a, group.id))  # and back: both laptops now hold the same record
    assert not again.conflicts and b.get(session_item(group.id, session.id, "notes", "oorzaken")) == "Oorzaken van A."
    assert a.fields(group.id).keys() == b.fields(group.id).keys()
    assert all(a.fields(group.id)[k].value == b.fields(group.id)[k].value for k in a.fields(group.id))


def test_import_shows_a_real_conflict_side_by_side_and_the_choice_travels(two_laptops):
    a, b, group, session = two_laptops
    note = session_item(group.id, session.id, "notes", "feitenvragen")
    a.book.save(note, "Versie van laptop A.")
    b.book.save(note, "Versie van laptop B.")
    result = a.import_group(file_of(b, group.id))
    assert [c.key for c in result.conflicts] == [f"session/{session.id}/notes/feitenvragen"]
    assert a.get(note) == "Versie van laptop A."  # nothing overwritten
    conflict = a.conflicts(group.id)[0]
    assert (conflict.local.value, conflict.remote.value) == ("Versie van laptop A.", "Versie van laptop B.")
    assert a.import_group(file_of(b, group.id)).conflicts and len(a.conflicts(group.id)) == 1  # asked once
    a.resolve(group.id, conflict.id, "both")
    assert a.get(note) == "Versie van laptop A.\n\nVersie van laptop B." and not a.conflicts(group.id)
    result = b.import_group(file_of(a, group.id))  # B has not chosen: A's choice has seen B's version
    assert not result.conflicts and b.get(note) == "Versie van laptop A.\n\nVersie van laptop B."


def test_import_a_deleted_session_is_not_brought_back(two_laptops):
    a, b, group, _ = two_laptops
    empty = a.add_session(group.id, "Per ongeluk", date(2025, 3, 5))
    b.import_group(file_of(a, group.id))
    assert empty.id in [s.id for s in b.sessions(group.id)]
    b.delete_session(group.id, empty.id)
    a.import_group(file_of(b, group.id))
    assert empty.id not in [s.id for s in a.sessions(group.id)]
    b.import_group(file_of(a, group.id))
    assert empty.id not in [s.id for s in b.sessions(group.id)]


def test_import_a_session_deleted_there_but_with_notes_here_is_never_hidden(two_laptops):
    a, b, group, _ = two_laptops
    late = a.add_session(group.id, "Nog leeg op A", date(2025, 3, 5))
    b.import_group(file_of(a, group.id))
    b.book.save(session_item(group.id, late.id, "notes", "feitenvragen"), "B schreef hier al iets.")
    a.delete_session(group.id, late.id)  # empty on A
    b.import_group(file_of(a, group.id))
    assert late.id in [s.id for s in b.sessions(group.id)]  # B keeps it: it holds notes
    a.import_group(file_of(b, group.id))
    assert late.id in [s.id for s in a.sessions(group.id)]  # and A gets it back, with the notes
    assert a.get(session_item(group.id, late.id, "notes", "feitenvragen")) == "B schreef hier al iets."


def test_import_finds_the_group_made_separately_under_the_same_name(tmp_path):
    a, _ = laptop(tmp_path / "a.sqlite3")
    c, _ = laptop(tmp_path / "c.sqlite3")
    ga = a.add_group("Groep 3")
    gc = c.add_group("groep 3")  # made on its own laptop before the group shared a file
    c.add_session(gc.id, "Sessie van C", date(2025, 3, 4))
    result = a.import_group(file_of(c, gc.id))
    assert result.group.id == ga.id and not result.created
    assert [s.name for s in a.sessions(ga.id)] == ["Sessie van C"]
    back = c.import_group(file_of(a, ga.id))  # A's id is now known to C as the same group
    assert back.group.id == gc.id


def test_import_keeps_own_learning_points_privacy_names_and_the_clock_at_home(two_laptops):
    a, b, group, session = two_laptops
    a.book.save(session_item(group.id, session.id, "learning"), "Mijn eigen leerpunt.")
    a.book.save(group_item(group.id, "privacy_names"), ["mevrouw Jansen"])
    a.book.save(session_item(group.id, session.id, "timer", "incidentmethode"), {"index": 3})
    data = file_of(a, group.id).decode()
    assert "Mijn eigen leerpunt" not in data and "Jansen" not in data and "timer" not in data
    b.import_group(data.encode())
    assert b.get(session_item(group.id, session.id, "learning")) is None


def test_import_refuses_a_damaged_file_and_changes_nothing(two_laptops):
    a, b, group, _ = two_laptops
    before = [(r.item, r.number) for r in b.book.store.answers(WORKBOOK)]
    doc = a.export_document(group.id)
    doc["fields"]["session/../../groups"] = {"value": [], "at": doc["exported_at"], "seen": []}
    with pytest.raises(SyncError) as found:
        b.import_group(json.dumps(doc).encode())
    assert found.value.key == "intervisie.sync.damaged"
    assert [(r.item, r.number) for r in b.book.store.answers(WORKBOOK)] == before


def test_import_export_file_is_private_and_returns_its_bytes(two_laptops, tmp_path):
    a, _, group, _ = two_laptops
    made = a.export_group(group.id, tmp_path / "out")
    assert made.path.read_bytes() == made.data and stat.S_IMODE(os.stat(made.path).st_mode) == 0o600
    assert json.loads(made.data)["group"]["id"] == group.id


# -- two windows, two processes ----------------------------------------------------------------------
def test_concurrent_windows_on_one_answer_file_merge_their_notes(tmp_path):
    one, _ = laptop(tmp_path / "a.sqlite3")
    two, _ = laptop(tmp_path / "a.sqlite3")  # a second kernel on the same file
    group = one.add_group("Groep 3")
    session = one.add_session(group.id, "Sessie", date(2025, 3, 4))
    item = session_item(group.id, session.id, "group_learning")
    first = one.save_field(item, "Eerst vragen.", None)
    start = one.book.latest(item)
    assert first.status == "saved"
    mine = one.save_field(item, "Eerst vragen. Dan adviseren.", start.number, start.value)
    theirs = two.save_field(item, "Eerst vragen. Samenvatten helpt.", start.number, start.value)
    assert mine.status == "saved" and theirs.status == "merged"
    assert two.get(item) == "Eerst vragen. Dan adviseren. Samenvatten helpt."


def test_concurrent_changes_of_the_same_words_keep_both_for_the_group(tmp_path):
    one, _ = laptop(tmp_path / "a.sqlite3")
    two, _ = laptop(tmp_path / "a.sqlite3")
    group = one.add_group("Groep 3")
    session = one.add_session(group.id, "Sessie", date(2025, 3, 4))
    item = session_item(group.id, session.id, "notes", "feitenvragen")
    one.save_field(item, "De cliënt belde.", None)
    start = one.book.latest(item)
    one.save_field(item, "De moeder belde.", start.number, start.value)
    outcome = two.save_field(item, "De buurman belde.", start.number, start.value)
    assert outcome.status == "conflict" and two.get(item) == "De buurman belde."
    [conflict] = one.conflicts(group.id)
    assert conflict.source == "concurrent" and conflict.remote.value == "De moeder belde."
    one.resolve(group.id, conflict.id, "other")
    assert one.get(item) == "De moeder belde."


def _session_writer(path: str, group_id: str, session_id: str, who: str, rounds: int) -> None:
    record, _ = laptop(path)
    for n in range(rounds):
        record.add_afspraak(group_id, session_id, f"{who} doet {n}", who)
        item = session_item(group_id, session_id, "group_learning")
        while True:
            latest = record.book.latest(item)
            base = latest.value if latest else ""
            outcome = record.save_field(item, f"{base}{who}{n}\n", latest.number if latest else None, base)
            if outcome.status in ("saved", "merged"):
                break


def test_concurrent_processes_writing_one_group_lose_no_afspraak_or_line(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    record, _ = laptop(path)
    group = record.add_group("Groep 3")
    session = record.add_session(group.id, "Sessie", date(2025, 3, 4))
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_session_writer, args=(path, group.id, session.id, who, 8)) for who in ("A", "B")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    record, _ = laptop(path)
    texts = sorted(a["text"] for a in record.afspraken(group.id, session.id))
    assert texts == sorted(f"{who} doet {n}" for who in "AB" for n in range(8))
    lines = record.get(session_item(group.id, session.id, "group_learning")).split()
    assert sorted(lines) == sorted(f"{who}{n}" for who in "AB" for n in range(8))


# -- older stored records, and what opening creates --------------------------------------------------------
def test_an_old_record_is_read_date_from_the_first_meta_and_nothing_is_rewritten(tmp_path):
    moments = iter([datetime(2025, 2, 3, 9, tzinfo=timezone.utc), datetime(2025, 6, 1, 9, tzinfo=timezone.utc)])
    store = AnswerStore(tmp_path / "old.sqlite3", clock=lambda: next(moments, datetime(2025, 6, 2, tzinfo=timezone.utc)))
    item = "group/g3/session/s1/meta"
    store.save(WORKBOOK, item, {"method": "incidentmethode", "participants": ["Amira", "Bas"],
                                "roles": {"inbrenger": "Bas", "voorzitter": "Amira"}, "date": "2025-02-03"})
    store.save(WORKBOOK, item, {"method": "roddelmethode", "participants": ["Amira", "Bas", "Chen"],
                                "roles": {"inbrenger": "Bas", "voorzitter": "Amira"}, "date": "2025-06-01"})
    store.save(WORKBOOK, "groups", [{"id": "g3", "name": "Groep 3"}])
    store.save(WORKBOOK, "group/g3/sessions", [{"id": "s1", "name": "Sessie februari"}])
    before = store.revision_counts()
    record = IntervisionBook(AnswerBook(WORKBOOK, store_factory=lambda: store))
    [session] = record.sessions("g3")
    assert session.date == "2025-02-03"  # not the date of the last edit
    assert session.method == "roddelmethode" and session.present == ("Amira", "Bas", "Chen")
    assert session.roles == {"inbrenger": "Bas", "voorzitter": "Amira"}
    assert record.members("g3") == ["Amira", "Bas", "Chen"]
    assert store.revision_counts() == before


def test_nothing_is_created_by_reading_and_empty_things_can_be_deleted(tmp_path):
    record, store = laptop(tmp_path / "a.sqlite3")
    assert record.current_group() is None and store.answers() == []
    group = record.add_group("Groep 3")
    session = record.add_session(group.id, "Sessie", date(2025, 3, 4))
    with pytest.raises(ValueError):
        record.delete_group(group.id)  # it has a session
    record.book.save(session_item(group.id, session.id, "method"), "roddelmethode")  # a method alone is not content
    assert record.session_is_empty(group.id, session.id)
    record.set_consent(group.id, session.id, "Amira", True)
    with pytest.raises(ValueError):
        record.delete_session(group.id, session.id)
    record.set_consent(group.id, session.id, "Amira", False)
    record.delete_session(group.id, session.id)
    record.delete_group(group.id)
    assert record.groups() == [] and record.current_group() is None


def test_afspraken_come_back_until_followed_up(tmp_path):
    record, _ = laptop(tmp_path / "a.sqlite3")
    group = record.add_group("Groep 3")
    first = record.add_session(group.id, "Eerste", date(2025, 3, 4))
    entry = record.add_afspraak(group.id, first.id, "Bas belt de wijkagent", "Bas", date(2025, 3, 11))
    second = record.add_session(group.id, "Tweede", date(2025, 4, 1))
    assert [a["text"] for _, a in record.follow_up(group.id, second.id)] == ["Bas belt de wijkagent"]
    record.set_afspraak(group.id, first.id, entry["id"], status="done", followed_up_in=second.id)
    assert [a["status"] for _, a in record.follow_up(group.id, second.id)] == ["done"]  # recorded in the second
    third = record.add_session(group.id, "Derde", date(2025, 5, 1))
    assert record.follow_up(group.id, third.id) == []
