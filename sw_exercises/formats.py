"""Every date, time and number a user reads is formatted here, by Babel, in the chosen language.

One place for the local time zone too: :func:`local` turns an aware moment (answers are stored in
UTC) into the computer's local time; a naive moment is taken to be local already. The locale
follows ``WERKBOEK_TAAL`` (``nl`` → ``nl_NL``, ``en`` → ``en_GB``). Babel is imported on first use,
so opening a workbook does not pay for it.

The patterns are explicit (CLDR syntax) so the Dutch output stays exactly what students know:
``18-12-2026``, ``18-12-2026 14:05``, ``14:05:09``, ``18-12 14:05:09``, ``18 december 2026``.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from .i18n import language

__all__ = ["babel_locale", "format_date", "format_datetime", "format_number", "format_time", "local"]

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
# style -> CLDR pattern per language; a language not listed uses Dutch patterns with its own names.
_PATTERNS = {
    "nl": {"date": "dd-MM-yyyy", "long": "d MMMM y", "datetime": "dd-MM-yyyy HH:mm",
           "time": "HH:mm:ss", "moment": "dd-MM HH:mm:ss"},
    "en": {"date": "dd/MM/yyyy", "long": "d MMMM y", "datetime": "dd/MM/yyyy HH:mm",
           "time": "HH:mm:ss", "moment": "dd/MM HH:mm:ss"},
}


def babel_locale() -> str:
    lang = language()
    return _LOCALES.get(lang, lang)


@lru_cache(maxsize=None)
def _locale(name: str):
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_LOCALES["nl"])


def local(moment: datetime) -> datetime:
    """``moment`` in the computer's local time zone (naive moments are already local)."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def _pattern(style: str) -> str:
    return _PATTERNS.get(language(), _PATTERNS["nl"])[style]


def format_date(day: date | datetime, style: str = "date") -> str:
    """``18-12-2026`` (``style="long"``: ``18 december 2026``); a moment is shown in local time."""
    from babel.dates import format_date as babel_date
    if isinstance(day, datetime):
        day = local(day).date()
    return babel_date(day, _pattern(style), locale=_locale(babel_locale()))


def format_datetime(moment: datetime, style: str = "datetime") -> str:
    """``18-12-2026 14:05`` in local time; ``style`` may be ``time`` or ``moment`` (``18-12 14:05:09``)."""
    from babel.dates import format_datetime as babel_datetime
    moment = local(moment).replace(tzinfo=None)
    return babel_datetime(moment, _pattern(style), locale=_locale(babel_locale()))


def format_time(moment: datetime) -> str:
    """``14:05:09`` in local time."""
    return format_datetime(moment, "time")


def format_number(value: float, decimals: int | None = 1) -> str:
    """``value`` with ``decimals`` decimals in the language's notation (Dutch: ``0,90``), no grouping.

    ``decimals=None``: as few decimals as needed (``39.0`` → ``39``, ``1.9`` → ``1,9``)."""
    from babel.numbers import format_decimal
    if decimals is None:
        pattern = "0.######"
    else:
        pattern = "0." + "0" * decimals if decimals > 0 else "0"
    return format_decimal(value, pattern, locale=_locale(babel_locale()), group_separator=False)
