"""Merging an intervision group's record across laptops and kernels. Pure: no store, no files, no widgets.

A group's record is a set of **fields**: one note of one step, the attendance of a session, one
afspraak, the name of one session, and so on. Each field has a key relative to the group
(``session/<s>/notes/<step>``, ``sessions#<id>``: see :mod:`sw_exercises.intervision_group` for the
mapping onto stored answers). Per field this module knows

* its current ``value`` and when it last changed (``at``, ISO 8601 with time zone), and
* ``seen``: short hashes of every value the field ever had on that laptop (the store keeps every
  revision, so this is the field's history) plus the values the group chose against when it settled
  a conflict. Only hashes travel in a group file, never old texts (forgotten versions stay forgotten).

Merging two versions of a field (:func:`merge_field`):

* the same value on both sides: nothing to do;
* one side has seen the other side's current value (so it changed since their last common
  version) and the other has not seen its value: that newer side wins;
* each side has seen the other's value (both settled on it at some point): the newest edit wins;
* neither has seen the other's value: both changed the field since their last common version. That
  is a real **conflict**: nothing is overwritten, and both versions are shown side by side for the
  group to choose (:class:`Conflict`).

Two kernels (or two processes) saving the same field of one answer file meet in
:func:`merge_value`: a three-way merge against the version the editor started from. Text is merged
word by word (both additions are kept); dictionaries key by key; lists of entries with an ``id``
entry by entry; lists of names as sets. Only when both changed the same part is it a conflict.

A group file (:func:`build_document`, :func:`parse_document`) is JSON with a format marker and a
version; :func:`parse_document` checks everything and raises :class:`SyncError` with a message key
from ``werkboek.po`` (``intervisie.sync.*``) for anything it does not accept.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FORMAT = "sociaal-werkboek/intervisiegroep"
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024          # a group file larger than this is refused
MAX_FIELDS = 20_000
HASH_LENGTH = 16

#: Field keys a group file may hold: plain answers under the group, entries of an id list (``#``),
#: and the group's name. Bookkeeping (timers, ``…/current``, ``_``-parts) never travels.
_PART = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,119}"
KEY = re.compile(rf"name|{_PART}(?:/{_PART}){{0,5}}(?:#{_PART})?")
ENTRY_ID = re.compile(_PART)


class SyncError(ValueError):
    """A group file that cannot be used; ``key`` names the Dutch message in ``werkboek.po``."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key = key
        self.values = values


def value_hash(key: str, value: Any) -> str:
    """A short, stable fingerprint of one value of one field (the same on every laptop)."""
    encoded = json.dumps([key, value], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class FieldState:
    """One field on one side: its current value, when it last changed, and what that side has seen."""
    value: Any
    at: str
    seen: frozenset[str] = frozenset()

    def hash(self, key: str) -> str:
        return value_hash(key, self.value)

    def with_seen(self, key: str, more: Iterable[str] = ()) -> "FieldState":
        return FieldState(self.value, self.at, frozenset(self.seen) | {self.hash(key)} | set(more))


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``key`` since their last common version: the group chooses."""
    key: str
    local: FieldState
    remote: FieldState
    source: str = "import"   # "import" (a group file) or "concurrent" (another window, same computer)

    @property
    def id(self) -> str:
        return value_hash(self.key, [self.local.hash(self.key), self.remote.hash(self.key)])


@dataclass
class MergeResult:
    take: dict[str, FieldState] = field(default_factory=dict)     # remote fields to store here
    keep: dict[str, FieldState] = field(default_factory=dict)     # local is newer: remote seen is learnt
    same: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def _parse_time(at: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def newer(a: str, b: str) -> bool:
    """Is moment ``a`` later than ``b``? (unreadable times count as oldest)."""
    ta, tb = _parse_time(a), _parse_time(b)
    if ta is None:
        return False
    return tb is None or ta > tb


def merge_field(key: str, local: FieldState | None, remote: FieldState | None) -> str:
    """'same', 'keep' (local wins), 'take' (remote wins) or 'conflict' (see the module docstring)."""
    if remote is None:
        return "keep"
    if local is None:
        return "take"
    mine, theirs = local.hash(key), remote.hash(key)
    if mine == theirs:
        return "same"
    remote_knows_mine = mine in remote.seen
    local_knows_theirs = theirs in local.seen
    if remote_knows_mine and not local_knows_theirs:
        return "take"
    if local_knows_theirs and not remote_knows_mine:
        return "keep"
    if remote_knows_mine and local_knows_theirs:  # the newest edit wins (equal times: the same on both sides)
        if newer(remote.at, local.at) or (not newer(local.at, remote.at) and theirs > mine):
            return "take"
        return "keep"
    return "conflict"


def merge(local: Mapping[str, FieldState], remote: Mapping[str, FieldState]) -> MergeResult:
    """Merge every field of a group file into this laptop's fields (by key: ids are in the keys)."""
    result = MergeResult()
    for key in sorted(remote):
        decision = merge_field(key, local.get(key), remote[key])
        if decision == "same":
            result.same += 1
        elif decision == "take":
            result.take[key] = remote[key]
        elif decision == "keep":
            result.keep[key] = remote[key]
        else:
            result.conflicts.append(Conflict(key, local[key], remote[key]))
    return result


# -- a field's history, from stored revisions ------------------------------------------------------
def field_from_history(key: str, history: Sequence[tuple[Any, str]], extra_seen: Iterable[str] = ()) -> FieldState | None:
    """A field from its revisions ``(value, at)``, oldest first; ``None`` marks 'absent' (an entry
    not in that revision of its list). None when the field was never present."""
    present = [(value, at) for value, at in history if value is not None]
    if not present:
        return None
    seen = {value_hash(key, value) for value, _ in history} | set(extra_seen)
    value, at = history[-1]
    changed_at = at
    for earlier, when in reversed(history[:-1]):  # when did the current value begin?
        if earlier != value:
            break
        changed_at = when
    return FieldState(value, changed_at, frozenset(seen))


def entry_histories(history: Sequence[tuple[Any, str]]) -> dict[str, list[tuple[Any, str]]]:
    """Per entry id, its value in each revision of an id list (None where the entry is absent)."""
    ids: list[str] = []
    for value, _ in history:
        for entry in value if isinstance(value, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in ids:
                ids.append(entry["id"])
    found: dict[str, list[tuple[Any, str]]] = {i: [] for i in ids}
    for value, at in history:
        entries = {e["id"]: e for e in (value if isinstance(value, list) else [])
                   if isinstance(e, dict) and isinstance(e.get("id"), str)}
        for entry_id in ids:
            found[entry_id].append((entries.get(entry_id), at))
    return found


def set_entry(entries: Any, entry_id: str, value: Any) -> list[dict]:
    """The list with entry ``entry_id`` replaced by ``value`` (appended when new; removed when None)."""
    current = [e for e in (entries if isinstance(entries, list) else []) if isinstance(e, dict)]
    if value is None:
        return [e for e in current if e.get("id") != entry_id]
    value = {**value, "id": entry_id} if isinstance(value, dict) else {"id": entry_id, "value": value}
    if any(e.get("id") == entry_id for e in current):
        return [value if e.get("id") == entry_id else e for e in current]
    return current + [value]


# -- three-way merges (two windows saving the same answer file) -------------------------------------
_TOKEN = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, replacement) in ``base`` coordinates."""
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """Both edits of ``base`` applied, word by word; None when they change the same words differently.

    Two additions at the same place are both kept (theirs first): typing in two windows never loses
    a word."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    b = _tokens(base)
    changes = [(c, 0) for c in _changes(b, _tokens(mine))] + [(c, 1) for c in _changes(b, _tokens(theirs))]
    # in base order; at one place insertions before replacements, and theirs before mine
    changes.sort(key=lambda item: (item[0][0], item[0][0] != item[0][1], -item[1]))
    merged: list[str] = []
    pos = 0
    last: tuple[int, int, list[str]] | None = None
    for change, _side in changes:
        start, end, replacement = change
        if last is not None and change == last:
            continue  # the same edit on both sides
        if start < pos:
            return None  # both changed the same words
        together = last is not None and last[0] == last[1] == start == end and start == pos
        if together and merged and not merged[-1].isspace() and replacement and not replacement[0].isspace():
            merged.append("\n")  # two additions at one place: on separate lines
        merged += b[pos:start] + replacement
        pos = end
        last = change
    merged += b[pos:]
    return "".join(merged)


def _merge_names(base: list, mine: list, theirs: list) -> list:
    added = [x for x in mine if x not in base and x not in theirs]
    removed = {json.dumps(x, sort_keys=True) for x in base if x not in mine}
    return [x for x in theirs if json.dumps(x, sort_keys=True) not in removed] + added


def _is_entries(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in value)


def merge_value(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """Three-way merge of one answer: ``(merged, conflict)``. On a conflict ``merged`` is ``mine``
    (the newest edit) and the caller keeps ``theirs`` for the group to choose."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    if isinstance(mine, str) and isinstance(theirs, str):
        merged = merge_text(base if isinstance(base, str) else "", mine, theirs)
        return (mine, True) if merged is None else (merged, False)
    if isinstance(mine, dict) and isinstance(theirs, dict):
        base = base if isinstance(base, dict) else {}
        out, conflict = {}, False
        for k in list(theirs) + [k for k in mine if k not in theirs]:
            value, clash = merge_value(base.get(k), mine.get(k), theirs.get(k))
            conflict |= clash
            if value is not None or (k in mine and k in theirs):
                out[k] = value
        return out, conflict
    if _is_entries(mine) and _is_entries(theirs) and (base is None or _is_entries(base)):
        base_by = {e["id"]: e for e in base or []}
        mine_by, theirs_by = {e["id"]: e for e in mine}, {e["id"]: e for e in theirs}
        order = [e["id"] for e in theirs] + [e["id"] for e in mine if e["id"] not in theirs_by]
        out, conflict = [], False
        for entry_id in order:
            value, clash = merge_value(base_by.get(entry_id), mine_by.get(entry_id), theirs_by.get(entry_id))
            conflict |= clash
            if value is not None:
                out.append(value)
        return out, conflict
    if isinstance(mine, list) and isinstance(theirs, list) and all(isinstance(x, str) for x in mine + theirs):
        return _merge_names(base if isinstance(base, list) else [], mine, theirs), False
    return mine, True


# -- the group file ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    group_id: str
    group_name: str
    aliases: tuple[str, ...]
    exported_at: str
    fields: dict[str, FieldState]


def build_document(group_id: str, group_name: str, aliases: Iterable[str], fields: Mapping[str, FieldState],
                   exported_at: str) -> dict:
    """The group file's contents (JSON-ready): per field its value, when it changed and what was seen."""
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at,
            "group": {"id": group_id, "name": group_name, "aliases": sorted(set(aliases) - {group_id})},
            "fields": {key: {"value": state.value, "at": state.at, "seen": sorted(state.with_seen(key).seen)}
                       for key, state in sorted(fields.items())}}


def encode_document(document: Mapping) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8", "surrogatepass")


def parse_document(data: bytes | str) -> Document:
    """Read a group file; raises :class:`SyncError` (``intervisie.sync.*``) when it is not one we can use."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_BYTES:
        raise SyncError("intervisie.sync.too_large", mb=MAX_BYTES // (1024 * 1024))
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SyncError("intervisie.sync.not_json") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SyncError("intervisie.sync.not_a_group_file")
    if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
        raise SyncError("intervisie.sync.newer")
    group, fields = doc.get("group"), doc.get("fields")
    if not isinstance(group, dict) or not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise SyncError("intervisie.sync.damaged")
    group_id, name = group.get("id"), group.get("name")
    aliases = group.get("aliases", [])
    if not (isinstance(group_id, str) and ENTRY_ID.fullmatch(group_id) and isinstance(name, str)
            and 0 < len(name.strip()) <= 80 and isinstance(aliases, list)
            and all(isinstance(a, str) and ENTRY_ID.fullmatch(a) for a in aliases)):
        raise SyncError("intervisie.sync.damaged")
    parsed: dict[str, FieldState] = {}
    for key, state in fields.items():
        if not (isinstance(key, str) and KEY.fullmatch(key) and isinstance(state, dict)):
            raise SyncError("intervisie.sync.damaged")
        seen, at = state.get("seen", []), state.get("at")
        if not (isinstance(at, str) and _parse_time(at) is not None and isinstance(seen, list)
                and all(isinstance(h, str) and re.fullmatch(r"[0-9a-f]{16}", h) for h in seen)
                and "value" in state):
            raise SyncError("intervisie.sync.damaged")
        parsed[key] = FieldState(state["value"], at, frozenset(seen))
    return Document(group_id, " ".join(name.split()), tuple(aliases), str(doc.get("exported_at", "")), parsed)
