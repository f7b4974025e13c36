"""Human-readable names and values for stored answers (for 'Mijn antwoorden' and exports).

Item ids are ``<kind>/<id>``: ``reflection/…``, ``choice/…``, ``likert/…``, ``bogardus/<group>``
and ``groups/custom``. Titles come from the workbook's content file ``locales/<lang>/<workbook>.json``.
"""
from __future__ import annotations

from typing import Any

from .i18n import content, t
from .models import bogardus


def workbook_content(workbook: str) -> dict[str, Any]:
    try:
        return content(workbook)
    except FileNotFoundError:
        return {}


def _spec(workbook: str, section: str, spec_id: str) -> dict[str, Any] | None:
    for spec in workbook_content(workbook).get(section, []):
        if spec.get("id") == spec_id:
            return spec
    return None


_SECTIONS = {"reflection": "reflections", "choice": "choices", "likert": "likerts"}


def workbook_title(workbook: str) -> str:
    return workbook_content(workbook).get("title", workbook)


def item_title(workbook: str, item: str) -> str:
    kind, _, rest = item.partition("/")
    if kind in _SECTIONS:
        spec = _spec(workbook, _SECTIONS[kind], rest)
        return spec.get("title", rest) if spec else item
    if kind == "bogardus":
        scale = bogardus.load_scale()
        for group in scale.groups:
            if group.id == rest:
                return f"Bogardus: {group.label}"
        return f"Bogardus: {rest.removeprefix('eigen_').replace('_', ' ')}"
    if kind == "groups":
        return t("catalog.custom_groups")
    return item


def format_value(workbook: str, item: str, value: Any) -> str:
    """A stored value as one line of plain text (callers escape it for HTML)."""
    kind, _, rest = item.partition("/")
    if value in (None, "", []):
        return t("overview.empty_value")
    if kind == "choice":
        spec = _spec(workbook, "choices", rest) or {}
        labels = {o["id"]: o["label"] for o in spec.get("options", [])}
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in chosen)
    if kind == "likert":
        spec = _spec(workbook, "likerts", rest) or {}
        options = spec.get("options", [])
        return options[value - 1] if isinstance(value, int) and 1 <= value <= len(options) else str(value)
    if kind == "bogardus":
        scale = bogardus.load_scale()
        response = bogardus.Response.from_value(value, len(scale.relations))
        if response is None:
            return str(value)
        d = bogardus.distance(response)
        return t("catalog.bogardus_value", d=d, label=scale.distance_label(d),
                 errors=len(bogardus.guttman_errors(response, len(scale.relations))))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
