"""The start page: every workbook in course order, as data (``locales/<taal>/start.json``).

The page itself is the notebook ``workbooks/00_start.ipynb``, generated from this data by
``tools/build_start.py``; its links are relative, so they work in JupyterLab and in the app (Voila).
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalog import workbook_title
from .i18n import content

START_PAGE = "00_start"


@dataclass(frozen=True)
class Entry:
    workbook: str
    title: str
    description: str


def course_order() -> list[tuple[str, list[Entry]]]:
    """(section heading, entries) in the order a course uses them."""
    data = content("start")
    return [(section["heading"], [Entry(w, workbook_title(w), data["descriptions"].get(w, ""))
                                  for w in section["workbooks"]])
            for section in data["sections"]]


def listed_workbooks() -> list[str]:
    return [entry.workbook for _, entries in course_order() for entry in entries]


def start_cells() -> list[str]:
    """The Markdown cells of the start page."""
    data = content("start")
    cells = [f"# {data['title']}\n\n{data['intro']}\n\n{data['modes']}"]
    for heading, entries in course_order():
        lines = [f"1. [{e.title}]({e.workbook}.ipynb): {e.description}" for e in entries]
        cells.append(f"## {heading}\n\n" + "\n".join(lines))
    return cells
