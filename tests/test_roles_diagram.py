"""The helper-role matrix is drawn as inline SVG: well-formed, complete, accessible, and the path
over a case's phases is drawn from the phases."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from sw_exercises.models import helper_roles as hr
from sw_exercises.widgets.helper_roles import matrix_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def _texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _diamonds(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}path") if el.get("d", "").endswith("Z") and el.get("d", "").startswith("M")
            and "L10 5" not in el.get("d", "")]


def test_the_matrix_names_every_role_axis_and_source_label_and_has_a_text_alternative():
    m = hr.load_model()
    root = _parse(matrix_svg(m, description="zes rollen; 1. De redder …"))
    texts = _texts(root)
    for role in m.roles:
        assert any(text.startswith(f"{role.number}. {role.label}") for text in texts), role.label
    for _, label in (*m.columns, *m.rows):
        assert label in texts
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {el.get("id"): "".join(el.itertext()) for el in root.iter() if el.get("id")}
    assert by_id[desc_id] == "zes rollen; 1. De redder …" and by_id[title_id]
    assert not _diamonds(root)  # no path without phases


def test_doubtful_roles_are_open_circles_and_marked_with_a_question_mark():
    m = hr.load_model()
    root = _parse(matrix_svg(m))
    open_circles = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert len(open_circles) == sum(1 for r in m.roles if r.doubt) > 0
    assert sum(1 for text in _texts(root) if text.endswith("(?)")) == len(open_circles)


def test_the_path_has_a_diamond_per_chosen_role_numbered_with_its_phases_and_arrows_between():
    m = hr.load_model()
    a, b = m.roles[0], m.roles[2]
    phases = [hr.Phase("intake", a.id), hr.Phase("plan", b.id), hr.Phase("zonder rol"), hr.Phase("nazorg", b.id)]
    root = _parse(matrix_svg(m, hr.trajectory(m, phases)))
    assert len(_diamonds(root)) == 2
    texts = _texts(root)
    assert "1" in texts and "2, 4" in texts and "3" not in texts
    arrows = [el for el in root.iter(f"{SVG}line") if el.get("marker-end")]
    assert len(arrows) == 1  # a → b; b → b stays on the spot
    assert len(list(root.iter(f"{SVG}polyline"))) == 1


def test_every_diagram_has_its_own_ids_so_two_on_one_page_do_not_clash():
    m = hr.load_model()
    ids = [el.get("id") for svg in (matrix_svg(m), matrix_svg(m)) for el in _parse(svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 6
