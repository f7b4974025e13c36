"""Intervision timer (with an injected clock, never sleeps), fair roles with a voluntary inbrenger, lenses per step."""
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models.intervision import (ROLE_ORDER, STEP_PHASES, SUPPORT_ROLES, StepTimer, clean_people, clock_text,
                                             inbreng_counts, lens_questions_at, lens_step, load_lenses, load_methods,
                                             method, person_key, role_counts, role_problems, rotation_table,
                                             suggest_roles)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_start_pause_resume_extend_skip():
    clock = Clock()
    timer = StepTimer([300, 600])
    assert timer.remaining(clock()) == 300 and not timer.running
    timer.start(clock())
    clock.now += 100
    assert timer.remaining(clock()) == 200
    timer.pause(clock())
    clock.now += 1000  # paused: nothing runs off
    assert timer.remaining(clock()) == 200
    timer.toggle(clock())
    clock.now += 250
    assert timer.remaining(clock()) == -50 and clock_text(timer.remaining(clock())) == "-00:50"
    timer.extend(120)
    assert timer.remaining(clock()) == 70 and clock_text(70) == "01:10"
    timer.skip(clock())
    assert timer.index == 1 and timer.running and timer.remaining(clock()) == 600
    clock.now += 30
    timer.skip(clock())
    assert timer.finished and not timer.running and timer.remaining(clock()) == 0


def test_a_running_timer_survives_a_restart_with_a_wall_clock():
    clock = Clock()
    timer = StepTimer([300, 600])
    timer.start(clock())
    clock.now += 60
    stored = timer.to_value()
    clock.now += 30  # the kernel restarts meanwhile
    again = StepTimer.from_value(stored, [300, 600])
    assert again.running and again.remaining(clock()) == 210


def test_junk_or_another_methods_state_starts_fresh():
    assert StepTimer.from_value({"durations": [1, 2], "index": 1}, [300, 600]).index == 0
    assert StepTimer.from_value("kapot", [300]).remaining(0) == 300
    assert StepTimer.from_value({"durations": [300], "index": 9, "elapsed": 0, "started_at": None}, [300]).finished


@given(st.lists(st.sampled_from(["start", "pause", "skip", "back", "extend", "wait"]), max_size=40))
def test_any_sequence_keeps_the_timer_consistent(actions):
    clock = Clock()
    timer = StepTimer([60, 120, 180])
    for action in actions:
        if action == "wait":
            clock.now += 17
        elif action == "extend":
            timer.extend(60)
        else:
            getattr(timer, action)(clock())
        assert 0 <= timer.index <= 3
        assert timer.spent(clock()) >= 0
        assert not (timer.finished and timer.running)
    assert StepTimer.from_value(timer.to_value(), [60, 120, 180]).index == timer.index


def test_going_back_a_step_keeps_the_time_each_step_ran():
    clock = Clock()
    timer = StepTimer([300, 600])
    timer.start(clock())
    clock.now += 100
    timer.skip(clock())
    clock.now += 50
    timer.back(clock())  # 'Vorige stap': step 1 continues from 100 s, step 2 keeps its 50 s
    assert timer.index == 0 and timer.running and timer.spent(clock()) == 100
    clock.now += 20
    timer.skip(clock())
    assert timer.spent(clock()) == 50 and timer.elapsed[0] == 120


def test_step_times_can_change_before_and_during_a_session():
    clock = Clock()
    timer = StepTimer([300, 600])
    timer.set_duration(1, 900)
    timer.start(clock())
    clock.now += 60
    timer.set_duration(0, 120)
    assert timer.remaining(clock()) == 60 and timer.durations == [120, 900]
    timer.extend(-600)
    assert timer.durations[0] == 60  # at least a minute
    again = StepTimer.from_value(timer.to_value(), [300, 600])
    assert again.durations == [60, 900] and again.running


def test_the_first_stored_format_is_read():
    old = {"durations": [300, 600], "index": 1, "elapsed": 42.0, "started_at": None, "extra": {"1": 120}}
    timer = StepTimer.from_value(old, [300, 600])
    assert timer.index == 1 and timer.durations == [300, 720] and timer.elapsed == [0.0, 42.0]


# -- roles --------------------------------------------------------------------------------------------
PEOPLE = st.lists(st.sampled_from(["Amira", "Bas", "Chen", "Dewi", "Eva", "Fenna", "amira ", "Gijs"]), max_size=7)
HISTORY = st.lists(st.dictionaries(st.sampled_from(ROLE_ORDER), st.sampled_from(["Amira", "Bas", "Chen", "Dewi", "Eva", "Oud"]),
                                   max_size=4), max_size=12)


@given(PEOPLE, HISTORY, st.one_of(st.none(), st.sampled_from(["Amira", "Bas", "Chen"])), st.booleans())
def test_suggested_roles_are_fair_and_never_choose_the_inbrenger(present, history, inbrenger, allow_double):
    roles = suggest_roles(present, history, inbrenger=inbrenger, allow_double=allow_double)
    people = [p for p in clean_people(present) if person_key(p) != person_key(inbrenger)]
    assert set(roles) <= set(SUPPORT_ROLES) and "inbrenger" not in roles
    assert all(p in people for p in roles.values())  # only members who are present, never the inbrenger
    load = Counter(roles.values())
    if not allow_double or len(people) >= len(SUPPORT_ROLES):
        assert all(n == 1 for n in load.values())  # two roles only when too few and confirmed
        assert len(roles) == min(len(people), len(SUPPORT_ROLES))
    elif people:
        assert len(roles) == len(SUPPORT_ROLES)
        assert max(load[p] for p in people) - min(load[p] for p in people) <= 1
        if load[roles["tijdbewaker"]] > 1 and roles.get("voorzitter") is not None and load[roles["voorzitter"]] > 1:
            assert roles["tijdbewaker"] == roles["voorzitter"]  # the chair keeps the time
    counts = role_counts(people, history)
    without = [p for p in people if p not in roles.values()]
    for role, person in roles.items():
        if load[person] == 1:  # nobody left without a role had this role less often
            assert all(counts[person][role] <= counts[q][role] for q in without)


@given(HISTORY)
def test_a_new_member_gets_a_role_before_those_who_had_every_role(history):
    old = ["Amira", "Bas", "Chen", "Dewi"]
    history = list(history) + [dict(zip(SUPPORT_ROLES, old[i:] + old[:i])) for i in range(4)]
    roles = suggest_roles(old + ["Nieuw"], history, inbrenger="Amira")
    assert "Nieuw" in roles.values()


def test_with_three_people_nobody_gets_two_roles_unless_the_group_confirms_it():
    roles = suggest_roles(["A", "B", "C"], [], inbrenger="A")
    assert len(roles) == 2 and "A" not in roles.values() and len(set(roles.values())) == 2
    assert set(roles) == {"voorzitter", "notulist"}  # the tijdbewaker is the role that waits
    confirmed = suggest_roles(["A", "B", "C"], [], inbrenger="A", allow_double=True)
    assert confirmed["tijdbewaker"] == confirmed["voorzitter"] != "A"
    assert suggest_roles([" ", ""], []) == {}


def test_the_inbrenger_is_never_rotated_in_only_counted():
    history = [{"inbrenger": "Amira"}, {"inbrenger": "Bas"}, {"inbrenger": "amira"}]
    assert inbreng_counts(["Amira", "Bas", "Chen"], history) == {"Amira": 2, "Bas": 1, "Chen": 0}
    assert "inbrenger" not in suggest_roles(["Amira", "Bas", "Chen", "Dewi"], history)


def test_counts_include_new_members_and_ignore_case_and_spaces():
    table = rotation_table(["Amira", "Nieuw"], [{"voorzitter": " amira"}, {"notulist": "AMIRA"}])
    assert table["Amira"]["voorzitter"] == 1 and table["Amira"]["notulist"] == 1
    assert set(table["Nieuw"].values()) == {0}


def test_role_problems_say_what_is_not_right():
    keys = lambda found: [k for k, _ in found]  # noqa: E731
    assert keys(role_problems({"inbrenger": "A", "notulist": "A"}, ["A", "B", "C"], confirmed=False)) == \
        ["intervisie.roles_inbrenger_double"]
    assert keys(role_problems({"voorzitter": "B", "tijdbewaker": "B"}, ["A", "B", "C"], confirmed=True)) == \
        ["intervisie.roles_double_not_needed"]
    small = {"inbrenger": "A", "voorzitter": "B", "tijdbewaker": "B", "notulist": "C"}
    assert keys(role_problems(small, ["A", "B", "C"], confirmed=False)) == ["intervisie.roles_double_unconfirmed"]
    assert role_problems(small, ["A", "B", "C"], confirmed=True) == []
    assert keys(role_problems({"notulist": "Z"}, ["A"], confirmed=False)) == ["intervisie.roles_absent"]


# -- lenses at the step where they belong ---------------------------------------------------------------
def test_every_lens_question_is_asked_at_one_step_after_the_question_rounds():
    for chosen in load_methods():
        assert any(s.phase == "analyse" for s in chosen.steps), chosen.id
        assert all(s.phase in STEP_PHASES for s in chosen.steps), chosen.id
        for lens in load_lenses():
            for q in lens.questions:
                index = lens_step(chosen, q)
                assert chosen.steps[index].phase not in ("start", "inbreng", "vragen"), (chosen.id, q.id)
                shown = [i for i in range(len(chosen.steps)) if (lens, q) in lens_questions_at(chosen, i, [lens.id])]
                assert shown == [index]
    incident = method("incidentmethode")
    do_no_harm = next(ln for ln in load_lenses() if ln.id == "do_no_harm")
    dilemma = next(q for q in do_no_harm.questions if q.id == "dilemma_zichtbaar")
    assert incident.steps[lens_step(incident, dilemma)].id == "wat_deed_inbrenger"
