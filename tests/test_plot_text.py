"""Text alternatives of the plots: title plus a summary computed from the data (change the data, the
text changes), and every view that draws a plot shows that text next to it."""
import re
from html import escape, unescape

import ipywidgets as W
import pytest

from sw_exercises import plot_text
from sw_exercises.answers import AnswerBook
from sw_exercises.cases import case_item
from sw_exercises.i18n import content
from sw_exercises.store import AnswerStore
from sw_exercises.widgets import bogardus, elements, helper_roles, viervenster


def test_bogardus_profile_names_the_largest_and_smallest_distance():
    text = plot_text.bogardus_profile("Afstand per groep", [("werklozen", 5, 0), ("buren", 1, 0), ("artsen", 3, 0)])
    assert text.startswith("Stippengrafiek: Afstand per groep.")
    assert "het grootst bij werklozen (5)" in text and "het kleinst bij buren (1)" in text
    changed = plot_text.bogardus_profile("Afstand per groep", [("werklozen", 2, 0), ("buren", 6, 1), ("artsen", 3, 0)])
    assert "het grootst bij buren (6)" in changed and "het kleinst bij werklozen (2)" in changed
    assert "Guttman-fouten bij: buren." in changed and "Guttman" not in text


def test_bogardus_profile_ties_one_group_and_nothing_yet():
    tie = plot_text.bogardus_profile("T", [("a", 4, 0), ("b", 4, 0), ("c", 1, 0)])
    assert "het grootst bij a en b (4)" in tie
    assert "alle 2 groepen 3" in plot_text.bogardus_profile("T", [("a", 3, 0), ("b", 3, 0)])
    assert "één groep ingevuld: a, afstand 6" in plot_text.bogardus_profile("T", [("a", 6, 0)])
    assert "nog niets" in plot_text.bogardus_profile("T", [])


def test_ratings_and_rounds_follow_the_data():
    levels = ["nooit", "soms", "vaak"]
    text = plot_text.ratings("Waarden", levels, [("respect", 2), ("gelijkheid", 0)], 4)
    assert "2 van de 4 beoordeeld" in text
    assert "hoogst: respect (3 · vaak)" in text and "laagst: gelijkheid (1 · nooit)" in text
    other = plot_text.ratings("Waarden", levels, [("respect", 0), ("gelijkheid", 1), ("zorg", 2)], 4)
    assert "3 van de 4" in other and "hoogst: zorg (3 · vaak)" in other and "laagst: respect (1 · nooit)" in other
    rounds = plot_text.rating_rounds("Groei", levels, [("jaar 1", {"a": 0, "b": 1}), ("jaar 2", {"a": 2, "b": 1})])
    assert "jaar 2:" in rounds and "Vergeleken met jaar 1: 1 hoger, 0 lager, 1 gelijk" in rounds


def test_paths_count_the_changes():
    text = plot_text.path("Pad", [("intake", "naast"), ("plan", "naast"), ("einde", "tegenover")], 4)
    assert "3 van de 4 fasen" in text and "van naast naar tegenover" in text and "1 keer" in text
    roles = plot_text.roles_path("Rollen", [(1, "gids"), (2, "coach"), (3, "gids")], 3)
    assert "van gids naar gids, 2 keer van rol gewisseld" in roles and "fase 2 coach" in roles
    assert "Nog geen rol" in plot_text.roles_path("Rollen", [], 3)


def test_dataset_figures_bar_and_line():
    bar = plot_text.dataset_figure("Eenzaamheid", "bar", "percentage", [(None, [("jong", 14), ("oud", 18.5)])])
    assert bar.startswith("Staafdiagram: Eenzaamheid.")
    assert "Percentage: het hoogst bij oud (18,5), het laagst bij jong (14)." in bar
    asked = plot_text.dataset_figure("Wie doet mee?", "barh", "aantal_miljoen", [(None, [("a", 1.9), ("b", 5)])])
    assert asked.startswith("Staafdiagram: Wie doet mee? Aantal miljoen: het hoogst bij b (5)"), asked
    line = plot_text.dataset_figure("Trend", "line", "percentage",
                                    [("eenzaam", [(2012, 39), (2023, 49)]), ("sterk eenzaam", [(2012, 8), (2023, 11)])])
    assert line.startswith("Lijngrafiek: Trend.")
    assert "eenzaam van 39 (2012) naar 49 (2023); sterk eenzaam van 8 (2012) naar 11 (2023)" in line


def test_four_windows_counts_and_extremes():
    text = plot_text.four_windows("Analyse", [("1 · ik", 2, 3), ("2 · wij", 0, 3)],
                                  [("geloof", 3, "sterk"), ("regels", 1, "zwak")])
    assert "2 van de 6 werkzame elementen" in text and "1 · ik 2/3" in text
    assert "hoogst: geloof (sterk)" in text and "laagst: regels (zwak)" in text
    assert "Nog geen van de 6" in plot_text.four_windows("Analyse", [("1 · ik", 0, 3), ("2 · wij", 0, 3)], [])


# -- the views show the text next to the plot --------------------------------------------------
def _shown(output: W.Widget, *, drawn: bool = True) -> tuple[str, str]:
    """(visible text above the chart, the chart's own text alternative: its <desc>) from the HTML
    widget a view draws its chart in. ``drawn=False``: no chart yet, only its text (returned twice)."""
    visible = re.search(r'<p class="sw-plot-text">(.*?)</p>', output.value)
    desc = re.search(r"<desc id='[^']*'>(.*?)</desc>", output.value)
    assert visible, output.value[:300]
    if not drawn:
        assert desc is None and "<svg" not in output.value, output.value[:300]
        return visible.group(0), unescape(visible.group(1))
    assert desc and visible.group(1) == desc.group(1), output.value[:300]
    return visible.group(0), unescape(desc.group(1))


@pytest.fixture
def book(tmp_path):
    return AnswerBook("01_sociale_afstand", lambda: AnswerStore(tmp_path / "antwoorden.sqlite3"))


def test_bogardus_profile_view_shows_its_summary_and_follows_the_answers(book):
    state = bogardus.BogardusState("01_sociale_afstand", book=book)
    profile = bogardus.ProfileView(state)
    first, second = state.scale.groups[0], state.scale.groups[1]
    book.save(f"bogardus/{first.id}", {"accepted": [1, 2, 3, 4, 5, 6, 7], "excluded": False})
    book.save(f"bogardus/{second.id}", {"accepted": [6, 7], "excluded": False})
    html, plain = _shown(profile.chart)
    assert plain.split(":")[0] in html and escape(plain) in html
    assert f"het grootst bij {second.label} (6)" in plain and f"het kleinst bij {first.label} (1)" in plain
    book.save(f"bogardus/{first.id}", {"accepted": [], "excluded": False, "none": True})  # 'geen van deze'
    _, plain = _shown(profile.chart)
    assert f"het grootst bij {first.label} (7)" in plain
    book.save(f"bogardus/{first.id}", {"accepted": [], "excluded": True})
    _, plain = _shown(profile.chart)
    assert f"het grootst bij {first.label} (7)" in plain


def test_every_other_plot_view_shows_a_text_alternative(tmp_path):
    def store():
        return AnswerStore(tmp_path / "antwoorden.sqlite3")
    four = viervenster.AnalysisChart(viervenster.ViervensterState("02_viervenstermodel",
                                                                   book=AnswerBook("02_viervenstermodel", store)))
    assert "Nog geen van de" in _shown(four.output, drawn=False)[1]  # no empty chart, only its text
    state = four.state
    element = state.model.elements[0]
    state.book.save(case_item(state.case_id(), "element", element.id), state.model.levels[-1][0])
    assert f"1 van de {len(state.model.elements)}" in _shown(four.output)[1]  # the first rating draws the chart
    assert "Matrix: Zes rollen" in _shown(helper_roles.matrix_view().children[0])[1]
    trajectory = helper_roles.TrajectoryView(helper_roles.RolesState("03_zes_rollen",
                                                                     book=AnswerBook("03_zes_rollen", store)))
    assert "Nog geen rol" in _shown(trajectory.output)[1]
    trajectory.editors[0].role.value = 2
    assert "Een rol bij 1 van de" in _shown(trajectory.output)[1]
    spec = content("06_het_sociale")["figures"][0]
    figure = elements.figure_view(spec)
    assert "van 39 (2012) naar 49 (2023)" in _shown(figure)[1]
