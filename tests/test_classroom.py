"""Class overview, reports and packs: anonymous, suppressed below the threshold, safe for hostile text."""
import csv
import io
import json
import zipfile
from datetime import date

import pytest

from sw_exercises import handin
from sw_exercises.classroom.overview import build_overview
from sw_exercises.classroom.pack import make_pack
from sw_exercises.classroom.report import neutralise, overview_csv, overview_html

T = "2026-11-23T10:00:00+00:00"


def student(n, *, accepted=(3, 4, 5, 6), custom=(), reflection="ik merkte afstand", phases=("redder", "begeleider")):
    answers = [{"workbook": "01_sociale_afstand", "item": "bogardus/werklozen",
                "value": {"accepted": list(accepted), "excluded": False}, "saved_at": T},
               {"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": reflection, "saved_at": T},
               {"workbook": "03_zes_rollen", "item": "case/mijn_casus/phases", "saved_at": T,
                "value": [{"name": f"f{i}", "role": r, "features": {}, "note": ""} for i, r in enumerate(phases)]},
               {"workbook": "02_viervenstermodel", "item": "case/mijn_casus/window/inwoner", "value": "tekst", "saved_at": T},
               {"workbook": "02_viervenstermodel", "item": "case/mijn_casus/element/mandaat", "value": 2, "saved_at": T}]
    if custom:
        answers.append({"workbook": "01_sociale_afstand", "item": "groups/custom", "value": list(custom), "saved_at": T})
        for label in custom:
            from sw_exercises.models.bogardus import custom_group
            answers.append({"workbook": "01_sociale_afstand", "item": f"bogardus/{custom_group(label).id}",
                            "value": {"accepted": [6], "excluded": False}, "saved_at": T})
    return handin.build(f"student-{n:04d}", answers)


def _cells(ov, workbook, figure_id, row):
    figure = ov.figure(workbook, figure_id)
    return next(r for r in figure.rows if r.label == row)


def test_overview_counts_and_suppresses_small_groups():
    handins = [student(i) for i in range(6)] + [student(9, accepted=(2, 4))]
    ov = build_overview(handins, threshold=5)
    row = _cells(ov, "01_sociale_afstand", "acceptatie", "werklozen")
    assert row.n == 7 and row.cells[0].value == 0 and row.cells[3].value == 100
    # 6 of 7 accept rank 3: the one who does not is a number below the threshold, so it is hidden
    assert row.cells[2].suppressed and row.cells[1].suppressed
    mean = _cells(ov, "01_sociale_afstand", "afstand_gemiddelde", "werklozen")
    assert mean.cells[0].value == pytest.approx((6 * 3 + 2) / 7) and mean.n == 7
    empty = _cells(ov, "01_sociale_afstand", "acceptatie", "dak- en thuislozen")
    assert empty.n == 0 and not empty.suppressed  # nobody answered it: 'geen antwoorden'
    cr = ov.figure("01_sociale_afstand", "reproduceerbaarheid").rows[0].cells[0]
    # Goodenough-Edwards: {2, 4} has 2 accepted, ideal {5, 6}: 4 cells differ
    assert cr.value == pytest.approx(1 - 4 / (7 * 7))
    roles = ov.figure("03_zes_rollen", "rollen")
    redder = next(r for r in roles.rows if r.label == "3. De redder")
    assert redder.cells[0].value == 7
    windows = _cells(ov, "02_viervenstermodel", "vensters_met_tekst", "1 · Inwoner / huishouden")
    assert windows.cells[0].value == 100
    reflections = ov.figure("01_sociale_afstand", "reflecties")
    assert next(r for r in reflections.rows if r.cells[0].value).cells[0].value == 7


def test_below_the_threshold_nothing_is_shown():
    ov = build_overview([student(i) for i in range(4)], threshold=5)
    assert all(c.suppressed for f in ov.figures for r in f.rows for c in r.cells)
    html = overview_html(ov).split("<body", 1)[1]  # the page's text, not its stylesheet
    assert "minder dan 5" in html and "100%" not in html and ">4<" not in html
    rows = list(csv.reader(io.StringIO(overview_csv(ov))))
    assert rows[1][1] == "inleveringen" and rows[1][4] == "" and rows[1][6] == "1"


def test_students_own_groups_never_reach_the_class_view_but_lecturer_groups_do():
    own = [student(i, custom=["jongeren op straat"]) for i in range(6)]
    ov = build_overview(own, threshold=5)
    assert not any("jongeren" in r.label for f in ov.figures for r in f.rows)
    # the same answers for a group the lecturer added in the pack (not in the students' own list)
    lecturer = []
    for i in range(6):
        h = student(i)
        h["answers"].append({"workbook": "01_sociale_afstand", "item": "bogardus/eigen_statushouders",
                             "value": {"accepted": [5, 6], "excluded": False}, "saved_at": T})
        lecturer.append(h)
    ov = build_overview(lecturer, threshold=5, extra_groups=["Statushouders"])
    row = _cells(ov, "01_sociale_afstand", "acceptatie", "Statushouders")
    assert row.n == 6 and row.cells[4].value == 100
    assert "Statushouders" in overview_csv(ov) and "Statushouders" in overview_html(ov, charts=False)
    ov = build_overview(lecturer, threshold=5)  # not named: found from the answers, labelled from the id
    assert _cells(ov, "01_sociale_afstand", "acceptatie", "statushouders").n == 6


def test_hostile_text_is_escaped_in_html_and_neutralised_in_csv():
    label = "=cmd|' /C calc'!A0 <script>alert(1)</script>"
    ov = build_overview([student(i) for i in range(6)], threshold=5, extra_groups=[label])
    html = overview_html(ov)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    rows = list(csv.reader(io.StringIO(overview_csv(ov))))
    cells = [c for row in rows for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=cmd") for c in cells)
    for text in ("+1", "-2", "@x", "\t=1", "gewoon"):
        assert not neutralise(text).startswith(("=", "+", "-", "@", "\t"))


def test_the_overview_never_contains_pseudonyms_names_or_reflection_texts():
    handins = [student(i, reflection=f"geheim verhaal {i}") for i in range(6)]
    handins[0]["name"] = "Jan Jansen"
    html = overview_html(build_overview(handins))
    assert "student-000" not in html and "Jan Jansen" not in html and "geheim verhaal" not in html


def test_a_pack_holds_the_chosen_workbooks_and_instructions(tmp_path):
    path = make_pack(["01_sociale_afstand"], date(2026, 12, 18), tmp_path / "pakket.zip", note="Bespreking in week 6")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        instruction = zf.read("sociaal-werkboek/OPDRACHT.md").decode()
    assert "sociaal-werkboek/workbooks/01_sociale_afstand.ipynb" in names
    assert "sociaal-werkboek/workbooks/90_delen_en_exporteren.ipynb" in names
    assert not any(n.endswith(("02_viervenstermodel.ipynb", "91_docent.ipynb")) for n in names)
    assert not any("/tests/" in n for n in names) and "sociaal-werkboek/Makefile" in names
    assert "18-12-2026" in instruction and "Bespreking in week 6" in instruction and "make lab" in instruction
    with pytest.raises(ValueError):
        make_pack(["99_bestaat_niet"], date(2026, 12, 18), tmp_path / "x.zip")


def test_the_werkboek_command_reads_a_platform_zip_and_writes_the_overview(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    zip_path = tmp_path / "Opdracht 1 Download.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        for i in range(6):
            zf.writestr(f"jansenjan{i}_3409{i}_20849{i}_inlevering.json", json.dumps(student(i)))
        zf.writestr("kapot_1_2_inlevering.json", "{niet af")
        zf.writestr("../ontsnapt.json", json.dumps(student(99)))
    exe = Path(sys.executable).parent / "werkboek"
    result = subprocess.run([str(exe), "klas", str(zip_path), "--uit", str(tmp_path / "o.html"),
                             "--csv", str(tmp_path / "o.csv")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "6 inleveringen geaccepteerd, 2 geweigerd" in result.stdout
    assert "geen geldige JSON" in result.stdout and "Onveilige bestandsnaam" in result.stdout
    assert "Inleveringen lezen" in result.stderr  # progress on long runs
    html = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "werklozen" in html and "jansenjan" not in html
    assert not (tmp_path.parent / "ontsnapt.json").exists()
    missing = subprocess.run([str(exe), "klas", str(tmp_path / "bestaat-niet")], capture_output=True, text=True)
    assert missing.returncode == 2 and "Niet gevonden" in missing.stderr and "Traceback" not in missing.stderr


HOSTILE_ITEMS = [
    ("01_sociale_afstand", "reflection/Jan Jansen woont op de Kerkstraat 14"),
    ("01_sociale_afstand", "reflection/meeste_afstand/extra"),
    ("02_viervenstermodel", "case/mevrouw_de_boer/window/onbekend_venster"),
    ("03_zes_rollen", "voice/Fatima El Amrani 06-12345678"),
    ("04_kwetsbaarheid", "element/vier_lagen/Emma de Vries"),
    ("99_verzonnen", "reflection/1234 AB 12"),
    ("01_sociale_afstand", "bogardus/Kerkstraat 14"),
    ("10_lexicon", "lemma/niet_bestaand/reflection/x"),
]


def test_item_ids_with_names_and_addresses_never_reach_a_class_view_and_are_counted():
    handins = []
    for i in range(6):
        h = student(i)
        h["answers"] += [{"workbook": wb, "item": item, "value": "mevrouw Jansen, Kerkstraat 14", "saved_at": T}
                         for wb, item in HOSTILE_ITEMS]
        handins.append(handin.validate(h))
    ov = build_overview(handins, threshold=5)
    assert ov.unknown_items == 6 * len(HOSTILE_ITEMS)
    page = overview_html(ov)
    shown = page.split("</script>", 1)[1] + overview_csv(ov)  # the page without plotly.js itself
    for needle in ("Jansen", "Kerkstraat", "Fatima", "Amrani", "12345678", "Emma", "1234 AB", "de_boer",
                   "verzonnen", "niet_bestaand", "extra"):
        assert needle not in shown, needle


def test_the_intake_report_says_how_many_unknown_items_without_their_text(tmp_path):
    from sw_exercises.classroom import class_overview_from
    from sw_exercises.classroom.report import intake_text

    for i in range(5):
        h = student(i)
        h["answers"].append({"workbook": "01_sociale_afstand", "item": "reflection/Jan Jansen", "value": "x",
                             "saved_at": T})
        (tmp_path / f"inlevering-{i}.json").write_text(json.dumps(h), encoding="utf-8")
    report, ov = class_overview_from(tmp_path)
    text = intake_text(report, ov)
    assert "Onbekende onderdelen: 5" in text and "Jan Jansen" not in text
