"""Dates as a Dutch lecturer types them: ``18-12-2026``, ``18 december 2026``, ``18 dec 2026``, ``2026-12-18``.

A pure function without widgets or I/O, used by ``werkboek pakket --deadline``. Errors are
:class:`DateError` (a ``ValueError``) whose text comes from ``werkboek.po`` (``cli.date_*``).
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from .i18n import t

__all__ = ["MONTHS", "DateError", "format_dutch_date", "parse_dutch_date"]

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# Usual Dutch abbreviations that are not simply the first letters of the month.
_EXTRA_ABBREVIATIONS = {"mrt": 3, "sept": 9}

_NUMERIC_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})$")


class DateError(ValueError):
    """A date that cannot be read; ``key`` and ``values`` name the ``werkboek.po`` text."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(t(key, **values))


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word in _EXTRA_ABBREVIATIONS:
        return _EXTRA_ABBREVIATIONS[word]
    if len(word) < 3:
        return None
    matches = [i for i, name in enumerate(MONTHS, 1) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _make(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError("cli.date_no_month", text=text, month=month)
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if year < 1 or not 1 <= day <= days:
        raise DateError("cli.date_no_day", text=text, month=MONTHS[month - 1], year=year, days=days)
    return date(year, month, day)


def parse_dutch_date(text: str) -> date:
    """The date in ``text``; raises :class:`DateError` with a Dutch message naming the accepted forms.

    Accepted: ``18-12-2026`` (also with ``/`` or ``.``), ``2026-12-18``, and ``18 december 2026`` with
    the month written out or abbreviated (``dec``, ``dec.``, ``mrt``, ``sept``), in any capitals and
    with any amount of spaces.
    """
    cleaned = " ".join(str(text).replace("\u00a0", " ").split())
    if not cleaned:
        raise DateError("cli.date_empty")
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _make(cleaned, year, month, day)
    if match := _NUMERIC_DMY.match(cleaned):
        day, month, year = (int(g) for g in match.groups())
        return _make(cleaned, year, month, day)
    if match := _WORDS.match(cleaned):
        day, word, year = int(match.group(1)), match.group(2), int(match.group(3))
        month = _month_number(word)
        if month is None:
            raise DateError("cli.date_unknown_month", text=cleaned, word=word)
        return _make(cleaned, year, month, day)
    raise DateError("cli.date_format", text=cleaned)


def format_dutch_date(day: date) -> str:
    """``18 december 2026``: how the commands repeat a date back to the lecturer (Babel, see ``formats``)."""
    from .formats import format_date
    return format_date(day, "long")
