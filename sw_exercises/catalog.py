"""Human-readable names and values for stored answers (for 'Mijn antwoorden' and exports).

Item ids are ``<kind>/<id>``: ``reflection/…``, ``choice/…``, ``likert/…``, ``bogardus/<group>``
and ``groups/custom``. Titles come from the workbook's content file ``locales/<lang>/<workbook>.json``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .i18n import content, t
from .models import bogardus, helper_roles, viervenster


# Bookkeeping the workbooks keep as answers (which case or lemma is open, running timers, lists
# of names): not answers a student gives, so never listed as answers or offered for sharing.
_INTERNAL_ITEMS = ("cases", "groups")
_INTERNAL_ENDINGS = ("/current", "/timer", "/sessions", "/privacy_names")


def is_internal(item: str) -> bool:
    """Bookkeeping; also any item whose last part starts with '_' (e.g. ``bogardus/_notice_seen``)."""
    return (item in _INTERNAL_ITEMS or item.endswith(_INTERNAL_ENDINGS) or "/timer/" in item
            or item.rpartition("/")[2].startswith("_"))


def case_names(revisions: Iterable[Any]) -> dict[str, dict[str, str]]:
    """Per workbook: case id -> the name the student gave it (from the stored ``cases`` lists)."""
    names: dict[str, dict[str, str]] = {}
    for rev in revisions:
        if rev.item == "cases" and isinstance(rev.value, list):
            names[rev.workbook] = {c["id"]: c["name"] for c in rev.value
                                   if isinstance(c, dict) and isinstance(c.get("id"), str) and "name" in c}
    return names


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


def _case_part(case_name: str, parts: list[str]) -> str:
    what = parts[0] if parts else ""
    detail = parts[1] if len(parts) > 1 else ""
    if what == "window":
        model = viervenster.load_model()
        label = next((w.short for w in model.windows if w.id == detail), detail)
    elif what == "element":
        model = viervenster.load_model()
        label = next((e.label for e in model.elements if e.id == detail), detail)
    elif what == "link":
        model = viervenster.load_model()
        names = {w.id: w.short for w in model.windows}
        link = next((lk for lk in model.links if lk.id == detail), None)
        label = f"{names[link.a]} ↔ {names[link.b]}" if link else detail
    else:
        label = t(f"catalog.case_{what}") if what in ("links", "phases") else what
    return t("catalog.case_item", case=case_name, part=label)


def item_title(workbook: str, item: str, case_names: dict[str, str] | None = None) -> str:
    """A readable title; ``case_names`` maps case ids to the names the student gave them."""
    kind, _, rest = item.partition("/")
    if kind == "case":
        case_id, *parts = rest.split("/")
        return _case_part((case_names or {}).get(case_id, case_id), parts)
    if kind == "cases":
        return t("catalog.cases")
    if kind == "voice":
        return t("catalog.voice", id=rest.replace("_", " "))
    if kind == "element":
        element_id, _, sub = rest.partition("/")
        spec = _spec(workbook, "elements", element_id)
        title = spec.get("title", element_id) if spec else element_id
        return t("catalog.note", title=title) if sub == "note" else title
    if kind == "lemma":
        lemma_id, _, sub = rest.partition("/")
        entry = workbook_content(f"lexicon/{lemma_id}")
        title = entry.get("title", lemma_id)
        if sub.startswith("reflection/"):
            prompt = next((r for r in entry.get("reflections", []) if r.get("id") == sub.split("/")[1]), {})
            return t("catalog.lemma_part", lemma=title, part=prompt.get("title", sub))
        element = entry.get("element") or {}
        part = t("catalog.note", title=element.get("title", "")) if sub.endswith("/note") else element.get("title", sub)
        return t("catalog.lemma_part", lemma=title, part=part)
    if kind in _SECTIONS:
        spec = _spec(workbook, _SECTIONS[kind], rest)
        return spec.get("title", rest) if spec else item
    if kind == "bogardus":
        scale = bogardus.load_scale()
        for group in scale.groups:
            if group.id == rest:
                return t("catalog.bogardus_item", group=group.label)
        return t("catalog.bogardus_item", group=rest.removeprefix("eigen_").replace("_", " "))
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
        if response is None:  # unanswered: nothing ticked (old empty answer) or 'wis antwoord'
            return t("catalog.bogardus_unanswered") if isinstance(value, dict) else str(value)
        d = bogardus.distance(response)
        return t("catalog.bogardus_value", d=d, label=scale.response_label(response),
                 errors=len(bogardus.guttman_errors(response, len(scale.relations))))
    if kind == "case" and item.endswith("/phases") and isinstance(value, list):
        model = helper_roles.load_model()
        labels = {r.id: r.label for r in model.roles}
        return "; ".join(f"{p.name}: {labels.get(p.role, '–')}" for p in helper_roles.parse_phases(value, model))
    if kind == "case" and "/element/" in item:
        model = viervenster.load_model()
        return dict(model.levels).get(value, str(value))
    if kind == "case" and "/link/" in item and isinstance(value, int):
        levels = viervenster.load_model().link_levels
        return levels[value] if 0 <= value < len(levels) else str(value)
    if kind == "cases" and isinstance(value, list):
        return ", ".join(str(c.get("name", c)) if isinstance(c, dict) else str(c) for c in value)
    if kind == "voice" and isinstance(value, dict):
        model = helper_roles.load_model()
        shorts = {f.id: {helper_roles.NEGATIVE: f.negative.short, helper_roles.POSITIVE: f.positive.short}
                  for f in model.features}
        return "; ".join(shorts.get(k, {}).get(v, t("roles.says_nothing")) for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
