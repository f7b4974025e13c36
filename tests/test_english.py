"""In English, no Dutch interface text is left (issue 20, point 5).

1. Every view of every workbook in workbooks/ (found, not listed) is built in this process with
   ``WERKBOEK_TAAL=en`` on an empty answer store, exactly as its notebook builds it (the code cells are
   run: tests/test_accessibility_static.py). The widget trees are walked and every text a student can
   read is collected: descriptions, tooltips, placeholders, option labels, button texts, HTML and
   Label values with their tags stripped (and their title, aria-label, alt and placeholder
   attributes), the texts of front-end widgets, and what the views say after an answer is typed and
   after every button was pressed once.
   CONTENT is then taken out: every string of the content files (``locales/nl/*.json``: readings,
   questions, cases, model labels; they stay Dutch, docs/VERTALEN.md), the datasets' own labels, and
   what this test typed. Whatever is left must hold no Dutch word (a list of Dutch words that are not
   English words); every offending text is reported with the workbook, the cell and the widget.
2. Every key the code passes to ``t()`` (and the app frame's templates to their filter ``t``) exists
   in Dutch and has an English text with the same placeholders.
3. No Dutch text that a user reads bypasses the catalog: the string literals of ``sw_exercises/**/*.py``
   (docstrings, log calls and exception messages for developers left out) hold no Dutch words.
"""
from __future__ import annotations

import ast
import csv
import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as W
import pytest

from sw_exercises import i18n

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sw_exercises"
NOTEBOOKS = sorted((ROOT / "workbooks").glob("*.ipynb"))
sys.path.insert(0, str(Path(__file__).parent))
from test_accessibility_static import cell_widgets, walk  # noqa: E402

#: Dutch words that are no English words (matched as whole words, any case). A text in English has
#: none of them; a Dutch text of more than a few words nearly always has one.
DUTCH_WORDS = """
de het een je jouw jij jullie ik mijn mij ons onze van niet naar wordt worden werd zijn bent heeft hebt
heb nog ook maar dit deze dat wat waar hier daar met voor bij uit geen alle alles nieuw nieuwe opslaan
opgeslagen bewaard bewaren antwoord antwoorden vraag vragen bestand bestanden map docent docenten
werkboek werkboeken groep groepen terug verder stap stappen naam klik kies kiezen kun kunt kan moet
mag wil welke wie hoe waarom wanneer toch dan toe zich zelf als om te op tot wel nu zo er omdat
ingevuld invullen delen gedeeld inleveren ingeleverd verslag sessie leeg vul opnieuw sluit laad
nee gelukt mislukt fout keuze kiest gekozen eigen tijd datum uur minuten tekst regel regels
vernieuw verwijder verwijderen toevoegen voeg gegevens privacy-check downloaden wachten
""".split()
DUTCH = re.compile(r"(?<![\w'-])(" + "|".join(sorted(map(re.escape, set(DUTCH_WORDS)), key=len, reverse=True))
                   + r")(?![\w'-])", re.IGNORECASE)
#: Names that are Dutch and stay Dutch in every language: the product, its files and settings.
NAMES = re.compile(r"Sociaal Werkboek|WERKBOEK_[A-Z_]+|\b[\w.-]+\.(?:json|sqlite3|log|html|docx|zip|ipynb|csv|txt)\b"
                   r"|\bwerkruimte\b|\binlevermap\b|\.werkboek\b|^\s*werkboek\s*$|\bmake (?:app|lab|test|check|bench|strip)\b|\bwerkboek (?:app|backup|inlevermap|klaarzetten|klas|pakket)\b|\b(?:werkboek|sw)-[\w-]+|(?<![\w.])[~.]?/[\w.-]+(?:/[\w.-]*)+")
#: Traits that hold no text a student reads.
NOT_TEXT = {"_dom_classes", "_model_module", "_model_module_version", "_model_name", "_view_module",
            "_view_module_version", "_view_name", "_esm", "_css", "_anywidget_id", "icon", "button_style",
            "box_style", "bar_style", "orientation", "accept", "layout", "style", "tabbable", "msg_id",
            "children", "outputs", "value", "options", "index", "error"}
BLOCK = {"p", "div", "li", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
         "section", "summary", "details", "caption", "dt", "dd", "text", "title", "option", "label", "span"}
TYPED = "A test answer about practice"


def norm(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links: their text
    text = re.sub(r"[*`#>]+|(?<!\w)_+|_+(?!\w)", " ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


#: Marks a block of text drawn inside an SVG chart (a label there may be wrapped over several lines).
SVG_MARK = "\x00"


class _Text(HTMLParser):
    ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "aria-description")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.svg = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "svg":
            self.svg += 1
        if tag in BLOCK:
            self.parts.append("\n" + (SVG_MARK if self.svg else ""))
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.parts.append(f"\n{value}\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if tag == "svg":
            self.svg = max(0, self.svg - 1)
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(value: str) -> list[str]:
    """The texts an HTML value shows: one per block (tags stripped), and its attribute texts; a text
    drawn in an SVG chart starts with :data:`SVG_MARK`."""
    parser = _Text()
    parser.feed(value)
    parser.close()
    blocks = "".join(parser.parts).split("\n")
    return [(SVG_MARK if b.startswith(SVG_MARK) else "") + norm(b.replace(SVG_MARK, "")) for b in blocks
            if norm(b.replace(SVG_MARK, ""))]


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)


def content_texts() -> list[str]:
    """Every content string, normalised, longest first: what the content files and datasets say."""
    found: set[str] = set()
    for path in sorted((PACKAGE / "locales" / "nl").rglob("*.json")):
        found |= {norm(s) for s in _strings(json.loads(path.read_text(encoding="utf-8")))}
    for path in sorted((ROOT / "datasets").glob("*.json")):
        found |= {norm(s) for s in _strings(json.loads(path.read_text(encoding="utf-8")))}
    for path in sorted((ROOT / "datasets").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            found |= {norm(cell) for row in csv.reader(fh) for cell in row}
    found |= {norm(text) for text in html_markdown_of_content(found)}
    found.add(TYPED)
    return sorted((s for s in found if len(s) > 1), key=len, reverse=True)


def html_markdown_of_content(found: set[str]) -> list[str]:
    """Content as the views show it: Markdown turned into text (a list item per line)."""
    out = []
    for text in found:
        out += [line.strip(" -0123456789.") for line in re.split(r"\s[-*] |\s\d+\. ", text) if line.strip()]
    return out


def widget_texts(widget: W.Widget) -> list[tuple[str, str]]:
    """(trait, text) for every text ``widget`` shows."""
    texts: list[tuple[str, str]] = []
    for name in widget.keys:
        if name in NOT_TEXT:
            continue
        value = getattr(widget, name)
        if name == "_options_labels":
            texts += [(name, norm(str(v))) for v in value]
        elif isinstance(value, str):
            texts += [(name, t) for t in html_text(value)]
        elif isinstance(value, (dict, list, tuple)):
            texts += [(name, t) for s in _strings(value) for t in html_text(s)]
    if isinstance(widget, (W.HTML, W.HTMLMath, W.Label)):
        texts += [("value", t) for t in html_text(widget.value)]
    if isinstance(widget, W.Output):
        for output in widget.outputs:
            data = output.get("data", {})
            for kind in ("text/html", "text/markdown", "text/plain"):
                if kind in data:
                    texts += [(f"output {kind}", t) for t in html_text(str(data[kind]))]
            if output.get("text"):
                texts += [("output text", t) for t in html_text(output["text"])]
    for tab_title in getattr(widget, "titles", ()) or ():
        texts.append(("titles", norm(str(tab_title))))
    return texts


class Content:
    """The content strings, and how to find them in a text the views show."""

    def __init__(self, texts: list[str]):
        self.whole = {s for s in texts if "{" not in s}
        #: Taken out of a longer text: content of two words or more (one word could be anything).
        self.texts = [s for s in texts if "{" not in s and " " in s]
        #: Content with placeholders (a model's feedback: 'Je accepteert {group} als ...'): any value.
        self.patterns = [re.compile(".+?".join(re.escape(p) for p in re.split(r"{\w*}", s)))
                         for s in texts if re.search(r"{\w*}", s) and " " in re.sub(r"{\w*}", "", s).strip()]
        self.corpus = "\n".join(self.texts)
        dutch = i18n.texts("nl")
        self.interface = [(re.compile(".+?".join(re.escape(norm(p)) for p in re.split(r"{[^{}]*}", text)) + "$"),
                           len(re.sub(r"{[^{}]*}", "", text).strip()))
                          for text in dutch.values() if len(re.sub(r"{[^{}]*}", "", text).strip()) > 3]

    def is_interface(self, text: str) -> bool:
        """``text`` is a Dutch catalog text (its fixed words make up at least half of it)."""
        return any(fixed * 2 >= len(text) and p.match(text) for p, fixed in self.interface)

    def holds(self, text: str, *, svg: bool) -> bool:
        """``text`` is (a part of) one content string: a long part, or a wrapped line of a chart."""
        if text.rstrip(":.").strip() in self.whole:
            return not self.is_interface(text)
        if text not in self.corpus or self.is_interface(text):
            return False
        return svg or len(text.split()) >= 5


def dutch_left(text: str, content: Content) -> list[str]:
    """The Dutch words in ``text`` once the content and names in it are taken out."""
    svg = text.startswith(SVG_MARK)
    text = text.lstrip(SVG_MARK)
    if not DUTCH.search(text):
        return []
    rest = NAMES.sub(" ", text)
    if content.holds(rest.strip(), svg=svg):
        return []
    parts = re.split(r"\s+·\s+", rest)  # '3 · label': a number or a text with a content label
    if len(parts) > 1:
        rest = " · ".join(p for p in parts if not content.holds(p.strip(), svg=svg))
    for piece in content.texts:
        if piece in rest:
            rest = re.sub(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", " ", rest)
            if not DUTCH.search(rest):
                return []
    for pattern in content.patterns:
        rest = pattern.sub(" ", rest)
    # a Dutch title quoted in an English sentence ('Sociaal werk in de wijk'): a name from the content
    rest = re.sub(r"'([^']{3,})'", lambda m: " " if " " in m.group(1) and m.group(1) in content.corpus
                  else m.group(0), rest)
    return sorted({m.lower() for m in DUTCH.findall(rest)})


def untranslated_keys() -> set[str]:
    """Keys of the Dutch catalog without an English text (they show Dutch until translated)."""
    english = i18n.texts("en")
    return {key for key in i18n.texts("nl") if not english.get(key, "").strip()}


def catalog_keys(text: str) -> list[str]:
    """The keys whose Dutch text ``text`` shows (placeholders match anything)."""
    found = []
    for key, dutch in i18n.texts("nl").items():
        parts = [norm(part) for part in re.split(r"{[^{}]*}", dutch)]
        fixed = "".join(parts)
        pattern = ".+?".join(map(re.escape, parts))
        if not re.search(r"[^\W\d_]{3,}", fixed):
            continue  # '{a}, {b}': only values, could be anything
        if re.fullmatch(pattern, text) or (
                len(fixed.strip()) >= 8 and re.search(r"(?<!\w)" + pattern + r"(?!\w)", text)):
            found.append(key)
    return found


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    folder = tmp_path_factory.mktemp("english")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WERKBOEK_MAP", str(folder / "werkruimte"))
        mp.setenv("WERKBOEK_TAAL", "en")
        mp.delenv("WERKBOEK_INLEVERMAP", raising=False)
        mp.chdir(folder)
        from sw_exercises import answers
        from sw_exercises.widgets import common
        mp.setattr(common, "_shared", {})  # a fresh kernel: no state or answer book made by earlier
        mp.setattr(answers, "_books", {})  # tests (in Dutch, on another answer store)
        i18n.clear_cache()
        yield folder
    i18n.clear_cache()


@pytest.fixture(scope="module")
def content():
    return Content(content_texts())


def collect(notebook: Path) -> list[tuple[str, str, str]]:
    """(where, trait, text) of every text the notebook's views show, before and after typing and pressing."""
    shown = cell_widgets(notebook)
    if notebook.stem == NOTEBOOKS[0].stem:
        from sw_exercises.widgets.watch import KernelWatch
        shown.append(("(kernel watch)", KernelWatch()))
    found = []

    def gather(stage: str) -> None:
        for source, root in shown:
            for widget in walk(root):
                where = f"{notebook.name} · {source.splitlines()[-1]} · {type(widget).__name__}{stage}"
                found.extend((where, trait, text) for trait, text in widget_texts(widget))

    gather("")
    for source, root in shown:  # what the views say once something is typed (saved, counted, checked)
        for widget in list(walk(root)):
            if isinstance(widget, W.Textarea) and not widget.disabled:
                widget.value = TYPED
    gather(" (after typing)")
    for source, root in shown:  # ... and once every button a student can see was pressed
        for widget in list(visible_buttons(root)):
            if not widget.disabled:
                widget.click()
    gather(" (after the buttons)")
    failed = [f"{source.splitlines()[-1]}: {w.value}" for source, root in shown for w in walk(root)
              if "sw-handler-error" in getattr(w, "_dom_classes", ()) and w.value]
    assert not failed, f"{notebook.name}: pressing a button failed:\n" + "\n".join(failed)
    return found


def visible_buttons(widget: W.Widget):
    """The buttons in ``widget`` that are not hidden (``layout.display == 'none'`` on them or a box around)."""
    if getattr(getattr(widget, "layout", None), "display", None) == "none":
        return
    if isinstance(widget, W.Button):
        yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from visible_buttons(child)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_dutch_interface_text_is_left_in_english(english, content, notebook):
    offending = {}
    for where, trait, text in collect(notebook):
        words = dutch_left(text, content)
        if words:
            offending.setdefault((text.lstrip(SVG_MARK), ", ".join(words)), f"{where}.{trait}")
    untranslated = untranslated_keys()
    report = []
    for (text, words), where in sorted(offending.items(), key=lambda x: x[1]):
        keys = catalog_keys(text)
        if keys:
            said = "; ".join(f"key {k} ({'no English text yet' if k in untranslated else 'has English'})"
                             for k in keys)
        else:
            said = "NOT IN THE CATALOG: move it to werkboek.po"
        report.append(f"  [{words}] {text[:160]!r}\n      at {where}; {said}")
    assert not report, (f"{notebook.name}: {len(report)} Dutch interface texts in English:\n" + "\n".join(report))


def test_the_check_finds_dutch_and_passes_english_and_content(content):
    assert dutch_left("Je antwoord is opgeslagen", content) == ["antwoord", "je", "opgeslagen"]
    assert dutch_left("Your answer has been saved at 14:05", content) == []
    assert dutch_left("Sociaal Werkboek: open antwoorden.sqlite3 in WERKBOEK_MAP", content) == []
    assert dutch_left("Start the app again (make app or werkboek app).", content) == []
    title = next(s for s in content.texts if s.count(" ") >= 3 and "'" not in s and DUTCH.search(s))
    assert dutch_left(f"The profile '{title}' is quoted", content) == []
    assert dutch_left("The profile 'zie je het niet' is quoted", content) != []
    reading = norm(i18n.content("01_sociale_afstand")["reflections"][0]["prompt"])
    assert DUTCH.search(reading) and dutch_left(reading, content) == []
    assert dutch_left(f"Question: {reading}", content) == []
    assert dutch_left(f"Vraag: {reading}", content) == ["vraag"]
    assert html_text("<p title='Klik hier'>Save <b>now</b></p>") == ["Klik hier", "Save now"]


def test_every_text_key_of_the_code_has_an_english_text():
    sys.path.insert(0, str(ROOT / "tools"))
    import i18n as tool
    templates = "".join(p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.j2")))
    keys = sorted(set(tool.extract_keys()) | set(re.findall(r'{{ "([\w.]+)" \| t\b', templates)))
    dutch_keys = i18n.texts("nl")
    keys = sorted(set(keys) | {f"{k}_one" for k in keys if f"{k}_one" in dutch_keys})  # tn(): the text for one
    dutch, english = i18n.texts("nl"), i18n.texts("en")
    assert len(keys) > 300
    assert not [k for k in keys if k not in dutch], "keys without a Dutch text"
    fields = re.compile(r"{(\w*)[^{}]*}")
    wrong = [k for k in keys if k in english and sorted(fields.findall(english[k])) != sorted(fields.findall(dutch[k]))]
    assert not wrong, f"English texts with other placeholders than the Dutch: {wrong}"
    missing = [k for k in keys if not english.get(k, "").strip()]
    assert not missing, (f"{len(missing)} keys of the code have no English text in "
                         f"locales/en/LC_MESSAGES/werkboek.po:\n  " + "\n  ".join(missing))


# --- Dutch text in the code that bypasses the catalog ---------------------------------------------

#: Files whose Dutch strings are data, not interface (with why).
DATA_FILES = {
    "privacy_words.py": "word lists the privacy check searches student texts for",
    "privacy.py": "short words the privacy check does not read as postcode letters",
}
#: Calls whose string arguments are for developers, not students.
DEVELOPER_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log", "getLogger",
                   "KeyError", "TypeError", "RuntimeError", "AssertionError", "NotImplementedError",
                   "FileNotFoundError", "LookupError"}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _developer_strings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in DEVELOPER_CALLS:
                ids |= {id(n) for arg in node.args for n in ast.walk(arg)}
        if isinstance(node, ast.Raise) and node.exc is not None and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.endswith("Error") and name not in ("WriteError", "StoreError"):
                ids |= {id(n) for arg in node.exc.args for n in ast.walk(arg)}
    return ids


def dutch_literals(path: Path, base: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _developer_strings(tree)
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if " " not in text.strip() and id(node) not in in_fstring:
                continue  # one word: a key, a file or folder name, an option's value, a CSS class
            words = DUTCH.findall(NAMES.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text))))
            if len(words) >= 2 or (words and len(text.split()) <= 3):
                found.append(f"{path.relative_to(base)}:{node.lineno}: {text[:100]!r} [{', '.join(words)}]")
    return found


def test_no_dutch_interface_text_in_the_code():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in DATA_FILES:
            continue
        found += dutch_literals(path)
    assert not found, ("Dutch text in the code (move it to werkboek.po and use t()):\n  " + "\n  ".join(found))


def test_the_code_scan_finds_a_dutch_label(tmp_path):
    code = tmp_path / "view.py"
    code.write_text('"""Een docstring van de module."""\nimport logging\n'
                    'logging.getLogger("x").info("dit is voor de ontwikkelaar")\n'
                    'label = "Jouw antwoord"\nkey = "status.empty"\nclasses = "sw-save-status"\n'
                    'where = f"antwoord {n}"\nfolder = "werkruimte"\n', encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in dutch_literals(code, tmp_path)] == [
        "'Jouw antwoord' [Jouw, antwoord]", "'antwoord ' [antwoord]"]


def template_texts(source: str) -> list[str]:
    """The literal texts of a Jinja template: element text and JavaScript strings, without Jinja
    expressions and comments, style sheets, SVG drawings and JavaScript comments."""
    code = re.sub(r"{#.*?#}|{{.*?}}|{%.*?%}|<style>.*?</style>|<svg.*?</svg>", " ", source, flags=re.S)
    code = re.sub(r"(?<![:\w])//[^\n]*|/\*.*?\*/", " ", code, flags=re.S)
    found = re.findall(r'"([^"\n]*)"|>([^<>\n]+)<', code)
    return [s.strip() for pair in found for s in pair if s.strip()]


TEMPLATES = sorted([*PACKAGE.glob("templates/*.html"), *PACKAGE.glob("share/**/*.j2")])


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_dutch_in_the_templates(path):
    """Templates (the exports' and the app frame's) get every text from the catalog."""
    found = [s for s in template_texts(path.read_text(encoding="utf-8")) if DUTCH.search(NAMES.sub(" ", s))]
    assert not found, f"{path.relative_to(ROOT)}: Dutch text in the template (use t): {found}"


def test_the_template_check_finds_dutch():
    source = ('{#- Een opmerking voor ontwikkelaars -#}<p>{{ "app.opening" | t }}</p><button>Opnieuw laden</button>'
              '<script>// dit is een opmerking\nwarn("Het werkboek staat stil");</script>')
    assert template_texts(source) == ["Opnieuw laden", "Het werkboek staat stil"]
