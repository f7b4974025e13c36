"""The student's language choice (start page): saved in the workspace, read by every kernel, and
``WERKBOEK_TAAL`` wins over it; a broken settings file means Dutch, never a traceback."""
import json
import os
import stat

import pytest

from sw_exercises import i18n, settings
from sw_exercises.files import WriteError


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_MAP", str(tmp_path / "werkruimte"))
    monkeypatch.delenv("WERKBOEK_TAAL", raising=False)
    i18n.clear_cache()
    yield tmp_path / "werkruimte"
    i18n.clear_cache()


def test_without_a_choice_the_language_is_dutch(workspace):
    assert i18n.language() == "nl"
    assert not (workspace / settings.SETTINGS_NAME).exists()


def test_a_saved_choice_is_private_and_used(workspace):
    path = settings.save_language("en")
    assert path == workspace / settings.SETTINGS_NAME
    assert json.loads(path.read_text(encoding="utf-8")) == {"taal": "en"}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert i18n.language() == "en"
    assert i18n.t("status.empty") == i18n.texts("en").get("status.empty", i18n.texts("nl")["status.empty"])
    settings.save_language("nl")
    assert i18n.language() == "nl"
    assert i18n.t("status.empty") == i18n.texts("nl")["status.empty"]


def test_other_settings_in_the_file_are_kept(workspace):
    workspace.mkdir()
    (workspace / settings.SETTINGS_NAME).write_text('{"iets": 1}', encoding="utf-8")
    settings.save_language("en")
    assert settings.read_settings() == {"iets": 1, "taal": "en"}


def test_the_environment_variable_wins(workspace, monkeypatch):
    settings.save_language("en")
    monkeypatch.setenv("WERKBOEK_TAAL", "nl")
    assert i18n.language() == "nl" and i18n.language_from_environment()
    monkeypatch.setenv("WERKBOEK_TAAL", "en")
    settings.save_language("nl")
    assert i18n.language() == "en"


def test_a_choice_made_in_another_kernel_is_seen(workspace, monkeypatch):
    """Another process writes the file; this one sees it once the recheck interval has passed."""
    assert i18n.language() == "nl"
    workspace.mkdir()
    (workspace / settings.SETTINGS_NAME).write_text('{"taal": "en"}', encoding="utf-8")
    monkeypatch.setattr(settings, "RECHECK_SECONDS", 0.0)
    assert i18n.language() == "en"


def test_the_file_is_not_read_for_every_text(workspace, monkeypatch):
    settings.save_language("en")
    assert i18n.language() == "en"
    reads = []
    original = settings.read_settings
    monkeypatch.setattr(settings, "read_settings", lambda path=None: reads.append(path) or original(path))
    for _ in range(200):
        i18n.t("status.empty")
    assert reads == []


@pytest.mark.parametrize("contents", [b"{not json", b'["en"]', b'{"taal": "klingon"}', b'{"taal": 3}',
                                      b"\xff\xfe\x00", b""])
def test_a_bad_settings_file_means_dutch(workspace, contents):
    workspace.mkdir()
    (workspace / settings.SETTINGS_NAME).write_bytes(contents)
    assert i18n.language() == "nl"
    assert i18n.t("status.empty") == i18n.texts("nl")["status.empty"]


def test_a_settings_folder_in_place_of_the_file_means_dutch(workspace):
    (workspace / settings.SETTINGS_NAME).mkdir(parents=True)
    assert i18n.language() == "nl"
    with pytest.raises(WriteError) as caught:
        settings.save_language("en")
    assert caught.value.message  # a Dutch message for the view, no traceback


def test_an_unknown_language_is_refused(workspace):
    with pytest.raises(ValueError):
        settings.save_language("xx")
    assert not (workspace / settings.SETTINGS_NAME).exists()


def _texts(view):
    return (view.title.value, view.intro.value, view.choice.description, view.message.value)


def test_the_start_page_choice_saves_and_redraws_at_once(workspace):
    from sw_exercises.workbooks.start import language_choice
    view = language_choice()
    assert view.choice.value == "nl" and not view.choice.disabled
    assert [v for _, v in view.choice.options] == ["nl", "en"]
    dutch = _texts(view)
    assert i18n.texts("nl")["language.intro"] in dutch[1]
    view.choice.value = "en"
    assert json.loads((workspace / settings.SETTINGS_NAME).read_text(encoding="utf-8")) == {"taal": "en"}
    assert i18n.language() == "en"
    english = _texts(view)
    assert english[0] != dutch[0] and english[2] != dutch[2]
    assert i18n.texts("en")["language.saved"] in english[3]
    assert language_choice().choice.value == "en", "a page opened later shows the saved choice"
    view.choice.value = "nl"
    assert i18n.language() == "nl" and i18n.texts("nl")["language.saved"] in view.message.value


def test_the_choice_is_fixed_when_the_environment_sets_the_language(workspace, monkeypatch):
    from sw_exercises.widgets.language import LanguageChoice
    monkeypatch.setenv("WERKBOEK_TAAL", "en")
    view = LanguageChoice()
    assert view.choice.disabled and view.choice.value == "en"
    assert "WERKBOEK_TAAL=en" in view.message.value


def test_a_choice_that_cannot_be_saved_says_so_and_keeps_the_old_one(workspace):
    from sw_exercises.widgets.language import LanguageChoice
    (workspace / settings.SETTINGS_NAME).mkdir(parents=True)  # a folder where the file should be
    view = LanguageChoice()
    view.choice.value = "en"
    assert view.choice.value == "nl" and i18n.language() == "nl"
    assert "sw-error" in view.message.value and "role='alert'" in view.message.value
