"""Every content file follows docs/CONTENT_FORMAT.md; every dataset matches its description."""
import csv
import json
import re
from pathlib import Path

import pytest

from sw_exercises.datasets import DATASETS_DIR, TYPES, descriptions
from sw_exercises.models import elements, lexicon

ROOT = Path(__file__).resolve().parents[1]
NL = ROOT / "sw_exercises" / "locales" / "nl"
WORKBOOK_FILES = sorted(NL.glob("[0-9][0-9]_*.json"))
LEMMAS = ["Sociale basis", "Wederkerigheid", "Vertrouwen", "Menselijk en sociaal kapitaal", "Sociale afstand",
          "Segregatie", "Eenzaamheid", "Leefbaarheid", "Straatcultuur", "Alledaagse attentheid", "Publieke ruimte",
          "Bewonersinitiatieven", "Samenleven", "Buurteffecten", "Verhuiselijking", "Integraal werken",
          "Relationeel sociaal werk", "Achter de voordeur", "Sociale teams", "Politiek actorschap",
          "Samenlevingsopbouw", "Pedagogische civil society", "Maatwerk", "Sociaal schaduwwerk",
          "Ervaringsdeskundigheid", "Praktijkleren", "Presentie", "Leefwereld en systeemwereld",
          "Evidence-based werken", "Preventie", "Sociale technologie", "Zorg thuis",
          "Werken aan institutionele nabijheid: de boundary spanner"]
EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{1,3}[- ]?\d{6,8}\b")


def unique_ids(entries):
    ids = [e["id"] for e in entries]
    return len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def check_figures(figures):
    described = descriptions()
    for figure in figures:
        assert figure["kind"] in {"bar", "barh", "line"}
        assert figure["dataset"] in described, figure["dataset"]
        names = {c.name for c in described[figure["dataset"]].columns}
        assert {figure["x"], figure["y"]} | ({figure["color"]} if figure.get("color") else set()) <= names
        assert figure["title"] and figure["caption"]


@pytest.mark.parametrize("path", WORKBOOK_FILES, ids=lambda p: p.name)
def test_workbook_content(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["title"].startswith(path.stem[:2])
    assert unique_ids(data.get("reflections", []))
    for spec in data.get("elements", []):
        assert elements.problems(spec) == [], spec.get("id")
    assert unique_ids(data.get("elements", []))
    check_figures(data.get("figures", []))


def test_the_lexicon_has_all_33_lemmas_in_order():
    entries = lexicon.load_entries()
    assert [e.title for e in entries] == LEMMAS
    assert [e.number for e in entries] == list(range(1, 34))


@pytest.mark.parametrize("entry", lexicon.load_entries(), ids=lambda e: e.id)
def test_lexicon_entry(entry):
    assert 3 <= len(entry.reading) <= 7 and all(len(p) > 80 for p in entry.reading)
    assert 3 <= len(entry.concepts) <= 12
    assert 1 <= len(entry.reflections) <= 3 and unique_ids(list(entry.reflections))
    assert entry.authors and entry.summary
    if entry.element is not None:
        assert elements.problems(entry.element) == []
    check_figures(entry.figures)
    text = json.dumps([entry.reading, entry.reflections, entry.element], ensure_ascii=False)
    assert not EMAIL_OR_PHONE.search(text)


def test_search_finds_lemmas_by_title_and_by_concept():
    entries = lexicon.load_entries()
    assert lexicon.search(entries, "presentie")[0].entry.title == "Presentie"
    concept = entries[2].concepts[0]  # a key concept of 'Vertrouwen'
    assert any(h.entry.title == "Vertrouwen" for h in lexicon.search(entries, concept))
    assert lexicon.search(entries, "EVIDENCE based")[0].entry.number == 29
    assert len(lexicon.search(entries, "")) == 33
    assert lexicon.search(entries, "xyzzy-geen-lemma") == []


CSV_FILES = sorted(DATASETS_DIR.glob("*.csv"))


def test_every_dataset_is_described_and_every_description_has_a_file():
    assert {p.name for p in CSV_FILES} == set(descriptions())


def test_every_dataset_is_plotted_somewhere():
    used = {f["dataset"] for path in WORKBOOK_FILES for f in json.loads(path.read_text(encoding="utf-8")).get("figures", [])}
    used |= {f["dataset"] for entry in lexicon.load_entries() for f in entry.figures}
    assert used == {p.name for p in CSV_FILES}


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_dataset_matches_its_description(path):
    description = descriptions()[path.name]
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        header = reader.fieldnames
    assert header == [c.name for c in description.columns]
    assert "bron" in header and rows
    for row in rows:
        assert row["bron"].strip(), f"row without a source: {row}"
        for column in description.columns:
            assert column.type in TYPES, column
            value = row[column.name]
            if column.type == "getal" and value != "":
                float(value)
            if column.type == "geheel getal" and value != "":
                int(value)


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_dataset_rows_are_typed_as_described(path):
    from sw_exercises.datasets import load, rows
    columns, records = rows(path.name)
    frame = load(path.name)
    assert columns == list(frame.columns) and len(records) == len(frame)
    for column in descriptions()[path.name].columns:
        if column.type in ("getal", "geheel getal"):
            assert all(r[column.name] is None or isinstance(r[column.name], (int, float)) for r in records)
