"""Write workbooks/00_start.ipynb from locales/<taal>/start.json (run after changing the list).

After the welcome text come the two code cells of the language choice ('Taal / Language',
:mod:`sw_exercises.workbooks.start`), collapsed and read-only like every workbook's code.

    python tools/build_start.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sw_exercises.start import START_PAGE, start_cells  # noqa: E402

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: The start page's code: the language choice, right below the welcome text.
CODE = (f'from sw_exercises import open_workbook\nwb = open_workbook("{START_PAGE}")', "wb.language_choice()")
CODE_METADATA = {"editable": False, "deletable": False, "jupyter": {"source_hidden": True}}


def build() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    markdown = [nbformat.v4.new_markdown_cell(text) for text in start_cells()]
    code = [nbformat.v4.new_code_cell(source, metadata=dict(CODE_METADATA)) for source in CODE]
    nb.cells = markdown[:1] + code + markdown[1:]
    for i, cell in enumerate(nb.cells):
        cell.id = f"start-{i}"
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    return nb


def write(path: Path) -> None:
    path.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(ROOT / "workbooks" / f"{START_PAGE}.ipynb")
