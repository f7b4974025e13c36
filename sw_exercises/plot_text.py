"""Text alternatives for the plots: the title plus a short summary of what the plot shows.

Pure functions over the plotted data (no widgets, no plotly): each returns one Dutch sentence or
two, built from the templates under ``plots`` in ``locales/<language>/LC_MESSAGES/werkboek.po``. The views show it
as visible text right above the chart (:func:`sw_exercises.widgets.svg.with_text`) and as the drawing's ``<desc>``,
so it is what a screen reader reads instead of the drawing.
"""
from __future__ import annotations

from collections.abc import Sequence

from .formats import format_number
from .i18n import t

Number = float | int


def number(value: Number) -> str:
    """39 -> '39', 39.0 -> '39', 1.9 -> '1,9' (the language's decimal separator)."""
    if isinstance(value, float):
        return format_number(value, None)
    return str(value)


def names(items: Sequence[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return t("plots.list", first=", ".join(items[:-1]), last=items[-1])


def figure_text(kind: str, title: str, summary: str) -> str:
    """'Staafdiagram: <title>. <summary>' (kind is one of the ``plots.kind_*`` keys)."""
    title = title.strip()
    if not title.endswith((".", "?", "!")):
        title += "."
    return t("plots.text", kind=t(f"plots.kind_{kind}"), title=title, summary=summary)


def extremes(pairs: Sequence[tuple[str, Number]]) -> tuple[list[str], Number, list[str], Number]:
    """The labels with the highest value, that value, the labels with the lowest value, that value."""
    top = max(v for _, v in pairs)
    bottom = min(v for _, v in pairs)
    return [k for k, v in pairs if v == top], top, [k for k, v in pairs if v == bottom], bottom


def _high_low(pairs: Sequence[tuple[str, Number]], key: str, show=number) -> str:
    """'<key>_range' with the highest and lowest, or '<key>_same' when every value is the same."""
    high, top, low, bottom = extremes(pairs)
    if top == bottom:
        return t(f"plots.{key}_same", n=len(pairs), value=show(top))
    return t(f"plots.{key}_range", n=len(pairs), high=names(high), top=show(top), low=names(low),
             bottom=show(bottom))


# -- the plots of the workbooks ---------------------------------------------------------------
def bogardus_profile(title: str, rows: Sequence[tuple[str, int, int]]) -> str:
    """Bogardus profile; ``rows`` = (group, distance 1…7, number of Guttman errors)."""
    if not rows:
        summary = t("plots.empty")
    elif len(rows) == 1:
        group, distance, _ = rows[0]
        summary = t("plots.bogardus_one", group=group, value=distance)
    else:
        summary = _high_low([(g, d) for g, d, _ in rows], "bogardus")
    errors = [g for g, _, e in rows if e]
    if errors:
        summary += " " + t("plots.bogardus_errors", n=len(errors), groups=names(errors))
    return figure_text("dots", title, summary)


def ratings(title: str, levels: Sequence[str], rated: Sequence[tuple[str, int]], total: int) -> str:
    """A rating element: ``rated`` = (item, level index) for the items rated so far, out of ``total``."""
    if not rated:
        return figure_text("dots", title, t("plots.empty"))
    summary = t("plots.rated", n=len(rated), total=total) + " " + _high_low(
        list(rated), "rating", show=lambda i: f"{i + 1} · {levels[i]}")
    return figure_text("dots", title, summary)


def rating_rounds(title: str, levels: Sequence[str], rounds: Sequence[tuple[str, dict[str, int]]]) -> str:
    """A repeated rating: ``rounds`` = (round name, {item: level index}) in order, empty rounds left out."""
    if not rounds:
        return figure_text("dots", title, t("plots.empty"))
    name, last = rounds[-1]
    summary = t("plots.round", round=name) + " " + _high_low(
        list(last.items()), "rating", show=lambda i: f"{i + 1} · {levels[i]}")
    if len(rounds) > 1:
        before_name, before = rounds[-2]
        common = [k for k in last if k in before]
        up = sum(1 for k in common if last[k] > before[k])
        down = sum(1 for k in common if last[k] < before[k])
        summary += " " + t("plots.compared", before=before_name, up=up, down=down, same=len(common) - up - down)
    return figure_text("dots", title, summary)


def path(title: str, steps: Sequence[tuple[str, str]], total: int) -> str:
    """A path over phases: ``steps`` = (phase, position) for the phases with a position, of ``total``."""
    if not steps:
        return figure_text("path", title, t("plots.empty"))
    changes = sum(1 for (_, a), (_, b) in zip(steps, steps[1:]) if a != b)
    summary = t("plots.path", n=len(steps), total=total, first=steps[0][1], last=steps[-1][1], changes=changes,
                steps="; ".join(f"{p}: {pos}" for p, pos in steps))
    return figure_text("path", title, summary)


def dataset_figure(title: str, kind: str, y_name: str,
                   series: Sequence[tuple[str | None, Sequence[tuple[str, Number]]]]) -> str:
    """A dataset figure (bar, barh or line): ``series`` = (name or None, [(x, y), …])."""
    parts = []
    for name, points in series:
        points = [(str(x), y) for x, y in points if isinstance(y, (int, float)) and not isinstance(y, bool)]
        if not points:
            continue
        if len(points) == 1:
            text = t("plots.point", x=points[0][0], y=number(points[0][1]))
        elif kind == "line":
            text = t("plots.line", first_x=points[0][0], first=number(points[0][1]), last_x=points[-1][0],
                     last=number(points[-1][1]))
        else:
            text = _high_low(points, "bar")
        parts.append(t("plots.series", name=name, text=text) if name is not None else text)
    if not parts:
        return figure_text("line" if kind == "line" else "bar", title, t("plots.empty"))
    measure = y_name.replace("_", " ")
    summary = t("plots.measure", y=measure[:1].upper() + measure[1:], text="; ".join(parts))
    return figure_text("line" if kind == "line" else "bar", title, summary)


def roles_matrix(title: str, cells: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The six-roles matrix: ``cells`` = (cell name, [roles in that cell])."""
    summary = " ".join(t("plots.matrix_cell", cell=cell, roles=names(roles)) for cell, roles in cells)
    return figure_text("matrix", title, summary)


def roles_path(title: str, steps: Sequence[tuple[int, str]], phases: int) -> str:
    """The role trajectory: ``steps`` = (phase number, role) for the phases with a role, of ``phases``."""
    if not steps:
        return figure_text("matrix", title, t("plots.roles_path_empty", total=phases))
    changes = sum(1 for (_, a), (_, b) in zip(steps, steps[1:]) if a != b)
    summary = t("plots.roles_path", n=len(steps), total=phases, first=steps[0][1], last=steps[-1][1],
                changes=changes, steps="; ".join(t("plots.phase_role", n=n, role=r) for n, r in steps))
    return figure_text("matrix", title, summary)


def four_windows(title: str, windows: Sequence[tuple[str, int, int]], rated: Sequence[tuple[str, int, str]]) -> str:
    """The Viervenster chart: ``windows`` = (window, rated, total); ``rated`` = (element, value, label)."""
    done = sum(r for _, r, _ in windows)
    total = sum(n for _, _, n in windows)
    if not done:
        return figure_text("dots", title, t("plots.windows_empty", total=total))
    summary = t("plots.windows", n=done, total=total, per="; ".join(f"{w} {r}/{n}" for w, r, n in windows))
    labels = {element: label for element, _, label in rated}
    high, top, low, bottom = extremes([(e, v) for e, v, _ in rated])
    if top != bottom:
        summary += " " + t("plots.windows_range", high=names(high), top=labels[high[0]], low=names(low),
                           bottom=labels[low[0]])
    return figure_text("dots", title, summary)
