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


def start_cells(only: set[str] | None = None) -> list[str]:
    """The Markdown cells of the start page; ``only``: list just these workbooks (an assignment pack)."""
    data = content("start")
    cells = [f"# {data['title']}\n\n{data['intro']}\n\n{data['modes']}"]
    for heading, entries in course_order():
        entries = [e for e in entries if only is None or e.workbook in only]
        if not entries:
            continue
        lines = [f"1. [{e.title}]({e.workbook}.ipynb): {e.description}" for e in entries]
        cells.append(f"## {heading}\n\n" + "\n".join(lines))
    return cells


def start_notebook(only: set[str] | None = None) -> str:
    """The start page as notebook JSON (nbformat 4, Markdown cells only, no outputs)."""
    import json

    cells = [{"cell_type": "markdown", "id": f"start-{i}", "metadata": {}, "source": text}
             for i, text in enumerate(start_cells(only))]
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                            "name": "python3"}, "language_info": {"name": "python"}}}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
