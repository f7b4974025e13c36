"""Intervision: methods as data, a session view driven with an injected clock, records and privacy."""
import io
import re
import zipfile


from sw_exercises.answers import AnswerBook
from sw_exercises.i18n import content
from sw_exercises.intervision_record import load_record, to_markdown
from sw_exercises.models.intervision import load_methods
from sw_exercises.widgets.intervision import GroupOverview, SessionView

REQUIRED = {"incidentmethode", "incidentmethode_hendriksen", "roddelmethode", "probleemoplossende_methode", "tienstappenmethode", "balint",
            "socratisch", "sociale_reflexiviteit"}


def test_the_methods_are_data_with_everything_a_session_needs():
    data = content("intervisie")
    methods = {m.id: m for m in load_methods()}
    assert REQUIRED <= set(methods)
    assert data["ground_rules"][0].lower().count("vertrouwelijk") or "groep" in data["ground_rules"][0].lower()
    for method in methods.values():
        assert method.source and method.steps
        for step in method.steps:
            assert step.question and step.minutes >= 1 and step.speaker in data["speakers"]
        assert not method.steps[0].advice_allowed  # questions before advice
    assert {r["id"] for r in data["roles"]} == {"inbrenger", "voorzitter", "tijdbewaker", "notulist"}
    assert {ln["id"] for ln in data["lenses"]} == {"vier_vensters", "zes_rollen", "lagen_baart", "do_no_harm"}


class Clock:
    now = 5000.0

    def __call__(self):
        return self.now


def make_view(store, tmp_path, clock):
    return SessionView(AnswerBook("92_intervisie", store_factory=lambda: store), clock=clock,
                       export_dir=tmp_path / "out")


def test_a_session_runs_step_by_step_and_comes_back(store, tmp_path):
    clock = Clock()
    view = make_view(store, tmp_path, clock)
    view.participants.value = "Amira\nBas\nChen\nDewi"
    view.suggest()
    assert view.roles["inbrenger"].value is None  # the group chooses the inbrenger
    view.roles["inbrenger"].value = "Dewi"
    view.suggest()
    assert {d.value for d in view.roles.values()} == {"Amira", "Bas", "Chen", "Dewi"}
    panel = view.timer_panel
    panel.play.click()
    clock.now += 90
    panel.tick()
    first = view.methods[view.method.value].steps[0]
    assert panel.timer.remaining(clock()) == first.minutes * 60 - 90
    view.notes_area.children[0].saver.delay = 0
    view.notes_area.children[0].text.value = "Inbreng: een stagiair twijfelt over een melding."
    panel.play.click()  # pause
    clock.now += 600
    assert panel.timer.remaining(clock()) == first.minutes * 60 - 90
    view.timer_panel.act(panel.timer.skip, step_changed=True)
    assert panel.timer.index == 1 and "Stap 2" in panel.info.value
    view.meta_saver.flush()  # participants and roles are saved after a short pause in typing
    again = make_view(store, tmp_path, clock)  # as after a kernel restart
    assert again.timer_panel.timer.index == 1
    assert {d.value for d in again.roles.values()} == {"Amira", "Bas", "Chen", "Dewi"}
    again.timer_panel.act(again.timer_panel.timer.back, step_changed=True)
    assert again.notes_area.children[0].text.value == "Inbreng: een stagiair twijfelt over een melding."


def test_overtime_is_shown_not_enforced(store, tmp_path):
    clock = Clock()
    view = make_view(store, tmp_path, clock)
    view.timer_panel.play.click()
    clock.now += 60 * 60
    view.timer_panel.tick()
    assert "Tijd is om" in view.timer_panel.countdown.value and "role=alert" in view.timer_panel.countdown.value
    view.timer_panel.act(lambda now: view.timer_panel.timer.extend(3600))
    assert "Tijd is om" not in view.timer_panel.countdown.value


def test_the_record_is_checked_for_personal_data_before_export(store, tmp_path):
    clock = Clock()
    view = make_view(store, tmp_path, clock)
    view.participants.value = "Amira\nBas"
    box = view.notes_area.children[0]
    box.saver.delay = 0
    box.text.value = "Cliënt mevrouw Jansen, tel 06-12345678, wil niet meer."
    view.names.value = "Jansen"
    assert view.export() == [] and "telefoonnummer" in view.record_message.value
    box.text.value = "Een cliënte wil niet meer."
    paths = view.export()
    assert {p.suffix for p in paths} == {".html", ".md", ".docx"}
    md = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
    assert "Een cliënte wil niet meer." in md and "06-12345678" not in md and "Vertrouwelijk" in md
    with zipfile.ZipFile(io.BytesIO(next(p for p in paths if p.suffix == ".docx").read_bytes())) as docx:
        assert "Een cliënte wil niet meer." in docx.read("word/document.xml").decode()


def test_the_group_overview_shows_sessions_learning_points_and_rotation(store, tmp_path):
    clock = Clock()
    view = make_view(store, tmp_path, clock)
    people = "Amira\nBas\nChen\nDewi"
    for n in range(3):
        if n:
            selector = view.session_box.children[0]
            selector.new_name.value = f"Sessie {n + 1}"
            selector.create()
        view.participants.value = people
        view.roles["inbrenger"].value = ["Amira", "Bas", "Chen"][n]
        view.suggest()
        view.meta_saver.flush()
        learning = view.body.children[-6]
        learning.saver.delay = 0
        learning.text.value = f"Leerpunt {n + 1}: eerst vragen, dan adviseren."
    overview = GroupOverview(AnswerBook("92_intervisie", store_factory=lambda: store))
    assert len(re.findall(r"Leerpunt \d", overview.html.value)) == 3 and "Sessie 3" in overview.html.value
    record = load_record(view.book, view.group_id, view.session_id, "groep", "sessie")
    assert "Leerpunt 3" in to_markdown(record)
    rows = [line for line in overview.html.value.split("<tr>") if "Amira" in line and "<th scope='row'" in line]
    assert rows  # Amira appears in the rotation table


def test_the_record_shows_what_was_typed_as_text(store, tmp_path):
    from sw_exercises.intervision_record import to_html
    view = make_view(store, tmp_path, Clock())
    box = view.notes_area.children[0]
    box.saver.delay = 0
    box.text.value = "<script>alert('x')</script> =SOM(A1)"
    record = load_record(view.book, view.group_id, view.session_id, "<b>groep</b>", "sessie")
    html = to_html(record)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;groep" in html


def test_toch_exporteren_of_a_record_covers_one_export_and_only_the_findings_shown(store, tmp_path):
    view = make_view(store, tmp_path, Clock())
    box = view.notes_area.children[0]
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
