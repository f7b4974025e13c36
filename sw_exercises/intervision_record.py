"""The record of an intervision session, read from the answers and exported as HTML, Markdown or Word.

Export only after the privacy check (sw_exercises.privacy) shows nothing, or the group has looked at
every finding. Files go to ``mijn-export/intervisie/<group>/``, written with
:func:`sw_exercises.files.write_all`: readable by the student only (0600), atomically, all three
files or none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from .answers import AnswerBook
from .cases import CaseBook
from .files import WriteError, encode_text, private_folder, write_all
from .i18n import content, t
from .ids import slug
from .models.intervision import ROLE_ORDER, Method, load_methods

WORKBOOK = "92_intervisie"


def groups_book(book: AnswerBook) -> CaseBook:
    """The intervision groups kept in this workbook's answers."""
    return CaseBook(book, list_item="groups", current_item="groups/current")


def sessions_book(book: AnswerBook, group_id: str) -> CaseBook:
    """The sessions of one group."""
    return CaseBook(book, list_item=f"group/{group_id}/sessions", current_item=f"group/{group_id}/sessions/current")


def session_item(group_id: str, session_id: str, *parts: str) -> str:
    return "/".join(("group", group_id, "session", session_id, *parts))


@dataclass(frozen=True)
class SessionMeta:
    id: str
    name: str
    method: str | None
    participants: tuple[str, ...]
    roles: dict[str, str]


def session_metas(book: AnswerBook, group_id: str) -> list[SessionMeta]:
    """What each of a group's sessions recorded (method, participants, roles), oldest first.

    Read tolerantly: a malformed stored value counts as empty."""
    found = []
    for session in sessions_book(book, group_id).cases():
        meta = book.get(session_item(group_id, session.id, "meta"), {})
        meta = meta if isinstance(meta, dict) else {}
        roles = meta.get("roles") if isinstance(meta.get("roles"), dict) else {}
        people = meta.get("participants") if isinstance(meta.get("participants"), list) else []
        found.append(SessionMeta(session.id, session.name, meta.get("method"),
                                 tuple(p for p in people if isinstance(p, str)),
                                 {r: p for r, p in roles.items() if isinstance(p, str)}))
    return found


@dataclass
class SessionRecord:
    group: str
    session: str
    method: Method | None
    date: str = ""
    participants: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)        # (step label, notes)
    lenses: list[tuple[str, str, str]] = field(default_factory=list)  # (lens, question label, answer)
    agreements: str = ""
    learning: str = ""

    def texts(self) -> list[tuple[str, str]]:
        """(where, text) for everything the group wrote, for the privacy check."""
        found = [(label, text) for label, text in self.notes if text.strip()]
        found += [(f"{lens} · {q}", text) for lens, q, text in self.lenses if text.strip()]
        found += [(t("intervisie.agreements"), self.agreements), (t("intervisie.learning"), self.learning)]
        return [(where, text) for where, text in found if text.strip()]


def load_record(book: AnswerBook, group_id: str, session_id: str, group_name: str, session_name: str) -> SessionRecord:
    item = lambda *parts: session_item(group_id, session_id, *parts)  # noqa: E731
    meta = book.get(item("meta"), {}) or {}
    methods = {m.id: m for m in load_methods()}
    chosen = methods.get(meta.get("method")) if isinstance(meta, dict) else None
    record = SessionRecord(group_name, session_name, chosen, str(meta.get("date", "")) if isinstance(meta, dict) else "",
                           [p for p in meta.get("participants", []) if isinstance(p, str)] if isinstance(meta, dict) else [],
                           {r: p for r, p in (meta.get("roles", {}) or {}).items() if isinstance(p, str)}
                           if isinstance(meta, dict) else {})
    if chosen:
        record.notes = [(f"{i}. {s.label}", book.get(item("notes", s.id), "") or "") for i, s in enumerate(chosen.steps, 1)]
    for lens in content("intervisie")["lenses"]:
        for q in lens["questions"]:
            text = book.get(item("lens", lens["id"], q["id"]), "") or ""
            if isinstance(text, str) and text.strip():
                record.lenses.append((lens["label"], q["label"], text))
    record.agreements = book.get(item("agreements"), "") or ""
    record.learning = book.get(item("learning"), "") or ""
    return record


def _roles_line(record: SessionRecord) -> list[tuple[str, str]]:
    labels = {r["id"]: r["label"] for r in content("intervisie")["roles"]}
    return [(labels.get(r, r), record.roles[r]) for r in ROLE_ORDER if record.roles.get(r)]


def to_markdown(record: SessionRecord) -> str:
    lines = [f"# {t('intervisie.record_title', group=record.group, session=record.session)}", ""]
    lines.append(f"- {t('intervisie.method')} {record.method.label if record.method else '–'}")
    lines.append(f"- {t('intervisie.participants')} {', '.join(record.participants) or '–'}")
    lines += [f"- {label}: {person}" for label, person in _roles_line(record)]
    lines += ["", f"## {t('intervisie.steps_title')}", ""]
    for label, text in record.notes:
        lines += [f"### {label}", "", text.strip() or "–", ""]
    if record.lenses:
        lines += [f"## {t('intervisie.lenses_title')}", ""]
        lines += [f"- **{lens} · {q}**: {text.strip()}" for lens, q, text in record.lenses]
        lines.append("")
    lines += [f"## {t('intervisie.agreements')}", "", record.agreements.strip() or "–", "",
              f"## {t('intervisie.learning')}", "", record.learning.strip() or "–", "",
              f"*{t('intervisie.confidential')}*", ""]
    return "\n".join(lines)


def to_html(record: SessionRecord) -> str:
    def para(text: str) -> str:
        return f"<p style='white-space:pre-wrap'>{escape(text.strip() or '–')}</p>"
    roles = "".join(f"<li>{escape(label)}: {escape(person)}</li>" for label, person in _roles_line(record))
    steps = "".join(f"<h3>{escape(label)}</h3>{para(text)}" for label, text in record.notes)
    lenses = "".join(f"<li><strong>{escape(lens)} · {escape(q)}</strong>: {escape(text)}</li>"
                     for lens, q, text in record.lenses)
    title = escape(t("intervisie.record_title", group=record.group, session=record.session))
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{title}</title><style>"
            "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.5;padding:0 1em}"
            "h1,h2,h3{font-family:Arial,sans-serif}@media print{body{margin:0}}</style></head><body>"
            f"<h1>{title}</h1><ul><li>{escape(t('intervisie.method'))} {escape(record.method.label if record.method else '–')}</li>"
            f"<li>{escape(t('intervisie.participants'))} {escape(', '.join(record.participants) or '–')}</li>{roles}</ul>"
            f"<h2>{escape(t('intervisie.steps_title'))}</h2>{steps}"
            + (f"<h2>{escape(t('intervisie.lenses_title'))}</h2><ul>{lenses}</ul>" if lenses else "")
            + f"<h2>{escape(t('intervisie.agreements'))}</h2>{para(record.agreements)}"
            f"<h2>{escape(t('intervisie.learning'))}</h2>{para(record.learning)}"
            f"<p><em>{escape(t('intervisie.confidential'))}</em></p></body></html>")


def to_docx(record: SessionRecord) -> bytes:
    """The record as a Word file; every string (group and session names, participants, notes)
    passes :func:`sw_exercises.portfolio.docx_safe`, so a control character cannot break it."""
    from .portfolio import WordDocument

    doc = WordDocument()
    doc.heading(t("intervisie.record_title", group=record.group, session=record.session), 0)
    doc.paragraph(f"{t('intervisie.method')} {record.method.label if record.method else '–'}")
    doc.paragraph(f"{t('intervisie.participants')} {', '.join(record.participants) or '–'}")
    for label, person in _roles_line(record):
        doc.paragraph(f"{label}: {person}")
    doc.heading(t("intervisie.steps_title"), 1)
    for label, text in record.notes:
        doc.heading(label, 2)
        doc.paragraph(text.strip() or "–")
    if record.lenses:
        doc.heading(t("intervisie.lenses_title"), 1)
        for lens, q, text in record.lenses:
            doc.paragraph(f"{lens} · {q}: {text}")
    for heading, text in ((t("intervisie.agreements"), record.agreements), (t("intervisie.learning"), record.learning)):
        doc.heading(heading, 1)
        doc.paragraph(text.strip() or "–")
    doc.paragraph(t("intervisie.confidential"))
    return doc.to_bytes()


def record_files(record: SessionRecord, folder: Path) -> dict[Path, bytes]:
    """The record's three files (HTML, Markdown, Word) and their contents, built in memory."""
    target = folder / (slug(record.group, 40) or "groep")
    base = f"{slug(record.session, 40) or 'sessie'}-{datetime.now().strftime('%Y%m%d-%H%M')}"
    return {target / f"{base}.html": encode_text(to_html(record)),
            target / f"{base}.md": encode_text(to_markdown(record)),
            target / f"{base}.docx": to_docx(record)}


def write_record(record: SessionRecord, folder: Path) -> list[Path]:
    """Write the record into ``folder/<group>/``: all three files or none, each readable by the
    student only (0600). Raises :class:`sw_exercises.files.WriteError` with a Dutch message."""
    contents = record_files(record, folder)
    target = next(iter(contents)).parent
    try:
        private_folder(target)
    except OSError as exc:
        raise WriteError(t("files.no_folder", folder=str(target), reason=exc.strerror or str(exc))) from exc
    return write_all(contents)
