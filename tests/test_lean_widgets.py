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


class _RecordingComm:
    """Stands in for the kernel's comm: records what a widget would send."""
    log: list[tuple[str, str, object]] = []

    def __init__(self, **args):
        import uuid
        self.comm_id = uuid.uuid4().hex
        self.kernel = object()
        self.log.append(("open", self.comm_id, args["data"]["state"]))

    def send(self, data=None, metadata=None, buffers=None):
        self.log.append(("update", self.comm_id, data))

    def on_msg(self, callback):
        pass

    def close(self, *args, **kwargs):
        pass


@pytest.fixture
def sent(monkeypatch):
    from ipywidgets.widgets import widget as widget_module
    # models opened before (the shared layouts and styles of this kernel) the page has already
    _RecordingComm.log = [("open", model_id, {}) for model_id in widget_module._instances]
    monkeypatch.setattr(widget_module.comm, "create_comm", _RecordingComm)
    yield _RecordingComm.log
    # closed now, while ipywidgets is still there (not by Widget.__del__ at interpreter exit)
    for widget in [w for w in widget_module._instances.values() if isinstance(w.comm, _RecordingComm)]:
        widget.close()


def _opened_after_what_they_refer_to(log) -> None:
    import json
    import re
    opened: set[str] = set()
    for kind, comm_id, state in log:
        if kind == "open":
            refers = set(re.findall(r"IPY_MODEL_(\w+)", json.dumps(state)))
            assert refers <= opened, f"{state.get('_model_name')} refers to a model the page does not have yet"
            opened.add(comm_id)


def test_a_view_is_sent_once_with_its_finished_state_each_widget_after_those_it_refers_to(sent, tmp_path):
    """A view's own __init__ adds classes, children and first values after ipywidgets' __init__ has
    run; each used to be an extra message to the page. Now every widget is opened once, finished."""
    from sw_exercises.answers import AnswerBook
    from sw_exercises.store import AnswerStore
    from sw_exercises.widgets.common import ReflectionBox
    book = AnswerBook("wb", lambda: AnswerStore(tmp_path / "antwoorden.sqlite3"))
    with sharing():
        view = ReflectionBox("wb", "reflection/x", "Titel", "Vraag", guided=True, book=book)
    assert [entry for entry in sent if entry[0] == "update"] == []
    _opened_after_what_they_refer_to(sent)
    state = next(s for kind, comm_id, s in sent if kind == "open" and comm_id == view.model_id)
    assert "sw-reflection" in state["_dom_classes"] and len(state["children"]) == len(view.children)
    assert "0 woorden" in view.status.value and any("0 woorden" in str(s.get("value")) for _, _, s in sent)
    # after it is built, a change is one update, as usual
    view.text.value = "nu getypt"
    assert [entry[0] for entry in sent].count("update") >= 1


def test_a_widget_asked_for_its_id_while_being_built_is_opened_then(sent):
    with sharing():
        child = W.HTML("a")
        assert child.comm is None  # waits for the end of the block ...
        box = W.VBox([child])
        assert box.model_id  # ... unless something needs it: then it and its children open at once
        assert child.comm is not None
    _opened_after_what_they_refer_to(sent)
