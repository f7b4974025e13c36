"""Scoring of the Bogardus scale (decision 1 in shared/content/README.md; docs/BOGARDUS.md).

Guttman errors are counted the Goodenough-Edwards way: every cell where a response differs from the
perfect cumulative pattern with the same number of 'yes' answers is one error.
"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models import bogardus as b

ranks = st.frozensets(st.integers(min_value=1, max_value=6))
#: any Response, answered or not
any_response = st.builds(b.Response, ranks, st.booleans(), st.booleans())
#: answered responses only (what from_value can return)
responses = any_response.filter(lambda r: r.answered)


def R(*accepted, excluded=False, none=False):
    return b.Response(frozenset(accepted), excluded, none)


def kinds(response):
    return [(e.kind, e.rank) for e in b.guttman_errors(response)]


# -- the scale ----------------------------------------------------------------------------------
def test_scale_has_the_lemmas_relations_in_order_and_the_seventh_step_marked():
    scale = b.load_scale()
    assert [r.label for r in scale.relations] == [
        "verwant (familie of huwelijk)", "goede vriend of vriendin", "buurman of -vrouw", "collega",
        "medeburger van hetzelfde land", "bezoeker van het land waarin men woont"]
    assert [r.rank for r in scale.relations] == [1, 2, 3, 4, 5, 6]  # 1 = closest, 6 = most distant
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


def test_pairs_that_cannot_literally_apply_are_data_with_a_dutch_reason():
    scale = b.load_scale()
    assert set(scale.not_applicable) == {("dak_en_thuislozen", 3), ("werklozen", 4), ("ongedocumenteerden", 5)}
    assert "collega" in scale.reason_not_applicable("werklozen", 4)
    assert "woning" in scale.reason_not_applicable("dak_en_thuislozen", 3)
    assert "burger" in scale.reason_not_applicable("ongedocumenteerden", 5)
    assert scale.reason_not_applicable("werklozen", 3) is None
    group_ids = {g.id for g in scale.groups}
    assert {gid for gid, _ in scale.not_applicable} <= group_ids


# -- three states and storage -------------------------------------------------------------------
@pytest.mark.parametrize("accepted,expected", [((1, 2, 3, 4, 5, 6), 1), ((3, 4, 5, 6), 3), ((6,), 6),
                                               ((2, 5), 2)])
def test_distance_is_the_closest_relation_accepted(accepted, expected):
    assert b.distance(R(*accepted)) == expected


def test_none_and_exclusion_with_nothing_accepted_are_answers_at_distance_7():
    assert b.distance(R(none=True)) == b.NONE_ACCEPTED == 7
    assert b.distance(R(excluded=True)) == 7
    assert b.distance(R(excluded=True, none=True)) == 7
    assert b.distance(R(5, 6, excluded=True)) == 5


def test_unanswered_has_no_distance_and_no_errors():
    assert not R().answered
    with pytest.raises(ValueError):
        b.distance(R())
    with pytest.raises(ValueError):
        b.guttman_errors(R())


def test_the_three_states_as_stored_values():
    assert b.Response.from_value({"accepted": [], "excluded": False, "none": True}) == R(none=True)
    assert b.Response.from_value({"accepted": [3, 4, 5, 6], "excluded": False, "none": False}) == R(3, 4, 5, 6)
    assert b.Response.from_value({"accepted": [], "excluded": False, "none": False}) is None
    assert b.Response.from_value(b.UNANSWERED_VALUE) is None
    assert R(none=True).to_value() == {"accepted": [], "excluded": False, "none": True}
    assert R().to_value() == b.UNANSWERED_VALUE


def test_an_old_stored_empty_answer_is_unanswered():
    old = {"accepted": [], "excluded": False}  # saved by the version before 'geen van deze'
    assert b.Response.from_value(old) is None
    assert b.is_old_empty_answer(old)
    assert not b.is_old_empty_answer(b.UNANSWERED_VALUE)  # 'wis antwoord' is recognisably new
    assert not b.is_old_empty_answer({"accepted": [6], "excluded": False})
    assert not b.is_old_empty_answer({"accepted": [], "excluded": True})
    assert not b.is_old_empty_answer(None)
    # old answers with relations or the exclusion read as before
    assert b.Response.from_value({"accepted": [3, 4], "excluded": False}) == R(3, 4)
    assert b.Response.from_value({"accepted": [], "excluded": True}) == R(excluded=True)


def test_none_with_accepted_relations_is_contradictory_and_the_relations_win():
    assert b.Response.from_value({"accepted": [4, 5, 6], "excluded": False, "none": True}) == R(4, 5, 6)
    assert R(4, none=True).none is False


@pytest.mark.parametrize("value", [{"accepted": [], "excluded": "ja"}, {"accepted": [True], "none": "ja"},
                                   {"accepted": [0, 9]}])
def test_only_real_booleans_and_ranks_count_in_storage(value):
    assert b.Response.from_value(value) is None


@given(responses)
def test_an_answered_response_survives_storage_encoding(response):
    assert b.Response.from_value(response.to_value()) == response


@given(any_response)
def test_a_stored_value_is_unanswered_exactly_when_nothing_is_ticked(response):
    read = b.Response.from_value(response.to_value())
    assert (read is None) == (not response.accepted and not response.excluded and not response.none)


@pytest.mark.parametrize("junk", [None, "x", 3, {"accepted": "1"}, [1, 2]])
def test_malformed_stored_values_count_as_unanswered(junk):
    assert b.Response.from_value(junk) is None


def test_out_of_range_ranks_in_storage_are_ignored():
    assert b.Response.from_value({"accepted": [0, 2, 9, "3"]}).accepted == frozenset({2})


# -- Goodenough-Edwards errors ------------------------------------------------------------------
def test_accepting_only_verwant_is_two_errors_not_one_and_not_five():
    # the issue's example: the perfect pattern with one 'yes' accepts only 'bezoeker'
    assert kinds(R(1)) == [("accepted", 1), ("refused", 6)]
    assert b.minimal_errors(R(1)) == 1  # untick 'verwant' and the pattern is perfect
    assert b.ideal_pattern(R(1)) == R(6)


@pytest.mark.parametrize("accepted,errors", [
    ((3, 4, 5, 6), []),
    ((2, 4, 6), [("accepted", 2), ("refused", 5)]),            # ideal 4,5,6
    ((3, 4), [("accepted", 3), ("accepted", 4), ("refused", 5), ("refused", 6)]),  # ideal 5,6
    ((1, 2, 3, 5, 6), [("accepted", 1), ("refused", 4)]),      # ideal 2..6
    ((5,), [("accepted", 5), ("refused", 6)]),                 # ideal 6
    ((1, 6), [("accepted", 1), ("refused", 5)]),               # ideal 5,6
])
def test_goodenough_edwards_errors_on_hand_worked_examples(accepted, errors):
    assert kinds(R(*accepted)) == errors


def test_the_seventh_step_is_the_most_often_accepted_item_not_excluding():
    assert kinds(R(excluded=True)) == []       # nothing accepted, excluded: perfect
    assert kinds(R(none=True)) == []           # nothing accepted, not excluded: perfect
    # excluded while accepting 'medeburger' and 'bezoeker': ideal with 2 'yes' = not excluded + bezoeker
    assert kinds(R(5, 6, excluded=True)) == [("accepted", 5), ("excluded_but_accepts", 7)]
    assert b.minimal_errors(R(5, 6, excluded=True)) == 1
    # excluded while accepting 'bezoeker': ideal with 1 'yes' = only not excluding
    assert kinds(R(6, excluded=True)) == [("accepted", 6), ("excluded_but_accepts", 7)]


def test_reproducibility_on_a_small_worked_example():
    # 3 respondents x 7 items = 21 answers; errors 0 + 2 + 2 = 4 -> 1 - 4/21
    value = b.reproducibility([R(3, 4, 5, 6), R(2, 4, 6), R(6, excluded=True)], n_items=7)
    assert value == pytest.approx(1 - 4 / 21)
    assert b.reproducibility([], n_items=7) is None


def test_reproducibility_leaves_unanswered_out_and_counts_none_as_an_answer():
    stored = [{"accepted": [], "excluded": False},                 # old empty: unanswered, left out
              {"accepted": [], "excluded": False, "none": True},   # 'geen van deze': 0 errors, counts
              {"accepted": [1], "excluded": False, "none": False}]  # 2 errors
    read = [b.Response.from_value(v) for v in stored]
    assert read[0] is None
    assert b.reproducibility(read, n_items=6) == pytest.approx(1 - 2 / (2 * 6))
    assert [b.distance(r) for r in read if r is not None] == [7, 1]


def test_a_verdict_belongs_to_a_class_with_enough_respondents():
    assert b.class_verdict([R(3, 4, 5, 6)] * 9, n_items=7) is None  # fewer than 10 respondents
    verdict = b.class_verdict([R(3, 4, 5, 6)] * 9 + [R(1)], n_items=7)
    assert verdict.coefficient == pytest.approx(1 - 2 / 70) and verdict.cumulative
    assert (verdict.respondents, verdict.responses, verdict.errors) == (10, 10, 2)
    bad = b.class_verdict([R(1)] * 20, n_items=6)
    assert bad.coefficient == pytest.approx(1 - 40 / 120) and not bad.cumulative
    # many groups per student: the number of respondents is given
    assert b.class_verdict([R(6)] * 21, n_items=7, respondents=3) is None
    assert b.class_verdict([R(6)] * 21, n_items=7, respondents=3, min_respondents=3).cumulative
    assert b.class_verdict([None, R()], n_items=7, min_respondents=0) is None


@given(responses)
def test_errors_are_between_zero_and_the_number_of_items(response):
    errors = b.guttman_errors(response)
    assert 0 <= len(errors) <= 7
    if not response.excluded:  # without the seventh step the count fits the six relations
        assert len(errors) <= 6


@given(responses)
def test_goodenough_edwards_counts_at_least_the_minimal_errors(response):
    assert len(b.guttman_errors(response)) >= b.minimal_errors(response) >= 0
    assert (len(b.guttman_errors(response)) == 0) == (b.minimal_errors(response) == 0)


@given(responses)
def test_the_ideal_pattern_has_as_many_yes_answers_and_no_errors(response):
    ideal = b.ideal_pattern(response)
    def yes(r):
        return len(r.accepted) + (0 if r.excluded else 1)
    assert yes(ideal) == yes(response)
    assert b.guttman_errors(ideal) == []
    # a wrongly accepted cell always pairs with a wrongly refused one: the count is even
    assert len(b.guttman_errors(response)) % 2 == 0


@given(st.integers(min_value=1, max_value=7), st.booleans())
def test_cumulative_patterns_have_no_errors(d, excluded):
    response = R(*range(d, 7), excluded=excluded and d == 7, none=d == 7 and not excluded)
    assert b.guttman_errors(response) == []
    assert b.minimal_errors(response) == 0
    assert b.distance(response) == d


@given(responses)
def test_distance_is_between_1_and_7(response):
    assert 1 <= b.distance(response) <= 7


@given(st.lists(st.one_of(responses, st.none()), min_size=1, max_size=40))
def test_reproducibility_is_a_proportion_and_one_only_without_errors(rs):
    cr = b.reproducibility(rs, n_items=7)
    answered = [r for r in rs if r is not None]
    if not answered:
        assert cr is None
        return
    assert 0 <= cr <= 1
    assert (cr == 1) == all(not b.guttman_errors(r) for r in answered)


# -- the explanation for one student ------------------------------------------------------------
def group(gid):
    return next(g for g in b.load_scale().groups if g.id == gid)


def test_explanations_name_the_answers_that_break_the_pattern_without_a_verdict():
    scale = b.load_scale()
    text = b.explain(R(2, 4, 5, 6), scale, group("geloof"))
    assert "iemand met een bepaald geloof als 'goede vriend(in)', maar niet als 'buur'" in text
    assert "2 Guttman-fouten" in text and "Goodenough en Edwards" in text
    assert "cumulatief" not in text.lower()
    assert "past in het trapje" in b.explain(R(4, 5, 6), scale)
    assert "afstand 7" in b.explain(R(none=True), scale).lower()
    assert "spreken elkaar tegen" in b.explain(R(6, excluded=True), scale)
    assert b.explain(None, scale) == "Nog niet beantwoord."
    assert b.explain(R(), scale) == "Nog niet beantwoord."


def test_the_issues_example_explained():
    text = b.explain(R(1), b.load_scale(), group("werklozen"))
    assert text.startswith("Je accepteert werklozen als 'verwant', maar niet als")
    assert "2 Guttman-fouten" in text and "alleen de verste, 'bezoeker'" in text
    assert "af bij 'verwant' en 'bezoeker'" in text


def test_a_relation_that_cannot_apply_is_named_and_said_to_be_the_only_cause():
    scale = b.load_scale()
    only = R(1, 2, 3, 5, 6)  # every relation but 'collega' for werklozen
    assert b.only_not_applicable(only, "werklozen", scale) == [4]
    text = b.explain(only, scale, group("werklozen"))
    assert "'collega' kan bij deze groep niet letterlijk" in text and "alleen doordat" in text
    # the same pattern for a group where 'collega' can apply: no such note
    assert "niet letterlijk" not in b.explain(only, scale, group("geloof"))
    # other errors too: the note names the pair but does not call it the only cause
    mixed = b.explain(R(1, 2, 5, 6), scale, group("dak_en_thuislozen"))
    assert "'buur' kan bij deze groep niet letterlijk" in mixed and "alleen doordat" not in mixed
    assert b.only_not_applicable(R(1, 2, 5, 6), "dak_en_thuislozen", scale) == []
    # the pair still counts in the coefficient (the documented choice)
    assert len(b.guttman_errors(only)) == 2


# -- own groups -----------------------------------------------------------------------------------
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


def test_summary_mean_and_sample_sd():
    s = b.summarise([1, 3, 5])
    assert (s.n, s.mean, s.minimum, s.maximum) == (3, 3, 1, 5)
    assert s.sd == pytest.approx(2.0)
    assert b.summarise([4]).sd is None
    assert b.summarise([]).mean is None
