"""Dates as a Dutch lecturer types them: 18-12-2026, 18 december 2026 (or 18 dec 2026), 2026-12-18."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "maa": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})\s*[ .-]\s*([a-z]+)\.?\s*[ .-]?\s*(\d{4})")


class DateError(ValueError):
    """A date that could not be read; ``args[0]`` is the ui.json key of the Dutch message."""


def parse_dutch_date(text: str) -> date:
    """The date in ``text``; raises :class:`DateError` ('cli.bad_date' or 'cli.no_such_date')."""
    cleaned = " ".join(str(text).strip().lower().split())
    for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy")):
        m = pattern.fullmatch(cleaned)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            return _make(parts["y"], parts["m"], parts["d"])
    m = _WORDS.fullmatch(cleaned)
    if m and m.group(2) in MONTHS:
        return _make(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    raise DateError("cli.bad_date")


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError("cli.no_such_date") from exc


FULL_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december")


def dutch(day: date) -> str:
    """18 december 2026."""
    return f"{day.day} {FULL_MONTHS[day.month - 1]} {day.year}"
