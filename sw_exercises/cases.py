"""Named case analyses: a student keeps several cases per workbook, each stored separately.

Stored as answers of the workbook: ``cases`` holds the list of cases (id and name), ``cases/current``
the one last worked on, and every answer about a case lives under ``case/<id>/…``. No widgets here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .answers import AnswerBook
from .ids import slug

CASES_ITEM = "cases"
CURRENT_ITEM = "cases/current"
MAX_NAME = 80


@dataclass(frozen=True)
class Case:
    id: str
    name: str


def clean_name(name: object) -> str:
    """Whitespace-normalised case name; raises ValueError(message key) when unusable."""
    if not isinstance(name, str) or not " ".join(name.split()):
        raise ValueError("cases.name_empty")
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_NAME:
        raise ValueError("cases.name_too_long")
    return cleaned


def case_item(case_id: str, *parts: str) -> str:
    return "/".join(("case", case_id, *parts))


class CaseBook:
    """A named list kept as answers: cases of a workbook, or intervision groups and their sessions."""

    def __init__(self, book: AnswerBook, *, list_item: str = CASES_ITEM, current_item: str = CURRENT_ITEM):
        self.book = book
        self.list_item = list_item
        self.current_item = current_item

    def cases(self) -> list[Case]:
        stored = self.book.get(self.list_item, [])
        found = []
        for entry in stored if isinstance(stored, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("name"), str):
                found.append(Case(entry["id"], entry["name"]))
        return found

    def add(self, name: str) -> Case:
        cleaned = clean_name(name)
        existing = self.cases()
        if any(c.name.casefold() == cleaned.casefold() for c in existing):
            raise ValueError("cases.name_exists")
        taken = {c.id for c in existing}
        base = slug(cleaned, 40) or "casus"
        case_id, n = base, 2
        while case_id in taken:
            case_id, n = f"{base}_{n}", n + 1
        case = Case(case_id, cleaned)
        self.book.save(self.list_item, [{"id": c.id, "name": c.name} for c in existing + [case]])
        self.select(case.id)
        return case

    def current(self) -> Case | None:
        cases = self.cases()
        chosen = self.book.get(self.current_item)
        for case in cases:
            if case.id == chosen:
                return case
        return cases[-1] if cases else None

    def select(self, case_id: str) -> None:
        if self.book.get(self.current_item) != case_id:
            self.book.save(self.current_item, case_id)

    def ensure_one(self, default_name: str) -> Case:
        """The current case; creates one called ``default_name`` when there is none yet."""
        return self.current() or self.add(default_name)
