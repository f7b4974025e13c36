"""All interface text comes from data; a new language needs only new files."""
import json
import re
from pathlib import Path

import pytest

from sw_exercises import i18n
from sw_exercises.formats import format_date, format_datetime, format_number, format_time
from sw_exercises.models import bogardus

PACKAGE = Path(i18n.__file__).parent
NL = PACKAGE / "locales" / "nl"


@pytest.fixture
def english(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    catalog = Catalog(locale="en", domain="werkboek")
    catalog.add("status.empty", "Not answered yet")
    with (tmp_path / "en" / "LC_MESSAGES" / "werkboek.mo").open("wb") as fh:
        write_mo(fh, catalog)
    data = json.loads((NL / "bogardus.json").read_text(encoding="utf-8"))
    data["relations"][0]["label"] = "relative (family or marriage)"
    (tmp_path / "en" / "bogardus.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(i18n.EXTRA_LOCALES_ENV, str(tmp_path))
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    i18n.clear_cache()
    yield
    i18n.clear_cache()


def test_an_added_language_is_used_without_code_changes(english):
    assert i18n.t("status.empty") == "Not answered yet"
    assert bogardus.load_scale().relations[0].label == "relative (family or marriage)"
    # missing files and keys fall back to Dutch
    assert i18n.content("01_sociale_afstand")["title"].startswith("01")


def test_dutch_numbers_use_a_decimal_comma():
    assert format_number(0.9, 2) == "0,90"
    assert format_number(12345.678, 1) == "12345,7"  # no thousands dot: scores, not money
    assert format_number(39.0, None) == "39" and format_number(1.9, None) == "1,9"


def test_dates_and_times_follow_the_language_in_local_time(monkeypatch):
    from datetime import date, datetime, timedelta, timezone
    moment = datetime(2026, 12, 18, 14, 5, 9, tzinfo=timezone(timedelta(hours=1))).astimezone(timezone.utc)
    local = moment.astimezone()
    assert format_date(date(2026, 12, 18)) == "18-12-2026"
    assert format_date(date(2026, 3, 1), "long") == "1 maart 2026"
    assert format_datetime(moment) == local.strftime("%d-%m-%Y %H:%M")
    assert format_time(moment) == local.strftime("%H:%M:%S")
    assert format_datetime(moment, "moment") == local.strftime("%d-%m %H:%M:%S")
    monkeypatch.setenv("WERKBOEK_TAAL", "en")
    assert format_date(date(2026, 3, 1), "long") == "1 March 2026"
    assert format_date(date(2026, 12, 18)) == "18/12/2026"
    assert format_number(0.9, 2) == "0.90"


def test_every_text_key_used_in_the_code_exists_in_dutch():
    ui = i18n.ui_tree("nl")
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'ValueError\("([a-z_]+\.[a-z_]+)"\)', path.read_text(encoding="utf-8")))
    assert len(used) > 30
    for key in used:
        node = ui
        for part in key.split("."):
            assert part in node, f"missing Dutch text for {key}"
            node = node[part]


def test_widget_code_holds_no_dutch_interface_strings():
    """Labels belong in locales/: a crude check for Dutch words in string literals of the views."""
    suspicious = re.compile(r"""["'][^"'\n]*\b(je|jouw|niet|opgeslagen|groep|antwoord)\b[^"'\n]*["']""", re.I)
    for path in (PACKAGE / "widgets").rglob("*.py"):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if suspicious.search(code) and '"""' not in code:
                pytest.fail(f"{path.name}:{lineno} looks like interface text in code: {line.strip()}")


def _tool():
    import importlib.util
    spec = importlib.util.spec_from_file_location("i18n_tool", PACKAGE.parent / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_compiled_catalog_is_up_to_date_with_its_po():
    tool = _tool()
    assert "nl" in tool.languages()
    for lang in tool.languages():
        po = tool.po_path(lang)
        assert po.with_suffix(".mo").read_bytes() == tool.mo_bytes(po), \
            f"{po.with_suffix('.mo').name} of {lang} is older than its .po: run python tools/i18n.py compile"


def test_every_translation_has_exactly_the_placeholders_of_the_dutch_text():
    fields = re.compile(r"{(\w*)[^{}]*}")
    dutch = i18n.texts("nl")
    for lang in _tool().languages():
        for key, text in i18n.texts(lang).items():
            assert key in dutch, f"{lang}: {key} is not a Dutch key"
            assert sorted(fields.findall(text)) == sorted(fields.findall(dutch[key])), f"{lang}: {key}"


def test_babel_extract_finds_the_keys_of_the_code_in_the_dutch_catalog():
    found = set(_tool().extract_keys())
    assert len(found) > 300
    assert found <= set(i18n.texts("nl")), sorted(found - set(i18n.texts("nl")))


def test_every_count_text_has_a_form_for_one_in_every_language():
    root = Path(__file__).resolve().parents[1] / "sw_exercises"
    keys = sorted({m.group(1) for p in root.rglob("*.py")
                   for m in re.finditer(r"""\btn\(\s*["']([a-z0-9_.]+)["']""", p.read_text(encoding="utf-8"))})
    assert len(keys) >= 10
    for lang in ("nl", "en"):
        texts = i18n.texts(lang)
        missing = [k for k in keys for form in (k, f"{k}_one") if not texts.get(form)]
        assert not missing, f"{lang}: no text for {missing}"
        # the form for one has the other fields of the plural (only {n} may be written out as 1)
        fields = {k: set(re.findall(r"\{(\w+)\}", texts[k])) - {"n"} for k in keys}
        assert {k: set(re.findall(r"\{(\w+)\}", texts[f"{k}_one"])) - {"n"} for k in keys} == fields


@pytest.mark.parametrize("lang, one, many", [
    ("nl", "1 mogelijk persoonsgegeven in", "3 mogelijke persoonsgegevens in"),
    ("en", "1 possible personal detail in", "3 possible personal details in")])
def test_a_count_of_one_reads_as_one(monkeypatch, lang, one, many):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, lang)
    assert one in i18n.tn("share.found", 1) and many in i18n.tn("share.found", 3)
    assert "versie(s)" not in i18n.tn("portfolio.versions", 1, date="1-1-2027")
