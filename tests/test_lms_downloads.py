"""Downloads from Brightspace, Canvas and Moodle, in the shapes those platforms really produce, with
students' names in the file names: every hand-in is read, the platform is recognised, and no name (nor
any part of it, nor a platform id) reaches the class overview; the names appear only in the
lecturer's private intake report.

Shapes (all built here from valid hand-ins, in memory or in ``tmp_path``):

- Canvas (``lib/content_zipper.rb``): ``<lastfirst>_<user id>_<attachment id>_<file>``, the name
  lower-cased with everything but letters, digits and ``_`` removed; ``LATE`` (older versions
  ``late``) after the name for late work; anonymous grading ``[LATE_]anon_<anonymous id>_<attachment
  id>_<file>``.
- Moodle (``mod/assign/classes/downloader.php``): a folder ``<Full Name>_<participant id>_assignsubmission_file``
  (Moodle 3.x: with a trailing ``_``), or flat ``..._assignsubmission_file_<file>``; Moodle's
  ``clean_filename`` drops apostrophes, older exports and re-zipped folders keep them; blind marking
  writes "Deelnemer" instead of the name.
- Brightspace: ``<id>-<id> - <Name> - <Mon D, YYYY HMM AM>`` as folder or as prefix of a flat file,
  with an ``index.html`` at the top, often inside a folder named after the assignment.
- A student's own zip inside any of these.
"""
import io
import json
import re
import unicodedata
import zipfile

import pytest

from sw_exercises import handin
from sw_exercises.classroom import class_overview_from
from sw_exercises.classroom.intake import detect_platform
from sw_exercises.classroom.report import intake_text, overview_csv, overview_html

T = "2026-11-23T10:00:00+00:00"
STUDENTS = [("Jan-Willem", "D'Hondt"), ("Zoë", "Çelik"), ("Anne-Marie", "'t Hooft"), ("Mohammed", "El Idrissi"),
            ("Siobhán", "O'Brien-Mulder"), ("Thijs", "Brouwer-Öztürk")]
USER_IDS = [4410031 + 17 * i for i in range(len(STUDENTS))]
ATTACHMENT_IDS = [208490284 + 311 * i for i in range(len(STUDENTS))]
ANONYMOUS_IDS = ["Xk3pQ", "b7RtZ", "Mm9aW", "q2LsE", "Hv4nC", "t8YdJ"]
BRIGHTSPACE_DATES = ["Dec 3, 2026 1005 AM", "Dec 4, 2026 945 PM", "Nov 30, 2026 1201 PM", "Dec 1, 2026 800 AM",
                     "Dec 2, 2026 1159 PM", "Dec 5, 2026 1230 AM"]


def student(n):
    answers = [
        {"workbook": "01_sociale_afstand", "item": "bogardus/werklozen",
         "value": {"accepted": [3, 4, 5, 6], "excluded": False}, "saved_at": T},
        {"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": f"verhaal {n}", "saved_at": T},
        {"workbook": "03_zes_rollen", "item": "case/mijn_casus/phases", "saved_at": T,
         "value": [{"name": "f0", "role": "redder", "features": {}, "note": ""}]},
        {"workbook": "02_viervenstermodel", "item": "case/mijn_casus/window/inwoner", "value": "tekst", "saved_at": T},
    ]
    return json.dumps(handin.build(f"student-{n:04d}", answers)).encode()


def full_name(i):
    first, last = STUDENTS[i]
    return f"{first} {last}"


def canvas_name(i):
    """Canvas: the sortable name ("Last, First") lower-cased, keeping only word characters."""
    first, last = STUDENTS[i]
    return re.sub(r"\W", "", f"{last}, {first}".lower())


def moodle_name(i):
    """Moodle's clean_filename: drops & < > " ` | ' : \\ /."""
    return re.sub(r"""[&<>"`|':\\/]""", "", full_name(i))


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def own_zip(i):
    """What a student uploads when they zip their hand-in themselves (a Mac adds __MACOSX)."""
    return zip_bytes({"inlevering.json": student(i), "__MACOSX/._inlevering.json": b"\0"})


# --- the shapes: name -> (members, platform, names as written in the file names) -------------------

def canvas():
    return {f"{canvas_name(i)}_{USER_IDS[i]}_{ATTACHMENT_IDS[i]}_inlevering.json": student(i)
            for i in range(6)}, "canvas", [canvas_name(i) for i in range(6)]


def canvas_late():
    late = ["LATE", "late"]
    return {f"{canvas_name(i)}_{late[i % 2]}_{USER_IDS[i]}_{ATTACHMENT_IDS[i]}_inlevering-{i % 3}.json": student(i)
            for i in range(6)}, "canvas", [canvas_name(i) for i in range(6)]


def canvas_anonymous():
    return {f"{'LATE_' if i % 2 else ''}anon_{ANONYMOUS_IDS[i]}_{ATTACHMENT_IDS[i]}_inlevering.json": student(i)
            for i in range(6)}, "canvas", []


def canvas_nested():
    return {f"{canvas_name(i)}_{USER_IDS[i]}_{ATTACHMENT_IDS[i]}_werk.zip": own_zip(i)
            for i in range(6)}, "canvas", [canvas_name(i) for i in range(6)]


def moodle_folders():
    return {f"{full_name(i)}_{USER_IDS[i]}_assignsubmission_file/inlevering.json": student(i)
            for i in range(6)}, "moodle", [full_name(i) for i in range(6)]


def moodle_4_cleaned_names():
    return {f"{moodle_name(i)}_{USER_IDS[i]}_assignsubmission_file/inlevering.json": student(i)
            for i in range(6)}, "moodle", [moodle_name(i) for i in range(6)]


def moodle_3_folders():
    return {f"{full_name(i)}_{USER_IDS[i]}_assignsubmission_file_/inlevering.json": student(i)
            for i in range(6)}, "moodle", [full_name(i) for i in range(6)]


def moodle_flat():
    return {f"{moodle_name(i)}_{USER_IDS[i]}_assignsubmission_file_inlevering.json": student(i)
            for i in range(6)}, "moodle", [moodle_name(i) for i in range(6)]


def moodle_blind_marking():
    return {f"Deelnemer_{USER_IDS[i]}_assignsubmission_file/inlevering.json": student(i)
            for i in range(6)}, "moodle", []


def moodle_nested():
    return {f"{full_name(i)}_{USER_IDS[i]}_assignsubmission_file/werk.zip": own_zip(i)
            for i in range(6)}, "moodle", [full_name(i) for i in range(6)]


def _brightspace_prefix(i):
    return f"{397063 + i}-{USER_IDS[i]} - {full_name(i)} - {BRIGHTSPACE_DATES[i]}"


def brightspace_flat():
    members = {f"{_brightspace_prefix(i)} - inlevering.json": student(i) for i in range(6)}
    members["index.html"] = b"<html><body>" + b"".join(full_name(i).encode() for i in range(6)) + b"</body></html>"
    return members, "brightspace", [full_name(i) for i in range(6)]


def brightspace_folders():
    members = {f"Opdracht 1/{_brightspace_prefix(i)}/inlevering.json": student(i) for i in range(6)}
    members["Opdracht 1/index.html"] = b"<html></html>"
    return members, "brightspace", [full_name(i) for i in range(6)]


def brightspace_nested():
    members = {f"{_brightspace_prefix(i)}/werk.zip": own_zip(i) for i in range(6)}
    members["index.html"] = b"<html></html>"
    return members, "brightspace", [full_name(i) for i in range(6)]


SHAPES = [canvas, canvas_late, canvas_anonymous, canvas_nested, moodle_folders, moodle_4_cleaned_names,
          moodle_3_folders, moodle_flat, moodle_blind_marking, moodle_nested, brightspace_flat, brightspace_folders,
          brightspace_nested]


# --- checks -----------------------------------------------------------------------------------------

def forbidden_words(names):
    """Every name as written, every run of >= 3 letters in it, the original full names and their parts,
    and every platform id: none may reach the class view."""
    words = set(names)
    for name in names:
        words |= {part for part in re.findall(r"[^\W\d_]+", name) if len(part) >= 3}
    for i in range(len(STUDENTS)):
        if names:
            words |= {full_name(i), canvas_name(i)} | {p for p in re.findall(r"[^\W\d_]+", full_name(i)) if len(p) >= 3}
    words |= {str(n) for n in USER_IDS + ATTACHMENT_IDS} | set(ANONYMOUS_IDS)
    return words


def leaks(text, words):
    """The words found in ``text`` as a whole: a name bounded by anything but letters (so
    "dhondtjanwillem_4410031_..." counts), an id by anything but digits."""
    found = []
    for word in words:
        if word.isdigit():
            edge_before, edge_after = r"(?<!\d)", r"(?!\d)"
        elif any(c.isdigit() for c in word):
            edge_before, edge_after = r"(?<![^\W_])", r"(?![^\W_])"
        else:
            edge_before, edge_after = r"(?<![^\W\d_])", r"(?![^\W\d_])"
        if re.search(edge_before + re.escape(word) + edge_after, text, flags=re.IGNORECASE):
            found.append(word)
    return sorted(found)


def reference_overview(tmp_path):
    """The same hand-ins under neutral names: what the class view must look like."""
    plain = tmp_path / "neutraal.zip"
    plain.write_bytes(zip_bytes({f"{i}.json": student(i) for i in range(6)}))
    return class_overview_from(plain)[1]


def _without_plotly_js(page):
    """The page without the plotly.js library it carries inline (its month names: 'Jan', ...)."""
    return re.sub(r"<script>/\*\*\s*\* plotly\.js.*?</script>", "", page, count=1, flags=re.S)


def check_download(path, platform, names, tmp_path, *, ignored=()):
    report, overview = class_overview_from(path)
    assert len(report.accepted) == 6 and report.refused == [], intake_text(report)
    assert {a.platform for a in report.accepted} == {platform}
    assert sorted(a.handin["pseudonym"] for a in report.accepted) == [f"student-{i:04d}" for i in range(6)]
    html, table = _without_plotly_js(overview_html(overview)), overview_csv(overview)
    words = forbidden_words(names)
    assert leaks(html, words) == [] and leaks(table, words) == []
    assert table == overview_csv(reference_overview(tmp_path)), "the names change nothing in the numbers"
    assert len(table.splitlines()) > 1 and "verhaal" not in html
    private = intake_text(report)
    for name in names:
        assert unicodedata.normalize("NFC", name) in unicodedata.normalize("NFC", private)
    for part in ignored:
        assert any(part in source for source in report.ignored)
    return report


# --- tests --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_every_platform_shape_is_read_and_no_name_reaches_the_class_view(tmp_path, shape):
    members, platform, names = shape()
    path = tmp_path / "Download alle inleveringen.zip"
    path.write_bytes(zip_bytes(members))
    check_download(path, platform, names, tmp_path)


def test_brightspace_index_page_with_every_name_is_ignored_not_shown(tmp_path):
    members, platform, names = brightspace_flat()
    path = tmp_path / "brightspace.zip"
    path.write_bytes(zip_bytes(members))
    report = check_download(path, platform, names, tmp_path, ignored=["index.html"])
    assert report.ignored == ["index.html"]


@pytest.mark.parametrize("shape", [moodle_folders, moodle_nested, brightspace_folders], ids=lambda s: s.__name__)
def test_an_unpacked_download_on_disk_is_read_the_same_way(tmp_path, shape):
    members, platform, names = shape()
    root = tmp_path / "uitgepakt"
    for name, data in members.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    check_download(root, platform, names, tmp_path)


def test_accents_split_into_marks_by_an_older_mac_are_still_recognised(tmp_path):
    """HFS+ stores "ë" as "e" + a combining mark; an unpacked Canvas download must stay Canvas."""
    members, platform, names = canvas()
    root = tmp_path / "uitgepakt"
    root.mkdir()
    for name, data in members.items():
        (root / unicodedata.normalize("NFD", name)).write_bytes(data)
    check_download(root, platform, names, tmp_path)


def test_a_platform_zip_inside_a_zip_still_counts_every_student(tmp_path):
    members, _, names = canvas()
    outer = tmp_path / "doorgestuurd.zip"
    outer.write_bytes(zip_bytes({"submissions.zip": zip_bytes(members)}))
    check_download(outer, "canvas", names, tmp_path)


@pytest.mark.parametrize("path, platform", [
    ("dhondtjanwillem_LATE_4410031_208490284_inlevering.json", "canvas"),
    ("dhondtjanwillem_late_4410031_208490284_inlevering.json", "canvas"),
    ("çelikzoë_4410048_208490595_inlevering.json", "canvas"),
    ("anon_Xk3pQ_208490284_inlevering.json", "canvas"),
    ("LATE_anon_Xk3pQ_208490284_inlevering.json", "canvas"),
    ("dhondtjanwillem_4410031_208490284_werk.zip/inlevering.json", "canvas"),
    ("Jan-Willem D'Hondt_4410031_assignsubmission_file/inlevering.json", "moodle"),
    ("Jan-Willem DHondt_4410031_assignsubmission_file_/inlevering.json", "moodle"),
    ("Jan-Willem DHondt_4410031_assignsubmission_file_inlevering.json", "moodle"),
    ("Deelnemer_4410031_assignsubmission_file/sub/inlevering.json", "moodle"),
    ("397063-4410031 - Jan-Willem D'Hondt - Dec 3, 2026 1005 AM - inlevering.json", "brightspace"),
    ("Opdracht 1/397063-4410031 - Zoë Çelik - Dec 3, 2026 1005 AM/inlevering.json", "brightspace"),
    # not a platform's name: no guess
    ("inlevering-student.json", None),
    ("verslag_2024_09_final.json", None),
    ("Opdracht/anon_Xk3pQ_208490284_inlevering.json", None),
    ("Jan-Willem D'Hondt/inlevering.json", None),
    ("Dhondtjanwillem_4410031_208490284_inlevering.json", None),
])
def test_platform_names_are_recognised_and_nothing_else_is(path, platform):
    assert detect_platform(path) == platform


def test_the_leak_check_finds_names_and_ids_glued_to_platform_noise():
    words = forbidden_words([canvas_name(0), full_name(0)])
    assert leaks(f"<td>{canvas_name(0)}_{USER_IDS[0]}_x.json</td>", words) == sorted(
        {canvas_name(0), str(USER_IDS[0])})
    assert leaks("<p>Willem,</p>", words) == ["Willem"]
    assert set(leaks("ZOË çelik", words)) == {"Zoë", "Çelik", "Zoë Çelik"}
    assert leaks("<p>Gebaseerd op 6 ingeleverde bestanden, 100%</p>", words) == []
