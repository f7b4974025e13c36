"""The six helper roles and relationship features as data (decision 3), and trajectories."""
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models import helper_roles as hr

M = hr.load_model()


def test_six_roles_on_two_axes_with_the_sources_labels():
    assert [r.label for r in M.roles] == ["De rituele zorgverstrekker", "De controleur-inspecteur", "De redder",
                                         "De probleemoplosser", "De begeleider", "De bemiddelaar"]
    assert [label for _, label in M.columns] == ["Organisatiegericht", "Individu-gericht"]
    assert [label for _, label in M.rows] == ["Productgericht", "Procesgericht"]
    cells = {r.number: (r.row, r.column) for r in M.roles}
    assert cells[1] == cells[2] == ("product", "organisatie")
    assert cells[3] == cells[4] == ("product", "individu")
    assert cells[5] == cells[6] == ("proces", None)  # the source does not show their column


def test_doubtful_cells_carry_a_visible_note():
    doubtful = {r.number for r in M.roles if r.doubt}
    assert {2, 5, 6} <= doubtful


def test_features_come_in_pairs_and_only_process_roles_avoid_all_dependence():
    assert [(f.negative.short, f.positive.short) for f in M.features] == [
        ("afstandelijk", "nabij"), ("bureaucratisch", "gepersonaliseerd"), ("paternalistisch", "emancipatorisch")]
    assert [hr.dependence_features(r) for r in M.roles] == [3, 3, 1, 1, 0, 0]


def test_positions_keep_roles_inside_their_cell_and_apart():
    spots = {r.number: hr.position(M, r) for r in M.roles}
    assert len(set(spots.values())) == 6
    for r in M.roles:
        x, y = spots[r.number]
        assert (y > 0.5) == (r.row == "product")
        if r.column == "organisatie":
            assert x < 0.5
        elif r.column == "individu":
            assert x > 0.5


def phases(*roles):
    return [hr.Phase(f"fase {i}", role) for i, role in enumerate(roles, 1)]


def test_the_lemmas_sequence_is_recognised():
    assert hr.follows_lemma(M, phases("redder", "probleemoplosser", "begeleider")) is True
    assert hr.follows_lemma(M, phases("redder", "redder", "bemiddelaar")) is True
    assert hr.follows_lemma(M, phases("begeleider", "redder")) is False
    assert hr.follows_lemma(M, phases("controleur_inspecteur", "begeleider")) is False
    assert hr.follows_lemma(M, phases("redder", None)) is None
    path = hr.trajectory(M, phases("redder", None, "begeleider"))
    assert [(n, role.id) for n, role, _, _ in path] == [(1, "redder"), (3, "begeleider")]


def test_stored_phases_are_read_tolerantly():
    stored = [{"name": "a", "role": "redder", "features": {"afstand": 4, "bureaucratie": 9, "x": 1}, "note": 3},
              {"name": 5}, "junk", {"name": "b", "role": "onbekend", "features": "nee"}]
    got = hr.parse_phases(stored, M)
    assert [(p.name, p.role, p.features, p.note) for p in got] == [("a", "redder", {"afstand": 4}, ""),
                                                                  ("b", None, {}, "")]
    assert hr.parse_phases(None, M) == []


@given(st.lists(st.sampled_from([None] + [r.id for r in M.roles]), max_size=8))
def test_a_phase_round_trips_through_storage(role_ids):
    original = [hr.Phase(f"f{i}", role, {"afstand": i % 5}, "n") for i, role in enumerate(role_ids)]
    assert hr.parse_phases([p.to_value() for p in original], M) == original


def test_statements_have_a_reading_on_every_feature_and_agreement_counts():
    feature_ids = {f.id for f in M.features}
    for s in M.statements:
        assert set(s.reading) == feature_ids
        assert set(s.reading.values()) <= {hr.NEGATIVE, hr.POSITIVE, hr.NONE}
    reading = {"afstand": "negative", "bureaucratie": "none", "paternalisme": "positive"}
    assert hr.agreement(reading, {"afstand": "negative", "paternalisme": "negative"}) == (1, 2)
    assert hr.agreement(reading, {}) == (0, 0)
