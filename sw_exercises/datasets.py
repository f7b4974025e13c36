"""The project's small datasets (``datasets/*.csv``) and their data dictionaries: a Frictionless
Table Schema beside each file (``datasets/<name>.schema.json``), also rendered into
``datasets/README.md`` by ``tools/render_datasets_doc.py``."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import package_data

DATASETS_DIR = package_data.folder("datasets")  # installed: sw_exercises/data/datasets (package_data.py)
TYPES = {"tekst": "str", "getal": "float", "geheel getal": "int"}
#: Table Schema field types -> the Dutch type words of the README
DUTCH_TYPES = {"string": "tekst", "number": "getal", "integer": "geheel getal"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Dutch: tekst, getal, geheel getal
    meaning: str
    title: str = ""


@dataclass(frozen=True)
class Description:
    file: str
    what: str
    columns: tuple[Column, ...]


def schema(name: str, folder: Path | None = None) -> dict:
    """The Table Schema of the dataset ``name`` (``<stem>.schema.json`` beside the CSV file)."""
    path = (folder or DATASETS_DIR) / f"{name.removesuffix('.csv')}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _descriptions(folder: Path) -> dict[str, Description]:
    found: dict[str, Description] = {}
    for path in sorted(folder.glob("*.schema.json")):
        name = f"{path.name.removesuffix('.schema.json')}.csv"
        table = schema(name, folder)
        found[name] = Description(name, table.get("description", ""), tuple(
            Column(f["name"], DUTCH_TYPES[f.get("type", "string")], f.get("description", ""), f.get("title", ""))
            for f in table["fields"]))
    return found


def descriptions(folder: Path | None = None) -> dict[str, Description]:
    """Every dataset's description, from the Table Schemas in ``folder`` (default: the datasets)."""
    return dict(_descriptions(folder or DATASETS_DIR))


def load(name: str):
    """One dataset as a pandas DataFrame (pandas is imported only when a dataset is used)."""
    import pandas as pd

    return pd.read_csv(DATASETS_DIR / name, encoding="utf-8")


def rows(name: str) -> tuple[list[str], list[dict[str, object]]]:
    """(columns, rows) of a dataset, each value typed as its Table Schema says.

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
