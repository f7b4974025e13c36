"""The Viervenstermodel as data (decision 2) and its coverage measures."""
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.i18n import content
from sw_exercises.models import viervenster as v

M = v.load_model()


def test_four_windows_with_the_lemmas_headings_and_5_5_4_4_elements():
    assert [w.label for w in M.windows] == [
        "Inwoner/huishouden (integrale brede aanpak)", "Professionals en integraal werken",
        "Organisatie (zowel maatschappelijke organisaties als de gemeente)", "Beleid en bestuur"]
    assert [len(w.elements) for w in M.windows] == [5, 5, 4, 4]
    assert len({e.id for e in M.elements}) == 18


def test_every_pair_of_windows_has_a_link_step():
    assert {frozenset((lk.a, lk.b)) for lk in M.links} == v.all_pairs(M)


def test_the_model_names_its_sources_and_says_the_rating_is_ours():
    assert all(name in M.name_note for name in ("Binkhorst", "Wilken", "Overkamp"))
    assert "viervensters" in M.name_note.lower()
    assert "werkboek" in M.rating_note.lower() or "onze" in M.rating_note.lower()


def test_the_worked_example_rates_only_what_the_story_tells():
    """Manon's story (Van Arum, 2020, in the lemma) speaks about her voice, the plan and Sivita's work,
    and not about the organisation or policy: only those elements are rated, on the scale."""
    example = content("viervenster")["example"]
    rated = {}
    for window in M.windows:
        ratings = example["windows"][window.id]["ratings"]
        assert set(ratings) <= {e.id for e in window.elements}
        assert all(v.clean_rating(r, M) is not None for r in ratings.values())
        rated[window.id] = set(ratings)
    assert rated == {"inwoner": {"regie_zeggenschap", "een_plan"},
                     "professional": {"probleembeleving", "generalist", "tijdig_betrekken"},
                     "organisatie": set(), "beleid": set()}


def test_coverage_counts_text_and_rated_elements_per_window():
    first = M.windows[0]
    analysis = v.Analysis(texts={first.id: "drie woorden hier"},
                          ratings={first.elements[0].id: 0, first.elements[1].id: 3, "onbekend": 2})
    parts = v.coverage(M, analysis)
    assert (parts[0].words, parts[0].rated, parts[0].total, parts[0].mean) == (3, 2, 5, 1.5)
    assert all(p.rated == 0 and p.mean is None for p in parts[1:])
    assert v.least_covered(M, analysis) == M.windows[1]
    assert v.progress(M, analysis) == 3 / (4 + 18 + 6)


def test_a_complete_analysis_is_100_percent():
    analysis = v.Analysis(texts={w.id: "tekst" for w in M.windows}, ratings={e.id: 1 for e in M.elements},
                          links={lk.id: 0 for lk in M.links})
    assert v.progress(M, analysis) == 1
    assert v.least_covered(M, analysis) is None


@given(st.dictionaries(st.sampled_from([e.id for e in M.elements]),
                       st.one_of(st.integers(-5, 9), st.booleans(), st.none(), st.text(max_size=3))))
def test_junk_ratings_never_count(ratings):
    analysis = v.Analysis(ratings=ratings)
    valid = sum(1 for r in ratings.values() if v.clean_rating(r, M) is not None)
    assert sum(p.rated for p in v.coverage(M, analysis)) == valid
    assert 0 <= v.progress(M, analysis) <= 1
