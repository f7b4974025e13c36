"""Build a workbook notebook from author Markdown (docs/CONTENT_FORMAT.md §1).

    python tools/build_notebook.py <markdown> <workbook_id>

`<!-- cel -->` starts a new cell; `<!-- element: id -->`, `<!-- figure: id -->`,
`<!-- reflections -->` and `<!-- call: expression -->` become one-line code cells. The title comes from
the workbook's content file. The notebook is written to workbooks/<workbook_id>.ipynb and is from
then on the master copy (the Markdown can be thrown away).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# The Lab-only part is a <p class='sw-lab-only'>: the app hides it (no menus, cells or code in app mode).
HOW_TO = ("**Zo gebruik je dit werkboek:** lees de tekst, werk de opdrachten uit en schrijf je reflecties. "
          "Je antwoorden worden vanzelf opgeslagen.\n\n"
          "<p class='sw-lab-only'><strong>In JupyterLab:</strong> kies eerst in het menu <strong>Run → Run All "
          "Cells</strong> (of: Uitvoeren → Alle cellen uitvoeren). Je hoeft geen code te lezen of te schrijven: de "
          "ingeklapte regels met code starten alleen de oefeningen. In de app (<code>make app</code>) is dit al voor "
          "je gedaan en zie je deze regel niet.</p>")
MARKER = re.compile(r"^<!--\s*(element|figure|reflections|call)\s*:?\s*(.*?)\s*-->$")


def code(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {"editable": False, "deletable": False, "jupyter": {"source_hidden": True}}
    return cell


def build(markdown: str, workbook_id: str) -> nbformat.NotebookNode:
    content = json.loads((ROOT / "sw_exercises" / "locales" / "nl" / f"{workbook_id}.json").read_text(encoding="utf-8"))
    cells = [nbformat.v4.new_markdown_cell(f"# {content['title']}\n\n*{content.get('source', '')}*\n\n{HOW_TO}")]
    # a hand-written workbook's module is found through sw_exercises.workbooks.MODULES
    opener = f"from sw_exercises import open_workbook\nwb = open_workbook(\"{workbook_id}\")"
    buffer: list[str] = []

    def flush() -> None:
        text = "\n".join(buffer).strip()
        buffer.clear()
        if text:
            cells.append(nbformat.v4.new_markdown_cell(text))
            if text.startswith("## Inleiding"):
                cells.append(code(opener))

    for line in markdown.splitlines():
        stripped = line.strip()
        match = MARKER.match(stripped)
        if stripped == "<!-- cel -->":
            flush()
        elif match:  # a marker always ends the text before it and becomes its own code cell
            flush()
            kind, arg = match.groups()
            cells.append(code({"element": f'wb.element("{arg}")', "figure": f'wb.figure("{arg}")',
                               "reflections": "wb.reflections()", "call": arg}[kind]))
        else:
            if line.startswith("## "):  # every section starts a new cell
                flush()
            buffer.append(line)
    flush()
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nbformat.validate(nb)
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("markdown", type=Path)
    parser.add_argument("workbook_id")
    args = parser.parse_args()
    nb = build(args.markdown.read_text(encoding="utf-8"), args.workbook_id)
    out = ROOT / "workbooks" / f"{args.workbook_id}.ipynb"
    nbformat.write(nb, out)
    print(f"geschreven: {out.relative_to(ROOT)} ({len(nb.cells)} cellen)")


if __name__ == "__main__":
    main()
