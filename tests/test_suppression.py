"""No published figure of the class overview lets anyone derive a number of students in 1..k-1.

The tests play the attacker: from the CSV (the same numbers as the HTML page) they recompute every
count they can (a percentage times its n, a complement n - c, the hand-ins outside a row N - n, the
hidden rest of a row whose columns split the students) and look for a small number.
"""
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sw_exercises import handin
from sw_exercises.classroom.overview import build_overview
from sw_exercises.classroom.report import overview_csv, overview_html
from sw_exercises.models.summary import suppress_counts

T = "2026-11-23T10:00:00+00:00"
GROUPS = ("werklozen", "dak-_en_thuislozen", "ongedocumenteerden")


def _group_ids():
    from sw_exercises.models.bogardus import load_scale
    return [g.id for g in load_scale().groups]


bogardus_answer = st.one_of(
    st.none(),  # unanswered
    st.fixed_dictionaries({"accepted": st.lists(st.integers(1, 6), unique=True, max_size=6),
                           "excluded": st.booleans()}),
    st.just({"accepted": [], "excluded": False, "none": True}),
)
student_answers = st.fixed_dictionaries({
    "bogardus": st.lists(bogardus_answer, min_size=3, max_size=3),
    "likert": st.one_of(st.none(), st.integers(1, 5)),
    "choice": st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4),
    "reflection": st.booleans(),
    "roles": st.lists(st.sampled_from(["rituele_zorgverstrekker", "redder", "begeleider", "coach", "bondgenoot",
                                       "mede_eigenaar"]), max_size=3),
})


def _handin(n, spec, groups, choice_ids):
    answers = []
    for gid, value in zip(groups, spec["bogardus"]):
        if value is not None:
            answers.append({"workbook": "01_sociale_afstand", "item": f"bogardus/{gid}", "value": value, "saved_at": T})
    if spec["likert"] is not None:
        answers.append({"workbook": "01_sociale_afstand", "item": "likert/contact_practice", "value": spec["likert"],
                        "saved_at": T})
    chosen = [choice_ids[ord(c) - ord("a")] for c in spec["choice"] if ord(c) - ord("a") < len(choice_ids)]
    if chosen:
        answers.append({"workbook": "01_sociale_afstand", "item": "choice/contact_conditions", "value": chosen,
                        "saved_at": T})
    if spec["reflection"]:
        answers.append({"workbook": "01_sociale_afstand", "item": "reflection/meeste_afstand", "value": "tekst",
                        "saved_at": T})
    if spec["roles"]:
        answers.append({"workbook": "03_zes_rollen", "item": "case/c/phases", "saved_at": T,
                        "value": [{"name": "f", "role": r, "features": {}, "note": ""} for r in spec["roles"]]})
    return handin.build(f"student-{n:04d}", answers)


def _published(ov):
    rows = list(csv.DictReader(io.StringIO(overview_csv(ov))))
    return rows[0], rows[1:]


def _derivable(ov, k):
    """Every count an attacker can compute from the published CSV."""
    head, rows = _published(ov)
    found = []
    total = int(head["waarde"]) if head["waarde"] else None
    if total is not None:
        found.append(("inleveringen", total))
    by_row = {}
    for r in rows:
        by_row.setdefault((r["werkboek"], r["figuur"], r["rij"]), []).append(r)
    figures = {f.id: f for f in ov.figures}
    for (workbook, figure_id, label), cells in by_row.items():
        figure = next(f for f in ov.figures if f.workbook == workbook and f.id == figure_id)
        n = int(cells[0]["n"]) if cells[0]["n"] else None
        if n is None:
            continue
        found.append((f"{figure_id}/{label}: n", n))
        if total is not None:
            found.append((f"{figure_id}/{label}: N - n", total - n))
        if figure.unit not in ("percent", "count"):
            continue
        counts = []
        for c in cells:
            if c["waarde"] == "":
                counts.append(None)
                continue
            value = float(c["waarde"])
            count = round(value * n / 100) if figure.unit == "percent" else round(value)
            counts.append(count)
            found.append((f"{figure_id}/{label}/{c['kolom']}", count))
            found.append((f"{figure_id}/{label}/{c['kolom']}: n - c", n - count))
        if figure.partition and None in counts:
            found.append((f"{figure_id}/{label}: hidden rest", n - sum(c for c in counts if c is not None)))
    del figures
    return [(where, c) for where, c in found if 0 < c < k]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(student_answers, min_size=0, max_size=24), st.integers(2, 7))
def test_no_small_number_can_be_derived_from_a_random_class(students, k):
    groups = _group_ids()[:3]
    from sw_exercises.i18n import content
    choice_ids = [o["id"] for o in content("01_sociale_afstand")["choices"][0]["options"]]
    handins = [_handin(i, s, groups, choice_ids) for i, s in enumerate(students)]
    ov = build_overview(handins, threshold=k)
    leaks = _derivable(ov, k)
    assert not leaks, leaks[:10]


def test_a_small_class_shows_minder_dan_k_and_no_numbers():
    groups = _group_ids()[:3]
    handins = [_handin(i, {"bogardus": [{"accepted": [6], "excluded": False}] * 3, "likert": 3, "choice": ["a"],
                           "reflection": True, "roles": ["redder"]}, groups, ["x"]) for i in range(4)]
    ov = build_overview(handins, threshold=5)
    html = overview_html(ov, charts=False)
    assert "Aantal inleveringen: minder dan 5" in html and "Aantal inleveringen 4" not in html
    head, rows = _published(ov)
    assert head["waarde"] == "" and rows == []


def test_a_group_nobody_answered_reads_geen_antwoorden_not_below_threshold():
    groups = _group_ids()[:3]
    handins = [_handin(i, {"bogardus": [{"accepted": [6], "excluded": False}, None, None], "likert": None,
                           "choice": [], "reflection": False, "roles": []}, groups, ["x"]) for i in range(6)]
    html = overview_html(build_overview(handins, threshold=5), charts=False)
    assert "geen antwoorden" in html


def test_secondary_suppression_hides_a_second_cell_when_the_total_would_give_the_first_back():
    # 10 students over three categories: 2 is small, and 10 - 6 - 2 would reveal it from the others
    hidden = suppress_counts([6, 2, 2], 10, 10, 5, partition=True)
    assert hidden == [True, True, True] or sum(c for c, h in zip([6, 2, 2], hidden) if h) >= 5
    hidden = suppress_counts([6, 3, 1], 10, 10, 5, partition=True)
    assert hidden[1] and hidden[2] and sum(c for c, h in zip([6, 3, 1], hidden) if h) >= 5
    # multi-response (not a partition): each cell and its complement only
    assert suppress_counts([10, 0, 5], 10, 10, 5, partition=False) == [False, False, False]
    assert suppress_counts([8], 10, 10, 5, partition=False) == [True]  # 10 - 8 = 2 would be revealed


def test_a_row_whose_n_is_just_below_the_class_size_is_suppressed_whole():
    # 30 hand-ins, 28 answered this group: publishing 28 tells that 2 did not answer
    assert suppress_counts([28, 0], 28, 30, 5, partition=False) == [True, True]
    assert suppress_counts([25, 0], 25, 30, 5, partition=False) == [False, False]
