"""Reflection answers: free text, or guided by a reflection model (Korthagen's five phases, STARR).

No widgets here: what a reflection answer *is*, so that the view
(:class:`sw_exercises.widgets.common.ReflectionBox`), 'Mijn antwoorden', the portfolio and the class
overview read it the same way.

Stored value of one reflection item (``reflection/<id>`` or ``lemma/<lemma>/reflection/<id>``):

* a **free answer** is a plain string (as it always was; old answers stay valid);
* a **guided answer** is ``{"model": "<model id>", "parts": {"<phase id>": "text", ...}}``, with the
  key ``"variant": "zonder_stage"`` when the student answered the variant of the prompt for students
  without an internship (``prompt_no_placement`` in the content file).

The models and their phases are data: ``locales/<language>/reflectie.json`` (sources in that file and
in ``docs/DOCENTENHANDLEIDING.md``). Anything else stored under a reflection item (a value from a
future version, a hand-edited file) is read as free text where possible and never raises.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import content, t

FREE = "vrij"
NO_PLACEMENT = "zonder_stage"
#: The store setting that remembers, per reflection item, whether the student chose the variant
#: without an internship (``{"<workbook>/<item>": bool, "*": last choice}``).
NO_PLACEMENT_SETTING = "reflectie_zonder_stage"


@dataclass(frozen=True)
class Phase:
    id: str
    label: str
    question: str
    short: str  # the label of its text box (e.g. '1 Handelen'); the full label is shown above the box


@dataclass(frozen=True)
class Model:
    id: str
    label: str
    intro: str
    source: str
    phases: tuple[Phase, ...]


def models() -> tuple[Model, ...]:
    """The reflection models a student can choose (in the chosen language)."""
    return tuple(Model(m["id"], m["label"], m.get("intro", ""), m.get("source", ""),
                       tuple(Phase(p["id"], p["label"], p["question"], p.get("short", p["label"]))
                             for p in m["phases"]))
                 for m in content("reflectie")["models"])


def model(model_id: Any) -> Model | None:
    return next((m for m in models() if m.id == model_id), None)


def is_guided(value: Any) -> bool:
    """A guided answer of a model this version knows."""
    return (isinstance(value, Mapping) and isinstance(value.get("parts"), Mapping)
            and model(value.get("model")) is not None)


def parts(value: Any) -> dict[str, str]:
    """Phase id -> text of a guided answer (only text parts of the answer's model)."""
    if not is_guided(value):
        return {}
    known = {p.id for p in model(value["model"]).phases}  # type: ignore[union-attr]
    return {k: v for k, v in value["parts"].items() if k in known and isinstance(v, str)}


def guided(model_id: str, texts: Mapping[str, str], *, no_placement: bool = False) -> dict[str, Any]:
    """The stored value of a guided answer (every phase of the model, in its order)."""
    chosen = model(model_id)
    if chosen is None:
        raise ValueError(f"unknown reflection model {model_id!r}")
    value: dict[str, Any] = {"model": chosen.id, "parts": {p.id: str(texts.get(p.id, "")) for p in chosen.phases}}
    if no_placement:
        value["variant"] = NO_PLACEMENT
    return value


def answered_no_placement(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("variant") == NO_PLACEMENT


def has_text(value: Any) -> bool:
    """Did the student write something? A free answer with text, or a guided answer with any part
    that has text. (The class overview counts a reflection as written by this.)"""
    if isinstance(value, str):
        return bool(value.strip())
    return any(text.strip() for text in parts(value).values())


def plain_text(value: Any) -> str:
    """The answer as one text: a free answer as it is; a guided answer as its parts, each after its
    phase label, parts without text left out (used when a student switches back to a free answer)."""
    if isinstance(value, str):
        return value
    if not is_guided(value):
        return ""
    chosen = model(value["model"])
    texts = parts(value)
    return "\n\n".join(f"{p.label}: {texts[p.id].strip()}" for p in chosen.phases  # type: ignore[union-attr]
                       if texts.get(p.id, "").strip())


def words(value: Any) -> int:
    if isinstance(value, str):
        return len(value.split())
    return sum(len(text.split()) for text in parts(value).values())


def readable(value: Any) -> str | None:
    """A guided answer as plain text for 'Mijn antwoorden' and the portfolio: the model, whether the
    variant without an internship was answered, then one line per phase with text, under its label
    (the numbered labels show which phases are missing). None for anything that is not a guided
    answer (the caller shows it as usual)."""
    if not is_guided(value):
        return None
    chosen = model(value["model"])
    texts = parts(value)
    lines = [t("reflectie.readable_model", model=chosen.label)]  # type: ignore[union-attr]
    if answered_no_placement(value):
        lines.append(t("reflectie.readable_no_placement"))
    written = [f"{p.label}: {texts[p.id].strip()}" for p in chosen.phases  # type: ignore[union-attr]
               if texts.get(p.id, "").strip()]
    return "\n".join(lines + (written or [t("overview.empty_value")]))


# -- remembering the variant without an internship -------------------------------------------------
def _setting(book: Any) -> dict[str, Any]:
    store = getattr(book, "store", None)
    if store is None:
        return {}
    try:
        found = store.setting(NO_PLACEMENT_SETTING, {})
    except Exception:  # noqa: BLE001 - a setting must never stop a reflection from showing
        return {}
    return found if isinstance(found, dict) else {}


def no_placement_chosen(book: Any, item: str) -> bool:
    """Did the student choose the variant without an internship for this item (else: last time)?"""
    remembered = _setting(book)
    key = f"{getattr(book, 'workbook', '')}/{item}"
    return bool(remembered.get(key, remembered.get("*", False)))


def remember_no_placement(book: Any, item: str, chosen: bool) -> None:
    """Remember the choice for this item, and as the default for the next prompt with a variant."""
    store = getattr(book, "store", None)
    if store is None:
        return
    remembered = dict(_setting(book))
    remembered[f"{getattr(book, 'workbook', '')}/{item}"] = bool(chosen)
    remembered["*"] = bool(chosen)
    try:
        store.set_setting(NO_PLACEMENT_SETTING, remembered)
    except Exception:  # noqa: BLE001 - the prompt still switches; only the memory is lost
        pass
