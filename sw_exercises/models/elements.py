"""Generic interactive elements (docs/CONTENT_FORMAT.md §3): validation and scoring, no widgets.

An element is a dict from a content file. Stored answers are read tolerantly: anything malformed
is treated as not answered, never raised, so a hand-edited or old answer cannot break a workbook.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TYPES = ("checklist", "rating", "ladder", "classify", "choice", "path")
_LIST_KEY = {"checklist": "items", "rating": "items", "ladder": "rungs", "classify": "statements",
             "choice": "options", "path": "positions"}


def _ids(entries: Any) -> list[str]:
    return [e.get("id") for e in entries] if isinstance(entries, list) and all(isinstance(e, dict) for e in entries) else []


def problems(spec: Any) -> list[str]:
    """What is wrong with an element definition (empty when it is usable)."""
    if not isinstance(spec, dict):
        return ["element is not an object"]
    found = []
    kind = spec.get("type")
    if kind not in TYPES:
        return [f"unknown type {kind!r}"]
    for key in ("id", "title", "instruction", "source"):
        if not isinstance(spec.get(key), str) or not spec.get(key).strip():
            found.append(f"missing {key}")
    entries = spec.get(_LIST_KEY[kind])
    ids = _ids(entries)
    if not ids:
        found.append(f"{kind} needs a non-empty list {_LIST_KEY[kind]}")
    elif len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        found.append(f"ids in {_LIST_KEY[kind]} must be unique strings")
    for entry in entries if isinstance(entries, list) else []:
        text_key = "text" if kind == "classify" else "label"
        if not isinstance(entry, dict) or not isinstance(entry.get(text_key), str) or not entry[text_key].strip():
            found.append(f"an entry of {_LIST_KEY[kind]} lacks {text_key}")
    if kind == "rating":
        levels = spec.get("levels")
        if not (isinstance(levels, list) and len(levels) >= 2 and all(isinstance(x, str) for x in levels)):
            found.append("rating needs at least two levels")
        repeat = spec.get("repeat")
        if repeat is not None and not (isinstance(repeat, dict) and isinstance(repeat.get("options"), list)
                                       and repeat["options"] and isinstance(repeat.get("label"), str)):
            found.append("repeat needs a label and options")
    if kind == "classify":
        categories = _ids(spec.get("categories"))
        if len(categories) < 2:
            found.append("classify needs at least two categories")
        for statement in spec.get("statements") or []:
            if isinstance(statement, dict) and statement.get("category") not in categories + [None]:
                found.append(f"statement {statement.get('id')} has an unknown category")
    if kind == "choice" and spec.get("correct") is not None:
        if not set(spec["correct"]) <= set(ids):
            found.append("correct names an unknown option")
    if kind == "path" and not (isinstance(spec.get("phases"), list) and spec["phases"]):
        found.append("path needs default phases")
    return found


# -- reading stored answers ------------------------------------------------------------------
def checked(spec: Mapping, value: Any) -> list[str]:
    ids = _ids(spec["items"])
    return [i for i in ids if isinstance(value, list) and i in value]


def ratings(spec: Mapping, value: Any) -> dict[str, int]:
    """item id -> level index, for the items rated with a valid level."""
    n = len(spec["levels"])
    if not isinstance(value, Mapping):
        return {}
    return {i: value[i] for i in _ids(spec["items"])
            if isinstance(value.get(i), int) and not isinstance(value.get(i), bool) and 0 <= value[i] < n}


def group_means(spec: Mapping, value: Any) -> dict[str, float]:
    """Mean level index per group (items without a group form the group ''), rated items only."""
    rated = ratings(spec, value)
    sums: dict[str, list[int]] = {}
    for item in spec["items"]:
        if item["id"] in rated:
            sums.setdefault(item.get("group", ""), []).append(rated[item["id"]])
    return {g: sum(v) / len(v) for g, v in sums.items()}


def ladder_positions(spec: Mapping, value: Any) -> tuple[int | None, int | None]:
    """(current, desired) as rung indexes, lowest rung = 0."""
    ids = _ids(spec["rungs"])
    if not isinstance(value, Mapping):
        return None, None
    pick = [ids.index(value[k]) if value.get(k) in ids else None for k in ("current", "desired")]
    return pick[0], pick[1]


def classification(spec: Mapping, value: Any) -> dict[str, str]:
    categories = set(_ids(spec["categories"]))
    if not isinstance(value, Mapping):
        return {}
    return {s: value[s] for s in _ids(spec["statements"]) if value.get(s) in categories}


def agreement(spec: Mapping, value: Any) -> tuple[int, int]:
    """(sorted as the workbook reads it, sorted statements that have a reading)."""
    sorted_ = classification(spec, value)
    expected = {s["id"]: s.get("category") for s in spec["statements"]}
    judged = [s for s in sorted_ if expected.get(s) is not None]
    return sum(1 for s in judged if sorted_[s] == expected[s]), len(judged)


def path_steps(spec: Mapping, value: Any) -> list[tuple[str, str | None]]:
    """(phase, position id or None) for every phase: the defaults, plus stored ones."""
    positions = set(_ids(spec["positions"]))
    stored = value if isinstance(value, list) else []
    phases = [p for p in spec["phases"]]
    steps = []
    for index, phase in enumerate(phases):
        entry = stored[index] if index < len(stored) and isinstance(stored[index], Mapping) else {}
        steps.append((phase, entry.get("position") if entry.get("position") in positions else None))
    return steps


def answer_text(spec: Mapping, value: Any) -> str | None:
    """An element's stored answer as plain text, one line per part, with the labels the student
    saw (for 'Mijn antwoorden' and the portfolio); None when the value is not this element's."""
    from ..i18n import t

    kind = spec.get("type")
    if kind == "checklist":
        labels = {i["id"]: i.get("label", i["id"]) for i in spec["items"]}
        ticked = checked(spec, value)
        return t("elements.checked", n=len(ticked), total=len(labels)) + "".join(f"\n✓ {labels[i]}" for i in ticked)
    if kind == "rating":
        levels = list(spec["levels"])
        rated = ratings(spec, value)
        if not rated and not isinstance(value, Mapping):
            return None
        return "\n".join(f"{item.get('label', item['id'])}: "
                         + (f"{rated[item['id']] + 1} · {levels[rated[item['id']]]}" if item["id"] in rated
                            else t("elements.unrated"))
                         for item in spec["items"])
    if kind == "classify":
        labels = {c["id"]: c.get("label", c["id"]) for c in spec["categories"]}
        sorted_ = classification(spec, value)
        return "\n".join(f"{s.get('text', s['id'])}: {labels[sorted_[s['id']]]}" for s in spec["statements"]
                         if s["id"] in sorted_) or None
    if kind == "path":
        labels = {p["id"]: p.get("label", p["id"]) for p in spec["positions"]}
        return "\n".join(f"{phase}: {labels[pos] if pos else '–'}" for phase, pos in path_steps(spec, value))
    if kind == "ladder":
        labels = {r["id"]: f"{i}. {r['label']}" for i, r in enumerate(spec["rungs"], start=1)}
        current, desired = (value.get(k) if isinstance(value, Mapping) else None for k in ("current", "desired"))
        return "\n".join(f"{t(f'elements.ladder_{k}')} {labels.get(v, '–')}"
                         for k, v in (("current", current), ("desired", desired)))
    if kind == "choice":
        labels = {o["id"]: o.get("label", o["id"]) for o in spec.get("options", [])}
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in chosen)
    return None
