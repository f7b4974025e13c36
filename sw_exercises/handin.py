"""The hand-in file (docs/HANDIN.md): build it and check it.

The JSON Schema ``sw_exercises/data/handin.schema.json`` (package data; ``docs/handin.schema.json`` is
the same file for readers of the docs, ``tests/test_handin.py`` checks that) is the definition: it is
compiled once into a validator (fastjsonschema: plain Python code, milliseconds to import and compile),
so the schema and the check cannot drift. ``format: date-time`` is enforced as RFC 3339 with a time zone
and a real calendar date (:func:`_aware_time`).

What the schema says is wrong is told in Dutch (``handin.*`` in werkboek.po), never in the validator's
English. Checks the schema cannot express stay code, in :func:`loads`: the file size (5 MB, before it
is parsed), UTF-8 text, valid JSON (also when nested too deep). :func:`validate` first looks at
``format`` and ``schema_version`` itself, only to say "not a hand-in" or "made by a newer version"
instead of naming the first field the schema trips over.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any

from . import __version__
from .i18n import t

FORMAT = "sociaal-werkboek-inlevering"
SCHEMA_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
MAX_ANSWERS = 5000
_ANSWER = re.compile(r"^data\.answers\[(\d+)\](.*)$")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The hand-in JSON Schema (package data; one shared dict, do not change it)."""
    return json.loads(resources.files(__package__).joinpath("data", "handin.schema.json").read_text(encoding="utf-8"))


_PSEUDONYM = re.compile(schema()["properties"]["pseudonym"]["pattern"])  # also for the portfolio's field


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


# RFC 3339 date-time (the JSON Schema's "format": "date-time"). Python's fromisoformat alone would
# also take the basic form 20261123T100000+0000, fastjsonschema's own check a date like 2026-02-30.
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


@lru_cache(maxsize=1)
def _compiled():
    """The validator compiled from :func:`schema` (once per process) and its error class."""
    import fastjsonschema

    return fastjsonschema.compile(schema(), formats={"date-time": _aware_time}), fastjsonschema.JsonSchemaValueException


def validate(data: Any) -> dict[str, Any]:
    """Return ``data`` if it is a valid hand-in (by the schema), else raise :class:`HandinError`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HandinError(t("handin.not_ours"))
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise HandinError(t("handin.newer", version=version))
    check, invalid = _compiled()
    try:
        check(data)
    except invalid as exc:
        raise HandinError(_dutch(exc, data)) from None
    return data


def _dutch(exc, data: dict[str, Any]) -> str:
    """The Dutch reason for the schema error ``exc`` (a fastjsonschema JsonSchemaValueException)."""
    where, rule = exc.name, exc.rule
    answer = _ANSWER.match(where)
    if answer:
        n, field = int(answer.group(1)) + 1, answer.group(2)
        if field == ".saved_at" and rule in ("format", "type"):
            return t("handin.bad_time", where=t("handin.answer_n", n=n))
        return t("handin.bad_answer", n=n)
    if where == "data" and rule == "additionalProperties":
        known = set(schema()["properties"])
        return t("handin.unknown_fields", fields=", ".join(sorted(map(str, set(data) - known)))[:200])
    if where == "data" and rule == "required":
        missing = sorted(set(schema()["required"]) - set(data))
        where = f"data.{missing[0]}" if missing else where
    field = where.removeprefix("data.")
    if field == "schema_version":
        return t("handin.bad_version", version=repr(data.get("schema_version"))[:20])
    if field == "created_at":
        return t("handin.bad_time", where="created_at")
    if field == "pseudonym":
        return t("handin.bad_pseudonym")
    if field == "name":
        return t("handin.bad_name")
    if field == "answers":
        answers = data.get("answers")
        if rule == "maxItems" and isinstance(answers, list):
            return t("handin.too_many", n=len(answers), max=MAX_ANSWERS)
        return t("handin.bad_answers")
    if field == "format":
        return t("handin.not_ours")
    return t("handin.bad_field", field=field[:40])


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
