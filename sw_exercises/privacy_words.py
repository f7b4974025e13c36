"""Names, streets and IBANs in Dutch free text, found without a list typed by the student.

The word lists live in ``sw_exercises/data/privacy/`` (built by ``tools/build_privacy_lists.py``;
sources and licences in ``datasets/README.md``): first names, surnames, place names and street
names from Deduce 3.0.6 (LGPL-3.0-or-later), the OpenTaal words that are also names, and the
authors the workbooks' own sources cite. Pure Python, standard library only: the lists are read
once, on first use, through :mod:`importlib.resources`, so this also runs in Pyodide.

Each finder yields ``(kind, start, end)`` candidates; :mod:`sw_exercises.privacy` settles overlaps.

How words are judged (the rule of thumb: a capitalised word in the middle of a Dutch sentence is
a proper noun; which proper noun is decided by the lists and the words around it):

* ``person``: a form of address (mevrouw, mevr., mw., meneer, mijnheer, mnr., dhr., de heer,
  juffrouw) followed by initials, tussenvoegsels and a capitalised name; or a first name followed
  by a surname (with tussenvoegsels). Cited authors as the sources write them ("Andries Baart")
  are not persons to protect.
* ``first_name``: a capitalised first name on its own. A word that is also an ordinary Dutch word
  ("Ben", "Wil", "Roos", "Mag") counts only in the middle of a sentence; a place name after a
  preposition of place ("in Ede") is a place; an author of the sources in a citation ("volgens
  Lucas (2019)") is an author; a month before or after a number is a date.
* ``surname``: a tussenvoegsel with a surname from the list ("de Vries", "Van Dijk") or a
  capitalised surname in the middle of a sentence that is not also a word, place or cited author.
* ``street_house``: a street name + house number (with additions such as 3b, 12 A, 7-II, 45-1,
  14bis): a capitalised word with a usual suffix (straat, laan, weg, plein, gracht, kade, singel,
  dijk, ...) with the words before it that belong to the name ("Burgemeester de Withstraat 3",
  "Prins Hendrikkade 48"); a name that starts with such a word ("Laan van Nieuw Oost-Indië 122");
  or a street from the list without a usual suffix ("Damrak 12").
* ``iban``: two letters, two check digits and 11–30 letters or digits, with or without spaces,
  that pass the mod-97 check (ISO 13616).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

Candidate = tuple[str, int, int]

PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "'t", "’t", "ter", "ten", "te", "op", "in", "aan", "bij", "uit", "voor",
    "el", "al", "la", "le", "da", "di", "du", "dos", "das", "del", "von", "vd", "v.d.", "d'", "o'", "mc",
})
# tussenvoegsels that start a surname on their own ("de Vries", "Van Dijk"); not prepositions ("aan Lotte")
_SURNAME_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "'t", "’t", "el", "al", "la", "le", "da",
                                "di", "du", "von", "vd", "v.d."})
_TITLES = frozenset({"mevrouw", "mevr", "mw", "mvr", "meneer", "mijnheer", "mnr", "dhr", "juffrouw", "mej", "mejuffrouw"})
_ARTICLES = frozenset({"de", "het", "een", "'t", "’t"})
# fixed expressions with a first name in them
_IDIOMS = ("jan en alleman", "jan modaal", "jan met de pet", "jan rap", "klaas vaak", "piet snot", "jan lul",
           "jantje lacht", "truus", "ome jan", "tante pos", "sinterklaas", "zwarte piet", "kerstman")
_IDIOM_LEADS = ("klaar is",)
_WORK_WORDS = ("model", "theorie", "methode", "schaal", "benadering", "boek", "principe", "cirkel", "piramide",
               "ladder", "definitie", "studie", "onderzoek", "concept", "trap")
_ROYAL = frozenset({"koning", "koningin", "prins", "prinses", "sint", "st", "keizer", "paus", "heilige", "graaf",
                    "hertog", "kardinaal", "bisschop", "pastoor", "dominee", "ds", "sinterklaas"})
_PLACE_PREPOSITIONS = frozenset({"in", "naar", "uit", "te", "bij", "vanuit", "richting", "rond", "buiten", "nabij",
                                 "tussen", "via", "door", "regio", "gemeente", "provincie", "wijk", "stad", "dorp"})
_CITATION_BEFORE = frozenset({"volgens", "zoals", "aldus", "naar", "auteur", "auteurs", "socioloog", "filosoof",
                              "hoogleraar", "lector", "onderzoeker", "psycholoog", "econoom", "theorie", "model",
                              "werk", "boek", "studie"})
_CITATION_AFTER = frozenset({"schrijft", "stelt", "noemt", "beschrijft", "betoogt", "laat", "onderscheidt", "spreekt",
                             "benadrukt", "wijst", "legt", "introduceerde", "bedacht", "ontwikkelde", "definieert",
                             "definieerde", "meent", "waarschuwt", "pleit", "concludeert", "constateert", "toont",
                             "analyseert", "vat", "omschrijft", "gebruikt", "schreef", "stelde", "noemde", "e.a.",
                             "et", "en", "&", "bespreekt", "citeert", "signaleert", "typeert", "ziet", "onderzocht"})
_INSTITUTION_WORDS = ("stichting", "fonds", "ziekenhuis", "kliniek", "school", "college", "lyceum", "stichting", "huis", "centrum", "kerk",
                      "moskee", "fonds", "prijs", "instituut", "universiteit", "hogeschool", "academie", "gasthuis",
                      "zorg", "groep", "zaal", "hal", "kazerne", "brug", "tunnel", "plein", "park", "museum")
_MONTHS = frozenset({"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"})
STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "pad", "hof", "steeg", "dreef",
    "markt", "park", "ring", "allee", "baan", "boulevard", "dam", "erf", "haven", "plantsoen", "promenade",
    "veld", "wal", "zijde", "kamp", "tuin", "brink", "kaai", "oever", "plaats", "hoven", "hout", "horst",
    "akker", "wetering", "zoom", "gaarde", "stede", "weide", "vaart", "burcht", "poort", "laantje",
    "straatje", "steegje", "pleintje", "wijk", "gang", "hoek", "berg", "loop", "land", "kwartier", "schans",
)
# A street name may start with one of these words: "Laan van Nieuw Oost-Indië", "Weg naar Rhenen".
_STREET_STARTS = frozenset({"laan", "weg", "plein", "kade", "dijk", "singel", "gracht", "straat", "markt", "park",
                            "hof", "pad", "dreef", "ring", "boulevard", "burgwal", "plantsoen", "wal", "steeg",
                            "rijksweg", "provincialeweg", "oostelijke", "westelijke", "noordelijke", "zuidelijke"})
# Words after a number that make it a count, not a house number ("Bijlage 3 pagina's" is no address anyway).
_UNITS = frozenset({"jaar", "jaren", "keer", "kinderen", "kind", "euro", "procent", "uur", "uren", "minuten",
                    "minuut", "weken", "week", "maanden", "maand", "dagen", "dag", "mensen", "personen", "cliënten",
                    "clienten", "km", "meter", "kilometer", "kilo", "studenten", "deelnemers", "punten", "pagina's",
                    "%", "x", "mnd", "jr", "min", "sessies", "gesprekken", "huizen", "woningen", "bewoners"})

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_HOUSE_NUMBER = re.compile(
    r"(?<![\w.,'’€$-])[1-9][0-9]{0,4}"
    r"(?:[ -]?(?:bis|hs|HS|bg|BG|zw|rd|RD|huis|boven|beneden|[IV]{1,3})(?!\w)|[ -]?[A-Za-z](?!\w)|-[0-9]{1,4}(?!\w))?"
    r"(?![\w,.:/-]?[0-9])(?![\w%€])")
_IBAN = re.compile(r"(?<![\w])([A-Za-z]{2}[0-9]{2}(?:[ \u00a0]?[A-Za-z0-9]{4}){2,7}(?:[ \u00a0]?[A-Za-z0-9]{1,3})?)(?![\w])")
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "ES": 24, "IT": 27, "GB": 22, "PL": 28, "TR": 26,
                 "LU": 20, "AT": 20, "PT": 25, "IE": 22, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "CH": 21}


@lru_cache(maxsize=None)
def _lines(name: str) -> frozenset[str]:
    text = resources.files("sw_exercises").joinpath("data", "privacy", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The word lists, read on first use (about 0.1 s)."""
    first = frozenset(n for n in _lines("first_names.txt") if n.casefold() not in PARTICLES)
    cited = _lines("cited_authors.txt")
    return {
        "first": first,
        "surnames": frozenset(n for n in _lines("surnames.txt") if n.casefold() not in PARTICLES),
        "places": _lines("places.txt"),
        "places_folded": frozenset(p.casefold() for p in _lines("places.txt")),
        "streets": frozenset(s.casefold() for s in _lines("streets.txt")),
        "words": frozenset(w.casefold() for w in _lines("dutch_words.txt")),
        "cited": frozenset(a.split()[-1] for a in cited),
        "cited_full": frozenset(n.casefold() for n in _lines("cited_full_names.txt")),
    }


# --------------------------------------------------------------------------- IBAN

def iban_valid(text: str) -> bool:
    """ISO 13616 mod-97 check (and the length for known countries)."""
    plain = re.sub(r"[\s\u00a0]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", plain):
        return False
    expected = _IBAN_LENGTHS.get(plain[:2])
    if expected is not None and len(plain) != expected:
        return False
    moved = plain[4:] + plain[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def ibans(text: str) -> Iterator[Candidate]:
    for m in _IBAN.finditer(text):
        candidate = m.group(1)
        # the greedy groups may have taken a word after the number: try shorter endings too
        while candidate:
            if iban_valid(candidate):
                yield "iban", m.start(1), m.start(1) + len(candidate)
                break
            cut = max(candidate.rfind(" "), candidate.rfind("\u00a0"))
            if cut < 8:
                break
            candidate = candidate[:cut]


# --------------------------------------------------------------------------- words

_POSSESSIVE = re.compile(r"['’]s$|['’]$")


class _Tokens:
    """The words of a text with their positions, and what comes before them."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.words: list[str] = []
        for m in _WORD.finditer(text):
            start, end = m.span()
            word = m.group()
            if word.endswith("."):
                bare = word[:-1]
                # keep the dot of abbreviations (mw., dhr., J.), not a sentence's full stop
                if bare.casefold() not in _TITLES and len(bare) > 1:
                    word, end = bare, end - 1
            possessive = _POSSESSIVE.search(word) if ("'" in word or "’" in word) else None
            if possessive and len(word) - len(possessive.group()) >= 2:  # "Hamza's broer": the name is Hamza
                end -= len(possessive.group())
                word = word[: len(word) - len(possessive.group())]
            self.spans.append((start, end))
            self.words.append(word)
        # computed once: the finders ask these many times per word
        self.n = len(self.words)
        self.join = [False] + [self._joined(i) for i in range(1, self.n)]

    def __len__(self) -> int:
        return self.n

    def _joined(self, i: int) -> bool:
        gap = self.text[self.spans[i - 1][1]:self.spans[i][0]]
        return gap.strip(" \u00a0") == "" and "\n" not in gap

    def gap(self, i: int) -> str:
        """The characters between word i-1 and word i."""
        start = self.spans[i - 1][1] if i > 0 else 0
        return self.text[start:self.spans[i][0]]

    def joined(self, i: int) -> bool:
        """Word i follows word i-1 with only spaces between (same phrase)."""
        return self.join[i] if 0 <= i < self.n else False

    def sentence_start(self, i: int) -> bool:
        before = self.gap(i)
        if i == 0:
            return not before.strip() or bool(re.search(r"[.!?\n…•*\-–—\"“„'‘(\[]\s*$", before))
        previous = self.words[i - 1]
        if previous.endswith(".") and previous[:-1].casefold() in _TITLES:
            return False
        if previous.endswith(".") and len(previous) == 2:  # an initial: "J. Jansen"
            return False
        stripped = before.strip()
        if self.text[self.spans[i - 1][1] - 1:self.spans[i - 1][1]] == "." and not stripped:
            return True  # "... gesproken. Ben ..."
        return bool(stripped) and stripped[-1] in ".!?…•*-–—\"“„'‘(\n" or "\n" in before

    def number_follows(self, i: int) -> bool:
        after = self.text[self.spans[i][1]:self.spans[i][1] + 8]
        return bool(re.match(r"[ \u00a0]*[(]?[0-9]", after))

    def number_before(self, i: int) -> bool:
        return bool(re.search(r"[0-9][ \u00a0]*$", self.gap(i)[-6:]))


@lru_cache(maxsize=65536)
def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _is_particle(word: str) -> bool:
    return word.casefold() in PARTICLES


def _citation(tokens: _Tokens, i: int, end: int, lex: dict[str, frozenset[str]]) -> bool:
    """Word i (to word end-1) is an author the sources cite, used as a citation."""
    after = tokens.text[tokens.spans[end - 1][1]:tokens.spans[end - 1][1] + 16]
    if re.match(r"[ \u00a0]*(?:\(|,)[ \u00a0]*(?:1[89]|20)[0-9]{2}", after) or re.match(r"\s*(?:e\.a\.|et al)", after):
        return True
    if i > 0 and tokens.words[i - 1].casefold() in _CITATION_BEFORE:
        return True
    if end < len(tokens) and tokens.words[end].casefold() in _CITATION_AFTER:
        return True
    return False


def _surname_end(tokens: _Tokens, j: int, lex: dict[str, frozenset[str]], *, strict: bool) -> int | None:
    """The end (exclusive word index) of a surname starting at word j, with tussenvoegsels; None if none.

    ``strict``: the surname must be in the list of surnames (for uncertain starts)."""
    k = j
    while k < len(tokens) and k - j < 3 and tokens.joined(k) and _is_particle(tokens.words[k]) \
            and not (k > j and tokens.words[k][:1].isupper() and not _is_particle(tokens.words[k])):
        k += 1
    if k >= len(tokens) or not tokens.joined(k):
        return None
    word = tokens.words[k].rstrip(".")
    if not _capitalised(word) or word.casefold() in PARTICLES:
        return None
    if word not in lex["surnames"] and _SUFFIXED.fullmatch(word.casefold()):
        return None  # "Willem de Zwijgerlaan": a street, not a person
    if word.casefold().endswith(_INSTITUTION_WORDS) and word not in lex["surnames"]:
        return None
    if strict and word not in lex["surnames"]:
        return None
    if word.casefold() in _MONTHS:
        return None
    end = k + 1
    # a double surname: "Jansen-de Vries" is one word; "El Amrani", "Van der Berg" are covered above
    return end


def persons(text: str) -> Iterator[Candidate]:
    """Forms of address with a name, first names (with surnames) and surnames."""
    lex = lexicon()
    tokens = _Tokens(text)
    n = len(tokens)
    taken_until = 0
    i = 0
    while i < n:
        if i < taken_until:
            i += 1
            continue
        word = tokens.words[i]
        folded = word.rstrip(".").casefold()
        start = tokens.spans[i][0]
        # 1. form of address + name
        title_end = None
        if folded in _TITLES:
            title_end = i + 1
        elif folded == "heer" and i > 0 and tokens.words[i - 1].casefold() == "de" and tokens.joined(i):
            start = tokens.spans[i - 1][0]
            title_end = i + 1
        if title_end is not None:
            j = title_end
            while j < n and tokens.joined(j) and re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", tokens.words[j] + (
                    "." if tokens.text[tokens.spans[j][1]:tokens.spans[j][1] + 1] == "." and not tokens.words[j].endswith(".") else "")):
                j += 1  # initials
            end = _surname_end(tokens, j, lex, strict=False) if j < n else None
            if end is not None:
                yield "person", start, tokens.spans[end - 1][1]
                taken_until = end
                i = end
                continue
        # 2. first name, alone or with a surname
        if word in lex["first"] and _capitalised(word) and i > 0 and tokens.words[i - 1] in _ARTICLES \
                and tokens.joined(i):
            # "bij de Albert Heijn", "het Willem-Alexander": a shop or a building named after someone
            i += 1
            while i < n and tokens.joined(i) and _capitalised(tokens.words[i]):
                i += 1
            taken_until = i
            continue
        if _capitalised(word) and (word in lex["first"] or _compound_first_name(word, lex)):
            found = _first_name(tokens, i, lex)
            if found is not None:
                kind, end = found
                yield kind, tokens.spans[i][0], tokens.spans[end - 1][1]
                taken_until = end
                i = end
                continue
        # 3. a surname without a first name
        found_end = _surname_alone(tokens, i, lex)
        if found_end is not None:
            yield "surname", tokens.spans[i][0], tokens.spans[found_end - 1][1]
            taken_until = found_end
            i = found_end
            continue
        i += 1


def _first_name(tokens: _Tokens, i: int, lex: dict[str, frozenset[str]]) -> tuple[str, int] | None:
    word = tokens.words[i]
    folded = word.casefold()
    starts = tokens.sentence_start(i)
    previous = tokens.words[i - 1].casefold() if i > 0 else ""
    if previous.rstrip(".") in _ROYAL:
        return None
    if _street_follows(tokens, i):
        return None  # "Willem de Zwijgerlaan", "Jan Pietersz. Coenstraat": a street, not a person
    if previous in _ARTICLES and tokens.joined(i) and not tokens.sentence_start(i - 1) or \
            (previous in _ARTICLES and i > 0 and tokens.words[i - 1].islower()):
        return None  # "bij de Albert Heijn", "het Willem-Alexander": a shop, a building, not a person
    phrase = " ".join(tokens.words[i:i + 3]).casefold()
    if any(phrase.startswith(idiom) for idiom in _IDIOMS):
        return None  # "Jan en alleman", "Jan Modaal"
    before = " ".join(tokens.words[max(0, i - 2):i]).casefold()
    if any(before.endswith(lead) for lead in _IDIOM_LEADS):
        return None  # "klaar is Kees"
    for size in (4, 3, 2):
        if " ".join(tokens.words[i:i + size]).casefold() in lex["places_folded"]:
            return None  # "Bergen op Zoom", "Sint Michielsgestel": a place
    if previous == "van" and i >= 2 and tokens.words[i - 2].casefold().endswith(_WORK_WORDS):
        return None  # "het ABC-model van Ellis": the author of a model or theory
    # a cited author with one or two first names: "Jean Pierre Wilken beschrijft", "Andries Baart"
    for end in (i + 2, i + 3):
        if end <= len(tokens) and all(tokens.joined(k) for k in range(i + 1, end)):
            named = tokens.words[i:end]
            if " ".join(named).casefold() in lex["cited_full"] or (
                    named[-1] in lex["cited"] and _citation(tokens, i, end, lex)):
                return None
    is_word = folded in lex["words"]
    surname_end = _surname_end(tokens, i + 1, lex, strict=starts and is_word) if i + 1 < len(tokens) else None
    if surname_end is not None:
        full = " ".join(tokens.words[i:surname_end]).casefold()
        if full in lex["cited_full"]:
            return None
        last = tokens.words[surname_end - 1]
        if last in lex["cited"] and _citation(tokens, i, surname_end, lex):
            return None
        if _institution_at(tokens, surname_end):
            return None  # "de William Schrikker Stichting", "het Emma Kinderziekenhuis"
        if last in lex["places"] and last not in lex["surnames"]:
            surname_end = None  # "Emma Amsterdam" is rare; "Sint Jan Rotterdam" no person
        else:
            return "person", surname_end
    if folded in _MONTHS and (tokens.number_follows(i) or tokens.number_before(i)):
        return None
    if word in lex["cited"] and (_citation(tokens, i, i + 1, lex) or word not in lex["first"]):
        return None
    if word in lex["places"] and (previous in _PLACE_PREPOSITIONS or word not in lex["first"]):
        return None
    if starts and is_word:
        return None
    if _institution_at(tokens, i + 1):
        return None  # "Emma Kinderziekenhuis", "Antonius Ziekenhuis"
    return "first_name", i + 1


def _institution_at(tokens: _Tokens, k: int) -> bool:
    """Word k, right after a name, makes the name part of an institution ("Stichting", "Ziekenhuis")."""
    return k < len(tokens) and tokens.joined(k) and _capitalised(tokens.words[k]) \
        and tokens.words[k].casefold().endswith(_INSTITUTION_WORDS)


def _compound_first_name(word: str, lex: dict[str, frozenset[str]]) -> bool:
    """'Jan-Willem', 'Anne-Marie': every part a first name."""
    parts = word.split("-")
    return len(parts) > 1 and all(len(p) >= 2 and p[:1].isupper() and p in lex["first"] for p in parts)


def _street_follows(tokens: _Tokens, i: int) -> bool:
    surnames = lexicon()["surnames"]
    k = i + 1
    while k < len(tokens) and k - i <= 4 and tokens.joined(k):
        w = tokens.words[k].rstrip(".")
        if not (_capitalised(w) or _is_particle(w)):
            return False
        if _capitalised(w) and _SUFFIXED.fullmatch(w.casefold()) and w not in surnames:
            return True  # "Willem de Zwijgerlaan"; not "Jan-Willem Hofstede" (a surname)
        k += 1
    return False


def _surname_alone(tokens: _Tokens, i: int, lex: dict[str, frozenset[str]]) -> int | None:
    word = tokens.words[i]
    if i >= 2 and tokens.words[i - 1].casefold() in ("en", "&") and tokens.words[i - 2] in lex["cited"]:
        return None  # "Engbersen en Daamen (2018)": a co-author of a source
    if word.casefold() in _SURNAME_PARTICLES and i + 1 < len(tokens):
        following = tokens.words[i + 1]
        if not tokens.join[i + 1] or not (_capitalised(following) or following.casefold() in _SURNAME_PARTICLES):
            return None
        if _street_follows(tokens, i) or following in lex["first"]:
            return None  # "de Burgemeester de Withstraat", "de Albert Heijn"
        k = i + 1
        while k < len(tokens) and k - i <= 3 and tokens.words[k].casefold() in _SURNAME_PARTICLES:
            k += 1  # at most three: "van de", "van der", "van 't"
        if k < len(tokens) and tokens.words[k] in lex["first"] and k + 1 < len(tokens) and tokens.joined(k + 1) \
                and _capitalised(tokens.words[k + 1]):
            return None  # "van de Albert Heijn": a name inside an organisation's name
        # "de Vries", "Van Dijk", "van der Berg": a particle with a listed surname, not at a sentence start
        if tokens.sentence_start(i) and word[:1].islower() is False and word.casefold() not in ("van",):
            return None
        end = _surname_end(tokens, i, lex, strict=True)
        if end is None or end == i + 1:
            return None
        last = tokens.words[end - 1]
        phrase = " ".join(tokens.words[i:end]).casefold()
        if last in lex["cited"] or phrase in lex["places_folded"]:
            return None  # "van Machielse" (a source), "De Bilt", "Den Haag" (places)
        if tokens.sentence_start(i) and word.casefold() != "van":
            return None
        return end
    if not _capitalised(word) or word not in lex["surnames"] or word in lex["first"]:
        return None
    if tokens.sentence_start(i) or word.casefold() in lex["words"] or word in lex["cited"] or word in lex["places"]:
        return None
    if _citation(tokens, i, i + 1, lex):
        return None  # "… en Daamen (2018)": cited as a source
    if _SUFFIXED.fullmatch(word.casefold()):
        return None
    if i > 0 and tokens.words[i - 1].rstrip(".").casefold() in _ROYAL:
        return None
    return i + 1


# --------------------------------------------------------------------------- streets

def streets(text: str) -> Iterator[Candidate]:
    """A street name followed by a house number (the postcode, if any, is found separately)."""
    lex = lexicon()
    for m in _WORD_NUMBER.finditer(text):
        word = re.sub(r"^['’][sS]-", "", m.group("w").rstrip(".,"))  # "'s-Gravendijkwal": judge the name
        if not _capitalised(word):
            continue
        after = text[m.end():m.end() + 24]
        unit = re.match(r"[ \u00a0]*([^\W\d_]+|%)", after)
        if unit and unit.group(1).casefold() in _UNITS:
            continue
        start = _street_start(text, m.start("w"), word, lex)
        if start is not None:
            yield "street_house", start, m.end()


_WORD_NUMBER = re.compile(r"(?<![\w'’.\-])(?P<w>(?:['’][sS]-)?[^\W\d_][\w'’.\-]*)[ \u00a0]{1,2}"
                          r"(?:(?i:nr|nummer|huisnummer|no)\.?[ \u00a0]{1,2})?" + _HOUSE_NUMBER.pattern)
_SUFFIXED = re.compile(r"[^\W\d_][\w'’.\-]+(?:" + "|".join(STREET_SUFFIXES) + r")")  # stem of 2+ letters


def _street_start(text: str, word_start: int, word: str, lex: dict[str, frozenset[str]]) -> int | None:
    """Where the street name that ends with ``word`` (at ``word_start``) begins; None if it is no street."""
    folded = word.casefold()
    if _SUFFIXED.fullmatch(folded) and folded not in lex["words"]:
        return _extend_back(text, word_start)
    if folded in lex["streets"]:
        return word_start
    before = text[max(0, word_start - 90):word_start]
    previous = before.split()[-2:]
    for size in (2, 1):
        if len(previous) >= size:
            phrase = " ".join(previous[-size:] + [word]).casefold()
            if phrase in lex["streets"] and _capitalised(previous[-size]):
                return word_start - len(before) + before.rfind(previous[-size])
    # a name that starts with a street word: "Laan van Nieuw Oost-Indië 122", "Weg naar Rhenen 3"
    if not any(w in _STREET_STARTS for w in before.casefold().split()[-6:]) and folded not in _STREET_STARTS:
        return None
    words = [(word_start - len(before) + w.start(), w.group()) for w in re.finditer(r"\S+", before)][-6:]
    words.append((word_start, word))
    for k in range(len(words) - 1, -1, -1):
        w = words[k][1]
        if w.casefold() in _STREET_STARTS and _capitalised(w):
            rest = [x for _, x in words[k + 1:]]
            if not rest or (all(_capitalised(x) or x.casefold() in PARTICLES or x.casefold() in ("naar", "tot")
                                for x in rest) and any(_capitalised(x) for x in rest)):
                return words[k][0]
        if not (_capitalised(w) or w.casefold() in PARTICLES or w.casefold() in ("naar", "tot")):
            break
    return None


def _extend_back(text: str, word_start: int) -> int:
    """Take along the words before the street word that belong to its name ("Burgemeester de With")."""
    before = text[max(0, word_start - 80):word_start]
    words = [(word_start - len(before) + w.start(), w.group()) for w in re.finditer(r"[^\s\u00a0]+", before)]
    if before and not before[-1].isspace():
        return word_start
    start = word_start
    for position, w in reversed(words[-4:]):
        if re.fullmatch(r"[1-9][0-9]?e", w) or re.fullmatch(r"[A-Z]\.", w) or w.casefold() in PARTICLES \
                or (_capitalised(w) and len(w) > 1 and not w.endswith((",", ":", ";", "!", "?")) and not
                    (w.endswith(".") and len(w) > 3)):
            start = position
        else:
            break
    # never start with a particle or a sentence's first word that is no name ("Op", "De")
    for position, w in words:
        if position < start:
            continue
        if position >= word_start or not (w.casefold() in PARTICLES or w.casefold() in _SENTENCE_WORDS):
            break
        start = next((p for p, _ in words if p > position), word_start)
    return start


_SENTENCE_WORDS = frozenset({"ik", "hij", "zij", "ze", "we", "wij", "je", "jij", "u", "hun", "haar", "zijn", "mijn",
                             "naar", "woont", "wonen", "adres", "is", "was", "toen", "daarna", "ook", "nu", "en"})
