"""The project's small datasets (``datasets/*.csv``) and their descriptions in ``datasets/README.md``."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from . import package_data



DATASETS_DIR = package_data.folder("datasets")  # installed: sw_exercises/data/datasets (package_data.py)
TYPES = {"tekst": "str", "getal": "float", "geheel getal": "int"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class Description:
    file: str
    what: str
    columns: tuple[Column, ...]


def descriptions(readme: Path | None = None) -> dict[str, Description]:
    """Parse ``datasets/README.md``: a ``### <file>.csv`` heading, a line, and a column table."""
    text = (readme or DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    found: dict[str, Description] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        lines = block.splitlines()
        name = lines[0].strip()
        rows = [line for line in lines[1:] if line.startswith("|")]
        what = next((line.strip() for line in lines[1:] if line.strip() and not line.startswith("|")), "")
        columns = []
        for row in rows[2:]:  # skip header and separator
            cells = [c.strip().strip("`") for c in row.strip().strip("|").split("|")]
            if len(cells) >= 3:
                columns.append(Column(cells[0], cells[1], cells[2]))
        found[name] = Description(name, what, tuple(columns))
    return found


def load(name: str):
    """One dataset as a pandas DataFrame (pandas is imported only when a dataset is used)."""
    import pandas as pd

    return pd.read_csv(DATASETS_DIR / name, encoding="utf-8")


def rows(name: str) -> tuple[list[str], list[dict[str, object]]]:
    """(columns, rows) of a dataset, each value typed as ``datasets/README.md`` describes it.

    Plain ``csv`` on purpose: the files are small and a workbook should not pay for importing pandas
    just to draw a figure. Empty cells become None.
    """
    kinds = {c.name: c.type for c in descriptions()[name].columns}
    convert = {"getal": float, "geheel getal": int}
    with (DATASETS_DIR / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        typed = [{k: (convert[kinds[k]](v) if kinds.get(k) in convert and v != "" else (v if v != "" else None))
                  for k, v in row.items()} for row in reader]
    return columns, typed
