"""Render the data dictionary in ``datasets/README.md`` from the Table Schemas beside the CSV files.

Each ``datasets/<name>.csv`` has a Frictionless Table Schema ``datasets/<name>.schema.json`` (fields
with name, type, Dutch title and description, constraints; the file's description and notes as
``description`` and ``notes``). The code reads the schemas (``sw_exercises/datasets.py``); this tool
writes them into the README between the two marker lines, so the two cannot drift
(``tests/test_datasets_schema.py`` checks the README is up to date).

    python tools/render_datasets_doc.py          # rewrite datasets/README.md
    python tools/render_datasets_doc.py --check  # exit 1 if it is out of date
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "datasets" / "README.md"
BEGIN = "<!-- begin: gemaakt door tools/render_datasets_doc.py uit datasets/*.schema.json; niet met de hand wijzigen -->"
END = "<!-- einde: gemaakt door tools/render_datasets_doc.py -->"
DUTCH_TYPES = {"string": "tekst", "number": "getal", "integer": "geheel getal"}


def schemas(folder: Path = ROOT / "datasets") -> dict[str, dict]:
    """CSV file name -> its Table Schema, in the order of the file names."""
    return {f"{p.name.removesuffix('.schema.json')}.csv": json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.schema.json"))}


def section(name: str, schema: dict) -> str:
    lines = [f"### {name}", f"Wat: {schema['description']}", "", "| kolom | type | betekenis |", "|---|---|---|"]
    lines += [f"| {f['name']} | {DUTCH_TYPES[f['type']]} | {f['description']} |" for f in schema["fields"]]
    for note in schema.get("notes", []):
        lines += ["", note]
    return "\n".join(lines) + "\n"


def rendered(text: str, found: dict[str, dict]) -> str:
    head, rest = text.split(BEGIN + "\n", 1)
    _old, tail = rest.split(END, 1)
    order = sorted(found, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))
    return head + BEGIN + "\n" + "\n".join(section(n, found[n]) for n in order) + END + tail


# The README's order (by source text, then by subject), not alphabetical; a new file goes last.
ORDER = ["seed001a_vertrouwen_instituties.csv", "seed001a_eenzaamheid_2020.csv", "seed001a_burenhulp_norm.csv",
         "seed001b_bewonersinitiatieven.csv", "seed001b_sociale_teams.csv",
         "seed001c_ervaringsdeskundigen_movisie.csv", "seed002_eenzaamheid_trend.csv",
         "seed002_eenzaamheid_vorm.csv", "seed002_aandelen.csv", "seed002_inzet.csv"]


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = rendered(text, schemas())
    if "--check" in argv:
        if new != text:
            print("datasets/README.md is niet bij: python tools/render_datasets_doc.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
