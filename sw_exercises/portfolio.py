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
* **Word-safe text**: every string that goes into a .docx (titles, headings, case names, the
  student's name, answers) passes :func:`docx_safe`, so a control character or a lone surrogate in
  any of them cannot break the export.
* **One decision per export**: :func:`fingerprint` identifies the privacy findings shown to the
  student (kind, text, and which answer), so workbook 90 can hold a "Toch exporteren" to exactly
  those findings and that one export.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import files, handin
from .catalog import case_names, format_value, is_internal, item_title, workbook_title
from .i18n import t
from .privacy import scan
from .store import AnswerStore, Revision

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
    revisions = list(revisions)
    cases = case_names(revisions)
    lists = {(r.workbook, r.item): r.value for r in revisions if isinstance(r.value, list)}

    def name_in(workbook: str, list_item: str, entry_id: str) -> str:
        for entry in lists.get((workbook, list_item), []):
            if isinstance(entry, dict) and entry.get("id") == entry_id and isinstance(entry.get("name"), str):
                return entry["name"]
        return entry_id

    def title(workbook: str, item: str) -> str:
        own = _OWN_INTERVISION_ITEM.fullmatch(item) if workbook == INTERVISION_WORKBOOK else None
        if own:
            group, session = own.group("group"), own.group("session")
            return t("share.intervision_learning", group=name_in(workbook, "groups", group),
                     session=name_in(workbook, f"group/{group}/sessions", session))
        return item_title(workbook, item, cases.get(workbook, {}))
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


def _sections(store: AnswerStore) -> list[tuple[str, list[tuple[str, str, str, int]]]]:
    """Per workbook: (title, [(item title, answer text, last saved, number of versions)])."""
    revisions = shared_answers(store)
    counts = store.revision_counts()
    title = titles(store.answers())
    grouped: dict[str, list[tuple[str, str, str, int]]] = {}
    for rev in revisions:
        text = rev.value if isinstance(rev.value, str) else format_value(rev.workbook, rev.item, rev.value)
        grouped.setdefault(rev.workbook, []).append((
            title(rev.workbook, rev.item), text,
            rev.saved_at.astimezone().strftime("%d-%m-%Y"), counts.get((rev.workbook, rev.item), 1)))
    return [(workbook_title(wb), rows) for wb, rows in sorted(grouped.items())]


_PRINT_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; line-height: 1.5;
       color: #1a1a1a; padding: 0 1em; }
h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
.meta { color: #444; font-size: 0.9em; }
.answer { white-space: pre-wrap; border-left: 4px solid #767676; padding-left: 0.8em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } section { break-inside: avoid; } }
"""


def portfolio_html(store: AnswerStore, *, name: str | None = None, now: datetime | None = None) -> str:
    """A self-contained page that prints well; every answer is shown as plain text."""
    now = now or datetime.now(timezone.utc)
    parts = [f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{escape(t('portfolio.title'))}</title>"
             f"<style>{_PRINT_CSS}</style></head><body><h1>{escape(t('portfolio.title'))}</h1>"
             f"<p class='meta'>{escape(t('portfolio.made', who=name or pseudonym(store), date=now.astimezone().strftime('%d-%m-%Y')))}</p>"]
    sections = _sections(store)
    if not sections:
        parts.append(f"<p>{escape(t('portfolio.nothing_shared'))}</p>")
    for title, rows in sections:
        parts.append(f"<h2>{escape(title)}</h2>")
        for item, text, saved, versions in rows:
            parts.append(f"<section><h3>{escape(item)}</h3><div class='answer'>{escape(text)}</div>"
                         f"<p class='meta'>{escape(t('portfolio.versions', date=saved, n=versions))}</p></section>")
    parts.append(f"<p class='meta'>{escape(t('portfolio.footer'))}</p></body></html>")
    return "".join(parts)


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_ENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def docx_safe(text: Any) -> str:
    """A string Word's XML can hold: control characters (a NUL typed or pasted by accident, a
    vertical tab from another program) are dropped; lone surrogates and the non-characters U+FFFE
    and U+FFFF become U+FFFD. Tabs and line breaks stay."""
    return _NOT_ENCODABLE.sub("\ufffd", _NOT_IN_XML.sub("", str(text)))


_docx_safe = docx_safe  # the old name


class WordDocument:
    """A python-docx document that passes every string through :func:`docx_safe`."""

    def __init__(self) -> None:
        from docx import Document  # python-docx: imported only when a Word file is made
        self.doc = Document()

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(docx_safe(text), level=level)

    def paragraph(self, text: str, *, italic: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(docx_safe(text))
        if italic:
            run.italic = True

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def portfolio_docx(store: AnswerStore, *, name: str | None = None, now: datetime | None = None) -> bytes:
    now = now or datetime.now(timezone.utc)
    doc = WordDocument()
    doc.heading(t("portfolio.title"), 0)
    doc.paragraph(t("portfolio.made", who=name or pseudonym(store), date=now.astimezone().strftime("%d-%m-%Y")))
    sections = _sections(store)
    if not sections:
        doc.paragraph(t("portfolio.nothing_shared"))
    for title, rows in sections:
        doc.heading(title, 1)
        for item, text, saved, versions in rows:
            doc.heading(item, 2)
            for paragraph in text.split("\n"):
                doc.paragraph(paragraph)
            doc.paragraph(t("portfolio.versions", date=saved, n=versions), italic=True)
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
