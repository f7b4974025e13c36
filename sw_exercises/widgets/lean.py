"""Fewer widget models: while a view is built, its widgets share their default layout and style.

ipywidgets gives every widget a Layout model of its own, and every widget with a description a Style
model of its own, even when they are empty. Each model is a comm of its own: the kernel sends it,
the browser builds it, and the app (Voila) asks the kernel for its state one model at a time. In
workbook 01 these defaults were 280 of its 446 models and most of the time a student waits before
the page can be used. Inside :func:`sharing` (every facade call is inside it, see
``sw_exercises.workbook.friendly``) widgets instead share

- one default ``Layout()`` and one default style per style class, and
- one instance per distinct layout or style given as a dict, e.g. ``style={"description_width": "initial"}``.

A layout or style given as an instance (``layout=W.Layout(display="none")``) stays the widget's own.
Shared instances are frozen: setting a property on one raises :class:`SharedStyleError`, so a view
that changes its layout later must give the widget its own instance, as above. Widgets made outside
:func:`sharing` (callbacks, a lecturer's own code) are not affected.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.trait_types import InstanceDict

_SHAREABLE = (W.Layout, W.Style)


class SharedStyleError(AttributeError):
    """A shared (frozen) layout or style was changed; give the widget its own instance instead."""


_local = threading.local()
_frozen_classes: dict[type, type] = {}
_instances: dict[tuple[type, tuple[tuple[str, Any], ...]], Any] = {}


def _frozen_class(klass: type) -> type:
    if klass not in _frozen_classes:
        # the layout or style properties; the comm and the other bookkeeping of a Widget stay settable
        frozen = frozenset(klass.class_trait_names(sync=True)) - frozenset(W.Widget.class_trait_names())

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if name in frozen and self.__dict__.get("_sw_frozen"):
                raise SharedStyleError(
                    f"this {klass.__name__} is shared by several widgets; give the widget its own "
                    f"{klass.__name__}(...) instance before setting {name!r}")
            klass.__setattr__(self, name, value)

        _frozen_classes[klass] = type(f"Shared{klass.__name__}", (klass,), {"__setattr__": __setattr__})
    return _frozen_classes[klass]


def shared_instance(klass: type, **values: Any) -> Any:
    """The one frozen ``klass(**values)`` of this kernel (made on first use)."""
    key = (klass, tuple(sorted(values.items())))
    if key not in _instances:
        instance = _frozen_class(klass)(**values)
        instance.__dict__["_sw_frozen"] = True
        _instances[key] = instance
    return _instances[key]


def _active() -> bool:
    return getattr(_local, "depth", 0) > 0


def _hashable(values: dict[str, Any]) -> bool:
    try:
        hash(tuple(values.items()))
    except TypeError:
        return False
    return True


_original_validate = InstanceDict.validate
_original_default = InstanceDict.make_dynamic_default


def _validate(self: InstanceDict, obj: Any, value: Any) -> Any:
    if (isinstance(value, dict) and _active() and issubclass(self.klass, _SHAREABLE)
            and _hashable(value)):
        value = shared_instance(self.klass, **value)
    return _original_validate(self, obj, value)


def _default(self: InstanceDict) -> Any:
    if _active() and issubclass(self.klass, _SHAREABLE) and not (self.default_args or self.default_kwargs):
        return shared_instance(self.klass)
    return _original_default(self)


InstanceDict.validate = _validate  # type: ignore[method-assign]
InstanceDict.make_dynamic_default = _default  # type: ignore[method-assign]


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Widgets made inside share their default and dict-given layouts and styles (see module doc)."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
