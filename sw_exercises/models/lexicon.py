"""The 33 lemmas of the lexicon *Nabijheid en sociaal werk* (seed 001) as entries, and search.

Entries live in ``locales/<language>/lexicon/<id>.json`` (docs/CONTENT_FORMAT.md §2).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..i18n import content, content_names


@dataclass(frozen=True)
class Entry:
    id: str
    number: int
    title: str
    authors: str
    summary: str
    concepts: tuple[str, ...]
    reading: tuple[str, ...]
    element: dict[str, Any] | None
    reflections: tuple[dict[str, str], ...]
    figures: tuple[dict[str, Any], ...] = ()


def load_entries() -> list[Entry]:
    entries = []
    for name in content_names("lexicon"):
        d = content(name)
        entries.append(Entry(d["id"], d["number"], d["title"], d["authors"], d["summary"], tuple(d["concepts"]),
                             tuple(d["reading"]), d.get("element"), tuple(d.get("reflections", [])),
                             tuple(d.get("figures", []))))
    return sorted(entries, key=lambda e: e.number)


def normalise(text: str) -> str:
    """Case- and accent-insensitive form for matching ('Ervaringsdeskundigheid' ~ 'ervaringsdeskundígheid')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Hit:
    entry: Entry
    field: str      # "title", "concept" or "summary"
    matched: str    # the title or concept that matched


def search(entries: list[Entry], query: str) -> list[Hit]:
    """Entries whose title, key concepts or summary contain every word of ``query``.

    Title matches come first, then concept matches, then summary matches; within each, lexicon order.
    An empty query lists every entry by title.
    """
    words = normalise(query).split()
    hits: list[tuple[int, int, Hit]] = []
    for entry in entries:
        if not words or all(w in normalise(entry.title) for w in words):
            hits.append((0, entry.number, Hit(entry, "title", entry.title)))
            continue
        concept = next((c for c in entry.concepts if all(w in normalise(c) for w in words)), None)
        if concept:
            hits.append((1, entry.number, Hit(entry, "concept", concept)))
        elif all(w in normalise(entry.summary + " " + " ".join(entry.concepts)) for w in words):
            hits.append((2, entry.number, Hit(entry, "summary", entry.summary)))
    return [hit for _, _, hit in sorted(hits, key=lambda h: (h[0], h[1]))]
