"""Scoring of the Bogardus scale (decision 1 in shared/content/README.md)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models import bogardus as b

ranks = st.frozensets(st.integers(min_value=1, max_value=6))
responses = st.builds(b.Response, ranks, st.booleans())


def R(*accepted, excluded=False):
    return b.Response(frozenset(accepted), excluded)


def test_scale_has_the_lemmas_relations_in_order_and_the_seventh_step_marked():
    scale = b.load_scale()
    assert [r.label for r in scale.relations] == [
        "verwant (familie of huwelijk)", "goede vriend of vriendin", "buurman of -vrouw", "collega",
        "medeburger van hetzelfde land", "bezoeker van het land waarin men woont"]
    assert "oorspronkelijke schaal" in scale.exclusion.label
    assert scale.n_items == 7
    assert b.load_scale(include_exclusion=False).n_items == 6


def test_scale_has_the_lemmas_seven_groups_plus_lecturer_groups():
    scale = b.load_scale(extra_groups=["statushouders", "  statushouders "])
    labels = [g.label for g in scale.groups]
    assert labels[:7] == ["dak- en thuislozen", "ongedocumenteerden", "werklozen",
                          "mensen met een fysieke of mentale beperking", "iemand die verslaafd is aan drugs",
                          "iemand met een andere afkomst", "iemand met een bepaald geloof"]
    assert labels[7:] == ["statushouders"]
    assert scale.groups[7].custom


@pytest.mark.parametrize("accepted,expected", [((1, 2, 3, 4, 5, 6), 1), ((3, 4, 5, 6), 3), ((6,), 6), ((), 7),
                                               ((2, 5), 2)])
def test_distance_is_the_closest_relation_accepted(accepted, expected):
    assert b.distance(R(*accepted)) == expected


def test_guttman_errors_count_refused_more_distant_relations():
    assert b.guttman_errors(R(3, 4, 5, 6)) == []
    assert [e.rank for e in b.guttman_errors(R(2, 4, 6))] == [3, 5]
    assert b.guttman_errors(R(excluded=True)) == []
    errors = b.guttman_errors(R(5, 6, excluded=True))
    assert [(e.kind, e.rank) for e in errors] == [("excluded_but_accepts", 7)]


def test_reproducibility_on_a_small_worked_example():
    # 3 respondents x 7 items = 21 responses; errors 0 + 2 + 1 = 3 -> 1 - 3/21
    value = b.reproducibility([R(3, 4, 5, 6), R(2, 4, 6), R(6, excluded=True)], n_items=7)
    assert value == pytest.approx(1 - 3 / 21)
    assert b.reproducibility([], n_items=7) is None


def test_summary_mean_and_sample_sd():
    s = b.summarise([1, 3, 5])
    assert (s.n, s.mean, s.minimum, s.maximum) == (3, 3, 1, 5)
    assert s.sd == pytest.approx(2.0)
    assert b.summarise([4]).sd is None
    assert b.summarise([]).mean is None


def test_explanations_are_plain_dutch_and_name_the_refused_relations():
    scale = b.load_scale()
    text = b.explain(R(2, 4, 5, 6), scale)
    assert "goede vriend of vriendin" in text and "buurman of -vrouw" in text and "1 Guttman-fout" in text
    assert "Cumulatief" in b.explain(R(4, 5, 6), scale)
    assert "afstand 7" in b.explain(R(), scale)
    assert "spreken elkaar tegen" in b.explain(R(6, excluded=True), scale)
    assert b.explain(None, scale) == "Nog niet ingevuld."


@given(responses)
def test_distance_is_between_1_and_7_and_errors_fit_the_items(response):
    d = b.distance(response)
    assert 1 <= d <= 7
    assert 0 <= len(b.guttman_errors(response)) <= 6


@given(st.integers(min_value=1, max_value=7), st.booleans())
def test_cumulative_patterns_have_no_errors(d, excluded):
    response = R(*range(d, 7), excluded=excluded and d == 7)
    assert b.guttman_errors(response) == []
    assert b.distance(response) == d


@given(st.lists(responses, min_size=1, max_size=40))
def test_reproducibility_is_a_proportion_and_one_only_without_errors(rs):
    cr = b.reproducibility(rs, n_items=7)
    assert 0 <= cr <= 1
    assert (cr == 1) == all(not b.guttman_errors(r) for r in rs)


@given(responses)
def test_a_response_survives_storage_encoding(response):
    assert b.Response.from_value(response.to_value()) == response


@pytest.mark.parametrize("junk", [None, "x", 3, {"accepted": "1"}, [1, 2]])
def test_malformed_stored_values_count_as_unanswered(junk):
    assert b.Response.from_value(junk) is None


def test_out_of_range_ranks_in_storage_are_ignored():
    assert b.Response.from_value({"accepted": [0, 2, 9, "3"]}).accepted == frozenset({2})


@pytest.mark.parametrize("label,key", [("", "bogardus.group_empty"), ("   ", "bogardus.group_empty"),
                                       ("x" * 81, "bogardus.group_too_long"), (None, "bogardus.group_empty")])
def test_unusable_group_labels_are_refused_with_a_message_key(label, key):
    with pytest.raises(ValueError) as info:
        b.custom_group(label)
    assert info.value.args[0] == key


@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_custom_group_ids_are_stable_ascii(label):
    group = b.custom_group(label)
    assert group.id == b.custom_group(label).id
    assert group.id.isascii() and group.id.startswith("eigen_")
