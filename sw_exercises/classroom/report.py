"""The class overview as one HTML page (to show in class) and as CSV; the intake report for the
lecturer. The page comes from the shared page shell (:mod:`sw_exercises.html_export`), which escapes
all text; CSV cells that a spreadsheet would read as a formula are neutralised.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime

from ..formats import format_datetime, format_number
from ..i18n import t
from .intake import IntakeReport
from .overview import Cell, ClassOverview, Figure, Row

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Text for a spreadsheet cell that can never run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _shade(c: Cell) -> str:
    """Background for a heatmap cell: darker blue for a higher percentage; text stays readable."""
    if c.suppressed or c.value is None:
        return "background:#f2f2f2;color:#444"
    level = max(0.0, min(1.0, c.value / 100))
    light, dark = (235, 244, 250), (0, 114, 178)
    rgb = tuple(round(a + (b - a) * level) for a, b in zip(light, dark))
    text = "#ffffff" if level > 0.55 else "#1a1a1a"
    return f"background:rgb{rgb};color:{text}"


def _cell_text(figure: Figure, c: Cell) -> str:
    if c.suppressed:
        return t("klas.suppressed")
    if c.value is None:
        return "–"
    suffix = "%" if figure.unit == "percent" else ""
    return format_number(c.value, figure.decimals if figure.unit != "count" else 0) + suffix


def _n_text(row: Row) -> str:
    if row.suppressed or row.n is None:
        return t("klas.suppressed")
    return t("klas.no_answers") if row.n == 0 else str(row.n)


def _figure_table(figure: Figure, chart: str | None = None) -> dict:
    """One figure for the template: caption, headers and rows of (text, cell style); its chart markup."""
    headers = [t("klas.col_row"), *figure.columns, t("klas.col_n")]
    rows = []
    for row in figure.rows:
        cells = [(row.label, "")]
        if row.n == 0 and not row.suppressed:
            cells += [("–", _shade(c) if figure.unit == "percent" else "") for c in row.cells]
        else:
            cells += [(_cell_text(figure, c), _shade(c) if figure.unit == "percent" else "") for c in row.cells]
        cells.append((_n_text(row), ""))
        rows.append(cells)
    caption = figure.title + (f" — {figure.note}" if figure.note else "")
    return {"caption": caption, "headers": headers, "rows": rows, "chart": chart}


def handins_text(ov: ClassOverview) -> str:
    """The number of hand-ins, or 'minder dan k' below the threshold."""
    if ov.handins_shown:
        return t("klas.handins", n=ov.n_handins)
    return t("klas.handins_few", k=ov.threshold)


def overview_fragment(ov: ClassOverview) -> str:
    """Tables only (no script): for the lecturer's page and the projector."""
    return _fragment(ov, charts=False)


def _fragment_values(ov: ClassOverview, *, charts: bool) -> dict:
    from ..html_export import trusted

    workbooks = []
    if ov.handins_shown:
        for _workbook, title, figures in ov.workbooks():
            workbooks.append({"title": title, "figures": [
                _figure_table(f, trusted(charts_html(f)) if charts and f.chart and f.any_shown else None)
                for f in figures]})
    return {"handins": handins_text(ov), "intro": t("klas.intro", threshold=ov.threshold),
            "too_few": None if ov.handins_shown else t("klas.too_few", k=ov.threshold),
            "workbooks": workbooks, "privacy_note": t("klas.privacy_note", threshold=ov.threshold)}


def _fragment(ov: ClassOverview, *, charts: bool) -> str:
    from ..html_export import render

    return render("class_overview_fragment.html", **_fragment_values(ov, charts=charts))


def charts_html(figure: Figure) -> str:
    """The figure as an offline plotly chart (plotly.js is in the page once); the table below it is its
    text alternative, so the chart itself is hidden from screen readers."""
    import plotly.graph_objects as go

    from ..plots import PALETTE, base_layout

    rows = [r for r in figure.rows if not r.suppressed and r.n]
    labels = [r.label for r in rows]
    def values(j: int) -> list[float | None]:
        return [None if r.cells[j].suppressed else r.cells[j].value for r in rows]
    if figure.chart == "heatmap":
        z = [[None if c.suppressed else c.value for c in r.cells] for r in rows]
        data = [go.Heatmap(z=z, x=list(figure.columns), y=labels, colorscale="Blues", hoverongaps=False,
                           zmin=0, zmax=100 if figure.unit == "percent" else None)]
        layout = base_layout(figure.title, yaxis=dict(autorange="reversed"))
    elif figure.chart == "stacked":
        data = [go.Bar(name=col, y=labels, x=values(j), orientation="h", marker_color=PALETTE[j % len(PALETTE)])
                for j, col in enumerate(figure.columns)]
        layout = base_layout(figure.title, barmode="stack", yaxis=dict(autorange="reversed"))
    else:
        if len(figure.columns) == 1:
            data = [go.Bar(y=labels, x=values(0), orientation="h", marker_color=PALETTE[0], name=figure.columns[0])]
        else:
            data = [go.Bar(name=r.label, x=list(figure.columns), y=[None if c.suppressed else c.value for c in r.cells],
                           marker_color=PALETTE[i % len(PALETTE)]) for i, r in enumerate(rows)]
        layout = base_layout(figure.title, yaxis=dict(autorange="reversed") if len(figure.columns) == 1 else {})
    layout["height"] = max(260, 60 + 34 * max(1, len(rows)))
    chart = go.Figure(data=data, layout=layout)
    div = chart.to_html(full_html=False, include_plotlyjs=False, config={"displayModeBar": False})
    return f"<div class='sw-chart' aria-hidden='true'>{div}</div>"


def overview_html(ov: ClassOverview, *, now: datetime | None = None, charts: bool = True,
                  refresh: int | None = None) -> str:
    """One self-contained page (plotly.js inline, no outside requests) to show in class: the
    template ``class_overview.html`` in the shared page shell."""
    from ..html_export import render, trusted

    when = format_datetime(now or datetime.now())
    script = None
    if charts and ov.handins_shown and any(f.chart and f.any_shown for f in ov.figures):
        from plotly.offline import get_plotlyjs
        script = trusted(get_plotlyjs())
    return render("class_overview.html", title=t("klas.title"), made=t("klas.made", when=when),
                  refresh=int(refresh) if refresh else None, script=script, body_class="sw-wide",
                  **_fragment_values(ov, charts=script is not None))


CSV_COLUMNS = ["werkboek", "figuur", "rij", "kolom", "waarde", "n", "onderdrukt"]


def overview_rows(ov: ClassOverview) -> list[list[object]]:
    """Tidy rows: one per published number (workbook, figure, row, column, value, n, suppressed)."""
    rows: list[list[object]] = [["", "inleveringen", "", "", ov.n_handins if ov.handins_shown else "",
                                 "", 0 if ov.handins_shown else 1]]
    if not ov.handins_shown:
        return rows
    for figure in ov.figures:
        for row in figure.rows:
            n = "" if row.n is None else row.n
            for column, c in zip(figure.columns, row.cells):
                value = "" if c.suppressed or c.value is None else round(c.value, 4)
                rows.append([figure.workbook, figure.id, row.label, column, value, n, int(c.suppressed)])
    return rows


def overview_csv(ov: ClassOverview) -> str:
    """Long format (see :data:`CSV_COLUMNS`); suppressed cells are empty with the flag set."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in overview_rows(ov):
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def intake_text(report: IntakeReport, overview: ClassOverview | None = None) -> str:
    """For the lecturer only (it names the files, which carry students' names): never shown in class."""
    lines = [t("klas.intake_summary", accepted=len(report.accepted), refused=len(report.refused),
               ignored=len(report.ignored))]
    if overview is not None and overview.unknown_items:
        lines.append(t("klas.unknown_items", n=overview.unknown_items))
    lines += [f"  ✓ {a.source}" for a in report.accepted]
    lines += [f"  ✗ {r.source}: {r.reason}" for r in report.refused]
    lines += [f"  ↺ {t('klas.superseded', pseudonym=p, kept=k, dropped=d)}" for p, k, d in report.superseded]
    return "\n".join(lines)
