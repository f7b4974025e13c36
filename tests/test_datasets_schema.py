"""Each dataset has a Frictionless Table Schema beside it: the CSV is valid against it (checked with the
frictionless library), the code reads it, and the README's data dictionary is rendered from it."""
import json
import sys
from pathlib import Path

import pytest

from sw_exercises.datasets import DATASETS_DIR, descriptions, rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import render_datasets_doc  # noqa: E402

CSV_FILES = sorted(DATASETS_DIR.glob("*.csv"))


def frictionless_report(csv_path: Path, schema_path: Path):
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(json.loads(schema_path.read_text(encoding="utf-8")))
    return Resource(path=csv_path.name, basepath=str(csv_path.parent), schema=schema).validate()


def test_every_csv_has_a_schema_and_every_schema_a_csv():
    assert CSV_FILES
    assert {p.name.removesuffix(".schema.json") for p in DATASETS_DIR.glob("*.schema.json")} == {p.stem for p in CSV_FILES}


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_the_csv_is_valid_against_its_table_schema(path):
    report = frictionless_report(path, path.with_suffix(".schema.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_every_field_has_a_dutch_title_and_description(path):
    schema = json.loads(path.with_suffix(".schema.json").read_text(encoding="utf-8"))
    assert schema["description"] and schema["$schema"].startswith("https://datapackage.org/profiles/")
    for field in schema["fields"]:
        assert field["type"] in render_datasets_doc.DUTCH_TYPES, field
        assert field["title"].strip() and field["description"].strip(), field
    assert any(f["name"] == "bron" and f["constraints"]["required"] for f in schema["fields"])


def test_the_validation_can_fail(tmp_path):
    """A percentage above 100, a word in a whole-number column and an empty source are each found."""
    source = DATASETS_DIR / "seed001a_eenzaamheid_2020.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "x.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace(",33.3,", ",133.3,"),
                              lines[2].replace("2020,", "twintig,", 1)]) + "\n2020,matig eenzaam,10,x,\n", encoding="utf-8")
    report = frictionless_report(bad, source.with_suffix(".schema.json"))
    kinds = {(row[0], row[1]) for row in report.flatten(["fieldName", "type"])}
    assert ("percentage", "constraint-error") in kinds and ("jaar", "type-error") in kinds
    assert ("bron", "constraint-error") in kinds


def test_the_readme_is_rendered_from_the_schemas():
    text = render_datasets_doc.README.read_text(encoding="utf-8")
    assert render_datasets_doc.rendered(text, render_datasets_doc.schemas()) == text, \
        "run: python tools/render_datasets_doc.py"
    for name, schema in render_datasets_doc.schemas().items():
        assert f"### {name}\nWat: {schema['description']}" in text


def test_the_readme_check_would_see_a_changed_schema():
    found = render_datasets_doc.schemas()
    name = next(iter(found))
    found[name] = {**found[name], "description": "iets anders"}
    text = render_datasets_doc.README.read_text(encoding="utf-8")
    assert render_datasets_doc.rendered(text, found) != text


def test_the_code_reads_the_types_from_the_schema():
    described = descriptions()
    assert set(described) == {p.name for p in CSV_FILES}
    columns, records = rows("seed001a_eenzaamheid_2020.csv")
    assert columns == [c.name for c in described["seed001a_eenzaamheid_2020.csv"].columns]
    assert isinstance(records[0]["jaar"], int) and isinstance(records[0]["percentage"], float)
    assert described["seed001a_eenzaamheid_2020.csv"].columns[0].title == "Jaar"
