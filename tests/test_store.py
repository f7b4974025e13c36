"""The answer store: durable, complete history, latest wins, and careful with files it does not own.

The tests that take ``make_store`` run against both backends: SQLite (the laptop and the hub) and
the folder of JSON lines (:mod:`sw_exercises.filestore`, the browser, where there is no sqlite3)."""
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sw_exercises.filestore import FileAnswerStore
from sw_exercises.store import APPLICATION_ID, MIGRATIONS, AnswerStore, StoreError

BACKENDS = {"sqlite": lambda folder, **kw: AnswerStore(folder / "a.sqlite3", **kw),
            "bestanden": lambda folder, **kw: FileAnswerStore(folder / "antwoorden", **kw)}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request):
    return request.param


@pytest.fixture
def make_store(backend):
    """``make_store(folder, **kwargs)``: a store of this backend in ``folder`` (the same answers when
    called again for the same folder)."""
    return BACKENDS[backend]

values = st.one_of(st.text(), st.integers(), st.none(), st.booleans(),
                   st.lists(st.integers(min_value=1, max_value=7), max_size=7),
                   st.dictionaries(st.sampled_from(["accepted", "excluded"]), st.integers()))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_and_kept(path, words):
    """Opening fails with a Dutch message containing ``words``, and the file is byte-for-byte unchanged."""
    before = digest(path)
    with pytest.raises(StoreError) as info:
        AnswerStore(path)
    assert words in info.value.message
    assert digest(path) == before


def test_a_new_store_uses_wal_and_is_marked_as_ours(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    con = sqlite3.connect(tmp_path / "a.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.schema_version == len(MIGRATIONS) >= 1


def test_every_revision_is_kept_with_its_time_and_the_latest_is_the_answer(tmp_path, make_store):
    times = iter(datetime(2026, 9, 1, 12, tzinfo=timezone.utc) + timedelta(days=31 * i) for i in range(10))
    store = make_store(tmp_path, clock=lambda: next(times))
    for text in ["eerste versie", "tweede versie", "derde versie"]:
        store.save("wb", "reflection/x", text)
    assert store.get("wb", "reflection/x") == "derde versie"
    history = store.history("wb", "reflection/x")
    assert [r.value for r in history] == ["eerste versie", "tweede versie", "derde versie"]
    assert [r.saved_at.month for r in history] == [9, 10, 11]
    assert store.get("wb", "missing", "leeg") == "leeg"


@pytest.mark.parametrize("text", ["😀 émoji en ĳ", "<script>alert(1)</script>", "", "x" * 200_000, "a\x00b"])
def test_awkward_text_is_stored_exactly(tmp_path, make_store, text):
    store = make_store(tmp_path)
    store.save("wb", "reflection/x", text)
    assert make_store(tmp_path).get("wb", "reflection/x") == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from(["a", "b", "c"]), values), max_size=25))
def test_any_sequence_of_saves_through_two_connections(tmp_path_factory, make_store, saves):
    """Is the latest save the answer, and is every save in the history, in order? (Two kernels, or
    two browser tabs, on the same answers.)"""
    folder = tmp_path_factory.mktemp("two")
    stores = [make_store(folder), make_store(folder)]
    for which, item, value in saves:
        stores[which].save("wb", item, value)
    for reader in stores:
        for item in "abc":
            expected = [json.loads(json.dumps(v)) for _, i, v in saves if i == item]
            assert [r.value for r in reader.history("wb", item)] == expected
            assert reader.get("wb", item, "<none>") == (expected[-1] if expected else "<none>")
        assert {r.item: r.value for r in reader.answers("wb")} == {
            i: json.loads(json.dumps(v)) for _, i, v in saves}


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sw_exercises.filestore import FileAnswerStore
    from sw_exercises.store import AnswerStore
    store = (AnswerStore if sys.argv[3] == "sqlite" else FileAnswerStore)(sys.argv[1])
    i = 0
    while True:
        store.save("wb", "item-" + sys.argv[2] + "-" + str(i % 3), "waarde " + str(i))
        print(sys.argv[2], i, flush=True)   # printed only after the save returned: 'shown as saved'
        i += 1
""")


def test_killed_writers_lose_nothing_that_was_reported_saved(tmp_path, backend, make_store):
    """Two processes write at once; both are killed mid-stream. Is everything they reported there?"""
    make_store(tmp_path).close()
    path = make_store(tmp_path).path
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, backend], stdout=subprocess.PIPE, text=True)
             for name in ("A", "B")]
    deadline = time.monotonic() + 30
    seen = {"A": -1, "B": -1}
    while min(seen.values()) < 40 and time.monotonic() < deadline:
        for proc in procs:
            line = proc.stdout.readline().split()
            if line:
                seen[line[0]] = int(line[1])
    for proc in procs:
        proc.send_signal(signal.SIGKILL)
    for proc in procs:
        rest = proc.communicate()[0].split("\n")
        for line in rest[:-1]:  # the last piece may be a report the kill cut short (no newline yet)
            if line.strip():
                name, i = line.split()
                seen[name] = max(seen[name], int(i))
    assert min(seen.values()) >= 40, "writers did not get going"
    store = make_store(tmp_path)
    if backend == "sqlite":
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for name, last in seen.items():
        saved = sum(len(store.history("wb", f"item-{name}-{k}")) for k in range(3))
        assert saved >= last + 1


def test_a_corrupt_file_gets_a_dutch_message_and_is_not_touched(tmp_path):
    path = tmp_path / "antwoorden.sqlite3"
    path.write_bytes(b"dit is geen database\n" * 100)
    assert_refused_and_kept(path, "beschadigd")


def test_a_damaged_sqlite_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "a.sqlite3"
    store = AnswerStore(path)
    for i in range(300):
        store.save("wb", f"i{i}", "x" * 500)
    store.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 2000] = b"\xff" * 2000  # trash a page in the middle
    path.write_bytes(bytes(data))
    assert_refused_and_kept(path, "beschadigd")


def test_a_foreign_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "antwoorden.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.execute("INSERT INTO contacts VALUES ('iemand')")
    con.commit()
    con.close()
    assert_refused_and_kept(path, "ander programma")


def test_a_store_from_a_newer_version_is_refused_and_kept(tmp_path):
    path = tmp_path / "a.sqlite3"
    AnswerStore(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    con.close()
    assert_refused_and_kept(path, "nieuwere versie")


def test_a_version_1_store_is_upgraded_to_sharing_and_keeps_everything(tmp_path):
    path = tmp_path / "a.sqlite3"
    old = AnswerStore(path, migrations=MIGRATIONS[:1])
    old.save("wb", "reflection/x", "geschreven met versie 1")
    old.close()
    store = AnswerStore(path)
    assert store.schema_version == 2
    assert store.get("wb", "reflection/x") == "geschreven met versie 1"
    assert store.shared() == set()  # private by default
    store.set_shared("wb", "reflection/x", True)
    store.set_shared("wb", "reflection/y", True)
    store.set_shared("wb", "reflection/y", False)
    store.set_setting("pseudonym", "student-AB12")
    again = AnswerStore(path)
    assert again.shared() == {("wb", "reflection/x")}
    assert again.setting("pseudonym") == "student-AB12" and again.setting("missing", 3) == 3


def test_migrations_upgrade_an_old_store_and_keep_its_answers(tmp_path):
    path = tmp_path / "a.sqlite3"
    AnswerStore(path).save("wb", "reflection/x", "van vorig jaar")

    def add_shared_flag(con):
        con.execute("ALTER TABLE revision ADD COLUMN shared INTEGER NOT NULL DEFAULT 0")

    upgraded = AnswerStore(path, migrations=[*MIGRATIONS, add_shared_flag])
    assert upgraded.schema_version == len(MIGRATIONS) + 1
    assert upgraded.get("wb", "reflection/x") == "van vorig jaar"
    cols = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(revision)")]
    assert "shared" in cols


def test_a_failing_migration_changes_nothing(tmp_path):
    path = tmp_path / "a.sqlite3"
    AnswerStore(path).save("wb", "x", 1)

    def broken(con):
        con.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("kapot")

    with pytest.raises(StoreError):
        AnswerStore(path, migrations=[*MIGRATIONS, broken])
    store = AnswerStore(path)
    assert store.schema_version == len(MIGRATIONS)
    assert store.get("wb", "x") == 1
    assert "half" not in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}


def test_an_unwritable_workspace_gets_a_dutch_message(tmp_path, make_store):
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand waar een map zou moeten staan")
    with pytest.raises(StoreError) as info:
        make_store(blocker / "werkruimte")
    assert "niet te schrijven" in info.value.message
    assert blocker.read_text() == "een bestand waar een map zou moeten staan"


def test_sharing_and_settings_keep_the_latest_choice(tmp_path, make_store):
    store = make_store(tmp_path)
    store.set_shared("wb", "reflection/x", True)
    store.set_shared("wb", "reflection/y", True)
    store.set_shared("wb", "reflection/y", False)
    store.set_setting("pseudonym", "student-AB12")
    store.set_setting("pseudonym", "student-CD34")
    again = make_store(tmp_path)
    assert again.shared() == {("wb", "reflection/x")}
    assert again.setting("pseudonym") == "student-CD34" and again.setting("missing", 3) == 3
    assert again.workbooks() == [] and again.revision_counts() == {}


# -- the file store (the browser's backend) ------------------------------------------------

def test_two_tabs_append_and_never_rewrite_each_others_lines(tmp_path):
    """Two store instances on one folder (two browser tabs): each writes only its own file, and
    each file only grows, so neither can lose what the other saved."""
    folder = tmp_path / "antwoorden"
    tab_a, tab_b = FileAnswerStore(folder), FileAnswerStore(folder)
    sizes: dict[str, int] = {}
    for i in range(20):
        (tab_a if i % 2 else tab_b).save("01_sociale_afstand", f"item-{i % 3}", f"antwoord {i}")
        for path in folder.glob("*.jsonl.txt"):
            assert path.stat().st_size >= sizes.get(path.name, 0), "a writer file shrank"
            sizes[path.name] = path.stat().st_size
    assert len(sizes) == 2
    for reader in (tab_a, tab_b, FileAnswerStore(folder)):
        assert sum(reader.revision_counts().values()) == 20
        assert reader.get("01_sociale_afstand", "item-1") == "antwoord 19"


def test_a_half_written_line_is_skipped_and_the_rest_is_kept(tmp_path):
    folder = tmp_path / "antwoorden"
    store = FileAnswerStore(folder)
    store.save("wb", "x", "heel")
    own = next(folder.glob("*.jsonl.txt"))
    with own.open("a", encoding="utf-8") as fh:
        fh.write('{"k": "rev", "w": "wb", "i": "x", "v": "half')  # a tab closed mid-save
    again = FileAnswerStore(folder)
    assert again.get("wb", "x") == "heel"
    again.save("wb", "x", "daarna")
    assert FileAnswerStore(folder).get("wb", "x") == "daarna"


def test_a_foreign_or_newer_answer_folder_is_refused_and_kept(tmp_path):
    foreign = tmp_path / "vreemd"
    foreign.mkdir()
    (foreign / "foto.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError) as info:
        FileAnswerStore(foreign)
    assert "ander programma" in info.value.message
    assert sorted(p.name for p in foreign.iterdir()) == ["foto.jpg"]
    newer = tmp_path / "nieuwer"
    FileAnswerStore(newer).save("wb", "x", 1)
    (newer / "werkboek.json").write_text(json.dumps({"format": "sociaal-werkboek-antwoorden", "version": 99}))
    before = {p.name: digest(p) for p in newer.iterdir()}
    with pytest.raises(StoreError) as info:
        FileAnswerStore(newer)
    assert "nieuwere versie" in info.value.message
    assert {p.name: digest(p) for p in newer.iterdir()} == before


def test_forgetting_takes_the_text_out_of_every_file_in_the_folder(tmp_path):
    folder = tmp_path / "antwoorden"
    tab_a, tab_b = FileAnswerStore(folder), FileAnswerStore(folder)
    tab_a.save("wb", "x", "geheim-een")
    tab_b.save("wb", "x", "geheim-twee")
    tab_a.save("wb", "x", "nu")
    tab_b.save("wb2", "y", "geheim-drie")
    tab_b.set_shared("wb2", "y", True)
    assert tab_b.forget_history("wb", "x").revisions == 2
    assert tab_a.history("wb", "x")[0].value == "nu"
    assert tab_a.forget_workbook("wb2").revisions == 1
    assert tab_b.shared() == set() and tab_b.workbooks() == ["wb"]
    text = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    assert b"geheim" not in text
    tab_b.save("wb", "z", "na het wissen")  # a tab whose file was rewritten keeps appending
    assert FileAnswerStore(folder).get("wb", "z") == "na het wissen"


def test_without_sqlite3_the_default_store_keeps_answers_in_files(tmp_path):
    """Pyodide has no sqlite3: does the default store fall back to the file store by itself?"""
    script = textwrap.dedent("""
        import sys
        sys.modules["sqlite3"] = None  # import sqlite3 now raises ImportError, as in Pyodide
        from sw_exercises.store import default_store
        store = default_store()
        store.save("wb", "x", "in de browser")
        print(type(store).__name__, store.path.name)
    """)
    env = {**os.environ, "WERKBOEK_MAP": str(tmp_path / "werkruimte")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split() == ["FileAnswerStore", "antwoorden"]
    assert FileAnswerStore(tmp_path / "werkruimte" / "antwoorden").get("wb", "x") == "in de browser"
