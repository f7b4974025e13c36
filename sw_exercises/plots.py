"""Plot helpers: one colour-blind-safe palette (Okabe & Ito) and a shared layout for every figure.

Meaning is never carried by colour alone: markers differ in shape too, every figure has a
text table beside it, and a visible text alternative (title and summary) right above it.
"""
from __future__ import annotations

from html import escape
from typing import Any

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"

OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}
# order for categorical series: darkest first, pale yellow last
PALETTE = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black", "yellow")]

FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#1a1a1a")


_AXIS = dict(showline=True, linecolor="#444444", ticks="outside", tickcolor="#444444", gridcolor="#dddddd",
             zeroline=False, automargin=True)


def base_layout(title: str, **extra) -> dict:
    """A plain white layout. No plotly template: a template is sent along with every figure (about
    12 kB each time a plot is redrawn); the few properties we want are set here instead."""
    axes = {key: {**_AXIS, **extra.pop(key, {})} for key in ("xaxis", "yaxis")}
    layout = dict(
        title=dict(text=title, x=0.0, xanchor="left"),
        font=FONT,
        template="none",
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        colorway=PALETTE,
        margin=dict(l=10, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=-0.35, x=0),
    )
    layout.update(axes)
    layout.update(extra)
    return layout


def render(output: Any, figure: Any, text: str) -> None:
    """Show ``figure`` in the ipywidgets ``output`` area, replacing what was there (no flicker).

    With ``figure=None`` only the text is shown: a chart with nothing in it yet is not drawn (the
    browser then need not load plotly.js before the student has given an answer).

    ``text`` is the plot's text alternative (title and a short summary of what it shows, see
    :mod:`sw_exercises.plot_text`). It is shown as visible text right above the plot, so a screen
    reader reads it before the drawing, and it is the figure's plain-text alternative.

    The figure goes out as plotly's own mimetype (rendered by the jupyterlab-plotly extension that
    ships with plotly). This avoids plotly's renderer machinery, whose first import costs seconds in
    a kernel.
    """
    bundles = [_caption(text)]
    if figure is not None:
        bundles.append({PLOTLY_MIMETYPE: figure.to_plotly_json(), "text/plain": text})
    # one assignment replaces both outputs at once (no flicker), also from a save timer's thread
    output.outputs = tuple({"output_type": "display_data", "data": data, "metadata": {}} for data in bundles)


def clear(output: Any) -> None:
    """Empty the ``output`` area by assigning its outputs.

    Not ``output.clear_output()``: that goes through ``with output:`` and a clear_output message on
    the kernel's channel. Run by Voila while it executes a workbook, it sometimes left the page
    standing still for good ("stap 14 van 27", an idle kernel, an idle Voila). Assigning the outputs
    is one ordinary widget update, the way :func:`render` works.
    """
    output.outputs = ()


def caption_html(text: str) -> str:
    """The visible text alternative above a plot or an SVG figure (one markup for both)."""
    return f'<p class="sw-plot-text">{escape(text)}</p>'


def _caption(text: str) -> dict:
    return {"text/html": caption_html(text), "text/plain": text}
