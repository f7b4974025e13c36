"""Build the word lists of the privacy check (sw_exercises/data/privacy/) from their sources.

Run once when a source changes (the output is committed; the package never reads a source itself):

    python tools/build_privacy_lists.py --deduce deduce-3.0.6-py3-none-any.whl \
        --words /usr/share/dict/dutch --sources ../shared

* Names, places and streets: the lookup lists of Deduce 3.0.6 (UMC Utrecht, Menger et al. 2018;
  PyPI ``deduce``, LGPL-3.0-or-later), ``deduce/data/lookup/src``: ``items.txt`` minus
  ``exceptions.txt``, as Deduce itself reads them. Get the wheel with
  ``pip download deduce==3.0.6 --no-deps``.
* First names more common in families with roots elsewhere (Polish, Turkish, Maghreb, Ukrainian,
  Surinamese-Hindustani, Antillean/Spanish, West-African, …) that Deduce lacks: the person providers
  of Faker (PyPI ``faker``, MIT), locales listed in ``FAKER_LOCALES``; Cyrillic names (uk_UA, ru_RU)
  transliterated to Latin script the way Dutch texts write them (Oksana, Olena, Dmytro). Get the wheel
  with ``pip download faker --no-deps`` and pass ``--faker``.
* Which names are also ordinary Dutch words: the OpenTaal word list (Debian package ``wdutch``,
  ``/usr/share/dict/dutch``, BSD or CC-BY 3.0). Only the words that are also a name, surname or
  place are kept.
* Authors the workbooks' own sources cite: read from the five seed texts, their digests and the
  workbooks' content files (a capitalised name followed by a year, as in "Baart (2001)").
"""
from __future__ import annotations

import argparse
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sw_exercises" / "data" / "privacy"
LOOKUP = "deduce/data/lookup/src/"
NOT_AUTHORS = {"Dec", "Report", "Wmo", "Movisie", "Maatwerk", "Volksgezondheid", "Dhr", "Mevrouw", "Meneer"}
PARTICLES = {"de", "van", "den", "der", "ter", "ten", "het", "in", "op"}
STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "pad", "hof", "steeg", "dreef",
    "markt", "park", "ring", "allee", "baan", "boulevard", "dam", "erf", "haven", "plantsoen", "promenade",
    "veld", "wal", "zijde", "kamp", "tuin", "brink", "kaai", "oever", "plaats", "hoven", "hout", "horst",
    "akker", "wetering", "zoom", "gaarde", "stede", "weide", "vaart", "burcht", "poort", "dreef", "laantje",
    "straatje", "steegje", "pleintje", "wijk", "gang", "hoek", "berg", "loop", "land", "kwartier", "schans",
)


def _list(wheel: zipfile.ZipFile, folder: str) -> set[str]:
    def read(name: str) -> set[str]:
        try:
            text = wheel.read(LOOKUP + folder + "/" + name).decode("utf-8")
        except KeyError:
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}
    return read("items.txt") - read("exceptions.txt")


def _write(name: str, items, header: str) -> None:
    lines = sorted(set(items), key=lambda s: (s.casefold(), s))
    (OUT / name).write_text(f"# {header}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)}")


_CITE = re.compile(
    r"((?:(?:van|de|der|den|ter|ten|Van|De|Den|Der|Ten|Ter) )*[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?)"
    r"(?:,? (?:e\.a\.|et al\.|[&,] (?:(?:van|de|der|den) )*[A-Z][a-zà-ÿ'’-]+|en (?:(?:van|de|der|den) )*[A-Z][a-zà-ÿ'’-]+))*"
    r",? \(?(?:1[89]|20)\d\d[a-z]?[),;]")


FAKER_LOCALES = ("pl_PL", "tr_TR", "fr_DZ", "fr_FR", "es", "es_ES", "es_CO", "pt_BR", "hi_IN", "en_IN", "ta_IN",
                 "nl_NL", "nl_BE", "en_NG", "yo_NG", "ig_NG", "tw_GH", "sw", "az_AZ", "ro_RO", "uk_UA", "ru_RU",
                 "bg_BG", "en_PK", "id_ID", "de_DE", "en_GB")
_CYRILLIC = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэё",
                     ["a", "b", "v", "h", "g", "d", "e", "ye", "zh", "z", "y", "i", "yi", "y", "k", "l", "m", "n", "o",
                      "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "yu", "ya", "y", "e", "yo"]))


def _latin(name: str) -> str:
    """Cyrillic to Latin script, as names of Ukrainian and Russian families are written in Dutch texts."""
    if not any("\u0400" <= c <= "\u04ff" for c in name):
        return name
    plain = "".join(_CYRILLIC.get(c.lower(), c.lower()) for c in name)
    return plain[:1].upper() + plain[1:]


def _faker_first_names(wheel_path: Path) -> set[str]:
    import ast

    names: set[str] = set()
    with zipfile.ZipFile(wheel_path) as wheel:
        for locale in FAKER_LOCALES:
            try:
                source = wheel.read(f"faker/providers/person/{locale}/__init__.py").decode("utf-8")
            except KeyError:
                continue
            for node in ast.walk(ast.parse(source)):
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
                if any(isinstance(tg, ast.Name) and tg.id.startswith("first_names") for tg in targets):
                    expr = node.value
                    if isinstance(expr, ast.Call) and expr.args:  # OrderedDict((("Adam", 0.01), ...))
                        expr = expr.args[0]
                    try:
                        value = ast.literal_eval(expr)
                    except ValueError:
                        continue
                    if isinstance(value, (list, tuple)) and value and isinstance(value[0], tuple):
                        value = [pair[0] for pair in value]
                    for name in (value.keys() if isinstance(value, dict) else value):
                        if isinstance(name, str):
                            latin = _latin(name.strip())
                            if re.fullmatch(r"[^\W\d_][^\W\d_'-]{1,20}", latin) and latin[0].isupper() \
                                    and latin[1:].islower():
                                names.add(latin)
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deduce", required=True, type=Path)
    parser.add_argument("--words", required=True, type=Path)
    parser.add_argument("--faker", type=Path, help="the faker wheel (first names of other locales)")
    parser.add_argument("--sources", required=True, type=Path)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    source = "Deduce 3.0.6 (LGPL-3.0-or-later), deduce/data/lookup/src/"
    with zipfile.ZipFile(args.deduce) as wheel:
        first = {n for n in _list(wheel, "names/lst_first_name") if len(n) >= 2}
        surnames = {n for n in _list(wheel, "names/lst_surname") if len(n) >= 2}
        places = set()
        for folder in ("lst_residence", "lst_municipality", "lst_province", "lst_region"):
            places |= _list(wheel, "locations/lst_placename/" + folder)
        streets = _list(wheel, "locations/lst_street")
    extra = _faker_first_names(args.faker) if args.faker else set()
    first |= {n for n in extra if len(n) >= 2}
    words = {w.strip() for w in args.words.read_text(encoding="utf-8").splitlines()
             if w.strip() and w.strip()[0].islower()}
    # Streets without a usual suffix (suffixes are matched by pattern); never an ordinary word.
    odd_streets = {s for s in streets if not s.casefold().endswith(STREET_SUFFIXES)
                   and s.casefold() not in words and re.fullmatch(r"[^\W\d_][\w'’. -]{2,40}", s)
                   and len(s.split()) <= 3}
    _write("first_names.txt", first, source + "names/lst_first_name (items minus exceptions); plus the first "
           "names of Faker's person providers (MIT) for " + ", ".join(FAKER_LOCALES))
    _write("surnames.txt", surnames, source + "names/lst_surname (items minus exceptions)")
    _write("places.txt", places, source + "locations/lst_placename (residence, municipality, province, region)")
    _write("streets.txt", odd_streets, source + "locations/lst_street: names without a usual suffix, not a Dutch word")
    folded = {n.casefold() for n in first | surnames | places} | {s.casefold() for s in odd_streets}
    _write("dutch_words.txt", {w for w in words if w.casefold() in folded},
           "OpenTaal word list (BSD or CC-BY 3.0): only words that are also a name, surname, place or street")
    texts = []
    for pattern in ("seeds/*.txt", "content/*.md"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(args.sources.glob(pattern))]
    for path in sorted((OUT.parents[1] / "locales" / "nl").rglob("*.json")):
        texts.append(json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False))
    text = "\n".join(texts)
    cited = Counter(m.group(1) for m in _CITE.finditer(text))
    authors = set()
    for name in cited:
        last = re.split(r"[ ]", name)[-1]
        if len(last) >= 3 and last not in NOT_AUTHORS and (last in surnames or last.casefold() not in words):
            authors.add(name)
    # full names as the sources write them: "Andries Baart", "Marian van der Linde"
    full: set[str] = set()
    lasts = {a.split()[-1] for a in authors}
    for m in re.finditer(r"\b([A-Z][a-zà-ÿ]+) ((?:(?:van|de|der|den|ter|ten) )*)([A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?)\b", text):
        if m.group(1) in first and m.group(1).casefold() not in PARTICLES and m.group(3) in lasts:
            full.add(f"{m.group(1)} {m.group(2)}{m.group(3)}")
    # the lexicon's lemma authors ("Hans Bosselaar & Duco Bannink"), whole names and surnames
    for path in sorted((OUT.parents[1] / "locales" / "nl" / "lexicon").glob("*.json")):
        named = json.loads(path.read_text(encoding="utf-8")).get("authors", "")
        for person in re.split(r"\s*(?:&|,| en )\s*", named):
            words = person.split()
            if len(words) >= 2:
                full.add(person)
                authors.add(" ".join(w for w in words[1:]))
    _write("cited_authors.txt", authors, "Authors cited in the workbooks' sources (shared seeds, digests, content files)")
    _write("cited_full_names.txt", full, "First name + surname of cited authors, as the sources write them")


if __name__ == "__main__":
    main()
