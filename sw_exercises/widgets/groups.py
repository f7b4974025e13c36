"""The controls of one question or exercise as one widget.

A Bogardus group card asks seven relations, 'none of these' and 'exclude'; a rating element asks a
dozen items. Made of ipywidgets, that is a widget per checkbox or dropdown and a box per row and
note: each a model the kernel sends and the page builds before a student can start (``make bench``
(e)). :class:`CheckGroup`, :class:`SelectGroup` and :class:`RadioGroup` are one model each, whose
front end (``checkgroup.js``, ``selectgroup.js``, ``radiogroup.js``) draws native checkboxes,
dropdowns or radio buttons with the markup and classes of ipywidgets' own, so the page's styles, the
keyboard and the labels work as before. In Python each control is a :class:`Check` or
:class:`Choice` with ``value`` and ``description``, like the ipywidgets widget it stands for.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import lean


def _front_end(name: str) -> str:
    """The ES module of a group widget: the parts every card draws (``card.js``), then its own."""
    here = Path(__file__).parent
    return (here / "card.js").read_text(encoding="utf-8") + "\n" + (here / name).read_text(encoding="utf-8")


class _Card(traitlets.HasTraits):
    """What a group widget draws around its controls when it is a whole card (a Bogardus group, a client
    voice), so the card is one model instead of a box with a title, buttons, a status and feedback:

    * ``before_html`` above the controls and ``after_html`` below everything (e.g. feedback): escaped
      HTML the kernel made from content;
    * ``actions``: buttons after the controls, each a dict with ``id``, ``label``, ``tip`` and ``icon``
      (a Font Awesome name, as for an ipywidgets Button); a click runs what :meth:`on_action` gave;
    * ``status_html``: a save status line (:class:`~sw_exercises.widgets.common.StatusOf` writes it);
    * ``note_html``: an error note at the top (:class:`~sw_exercises.widgets.handlers.NoteOf`).
    """
    before_html = traitlets.Unicode("").tag(sync=True)
    actions = traitlets.List(traitlets.Dict()).tag(sync=True)
    status_html = traitlets.Unicode("").tag(sync=True)
    note_html = traitlets.Unicode("").tag(sync=True)
    after_html = traitlets.Unicode("").tag(sync=True)

    def _listen(self) -> None:
        self._actions: dict[str, Callable[[], None]] = {}
        self.on_msg(self._message)  # type: ignore[attr-defined]

    def actions_named(self) -> bool:
        return all(str(action.get("label", "")).strip() for action in self.actions)

    def on_action(self, action_id: str, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the student clicks the button of ``action_id`` (see ``actions``)."""
        self._actions[action_id] = callback

    def click(self, action_id: str) -> None:
        """What a click on the button of ``action_id`` does."""
        self._actions[action_id]()

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("action") in self._actions:
            self.click(content["action"])


class Part:
    """One line a card draws (e.g. ``after_html``, its feedback), used like an ipywidgets HTML: ``value``."""

    def __init__(self, card: _Card, trait: str):
        self.card = card
        self.trait = trait

    @property
    def value(self) -> str:
        return getattr(self.card, self.trait)

    @value.setter
    def value(self, html: str) -> None:
        setattr(self.card, self.trait, html)


class CheckGroup(_Card, lean.lean_class(anywidget.AnyWidget)):
    _esm = _front_end("checkgroup.js")
    #: one dict per box: ``label`` (its name), ``note`` (text beside it, outside the name; "" for none),
    #: ``own_line`` (on a line of its own instead of in the wrapping row)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.List(traitlets.Bool()).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)  # the group's accessible name

    def __init__(self, items: Sequence[dict[str, Any]], value: Sequence[bool], *, label: str = "", **kwargs: Any):
        items = [{"label": str(i["label"]), "note": str(i.get("note") or ""), "own_line": bool(i.get("own_line"))}
                 for i in items]
        super().__init__(items=items, value=[bool(v) for v in value], label=label, **kwargs)
        self.boxes = [Check(self, i) for i in range(len(items))]
        self._listen()

    def controls_named(self) -> bool:
        """Every checkbox and button it draws has a name (its label), and the group has one too."""
        return bool(self.label.strip()) and all(item["label"].strip() for item in self.items) and self.actions_named()

    def clear(self) -> None:
        """Untick every box in one change."""
        self.value = [False] * len(self.items)


class _Member:
    """One control of a group widget: its place in the group, and its name."""

    def __init__(self, group: Any, index: int):
        self.group = group
        self.index = index

    @property
    def description(self) -> str:
        return self.group.items[self.index]["label"]


class Check(_Member):
    """One box of a :class:`CheckGroup`, used like an ipywidgets Checkbox (``value``, ``description``)."""

    @property
    def value(self) -> bool:
        return self.group.value[self.index]

    @value.setter
    def value(self, value: bool) -> None:
        values = list(self.group.value)
        values[self.index] = bool(value)
        self.group.value = values


class _ChoiceGroup(_Card, lean.lean_class(anywidget.AnyWidget)):
    """Items that each choose one of their options; ``value`` holds the chosen position per item."""
    #: one dict per item: ``label`` (its name), ``options`` (the texts), and what the front end shows
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.List(traitlets.Int()).tag(sync=True)  # the position chosen in each item's options
    width = traitlets.Unicode("").tag(sync=True)  # of an item with its label, e.g. "42em"
    #: the position of an item whose value is none of its options
    unchosen = 0

    def __init__(self, items: Sequence[dict[str, Any]], *, width: str = "", **kwargs: Any):
        """``items``: dicts with ``label``, ``options`` as (text, value) pairs, ``value`` (the chosen one),
        and what :meth:`_shown` passes on."""
        self.values = [[value for _, value in item["options"]] for item in items]
        shown = [{"label": str(item["label"]), "options": [str(text) for text, _ in item["options"]],
                  **self._shown(item)} for item in items]
        super().__init__(items=shown, value=self._positions([item.get("value") for item in items]),
                         width=width, **kwargs)
        self.choices = [Choice(self, i) for i in range(len(items))]
        self._listen()

    def _shown(self, item: dict[str, Any]) -> dict[str, str]:
        return {}

    def _positions(self, values: Sequence[Any]) -> list[int]:
        return [options.index(v) if v in options else self.unchosen for v, options in zip(values, self.values)]

    def controls_named(self) -> bool:
        """Every control it draws has a name (its label) and no option without text."""
        return (all(item["label"].strip() and all(o.strip() for o in item["options"]) for item in self.items)
                and self.actions_named())

    def set_values(self, values: Sequence[Any]) -> None:
        """Choose ``values`` (one per item) in one change."""
        self.value = self._positions(values)


class SelectGroup(_ChoiceGroup):
    """Labelled dropdowns; an item may have ``tooltip``, ``before_html`` (escaped HTML shown above it,
    e.g. a statement to sort, from ``html_text``), ``heading`` (a group's name above it) and ``classes``
    (CSS classes of its row, e.g. the answer it saves, for tests and styles)."""
    _esm = _front_end("selectgroup.js")
    label_width = traitlets.Unicode("").tag(sync=True)

    def _shown(self, item: dict[str, Any]) -> dict[str, str]:
        return {key: str(item.get(key) or "") for key in ("tooltip", "before_html", "heading", "classes")}


class RadioGroup(_ChoiceGroup):
    """Labelled groups of radio buttons, side by side; an item may have none chosen (value ``None``)."""
    _esm = _front_end("radiogroup.js")
    unchosen = -1


class Choice(_Member):
    """One item of a :class:`SelectGroup` or :class:`RadioGroup`, used like an ipywidgets Dropdown or
    RadioButtons: ``value`` is the value of the chosen option (not its position; ``None`` when none
    is chosen), ``options`` its (text, value) pairs, ``description`` its label."""

    @property
    def value(self) -> Any:
        position = self.group.value[self.index]
        return None if position < 0 else self.group.values[self.index][position]

    @value.setter
    def value(self, value: Any) -> None:
        positions = list(self.group.value)
        options = self.group.values[self.index]
        none_allowed = value is None and self.group.unchosen < 0
        positions[self.index] = self.group.unchosen if none_allowed else options.index(value)
        self.group.value = positions

    @property
    def options(self) -> list[tuple[str, Any]]:
        return list(zip(self.group.items[self.index]["options"], self.group.values[self.index]))
