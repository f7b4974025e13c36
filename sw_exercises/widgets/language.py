"""'Taal / Language' on the start page: the student chooses the language of the interface.

The choice is saved in the workspace (:mod:`sw_exercises.settings`) and holds for every workbook
opened after it, in JupyterLab, in the app and on the hub. This view redraws its own texts in the
chosen language at once and says that workbooks opened from now on use it. Readings, questions and
cases stay Dutch (docs/VERTALEN.md).
"""
from __future__ import annotations

from html import escape

from sw_exercises.widgets import lean as W

from ..files import WriteError
from ..i18n import DEFAULT_LANGUAGE, language, language_from_environment, t
from ..settings import LANGUAGES, save_language
from .handlers import handler


class LanguageChoice(W.VBox):
    def __init__(self) -> None:
        current = language()
        self.title = W.HTML()
        self.intro = W.HTML()
        self.choice = W.RadioButtons(options=[(name, code) for code, name in LANGUAGES.items()],
                                     value=current if current in LANGUAGES else DEFAULT_LANGUAGE,
                                     layout=dict(width="auto"), style={"description_width": "initial"})
        self.choice.add_class("sw-language-choice")
        self.message = W.HTML()
        self.message.add_class("sw-language-message")
        self._reverting = False
        if language_from_environment():
            self.choice.disabled = True
        self.choice.observe(handler(self, self._chosen), names="value")
        super().__init__([self.title, self.intro, self.choice, self.message])
        self.add_class("sw-language")
        self._draw()
        if language_from_environment():
            self._say(True, t("language.fixed", language=language()))

    def _draw(self) -> None:
        self.title.value = f"<h4>{escape(t('language.title'))}</h4>"
        self.intro.value = f"<p>{escape(t('language.intro'))}</p>"
        self.choice.description = t("language.label")
        self.choice.tooltip = t("language.label")

    def _say(self, ok: bool, text: str) -> None:
        css = "" if ok else " class='sw-error'"
        self.message.value = f"<p role='{'status' if ok else 'alert'}'{css}>{escape(text)}</p>"

    def _chosen(self, change: dict) -> None:
        if self._reverting:
            return
        self.choose(change["new"], previous=change["old"])

    def choose(self, lang: str, previous: str | None = None) -> bool:
        """Save ``lang``; the view's texts follow at once. False (and a message) when it cannot be saved."""
        try:
            save_language(lang)
        except WriteError as exc:
            self._say(False, t("language.not_saved", reason=exc.message))
            if previous is not None:
                self._reverting = True
                try:
                    self.choice.value = previous
                finally:
                    self._reverting = False
            return False
        if self.choice.value != lang:
            self._reverting = True
            try:
                self.choice.value = lang
            finally:
                self._reverting = False
        self._draw()
        self._say(True, t("language.saved"))
        return True
