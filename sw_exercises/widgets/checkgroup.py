"""The checkboxes of one question as one widget.

A Bogardus group card asks seven relations, 'none of these' and 'exclude': made of ipywidgets, that
is a Checkbox per box and a box per row and per note, some fourteen models per group that the kernel
sends and the page builds before a student can start (``make bench`` (e)). :class:`CheckGroup` is one
model whose front end (``checkgroup.js``) draws native checkboxes with the markup of an ipywidgets
Checkbox, so the page's styles, the keyboard and the labels work as before. In Python each box is a
:class:`Check` with ``value`` and ``description``, like a Checkbox.
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


class Check:
    """One box of a :class:`CheckGroup`, used like an ipywidgets Checkbox (``value``, ``description``)."""

    def __init__(self, group: CheckGroup, index: int):
        self.group = group
        self.index = index

    @property
    def description(self) -> str:
        return self.group.items[self.index]["label"]

    @property
    def value(self) -> bool:
        return self.group.value[self.index]

    @value.setter
    def value(self, value: bool) -> None:
        values = list(self.group.value)
        values[self.index] = bool(value)
        self.group.value = values
