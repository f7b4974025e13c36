"""Intervision timer (with an injected clock, never sleeps) and role rotation."""
from hypothesis import given
from hypothesis import strategies as st

from sw_exercises.models.intervision import ROLE_ORDER, StepTimer, clock_text, rotation_table, suggest_roles


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


def test_roles_rotate_so_everyone_takes_each_role():
    people = ["Amira", "Bas", "Chen", "Dewi"]
    history = []
    for _ in range(4):
        history.append(suggest_roles(people, history))
    table = rotation_table(people, history)
    assert all(count == 1 for row in table.values() for count in row.values())
    assert set(history[0]) == set(ROLE_ORDER) and len(set(history[0].values())) == 4


def test_with_three_people_the_inbrenger_does_not_also_chair():
    roles = suggest_roles(["A", "B", "C"], [])
    assert len(roles) == 4 and roles["inbrenger"] != roles["voorzitter"]
    assert suggest_roles([" ", ""], []) == {}
