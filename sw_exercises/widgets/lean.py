"""Fewer widget models: while a view is built, its widgets share their default layout and style.

ipywidgets gives every widget a Layout model of its own, and every widget with a description a Style
model of its own, even when they are empty. Each model is a comm of its own: the kernel sends it,
the browser builds it, and the app (Voila) asks the kernel for its state one model at a time. In
workbook 01 these defaults were 280 of its 446 models and most of the time a student waits before
the page can be used. Views therefore make their widgets from this module (``from . import lean as W``;
``W.Checkbox`` is a subclass of ``ipywidgets.Checkbox``, see :func:`lean_class`), and inside :func:`sharing`
(every facade call is inside it, see ``sw_exercises.workbook.friendly``) those widgets share

- one default ``Layout()`` and one default style per style class, and
- one instance per distinct layout or style given as a dict, e.g. ``style={"description_width": "initial"}``.

A layout or style given as an instance (``layout=W.Layout(display="none")``) stays the widget's own.
Shared instances are frozen: setting a property on one raises :class:`SharedStyleError`, so a view
that changes its layout later must give the widget its own instance, as above. Widgets made outside
:func:`sharing` (callbacks) or straight from ipywidgets (a lecturer's own code, other libraries) are
not affected: ipywidgets itself is not changed.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.trait_types import InstanceDict
from traitlets import default

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


def _lean_trait_default(trait: InstanceDict) -> Any:
    """The dynamic default of a layout/style trait: the shared one inside :func:`sharing`."""
    def make(self: Any) -> Any:
        if _active() and not (trait.default_args or trait.default_kwargs):
            return shared_instance(trait.klass)
        return trait.make_dynamic_default()
    return make


_lean_classes: dict[type, type] = {}
_metaclasses: dict[type, type] = {}


def _constructing() -> bool:
    return getattr(_local, "constructing", 0) > 0


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Lean widgets made inside open their comm when the outermost ``building`` block ends, with the
    state they have then (see :func:`_plain_for_checks`); each after the widgets it refers to."""
    if not _constructing():
        _local.pending = []
    _local.constructing = getattr(_local, "constructing", 0) + 1
    try:
        yield
    finally:
        _local.constructing -= 1
        if not _constructing():
            pending, _local.pending = _local.pending, []
            for widget in pending:
                _open_tree(widget)


def _open_tree(widget: Any) -> None:
    """Open ``widget``'s comm, after those of the widgets in its state (children, layout, style …):
    the page builds a model only from models it already has."""
    if widget.comm is not None:
        return
    for name in widget.keys:
        _open_refs(getattr(widget, name, None))
    W.Widget.open(widget)


def _open_refs(value: Any) -> None:
    if isinstance(value, W.Widget):
        if value.comm is None:
            _open_tree(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _open_refs(item)
    elif isinstance(value, dict):
        for item in value.values():
            _open_refs(item)


def _plain_for_checks(meta: type) -> type:
    """The metaclass of the lean classes and of every view built on them.

    - ``isinstance(x, lean.VBox)`` means ``isinstance(x, ipywidgets.VBox)``, so a check in a view also
      accepts widgets made straight from ipywidgets. Subclasses a view defines (``class Card(W.VBox)``)
      check as usual.
    - A widget's comm is opened when the outermost constructor has run (or the facade call: see
      :func:`sharing`), not half-way: ipywidgets opens it at the end of ``Widget.__init__``, before a
      view's own ``__init__`` adds its classes, its children or its first value. The kernel then sends
      one message with the finished state instead of that message and an update for every later
      change: in workbook 06, 75 models had 70 such updates, each a message Voila handles and the page
      applies before it can be used (``make bench`` (e)).
    """
    if meta not in _metaclasses:
        def __instancecheck__(cls: type, obj: Any) -> bool:
            plain = cls.__dict__.get("_sw_plain")
            return isinstance(obj, plain) if plain is not None else meta.__instancecheck__(cls, obj)

        def __subclasscheck__(cls: type, other: type) -> bool:
            plain = cls.__dict__.get("_sw_plain")
            return issubclass(other, plain) if plain is not None else meta.__subclasscheck__(cls, other)

        def __call__(cls: type, *args: Any, **kwargs: Any) -> Any:
            with building():
                return meta.__call__(cls, *args, **kwargs)

        _metaclasses[meta] = type(f"Lean{meta.__name__}", (meta,),
                                  {"__instancecheck__": __instancecheck__, "__subclasscheck__": __subclasscheck__,
                                   "__call__": __call__})
    return _metaclasses[meta]


def lean_class(klass: type) -> type:
    """``klass`` (an ipywidgets DOM widget class) with shared default and dict-given layouts and styles
    inside :func:`sharing`: a subclass using traitlets' own ``@default`` and ``__init__``; nothing of
    ipywidgets is changed."""
    if klass in _lean_classes:
        return _lean_classes[klass]
    traits = {name: trait for name, trait in klass.class_traits().items()
              if name in ("layout", "style") and isinstance(trait, InstanceDict)
              and issubclass(trait.klass, _SHAREABLE)}
    if not traits:
        _lean_classes[klass] = klass
        return klass
    namespace: dict[str, Any] = {"__module__": klass.__module__, "__doc__": klass.__doc__,
                                 "__qualname__": klass.__qualname__}
    for name, trait in traits.items():
        namespace[f"_sw_default_{name}"] = default(name)(_lean_trait_default(trait))

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if _active():
            for name, trait in traits.items():
                value = kwargs.get(name)
                if isinstance(value, dict) and _hashable(value):
                    kwargs[name] = shared_instance(trait.klass, **value)
        super(lean, self).__init__(*args, **kwargs)

    def open(self: Any) -> None:
        if _constructing():
            _local.pending.append(self)  # opened when the outermost building() block ends
            return
        super(lean, self).open()

    def model_id(self: Any) -> str:
        if self.comm is None:  # asked for while still being built: open it (and what it refers to) now
            _open_tree(self)
        return self.comm.comm_id

    def _repr_mimebundle_(self: Any, **kwargs: Any) -> Any:
        if self.comm is None:  # shown while still being built
            _open_tree(self)
        return super(lean, self)._repr_mimebundle_(**kwargs)

    namespace["__init__"] = __init__
    namespace["open"] = open
    namespace["model_id"] = property(model_id)
    namespace["_repr_mimebundle_"] = _repr_mimebundle_
    namespace["_sw_plain"] = klass
    lean = _plain_for_checks(type(klass))(klass.__name__, (klass,), namespace)
    _lean_classes[klass] = lean
    return lean


def __getattr__(name: str) -> Any:
    """``lean.Checkbox`` is :func:`lean_class` of ``ipywidgets.Checkbox``; every other name of ipywidgets
    (``Layout``, ``Widget``, ``jslink`` …) is ipywidgets' own. Views import this module as ``W``."""
    value = getattr(W, name)
    if isinstance(value, type) and issubclass(value, W.DOMWidget):
        value = lean_class(value)
    globals()[name] = value
    return value


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Widgets made inside share their default and dict-given layouts and styles (see module doc), and
    open their comms when the block ends, with their finished state (:func:`building`)."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        with building():
            yield
    finally:
        _local.depth -= 1
