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


def test_overview_counts_and_suppresses_small_groups():
    handins = [student(i) for i in range(6)] + [student(9, accepted=(2, 4))]
    ov = build_overview(handins, threshold=5)
    row = ov.acceptance["werklozen"]
    assert row[0].value == 0 and row[3].value == 100 and row[2].n == 7
    assert round(row[2].value) == round(100 * 6 / 7)
    assert ov.distance["werklozen"][0].value == pytest.approx((6 * 3 + 2) / 7)
    assert ov.acceptance["dak- en thuislozen"][0].suppressed  # nobody answered it
    # Goodenough-Edwards: 2,4 against the perfect 5,6 differs in 4 cells (2, 4, 5, 6)
    assert ov.reproducibility.value == pytest.approx(1 - 4 / (7 * 7))
    assert ov.role_counts["3. De redder"].value == 7 and ov.role_counts["1. De rituele zorgverstrekker"].suppressed
    assert ov.window_text["1 · Inwoner / huishouden"].value == 100
    assert ov.reflections[0][2].value == 7


def test_below_the_threshold_nothing_is_shown():
    ov = build_overview([student(i) for i in range(4)], threshold=5)
    assert all(c.suppressed for c in ov.acceptance["werklozen"])
    assert ov.reproducibility.suppressed and ov.reflections[0][2].suppressed
    html = overview_html(ov)
    assert "&lt; drempel" in html and "100%" not in html


def test_own_groups_appear_only_when_enough_students_share_them():
    few = [student(i, custom=["<b>=HYPERLINK(\"x\")</b>"]) for i in range(3)]
    many = [student(10 + i, custom=["jongeren op straat"]) for i in range(5)]
    ov = build_overview(few + many, threshold=5)
    assert "jongeren op straat" in ov.groups
    assert not any("HYPERLINK" in g for g in ov.groups)


def test_hostile_text_is_escaped_in_html_and_neutralised_in_csv():
    label = "=cmd|' /C calc'!A0 <script>alert(1)</script>"
    ov = build_overview([student(i, custom=[label]) for i in range(6)], threshold=5)
    html = overview_html(ov)
    assert "<script>" not in html and "&lt;script&gt;" in html
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
