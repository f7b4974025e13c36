"""The record of an intervision session, read from the answers and exported as HTML, Markdown or Word.

The HTML page comes from the shared page shell (:mod:`sw_exercises.html_export`), the Word file from
the one Word writer (:mod:`sw_exercises.word_export`).

Export only after the privacy check (sw_exercises.privacy) shows nothing, or the group has looked at
every finding. Files go to ``mijn-export/intervisie/<group>/``, written with
:func:`sw_exercises.files.write_all`: readable by the student only (0600), atomically, all three
files or none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .answers import AnswerBook
from .files import WriteError, encode_text, private_folder, write_all
from .i18n import content, t
from .ids import slug
from .intervision_group import WORKBOOK, IntervisionBook, session_item  # noqa: F401  (re-exported)
from .models.intervision import (ROLE_ORDER, Method, afspraak_line, date_text,  # noqa: F401  (re-exported)
                                 lens_step, load_lenses, load_methods)


def _names_in(name: str, word: str) -> bool:
    return word.casefold() in name.casefold()


def record_title(group: str, session: str) -> str:
    """'Intervisie Groep 3: Sessie 4', without doubling a word the group's name already has
    ('Intervisiegroep SW3-B: Sessie 4', not 'Intervisie Intervisiegroep SW3-B')."""
    key = "intervisie.record_title_plain" if _names_in(group, "intervisie") else "intervisie.record_title"
    return t(key, group=group, session=session)


def group_title(group: str) -> str:
    """'Groep 3: sessies en leerpunten' ('groep' is not said twice)."""
    key = "intervisie.group_title_plain" if _names_in(group, "groep") else "intervisie.group_title"
    return t(key, group=group)


@dataclass
class SessionRecord:
    group: str
    session: str
    method: Method | None
    date: str = ""
    participants: list[str] = field(default_factory=list)             # who was present
    roles: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)        # (step label, notes)
    lenses: list[tuple[str, str, str]] = field(default_factory=list)  # (lens, question label, answer)
    agreements: str = ""                                              # free text (older records)
    learning: str = ""                                                # the member's own learning point
    double_roles: bool = False
    group_learning: str = ""                                          # what the group takes along
    consent: list[str] = field(default_factory=list)                  # who agreed to confidentiality
    afspraken: list[dict] = field(default_factory=list)               # made in this session
    follow_up: list[tuple[str, dict]] = field(default_factory=list)   # (earlier session, afspraak)

    def texts(self) -> list[tuple[str, str]]:
        """(where, text) for everything the group wrote, for the privacy check."""
        found = [(label, text) for label, text in self.notes if text.strip()]
        found += [(f"{lens} · {q}", text) for lens, q, text in self.lenses if text.strip()]
        found += [(t("intervisie.afspraken"), a["text"]) for a in self.afspraken]
        found += [(f"{t('intervisie.follow_up_title')} · {where}", a["text"]) for where, a in self.follow_up]
        found += [(t("intervisie.agreements"), self.agreements), (t("intervisie.group_learning"), self.group_learning),
                  (t("intervisie.learning"), self.learning)]
        return [(where, text) for where, text in found if text.strip()]


def load_record(book: AnswerBook, group_id: str, session_id: str, group_name: str, session_name: str) -> SessionRecord:
    """Everything of one session, in the order of the method (older records read as they are)."""
    record_book = IntervisionBook(book)
    session = record_book.session(group_id, session_id, session_name)
    item = lambda *parts: session_item(group_id, session_id, *parts)  # noqa: E731
    methods = {m.id: m for m in load_methods()}
    chosen = methods.get(session.method or "") or next(iter(methods.values()), None)  # the view's default too
    record = SessionRecord(group_name, session_name, chosen, session.date, list(session.present), dict(session.roles),
                           double_roles=session.double_roles)
    text = lambda it: value if isinstance(value := book.get(it, ""), str) else ""  # noqa: E731
    if chosen:
        record.notes = [(f"{i}. {s.label}", text(item("notes", s.id))) for i, s in enumerate(chosen.steps, 1)]
    answered = []
    for lens in load_lenses():
        for q in lens.questions:
            answer = text(item("lens", lens.id, q.id))
            if answer.strip():
                answered.append((lens_step(chosen, q) if chosen else 0, lens.label, q.label, answer))
    record.lenses = [(lens, q, answer) for _, lens, q, answer in sorted(answered, key=lambda x: x[0])]
    record.agreements = text(item("agreements"))
    record.learning = text(item("learning"))
    record.group_learning = text(item("group_learning"))
    record.consent = [e["name"] for e in record_book.consent(group_id, session_id)]
    record.afspraken = record_book.afspraken(group_id, session_id)
    record.follow_up = [(earlier.name, entry) for earlier, entry in record_book.follow_up(group_id, session_id)]
    return record


def _roles_line(record: SessionRecord) -> list[tuple[str, str]]:
    labels = {r["id"]: r["label"] for r in content("intervisie")["roles"]}
    return [(labels.get(r, r), record.roles[r]) for r in ROLE_ORDER if record.roles.get(r)]


def _facts(record: SessionRecord) -> list[str]:
    """The lines at the top of the record: date, method, who was there, roles, the agreement."""
    lines = [f"{t('intervisie.date')} {date_text(record.date)}",
             f"{t('intervisie.method')} {record.method.label if record.method else '–'}",
             f"{t('intervisie.present')} {', '.join(record.participants) or '–'}"]
    lines += [f"{label}: {person}" for label, person in _roles_line(record)]
    if record.double_roles:
        lines.append(t("intervisie.double_roles_recorded"))
    lines.append(f"{t('intervisie.consent_record')} {', '.join(record.consent) or '–'}")
    return lines


def _closing(record: SessionRecord) -> list[tuple[str, list[str], str]]:
    """(heading, list lines, text) of the closing sections, in order."""
    sections = [(t("intervisie.follow_up_title"), [f"{where}: {afspraak_line(a)}" for where, a in record.follow_up], ""),
                (t("intervisie.afspraken"), [afspraak_line(a) for a in record.afspraken], record.agreements.strip()),
                (t("intervisie.group_learning"), [], record.group_learning.strip()),
                (t("intervisie.learning"), [], record.learning.strip() or "–")]
    return [(heading, lines, text) for heading, lines, text in sections
            if lines or text or heading == t("intervisie.afspraken")]


def to_markdown(record: SessionRecord) -> str:
    lines = [f"# {record_title(record.group, record.session)}", ""]
    lines += [f"- {line}" for line in _facts(record)]
    lines += ["", f"## {t('intervisie.steps_title')}", ""]
    for label, text in record.notes:
        lines += [f"### {label}", "", text.strip() or "–", ""]
    if record.lenses:
        lines += [f"## {t('intervisie.lenses_title')}", ""]
        lines += [f"- **{lens} · {q}**: {text.strip()}" for lens, q, text in record.lenses]
        lines.append("")
    for heading, items, text in _closing(record):
        lines += [f"## {heading}", ""] + [f"- {item}" for item in items]
        lines += ([""] if items else []) + ([text, ""] if text else ([] if items else ["–", ""]))
    lines += [f"*{t('intervisie.confidential')}*", ""]
    return "\n".join(lines)


def to_html(record: SessionRecord) -> str:
    """The record as a page of its own (template ``intervision_record.html``; everything escaped)."""
    from .html_export import render

    return render("intervision_record.html", title=record_title(record.group, record.session),
                  facts=_facts(record), steps_title=t("intervisie.steps_title"),
                  steps=[(label, text.strip() or "–") for label, text in record.notes],
                  lenses_title=t("intervisie.lenses_title"), lenses=record.lenses, closing=_closing(record),
                  confidential=t("intervisie.confidential"))


def to_docx(record: SessionRecord) -> bytes:
    """The record as a Word file, written by :class:`sw_exercises.word_export.WordDocument` (every
    string, group and session names and participants included, made Word-safe)."""
    from .word_export import WordDocument

    doc = WordDocument()
    doc.heading(record_title(record.group, record.session), 0)
    for line in _facts(record):
        doc.paragraph(line)
    doc.heading(t("intervisie.steps_title"), 1)
    for label, text in record.notes:
        doc.heading(label, 2)
        doc.lines(text.strip() or "–")
    if record.lenses:
        doc.heading(t("intervisie.lenses_title"), 1)
        for lens, q, text in record.lenses:
            doc.bullet(f"{lens} · {q}: {text}")
    for heading, items, text in _closing(record):
        doc.heading(heading, 1)
        for item in items:
            doc.bullet(item)
        if text or not items:
            doc.lines(text or "–")
    doc.paragraph(t("intervisie.confidential"), italic=True)
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
