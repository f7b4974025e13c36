"""The student's side: private by default, a privacy check before export, and the exports themselves."""
import io
import json
import zipfile

import pytest

from sw_exercises import handin, portfolio
from sw_exercises.store import AnswerStore
from sw_exercises.catalog import workbook_title
from sw_exercises.widgets.portfolio import PortfolioView

WB = "01_sociale_afstand"


@pytest.fixture
def store(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    store.save(WB, "reflection/meeste_afstand", "Ik voel afstand.\nMail me: jan@example.nl <b>vet</b>")
    store.save(WB, "reflection/afstand_in_praktijk", "privé verhaal")
    store.save(WB, "bogardus/werklozen", {"accepted": [3, 4, 5, 6], "excluded": False})
    return store


def test_nothing_is_shared_until_the_student_ticks_it(store):
    assert portfolio.shared_answers(store) == []
    data = portfolio.handin_data(store)
    assert data["answers"] == [] and "name" not in data
    assert data["pseudonym"].startswith("student-") and data["pseudonym"] == portfolio.pseudonym(store)


def test_exports_carry_only_shared_answers_under_a_pseudonym(store, tmp_path):
    store.set_shared(WB, "reflection/meeste_afstand", True)
    store.set_shared(WB, "bogardus/werklozen", True)
    paths = portfolio.write_exports(store, tmp_path / "mijn-export")
    by_kind = {p.suffix: p for p in paths}
    data = handin.loads(by_kind[".json"].read_bytes())
    assert {a["item"] for a in data["answers"]} == {"reflection/meeste_afstand", "bogardus/werklozen"}
    html = by_kind[".html"].read_text(encoding="utf-8")
    assert "privé verhaal" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html and "@media print" in html
    assert "Waar voel je de meeste afstand?" in html and "afstand 3" in html
    with zipfile.ZipFile(io.BytesIO(by_kind[".docx"].read_bytes())) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "Ik voel afstand." in xml and "privé verhaal" not in xml


def test_the_name_appears_only_when_the_student_adds_it(store, tmp_path):
    store.set_shared(WB, "reflection/meeste_afstand", True)
    assert "Fatima" not in json.dumps(portfolio.handin_data(store))
    assert portfolio.handin_data(store, name="Fatima El Amrani")["name"] == "Fatima El Amrani"


def test_the_check_shows_where_personal_data_is_and_a_fix_is_saved_as_a_new_version(store, tmp_path):
    store.set_shared(WB, "reflection/meeste_afstand", True)
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    assert view.export(("json",)) == []  # blocked: an e-mail address is in a shared answer
    assert "jan@example.nl" in view.findings.children[1].children[0].value
    editor = view.findings.children[1].children[1]
    editor.value = "Ik voel afstand."
    view._fix(WB, "reflection/meeste_afstand", editor.value)
    assert view.check() == 0
    assert [r.value for r in store.history(WB, "reflection/meeste_afstand")][-1] == "Ik voel afstand."
    paths = view.export(("json",))
    assert len(paths) == 1 and paths[0].exists()


def test_names_from_the_students_list_are_found_and_confirming_allows_export(store, tmp_path):
    store.save(WB, "reflection/afstand_in_praktijk", "Mevrouw Zoë de Wit belde")
    store.set_shared(WB, "reflection/afstand_in_praktijk", True)
    view = PortfolioView(store=store, export_dir=tmp_path / "out")
    view.names.value = "zoe de wit"
    assert view.check() == 1
    view.confirm.value = True
    assert view.export(("html",))


def test_sharing_is_remembered_and_the_pseudonym_can_be_changed(store, tmp_path):
    view = PortfolioView(store=store, export_dir=tmp_path)
    box = next(iter(view.share_boxes.values()))
    box.value = True
    assert len(store.shared()) == 1
    view.pseudonym.value = "mijn-eigen_naam1"
    assert portfolio.pseudonym(store) == "mijn-eigen_naam1"
    view.pseudonym.value = "Jan Jansen"  # a space is not allowed: refused, previous kept
    assert "3 tot 40" in view.message.value and portfolio.pseudonym(store) == "mijn-eigen_naam1"


# --- intervision: only your own contribution ------------------------------------------------------

IV = "92_intervisie"


@pytest.fixture
def group_store(tmp_path):
    """One group (Amira, Bas, Chris), two sessions: Bas brought in a case, then Amira (this student)."""
    store = AnswerStore(tmp_path / "iv.sqlite3")
    store.save(IV, "groups", [{"id": "g3", "name": "Groep 3"}])
    store.save(IV, "group/g3/sessions", [{"id": "s1", "name": "Sessie maart"}, {"id": "s2", "name": "Sessie april"}])
    people = ["Amira", "Bas", "Chris"]
    for session, bringer in (("s1", "Bas"), ("s2", "Amira")):
        item = f"group/g3/session/{session}/"
        store.save(IV, item + "meta", {"method": "incidentmethode", "participants": people,
                                       "roles": {"inbrenger": bringer, "voorzitter": "Chris"}})
        store.save(IV, item + "notes/incident_beschrijven", f"Casus van {bringer}: de cliënt wil niet praten.")
        store.save(IV, item + "lens/vier_vensters/inwoner", f"De cliënt van {bringer} woont alleen.")
        store.save(IV, item + "agreements", f"{bringer} belt de wijkagent.")
        store.save(IV, item + "learning", f"Ik leerde doorvragen ({session}).")
    store.save(IV, "group/g3/privacy_names", ["Jansen"])
    store.save(WB, "reflection/meeste_afstand", "Mijn eigen reflectie.")
    for rev in store.answers():  # sharing flags set earlier, also for what is not one's own
        store.set_shared(rev.workbook, rev.item, True)
    return store


def test_only_own_learning_points_of_intervision_are_shareable():
    assert portfolio.shareable(IV, "group/g3/session/s1/learning")
    for item in ("group/g3/session/s1/notes/feitenvragen", "group/g3/session/s1/lens/zes_rollen/rol",
                 "group/g3/session/s1/agreements", "group/g3/session/s1/meta", "group/g3/privacy_names",
                 "group/g3/sessions", "groups", "group/g3/session/s1/timer/incidentmethode",
                 "group/g3/session/s1/learning/extra"):
        assert not portfolio.shareable(IV, item), item
    assert portfolio.shareable(WB, "reflection/meeste_afstand")


def test_notes_about_other_members_cases_are_never_handed_in_even_when_flagged(group_store, tmp_path):
    shared = {(r.workbook, r.item) for r in portfolio.shared_answers(group_store)}
    assert shared == {(IV, "group/g3/session/s1/learning"), (IV, "group/g3/session/s2/learning"),
                      (WB, "reflection/meeste_afstand")}
    paths = portfolio.write_exports(group_store, tmp_path / "out")
    for path in paths:
        text = path.read_text(encoding="utf-8") if path.suffix != ".docx" else \
            zipfile.ZipFile(path).read("word/document.xml").decode()
        assert "Ik leerde doorvragen (s1)" in text and "Ik leerde doorvragen (s2)" in text
        for other in ("Casus van Bas", "woont alleen", "wijkagent", "Chris", "Jansen"):
            assert other not in text, (path.suffix, other)
    data = handin.loads(next(p for p in paths if p.suffix == ".json").read_bytes())
    assert {a["item"] for a in data["answers"] if a["workbook"] == IV} == {
        "group/g3/session/s1/learning", "group/g3/session/s2/learning"}


def test_workbook_90_offers_only_own_learning_points_of_intervision_by_name(group_store, tmp_path):
    view = PortfolioView(store=group_store, export_dir=tmp_path / "out")
    offered = [f"{workbook_title(wb)} · {box.description}" for (wb, _), box in view.share_boxes.items()]
    intervision = [title for title in offered if "ntervisie" in title]
    assert len(intervision) == 2
    assert any("Leerpunt intervisie · Groep 3 · Sessie maart" in title for title in intervision)
    previews = [w.value for section in view.items.children for row in section.children[2:] for w in row.children[1:]]
    assert previews and not any("Casus van" in p or "wijkagent" in p for p in previews)
    assert view.check() == 0  # the notes naming members are not checked: they are not shared


def test_bogardus_answers_read_as_their_three_states_in_exports():
    from sw_exercises.catalog import format_value
    item = "bogardus/werklozen"
    assert format_value(WB, item, {"accepted": [], "excluded": False}) == "nog niet beantwoord"  # old empty
    assert format_value(WB, item, {"accepted": [], "excluded": False, "none": False}) == "nog niet beantwoord"
    assert format_value(WB, item, {"accepted": [], "excluded": False, "none": True}) == \
        "afstand 7 (geen van deze relaties), 0 Guttman-fouten"
    assert format_value(WB, item, {"accepted": [1], "excluded": False, "none": False}) == \
        "afstand 1 (verwant (familie of huwelijk)), 2 Guttman-fouten"
    assert format_value(WB, item, {"accepted": [], "excluded": True}).startswith("afstand 7 (uitsluiting)")


def test_own_group_names_read_exactly_as_typed_in_titles(store):
    from sw_exercises.catalog import case_names, item_title
    from sw_exercises.models.bogardus import custom_group

    labels = ["Zoë's buren 🏠", "jongeren in 's-Hertogenbosch", "Ελληνες"]
    store.save("01_sociale_afstand", "groups/custom", labels)
    for label in labels:
        store.save("01_sociale_afstand", f"bogardus/{custom_group(label).id}", {"accepted": [6], "excluded": False})
    names = case_names(store.answers()).get("01_sociale_afstand", {})
    titles = [item_title("01_sociale_afstand", f"bogardus/{custom_group(label).id}", names) for label in labels]
    for label, title in zip(labels, titles):
        assert label in title, (label, title)


def test_an_own_intervision_learning_point_is_titled_by_its_group_and_session_as_typed(store):
    from sw_exercises.answers import AnswerBook
    from sw_exercises.intervision_group import IntervisionBook, session_item

    record = IntervisionBook(AnswerBook("92_intervisie", store_factory=lambda: store))
    group = record.add_group("Groep Zoë 🌻 d'Amsterdam")
    session = record.add_session(group.id, "Sessie 'één'")
    item = session_item(group.id, session.id, "learning")
    record.book.save(item, "Beter doorvragen.")
    title = portfolio.titles(store.answers())("92_intervisie", item)
    assert "Groep Zoë 🌻 d'Amsterdam" in title and "Sessie 'één'" in title and group.id not in title


def test_the_share_list_is_grouped_per_workbook_with_all_none_and_counts(store, tmp_path):
    store.save(WB, "reflection/meeste_afstand", "Een.")
    store.save(WB, "reflection/minste_afstand", "Twee.")
    store.save("02_viervenstermodel", "reflection/eerste", "Drie.")
    view = PortfolioView(store, export_dir=tmp_path)
    sections = [c for c in view.items.children if "sw-share-workbook" in c._dom_classes]
    assert len(sections) == len({wb for wb, _ in view.share_boxes}) >= 2
    total = len(view.share_boxes)
    mine = [key for key in view.share_boxes if key[0] == WB]
    assert f"0 van je {total}" in view.share_total.value
    view.select(WB, True)
    assert store.shared() == set(mine)
    assert f"{len(mine)} van {len(mine)} gekozen" in view._counts[WB].value
    assert f"{len(mine)} van je {total}" in view.share_total.value
    view.select(WB, False)
    assert store.shared() == set() and f"0 van {len(mine)} gekozen" in view._counts[WB].value


def test_the_portfolio_holds_workbook_03s_ratings_and_toelichting(store, tmp_path):
    phases = [{"name": "Kennismaken", "role": "redder", "features": {"afstand": 4}, "note": "Eerst het huis veilig."},
              {"name": "Afronden", "role": None, "features": {}, "note": ""}]
    store.save("03_zes_rollen", "case/mijn_casus/phases", phases)
    store.set_shared("03_zes_rollen", "case/mijn_casus/phases", True)
    html = portfolio.portfolio_html(store)
    assert "Kennismaken: De redder" in html and "5 ·" in html and "toelichting: Eerst het huis veilig." in html
    assert "Afronden: geen rol gekozen" in html
