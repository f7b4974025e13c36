"""Plot helpers: one colour-blind-safe palette (Okabe & Ito) and a shared layout for every figure.

Meaning is never carried by colour alone: markers differ in shape too, every figure has a
text table beside it, and a visible text alternative (title and summary) right above it.
"""
from __future__ import annotations

from html import escape

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


#: Characters per line of an axis title: plotly never wraps a title, so a long one is cut off on a
#: phone (360 px) unless it is broken into lines here.
AXIS_TITLE_LINE = 30


def wrap(label: str, width: int) -> list[str]:
    """Split a label into lines of about ``width`` characters, at spaces."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _lines(text: str) -> str:
    return "<br>".join(wrap(text, AXIS_TITLE_LINE))


def _axis(settings: dict) -> dict:
    axis = {**_AXIS, **settings}
    title = axis.get("title")
    if isinstance(title, str):
        axis["title"] = _lines(title)
    elif isinstance(title, dict) and isinstance(title.get("text"), str):
        axis["title"] = {**title, "text": _lines(title["text"])}
    return axis


def base_layout(title: str, **extra) -> dict:
    """A plain white layout. No plotly template: a template is sent along with every figure (about
    12 kB each time a plot is redrawn); the few properties we want are set here instead."""
    axes = {key: _axis(extra.pop(key, {})) for key in ("xaxis", "yaxis")}
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


def caption_html(text: str) -> str:
    """The visible text alternative above a plot or an SVG figure (one markup for both)."""
    return f'<p class="sw-plot-text">{escape(text)}</p>'

