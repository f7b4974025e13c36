"""Find personal data in Dutch free text before a student exports reflections (AVG/GDPR).

Pure Python, standard library only, no I/O; the regular expressions are compiled on first use,
so importing this module is cheap. ``find_personal_data(text, names)`` returns :class:`Finding`
objects, sorted by position and never overlapping, so a view can underline or redact them.

Kinds and the decisions behind them (the rule of thumb: a false alarm costs the student one
click, a miss leaks a client's data, but a checker that cries wolf on every year is ignored):

``email``
    Ordinary addresses, including ``+`` tags and subdomains (``jan.de.vries+werk@mail.hva.nl``).
``phone``
    Dutch numbers only. National: ``0`` plus nine digits (ten in all), with spaces, hyphens,
    dots or slashes between digit groups (``06-12345678``, ``06 12 34 56 78``, ``020-1234567``,
    ``010 123 4567``, ``0591-123456``, ``(020) 1234567``). When the number is split into groups,
    the first group must be ``06`` or an area code of at least three digits, so a date such as
    ``01-03-2004 12`` is not a phone number. International: ``+31`` or ``0031``, an optional
    ``(0)``, then nine digits (``+31 6 12345678``, ``+31(0)6-12345678``, ``+31 20 123 4567``).
    Years, amounts, postcodes, dates and nine-digit numbers (BSNs, also with a leading 0) are
    never phone numbers.
``bsn``
    A nine-digit (or eight-digit, read with a leading 0) number, written plainly or in groups of
    three with dots or spaces (``123.456.782``, ``123 456 782``), that passes the 11-proef (see
    :func:`bsn_valid`). Numbers that fail the 11-proef are not flagged, nor numbers glued to
    other digit groups, nor amounts written right after ``€``.
``postcode_house``
    Only a Dutch postcode (``1234 AB``: first digit not 0, letters not SA/SD/SS) together with a
    house number, because that pair pins down an address while a postcode alone covers a whole
    street and is routinely mentioned (a neighbourhood, a district team). Two shapes:
    (street) + house number + postcode (``Dorpsstraat 12, 1234 AB``, ``Kerkweg 3a 5678 CD``,
    ``Laan van Meerdervoort 5\\n2517 AB``) and postcode + house number
    (``1234AB 12``, ``1234 ab, nr 5``). Only a comma, semicolon or line break and a few spaces
    may separate them. The finding starts at the street name when that is a capitalised word
    (optionally with a second one joined by van/de/der/…), otherwise at the house number.
    Lower-case letter pairs that are ordinary Dutch or English words (``2004 en 12``,
    ``1990 is 5``) are not read as postcode letters.
``birth_date``
    Full dates with a four-digit year, ``12-03-2004``, ``12/3/2004``, ``12.03.2004``,
    ``2004-03-12``, ``12 maart 2004``, ``3 mrt. 2004``, ``12-mrt-2004``, where the date exists
    and the year lies in 1900 … (this year − 10): plausible birth dates. Any such date is
    flagged (a dated event in a text about a client is identifying too); dates without a year,
    two-digit years and bare years are not.
``name``
    Every occurrence of a name from ``names`` as whole words, ignoring case and accents
    (``Zoë`` matches ``zoe``, ``ZOE``), multi-word names included; spaces and hyphens between the
    parts of a name are interchangeable (``Fatima El Amrani`` matches ``Fatima El-Amrani`` and
    line breaks). Names that are blank or shorter than two characters are ignored.

Overlaps: when candidates overlap, the stronger kind wins, in the order email, birth_date,
phone, bsn, postcode_house, name (so a name inside an e-mail address is reported as the
e-mail address, and ``06-03-2004 12`` as a date, not a phone number).

Every pattern is written so that matching is linear in the length of the text (bounded
repetitions, look-behinds that stop a match from starting in the middle of a run), so a
200 000-character text, HTML or emoji included, is scanned in well under a second.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .privacy_words import iban_valid, ibans, persons, streets

__all__ = ["Finding", "KINDS", "bsn_valid", "find_personal_data", "iban_valid"]

#: All kinds, strongest first (the order used to settle overlapping candidates).
KINDS = ("email", "iban", "birth_date", "phone", "bsn", "postcode_house", "street_house", "name", "person",
         "first_name", "surname")
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text == source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str

    def excerpt(self, source: str, width: int = 30) -> str:
        """The finding in its context: ``'…context [match] context…'`` on one line.

        At most ``width`` characters of context on each side; an ellipsis marks a cut;
        line breaks and tabs in the context are shown as spaces.
        """
        width = max(0, int(width))
        start = max(0, min(self.start, len(source)))
        end = max(start, min(self.end, len(source)))
        match = source[start:end] if source[start:end] == self.text else self.text
        lo = max(0, start - width)
        hi = min(len(source), end + width)
        before = _one_line(source[lo:start])
        after = _one_line(source[end:hi])
        return (("…" if lo > 0 else "") + before + "[" + _one_line(match) + "]"
                + after + ("…" if hi < len(source) else ""))


def _one_line(s: str) -> str:
    return re.sub(r"[\r\n\t\v\f\u2028\u2029]", " ", s)


def bsn_valid(digits: str) -> bool:
    """The 11-proef for a burgerservicenummer.

    ``digits``: nine digits, or eight (read with a leading 0); dots and spaces between groups
    are allowed (``"123.456.782"``). Valid when ``sum(d[i] * w[i])`` with weights
    9, 8, 7, 6, 5, 4, 3, 2, −1 is divisible by 11 and not 0. Anything else gives ``False``.
    """
    if not isinstance(digits, str):
        return False
    plain = re.sub(r"[.\s]", "", digits)
    if not (plain.isascii() and plain.isdigit() and len(plain) in (8, 9)):
        return False
    plain = plain.zfill(9)
    total = sum(int(d) * w for d, w in zip(plain, _BSN_WEIGHTS))
    return total != 0 and total % 11 == 0


# --------------------------------------------------------------------------- patterns

_SP = r"[ \u00a0]"
# Between digit groups of a phone number: one space, or a dash/dot/slash with optional spaces.
# The two alternatives never match the same characters, so there is no ambiguity to backtrack.
_PHONE_SEP = rf"(?:{_SP}?[-\u2010\u2011\u2012\u2013./]{_SP}?|{_SP})"

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "maa": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# Two-letter words that follow a number in ordinary prose; written in lower case (or
# capitalised) they are not read as postcode letters. Upper-case "EN" stays a postcode.
_NOT_POSTCODE_LETTERS = (
    "al am an as at be by ca cm dl do en er gr he hl ik in is it je ja jr km kg me ml mm my "
    "na nl no nr nu of om on op or pm sr st te to tm uw up us vs we ze zo"
).split()

_PARTICLES = "van|de|der|den|het|'t|ter|ten|te|aan|op|in|la|le|du|di|da|del|dos|el"
_CAPWORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]{0,39}(?:['’.-][^\W\d_]{1,39}){0,3}"
_STREET = rf"(?<![\w'’.-]){_CAPWORD}(?:[ ](?:(?:{_PARTICLES})[ ]){{0,2}}{_CAPWORD})?"
# A house number with the usual additions: 3b, 12 A, 12-a, 45-1, 7-II, 20 hs, 14bis, 3 rd.
_HOUSE_ADDITION = (r"(?:[ -]?(?:bis|hs|HS|bg|BG|zw|rd|RD|huis|boven|beneden|[IV]{1,3})(?![\w])"
                   r"|[ -]?[A-Za-z](?![\w])|-[0-9]{1,4}(?![\w]))")
_HOUSE = rf"(?<![\w.,'’-])[1-9][0-9]{{0,4}}{_HOUSE_ADDITION}?(?![\w])"
_GAP = r"[ \t\u00a0]{0,3}(?:[,;][ \t\u00a0]{0,3}|\r?\n[ \t\u00a0]{0,3})?"
_HOUSE_LABEL = r"(?i:huisnummer|huisnr|nummer|nr|no)\.?[ \u00a0]?"


def _postcode(name: str) -> str:
    stop = "|".join(sorted({w for s in _NOT_POSTCODE_LETTERS for w in (s, s.capitalize())}))
    return (rf"(?P<{name}>(?<!\w)(?<![0-9]\.)[1-9][0-9]{{3}}{_SP}?"
            rf"(?![Ss][AaDdSs])(?!(?:{stop})(?!\w))[A-Za-z]{{2}}(?!\w))")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    return {
        "email": re.compile(
            r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@"
            r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
            r"\.[A-Za-z]{2,24}(?![\w-])"
        ),
        "phone": re.compile(
            r"(?<![\w+])(?<!\d[.,])"
            r"(?:"
            rf"(?P<intl>(?:\+|00){_SP}?31(?:{_SP}?\(0\))?{_PHONE_SEP}?[1-9](?:{_PHONE_SEP}?[0-9]){{8}})"
            rf"|(?P<paren>\(0[1-9][0-9]{{0,2}}\){_SP}?[0-9](?:{_PHONE_SEP}?[0-9]){{4,7}})"
            rf"|(?P<nat>0[1-9](?:{_PHONE_SEP}?[0-9]){{8}})"
            r")"
            r"(?![0-9]|[.,][0-9])"
        ),
        "bsn": re.compile(
            r"(?<![\w+])(?<![0-9][.,/ \u00a0-])(?<!€)(?<!€[ \u00a0])"
            r"(?P<num>[0-9]{8,9}|[0-9]{2,3}(?P<sep>[. \u00a0])[0-9]{3}(?P=sep)[0-9]{3}"
            r"|(?P<odd>[0-9]{2,4}(?P<sep2>[. \u00a0])[0-9]{2,4}(?P=sep2)[0-9]{2,4}))"
            r"(?!\w|[.,/ \u00a0-][0-9])"
        ),
        "birth_date": re.compile(
            r"(?<!\w)(?<![0-9][./-])"
            r"(?:"
            r"(?P<d>[0-9]{1,2})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4})"
            r"|(?P<y2>[0-9]{4})(?P<s2>[-/.])(?P<m2>[0-9]{1,2})(?P=s2)(?P<d2>[0-9]{1,2})"
            rf"|(?P<d3>[0-9]{{1,2}})(?:{_SP}{{1,3}}|-)(?P<mon>(?i:{months}))(?![^\W\d_])\.?"
            rf"(?:{_SP}{{1,3}}|-)(?P<y3>[0-9]{{4}})"
            r")"
            r"(?!\w|[./-][0-9])"
        ),
        "postcode_house": re.compile(
            rf"(?:(?:{_STREET}[ \u00a0]{{1,3}})?{_HOUSE}{_GAP}{_postcode('pc1')})"
            # ...and the number after a postcode must not be the start of the next postcode.
            rf"|(?:{_postcode('pc2')}{_GAP}(?:{_HOUSE_LABEL})?(?![1-9][0-9]{{3}}{_SP}?[A-Za-z]{{2}}(?!\w)){_HOUSE})"
        ),
    }


# --------------------------------------------------------------------------- per kind


def _emails(text: str):
    for m in _patterns()["email"].finditer(text):
        yield "email", m.start(), m.end()


def _phones(text: str):
    for m in _patterns()["phone"].finditer(text):
        digits = re.findall(r"[0-9]+", m.group())
        if m.group("nat") is not None and len(digits) > 1:
            first = digits[0]
            if first != "06" and len(first) < 3:
                continue  # e.g. "01-03-2004 12": not a Dutch grouping
        elif m.group("paren") is not None and sum(map(len, digits)) != 10:
            continue
        yield "phone", m.start(), m.end()


def _bsns(text: str):
    for m in _patterns()["bsn"].finditer(text):
        if m.group("odd") is not None and len(re.sub(r"\D", "", m.group("odd"))) != 9:
            continue  # an odd grouping counts only with exactly nine digits ("4041 29 158")
        if bsn_valid(m.group("num")):
            yield "bsn", m.start(), m.end()


_BIRTH_CUE = re.compile(r"(?i)\b(?:geboren|geb\.|geboortedatum|geboortejaar|geboortedag|jarig|verjaardag|"
                        r"bevallen|bevalling|overleden|sterfdatum)")
# Words of a date that belongs to a law or a policy, not to a person ("Op 1 januari 2015 werden de Wmo …")
_POLICY_CUE = re.compile(r"(?i)\b(?:wet|wetten|wmo|jeugdwet|participatiewet|ingevoerd|invoering|van kracht|"
                         r"in werking|decentralisatie|kabinet|regering|verordening|regeling|besluit|beleid|"
                         r"tweede kamer|parlement|europese|verdrag)\b")
_PERSON_CUE = re.compile(r"(?i)\b(?:hij|zij|ze|haar|hem|zijn|hun|cliënte?n?|cliente?|moeder|vader|zoon|dochter|"
                         r"kind|baby|broer|zus|oma|opa|gezin|ouders?|jongen|meisje|buurvrouw|buurman|mevrouw|meneer)\b")


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[lo:min(stops) if stops else len(text)]


def _birth_dates(text: str):
    this_year = date.today().year
    last_year = this_year - 10
    for m in _patterns()["birth_date"].finditer(text):
        if m.group("y") is not None:
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
        elif m.group("y2") is not None:
            y, mo, d = m.group("y2"), m.group("m2"), m.group("d2")
        else:
            y, mo, d = m.group("y3"), _MONTHS[m.group("mon").lower()], m.group("d3")
        try:
            year = int(y)
            date(year, int(mo), int(d))
        except ValueError:
            continue
        sentence = _sentence_around(text, m.start(), m.end())
        if _BIRTH_CUE.search(sentence):
            plausible = 1900 <= year <= this_year  # "de baby is op 12.05.2023 geboren"
        else:
            plausible = 1900 <= year <= last_year and not (
                _POLICY_CUE.search(sentence) and not _PERSON_CUE.search(sentence))
        if plausible:
            yield "birth_date", m.start(), m.end()


_LABELLED_NUMBER = re.compile(r"(?i)\b(?:huisnummer|huisnr\.?)[ \u00a0]*[1-9][0-9]{0,4}[a-z]?\b")
_POSTCODE_ANYWHERE = re.compile(r"(?<!\w)[1-9][0-9]{3}[ \u00a0]?(?![Ss][AaDdSs])[A-Z]{2}(?!\w)")


def _postcode_houses(text: str):
    for m in _patterns()["postcode_house"].finditer(text):
        yield "postcode_house", m.start(), m.end()
    # "huisnummer 88 en postcode 5611 AB": a labelled house number and a postcode in one sentence
    for m in _LABELLED_NUMBER.finditer(text):
        near = _POSTCODE_ANYWHERE.search(text, max(0, m.start() - 60), min(len(text), m.end() + 60))
        if near:
            yield "postcode_house", min(m.start(), near.start()), max(m.end(), near.end())


# Folding for names: case and accents off, and a few letters NFKD does not decompose.
_EXTRA_FOLD = {
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    s = ch.casefold()
    s = "".join(_EXTRA_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(_EXTRA_FOLD.get(c, c) for c in s.casefold())


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Folded text, and for each folded character the index of its source character
    (``None`` when the folding kept every position, the common case)."""
    if text.isascii():
        return text.lower().replace("`", "'"), None
    table = {}
    for ch in set(text):
        folded = _fold_char(ch)
        if folded != ch:
            table[ord(ch)] = folded
    folded_text = text.translate(table)
    if len(folded_text) == len(text) and all(len(v) == 1 for v in table.values()):
        return folded_text, None
    # Only characters that fold to zero or several characters shift positions; walk over those.
    uneven = "".join(sorted(chr(k) for k, v in table.items() if len(v) != 1))
    index: list[int] = []
    done = 0
    for m in re.finditer("[" + re.escape(uneven) + "]", text):
        i = m.start()
        index.extend(range(done, i))
        index.extend([i] * len(table[ord(text[i])]))
        done = i + 1
    index.extend(range(done, len(text)))
    return folded_text, index


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    if isinstance(names, str):
        names = [names]
    alternatives = set()
    for name in names or ():
        if not isinstance(name, str):
            continue
        name = name.strip()
        if len(name) < 2:
            continue
        folded, _ = _fold(name)
        parts = [p for p in re.split(r"[\s\-]+", folded) if p]
        if not parts or len("".join(parts)) < 2:
            continue
        alternatives.add(r"[\s\-]+".join(re.escape(p) for p in parts))
    if not alternatives:
        return None
    body = "|".join(sorted(alternatives, key=lambda a: (-len(a), a)))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _names(text: str, names: Iterable[str]):
    pattern = _name_pattern(names)
    if pattern is None:
        return
    folded, index = _fold(text)
    for m in pattern.finditer(folded):
        ns, ne = m.span()
        if ns == ne:
            continue
        if index is None:
            yield "name", ns, ne
            continue
        # Only whole source characters: a match must not start or end inside an expansion
        # such as "ß" -> "ss".
        if ns > 0 and index[ns - 1] == index[ns]:
            continue
        if ne < len(index) and index[ne] == index[ne - 1]:
            continue
        start, end = index[ns], index[ne - 1] + 1
        while end < len(text) and _fold_char(text[end]) == "":
            end += 1  # take along trailing combining marks ("Zoe" + U+0308)
        yield "name", start, end


# --------------------------------------------------------------------------- API


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """All personal data found in ``text``, sorted by start, never overlapping.

    ``names``: names to look for (from the student or the lecturer); see the module docstring
    for what each kind matches and how overlapping candidates are settled.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text:
        return []
    candidates = [
        *_emails(text), *ibans(text), *_birth_dates(text), *_phones(text), *_bsns(text),
        *_postcode_houses(text), *streets(text), *_names(text, names), *persons(text),
    ]
    candidates.sort(key=lambda c: (_PRIORITY[c[0]], c[1], -c[2]))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in candidates:
        if end <= start:
            continue
        i = bisect.bisect_right(starts, start)
        if i > 0 and ends[i - 1] > start:
            continue  # overlaps the accepted finding that starts at or before us
        if i < len(starts) and starts[i] < end:
            continue  # overlaps the next accepted finding
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append((kind, start, end))
    kept.sort(key=lambda c: (c[1], c[2]))
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in kept]


def scan(texts: Iterable[tuple[Any, str]], names: Iterable[str] = ()) -> list[tuple[Any, str, Finding]]:
    """Check many texts at once: ``(where, text)`` pairs in, ``(where, text, finding)`` out, in order."""
    names = list(names)
    return [(where, text, finding) for where, text in texts for finding in find_personal_data(text, names)]
