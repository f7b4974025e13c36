"""Views share their default layouts and styles (fewer widget models), without one view's change
leaking into another."""
from __future__ import annotations

import ipywidgets
import pytest
from ipywidgets.widgets.trait_types import InstanceDict

from sw_exercises.widgets import lean as W
from sw_exercises.widgets.lean import SharedStyleError, sharing
from sw_exercises.workbook import friendly


def _models() -> list[W.Widget]:
    from ipywidgets.widgets.widget import _instances
    return list(_instances.values())


def test_inside_sharing_default_layouts_and_styles_are_one_model():
    with sharing():
        a = W.Checkbox(description="a")
        b = W.Checkbox(description="b")
        c = W.HTML("c")
    assert a.layout is b.layout is c.layout
    assert a.style is b.style
    assert a.style is not c.style  # another style class: its own shared default


def test_outside_sharing_every_widget_has_its_own_layout():
    a, b = W.Checkbox(), W.Checkbox()
    assert a.layout is not b.layout
    assert a.style is not b.style
    a.layout.width = "10em"  # a widget's own layout can be changed as always
    assert b.layout.width is None


def test_equal_dict_layouts_are_shared_and_different_ones_are_not():
    with sharing():
        a = W.Button(description="a", layout={"width": "auto"}, style={"button_color": "#eeeeee"})
        b = W.Button(description="b", layout=dict(width="auto"), style={"button_color": "#eeeeee"})
        c = W.Button(description="c", layout={"width": "12em"})
    assert a.layout is b.layout and a.style is b.style
    assert a.layout is not c.layout
    assert (a.layout.width, c.layout.width, a.style.button_color) == ("auto", "12em", "#eeeeee")


def test_a_layout_given_as_instance_stays_the_widgets_own_and_can_change():
    with sharing():
        confirm = W.Checkbox(layout=W.Layout(display="none"))
        other = W.Checkbox(layout={"display": "none"})
    confirm.layout.display = ""
    assert other.layout.display == "none"


def test_changing_a_shared_layout_or_style_raises_instead_of_changing_every_widget():
    with sharing():
        a, b = W.Checkbox(), W.Checkbox(layout={"width": "auto"})
    with pytest.raises(SharedStyleError):
        a.layout.display = "none"
    with pytest.raises(SharedStyleError):
        b.layout.width = "1em"
    with pytest.raises(SharedStyleError):
        a.style.description_width = "initial"
    assert a.layout.display is None and b.layout.width == "auto"


def test_a_facade_builds_its_view_with_shared_models_and_fewer_of_them():
    def view(n: int) -> W.Widget:
        return W.VBox([W.HBox([W.Checkbox(description=str(i)), W.HTML(str(i))]) for i in range(n)])

    before = len(_models())
    plain = view(20)
    plain_models = len(_models()) - before
    before = len(_models())
    lean = friendly(view)(20)
    lean_models = len(_models()) - before
    assert isinstance(lean, W.VBox) and len(lean.children) == len(plain.children) == 20
    # 61 widgets either way; plain adds a layout per widget and a style per checkbox and HTML
    assert plain_models >= 61 + 61 + 40
    assert lean_models <= 61 + 3  # at most one new shared layout and two shared styles


def test_ipywidgets_itself_is_not_changed():
    """The views' widgets are subclasses; widgets made straight from ipywidgets keep their own models."""
    for klass in (InstanceDict, ipywidgets.Widget, ipywidgets.DOMWidget, ipywidgets.Checkbox):
        patched = [name for name, value in vars(klass).items()
                   if getattr(value, "__module__", "").startswith("sw_exercises")]
        assert patched == [], f"{klass.__name__} was changed: {patched}"
    with sharing():
        a, b = ipywidgets.Checkbox(), ipywidgets.Checkbox(layout={"width": "auto"})
        c = W.Checkbox()
    assert a.layout is not b.layout and c.layout is not a.layout
    a.layout.display = "none"  # its own
    assert isinstance(c, ipywidgets.Checkbox) and type(c) is not ipywidgets.Checkbox
    assert W.Layout is ipywidgets.Layout and W.jslink is ipywidgets.jslink


def test_every_view_makes_its_widgets_through_the_lean_module():
    root = __import__("pathlib").Path(__file__).resolve().parents[1] / "sw_exercises"
    direct = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if p.name != "lean.py" and "import ipywidgets" in p.read_text(encoding="utf-8")]
    assert direct == [], "use `from sw_exercises.widgets import lean as W` (shared layouts and styles)"


def test_type_checks_in_views_accept_widgets_made_straight_from_ipywidgets():
    class Card(W.VBox):
        pass

    assert isinstance(ipywidgets.VBox(), W.Box) and issubclass(ipywidgets.HBox, W.Box)
    assert isinstance(W.VBox(), ipywidgets.VBox) and isinstance(Card(), W.VBox)
    assert not isinstance(W.VBox(), Card) and not isinstance(ipywidgets.HTML(), W.Box)
