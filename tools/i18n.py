"""The interface's gettext catalogs: ``sw_exercises/locales/<lang>/LC_MESSAGES/werkboek.po`` (+ ``.mo``).

    python tools/i18n.py extract     # keys used in the code -> werkboek.pot (pybabel's extractor, babel.cfg)
    python tools/i18n.py update      # add keys of werkboek.pot missing from every .po (never removes any)
    python tools/i18n.py compile     # every .po -> .mo (committed; tests/test_i18n.py checks they agree)
    python tools/i18n.py from-json [werkboek.po]   # (re)build the Dutch .po from an old nested werkboek.po

The msgid is the dotted key the code passes to ``t()`` (``status.empty``); the Dutch text is the
msgstr of the ``nl`` catalog, the English text that of ``en``. See docs/VERTALEN.md.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "sw_exercises" / "locales"
DOMAIN = "werkboek"
POT = LOCALES / f"{DOMAIN}.pot"
# t("key"), tn("key", n), DateError("key"), and a ValueError / error class raised with a key as its first argument.
KEYWORDS = {"t": None, "tn": None, "DateError": None, "SyncError": None, "ValueError": None}


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_po(path: Path):
    from babel.messages.pofile import read_po as babel_read
    with path.open("rb") as fh:
        return babel_read(fh, locale=path.parent.parent.name, domain=DOMAIN)


def write_po(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po as babel_write
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    babel_write(buf, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)
    path.write_bytes(buf.getvalue())


def mo_bytes(path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    buf = io.BytesIO()
    write_mo(buf, read_po(path))
    return buf.getvalue()


def new_catalog(lang: str):
    from babel.messages.catalog import Catalog
    return Catalog(locale=lang, domain=DOMAIN, project="Sociaal Werkboek", version="1",
                   charset="utf-8", creation_date=None, revision_date=None, fuzzy=False)


def flatten(node: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in node.items():
        if isinstance(value, dict):
            out |= flatten(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def from_json(source: Path) -> None:
    """The Dutch catalog from a nested werkboek.po; existing translations in other languages are kept."""
    texts = flatten(json.loads(source.read_text(encoding="utf-8")))
    catalog = new_catalog("nl")
    for key, text in texts.items():
        catalog.add(key, text)
    write_po(catalog, po_path("nl"))
    print(f"{po_path('nl').relative_to(ROOT)}: {len(texts)} texts")
    update(keys=list(texts))


def _extracted():
    import logging
    from babel.messages.extract import extract_from_dir
    logging.getLogger("babel").setLevel(logging.ERROR)  # f-string keys (t(f"x.{y}")) are listed in the .po by hand
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / "sw_exercises", method_map=[("**.py", "python")], keywords=KEYWORDS):
        if not isinstance(message, str) or "." not in message or " " in message:
            continue
        # t("a.x" if c else "a.y") reaches the extractor as "a.xa.y": split it again; "a." + name is dynamic.
        first = message.split(".")[0]
        for rest in message.split(first + ".")[1:]:
            if rest:
                yield filename, f"{first}.{rest}"


def extract_keys() -> list[str]:
    """The literal keys of ``t("...")`` and the error classes in the code, found by Babel's extractor."""
    return sorted({message for _filename, message in _extracted()})


def extract() -> list[str]:
    """Keys found in the code by Babel's Python extractor -> werkboek.pot."""
    catalog = new_catalog("nl")
    for filename, message in _extracted():
        catalog.add(message, locations=[(f"sw_exercises/{filename}", None)])
    buf = io.BytesIO()
    from babel.messages.pofile import write_po as babel_write
    babel_write(buf, catalog, width=0, sort_output=True, include_lineno=False)
    POT.write_bytes(buf.getvalue())
    return [m.id for m in catalog if m.id]


def update(keys: list[str] | None = None) -> None:
    if keys is None:
        keys = list(flatten_catalog("nl")) if po_path("nl").exists() else []
        if POT.exists():
            from babel.messages.pofile import read_po as babel_read
            with POT.open("rb") as fh:
                keys += [m.id for m in babel_read(fh) if m.id]
    for lang in languages():
        path = po_path(lang)
        catalog = read_po(path) if path.exists() else new_catalog(lang)
        added = [k for k in dict.fromkeys(keys) if k not in catalog]
        for key in added:
            catalog.add(key, "")
        if added or not path.exists():
            write_po(catalog, path)
        print(f"{path.relative_to(ROOT)}: {len(added)} new keys")


def flatten_catalog(lang: str) -> dict[str, str]:
    return {m.id: m.string for m in read_po(po_path(lang)) if m.id}


def compile_all() -> None:
    for lang in languages():
        po = po_path(lang)
        po.with_suffix(".mo").write_bytes(mo_bytes(po))
        print(f"{po.with_suffix('.mo').relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"extract", "update", "compile", "from-json"}:
        print(__doc__)
        return 2
    command = argv[0]
    if command == "extract":
        print(f"{POT.relative_to(ROOT)}: {len(extract())} keys")
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    else:
        from_json(Path(argv[1]) if len(argv) > 1 else LOCALES / "nl" / "werkboek.po")
        compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
