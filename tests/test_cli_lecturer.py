"""The lecturer commands speak Dutch, read Dutch dates, create folders and never show a traceback."""
import subprocess
import sys
from datetime import date, timedelta

import pytest

from sw_exercises import cli
from sw_exercises.dates import DateError, parse_dutch_date

ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "the following arguments",
           "invalid int value", "unrecognized arguments", "invalid choice", "expected one argument", "Traceback",
           "error:")
SUBCOMMANDS = ("klas", "inlevermap", "pakket", "klaarzetten", "backup", "app")


@pytest.mark.parametrize("text, expected", [
    ("18-12-2026", date(2026, 12, 18)), ("2026-12-18", date(2026, 12, 18)), ("18 december 2026", date(2026, 12, 18)),
    ("18 dec 2026", date(2026, 12, 18)), ("18 dec. 2026", date(2026, 12, 18)), ("  18 December 2026 ", date(2026, 12, 18)),
    ("1-2-2027", date(2027, 2, 1)), ("29 februari 2028", date(2028, 2, 29)), ("3 mrt 2027", date(2027, 3, 3)),
    ("18/12/2026", date(2026, 12, 18)), ("18.12.2026", date(2026, 12, 18)), ("1 MEI 2027", date(2027, 5, 1)),
])
def test_dutch_dates_are_read(text, expected):
    assert parse_dutch_date(text) == expected


@pytest.mark.parametrize("text, key", [
    ("29 februari 2027", "cli.no_such_date"), ("31-04-2027", "cli.no_such_date"), ("2027-13-01", "cli.no_such_date"),
    ("morgen", "cli.bad_date"), ("18 decembre 2026", "cli.bad_date"), ("12-2026", "cli.bad_date"), ("", "cli.bad_date"),
])
def test_impossible_or_unreadable_dates_give_a_message_key(text, key):
    with pytest.raises(DateError) as caught:
        parse_dutch_date(text)
    assert caught.value.args[0] == key


def run(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [("--help",), *((sub, "--help") for sub in SUBCOMMANDS)])
def test_every_help_text_is_dutch(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0 and "gebruik:" in out and "opties:" in out
    for fragment in ENGLISH:
        assert fragment not in out + err, fragment


def _bad_inputs(tmp_path):
    afile = tmp_path / "een-bestand.txt"
    afile.write_text("x", encoding="utf-8")
    corrupt = tmp_path / "kapot.zip"
    corrupt.write_bytes(b"PK\x03\x04 dit is geen zip")
    empty = tmp_path / "leeg"
    empty.mkdir()
    in_a_file = str(afile / "sub" / "overzicht.html")  # a folder under a regular file: fails, also for root
    return [
        (), ("onzin",), ("klas",), ("klas", str(tmp_path / "bestaat-niet")), ("klas", str(afile)),
        ("klas", str(empty), "--drempel", "0"), ("klas", str(empty), "--drempel", "abc"),
        ("klas", str(corrupt), "--uit", in_a_file), ("klas", str(empty), "--uit", in_a_file),
        ("klas", str(empty), "--csv", in_a_file), ("klas", str(empty), "--onbekend"),
        ("pakket",), ("pakket", "--werkboeken", "99_bestaat_niet", "--deadline", "18-12-2099"),
        ("pakket", "--werkboeken", "", "--deadline", "18-12-2099"),
        ("pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "volgende week"),
        ("pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "31-02-2099"),
        ("pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "18-12-2099", "--uit", in_a_file),
        ("inlevermap",), ("inlevermap", str(afile / "x"), "--docent", "niemand-die-bestaat"),
        ("klaarzetten", "--doel", in_a_file), ("backup",), ("backup", "--uit", in_a_file, "--homes", str(afile)),
        ("app", "--poort", "nul"), ("app", "--poort", "70000"),
    ]


def test_bad_input_to_every_subcommand_gives_a_dutch_message_and_no_traceback(capsys, tmp_path):
    for argv in _bad_inputs(tmp_path):
        code, out, err = run(capsys, *argv)
        assert code not in (0, None), argv
        assert err.strip(), argv
        for fragment in ENGLISH:
            assert fragment not in out + err, (argv, fragment, err)


def test_a_past_deadline_needs_ook_verleden(capsys, tmp_path):
    past = (date.today() - timedelta(days=3)).strftime("%d-%m-%Y")
    target = tmp_path / "pakket.zip"
    code, _, err = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", past, "--uit", str(target))
    assert code == 2 and "--ook-verleden" in err and not target.exists()
    code, out, _ = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", past, "--uit",
                       str(target), "--ook-verleden")
    assert code == 0 and target.exists()


def test_output_folders_are_created(capsys, tmp_path):
    handins = tmp_path / "inleveringen"
    handins.mkdir()
    html = tmp_path / "nieuw" / "diep" / "overzicht.html"
    csv_path = tmp_path / "ook" / "nieuw" / "totalen.csv"
    code, _, _ = run(capsys, "klas", str(handins), "--uit", str(html), "--csv", str(csv_path))
    assert code == 0 and html.exists() and csv_path.exists()
    pack = tmp_path / "pakketten" / "2026" / "opdracht.zip"
    code, _, _ = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand", "--deadline", "18 december 2099",
                     "--uit", str(pack))
    assert code == 0 and pack.exists()


def test_an_unexpected_failure_is_a_dutch_message_with_a_log_not_a_traceback(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path / "ws"))

    def broken(_args):
        raise RuntimeError("kapot")
    monkeypatch.setattr(cli, "klaarzetten", broken)
    monkeypatch.setattr(cli, "build_parser", _parser_with(broken))
    code, out, err = run(capsys, "klaarzetten")
    assert code == 1 and "onverwachts" in err and "Traceback" not in out + err
    assert "RuntimeError: kapot" in (tmp_path / "ws" / "fouten.log").read_text(encoding="utf-8")


def _parser_with(fn):
    real = cli.build_parser

    def build():
        parser = real()
        parser.set_defaults()
        for action in parser._subparsers._group_actions:
            action.choices["klaarzetten"].set_defaults(run=fn)
        return parser
    return build


def test_the_command_line_program_itself_prints_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sw_exercises.cli", "klas", str(tmp_path / "weg")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Niet gevonden" in result.stderr and "Traceback" not in result.stderr


def test_an_unpacked_pack_has_a_start_page_that_links_only_its_workbooks(capsys, tmp_path):
    import json
    import zipfile

    from sw_exercises import app
    pack = tmp_path / "opdracht.zip"
    code, _, _ = run(capsys, "pakket", "--werkboeken", "01_sociale_afstand,03_zes_rollen", "--deadline", "18-12-2099",
                     "--uit", str(pack))
    assert code == 0
    with zipfile.ZipFile(pack) as zf:
        zf.extractall(tmp_path / "uit")
    workbooks = tmp_path / "uit" / "sociaal-werkboek" / "workbooks"
    start = workbooks / f"{app.START_PAGE}.ipynb"
    assert start.is_file()
    text = "".join("".join(c["source"]) for c in json.loads(start.read_text(encoding="utf-8"))["cells"])
    linked = set(__import__("re").findall(r"\((\w+)\.ipynb\)", text))
    present = {p.stem for p in workbooks.glob("*.ipynb")} - {app.START_PAGE}
    assert linked <= present and {"01_sociale_afstand", "03_zes_rollen"} <= linked
    assert (tmp_path / "uit" / "sociaal-werkboek" / "Makefile").is_file()
