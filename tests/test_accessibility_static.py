"""Every control of every workbook has an accessible name (static check, no browser).

The code cells of each notebook in workbooks/ are run here, in this process, on an empty answer
store (WERKBOEK_MAP in a temporary folder), exactly as the notebook runs them: every cell returns
the widget it shows. The test walks each widget tree (also widgets shown inside an Output area) and
checks that every input control has a non-empty name a screen reader can read: its description (a
button: its description or, for an icon-only button, its tooltip); choice controls also need a
text for every option. Sliders are not allowed at all: in the browser their handle gets no
accessible name and reads out only a number (axe: aria-input-field-name); use a labelled dropdown.
The browser audit (tests/browser/test_accessibility.py) checks the drawn pages with axe-core.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import ipywidgets as W
import pytest
from ipywidgets.widgets.widget import _instances

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "workbooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SLIDERS = (W.IntSlider, W.FloatSlider, W.FloatLogSlider, W.IntRangeSlider, W.FloatRangeSlider,
           W.SelectionSlider, W.SelectionRangeSlider)
BUTTONS = (W.Button, W.ToggleButton)
CHOICES = (W.Dropdown, W.Select, W.SelectMultiple, W.RadioButtons, W.ToggleButtons)
INPUTS = (W.Text, W.Textarea, W.Password, W.Combobox, W.Checkbox, W.IntText, W.FloatText, W.BoundedIntText,
          W.BoundedFloatText, W.DatePicker, W.ColorPicker, W.FileUpload, W.TagsInput, W.Play, *CHOICES)
#: Widgets that show something but take no input.
DISPLAY = (W.Box, W.Output, W.HTML, W.HTMLMath, W.Label, W.Image, W.Valid, W.IntProgress, W.FloatProgress)


def cell_widgets(notebook: Path) -> list[tuple[str, W.Widget]]:
    """Run the notebook's code cells like the kernel does; (cell source, widget it returns)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    shown = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tree = ast.parse(source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
        exec(compile(body, str(notebook), "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), str(notebook), "eval"), namespace)
            if isinstance(value, W.Widget):
                shown.append((source, value))
    return shown


def walk(widget: W.Widget):
    """The widget and everything inside it: children, and widgets displayed in Output areas."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)
    if isinstance(widget, W.Output):
        for output in widget.outputs:
            model_id = output.get("data", {}).get(WIDGET_VIEW, {}).get("model_id")
            if model_id in _instances:
                yield from walk(_instances[model_id])


def accessible_name(widget: W.Widget) -> str:
    name = (getattr(widget, "description", "") or "").strip()
    if isinstance(widget, BUTTONS) and not name:
        name = (widget.tooltip or "").strip()
    return name


def problems(widget: W.Widget) -> list[str]:
    kind = type(widget).__name__
    if isinstance(widget, SLIDERS):
        return [f"{kind} '{widget.description}': a slider has no accessible name in the browser; "
                "use a labelled Dropdown"]
    if isinstance(widget, BUTTONS + INPUTS):
        found = [] if accessible_name(widget) else [f"{kind} without a name (description/tooltip): {widget!r}"[:300]]
        if isinstance(widget, CHOICES):
            found += [f"{kind} '{widget.description}': an option without text" for label in widget._options_labels
                      if not str(label).strip()]
        return found
    if isinstance(widget, DISPLAY):
        return []
    if hasattr(widget, "controls_named"):  # a front-end widget (anywidget) that draws its own labelled controls
        return [] if widget.controls_named() else [f"{kind}: a control it draws has no text"]
    return [f"{kind}: unknown widget type; decide whether it is an input and add it to this test"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("werkmap")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WERKBOEK_MAP", str(folder))
        mp.delenv("WERKBOEK_INLEVERMAP", raising=False)
        mp.chdir(folder)
        yield folder


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_control_in_the_workbook_has_an_accessible_name(workspace, notebook):
    shown = cell_widgets(notebook)
    if notebook.stem != "00_start":
        assert shown, f"{notebook.name}: no widgets were shown"
    found, controls = [], 0
    for source, root in shown:
        assert "sw-error-box" not in root._dom_classes, f"{notebook.name}: '{source}' showed an error: {root.value}"
        for widget in walk(root):
            if isinstance(widget, BUTTONS + INPUTS):
                controls += 1
            found += [f"{source}: {p}" for p in problems(widget)]
    assert not found, f"{notebook.name}:\n" + "\n".join(found)
    if shown:
        assert controls > 0, f"{notebook.name}: no controls found: the walk sees nothing"


def test_the_check_finds_unnamed_controls():
    """The rules above can fail: unnamed and icon-only controls and sliders are reported."""
    assert problems(W.Text()) and problems(W.Button(icon="plus")) and problems(W.IntSlider(description="x"))
    assert problems(W.RadioButtons(options=["a", " "], description="keuze"))
    assert not problems(W.Button(icon="plus", tooltip="Voeg toe")) and not problems(W.Text(description="Naam"))


def test_the_sections_of_my_answers_made_on_a_click_are_named_too(workspace):
    """'Mijn antwoorden' makes its versions and forgetting sections when asked (a button): their
    controls are not in the tree the workbook test above walks, so they are checked here, opened."""
    from sw_exercises.answers import AnswerStore
    from sw_exercises.widgets.overview import MyAnswers
    store = AnswerStore(workspace / "toegankelijk.sqlite")
    store.save("01_sociale_afstand", "reflection/meeste_afstand", "een antwoord")
    view = MyAnswers(store=store)
    closed = list(walk(view))
    view.history_button.click()
    view.forget_button.click()
    opened = list(walk(view))
    assert view.picker in opened and view.workbook in opened and view.picker not in closed
    assert [p for w in opened for p in problems(w)] == []
