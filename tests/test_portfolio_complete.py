"""The portfolio holds every kind of answer of every workbook, with each workbook's charts as images,
and shows names and free text exactly as typed (escaped in HTML, the same text read back from .docx).

The answers are found from the workbooks' own definitions (content files and models), not listed by
hand: every reflection, choice, Likert item and element of a workbook's content file, every Bogardus
group of the scale, every window, element and link of the Viervenster, every client voice and a
role trajectory with 'Toelichting' and ratings in 03, and the own learning point of an intervision
session. The expected text is built from the labels in those definitions, independently of the
code that writes the portfolio.
"""
import io
import zipfile
from html.parser import HTMLParser

import pytest

from sw_exercises import portfolio
from sw_exercises.i18n import content, t
from sw_exercises.intervision_record import SessionRecord, to_docx, to_html
from sw_exercises.models import bogardus, helper_roles, summary, viervenster
from sw_exercises.models.content import WORKBOOKS, _lemmas
from sw_exercises.store import AnswerStore

#: typed text with everything that may go wrong: accents, emoji, apostrophes, quotes, markup
TYPED = "Zoë O'Brien-Çelik 😀 zei: \"<script>alert('x')</script> & <b>vet</b>\""
NAME = "Anaïs d'Hondt \"Nina\" 🌱 <i>"
CASE = "Mevr. Ö'Neil \"de buurvrouw\" <b>"
GROUP = "Zoë's jongeren 😀"
INTERVISION = "92_intervisie"


class _Text(HTMLParser):
    """The text a reader sees in a page (entities decoded), without the charts' SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_svg = 0
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        self.in_svg += tag == "svg"
        self.in_head = self.in_head or tag == "head"

    def handle_endtag(self, tag):
        self.in_svg -= tag == "svg"
        self.in_head = self.in_head and tag != "head"

    def handle_data(self, data):
        if not self.in_svg and not self.in_head:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def word_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def word_pictures(data: bytes) -> list[tuple[str, bytes]]:
    """(description, PNG) of every picture in the document, in order."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    found = []
    for shape in doc.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        found.append((shape._inline.docPr.get("descr"), doc.part.related_parts[blip.embed].blob))
    return found


# --------------------------------------------------------------------------- every item kind

def _element_answers(spec, item):
    """(item, value, expected texts) for one element of a content file, from its definition."""
    kind = spec["type"]
    found = []
    if kind == "checklist":
        ticked = [i for n, i in enumerate(spec["items"]) if n % 2 == 0]
        found.append((item, [i["id"] for i in ticked], [i.get("label", i["id"]) for i in ticked]))
    elif kind == "rating":
        levels = spec["levels"]
        value = {i["id"]: n % len(levels) for n, i in enumerate(spec["items"])}
        expected = [f"{i.get('label', i['id'])}: {n % len(levels) + 1} · {levels[n % len(levels)]}"
                    for n, i in enumerate(spec["items"])]
        if spec.get("repeat"):
            for r in range(len(spec["repeat"]["options"])):
                found.append((f"{item}/{r}", value, expected + [spec["repeat"]["options"][r]]))
        else:
            found.append((item, value, expected))
    elif kind == "classify":
        categories = spec["categories"]
        value = {s["id"]: categories[n % len(categories)]["id"] for n, s in enumerate(spec["statements"])}
        found.append((item, value, [f"{s.get('text', s['id'])}: {categories[n % len(categories)].get('label')}"
                                    for n, s in enumerate(spec["statements"])]))
    elif kind == "path":
        positions = spec["positions"]
        value = [{"phase": phase, "position": positions[n % len(positions)]["id"]} for n, phase in enumerate(spec["phases"])]
        found.append((item, value, [f"{phase}: {positions[n % len(positions)].get('label')}"
                                    for n, phase in enumerate(spec["phases"])]))
    elif kind == "choice":
        option = spec["options"][-1]
        found.append((item, [option["id"]] if spec.get("multiple") else option["id"], [option["label"]]))
    elif kind == "ladder":
        rungs = spec["rungs"]
        found.append((item, {"current": rungs[0]["id"], "desired": rungs[-1]["id"]},
                      [rungs[0]["label"], rungs[-1]["label"]]))
    else:
        pytest.fail(f"an element type this test does not know yet: {kind}")
    if spec.get("note_prompt"):
        found.append((f"{item}/note", f"{TYPED} (toelichting {spec['id']})", [f"{TYPED} (toelichting {spec['id']})"]))
    return found


def answers_of(workbook: str) -> list[tuple[str, object, list[str]]]:
    """Every kind of answer ``workbook`` stores: (item, value, texts the portfolio must show)."""
    found = []
    data = content(workbook)
    for spec in data.get("reflections", []):
        text = f"{TYPED} (reflectie {spec['id']})"
        found.append((f"reflection/{spec['id']}", text, [text]))
    for spec in data.get("choices", []):
        option = spec["options"][-1]
        found.append((f"choice/{spec['id']}", [option["id"]] if spec.get("multiple") else option["id"], [option["label"]]))
    for spec in data.get("likerts", []):
        found.append((f"likert/{spec['id']}", 2, [spec["options"][1]]))
    for spec in data.get("elements", []):
        found += _element_answers(spec, f"element/{spec['id']}")
    if workbook == "10_lexicon":
        for lemma_id, entry in sorted(_lemmas().items()):
            if entry.get("element"):
                found += _element_answers(entry["element"], f"lemma/{lemma_id}/element")
            for prompt in entry.get("reflections", []):
                text = f"{TYPED} (lemma {lemma_id} {prompt['id']})"
                found.append((f"lemma/{lemma_id}/reflection/{prompt['id']}", text, [text]))
    if workbook == bogardus.WORKBOOK:
        scale = bogardus.load_scale()
        for n, group in enumerate(scale.groups):
            accepted = list(range(1 + n % 6, 7))
            found.append((f"bogardus/{group.id}", {"accepted": accepted, "excluded": False},
                          [group.label, f"afstand {accepted[0]}"]))
        own = bogardus.custom_group(GROUP)
        found.append(("groups/custom", [GROUP], [GROUP]))
        found.append((f"bogardus/{own.id}", {"accepted": [6], "excluded": False}, [f"Bogardus: {GROUP}", "afstand 6"]))
    if workbook == viervenster.WORKBOOK:
        m = viervenster.load_model()
        levels = dict(m.levels)
        for w in m.windows:
            found.append((f"case/c1/window/{w.id}", f"{TYPED} (venster {w.id})", [f"{TYPED} (venster {w.id})", CASE]))
        for n, e in enumerate(m.elements):
            value = list(levels)[n % len(levels)]
            found.append((f"case/c1/element/{e.id}", value, [e.label, levels[value]]))
        for n, link in enumerate(m.links):
            found.append((f"case/c1/link/{link.id}", n % len(m.link_levels), [m.link_levels[n % len(m.link_levels)]]))
        found.append(("case/c1/links", f"{TYPED} (verbindingen)", [f"{TYPED} (verbindingen)"]))
    if workbook == helper_roles.WORKBOOK:
        m = helper_roles.load_model()
        feature = m.features[0]
        phases = [{"name": f"Fase één 😀 {role.label}", "role": role.id, "features": {feature.id: n % 5},
                   "note": f"{TYPED} (toelichting {n})"} for n, role in enumerate(m.roles)]
        expected = [f"Fase één 😀 {role.label}: {role.label}" for role in m.roles]
        expected += [t("roles.note_in_export", note=f"{TYPED} (toelichting {n})") for n in range(len(m.roles))]
        expected += [f"{feature.negative.short} ↔ {feature.positive.short}: {n % 5 + 1} · " for n in range(len(m.roles))]
        found.append(("case/c1/phases", phases, expected))
        for n, statement in enumerate(m.statements):
            pole = helper_roles.POSITIVE if n % 2 else helper_roles.NEGATIVE
            found.append((f"voice/{statement.id}", {feature.id: pole},
                          [feature.positive.short if n % 2 else feature.negative.short]))
    if workbook == INTERVISION:
        text = f"{TYPED} (mijn leerpunt)"
        found.append(("group/g1/session/s1/learning", text, [text]))
    return found


ALL = (*WORKBOOKS, INTERVISION)


def filled_store(path) -> AnswerStore:
    """A store in which every kind of answer of every workbook is saved and ticked for sharing."""
    store = AnswerStore(path)
    for workbook in (viervenster.WORKBOOK, helper_roles.WORKBOOK):
        store.save(workbook, "cases", [{"id": "c1", "name": CASE}])
    store.save(INTERVISION, "groups", [{"id": "g1", "name": GROUP}])
    store.save(INTERVISION, "group/g1/sessions", [{"id": "s1", "name": "Sessie 'één'"}])
    for workbook in ALL:
        for item, value, _ in answers_of(workbook):
            store.save(workbook, item, value)
            store.set_shared(workbook, item, True)
    return store


@pytest.fixture
def full_store(tmp_path):
    return filled_store(tmp_path / "a.sqlite3")


def test_every_kind_the_registry_knows_is_filled_by_this_test():
    """A model that declares a new kind of answer must get a place in :func:`answers_of` (else this fails)."""
    summary.item_kinds("reflection")  # loads the models
    declared = set(summary._KINDS) | {"group"}
    filled = {item.partition("/")[0] for workbook in ALL for item, _, _ in answers_of(workbook)}
    assert declared <= filled, declared - filled
    for workbook in ALL:
        assert answers_of(workbook), workbook


@pytest.mark.parametrize("workbook", ALL)
def test_every_answer_of_the_workbook_is_in_the_html_and_the_word_file(full_store, workbook):
    html = portfolio.portfolio_html(full_store, name=NAME)
    docx = portfolio.portfolio_docx(full_store, name=NAME)
    shown, written = page_text(html), word_text(docx)
    for item, _, expected in answers_of(workbook):
        assert item in {r.item for r in portfolio.shared_answers(full_store) if r.workbook == workbook}
        for text in expected:
            assert text in shown, (item, text)
            assert text in written, (item, text)
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html


def test_each_workbooks_charts_are_inline_svg_in_html_and_pictures_in_word(full_store):
    revisions = portfolio.shared_answers(full_store)
    expected = []
    for workbook in ALL:
        answers = {r.item: r.value for r in revisions if r.workbook == workbook}
        expected += summary.portfolio_charts(workbook, answers, {"c1": CASE})
    drawn = {c.title for c in expected}
    # the charts the student sees: the Bogardus profile, the Viervenster, the role trajectory of 03,
    # the rating and path elements
    assert t("bogardus.profile_title") in drawn
    assert any(CASE in title and t("viervenster.chart_title") in title for title in drawn)
    assert any(CASE in title and t("roles.matrix_title") in title for title in drawn)
    for workbook in WORKBOOKS[3:]:
        for spec in content(workbook).get("elements", []):
            if spec["type"] in ("rating", "path"):
                assert spec["title"] in drawn, spec["title"]

    html = portfolio.portfolio_html(full_store, name=NAME)
    assert html.count("<figure class=\"sw-portfolio-chart\">") == len(expected)
    body = html.split("<body", 1)[1]
    assert html.count("<svg ") == len(expected) and "<img" not in body  # drawn in the page itself:
    assert "src=" not in body and "<script" not in body and "<link" not in html  # nothing fetched, no script
    shown = page_text(html)
    for chart in expected:
        assert chart.text in shown  # the text alternative is the caption

    pictures = word_pictures(portfolio.portfolio_docx(full_store, name=NAME))
    assert [d for d, _ in pictures] == [c.text for c in expected]
    from PIL import Image

    for _, png in pictures:
        image = Image.open(io.BytesIO(png)).convert("L")
        assert image.width >= 1000
        dark = sum(1 for value in image.tobytes() if value < 128)
        assert dark > 500, "the picture shows a drawing (not an empty or transparent image)"


def test_a_chart_is_drawn_from_shared_answers_only(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    store.save(bogardus.WORKBOOK, "bogardus/werklozen", {"accepted": [3, 4, 5, 6], "excluded": False})
    store.save(bogardus.WORKBOOK, "reflection/meeste_afstand", "tekst")
    store.set_shared(bogardus.WORKBOOK, "reflection/meeste_afstand", True)
    assert "<svg" not in portfolio.portfolio_html(store)
    store.set_shared(bogardus.WORKBOOK, "bogardus/werklozen", True)
    assert portfolio.portfolio_html(store).count("<svg ") == 1


# --------------------------------------------------------------------------- exactly as typed

def test_names_and_free_text_read_exactly_as_typed_in_html_and_word(full_store):
    html = portfolio.portfolio_html(full_store, name=NAME)
    shown = page_text(html)
    assert t("portfolio.made", who=NAME, date="")[:-1] in shown  # 'Gemaakt door <name> op'
    assert NAME in shown and TYPED in shown and CASE in shown and GROUP in shown
    for raw in (NAME, TYPED, CASE):
        assert raw not in html, "markup and quotes are escaped in the page"
    assert "<i>" not in html.split("<body", 1)[1] and "<b>" not in html.split("<body", 1)[1]
    written = word_text(portfolio.portfolio_docx(full_store, name=NAME))
    assert NAME in written and TYPED in written and CASE in written and GROUP in written


def test_the_page_shell_is_one_for_every_export(full_store):
    pages = [portfolio.portfolio_html(full_store, name=NAME),
             to_html(SessionRecord(GROUP, "Sessie 1", None, learning=TYPED))]
    from sw_exercises.classroom.overview import build_overview
    from sw_exercises.classroom.report import overview_html
    pages.append(overview_html(build_overview([], threshold=5), charts=False))
    for page in pages:
        assert page.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
        assert page.count("<h1>") == 1 and "@media print" in page
        assert "name=\"viewport\" content=\"width=device-width, initial-scale=1\"" in page


def test_the_intervision_record_shows_names_and_text_exactly_as_typed():
    record = SessionRecord(GROUP, CASE, None, participants=[NAME, "Bram"], roles={"voorzitter": NAME},
                           notes=[("1. Inbreng", TYPED)], learning=f"{TYPED} leerpunt",
                           afspraken=[{"text": f"{TYPED} afspraak", "owner": NAME, "status": "open"}])
    html = to_html(record)
    shown = page_text(html)
    for text in (GROUP, CASE, NAME, TYPED, f"{TYPED} leerpunt", f"{TYPED} afspraak"):
        assert text in shown, text
    assert "<script>alert" not in html
    written = word_text(to_docx(record))
    for text in (GROUP, CASE, NAME, TYPED, f"{TYPED} leerpunt", f"{TYPED} afspraak"):
        assert text in written, text
    with zipfile.ZipFile(io.BytesIO(to_docx(record))) as z:
        assert "<script>" not in z.read("word/document.xml").decode()
