"""The class overview as one HTML page (to show in class) and as CSV; the intake report for the
lecturer. All text is escaped; CSV cells that a spreadsheet would read as a formula are neutralised.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from html import escape

from ..i18n import fmt_number, t
from .intake import IntakeReport
from .overview import Cell, ClassOverview

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Text for a spreadsheet cell that can never run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _show(c: Cell, decimals: int = 0, suffix: str = "") -> str:
    if c.suppressed:
        return t("klas.suppressed")
    if c.value is None:
        return "–"
    return fmt_number(c.value, decimals) + suffix


def _shade(c: Cell) -> str:
    """Background for a heatmap cell: darker blue for a higher percentage; text stays readable."""
    if c.suppressed or c.value is None:
        return "background:#f2f2f2;color:#444"
    level = max(0.0, min(1.0, c.value / 100))
    light, dark = (235, 244, 250), (0, 114, 178)
    rgb = tuple(round(a + (b - a) * level) for a, b in zip(light, dark))
    text = "#ffffff" if level > 0.55 else "#1a1a1a"
    return f"background:rgb{rgb};color:{text}"


_CSS = ("body{font-family:Arial,Helvetica,sans-serif;max-width:70em;margin:1.5em auto;padding:0 1em;color:#1a1a1a}"
        "table{border-collapse:collapse;margin:0.6em 0 1.4em}th,td{border:1px solid #767676;padding:0.3em 0.6em;"
        "text-align:left;vertical-align:top}td.num{text-align:right}caption{text-align:left;font-style:italic}"
        ".note{color:#444;font-size:0.9em}")


def _table(caption: str, headers: list[str], rows: list[list[tuple[str, str]]]) -> str:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        (f"<th scope='row'>{escape(text)}</th>" if i == 0 else f"<td class='num' style='{style}'>{escape(text)}</td>")
        for i, (text, style) in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def overview_fragment(ov: ClassOverview) -> str:
    parts = [f"<p>{escape(t('klas.intro', n=ov.n_handins, threshold=ov.threshold))}</p>"]
    if ov.groups:
        parts.append(f"<h2>{escape(t('klas.bogardus_title'))}</h2>")
        rows = [[(g, "")] + [(_show(c, 0, "%"), _shade(c)) for c in ov.acceptance[g]] for g in ov.groups]
        parts.append(_table(t("klas.heatmap_caption"), [t("klas.col_group"), *ov.relations], rows))
        rows = [[(g, ""), (_show(ov.distance[g][0], 2), ""), (_show(ov.distance[g][1], 2), ""),
                 (str(ov.acceptance[g][0].n) if not ov.acceptance[g][0].suppressed else t("klas.suppressed"), "")]
                for g in ov.groups]
        parts.append(_table(t("klas.distance_caption"), [t("klas.col_group"), t("klas.col_mean"), t("klas.col_sd"),
                                                           t("klas.col_n")], rows))
        if ov.reproducibility is not None:
            parts.append(f"<p>{escape(t('klas.cr', cr=_show(ov.reproducibility, 2)))}</p>")
    if any(not c.suppressed for c in ov.role_counts.values()) or ov.role_phases:
        parts.append(f"<h2>{escape(t('klas.roles_title'))}</h2>")
        headers = [t("klas.col_role"), t("klas.col_used")] + [t("klas.col_phase", n=k + 1) for k in range(len(ov.role_phases))]
        rows = [[(r, ""), (_show(ov.role_counts[r]), "")] + [(_show(p[r]), "") for p in ov.role_phases] for r in ov.roles]
        parts.append(_table(t("klas.roles_caption"), headers, rows))
    if ov.window_text and any(c.n for c in ov.window_text.values()):
        parts.append(f"<h2>{escape(t('klas.windows_title'))}</h2>")
        rows = [[(w, ""), (_show(c, 0, "%"), _shade(c))] for w, c in ov.window_text.items()]
        parts.append(_table(t("klas.windows_caption"), [t("klas.col_window"), t("klas.col_with_text")], rows))
        rows = [[(e, ""), (_show(c, 1), ""), (str(c.n), "")] for e, c in ov.element_means.items()]
        parts.append(_table(t("klas.elements_caption"), [t("klas.col_element"), t("klas.col_mean_rating"),
                                                          t("klas.col_n")], rows))
    if ov.reflections:
        parts.append(f"<h2>{escape(t('klas.reflections_title'))}</h2>")
        rows = [[(prompt, ""), (workbook, ""), (_show(c), "")] for workbook, prompt, c in ov.reflections]
        parts.append(_table(t("klas.reflections_caption"), [t("klas.col_prompt"), t("klas.col_workbook"),
                                                             t("klas.col_count")], rows))
    parts.append(f"<p class='note'>{escape(t('klas.privacy_note', threshold=ov.threshold))}</p>")
    return "".join(parts)


def overview_html(ov: ClassOverview, *, now: datetime | None = None) -> str:
    when = (now or datetime.now()).strftime("%d-%m-%Y %H:%M")
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{escape(t('klas.title'))}</title>"
            f"<style>{_CSS}</style></head><body><h1>{escape(t('klas.title'))}</h1>"
            f"<p class='note'>{escape(t('klas.made', when=when))}</p>{overview_fragment(ov)}</body></html>")


def overview_csv(ov: ClassOverview) -> str:
    """Long format: section, row, column, value, n. Suppressed cells are empty with a note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["onderdeel", "rij", "kolom", "waarde", "aantal_inleveringen"])

    def put(section: str, row: str, column: str, c: Cell) -> None:
        value = "" if c.suppressed or c.value is None else round(c.value, 3)
        writer.writerow([neutralise(section), neutralise(row), neutralise(column), value,
                         t("klas.suppressed") if c.suppressed else c.n])
    for g in ov.groups:
        for rel, c in zip(ov.relations, ov.acceptance[g]):
            put("bogardus_acceptatie_pct", g, rel, c)
        put("bogardus_afstand", g, "gemiddelde", ov.distance[g][0])
        put("bogardus_afstand", g, "standaardafwijking", ov.distance[g][1])
    for r, c in ov.role_counts.items():
        put("rollen", r, "gebruikt", c)
    for w, c in ov.window_text.items():
        put("vensters_met_tekst_pct", w, "", c)
    for e, c in ov.element_means.items():
        put("werkzame_elementen_gemiddelde", e, "", c)
    for workbook, prompt, c in ov.reflections:
        put("reflecties", prompt, workbook, c)
    return out.getvalue()


def intake_text(report: IntakeReport) -> str:
    """For the lecturer only (it names the files, which carry students' names): never shown in class."""
    lines = [t("klas.intake_summary", accepted=len(report.accepted), refused=len(report.refused),
               ignored=len(report.ignored))]
    lines += [f"  ✓ {a.source}" for a in report.accepted]
    lines += [f"  ✗ {r.source}: {r.reason}" for r in report.refused]
    lines += [f"  ↺ {t('klas.superseded', pseudonym=p, kept=k, dropped=d)}" for p, k, d in report.superseded]
    return "\n".join(lines)
