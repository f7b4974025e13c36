"""Choose or create a named case; the views below follow the choice."""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from sw_exercises.widgets import lean as W

from ..cases import CaseBook
from ..i18n import t
from .common import button_row
from .handlers import handler


class CaseSelector(W.VBox):
    """Choose or create a named entry; ``texts`` names the werkboek.po section (cases, groups, sessions)."""

    def __init__(self, casebook: CaseBook, on_select: Callable[[str], None], *, texts: str = "cases",
                 default_name: str | None = None):
        self.casebook = casebook
        self.on_select = on_select
        self.texts = texts
        current = casebook.ensure_one(default_name or t(f"{texts}.default_name"))
        self.dropdown = W.Dropdown(description=t(f"{texts}.choose"), options=self._options(), value=current.id,
                                   style={"description_width": "initial"}, layout=dict(width="30em"))
        self.dropdown.observe(handler(self, self._chosen), names="value")
        self.new_name = W.Text(description=t(f"{texts}.new_label"), placeholder=t(f"{texts}.new_placeholder"),
                               style={"description_width": "initial"}, layout=dict(width="30em"))
        create = W.Button(description=t(f"{texts}.create"), icon="plus", tooltip=t(f"{texts}.create"),
                          layout=dict(width="auto"))
        create.on_click(handler(self, lambda _: self.create()))
        self.message = W.HTML(f"<small>{escape(t(f'{texts}.privacy'))}</small>")
        super().__init__([self.dropdown, button_row(self.new_name, create), self.message])
        self.add_class("sw-case-selector")

    def _options(self) -> list[tuple[str, str]]:
        return [(c.name, c.id) for c in self.casebook.cases()]

    def _chosen(self, change: dict) -> None:
        if change["new"]:
            self.casebook.select(change["new"])
            self.on_select(change["new"])

    def create(self) -> None:
        try:
            case = self.casebook.add(self.new_name.value)
        except ValueError as exc:
            self.message.value = f'<span class="sw-error" role="alert">{escape(t(str(exc.args[0])))}</span>'
            return
        self.dropdown.options = self._options()
        self.dropdown.value = case.id  # triggers on_select
        self.new_name.value = ""
        self.message.value = f'<span role="status">{escape(t(f"{self.texts}.created", name=case.name))}</span>'
