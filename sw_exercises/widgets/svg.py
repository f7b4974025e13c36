"""The workbooks' charts and diagrams as inline SVG, for a view's ``W.HTML`` (and the portfolio).

Every chart a workbook shows is drawn here, also those that change while a student works (the
Bogardus profile, the Viervenster analysis, ratings, paths): a change sends a few kilobytes of markup,
and the browser need not run plotly.js (about 0.6 s of CPU the first time, see docs/BENCHMARKS.md).
Plotly stays for the lecturer's class overview. An SVG scales with a narrow screen instead of being
cut off (plotly wraps no title or axis title), prints sharply and carries its own text
alternative: ``role="img"`` with a ``<title>`` and a ``<desc>``, and the same text visible right
above it (:func:`with_text`).
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from html import escape

from ..formats import format_number
from ..plots import PALETTE, caption_html, wrap

INK = "#1a1a1a"
GRID = "#dddddd"
AXIS = "#444444"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    """An id that is unique in this kernel, so several drawings on one page never clash."""
    return f"{prefix}-{next(_ids)}"


def text(x: float, y: float, content: str, *, anchor: str = "start", size: int = 14, bold: bool = False,
         colour: str = INK, halo: bool = False, extra: str = "") -> str:
    """One line of SVG text (escaped)."""
    attrs = " font-weight='bold'" if bold else ""
    if halo:  # a white outline behind the letters keeps them readable over a line
        attrs += " stroke='#ffffff' stroke-width='4' paint-order='stroke'"
    return (f"<text x='{x}' y='{y}' text-anchor='{anchor}' dominant-baseline='middle' font-size='{size}'"
            f"{attrs}{extra} fill='{colour}'>{escape(content)}</text>")


def document(uid: str, width: int, height: int, title: str, description: str, body: str, defs: str = "") -> str:
    """The <svg> element: scales with the page up to ``width``; named by its title and description."""
    return (f"<svg class='sw-diagram' role='img' aria-labelledby='{uid}-title {uid}-desc' "
            f"viewBox='0 0 {width} {height}' width='100%' style='max-width:{width}px;height:auto' "
            f"font-family='Arial, Helvetica, sans-serif' xmlns='http://www.w3.org/2000/svg'>"
            f"<title id='{uid}-title'>{escape(title)}</title><desc id='{uid}-desc'>{escape(description)}</desc>"
            f"{defs}<rect x='0' y='0' width='{width}' height='{height}' fill='#ffffff'/>{body}</svg>")


def with_text(svg: str, description: str) -> str:
    """A drawing with its text alternative shown right above it."""
    return caption_html(description) + svg


def number(value: float) -> str:
    """39.0 → '39', 1.9 → '1,9' (the decimal sign of the language)."""
    return format_number(value, None)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 … at least ``top`` in round steps (1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [round(i * step, 10) for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def _lines(x: float, y: float, lines: Sequence[str], *, anchor: str, size: int = 13) -> str:
    """Several lines of text, centred on ``y``."""
    first = y - (len(lines) - 1) * size * 0.6
    return "".join(text(x, round(first + i * size * 1.2, 1), line, anchor=anchor, size=size)
                   for i, line in enumerate(lines))


_MARKERS = ("circle", "square", "diamond", "triangle")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f"<rect x='{x - 6}' y='{y - 6}' width='12' height='12' fill='{colour}'/>"
    if shape == "diamond":
        return f"<path d='M{x} {y - 8} L{x + 8} {y} L{x} {y + 8} L{x - 8} {y} Z' fill='{colour}'/>"
    if shape == "triangle":
        return f"<path d='M{x} {y - 8} L{x + 8} {y + 6} L{x - 8} {y + 6} Z' fill='{colour}'/>"
    return f"<circle cx='{x}' cy='{y}' r='6' fill='{colour}'/>"


Series = tuple[str | None, Sequence[tuple[object, float | None]]]


def _categories(series: Sequence[Series]) -> list[object]:
    """Every category of every series, in the order they first appear."""
    categories: list[object] = []
    for _, points in series:
        for category, _ in points:
            if category not in categories:
                categories.append(category)
    return categories


def _values(categories: Sequence[object], series: Sequence[Series]):
    """(category index, series index, value) for every value there is, category by category."""
    for c, category in enumerate(categories):
        for s, (_, points) in enumerate(series):
            value = dict(points).get(category)
            if value is not None:
                yield c, s, value


def chart(kind: str, title: str, series: Sequence[Series], *, x_title: str = "", y_title: str = "",
          description: str = "") -> str:
    """A bar chart (``bar``), horizontal bar chart (``barh``) or line chart (``line``) of ``series``:
    (name or None, [(category, value)]). Bars of several series stand side by side; every bar and
    point carries its value, and a series has a shape as well as a colour (never colour alone)."""
    uid = new_id("sw-chart")
    categories = _categories(series)
    values = [v for _, points in series for _, v in points if v is not None]
    ticks = nice_ticks(max(values, default=0) * 1.08)
    top = ticks[-1]
    named = [name for name, _ in series if name is not None]
    width = 720
    legend_h = 34 if named else 0
    parts = [text(10, 24, title, size=17)]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    if kind == "barh":
        longest = max((len(line) for c in categories for line in wrap(str(c), 30)), default=4)
        label_w = round(16 + 7.2 * longest)
        band = 46 if len(series) == 1 else 30 * len(series) + 16
        left, right, top_y = label_w + 10, 60, 56
        plot_h = band * len(categories)
        height = top_y + plot_h + 56 + legend_h
        plot_w = width - left - right

        def vx(value: float) -> float:
            return round(left + value / top * plot_w, 1)
        for tick in ticks:
            parts.append(f"<line x1='{vx(tick)}' y1='{top_y}' x2='{vx(tick)}' y2='{top_y + plot_h}' stroke='{GRID}'/>")
            parts.append(text(vx(tick), top_y + plot_h + 16, number(tick), anchor="middle", size=12, colour=AXIS))
        parts.append(f"<line x1='{left}' y1='{top_y}' x2='{left}' y2='{top_y + plot_h}' stroke='{AXIS}'/>")
        bar_h = (band - 16) / len(series)
        for c, category in enumerate(categories):
            middle = top_y + c * band + band / 2
            parts.append(_lines(left - 8, middle, wrap(str(category), 30), anchor="end"))
        for c, s, value in _values(categories, series):
            y = round(top_y + c * band + 8 + s * bar_h, 1)
            parts.append(f"<rect x='{left}' y='{y}' width='{round(vx(value) - left, 1)}' "
                         f"height='{round(bar_h - 2, 1)}' fill='{colours[s]}'/>")
            parts.append(text(vx(value) + 6, round(y + bar_h / 2 - 1, 1), number(value), size=13))
        parts.append(text(left + plot_w / 2, top_y + plot_h + 38, y_title, anchor="middle", colour=AXIS))
    else:
        left, right, top_y = 70, 20, 56
        plot_h = 240
        label_lines = max((len(wrap(str(c), 22)) for c in categories), default=1)
        height = top_y + plot_h + 30 + 16 * label_lines + 30 + legend_h
        plot_w = width - left - right
        band = plot_w / max(len(categories), 1)

        def vy(value: float) -> float:
            return round(top_y + plot_h - value / top * plot_h, 1)

        def cx(c: int) -> float:
            return round(left + (c + 0.5) * band, 1)
        for tick in ticks:
            parts.append(f"<line x1='{left}' y1='{vy(tick)}' x2='{left + plot_w}' y2='{vy(tick)}' stroke='{GRID}'/>")
            parts.append(text(left - 8, vy(tick), number(tick), anchor="end", size=12, colour=AXIS))
        parts.append(f"<line x1='{left}' y1='{top_y + plot_h}' x2='{left + plot_w}' y2='{top_y + plot_h}' stroke='{AXIS}'/>")
        for c, category in enumerate(categories):
            lines = wrap(str(category), 22)
            parts.append(_lines(cx(c), top_y + plot_h + 16 + (len(lines) - 1) * 8, lines, anchor="middle"))
        if kind == "line":
            for s, (_, points) in enumerate(series):
                known = [(categories.index(cat), v) for cat, v in points if v is not None]
                coords = " ".join(f"{cx(c)},{vy(v)}" for c, v in known)
                parts.append(f"<polyline points='{coords}' fill='none' stroke='{colours[s]}' stroke-width='3'/>")
                for c, v in known:
                    parts.append(_marker(_MARKERS[s % len(_MARKERS)], cx(c), vy(v), colours[s]))
                    parts.append(text(cx(c) + 10, vy(v) - 12, number(v), size=13, halo=True))
        else:
            bar_w = band * 0.7 / len(series)
            for c, s, value in _values(categories, series):
                x = round(cx(c) - band * 0.35 + s * bar_w, 1)
                parts.append(f"<rect x='{x}' y='{vy(value)}' width='{round(bar_w - 2, 1)}' "
                             f"height='{round(top_y + plot_h - vy(value), 1)}' fill='{colours[s]}'/>")
                parts.append(text(round(x + bar_w / 2 - 1, 1), vy(value) - 10, number(value), anchor="middle", size=13))
        parts.append(text(18, top_y + plot_h / 2, y_title, anchor="middle", colour=AXIS,
                          extra=f" transform='rotate(-90 18 {top_y + plot_h / 2})'"))
        if x_title:
            parts.append(text(left + plot_w / 2, height - legend_h - 12, x_title, anchor="middle", colour=AXIS))
    if named:  # the legend: a swatch or marker of the same colour and shape, then the name
        x, y = 10.0, height - 18
        for s, (name, _) in enumerate(series):
            if name is None:
                continue
            if kind == "line":
                parts.append(_marker(_MARKERS[s % len(_MARKERS)], x + 8, y, colours[s]))
            else:
                parts.append(f"<rect x='{x}' y='{y - 7}' width='16' height='14' fill='{colours[s]}'/>")
            parts.append(text(x + 24, y, name, size=13))
            x += 40 + 7.5 * len(name)
    return document(uid, width, height, title, description, "".join(parts))



def dots(title: str, series: Sequence[Series], ticks: Sequence[Sequence[str]], *, x_title: str = "",
         description: str = "", shapes: Sequence[str] = ("circle", "diamond"), start: int = 1) -> str:
    """A dot plot: one row per category, a marker at its value on a scale ``start`` ..
    ``start + len(ticks) - 1`` (1 .. len(ticks) unless told), the value written beside it. ``ticks``
    are the lines of text under each scale point. Every series has a shape as well as a colour (never colour alone); categories keep the order they first appear in."""
    uid = new_id("sw-dots")
    categories = _categories(series)
    named = [name for name, _ in series if name is not None]
    width, right, top_y = 720, 30, 48
    longest = max((len(line) for c in categories for line in wrap(str(c), 28)), default=4)
    # one row per category, 40 px, taller for a label of three lines or more (never into the next row)
    heights = [max(40, 16 * len(wrap(str(c), 28)) + 8) for c in categories]
    middles = [round(top_y + sum(heights[:c]) + h / 2, 1) for c, h in enumerate(heights)]
    left = round(24 + 7.2 * longest)
    plot_w = width - left - right
    plot_h = sum(heights) or 40
    per_tick = max(int(plot_w / max(len(ticks), 1) / 6.6), 4)  # characters that fit under one point
    ticks = [[part for line in lines for part in wrap(line, per_tick)] for lines in ticks]
    tick_lines = max((len(lines) for lines in ticks), default=1)
    legend_h = 34 if named else 0
    height = top_y + plot_h + 14 + 16 * tick_lines + (30 if x_title else 6) + legend_h
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]

    def vx(value: float) -> float:
        return round(left + (value - start + 0.5) / len(ticks) * plot_w, 1)
    parts = [text(10, 24, title, size=17)]
    for i, lines in enumerate(ticks, start=start):
        parts.append(f"<line x1='{vx(i)}' y1='{top_y}' x2='{vx(i)}' y2='{top_y + plot_h}' stroke='{GRID}'/>")
        first = top_y + plot_h + 14
        parts.append("".join(text(vx(i), first + k * 16, line, anchor="middle", size=12, colour=AXIS)
                             for k, line in enumerate(lines)))
    parts.append(f"<line x1='{left}' y1='{top_y + plot_h}' x2='{left + plot_w}' y2='{top_y + plot_h}' stroke='{AXIS}'/>")
    for c, category in enumerate(categories):
        parts.append(_lines(left - 10, middles[c], wrap(str(category), 28), anchor="end"))
    for c, s, value in _values(categories, series):
        y = middles[c]
        parts.append(_marker(shapes[s % len(shapes)], vx(value), y, colours[s]))
        parts.append(text(vx(value) + 12, y, number(value), size=13, bold=True, halo=True))
    if x_title:
        parts.append(text(left + plot_w / 2, top_y + plot_h + 14 + 16 * tick_lines + 8, x_title, anchor="middle",
                          colour=AXIS))
    if named:
        x, y = 10.0, height - 18
        for s, (name, _) in enumerate(series):
            if name is None:
                continue
            parts.append(_marker(shapes[s % len(shapes)], x + 8, y, colours[s]))
            parts.append(text(x + 24, y, name, size=13))
            x += 40 + 7.5 * len(name)
    return document(uid, width, height, title, description, "".join(parts))
