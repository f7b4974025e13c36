"""`werkboek` for lecturers without surprises: Dutch help and errors (argparse's own words too), dates
as lecturers write them, output folders made on demand, no traceback for any user mistake, and an
assignment pack that opens on its own start page after unzipping.

Every command runs in-process through ``cli.main``; no server is started.
"""
import errno
import json
import os
import zipfile
from datetime import date, timedelta

import pytest

from sw_exercises import app, cli, handin
from sw_exercises.classroom import pack
from sw_exercises.dates import DateError, format_dutch_date, parse_dutch_date
from sw_exercises.i18n import t

ENGLISH = ("usage:", "the following arguments are required", "invalid int value", "invalid choice",
           "unrecognized arguments", "show this help message and exit", "positional arguments",
           "options:", "optional arguments", "error:", "expected one argument", "ignored explicit argument",
           "choose from", "Traceback", "not found", "No such file", "Permission denied", "Not a directory",
           "File exists", "Errno")
T = "2026-11-23T10:00:00+00:00"
TODAY = date.today()


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path, monkeypatch):
    """Commands write their default output (klasoverzicht.html, ...) in the current folder: not the repo."""
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_english(*texts):
    for text in texts:
        for fragment in ENGLISH:
            assert fragment not in text, f"English left: {fragment!r} in {text!r}"


def student(n):
    answers = [{"workbook": "01_sociale_afstand", "item": "bogardus/werklozen",
                "value": {"accepted": [3, 4, 5, 6], "excluded": False}, "saved_at": T},
               {"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": "tekst", "saved_at": T}]
    return handin.build(f"student-{n:04d}", answers)


@pytest.fixture
def class_zip(tmp_path):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(6):
            zf.writestr(f"inlevering-{i}.json", json.dumps(student(i)))
    return path


@pytest.fixture
def a_file(tmp_path):
    """A regular file: any path under it cannot be made, not even by root."""
    path = tmp_path / "gewoon-bestand"
    path.write_text("x")
    return path


# --- Dutch help and argument errors ---------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["klas"], ["inlevermap"], ["pakket"], ["klaarzetten"], ["backup"], ["app"]])
def test_help_of_every_command_is_dutch(capsys, command):
    code, out, err = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("gebruik: werkboek") and t("cli.help_help") in out and t("cli.optionals") in out
    assert_no_english(out, err)


def test_the_main_help_lists_every_command_with_a_dutch_line(capsys):
    _, out, _ = run(capsys, "--help")
    for command, key in (("klas", "klas_help"), ("pakket", "pakket_help"), ("backup", "backup_help"), ("app", "app_help")):
        assert command in out and t(f"cli.{key}").split()[0] in out
    assert t("cli.commands_title") in out


@pytest.mark.parametrize("argv, expected", [
    ([], t("cli.arg_required", names="opdracht")),
    (["bestaat-niet"], "'bestaat-niet' bestaat niet; kies uit 'klas'"),
    (["klas"], t("cli.arg_required", names="MAP_OF_ZIP")),
    (["klas", "x", "--drempel", "abc"], t("cli.not_a_number", value="abc")),
    (["klas", "x", "--drempel", "0"], t("cli.threshold_too_small", value=0)),
    (["klas", "x", "--drempel", "-3"], t("cli.threshold_too_small", value=-3)),
    (["klas", "x", "--drempel"], t("cli.arg_expected_value")),
    (["klas", "x", "--onbekend"], t("cli.arg_unrecognized", names="--onbekend")),
    (["klas", "x", "y"], t("cli.arg_unrecognized", names="y")),
    (["pakket"], "Dit ontbreekt nog: --werkboeken, --deadline"),
    (["pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "morgen"], "'morgen' is geen datum"),
    (["pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "31 april 2027"], "april 2027 heeft 30 dagen"),
    (["inlevermap", "x"], t("cli.arg_required", names="--docent")),
    (["backup"], t("cli.arg_required", names="--uit")),
    (["klaarzetten", "--stil=ja"], "hier hoort geen waarde achter"),
    (["app", "--poort", "abc"], t("cli.not_a_number", value="abc")),
    (["app", "--poort", "0"], t("cli.port_range", value=0)),
    (["app", "--poort", "70000"], t("cli.port_range", value=70000)),
    (["app", "extra"], t("cli.arg_unrecognized", names="extra")),
])
def test_argument_errors_are_dutch_with_exit_code_2(capsys, argv, expected):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert expected in err and "gebruik: werkboek" in err and ": fout: " in err
    assert_no_english(out, err)


@pytest.mark.parametrize("english, dutch", [
    ("the following arguments are required: --uit", t("cli.arg_required", names="--uit")),
    ("unrecognized arguments: --x y", t("cli.arg_unrecognized", names="--x y")),
    ("argument --drempel: invalid int value: 'abc'",
     t("cli.arg_problem", argument="--drempel", detail=t("cli.arg_invalid_value", value="'abc'"))),
    ("argument --poort: expected one argument", t("cli.arg_problem", argument="--poort", detail=t("cli.arg_expected_value"))),
    ("ambiguous option: --g could match --groep, --groep-mag-bekijken",
     t("cli.arg_ambiguous", option="--g", matches="--groep, --groep-mag-bekijken")),
    ("one of the arguments --a --b is required", t("cli.arg_one_of", names="--a --b")),
    ("argument --a: not allowed with argument --b", t("cli.arg_problem", argument="--a", detail=t("cli.arg_not_together", other="--b"))),
    ("a message some future Python adds", t("cli.arg_other")),
])
def test_argparse_messages_are_translated(english, dutch):
    assert cli.dutch_argparse_message(english) == dutch


def test_our_own_dutch_detail_after_an_argument_name_is_kept():
    assert cli.dutch_argparse_message("argument --drempel: 'x' is geen heel getal.") == "bij --drempel: 'x' is geen heel getal."


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("18-12-2026", date(2026, 12, 18)),
    ("8-1-2027", date(2027, 1, 8)),
    ("18/12/2026", date(2026, 12, 18)),
    ("2026-12-18", date(2026, 12, 18)),
    ("18 december 2026", date(2026, 12, 18)),
    ("18 dec 2026", date(2026, 12, 18)),
    ("18 dec. 2026", date(2026, 12, 18)),
    ("18 DECEMBER 2026", date(2026, 12, 18)),
    ("18 December 2026", date(2026, 12, 18)),
    ("   18   dec\t2026  ", date(2026, 12, 18)),
    ("18\u00a0december\u00a02026", date(2026, 12, 18)),
    ("3 mrt 2027", date(2027, 3, 3)),
    ("3 maart 2027", date(2027, 3, 3)),
    ("1 sept 2027", date(2027, 9, 1)),
    ("1 okt 2027", date(2027, 10, 1)),
    ("12 mei 2027", date(2027, 5, 12)),
    ("5 jun 2027", date(2027, 6, 5)),
    ("5 jul 2027", date(2027, 7, 5)),
    ("29 februari 2028", date(2028, 2, 29)),
    ("29-02-2000", date(2000, 2, 29)),
    ("31 januari 2027", date(2027, 1, 31)),
])
def test_dutch_dates_are_read(text, expected):
    assert parse_dutch_date(text) == expected


@pytest.mark.parametrize("text, key, fragment", [
    ("29 februari 2027", "cli.date_no_day", "februari 2027 heeft 28 dagen"),
    ("29-02-2027", "cli.date_no_day", "februari 2027 heeft 28 dagen"),
    ("29-02-1900", "cli.date_no_day", "februari 1900 heeft 28 dagen"),
    ("31 april 2026", "cli.date_no_day", "april 2026 heeft 30 dagen"),
    ("2026-04-31", "cli.date_no_day", "april 2026 heeft 30 dagen"),
    ("0 mei 2027", "cli.date_no_day", "mei 2027 heeft 31 dagen"),
    ("32-12-2026", "cli.date_no_day", "december 2026 heeft 31 dagen"),
    ("18-13-2026", "cli.date_no_month", "er is geen maand 13"),
    ("2026-00-10", "cli.date_no_month", "er is geen maand 0"),
    ("18 decembre 2026", "cli.date_unknown_month", "'decembre'"),
    ("18 ju 2026", "cli.date_unknown_month", "'ju'"),
    ("18 oct 2026", "cli.date_unknown_month", "'oct'"),
    ("18-12-26", "cli.date_format", "'18-12-26'"),
    ("12/18/2026 extra", "cli.date_format", "'12/18/2026 extra'"),
    ("morgen", "cli.date_format", "'morgen'"),
    ("   ", "cli.date_empty", "geen datum"),
])
def test_impossible_or_unreadable_dates_get_a_dutch_reason(text, key, fragment):
    with pytest.raises(DateError) as caught:
        parse_dutch_date(text)
    assert caught.value.key == key and isinstance(caught.value, ValueError)
    assert fragment in str(caught.value) and str(caught.value) == t(key, **caught.value.values)


def test_an_unreadable_date_names_every_accepted_form():
    with pytest.raises(DateError) as caught:
        parse_dutch_date("volgende week")
    for form in ("18-12-2026", "18 december 2026", "18 dec 2026", "2026-12-18"):
        assert form in str(caught.value)


def test_a_formatted_date_is_read_back():
    for day in (date(2027, 1, 1), date(2028, 2, 29), date(2026, 12, 31)):
        assert parse_dutch_date(format_dutch_date(day)) == day


def test_a_deadline_in_the_past_is_refused_without_ook_verleden(tmp_path, capsys):
    target = tmp_path / "pakket.zip"
    past = format_dutch_date(TODAY - timedelta(days=1))
    code, out, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", past, "--uit", target)
    assert code == 2 and "--ook-verleden" in err and past in err and not target.exists()
    assert_no_english(out, err)
    code, out, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", past, "--uit", target,
                         "--ook-verleden")
    assert code == 0 and target.is_file() and err == ""
    assert t("cli.pack_deadline", deadline=past) in out


def test_today_is_not_in_the_past(tmp_path, capsys):
    code, _, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", TODAY.strftime("%d-%m-%Y"),
                       "--uit", tmp_path / "p.zip")
    assert code == 0, err


# --- output folders --------------------------------------------------------------------------------

def test_klas_makes_missing_output_folders(tmp_path, capsys, class_zip):
    html = tmp_path / "nieuw" / "diep" / "overzicht.html"
    table = tmp_path / "ander" / "totalen.csv"
    code, out, err = run(capsys, "klas", class_zip, "--uit", html, "--csv", table)
    assert code == 0, err
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and table.read_text(encoding="utf-8")
    assert t("cli.written", path=str(html)) in out and t("cli.written", path=str(table)) in out
    assert not [p for p in html.parent.iterdir() if p.name.endswith(".tmp")]


def test_pakket_makes_a_missing_output_folder(tmp_path, capsys):
    target = tmp_path / "nieuw" / "map" / "opdracht.zip"
    deadline = format_dutch_date(TODAY + timedelta(days=20))
    code, _, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", deadline, "--uit", target)
    assert code == 0, err
    assert zipfile.is_zipfile(target) and [p.name for p in target.parent.iterdir()] == ["opdracht.zip"]


@pytest.mark.parametrize("option", ["--uit", "--csv"])
def test_klas_output_under_a_file_is_refused_in_dutch_before_reading(tmp_path, capsys, class_zip, a_file, option):
    target = a_file / "overzicht.x"
    code, out, err = run(capsys, "klas", class_zip, option, target)
    assert code == 2
    assert err.strip() == t("cli.output_folder_failed", folder=str(a_file), reason=t("cli.os_exists"))
    assert "✓" not in out, "nothing was read: a wrong output path fails at once"
    assert_no_english(out, err)


def test_klas_output_that_is_a_folder_is_refused(tmp_path, capsys, class_zip):
    code, _, err = run(capsys, "klas", class_zip, "--uit", tmp_path)
    assert code == 2 and err.strip() == t("cli.output_is_folder", path=str(tmp_path))


def test_pakket_output_under_a_file_is_refused_and_leaves_nothing(tmp_path, capsys, a_file):
    deadline = format_dutch_date(TODAY + timedelta(days=20))
    code, out, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", deadline,
                         "--uit", a_file / "sub" / "p.zip")
    assert code == 2 and t("cli.os_not_folder") in err
    assert_no_english(out, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gewoon-bestand"]


def test_a_failed_pack_write_leaves_no_half_zip(tmp_path, capsys, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pack, "instruction", full_disk)
    deadline = format_dutch_date(TODAY + timedelta(days=20))
    code, out, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", deadline,
                         "--uit", tmp_path / "p.zip")
    assert code == 2 and t("cli.os_full") in err
    assert_no_english(out, err)
    assert list(tmp_path.iterdir()) == []


# --- no traceback for any user mistake -----------------------------------------------------------

def _corrupt_zip(tmp_path):
    path = tmp_path / "kapot.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return path


def _text_file(tmp_path):
    path = tmp_path / "aantekeningen.txt"
    path.write_text("geen inlevering")
    return path


def _empty_folder(tmp_path):
    path = tmp_path / "leeg"
    path.mkdir()
    return path


def _empty_zip(tmp_path):
    path = tmp_path / "leeg.zip"
    zipfile.ZipFile(path, "w").close()
    return path


@pytest.mark.parametrize("make_input", [_corrupt_zip, _text_file, _empty_folder, _empty_zip])
def test_klas_without_a_single_hand_in_says_so_and_writes_nothing(tmp_path, capsys, make_input):
    source = make_input(tmp_path)
    target = tmp_path / "uit" / "overzicht.html"
    code, out, err = run(capsys, "klas", source, "--uit", target)
    assert code == 2 and not target.exists()
    assert "Geen enkele inlevering gelezen uit" in err and str(source) in err
    assert "Traceback" not in out + err


def _future():
    return format_dutch_date(TODAY + timedelta(days=20))


USER_MISTAKES = {
    "klas: missing path": (lambda p, f: ["klas", p / "bestaat-niet.zip"], lambda p, f: t("cli.missing", path=str(p / "bestaat-niet.zip"))),
    "klas: corrupt zip": (lambda p, f: ["klas", _corrupt_zip(p), "--uit", p / "o.html"], lambda p, f: "Geen enkele inlevering"),
    "inlevermap: file instead of folder": (lambda p, f: ["inlevermap", f, "--docent", "root"], lambda p, f: str(f)),
    "inlevermap: unknown lecturer": (lambda p, f: ["inlevermap", p / "m", "--docent", "bestaat-niet-xq7"], lambda p, f: "bestaat-niet-xq7"),
    "pakket: unknown workbook": (lambda p, f: ["pakket", "--werkboeken", "01_sociale_afstand,99_bestaat_niet", "--deadline", _future(),
                                               "--uit", p / "p.zip"], lambda p, f: "99_bestaat_niet"),
    "pakket: lecturer workbook": (lambda p, f: ["pakket", "--werkboeken", "91_docent", "--deadline", _future(), "--uit", p / "p.zip"],
                                  lambda p, f: "91_docent"),
    "pakket: empty list": (lambda p, f: ["pakket", "--werkboeken", " , ", "--deadline", _future(), "--uit", p / "p.zip"],
                           lambda p, f: "Er is geen werkboek gekozen"),
    "pakket: only the always-included workbook": (lambda p, f: ["pakket", "--werkboeken", "90_delen_en_exporteren", "--deadline",
                                                                _future(), "--uit", p / "p.zip"], lambda p, f: "Er is geen werkboek gekozen"),
    "pakket: bad deadline": (lambda p, f: ["pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "31-04-2027"],
                             lambda p, f: "april 2027 heeft 30 dagen"),
    "klaarzetten: under a file": (lambda p, f: ["klaarzetten", "--doel", f / "werkboeken"], lambda p, f: "konden niet"),
    "backup: missing homes": (lambda p, f: ["backup", "--homes", p / "geen-homes", "--uit", p / "b"], lambda p, f: "Niet gevonden"),
    "backup: homes is a file": (lambda p, f: ["backup", "--homes", f, "--uit", p / "b"], lambda p, f: "is een bestand, geen map"),
    "backup: empty homes": (lambda p, f: ["backup", "--homes", _empty_folder(p), "--uit", p / "b"],
                            lambda p, f: "Geen antwoordbestanden gevonden"),
    "app: bad port": (lambda p, f: ["app", "--poort", "twee"], lambda p, f: "'twee' is geen heel getal"),
}


@pytest.mark.parametrize("case", sorted(USER_MISTAKES))
def test_user_mistakes_give_one_dutch_message_and_no_traceback(tmp_path, capsys, a_file, case):
    argv, expected = USER_MISTAKES[case]
    code, out, err = run(capsys, *argv(tmp_path, a_file))
    assert code != 0
    assert expected(tmp_path, a_file) in err
    assert "Traceback" not in out + err
    assert_no_english(err)


def test_klaarzetten_under_a_file_names_the_reason_in_dutch(capsys, a_file):
    code, _, err = run(capsys, "klaarzetten", "--doel", a_file / "werkboeken")
    assert code == 2 and err.strip() == t("cli.setup_failed", path=str(a_file / "werkboeken"), reason=t("cli.os_not_folder"))


def test_backup_into_a_file_is_refused_before_anything_is_copied(tmp_path, capsys, a_file):
    homes = tmp_path / "home"
    (homes / "st1" / "SociaalWerkboek" / "werkruimte").mkdir(parents=True)
    (homes / "st1" / "SociaalWerkboek" / "werkruimte" / "antwoorden.sqlite3").write_bytes(b"")
    code, out, err = run(capsys, "backup", "--homes", homes, "--uit", a_file)
    assert code == 2 and err.strip() == t("cli.not_a_folder", path=str(a_file))
    code, out, err = run(capsys, "backup", "--homes", homes, "--uit", a_file / "sub")
    assert code == 2 and "Traceback" not in out + err
    assert err.strip() == t("cli.backup_folder_failed", path=str(a_file / "sub"), reason=t("cli.os_not_folder"))


@pytest.mark.parametrize("number, key", [
    (errno.ENOENT, "cli.os_missing"), (errno.EACCES, "cli.os_denied"), (errno.EPERM, "cli.os_denied"),
    (errno.ENOTDIR, "cli.os_not_folder"), (errno.EEXIST, "cli.os_exists"), (errno.EISDIR, "cli.os_is_folder"),
    (errno.ENOSPC, "cli.os_full"), (errno.EROFS, "cli.os_read_only"), (errno.ENAMETOOLONG, "cli.os_too_long"),
])
def test_file_system_reasons_are_dutch(number, key):
    assert cli.os_reason(OSError(number, os.strerror(number))) == t(key)


def test_an_unknown_file_system_reason_names_the_code_not_the_english_text():
    reason = cli.os_reason(OSError(errno.EIO, "Input/output error"))
    assert "EIO" in reason and "Input/output" not in reason


# --- the last resort ------------------------------------------------------------------------------

def test_an_unexpected_error_gives_a_dutch_message_and_a_log(tmp_path, capsys, monkeypatch, class_zip):
    import tempfile

    from sw_exercises import classroom

    def broken(*args, **kwargs):
        raise RuntimeError("iets onverwachts")
    monkeypatch.setattr(classroom, "class_overview_from", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, out, err = run(capsys, "klas", class_zip, "--uit", tmp_path / "o.html")
    assert code == 1 and "Traceback" not in out + err
    logs = list(tmp_path.glob("werkboek-fout-*.log"))
    assert len(logs) == 1 and err.strip() == t("cli.unexpected", log=str(logs[0]))
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: iets onverwachts" in log
    assert (logs[0].stat().st_mode & 0o077) == 0, "the log may hold paths with names: only the user reads it"


def test_an_unexpected_error_without_a_writable_log_still_says_so_in_dutch(tmp_path, capsys, monkeypatch, class_zip):
    import tempfile

    from sw_exercises import classroom

    monkeypatch.setattr(classroom, "class_overview_from", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "bestaat-niet"))
    code, out, err = run(capsys, "klas", class_zip, "--uit", tmp_path / "o.html")
    assert code == 1 and err.strip() == t("cli.unexpected_no_log") and "Traceback" not in out + err


def test_ctrl_c_stops_quietly_in_dutch(tmp_path, capsys, monkeypatch, class_zip):
    from sw_exercises import classroom

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(classroom, "class_overview_from", interrupted)
    code, out, err = run(capsys, "klas", class_zip, "--uit", tmp_path / "o.html")
    assert code == 130 and t("cli.interrupted") in err and "Traceback" not in out + err


# --- an unpacked pack works with `make app` and `werkboek app` -------------------------------------

@pytest.fixture
def unpacked(tmp_path):
    deadline = TODAY + timedelta(days=20)
    path = pack.make_pack(["02_viervenstermodel", "01_sociale_afstand", "01_sociale_afstand"], deadline,
                          tmp_path / "pakket.zip")
    with zipfile.ZipFile(path) as zf:
        zf.extractall(tmp_path / "uitgepakt")
    return tmp_path / "uitgepakt" / pack.BASE, deadline


def test_an_unpacked_pack_has_a_start_page_listing_exactly_its_workbooks(unpacked):
    root, deadline = unpacked
    workbooks = root / "workbooks"
    assert (workbooks / "00_start.ipynb").is_file()
    assert app.pages(workbooks) == ["00_start.ipynb", "01_sociale_afstand.ipynb", "02_viervenstermodel.ipynb",
                                    "90_delen_en_exporteren.ipynb"]
    assert set(app.pages(workbooks)) == {p.name for p in workbooks.glob("*.ipynb")}
    assert app.broken_links(workbooks) == []
    start = json.loads((workbooks / "00_start.ipynb").read_text(encoding="utf-8"))
    text = "".join(cell["source"] for cell in start["cells"])
    assert deadline.strftime("%d-%m-%Y") in text and "make app" in text and "OPDRACHT.md" in text
    assert start["metadata"]["kernelspec"]["name"] == "python3"
    assert all(cell["cell_type"] == "markdown" for cell in start["cells"])


def test_an_unpacked_pack_holds_what_make_app_needs(unpacked):
    root, _ = unpacked
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "\napp: $(STAMP)\n" in makefile and "$(BIN)/werkboek app" in makefile
    assert 'werkboek = "sw_exercises.cli:main"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert (root / ".werkboek").is_file() and (root / "sw_exercises" / "app.py").is_file()
    assert (root / "sw_exercises" / "share" / "voila" / "templates" / "werkboek" / "index.html.j2").is_file()
    instruction = (root / "OPDRACHT.md").read_text(encoding="utf-8")
    assert "make app" in instruction and "werkboek app" in instruction


@pytest.mark.parametrize("where", [".", "workbooks", "datasets"])
def test_werkboek_app_in_an_unpacked_pack_serves_that_pack(unpacked, capsys, monkeypatch, where):
    """`werkboek app` from inside the pack starts Voila on the pack's workbooks with the pack's own code
    (also when the command is installed elsewhere); Voila itself is replaced by a stub."""
    root, _ = unpacked
    started = {}

    class NotStarting:
        pid = 2 ** 22 + 7  # no such process

        def __init__(self, command, env, cwd, **_options):
            started.update(command=command, env=env, cwd=cwd)

        def poll(self):
            return 3

        def wait(self, timeout=None):
            return 3

        def send_signal(self, _signal):
            pass

        def kill(self):
            pass

    monkeypatch.setattr(app.subprocess, "Popen", NotStarting)
    monkeypatch.chdir(root / where)
    code, _, err = run(capsys, "app", "--geen-browser")
    assert code == 3 and t("app.failed") in err  # the stub never listens
    assert started["command"][3] == str(root / "workbooks") and started["cwd"] == str(root / "workbooks")
    assert str(root.resolve()) in started["env"]["PYTHONPATH"].split(os.pathsep)


def test_werkboek_app_outside_any_project_serves_the_installed_workbooks(tmp_path):
    assert app.find_workbooks(tmp_path) == app.WORKBOOKS


def test_the_projects_own_start_page_reaches_every_workbook():
    assert app.broken_links(app.WORKBOOKS) == []
    assert set(app.pages(app.WORKBOOKS)) == {p.name for p in app.WORKBOOKS.glob("*.ipynb")}


def test_pack_choice_is_checked_and_cleaned():
    assert pack.chosen_workbooks(["02_viervenstermodel", " 01_sociale_afstand.ipynb ", "02_viervenstermodel",
                                  "90_delen_en_exporteren", "00_start"]) == ["02_viervenstermodel", "01_sociale_afstand"]
    with pytest.raises(ValueError, match="91_docent"):
        pack.chosen_workbooks(["91_docent"])
    with pytest.raises(ValueError, match="Kies uit: 01_sociale_afstand"):
        pack.chosen_workbooks([])
