"""Every HTML export comes from one page shell: Jinja2 templates in ``sw_exercises/templates/``.

``base.html`` is the shell (``lang`` of the language in use, one ``h1``, the viewport for a phone,
one print-friendly stylesheet ``export.css``); each export extends it: ``portfolio.html``,
``intervision_record.html`` and ``class_overview.html`` (with ``class_overview_fragment.html``, the
part the lecturer's view shows on its own). See docs/EXPORTS.md.

Autoescaping is on for every template, so anything a student or lecturer typed is shown as text.
Markup that is built elsewhere and already escaped (an inline SVG chart of
:mod:`sw_exercises.widgets.svg`, plotly's chart div) is passed in wrapped in :func:`trusted`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .i18n import language

TEMPLATE_FOLDER = "templates"


@lru_cache(maxsize=1)
def environment():
    """The one Jinja2 environment (templates read from the package, autoescape on)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("sw_exercises", TEMPLATE_FOLDER),
                       autoescape=select_autoescape(enabled_extensions=("html",), default=True,
                                                    default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=False)


def trusted(markup: str) -> Any:
    """Markup that is already safe (built with escaping by this package): inserted as it is."""
    from markupsafe import Markup

    return Markup(markup)


def render(template: str, **context: Any) -> str:
    """``template`` (a file name under ``templates/``) with ``context``; every value is escaped
    unless it is :func:`trusted`. ``lang`` defaults to the language in use; ``refresh``,
    ``script`` and ``body_class`` of the shell default to none."""
    values = {"lang": language(), "refresh": None, "script": None, "body_class": ""}
    values.update(context)
    return environment().get_template(template).render(**values)
