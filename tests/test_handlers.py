"""Errors in button and observer handlers are shown in the view, logged, and fail nbval in strict mode."""
import os
import stat
import subprocess
import sys

import ipywidgets as W
import nbformat
import pytest

from sw_exercises.widgets import handlers
from sw_exercises.widgets.handlers import ErrorNote, handler


class Broken(W.VBox):
    def __init__(self):
        self.button = W.Button(description="doe")
        self.calls = 0
        self.button.on_click(handler(self, self._clicked))
        super().__init__([W.HTML("inhoud"), self.button])

    def _clicked(self, _button):
        self.calls += 1
        if self.calls == 1:
            raise ValueError("naam met \x00 erin")


@pytest.fixture
def lenient(monkeypatch, tmp_path):
    monkeypatch.delenv(handlers.STRICT_ENV, raising=False)
    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path / "werkruimte"))
    return tmp_path / "werkruimte"


def test_a_failing_click_shows_a_dutch_message_at_the_top_of_its_view(lenient):
    view = Broken()
    view.button.click()
    note = view.children[0]
    assert isinstance(note, ErrorNote)
    assert "role=\"alert\"" in note.value and "Dat lukte niet" in note.value and "ValueError" in note.value
    assert "Traceback" not in note.value


def test_the_traceback_goes_to_a_private_log_in_the_workspace(lenient):
    view = Broken()
    view.button.click()
    log = lenient / handlers.LOG_NAME
    assert "Traceback" in log.read_text(encoding="utf-8") and "_clicked" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert str(log) in view.children[0].value


def test_the_message_goes_once_the_same_action_works(lenient):
    view = Broken()
    view.button.click()
    assert view.children[0].value
    view.button.click()
    assert view.children[0].value == ""
    assert len([c for c in view.children if isinstance(c, ErrorNote)]) == 1


def test_observer_errors_are_shown_too(lenient):
    box = W.VBox([])
    field = W.Text()
    field.observe(handler(box, lambda change: 1 / 0), names="value")
    box.children = [field]
    field.value = "x"
    assert "ZeroDivisionError" in box.children[0].value


def test_strict_mode_raises_after_showing(monkeypatch, tmp_path):
    monkeypatch.setenv(handlers.STRICT_ENV, "1")
    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path))
    box = W.VBox([])
    field = W.Text()
    field.observe(handler(box, lambda change: 1 / 0), names="value")
    with pytest.raises(ZeroDivisionError):
        field.value = "x"
    assert "ZeroDivisionError" in box.children[0].value


def test_every_widget_handler_in_the_package_is_wrapped():
    """No bare on_click/observe handler is left in the views (a new one would be invisible when it fails)."""
    import re
    from pathlib import Path

    root = Path(handlers.__file__).parent
    bare = []
    for path in root.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in re.finditer(r"\.(on_click|observe)\((?!handler\()", line):
                bare.append(f"{path.name}:{number}: {line.strip()}")
    assert not bare, "\n".join(bare)


def test_a_notebook_cell_whose_handler_fails_fails_nbval(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as W\n"
        "from sw_exercises.widgets.handlers import handler\n"
        "box = W.VBox([])\n"
        "button = W.Button()\n"
        "button.on_click(handler(box, lambda _: 1 / 0))\n"
        "box.children = [button]\n"
        "button.click()\n"
        "box")]
    path = tmp_path / "kapot.ipynb"
    nbformat.write(nb, path)
    env = dict(os.environ, WERKBOEK_MAP=str(tmp_path / "ws"), WERKBOEK_STRIKT="1")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                             "--nbval-current-env", "-c", os.devnull, "--rootdir", str(tmp_path), str(path)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0, result.stdout
    assert "ZeroDivisionError" in result.stdout
    assert "1 failed" in result.stdout


def test_a_rating_whose_save_fails_shows_the_message_at_the_top_of_its_window(
        lenient, tmp_path, monkeypatch):
    """A SelectItem is only a dropdown: a change that fails is shown at the top of the window it sits in."""
    from sw_exercises.answers import AnswerBook
    from sw_exercises.store import AnswerStore
    from sw_exercises.widgets import viervenster as vv
    book = AnswerBook("wb", lambda: AnswerStore(tmp_path / "antwoorden.sqlite3"))
    state = vv.ViervensterState("wb", book=book)
    view = vv.FourWindowsView(state)
    panel = view.body.children[0].children[0]
    rating = panel.ratings[0]
    monkeypatch.setattr(rating.saver, "changed", lambda value: (_ for _ in ()).throw(ValueError("kapot")))
    rating.value = 2
    note = panel.children[0]
    assert isinstance(note, ErrorNote) and "Dat lukte niet" in note.value and "kapot" in note.value


def test_a_bogardus_card_shows_a_failed_tick_at_its_own_top(lenient, tmp_path, monkeypatch):
    """A card is one widget, not a box: the message goes into the note line it draws at its top, and
    goes away when the same action works again."""
    from sw_exercises.answers import AnswerBook
    from sw_exercises.store import AnswerStore
    from sw_exercises.widgets import bogardus as bw
    book = AnswerBook("wb", lambda: AnswerStore(tmp_path / "antwoorden.sqlite3"))
    card = bw.BogardusScale(bw.BogardusState("wb", book=book)).cards.children[0]
    works = card.saver.changed
    monkeypatch.setattr(card.saver, "changed", lambda value: (_ for _ in ()).throw(ValueError("kapot")))
    card.boxes[5].value = True
    assert "Dat lukte niet" in card.note_html and "kapot" in card.note_html and 'role="alert"' in card.note_html
    monkeypatch.setattr(card.saver, "changed", works)
    card.boxes[4].value = True
    assert card.note_html == "" and "Opgeslagen" in card.status.value
