"""The hand-in file (docs/HANDIN.md, docs/handin.schema.json): build it and check it.

The validator is hand-written so the lecturer tool stays fast (jsonschema takes seconds to import
here); ``tests/test_handin.py`` checks that it agrees with the JSON Schema in ``docs/``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from datetime import datetime, timezone
from typing import Any

from . import __version__
from .i18n import t

FORMAT = "sociaal-werkboek-inlevering"
SCHEMA_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
MAX_ANSWERS = 5000
_PSEUDONYM = re.compile(r"^[A-Za-z0-9_-]{3,40}$")
_WORKBOOK = re.compile(r"^[a-z0-9_]{1,64}$")
_TOP_KEYS = {"format", "schema_version", "created_at", "app_version", "pseudonym", "name", "answers"}
_ANSWER_KEYS = {"workbook", "item", "value", "saved_at"}


class HandinError(ValueError):
    """Why a hand-in is refused, in Dutch for the lecturer's report."""


def build(pseudonym: str, answers: list[dict[str, Any]], *, name: str | None = None,
          now: datetime | None = None) -> dict[str, Any]:
    data = {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "created_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
            "app_version": __version__, "pseudonym": pseudonym, "answers": answers}
    if name:
        data["name"] = name
    return validate(data)


# RFC 3339 date-time, as the JSON Schema's "format": "date-time" (Python's fromisoformat alone would
# also take the basic form 20261123T100000+0000, which the schema refuses).
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")


@lru_cache(maxsize=65536)
def _aware_time(value: str) -> bool:
    """An RFC 3339 moment with a time zone (cached: a class's hand-ins repeat many moments)."""
    if not _RFC3339.match(value):
        return False
    try:
        return datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _timestamp(value: Any, where: str) -> None:
    if not isinstance(value, str) or not _aware_time(value):
        raise HandinError(t("handin.bad_time", where=where))


@lru_cache(maxsize=1024)
def _workbook_ok(value: str) -> bool:
    return bool(_WORKBOOK.match(value))


def validate(data: Any) -> dict[str, Any]:
    """Return ``data`` if it is a valid hand-in, else raise :class:`HandinError`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HandinError(t("handin.not_ours"))
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise HandinError(t("handin.newer", version=version))
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise HandinError(t("handin.bad_version", version=repr(version)[:20]))
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise HandinError(t("handin.unknown_fields", fields=", ".join(sorted(unknown))[:200]))
    _timestamp(data.get("created_at"), "created_at")
    if not isinstance(data.get("pseudonym"), str) or not _PSEUDONYM.match(data["pseudonym"]):
        raise HandinError(t("handin.bad_pseudonym"))
    if "name" in data and data["name"] is not None and (not isinstance(data["name"], str) or len(data["name"]) > 120):
        raise HandinError(t("handin.bad_name"))
    if "app_version" in data and (not isinstance(data["app_version"], str) or len(data["app_version"]) > 32):
        raise HandinError(t("handin.bad_field", field="app_version"))
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise HandinError(t("handin.bad_answers"))
    if len(answers) > MAX_ANSWERS:
        raise HandinError(t("handin.too_many", n=len(answers), max=MAX_ANSWERS))
    if all(type(a) is dict and len(a) == 4 and "value" in a and type(a.get("workbook")) is str  # noqa: E721 - fast path
           and _workbook_ok(a["workbook"]) and type(a.get("item")) is str and 0 < len(a["item"]) <= 200
           and type(a.get("saved_at")) is str and _aware_time(a["saved_at"]) for a in answers):
        return data
    for index, answer in enumerate(answers, start=1):  # something is wrong: say where
        if not isinstance(answer, dict) or len(answer) != 4 or answer.keys() != _ANSWER_KEYS:
            raise HandinError(t("handin.bad_answer", n=index))
        workbook, item, saved_at = answer["workbook"], answer["item"], answer["saved_at"]
        if not isinstance(workbook, str) or not _workbook_ok(workbook):
            raise HandinError(t("handin.bad_answer", n=index))
        if not isinstance(item, str) or not 1 <= len(item) <= 200:
            raise HandinError(t("handin.bad_answer", n=index))
        if not isinstance(saved_at, str) or not _aware_time(saved_at):
            _timestamp(saved_at, f"antwoord {index}")
    return data


def loads(raw: bytes) -> dict[str, Any]:
    """Parse and validate the bytes of a hand-in file."""
    if len(raw) > MAX_BYTES:
        raise HandinError(t("handin.too_big", mb=MAX_BYTES // (1024 * 1024)))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise HandinError(t("handin.not_text")) from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise HandinError(t("handin.not_json", where=str(exc)[:80])) from exc
    return validate(data)
