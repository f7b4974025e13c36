"""A back-up of the whole answer store as one JSON file, and putting one back: moving between the
browser (the zero-install site), a laptop and the hub.

* :func:`make_backup` writes every revision of every answer (with its time), what the student chose
  to share, and the settings (such as the pseudonym), from either backend
  (:class:`~sw_exercises.store.AnswerStore` or :class:`~sw_exercises.filestore.FileAnswerStore`).
* :func:`restore_backup` merges a back-up into a store, by item and time: each revision is put in
  its place by the time it was given, so an item's answer is the one given last, wherever that
  was; a revision that is already there (same item, time and value) is skipped, so restoring the
  same back-up twice, or a back-up of a back-up, adds nothing twice. Nothing is deleted. Sharing
  choices and settings are taken from the back-up only when they are newer than the store's.
* What a back-up does not undo: an answer forgotten after the back-up was made comes back when
  that back-up is restored (say so to the student; see ``docs/SITE.md``).

The file holds private answers too: it is for the student, not for sharing (the hand-in file is).
This module knows nothing about widgets; the view is :mod:`sw_exercises.widgets.backup`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .i18n import t

FORMAT = "sociaal-werkboek-back-up"
VERSION = 1
MAX_BYTES = 50 * 1024 * 1024


class BackupError(Exception):
    """A back-up that cannot be read; ``message`` is Dutch and says what to do. Nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RestoreResult:
    added: int  # revisions that were not in the store yet
    skipped: int  # revisions that were already there
    items: int  # items (answers) the back-up holds
    made_at: datetime | None


def _stamp(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def backup_data(store: Any, *, now: datetime | None = None) -> dict:
    """The whole store as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "made_at": _stamp(now or datetime.now(timezone.utc)),
        "revisions": [{"workbook": r.workbook, "item": r.item, "value": r.value, "saved_at": _stamp(r.saved_at)}
                      for r in store.all_revisions()],
        "sharing": [{"workbook": w, "item": i, "shared": s, "changed_at": _stamp(c)}
                    for w, i, s, c in store.sharing_changes()],
        "settings": [{"key": k, "value": v, "changed_at": _stamp(c)} for k, v, c in store.setting_changes()],
    }


def make_backup(store: Any, *, now: datetime | None = None) -> bytes:
    """The back-up file's contents (UTF-8 JSON)."""
    text = json.dumps(backup_data(store, now=now), ensure_ascii=False, indent=1)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a broken paste: kept, escaped
        return json.dumps(backup_data(store, now=now), ensure_ascii=True, indent=1).encode("ascii")


def backup_name(now: datetime | None = None) -> str:
    moment = (now or datetime.now(timezone.utc)).astimezone()
    return f"sociaal-werkboek-back-up-{moment:%Y-%m-%d-%H%M}.json"


def _when(value: Any) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def read_backup(content: bytes) -> dict:
    """Check a back-up file; its parsed contents, or :class:`BackupError` with a Dutch message."""
    if len(content) > MAX_BYTES:
        raise BackupError(t("backup.too_big"))
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(t("backup.not_json")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(t("backup.not_ours"))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise BackupError(t("backup.newer"))
    try:
        revisions = [(str(r["workbook"]), str(r["item"]), r["value"], _when(r["saved_at"]))
                     for r in data.get("revisions", [])]
        sharing = [(str(s["workbook"]), str(s["item"]), bool(s["shared"]), _when(s["changed_at"]))
                   for s in data.get("sharing", [])]
        settings = [(str(s["key"]), s["value"], _when(s["changed_at"])) for s in data.get("settings", [])]
        made_at = _when(data["made_at"]) if data.get("made_at") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(t("backup.damaged")) from exc
    return {"revisions": revisions, "sharing": sharing, "settings": settings, "made_at": made_at}


def restore_backup(store: Any, content: bytes) -> RestoreResult:
    """Merge a back-up file into ``store`` (see the module docstring). Raises :class:`BackupError`
    for a file that is not a readable back-up (nothing changed) and
    :class:`~sw_exercises.store.StoreError` when the store cannot be written."""
    data = read_backup(content)
    added, skipped = store.merge(data["revisions"], data["sharing"], data["settings"])
    items = len({(w, i) for w, i, _, _ in data["revisions"]})
    return RestoreResult(added, skipped, items, data["made_at"])
