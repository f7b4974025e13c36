"""Fixed dataset charts drawn as inline SVG (widgets/svg.py): well-formed, every value drawn to scale
and labelled, series told apart by shape as well as colour, and a text alternative."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sw_exercises.widgets import svg

NS = "{http://www.w3.org/2000/svg}"


def _root(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _bars(root: ET.Element) -> list[ET.Element]:
    """The data bars: rects with a height/width of their own (not the background, not legend swatches)."""
    rects = list(root.iter(f"{NS}rect"))[1:]  # the first is the white background
    return [r for r in rects if not (r.get("width") == "16" and r.get("height") == "14")]


def _texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{NS}text")]


@pytest.mark.parametrize("top, expected", [(82, [0, 20, 40, 60, 80, 100]), (7.56, [0, 2, 4, 6, 8]),
                                           (19.44, [0, 5, 10, 15, 20]), (0, [0, 1])])
def test_ticks_are_round_and_reach_the_top(top, expected):
    assert svg.nice_ticks(top) == expected


def test_a_bar_chart_draws_every_value_to_scale_with_its_label_and_a_text_alternative():
    series = [(None, [("sterk emotioneel eenzaam", 14), ("sterk sociaal eenzaam", 18.5)])]
    root = _root(svg.chart("bar", "Twee vormen", series, x_title="vorm", y_title="percentage",
                           description="Staafdiagram: Twee vormen."))
    bars = _bars(root)
    assert len(bars) == 2
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] / heights[0] == pytest.approx(18.5 / 14, rel=0.02)
    texts = _texts(root)
    assert "14" in texts and "18,5" in texts  # the decimal comma of the language
    assert "percentage" in texts and "vorm" in texts and "Twee vormen" in texts
    assert root.get("role") == "img"
    by_id = {el.get("id"): "".join(el.itertext()) for el in root.iter() if el.get("id")}
    assert [by_id[i] for i in root.get("aria-labelledby").split()] == ["Twee vormen", "Staafdiagram: Twee vormen."]


def test_horizontal_bars_keep_the_order_of_the_data_top_to_bottom_and_widths_to_scale():
    series = [(None, [("vrijwilligerswerk", 41), ("mantelzorger", 13), ("vandaag genieten", 76)])]
    root = _root(svg.chart("barh", "Meedoen", series, y_title="percentage"))
    bars = _bars(root)
    assert [float(b.get("y")) for b in bars] == sorted(float(b.get("y")) for b in bars)
    widths = [float(b.get("width")) for b in bars]
    assert widths[2] / widths[1] == pytest.approx(76 / 13, rel=0.02)
    texts = _texts(root)
    assert texts.index("vrijwilligerswerk") < texts.index("mantelzorger") < texts.index("vandaag genieten")


def test_series_side_by_side_with_a_legend_and_missing_values_left_out():
    series = [("aantal", [("mantelzorgers", 1.9)]),
              ("ondergrens", [("buurt", 5)]), ("bovengrens", [("buurt", 7), ("mantelzorgers", None)])]
    root = _root(svg.chart("bar", "Inzet", series))
    bars = _bars(root)
    assert len(bars) == 3
    assert len({b.get("fill") for b in bars}) == 3
    texts = _texts(root)
    assert {"aantal", "ondergrens", "bovengrens"} <= set(texts) and "1,9" in texts


def test_a_line_chart_has_a_line_per_series_and_a_different_marker_shape_for_each():
    series = [("eenzaam", [(2012, 39), (2023, 49)]), ("sterk eenzaam", [(2012, 8), (2023, 11)])]
    root = _root(svg.chart("line", "Trend", series, x_title="jaar", y_title="percentage"))
    lines = list(root.iter(f"{NS}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(list(root.iter(f"{NS}circle"))) == 3  # two points and the legend of series 1
    assert len([r for r in root.iter(f"{NS}rect")][1:]) == 3  # square markers of series 2 and its legend
    assert {"2012", "2023", "39", "49", "8", "11"} <= set(_texts(root))


def test_labels_from_data_are_escaped():
    root = _root(svg.chart("bar", "A <b> & C", [(None, [("<script>x</script>", 3)])]))
    assert "<script>x</script>" in _texts(root)  # as text, not as an element
    assert not list(root.iter(f"{NS}script"))


def test_a_dot_plot_puts_each_group_at_its_value_with_its_own_shape():
    ticks = [["1", "verwant"], ["2", "goede vriend(in)"], ["3", "buur"], ["4", "collega"], ["5", "medeburger"],
             ["6", "bezoeker"], ["7", "geen / uitsluiting"]]
    series = [("past", [("groep <a>", 1), ("groep b", 4)]), ("fouten", [("groep c", 3)])]
    root = _root(svg.dots("Afstand", series, ticks, x_title="afstand", description="Stippengrafiek: afstand"))
    texts = _texts(root)
    assert {"groep <a>", "groep b", "groep c", "afstand", "past", "fouten"} <= set(texts)
    assert {"verwant", "buur"} <= set(texts) and {"geen /", "uitsluiting"} <= set(texts)  # long labels wrap
    circles = [c for c in root.iter(f"{NS}circle")]
    diamonds = [p for p in root.iter(f"{NS}path")]
    assert len(circles) == 3 and len(diamonds) == 2  # two points + one legend marker, one point + one legend marker
    xs = sorted(float(c.get("cx")) for c in circles if float(c.get("cx")) > 20)  # not the legend's marker
    grid = sorted(float(line.get("x1")) for line in root.iter(f"{NS}line") if line.get("y1") != line.get("y2"))
    assert xs == [grid[0], grid[3]]  # value 1 on the first scale line, value 4 on the fourth
    assert root.find(f"{NS}desc").text == "Stippengrafiek: afstand"
