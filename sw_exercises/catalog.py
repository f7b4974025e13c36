"""Human-readable names and values for stored answers (for 'Mijn antwoorden' and exports).

Item ids are ``<kind>/<id>``: ``reflection/…``, ``choice/…``, ``likert/…``, ``bogardus/<group>``,
``case/<case>/…`` and so on. Each model module says how its kinds read
(:func:`sw_exercises.models.summary.item_kind`); this module only asks the registry.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .i18n import content, t
from .models.summary import item_kinds


# Bookkeeping the workbooks keep as answers (which case or lemma is open, running timers, lists
# of names): not answers a student gives, so never listed as answers or offered for sharing.
_INTERNAL_ITEMS = ("cases", "groups")
_INTERNAL_ENDINGS = ("/current", "/timer", "/sessions", "/privacy_names")


def is_internal(item: str) -> bool:
    """Bookkeeping; also any item whose last part starts with '_' (e.g. ``bogardus/_notice_seen``)."""
    return (item in _INTERNAL_ITEMS or item.endswith(_INTERNAL_ENDINGS) or "/timer/" in item
            or item.rpartition("/")[2].startswith("_"))


def case_names(revisions: Iterable[Any]) -> dict[str, dict[str, str]]:
    """Per workbook: the names the student typed, by id: cases (from the stored ``cases`` lists), own
    Bogardus groups (from ``groups/custom``), intervision groups and their sessions (``groups``,
    ``group/<id>/sessions``), so titles show them exactly as typed."""
    names: dict[str, dict[str, str]] = {}
    for rev in revisions:
        if (rev.item in ("cases", "groups") or rev.item.endswith("/sessions")) and isinstance(rev.value, list):
            names.setdefault(rev.workbook, {}).update(
                {c["id"]: c["name"] for c in rev.value
                 if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("name"), str)})
        elif rev.item == "groups/custom" and isinstance(rev.value, list):
            from .models.bogardus import custom_group
            for label in rev.value:
                try:
                    group = custom_group(label)
                except ValueError:
                    continue
                names.setdefault(rev.workbook, {})[group.id] = group.label
    return names


def workbook_content(workbook: str) -> dict[str, Any]:
    try:
        return content(workbook)
    except FileNotFoundError:
        return {}


def workbook_title(workbook: str) -> str:
    return workbook_content(workbook).get("title", workbook)


def item_title(workbook: str, item: str, case_names: dict[str, str] | None = None) -> str:
    """A readable title; ``case_names`` maps case ids to the names the student gave them.

    The model that owns the item kind says how it reads (:func:`sw_exercises.models.summary.item_kind`)."""
    kind, _, _rest = item.partition("/")
    if kind == "cases":
        return t("catalog.cases")
    for handler in item_kinds(kind):
        title = handler.title(workbook, item, case_names or {}) if handler.title else None
        if title is not None:
            return title
    return item


def format_value(workbook: str, item: str, value: Any) -> str:
    """A stored value as one line of plain text (callers escape it for HTML)."""
    kind, _, _rest = item.partition("/")
    if value in (None, "", []):
        return t("overview.empty_value")
    if kind == "cases" and isinstance(value, list):
        return ", ".join(str(c.get("name", c)) if isinstance(c, dict) else str(c) for c in value)
    for handler in item_kinds(kind):
        text = handler.value(workbook, item, value) if handler.value else None
        if text is not None:
            return text
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
