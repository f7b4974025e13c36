"""Exports a student makes of their own answers: the portfolio (HTML, Word) and the hand-in file.

Only answers the student marked as shared are exported, under a pseudonym; the real name only
when the student types it. Nothing is sent anywhere: files are written where the student can find
them (``mijn-export/`` next to the workbook, visible in JupyterLab's file browser).

* **Only your own work** (:func:`shareable`): bookkeeping items are never shared, and of the
  intervision workbook (``92_intervisie``) only the member's own learning point of a session
  (``group/<g>/session/<s>/learning``) can be shared. Step notes, lens answers, agreements and the
  session's participants and roles are about the case of whoever brought it in and about the other
  members: they are never offered in workbook 90 and never exported, also not when a sharing flag
  for them was set earlier (:func:`shared_answers` applies the same predicate).
* **Written whole and private**: every export is built in memory first and written with
  :func:`sw_exercises.files.write_all` (mode 0600, atomic, all files or none); a failure raises
  :class:`sw_exercises.files.WriteError` with a Dutch message.
* **One page shell, one Word writer**: the HTML comes from the template ``portfolio.html``
  (:mod:`sw_exercises.html_export`, autoescaped), the .docx from :mod:`sw_exercises.word_export`,
  whose every string (titles, case names, the student's name, answers) passes :func:`docx_safe`.
* **Charts as images**: each workbook's charts of the shared answers, declared by its model next to
  its class summary (:func:`sw_exercises.models.summary.portfolio_chart`): inline SVG in the HTML,
  the same drawing as a PNG picture in the .docx, with the text alternative as caption.
* **One decision per export**: :func:`fingerprint` identifies the privacy findings shown to the
  student (kind, text, and which answer), so workbook 90 can hold a "Toch exporteren" to exactly
  those findings and that one export.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import format_date
from . import files, handin
from .catalog import case_names, format_value, is_internal, item_title, workbook_title
from .i18n import t, tn
from .models.summary import Chart, portfolio_charts
from .privacy import scan
from .store import AnswerStore, Revision
from .word_export import WordDocument, docx_safe, svg_to_png

if TYPE_CHECKING:
    from .privacy import Finding

PSEUDONYM_KEY = "pseudonym"
EXPORT_DIR = "mijn-export"


def pseudonym(store: AnswerStore) -> str:
    """The student's pseudonym: made once at random (never from the name), kept in the store."""
    current = store.setting(PSEUDONYM_KEY)
    if isinstance(current, str) and handin._PSEUDONYM.match(current):
        return current
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    made = "student-" + "".join(secrets.choice(alphabet) for _ in range(6))
    store.set_setting(PSEUDONYM_KEY, made)
    return made


def set_pseudonym(store: AnswerStore, value: str) -> None:
    if not handin._PSEUDONYM.match(value or ""):
        raise ValueError("portfolio.bad_pseudonym")
    store.set_setting(PSEUDONYM_KEY, value)


INTERVISION_WORKBOOK = "92_intervisie"
_OWN_INTERVISION_ITEM = re.compile(r"group/(?P<group>[^/]+)/session/(?P<session>[^/]+)/learning")


def shareable(workbook: str, item: str) -> bool:
    """May this answer be offered for sharing and be exported or handed in?

    Not bookkeeping (:func:`sw_exercises.catalog.is_internal`), and in the intervision workbook
    only the member's own contribution: their learning point of a session. Everything else an
    intervision group writes (step notes, lens answers, agreements, participants and roles) is
    about another member's case or about the group, and stays in the group's own record."""
    if is_internal(item):
        return False
    if workbook == INTERVISION_WORKBOOK:
        return bool(_OWN_INTERVISION_ITEM.fullmatch(item))
    return True


def shareable_answers(store: AnswerStore) -> list[Revision]:
    """The latest revision of every answer the student may choose to share (see :func:`shareable`)."""
    return [r for r in store.answers() if shareable(r.workbook, r.item)]


def shared_answers(store: AnswerStore) -> list[Revision]:
    """What is exported and handed in: shareable answers the student ticked."""
    chosen = store.shared()
    return [r for r in shareable_answers(store) if (r.workbook, r.item) in chosen]


def titles(revisions: Iterable[Revision]) -> Callable[[str, str], str]:
    """``title(workbook, item)``: an answer's readable title, with the names the student gave to
    cases, intervision groups and sessions (read from ``revisions``, e.g. ``store.answers()``)."""
    names = case_names(revisions)

    def title(workbook: str, item: str) -> str:
        given = names.get(workbook, {})
        own = _OWN_INTERVISION_ITEM.fullmatch(item) if workbook == INTERVISION_WORKBOOK else None
        if own:
            group, session = own.group("group"), own.group("session")
            return t("share.intervision_learning", group=given.get(group, group), session=given.get(session, session))
        return item_title(workbook, item, given)
    return title


def texts_of(value: Any) -> Iterator[str]:
    """Every piece of text inside an answer (for the privacy check)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for part in value.values():
            yield from texts_of(part)
    elif isinstance(value, list):
        for part in value:
            yield from texts_of(part)


def personal_data(store: AnswerStore, names: Iterable[str] = ()) -> list[tuple[Revision, list[tuple[str, Finding]]]]:
    """Per shared answer with findings: the answer and its ``(text, finding)`` pairs."""
    names = list(names)
    found = []
    for rev in shared_answers(store):
        hits = [(text, f) for _, text, f in scan(((None, text) for text in texts_of(rev.value)), names)]
        if hits:
            found.append((rev, hits))
    return found


def fingerprint(found: Iterable[tuple[Revision, list[tuple[str, Finding]]]]) -> str:
    """One string for exactly these findings: kind, found text and which answer (workbook, item),
    counted with repeats and independent of order. A new or different finding (an edited answer,
    another shared item, another name in the list) gives another fingerprint."""
    keys = sorted(json.dumps([rev.workbook, rev.item, f.kind, f.text], ensure_ascii=True)
                  for rev, hits in found for _, f in hits)
    return hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()


def handin_data(store: AnswerStore, *, name: str | None = None) -> dict[str, Any]:
    answers = [{"workbook": r.workbook, "item": r.item, "value": r.value, "saved_at": r.saved_at.isoformat()}
               for r in shared_answers(store)]
    return handin.build(pseudonym(store), answers, name=name or None)


@dataclass
class Section:
    """One workbook in the portfolio: its title, the charts of the shared answers and the answers."""
    title: str
    charts: list[Chart]
    answers: list[tuple[str, str, str, int]]  # (item title, answer text, last saved, number of versions)


def _sections(store: AnswerStore) -> list[Section]:
    """Per workbook (in id order): its charts, drawn from the shared answers only by the charts the
    workbook's model declares (:func:`sw_exercises.models.summary.portfolio_chart`), and every
    shared answer as text."""
    revisions = shared_answers(store)
    everything = store.answers()
    counts = store.revision_counts()
    title = titles(everything)
    names = case_names(everything)
    grouped: dict[str, list[tuple[str, str, str, int]]] = {}
    values: dict[str, dict[str, Any]] = {}
    for rev in revisions:
        text = rev.value if isinstance(rev.value, str) else format_value(rev.workbook, rev.item, rev.value)
        grouped.setdefault(rev.workbook, []).append((
            title(rev.workbook, rev.item), text,
            format_date(rev.saved_at), counts.get((rev.workbook, rev.item), 1)))
        values.setdefault(rev.workbook, {})[rev.item] = rev.value
    return [Section(workbook_title(wb), portfolio_charts(wb, values[wb], names.get(wb, {})), rows)
            for wb, rows in sorted(grouped.items())]


def _made(store: AnswerStore, name: str | None, now: datetime | None) -> str:
    now = now or datetime.now(timezone.utc)
    return t("portfolio.made", who=name or pseudonym(store), date=format_date(now))


def portfolio_html(store: AnswerStore, *, name: str | None = None, now: datetime | None = None) -> str:
    """A self-contained page that prints well (template ``portfolio.html`` in the shared page
    shell): per workbook its charts as inline SVG with their text alternative as caption, and
    every shared answer as plain text. Names and answers are escaped, shown exactly as typed."""
    from .html_export import render, trusted

    workbooks = [{"title": section.title,
                  "charts": [{"svg": trusted(chart.svg), "text": chart.text} for chart in section.charts],
                  "answers": [{"title": item, "text": text, "versions": tn("portfolio.versions", versions, date=saved)}
                              for item, text, saved, versions in section.answers]}
                 for section in _sections(store)]
    return render("portfolio.html", title=t("portfolio.title"), made=_made(store, name, now), workbooks=workbooks,
                  nothing_shared=t("portfolio.nothing_shared"), footer=t("portfolio.footer"))


def portfolio_docx(store: AnswerStore, *, name: str | None = None, now: datetime | None = None) -> bytes:
    """The same portfolio as a Word file (:class:`sw_exercises.word_export.WordDocument`): every
    chart as a PNG picture of the same drawing, with its text alternative."""
    doc = WordDocument()
    doc.heading(t("portfolio.title"), 0)
    doc.paragraph(_made(store, name, now))
    sections = _sections(store)
    if not sections:
        doc.paragraph(t("portfolio.nothing_shared"))
    for section in sections:
        doc.heading(section.title, 1)
        for chart in section.charts:
            doc.picture(svg_to_png(chart.svg), chart.text)
        for item, text, saved, versions in section.answers:
            doc.heading(item, 2)
            doc.lines(text)
            doc.paragraph(tn("portfolio.versions", versions, date=saved), italic=True)
    doc.paragraph(t("portfolio.footer"))
    return doc.to_bytes()


def export_contents(store: AnswerStore, folder: Path, *, name: str | None = None,
                    kinds: tuple[str, ...] = ("html", "docx", "json")) -> dict[Path, bytes]:
    """Every export file's path and contents, built in memory (nothing is written).

    Raises :class:`sw_exercises.files.WriteError` (Dutch) when a file cannot be made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    label = pseudonym(store)
    folder = Path(folder)
    made: dict[Path, bytes] = {}
    try:
        if "html" in kinds:
            made[folder / f"portfolio-{label}-{stamp}.html"] = files.encode_text(portfolio_html(store, name=name))
        if "docx" in kinds:
            made[folder / f"portfolio-{label}-{stamp}.docx"] = portfolio_docx(store, name=name)
        if "json" in kinds:
            made[folder / f"inlevering-{label}-{stamp}.json"] = files.encode_text(
                json.dumps(handin_data(store, name=name), ensure_ascii=False, indent=1))
    except handin.HandinError as exc:
        raise files.WriteError(t("files.not_made", reason=str(exc))) from exc
    except ValueError as exc:  # python-docx or lxml refusing a string: never a half-made export
        raise files.WriteError(t("files.not_made", reason=f"{type(exc).__name__}: {exc}"[:200])) from exc
    return made


def write_exports(store: AnswerStore, folder: Path, *, name: str | None = None,
                  kinds: tuple[str, ...] = ("html", "docx", "json")) -> list[Path]:
    """Write the chosen exports into ``folder`` and return their paths: every file or none, each
    readable by the student only (0600). Raises :class:`sw_exercises.files.WriteError` (Dutch)."""
    contents = export_contents(store, folder, name=name, kinds=kinds)
    try:
        files.private_folder(folder)
    except OSError as exc:
        raise files.WriteError(t("files.no_folder", folder=str(folder), reason=exc.strerror or str(exc))) from exc
    return files.write_all(contents)


_docx_safe = docx_safe  # the old name (WordDocument and docx_safe now live in sw_exercises.word_export)
