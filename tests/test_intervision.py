"""Workbook 92's views: a group runs sessions (attendance, agreement, a chosen inbrenger, fair roles, a
clock in the browser, notes, lenses per step, afspraken that come back), keeps a record, and shares
it between laptops; the Dutch reads well. Driven with an injected clock; nothing sleeps."""
import io
import json
import re
import stat
import os
import threading
import zipfile
from datetime import date

from sw_exercises.answers import AnswerBook
from sw_exercises.i18n import content
from sw_exercises.intervision_group import IntervisionBook, session_item
from sw_exercises.intervision_record import load_record, record_title, to_html, to_markdown
from sw_exercises.models.intervision import load_methods
from sw_exercises.store import AnswerStore
from sw_exercises.widgets.intervision import GroupOverview, SessionView, findings_text
from sw_exercises.widgets.lean import sharing

REQUIRED = {"incidentmethode", "incidentmethode_hendriksen", "roddelmethode", "probleemoplossende_methode",
            "tienstappenmethode", "balint", "socratisch", "sociale_reflexiviteit"}
TODAY = date(2025, 3, 4)


def test_the_methods_are_data_with_everything_a_session_needs():
    data = content("intervisie")
    methods = {m.id: m for m in load_methods()}
    assert REQUIRED <= set(methods)
    assert "vertrouwelijk" in data["ground_rules"][0].lower() and "vrijwillig" in " ".join(data["ground_rules"])
    for method in methods.values():
        assert method.source and method.steps
        for step in method.steps:
            assert step.question and step.minutes >= 1 and step.speaker in data["speakers"]
        assert not method.steps[0].advice_allowed  # questions before advice
    assert {r["id"] for r in data["roles"]} == {"inbrenger", "voorzitter", "tijdbewaker", "notulist"}
    assert {ln["id"] for ln in data["lenses"]} == {"vier_vensters", "zes_rollen", "lagen_baart", "do_no_harm"}


def test_balint_the_original_and_the_dutch_adaptation_are_told_apart_each_with_its_source():
    balint = next(m for m in load_methods() if m.id == "balint")
    assert "Movisie" in balint.source and "Movisie" in balint.summary and "11 stappen" in balint.summary
    assert balint.origin and "1956" in balint.origin and "huisartsen" in balint.origin
    assert "Balint (1956)" in balint.origin_source and "balintnederland" in balint.origin_source.lower()
    assert "Movisie" not in balint.origin_source


def test_the_incidentmethode_stops_at_hendriksens_beslismoment():
    methods = {m.id: m for m in load_methods()}
    hendriksen = methods["incidentmethode_hendriksen"]
    assert "Hendriksen" in hendriksen.source and len(hendriksen.steps) == 10
    steps = {s.id: s for s in hendriksen.steps}
    assert "beslismoment" in steps["situatie_schetsen"].question and "nog niet" in steps["situatie_schetsen"].question
    assert "beslismoment" in steps["standpunt_schrijven"].question
    assert [s.id for s in hendriksen.steps].index("standpunt_schrijven") < [s.id for s in hendriksen.steps].index("wat_deed_inbrenger")
    assert "beslismoment" in hendriksen.variant_note  # our word, and the note says so
    assert "beslismoment" in methods["incidentmethode"].steps[1].label


class Clock:
    now = 5000.0

    def __call__(self):
        return self.now


def make_view(store, tmp_path, clock=None):
    with sharing():  # as the notebook builds it: shared layouts are frozen (widgets/lean.py)
        return SessionView(AnswerBook("92_intervisie", store_factory=lambda: store), clock=clock or Clock(),
                           export_dir=tmp_path / "out", today=lambda: TODAY)


def new_group(view, name="Groep 3", members=("Amira", "Bas", "Chen", "Dewi")):
    view.groups.new_name.value = name
    view.groups.create()
    for member in members:
        view.member_name.value = member
        view.add_member()


def new_session(view, name="Sessie 1", day=TODAY):
    view.new_date.value = day
    view.sessions.new_name.value = name
    view.sessions.create()


def tick_present(view, *names):
    for name, box in view.present_boxes:
        box.value = name in names
    view.present_saver.flush()


def test_opening_the_workbook_creates_nothing(store, tmp_path):
    view = make_view(store, tmp_path)
    GroupOverview(AnswerBook("92_intervisie", store_factory=lambda: store))
    assert store.answers() == []
    assert "Nog geen groep" in view.group_box.children[0].value
    new_group(view, members=())
    assert "Nog geen sessie" in view.session_box.children[0].value
    assert not any("/session/" in r.item for r in store.answers())


def test_a_session_runs_step_by_step_and_comes_back(store, tmp_path):
    clock = Clock()
    view = make_view(store, tmp_path, clock)
    new_group(view)
    new_session(view)
    tick_present(view, "Amira", "Bas", "Chen", "Dewi")
    view.inbrenger.value = "Dewi"
    view.suggest()
    assert view.chosen_roles()["inbrenger"] == "Dewi" and len(set(view.chosen_roles().values())) == 4
    panel = view.clock_widget
    panel.act(lambda timer, now: timer.start(now))  # as the browser's Start button does
    clock.now += 90
    first = view.methods[view.method.value].steps[0]
    assert panel.timer.remaining(clock()) == first.minutes * 60 - 90
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "Inbreng: een stagiair twijfelt over een melding."
    panel.act(lambda timer, now: timer.skip(now))
    assert "Stap 2" in view.step_info.value
    clock.now += 30
    again = make_view(store, tmp_path, clock)  # as after a reload or a kernel restart
    assert again.clock_widget.timer.index == 1 and again.clock_widget.timer.running
    assert again.chosen_roles() == view.chosen_roles()
    again.clock_widget.act(lambda timer, now: timer.back(now))  # 'Vorige stap' keeps step 1's 90 seconds
    assert again.clock_widget.timer.spent(clock()) == 90
    assert again.notes_area.children[1].text.value == "Inbreng: een stagiair twijfelt over een melding."


def test_the_clock_ticks_in_the_browser_and_a_rerun_leaves_no_old_clock(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view)
    old_clock = view.clock_widget
    assert not [t for t in threading.enumerate() if "klok" in t.name]  # no kernel thread ticks
    # the browser sends a state (Start pressed, a minute added to step 1): the kernel saves it at once
    state = dict(old_clock.state, started_at=1234.5, durations=[d + (60 if i == 0 else 0)
                                                                for i, d in enumerate(old_clock.state["durations"])])
    old_clock.state = state
    item = session_item(view.group_id, view.session_id, "timer", view.method.value)
    assert store.get("92_intervisie", item)["started_at"] == 1234.5
    assert view.duration_fields[0].value == state["durations"][0] // 60  # the step-time field follows
    view.duration_fields[1].value = 20  # and a step time typed in the kernel reaches the clock
    assert old_clock.state["durations"][1] == 1200
    rerun = make_view(store, tmp_path)  # the cell runs again
    assert old_clock.comm is None and rerun.clock_widget.comm is not None  # the old clock is closed
    assert rerun.clock_widget.timer.running and rerun.clock_widget.state["durations"][1] == 1200
    assert rerun.clock_widget.controls_named() and not rerun.clock_widget.state["sound"]  # sound off by default


def test_the_inbrenger_is_chosen_by_the_group_and_roles_are_spread_with_counts_shown(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view, members=("Amira", "Bas", "Chen"))
    new_session(view)
    tick_present(view, "Amira", "Bas", "Chen")
    view.suggest()
    assert "inbrenger" not in view.chosen_roles()  # never filled in by the workbook
    view.inbrenger.value = "Amira"
    view.suggest()
    roles = view.chosen_roles()
    assert "Amira" not in [p for r, p in roles.items() if r != "inbrenger"] and len(roles) == 3  # two of three roles
    assert "te weinig" in view.role_messages.value
    view.double.value = True  # the group confirms that someone holds two roles
    view.suggest()
    roles = view.chosen_roles()
    assert roles["tijdbewaker"] == roles["voorzitter"] != "Amira" and len(roles) == 4
    assert "Hoe vaak ieder groepslid elke rol eerder had" in view.counts.value
    view.member_name.value = "Nieuw"
    view.add_member()
    assert "Nieuw" in view.counts.value  # new members are counted too, from zero


def test_date_attendance_agreement_and_afspraken_follow_up(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view, "Maart", date(2025, 3, 4))
    tick_present(view, "Amira", "Bas", "Chen")
    for box in view.consent_boxes:
        box.value = True
    view.afspraak_text.value = "Bas belt de wijkagent"
    view.afspraak_owner.value = "Bas"
    view.afspraak_due.value = date(2025, 3, 11)
    view.add_afspraak()
    group, first = view.group_id, view.session_id
    record = IntervisionBook(view.book)
    assert record.session(group, first).date == "2025-03-04"  # editing the session does not change its date
    new_session(view, "April", date(2025, 4, 1))
    assert "Bas belt de wijkagent" in view.follow_box.children[1].children[0].value
    view.follow_box.children[1].children[1].value = "done"
    md = to_markdown(load_record(view.book, group, view.session_id, "Groep 3", "April"))
    assert "Bas belt de wijkagent · wie: Bas · wanneer: 11-03-2025 · gedaan" in md
    md = to_markdown(load_record(view.book, group, first, "Groep 3", "Maart"))
    assert "Vertrouwelijkheid afgesproken door: Amira, Bas, Chen" in md and "Datum: 04-03-2025" in md
    view.sessions.refresh(first)
    view.show_session(first)
    view.edit_date()
    view.save_date(date(2025, 3, 5))  # on purpose only
    assert record.session(group, first).date == "2025-03-05"


def test_empty_groups_and_sessions_are_deleted_after_confirmation(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view, members=())
    new_session(view)
    view.sessions.ask_delete()
    assert view.sessions.confirm_row.layout.display == "" and "verwijderen" in view.sessions.message.value
    view.sessions.cancel_delete()
    assert view.record.session_list(view.group_id)
    view.sessions.ask_delete()
    view.sessions.confirm_delete()
    assert view.record.session_list(view.group_id) == [] and "Nog geen sessie" in view.session_box.children[0].value
    view.groups.ask_delete()
    view.groups.confirm_delete()
    assert view.record.groups() == [] and "Nog geen groep" in view.group_box.children[0].value


def test_a_session_with_notes_is_not_deleted(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view, members=())
    new_session(view)
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "Iets belangrijks."
    view.sessions.ask_delete()
    view.sessions.confirm_delete()
    assert view.record.session_list(view.group_id) and "blijft bewaard" in view.sessions.message.value


def test_lens_questions_appear_at_the_step_where_they_belong(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view)
    view.method.value = "incidentmethode"
    view.lens_boxes["do_no_harm"].value = True
    titles = lambda: [c.children[0].value for c in view.notes_area.children[1:]]  # noqa: E731
    assert not any("Do no harm" in x for x in titles())  # step 1: not yet
    steps = [s.id for s in view.methods["incidentmethode"].steps]
    view.clock_widget.act(lambda timer, now: timer.go(now, steps.index("oorzaken")))
    assert any("Twee gezichten" in x for x in titles()) and not any("Dilemma" in x for x in titles())
    view.clock_widget.act(lambda timer, now: timer.go(now, steps.index("wat_deed_inbrenger")))
    assert any("Dilemma zichtbaar maken" in x for x in titles())


def test_the_record_is_checked_for_personal_data_with_the_members_names(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view)
    tick_present(view, "Amira", "Bas")
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "Amira vertelt: tel 06-12345678, wil niet meer."
    assert view.export() == [] and "telefoonnummer" in view.record_message.value
    assert "2 mogelijke persoonsgegevens" in view.record_message.value  # Amira is a member's name
    box.text.value = "De cliënte belt met 06-12345678."
    assert view.export() == [] and "1 mogelijk persoonsgegeven." in view.record_message.value
    box.text.value = "Een cliënte wil niet meer."
    paths = view.export()
    assert {p.suffix for p in paths} == {".html", ".md", ".docx"}
    md = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
    assert "Een cliënte wil niet meer." in md and "06-12345678" not in md and "Vertrouwelijk" in md
    with zipfile.ZipFile(io.BytesIO(next(p for p in paths if p.suffix == ".docx").read_bytes())) as docx:
        assert "Een cliënte wil niet meer." in docx.read("word/document.xml").decode()


def test_toch_exporteren_of_a_record_covers_one_export_and_only_the_findings_shown(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view, members=())
    new_session(view)
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "De cliënt belde met 06-12345678."
    assert view.export() == [] and view.confirm.layout.display == ""
    view.confirm.value = True
    assert view.export(), "confirmed findings are exported once"
    assert not view.confirm.value
    assert view.export() == [], "a later export asks again"
    view.confirm.value = True
    box.text.value = "De cliënt belde met 06-12345678 en mailde jan@example.nl."
    assert view.export() == [], "a new finding asks again, even with the box ticked"
    assert "e-mailadres" in view.record_message.value


def test_the_group_overview_shows_sessions_learning_points_and_rotation(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    for n in range(3):
        new_session(view, f"Sessie {n + 1}", date(2025, 3 + n, 4))
        tick_present(view, "Amira", "Bas", "Chen", "Dewi")
        view.inbrenger.value = ["Amira", "Bas", "Chen"][n]
        view.suggest()
        view.learning.saver.delay = 0
        view.learning.text.value = f"Leerpunt {n + 1}: eerst vragen, dan adviseren."
    overview = GroupOverview(AnswerBook("92_intervisie", store_factory=lambda: store))
    assert len(re.findall(r"Leerpunt \d", overview.html.value)) == 3 and "Sessie 3" in overview.html.value
    record = load_record(view.book, view.group_id, view.session_id, "groep", "sessie")
    assert "Leerpunt 3" in to_markdown(record)
    rows = [line for line in overview.html.value.split("<tr>") if "Dewi" in line and "<th scope='row'" in line]
    assert rows and "Groep 3: sessies en leerpunten" in overview.html.value


def test_the_record_shows_what_was_typed_as_text(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view, members=())
    new_session(view)
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "<script>alert('x')</script> =SOM(A1)"
    record = load_record(view.book, view.group_id, view.session_id, "<b>groep</b>", "sessie")
    html = to_html(record)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;groep" in html


def test_the_dutch_reads_well():
    assert findings_text(1).startswith("Het verslag bevat 1 mogelijk persoonsgegeven.")
    assert "2 mogelijke persoonsgegevens" in findings_text(2)
    assert record_title("Intervisiegroep SW3-B", "Sessie 4") == "Intervisiegroep SW3-B: Sessie 4"
    assert record_title("Groep 3", "Sessie 4") == "Intervisie Groep 3: Sessie 4"
    speakers = content("intervisie")["speakers"]
    from sw_exercises.i18n import t
    assert t("intervisie.speaker", who=speakers["inbrenger"]) == "Aan het woord: de inbrenger"
    assert t("intervisie.speaker", who=speakers["inbrenger_buiten"]).startswith("Aan het woord: de groep;")
    for text in [t("intervisie.record_title", group="G", session="S"), *speakers.values()]:
        words = text.lower().split()
        assert not any(a == b for a, b in zip(words, words[1:])), text


def test_every_control_of_a_full_session_has_an_accessible_name(store, tmp_path):
    from test_accessibility_static import problems, walk
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view)
    tick_present(view, "Amira", "Bas", "Chen")
    view.lens_boxes["vier_vensters"].value = True
    view.afspraak_text.value = "Bellen"
    view.add_afspraak()
    new_session(view, "Tweede", date(2025, 4, 1))
    found = [p for widget in walk(view) for p in problems(widget)]
    assert not found, found
    assert any(type(w).__name__ == "StepClock" for w in walk(view))


def test_the_names_fields_are_wide_enough(store, tmp_path):
    view = make_view(store, tmp_path)
    new_group(view)
    new_session(view)
    assert view.names.layout.width == "100%"
    assert view.member_name.layout.width == "30em" and view.afspraak_text.layout.width == "100%"


# -- one group on two laptops --------------------------------------------------------------------------
def test_import_a_group_file_made_after_the_privacy_check_on_another_laptop(tmp_path):
    store_a, store_b = AnswerStore(tmp_path / "a.sqlite3"), AnswerStore(tmp_path / "b.sqlite3")
    a, b = make_view(store_a, tmp_path / "a"), make_view(store_b, tmp_path / "b")
    new_group(a)
    new_session(a)
    tick_present(a, "Amira", "Bas")
    note = a.notes_area.children[1]
    note.saver.delay = 0
    note.text.value = "Bas vertelt over een huisbezoek."
    sharing = a.sharing
    assert sharing.export() is None and "naam" in sharing.message.value  # a member's name in the notes
    assert "1 mogelijk persoonsgegeven." in sharing.message.value
    sharing.confirm.value = True
    path = sharing.export()
    assert path is not None and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sharing.export() is None, "Toch exporteren covered one export"
    b.sharing.import_data(path.read_bytes())
    assert "Groep 3" in b.sharing.message.value and b.group_id == a.group_id
    assert b.notes_area.children[1].text.value == "Bas vertelt over een huisbezoek."
    assert [name for name, box in b.present_boxes if box.value] == ["Amira", "Bas"]


def test_import_conflicts_are_shown_side_by_side_and_chosen_with_a_button(tmp_path):
    store_a, store_b = AnswerStore(tmp_path / "a.sqlite3"), AnswerStore(tmp_path / "b.sqlite3")
    a, b = make_view(store_a, tmp_path / "a"), make_view(store_b, tmp_path / "b")
    new_group(a, members=())
    new_session(a)
    b.sharing.import_data(json.dumps(a.record.export_document(a.group_id)).encode())
    for view, text in ((a, "Leerpunt groep: A."), (b, "Leerpunt groep: B.")):
        view.group_learning.saver.delay = 0
        view.group_learning.text.value = text
    a.sharing.import_data(json.dumps(b.record.export_document(b.group_id)).encode())
    assert "1 onderdeel is op beide plekken anders aangepast" in a.sharing.message.value
    box = a.sharing.conflict_box
    sides = [c.value for c in box.children[2].children]
    assert "Leerpunt groep: A." in sides[0] and "Leerpunt groep: B." in sides[1]
    assert "Wat de groep meeneemt" in box.children[1].value
    other = next(btn for btn in box.children[3].children if btn.description == "Neem de andere versie")
    other.click()
    assert a.group_learning.text.value == "Leerpunt groep: B." and a.sharing.conflict_box.children == ()


def test_concurrent_windows_typing_in_one_note_keep_both_texts(tmp_path):
    path = tmp_path / "a.sqlite3"
    one = make_view(AnswerStore(path), tmp_path)
    new_group(one, members=())
    new_session(one)
    two = make_view(AnswerStore(path), tmp_path)  # a second kernel (another tab) on the same answers
    first, second = one.notes_area.children[1], two.notes_area.children[1]
    first.saver.delay = second.saver.delay = 0
    first.text.value = "Uit venster een."
    second.text.value = "Uit venster twee."
    assert second.text.value == "Uit venster een.\nUit venster twee."  # merged and shown
    assert "Samengevoegd" in second.status.value


def test_an_unusable_answer_file_keeps_the_session_in_memory_and_says_why_sharing_waits(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_NOODMAP", str(tmp_path / "nood"))
    (tmp_path / "blok").write_text("x")
    book = AnswerBook("92_intervisie", store_factory=lambda: AnswerStore(tmp_path / "blok" / "a.sqlite3"))
    with sharing():
        view = SessionView(book, clock=Clock(), export_dir=tmp_path / "out", today=lambda: TODAY)
    new_group(view, members=("Amira",))
    new_session(view)
    box = view.notes_area.children[1]
    box.saver.delay = 0
    box.text.value = "Dit mag niet verloren gaan."
    assert box.status.state == "failed" and book.get(box.saver.item) == "Dit mag niet verloren gaan."
    assert view.sharing.export() is None and "kan even niet" in view.sharing.message.value


def test_only_the_members_own_learning_point_is_offered_for_sharing():
    from sw_exercises import portfolio
    assert portfolio.shareable("92_intervisie", "group/g/session/s/learning")
    for item in ("group/g/session/s/group_learning", "group/g/session/s/afspraken", "group/g/session/s/consent",
                 "group/g/session/s/present", "group/g/members", "group/g/_conflicts", "group/g/_seen"):
        assert not portfolio.shareable("92_intervisie", item), item
