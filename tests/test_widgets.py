"""Widgets without a browser: set values from Python and check what is saved and shown."""
import threading

import pytest

from sw_exercises.answers import AnswerBook
from sw_exercises.store import AnswerStore
from sw_exercises.widgets import bogardus as bw
from sw_exercises.widgets.common import Autosave, ChoiceItem, LikertItem, ReflectionBox, SaveStatus
from sw_exercises.widgets.overview import MyAnswers


class ManualTimer:
    """Stands in for threading.Timer so a test decides when the quiet period is over."""
    made = []

    def __init__(self, delay, action):
        self.action, self.cancelled, self.daemon = action, False, True
        ManualTimer.made.append(self)

    def start(self):
        pass

    def cancel(self):
        self.cancelled = True

    def fire(self):
        if not self.cancelled:
            self.action()


def test_typing_is_saved_after_a_quiet_period_as_one_revision(book, store):
    status = SaveStatus()
    ManualTimer.made.clear()
    saver = Autosave(book, "reflection/x", status, delay=0.8, timer_factory=ManualTimer)
    for text in ["H", "Ha", "Hal", "Hallo"]:
        saver.changed(text)
    assert status.state == "pending"
    assert store.get("wb", "reflection/x") is None
    for timer in ManualTimer.made:
        timer.fire()
    assert [r.value for r in store.history("wb", "reflection/x")] == ["Hallo"]
    assert status.state == "saved"


def test_pending_text_is_flushed_on_demand(book, store):
    saver = Autosave(book, "reflection/x", SaveStatus(), delay=60)
    saver.changed("nog niet opgeslagen")
    saver.flush()
    assert store.get("wb", "reflection/x") == "nog niet opgeslagen"


def test_reflection_box_restores_counts_words_and_saves_with_a_real_timer(book, store):
    store.save("wb", "reflection/x", "al eerder geschreven")
    box = ReflectionBox("wb", "reflection/x", "Titel", "Vraag <b>?</b>", delay=0.05, book=book)
    assert box.text.value == "al eerder geschreven"
    assert box.status.state == "loaded"
    assert box.status.lead == "3 woorden" and "3 woorden" in box.status.value
    done = threading.Event()
    original = box.status.show

    def show(state, **kw):
        original(state, **kw)
        if state == "saved":
            done.set()
    box.status.show = show
    box.text.value = "nieuw 😀 <script>alert(1)</script>"
    assert done.wait(5)
    assert store.get("wb", "reflection/x") == "nieuw 😀 <script>alert(1)</script>"
    assert "&lt;b&gt;" in box.children[0].value  # the prompt is shown as text, not markup


def test_choice_and_likert_save_on_every_change_and_come_back(book, store):
    q = ChoiceItem("wb", "choice/q", "Vraag", [("a", "A"), ("b", "B"), ("c", "C")], multiple=True,
                   correct=["a", "b"], feedback="Uitleg", book=book)
    q.boxes[0].value = True
    q.show_feedback()
    assert "Nog niet helemaal" in q.feedback.value
    q.boxes[1].value = True
    q.show_feedback()
    assert "Goed gezien" in q.feedback.value
    assert store.get("wb", "choice/q") == ["a", "b"]
    again = ChoiceItem("wb", "choice/q", "Vraag", [("a", "A"), ("b", "B"), ("c", "C")], multiple=True, book=book)
    assert [b.value for b in again.boxes] == [True, True, False]

    single = ChoiceItem("wb", "choice/s", "Vraag", [("a", "A"), ("b", "B")], book=book)
    single.radio.value = "b"
    assert store.get("wb", "choice/s") == "b"

    likert = LikertItem("wb", "likert/l", "Hoe vaak?", ["nooit", "soms", "vaak"], book=book)
    likert.radio.value = 2
    assert store.get("wb", "likert/l") == 2
    assert LikertItem("wb", "likert/l", "Hoe vaak?", ["nooit", "soms", "vaak"], book=book).radio.value == 2


def test_a_store_that_cannot_be_opened_keeps_answers_in_memory_and_says_so(tmp_path):
    (tmp_path / "blok").write_text("x")

    def broken():
        return AnswerStore(tmp_path / "blok" / "a.sqlite3")
    book = AnswerBook("wb", store_factory=broken)
    box = ReflectionBox("wb", "reflection/x", "Titel", "Vraag", delay=0, book=book)
    assert box.status.state == "failed" and "niet te schrijven" in box.status.value
    box.text.value = "dit mag niet verloren gaan"
    assert box.status.state == "failed"
    assert book.get("reflection/x") == "dit mag niet verloren gaan"


def test_scale_profile_and_consistency_work_together(book, store):
    state = bw.BogardusState("wb", book=book)
    scale, profile, consistency = bw.BogardusScale(state), bw.ProfileView(state), bw.ConsistencyView(state)
    assert "Vul eerst de schaal" in profile.empty.value
    card = scale.cards.children[0]
    for rank in (2, 4, 6):
        card.boxes[rank - 1].value = True
    assert store.get("wb", f"bogardus/{card.group.id}") == {"accepted": [2, 4, 6], "excluded": False, "none": False}
    assert [d for _, d in profile.points["errors"]] == [2] and [d for _, d in profile.points["consistent"]] == []
    assert "2 Guttman-fouten" in card.result.value  # Goodenough-Edwards: 2 where 4,5,6 is expected
    assert "buur" in consistency.html.value
    card.boxes[2].value = card.boxes[4].value = True
    assert [d for _, d in profile.points["consistent"]] == [2]
    assert "passen je antwoorden in het trapje" in consistency.html.value
    # a second view made later (e.g. after a kernel restart) shows the stored answers
    fresh = bw.BogardusScale(bw.BogardusState("wb", book=AnswerBook("wb", store_factory=lambda: store)))
    assert [b.value for b in fresh.cards.children[0].boxes] == [False, True, True, True, True, True]


def test_geen_van_deze_is_an_answer_and_unticks_the_relations(book, store):
    state = bw.BogardusState("wb", book=book)
    card = bw.BogardusScale(state).cards.children[0]
    item = f"bogardus/{card.group.id}"
    card.boxes[5].value = card.boxes[4].value = True
    card.none_box.value = True
    assert [b.value for b in card.boxes] == [False] * 6
    assert store.get("wb", item) == {"accepted": [], "excluded": False, "none": True}
    assert [r.value for r in store.history("wb", item)][-2] == {"accepted": [5, 6], "excluded": False, "none": False}
    assert "Afstand 7: geen van deze relaties" in card.result.value
    card.boxes[5].value = True  # a relation unticks 'geen van deze'
    assert card.none_box.value is False
    assert store.get("wb", item) == {"accepted": [6], "excluded": False, "none": False}
    # the views show it
    card.none_box.value = True
    assert bw.BogardusScale(bw.BogardusState("wb", book=AnswerBook("wb", store_factory=lambda: store))
                            ).cards.children[0].none_box.value is True


def test_wis_antwoord_brings_a_group_back_to_unanswered_and_keeps_the_history(book, store):
    state = bw.BogardusState("wb", book=book)
    scale, profile = bw.BogardusScale(state), bw.ProfileView(state)
    card = scale.cards.children[2]
    item = f"bogardus/{card.group.id}"
    card.boxes[5].value = True
    card.exclude.value = True
    card.clear()  # the card's clear button
    assert [b.value for b in card.boxes] == [False] * 6 and not card.exclude.value and not card.none_box.value
    assert store.get("wb", item) == {"accepted": [], "excluded": False, "none": False}
    assert state.response(card.group.id) is None
    assert {"accepted": [6], "excluded": True, "none": False} in [r.value for r in store.history("wb", item)]
    assert "Nog niet beantwoord" in card.result.value and "Afstand" not in card.result.value
    assert "Vul eerst de schaal" in profile.empty.value
    # ticking nothing at all is unanswered too, never distance 7
    card.boxes[0].value = True
    card.boxes[0].value = False
    assert state.response(card.group.id) is None and "Afstand" not in card.result.value


def test_the_profile_never_says_distance_7_for_an_unanswered_group(book, store):
    state = bw.BogardusState("wb", book=book)
    scale, profile, consistency = bw.BogardusScale(state), bw.ProfileView(state), bw.ConsistencyView(state)
    first, second = scale.cards.children[0], scale.cards.children[1]
    first.boxes[3].value = first.boxes[4].value = first.boxes[5].value = True
    second.boxes[0].value = True
    second.boxes[0].value = False  # unticked again: unanswered
    assert [d for _, d in profile.points["consistent"]] == [4] and [g for g, _ in profile.points["consistent"]] == [first.group.label]
    assert second.group.label not in [g for g, _ in profile.points["consistent"]] + [g for g, _ in profile.points["errors"]]
    rows = profile.table.value.split("<tr>")
    row = next(r for r in rows if second.group.label in r)
    assert "nog niet beantwoord" in row and ">7<" not in row
    assert "Nog niet beantwoord" in profile.empty.value and second.group.label in profile.empty.value
    listed = consistency.html.value.split("<li>")
    assert "Nog niet beantwoord" in next(x for x in listed if second.group.label in x)
    assert "afstand 7" not in consistency.html.value.lower()
    second.none_box.value = True  # 'geen van deze' is distance 7
    assert 7 in [d for _, d in profile.points["consistent"]]


def test_an_old_empty_answer_is_unanswered_and_the_student_is_told_once(book, store):
    store.save("wb", "bogardus/werklozen", {"accepted": [], "excluded": False})  # the old version's empty
    store.save("wb", "bogardus/geloof", {"accepted": [6], "excluded": False})
    state = bw.BogardusState("wb", book=book)
    scale, profile = bw.BogardusScale(state), bw.ProfileView(state)
    assert "werklozen" in scale.notice.value and "geen van deze relaties" in scale.notice.value
    assert "geloof" not in scale.notice.value
    card = next(c for c in scale.cards.children if c.group.id == "werklozen")
    assert "Nog niet beantwoord" in card.result.value
    assert [g for g, _ in profile.rows()] == [next(g for g in state.scale.groups if g.id == "geloof")]
    assert store.get("wb", bw.NOTICE_ITEM) is True
    again = bw.BogardusScale(bw.BogardusState("wb", book=AnswerBook("wb", store_factory=lambda: store)))
    assert again.notice.value == ""
    # the notice item is bookkeeping: never listed or shared as an answer
    from sw_exercises.catalog import is_internal
    assert is_internal(bw.NOTICE_ITEM) and not is_internal("bogardus/werklozen")


def test_no_notice_without_old_empty_answers(book, store):
    store.save("wb", "bogardus/werklozen", {"accepted": [], "excluded": False, "none": False})  # 'wis antwoord'
    assert bw.BogardusScale(bw.BogardusState("wb", book=book)).notice.value == ""
    assert store.get("wb", bw.NOTICE_ITEM) is None


def test_a_relation_that_cannot_literally_apply_has_a_note_next_to_its_checkbox(book):
    scale = bw.BogardusScale(bw.BogardusState("wb", book=book))
    cards = {c.group.id: c for c in scale.cards.children}

    def notes(card):
        return [item["note"] for item in card.items if item["note"]]
    assert len(notes(cards["werklozen"])) == 1 and "collega" in notes(cards["werklozen"])[0]
    assert "kan hier niet letterlijk" in notes(cards["dak_en_thuislozen"])[0]
    assert notes(cards["geloof"]) == []
    # the checkbox keeps its own name: the note is beside it, not in it
    assert cards["werklozen"].boxes[3].description == "collega"


def test_own_groups_are_added_validated_and_removed(book, store):
    state = bw.BogardusState("wb", book=book)
    scale = bw.BogardusScale(state)
    n = len(scale.cards.children)
    scale.new_label.value = "<b>jongeren</b> op straat"
    scale.add_group()
    assert len(scale.cards.children) == n + 1
    own = scale.cards.children[-1]
    assert "&lt;b&gt;" in own.before_html and "<b>" not in own.before_html
    assert [a["id"] for a in own.actions] == ["clear", "remove"]  # a given group has no remove button
    assert [a["id"] for a in scale.cards.children[0].actions] == ["clear"]
    scale.new_label.value = "<B>JONGEREN</B> op straat"
    scale.add_group()
    assert "staat al" in scale.message.value and len(scale.cards.children) == n + 1
    scale.new_label.value = "   "
    scale.add_group()
    assert "Typ eerst" in scale.message.value
    assert store.get("wb", "groups/custom") == ["<b>jongeren</b> op straat"]
    scale.cards.children[-1].click("remove")  # the card's remove button
    assert len(scale.cards.children) == n and store.get("wb", "groups/custom") == []


def test_my_answers_lists_answers_and_their_history_as_plain_text(store):
    store.save("01_sociale_afstand", "reflection/meeste_afstand", "eerst")
    store.save("01_sociale_afstand", "reflection/meeste_afstand", "<img src=x onerror=alert(1)>")
    overview = MyAnswers(store=store)
    assert "Waar voel je de meeste afstand?" in overview.table.value
    assert "<img" not in overview.table.value and "&lt;img" in overview.table.value
    assert overview.picker is None and overview.history_box.children == (overview.history_button,)
    overview.history_button.click()  # the versions are made when asked for
    assert overview.history_box.children[1:] == (overview.picker, overview.history, overview.forget_history)
    overview.picker.value = ("01_sociale_afstand", "reflection/meeste_afstand")
    assert overview.history.value.count("<li>") == 2
    overview.history_button.click()  # and hidden again, keeping the choice
    assert overview.history_box.children == (overview.history_button,)
    overview.history_button.click()
    assert overview.picker.value == ("01_sociale_afstand", "reflection/meeste_afstand")


def test_my_answers_follows_saves_made_elsewhere_in_the_kernel(book, store):
    overview = MyAnswers(store=store)
    assert "nog niets ingevuld" in overview.table.value
    ReflectionBox("wb", "reflection/x", "Titel", "Vraag", delay=0, book=book).text.value = "net getypt"
    assert "net getypt" in overview.table.value


def test_consistency_texts_are_fully_formatted_and_give_no_verdict_on_one_student(book):
    state = bw.BogardusState("wb", book=book)
    scale, consistency = bw.BogardusScale(state), bw.ConsistencyView(state)
    for card, ranks in zip(scale.cards.children, [(1,), (6,), (2, 3, 4, 5, 6)]):
        for rank in ranks:
            card.boxes[rank - 1].value = True
    text = consistency.html.value
    assert "{" not in text and "}" not in text
    assert "0,90" in text and "hele klas" in text  # the usual threshold, named as a class matter
    assert "Je accepteert werklozen als &#x27;goede vriend(in)&#x27; en ook in elke relatie" in text  # 2..6
    assert "coëfficiënt van reproduceerbaarheid {cr}" not in text
    assert "heet een patroon gewoonlijk cumulatief" not in text and "Onder 0,90" not in text


def test_viervenster_view_and_chart_follow_the_chosen_case(book, store):
    from sw_exercises.widgets import viervenster as vv
    state = vv.ViervensterState("wb", book=book)
    view, chart = vv.FourWindowsView(state), vv.AnalysisChart(state)
    first_panel = view.body.children[0].children[0]
    first_panel.ratings[0].value = 3  # the first working element: 'volledig'
    assert store.get("wb", "case/mijn_casus/element/" + state.model.windows[0].elements[0].id) == 3
    assert "1 / 5" in chart.table.value and "<svg" in chart.output.value
    selector = view.children[0]
    selector.new_name.value = "Gezin B."
    selector.create()
    assert "Gezin B." in chart.summary.value and "0 / 5" in chart.table.value
    assert view.body.children[0].children[0].ratings[0].value is None
    selector.dropdown.value = "mijn_casus"
    assert view.body.children[0].children[0].ratings[0].value == 3


def test_trajectory_saves_phases_and_draws_the_path(book, store):
    from sw_exercises.widgets import helper_roles as hw
    state = hw.RolesState("wb", book=book)
    view = hw.TrajectoryView(state)
    view.saver.delay = 0
    view.editors[0].role.value = 3  # 3rd option: De redder
    view.editors[1].role.value = 4
    view.editors[0].feature_choices[0].value = 4
    stored = store.get("wb", "case/mijn_casus/phases")
    assert [p["role"] for p in stored] == ["redder", "probleemoplosser", None]
    assert stored[0]["features"] == {"afstand": 4}
    assert "volgt de volgorde" in view.feedback.value
    view.add_phase()
    assert len(store.get("wb", "case/mijn_casus/phases")) == 4
    again = hw.TrajectoryView(hw.RolesState("wb", book=AnswerBook("wb", store_factory=lambda: store)))
    assert [e.role.value for e in again.editors[:2]] == [3, 4] and len(again.editors) == 4


def test_client_voice_coding_is_saved_and_compared(book, store):
    from sw_exercises.widgets import helper_roles as hw
    state = hw.RolesState("wb", book=book)
    coder = hw.client_voices(state).children[0]
    coder.compare()
    assert "eerst" in coder.feedback.value.lower()
    feature = state.model.features[0].id
    coder.radios[feature].value = coder.statement.reading[feature]
    coder.compare()
    assert "1 van de 1" in coder.feedback.value
    assert store.get("wb", f"voice/{coder.statement.id}") == {feature: coder.statement.reading[feature]}


def test_my_answers_names_case_items_readably(store):
    book = AnswerBook("02_viervenstermodel", store_factory=lambda: store)
    from sw_exercises.cases import CaseBook
    case = CaseBook(book).add("Gezin B.")
    book.save(f"case/{case.id}/window/inwoner", "analyse")
    book.save(f"case/{case.id}/element/mandaat", 2)
    overview = MyAnswers(store=store)
    assert "Casus &#x27;Gezin B.&#x27;: Inwoner / huishouden" in overview.table.value
    assert "Casus &#x27;Gezin B.&#x27;: Mandaat" in overview.table.value
    assert "grotendeels" in overview.table.value


def test_my_answers_names_intervision_items_readably_with_names_as_typed(store):
    """Workbook 92's items are named by the group, the session and the field, never by their ids, and
    their values read as text (no lists of dicts); names come out exactly as typed."""
    from html import unescape

    from sw_exercises.i18n import t
    from sw_exercises.intervision_group import IntervisionBook, session_item
    from sw_exercises.models.intervision import load_methods
    record = IntervisionBook(AnswerBook("92_intervisie", store_factory=lambda: store))
    group = record.add_group("Groep Zoë \U0001F33B d'Amsterdam")
    record.add_member(group.id, "Anna")
    record.add_member(group.id, "Bram")
    session = record.add_session(group.id, "Sessie 'één'")
    record.add_afspraak(group.id, session.id, "Casus uitwerken", owner="Anna")
    step = next(s for m in load_methods() for s in m.steps)
    record.save_field(session_item(group.id, session.id, "notes", step.id), "Over grenzen.", None)
    record.save_field(session_item(group.id, session.id, "learning"), "Beter doorvragen.", None)
    shown = unescape(MyAnswers(store=store).table.value)
    where = "Groep Zoë \U0001F33B d'Amsterdam · Sessie 'één'"
    assert f"Groep Zoë \U0001F33B d'Amsterdam · {t('intervisie.members_title')}" in shown
    assert f"{where} · {t('intervisie.notes', step=step.label)}" in shown
    assert f"{where} · {t('intervisie.field_learning')}" in shown
    assert f"{where} · {t('intervisie.field_afspraken')}" in shown
    assert "Anna; Bram" in shown and "Casus uitwerken · " + t("intervisie.afspraak_owner", owner="Anna") in shown
    assert "group/" not in shown and "{" not in shown and session.id not in shown


def test_every_view_has_an_open_comm():
    """Does any view shadow a Widget method (e.g. 'open') so that it never reaches the frontend?"""
    import ipywidgets as W

    from sw_exercises.widgets import common, elements, helper_roles, lexicon, overview, viervenster
    from sw_exercises.widgets import bogardus as bogardus_views
    from sw_exercises.widgets import cases as case_views
    reserved = set(dir(W.DOMWidget))
    for module in (common, elements, helper_roles, lexicon, overview, viervenster, bogardus_views, case_views):
        for name, cls in vars(module).items():
            if isinstance(cls, type) and issubclass(cls, W.Widget) and cls.__module__ == module.__name__:
                clash = {a for a in vars(cls) if a in reserved and not a.startswith("_")} - {"value"}
                assert not clash, f"{name} overrides ipywidgets attributes {clash}"


def test_lexicon_views_search_and_open_an_entry(book, store):
    from sw_exercises.widgets import lexicon as lv
    state = lv.LexiconState("10_lexicon", book=book)
    contents, entry = lv.ContentsView(state), lv.EntryView(state)
    assert contents.model_id and entry.model_id
    contents.query.value = "bonding"
    assert contents.results.options and "begrip" in contents.results.options[0][0]
    contents.results.value = contents.results.options[0][1]
    contents.open_selected()
    assert entry.picker.value == contents.results.value
    assert store.get("wb", "lexicon/current") == entry.picker.value


def test_a_lexicon_entry_with_numbers_shows_them_as_a_figure_and_a_table(book):
    from sw_exercises.widgets import lexicon as lv
    state = lv.LexiconState("10_lexicon", book=book)
    entry = lv.EntryView(state)
    entry.picker.value = "vertrouwen"
    figures = [c for c in entry.body.children if "sw-figure" in c._dom_classes]
    assert len(figures) == 1 and "Tweede Kamer" in figures[0].value and "<table" in figures[0].value


def test_bookkeeping_items_are_not_shown_or_shared_as_answers(store):
    from sw_exercises import portfolio
    from sw_exercises.catalog import is_internal
    book = AnswerBook("02_viervenstermodel", store_factory=lambda: store)
    from sw_exercises.cases import CaseBook
    CaseBook(book).add("Gezin B.")
    book.save("element/zelfbeoordeling/current", 1)
    assert all(is_internal(r.item) for r in store.answers())
    assert "Je casussen" not in MyAnswers(store=store).table.value
    store.set_shared("02_viervenstermodel", "cases/current", True)
    assert portfolio.shared_answers(store) == []
    assert not is_internal("reflection/meeste_afstand") and not is_internal("case/gezin_b/window/inwoner")


def test_empty_plot_areas_are_emptied_by_assignment_never_by_clear_output(book, store, monkeypatch):
    """Output.clear_output() run while Voila executed a workbook sometimes left the app page standing
    still for good (workbook 01 at its profile, 06 at its first rating element). Views empty an
    output area by assigning ``outputs`` instead; this guards that no view goes back to it."""
    import ipywidgets as W

    from sw_exercises.i18n import content
    from sw_exercises.widgets import elements

    calls: list[W.Output] = []
    monkeypatch.setattr(W.Output, "clear_output", lambda self, *a, **k: calls.append(self))
    state = bw.BogardusState("wb", book=book)
    profile = bw.ProfileView(state)  # no answers yet: an empty chart
    assert profile.chart.value == ""
    bw.BogardusScale(state).cards.children[0].boxes[3].value = True
    assert "sw-plot-text" in profile.chart.value and "<svg" in profile.chart.value  # the text and the chart
    for spec in content("06_het_sociale")["elements"]:  # the rating and path elements start empty
        view = elements.element_view(book, f"element/{spec['id']}", spec)
        assert not [w for w in _walk(view) if isinstance(w, W.Output)]  # a chart is SVG in an HTML widget
        assert getattr(view, "output", None) is None or view.output.value == ""
    assert calls == []


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_an_unrated_feature_reads_as_unrated_not_as_the_middle(book, store):
    from sw_exercises.widgets import helper_roles as hw
    view = hw.TrajectoryView(hw.RolesState("wb", book=book))
    choice = view.editors[0].feature_choices[0]
    assert choice.value == hw.UNRATED and "nog niet beoordeeld" in choice.options[0][0]
    assert view.editors[0].phase().features == {}
    choice.value = 2
    choice.value = hw.UNRATED  # back to unrated: not stored as a rating
    assert view.editors[0].phase().features == {}


def test_the_casus_check_gives_feedback_on_the_attempt_before_revealing_the_reading(book, store):
    from sw_exercises.widgets import helper_roles as hw
    state = hw.RolesState("wb", book=book)
    coder = hw.client_voices(state).children[0]
    feature = next(f for f in state.model.features if coder.statement.reading.get(f.id) in ("negative", "positive"))
    wrong = "positive" if coder.statement.reading[feature.id] == "negative" else "negative"
    coder.radios[feature.id].value = wrong
    coder.compare()
    assert "0 van de 1" in coder.feedback.value and "Kijk nog eens" in coder.feedback.value
    assert coder.statement.explanation[:40] not in coder.feedback.value  # nothing revealed yet
    assert [a["id"] for a in coder.actions] == ["compare", "reveal"]
    coder.click("reveal")  # the button that reveals the reading
    assert [a["id"] for a in coder.actions] == ["compare"]
    assert coder.statement.explanation[:40] in coder.feedback.value


def test_a_status_shared_by_a_group_keeps_showing_a_failure_while_other_items_load():
    status = SaveStatus(quiet=True)
    status.show("failed", error="schijf vol")
    status.show("loaded")  # another item of the same window loads fine
    assert status.state == "failed" and "schijf vol" in status.value
    status.show("saved")  # a save that works does replace it
    assert status.state == "saved" and "schijf vol" not in status.value


def test_a_radio_group_holds_one_choice_per_item_and_none_until_chosen():
    from sw_exercises.widgets.groups import RadioGroup
    group = RadioGroup([{"label": "a / b:", "options": [("a", "neg"), ("b", "pos")], "value": None},
                        {"label": "c / d:", "options": [("c", "neg"), ("d", "pos")], "value": "pos"}])
    first, second = group.choices
    assert (first.value, second.value) == (None, "pos") and group.value == [-1, 1]
    seen = []
    group.observe(lambda change: seen.append(change["new"]), names="value")
    first.value = "neg"
    assert group.value == [0, 1] and seen == [[0, 1]]  # one change of the whole group
    group.value = [1, -1]  # as the page sends it: the student chose 'b' and nothing for the second
    assert (first.value, second.value) == ("pos", None)
    with pytest.raises(ValueError):
        first.value = "elsewhere"  # not an option: refused, not silently 'none'
    assert first.options == [("a", "neg"), ("b", "pos")] and first.description == "a / b:"
    assert group.controls_named() and not RadioGroup([{"label": " ", "options": [("a", 1)]}]).controls_named()


def test_a_client_voice_comes_back_coded_and_a_stored_code_it_does_not_know_stays_unchosen(book, store):
    from sw_exercises.widgets import helper_roles as hw
    state = hw.RolesState("wb", book=book)
    first = hw.client_voices(state).children[0]
    features = [f.id for f in state.model.features]
    store.save("wb", f"voice/{first.statement.id}", {features[0]: "negative", features[1]: "kapot"})
    again = hw.client_voices(hw.RolesState("wb", book=book)).children[0]
    assert [again.radios[f].value for f in features] == ["negative", None, None]
    assert "teruggezet" in again.status.value
    store.save("wb", f"voice/{first.statement.id}", ["geen", "dict"])
    assert [r.value for r in hw.client_voices(hw.RolesState("wb", book=book)).children[0].radios.values()] == [None] * len(features)
