"""The controls of one question or exercise as one widget.

A Bogardus group card asks seven relations, 'none of these' and 'exclude'; a rating element asks a
dozen items. Made of ipywidgets, that is a widget per checkbox or dropdown and a box per row and
note: each a model the kernel sends and the page builds before a student can start (``make bench``
(e)). :class:`CheckGroup` and :class:`SelectGroup` are one model each, whose front end
(``checkgroup.js``, ``selectgroup.js``) draws native checkboxes or dropdowns with the markup and
classes of ipywidgets' own, so the page's styles, the keyboard and the labels work as before. In
Python each control is a :class:`Check` or :class:`Choice` with ``value`` and ``description``, like
the ipywidgets widget it stands for.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import lean


class CheckGroup(lean.lean_class(anywidget.AnyWidget)):
    _esm = Path(__file__).with_name("checkgroup.js")
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

    def controls_named(self) -> bool:
        """Every checkbox it draws has a name (its label), and the group has one too."""
        return bool(self.label.strip()) and all(item["label"].strip() for item in self.items)


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


class SelectGroup(lean.lean_class(anywidget.AnyWidget)):
    _esm = Path(__file__).with_name("selectgroup.js")
    #: one dict per dropdown: ``label`` (its name), ``tooltip``, ``options`` (the texts), ``before_html``
    #: (escaped HTML shown above it, e.g. a statement to sort) and ``heading`` (a group's name above it)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.List(traitlets.Int()).tag(sync=True)  # the position chosen in each item's options
    width = traitlets.Unicode("").tag(sync=True)  # of a dropdown with its label, e.g. "42em"
    label_width = traitlets.Unicode("").tag(sync=True)

    def __init__(self, items: Sequence[dict[str, Any]], *, width: str = "", label_width: str = "", **kwargs: Any):
        """``items``: dicts with ``label``, ``options`` as (text, value) pairs, ``value`` (the chosen one),
        and optionally ``tooltip``, ``before_html`` (escaped, e.g. from ``html_text``) and ``heading``."""
        self.values = [[value for _, value in item["options"]] for item in items]
        chosen = [values.index(item.get("value")) if item.get("value") in values else 0
                  for item, values in zip(items, self.values)]
        shown = [{"label": str(item["label"]), "tooltip": str(item.get("tooltip") or ""),
                  "options": [str(text) for text, _ in item["options"]],
                  "before_html": str(item.get("before_html") or ""),
                  "heading": str(item.get("heading") or "")} for item in items]
        super().__init__(items=shown, value=chosen, width=width, label_width=label_width, **kwargs)
        self.choices = [Choice(self, i) for i in range(len(items))]

    def controls_named(self) -> bool:
        """Every dropdown it draws has a name (its label) and no option without text."""
        return all(item["label"].strip() and all(o.strip() for o in item["options"]) for item in self.items)

    def set_values(self, values: Sequence[Any]) -> None:
        """Choose ``values`` (one per dropdown) in one change."""
        self.value = [options.index(v) if v in options else 0 for v, options in zip(values, self.values)]


class Choice(_Member):
    """One dropdown of a :class:`SelectGroup`, used like an ipywidgets Dropdown: ``value`` is the value
    of the chosen option (not its position), ``description`` its label."""

    @property
    def value(self) -> Any:
        return self.group.values[self.index][self.group.value[self.index]]

    @value.setter
    def value(self, value: Any) -> None:
        positions = list(self.group.value)
        positions[self.index] = self.group.values[self.index].index(value)
        self.group.value = positions
