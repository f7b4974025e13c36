"""An intervision group's record in the answer store: groups, members, sessions, attendance, roles,
afspraken, the confidentiality agreement, and sharing the record between laptops. No widgets.

Stored as answers of workbook ``92_intervisie`` (every save appends a revision):

* ``groups``: ``[{id, name}]``; ``groups/current`` (this laptop's choice, never shared).
* ``group/<g>/members``: ``[{id, name}]`` (id: the name as a slug, so one name is one member on
  every laptop); ``group/<g>/privacy_names``: names the privacy check looks for (this laptop's own:
  often names of clients, so they never travel in a group file).
* ``group/<g>/sessions``: ``[{id, name}]``; ``group/<g>/sessions/current`` (this laptop's).
* per session ``group/<g>/session/<s>/…``: ``date`` (ISO date, set when the session is made and
  changed only on purpose), ``method``, ``present`` (names), ``roles`` (role -> name; the group
  chooses the inbrenger), ``double_roles`` (the group confirmed that someone holds two roles),
  ``lenses`` (lens ids), ``consent`` (``[{id, name, at}]``: who agreed to the confidentiality
  agreement, and when), ``afspraken`` (``[{id, text, owner, due, status, followed_up_in}]``,
  status ``open``/``done``/``dropped``), ``notes/<step>``, ``lens/<lens>/<question>``,
  ``group_learning`` (what the group takes along), ``learning`` (the member's *own* learning point:
  the only part workbook 90 offers to share, so it stays on the member's laptop and never travels in
  a group file), and ``timer/<method>`` (this laptop's clock, never shared).
* bookkeeping ``group/<g>/_seen``, ``_conflicts``, ``_aliases`` (see :mod:`sw_exercises.intervision_sync`).

**Older stored data** is read as it is: a session without these items takes its method,
participants and roles from the old ``meta`` item, and its date from the *first* revision of
``meta`` (later revisions of ``meta`` carried the date of the last edit, so editing an old session
seemed to change its date); old free-text ``agreements`` are shown and exported with the record; a
group without ``members`` has as members everyone who was ever present or had a role. Nothing old is
rewritten until the group changes it.

Opening the workbook creates nothing: groups and sessions are made only by :meth:`IntervisionBook.add_group`
and :meth:`IntervisionBook.add_session`; empty ones can be deleted.

Two windows (kernels) saving the same answer never overwrite each other: :meth:`IntervisionBook.save_field`
saves only on top of the revision the editor started from, and otherwise merges
(:func:`sw_exercises.intervision_sync.merge_value`) or, when both changed the same words, keeps the
newest and records the other as a conflict for the group to choose. A group file
(:meth:`IntervisionBook.export_group`, :meth:`IntervisionBook.import_group`) carries the group to
another laptop or the hub and merges by ids.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .answers import AnswerBook
from .cases import clean_name
from .files import WriteError, private_folder, write_private
from .i18n import t
from .ids import slug
from .intervision_sync import (KEY, Conflict, FieldState, SyncError, build_document, encode_document,
                               entry_histories, field_from_history, merge, parse_document, set_entry, value_hash)
from .models.intervision import ROLE_ORDER, STATUSES, clean_people, person_key

WORKBOOK = "92_intervisie"
GROUPS = "groups"
GROUPS_CURRENT = "groups/current"
#: Group-relative items that are lists of entries with an id: merged entry by entry.
ENTRY_LIST = re.compile(r"sessions|members|session/[^/]+/(?:afspraken|consent)")
#: Items of a session that hold what the group wrote or decided (a session without them is empty).
CONTENT = re.compile(r"notes/.+|lens/.+|learning|group_learning|agreements|afspraken|consent|present|roles|meta")
#: This laptop's own: which session is open, and the names its privacy check looks for (often names
#: of clients, which do not belong in a file that travels).
LOCAL_ONLY = ("sessions/current", "privacy_names")
_MISSING = object()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def group_item(group_id: str, *parts: str) -> str:
    return "/".join(("group", group_id, *parts))


def session_item(group_id: str, session_id: str, *parts: str) -> str:
    return "/".join(("group", group_id, "session", session_id, *parts))


def synced(rel: str) -> bool:
    """Does a group-relative item travel in a group file? Not this laptop's bookkeeping."""
    parts = rel.split("/")
    own = parts[0] == "session" and parts[-1] == "learning"  # a member's own learning point stays with them
    return (rel not in LOCAL_ONLY and not own and "timer" not in parts and not any(p.startswith("_") for p in parts)
            and bool(KEY.fullmatch(rel)))


def _new_id(name: str, fallback: str) -> str:
    return f"{slug(name, 40) or fallback}_{secrets.token_hex(3)}"


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_empty(v) for k, v in value.items() if k not in ("method", "date"))
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None or value is False


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Session:
    id: str
    name: str
    date: str                     # ISO date ('' when unknown)
    method: str | None
    present: tuple[str, ...]
    roles: dict[str, str]
    double_roles: bool
    lenses: tuple[str, ...]


@dataclass(frozen=True)
class FieldSave:
    """What :meth:`IntervisionBook.save_field` did: ``saved``, ``merged`` (with another window's
    change; ``value`` is the merged text), ``conflict`` (both changed the same words: ``value`` was
    kept as newest and the other version waits for the group) or ``failed`` (not on disk: ``error``)."""
    status: str
    value: Any
    number: int | None = None
    saved_at: datetime | None = None
    error: str | None = None
    notice: str | None = None


@dataclass
class ImportResult:
    group: Group
    created: bool
    taken: int = 0
    kept: int = 0
    same: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class GroupExport:
    path: Path
    data: bytes


class IntervisionBook:
    """The intervision groups in one student's answers (one :class:`AnswerBook` of workbook 92)."""

    def __init__(self, book: AnswerBook, *, clock: Callable[[], str] = now_iso):
        self.book = book
        self.clock = clock

    # -- reading and guarded writing ---------------------------------------------------------------
    def get(self, item: str, default: Any = None) -> Any:
        return self.book.get(item, default)

    def update(self, item: str, change: Callable[[Any], Any]) -> Any:
        """Read-change-write that never overwrites a save made in between (it re-reads and changes again)."""
        for _ in range(50):
            rev = self.book.latest(item)
            current = rev.value if rev is not None else self.book.get(item)
            new = change(current)
            if rev is not None and new == current:
                return current
            result = self.book.save_if_latest(item, new, rev.number if rev is not None else None)
            if result is not None:
                return new
        raise RuntimeError(f"could not save {item}: it keeps changing")

    def save_field(self, item: str, value: Any, base_number: int | None, base_value: Any = None) -> FieldSave:
        """Save an answer the editor started from revision ``base_number`` (value ``base_value``); see
        the module docstring for what happens when another window saved it in between."""
        from .intervision_sync import merge_value

        for _ in range(50):
            latest = self.book.latest(item)
            if self.book.store is None or self.book.error is not None:
                result = self.book.save(item, value)
                return FieldSave("saved" if result.saved else "failed", value, result.number, result.saved_at,
                                 result.error, result.notice)
            current = latest.number if latest is not None else None
            if current == base_number or (latest is not None and latest.value == value):
                if latest is not None and latest.value == value:
                    return FieldSave("saved", value, latest.number, latest.saved_at)
                result = self.book.save_if_latest(item, value, current)
                if result is None:
                    continue
                return FieldSave("saved", value, result.number, result.saved_at, result.error, result.notice)
            theirs = latest.value if latest is not None else None
            merged, clash = merge_value(base_value, value, theirs)
            result = self.book.save_if_latest(item, merged, current)
            if result is None:
                continue
            if not clash:
                return FieldSave("merged", merged, result.number, result.saved_at, result.error, result.notice)
            owner = self._owner(item)
            if owner is not None and latest is not None:
                group_id, key = owner
                self.record_conflicts(group_id, [Conflict(
                    key, FieldState(value, self.clock()), FieldState(theirs, latest.saved_at.isoformat()), "concurrent")])
            return FieldSave("conflict", merged, result.number, result.saved_at, result.error, result.notice)
        raise RuntimeError(f"could not save {item}: it keeps changing")

    @staticmethod
    def _owner(item: str) -> tuple[str, str] | None:
        parts = item.split("/", 2)
        if len(parts) == 3 and parts[0] == "group":
            return parts[1], parts[2]
        return None

    # -- groups ------------------------------------------------------------------------------------
    def groups(self) -> list[Group]:
        stored = self.get(GROUPS, [])
        return [Group(e["id"], e["name"]) for e in (stored if isinstance(stored, list) else [])
                if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("name"), str)]

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups() if g.id == group_id), None)

    def current_group(self) -> Group | None:
        """The group chosen last on this laptop (or the last one made); None when there is none.
        Never creates one."""
        groups = self.groups()
        chosen = self.get(GROUPS_CURRENT)
        return next((g for g in groups if g.id == chosen), groups[-1] if groups else None)

    def select_group(self, group_id: str) -> None:
        if self.get(GROUPS_CURRENT) != group_id:
            self.book.save(GROUPS_CURRENT, group_id)

    def add_group(self, name: str, *, group_id: str | None = None) -> Group:
        """A new group (raises ValueError with a ``cases.*``/``groups.*`` message key)."""
        cleaned = clean_name(name)
        if any(person_key(g.name) == person_key(cleaned) for g in self.groups()):
            raise ValueError("groups.name_exists")
        made = Group(group_id or _new_id(cleaned, "groep"), cleaned)
        self.update(GROUPS, lambda cur: set_entry(cur, made.id, {"name": made.name}))
        self.select_group(made.id)
        return made

    def group_is_empty(self, group_id: str) -> bool:
        return not self.session_list(group_id)

    def delete_group(self, group_id: str) -> None:
        """Remove a group without sessions (ValueError('intervisie.delete_group_not_empty') otherwise)."""
        if not self.group_is_empty(group_id):
            raise ValueError("intervisie.delete_group_not_empty")
        self.update(GROUPS, lambda cur: set_entry(cur, group_id, None))
        if self.get(GROUPS_CURRENT) == group_id:
            self.book.save(GROUPS_CURRENT, None)

    # -- members -----------------------------------------------------------------------------------
    def members(self, group_id: str) -> list[str]:
        stored = self.get(group_item(group_id, "members"), _MISSING)
        if isinstance(stored, list):
            return clean_people(e.get("name") for e in stored if isinstance(e, dict))
        found: list[str] = []  # older records: everyone who was ever present or had a role
        for session in self.sessions(group_id):
            found += list(session.present) + list(session.roles.values())
        return clean_people(found)

    def _member_entries(self, group_id: str, current: Any) -> list[dict]:
        if isinstance(current, list):
            return current
        return [{"id": slug(n, 60) or value_hash("member", n), "name": n} for n in self.members(group_id)]

    def add_member(self, group_id: str, name: str) -> str:
        cleaned = " ".join(str(name).split())
        if not cleaned:
            raise ValueError("intervisie.member_empty")
        if len(cleaned) > 60:
            raise ValueError("intervisie.member_too_long")
        entry_id = slug(cleaned, 60) or value_hash("member", cleaned)
        self.update(group_item(group_id, "members"),
                    lambda cur: set_entry(self._member_entries(group_id, cur), entry_id, {"name": cleaned}))
        return cleaned

    def remove_member(self, group_id: str, name: str) -> None:
        key = person_key(name)
        self.update(group_item(group_id, "members"),
                    lambda cur: [e for e in self._member_entries(group_id, cur) if person_key(e.get("name")) != key])

    # -- sessions ----------------------------------------------------------------------------------
    def session_list(self, group_id: str) -> list[tuple[str, str]]:
        stored = self.get(group_item(group_id, "sessions"), [])
        return [(e["id"], e["name"]) for e in (stored if isinstance(stored, list) else [])
                if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("name"), str)]

    def _first_meta(self, group_id: str, session_id: str) -> tuple[dict, str]:
        """The old ``meta`` item's first revision (its value, and the date it was made)."""
        store = self.book.store
        item = session_item(group_id, session_id, "meta")
        if store is not None:
            try:
                history = store.history(WORKBOOK, item)
            except Exception:  # noqa: BLE001 - reading old data tolerantly
                history = []
            if history:
                first = history[0]
                value = first.value if isinstance(first.value, dict) else {}
                return value, first.saved_at.astimezone().date().isoformat()
        value = self.get(item, {})
        return (value if isinstance(value, dict) else {}), ""

    def session(self, group_id: str, session_id: str, name: str = "") -> Session:
        """One session, read tolerantly (a malformed stored value counts as empty; older records via ``meta``)."""
        item = lambda *parts: session_item(group_id, session_id, *parts)  # noqa: E731
        meta = self.get(item("meta"), {})
        meta = meta if isinstance(meta, dict) else {}
        day = self.get(item("date"))
        if not isinstance(day, str) or not _iso_date(day):
            first, made = self._first_meta(group_id, session_id)
            day = first.get("date") if isinstance(first.get("date"), str) and _iso_date(first["date"]) else made
        chosen = self.get(item("method"))
        chosen = chosen if isinstance(chosen, str) else meta.get("method") if isinstance(meta.get("method"), str) else None
        present = self.get(item("present"), _MISSING)
        if not isinstance(present, list):
            present = meta.get("participants") if isinstance(meta.get("participants"), list) else []
        roles = self.get(item("roles"), _MISSING)
        if not isinstance(roles, dict):
            roles = meta.get("roles") if isinstance(meta.get("roles"), dict) else {}
        lenses = self.get(item("lenses"), [])
        return Session(session_id, name, day or "", chosen, tuple(clean_people(p for p in present if isinstance(p, str))),
                       {r: " ".join(p.split()) for r, p in roles.items() if r in ROLE_ORDER and isinstance(p, str) and p.strip()},
                       self.get(item("double_roles")) is True,
                       tuple(x for x in (lenses if isinstance(lenses, list) else []) if isinstance(x, str)))

    def sessions(self, group_id: str) -> list[Session]:
        """The group's sessions, oldest first (by date; the order they were made within a day)."""
        found = [self.session(group_id, sid, name) for sid, name in self.session_list(group_id)]
        order = {s.id: n for n, s in enumerate(found)}
        return sorted(found, key=lambda s: (s.date or "9999", order[s.id]))

    def current_session(self, group_id: str) -> Session | None:
        """The session chosen last on this laptop (or the newest); None when there is none. Never creates one."""
        sessions = self.sessions(group_id)
        chosen = self.get(group_item(group_id, "sessions", "current"))
        return next((s for s in sessions if s.id == chosen), sessions[-1] if sessions else None)

    def select_session(self, group_id: str, session_id: str | None) -> None:
        item = group_item(group_id, "sessions", "current")
        if self.get(item) != session_id:
            self.book.save(item, session_id)

    def add_session(self, group_id: str, name: str, day: date | None = None) -> Session:
        cleaned = clean_name(name)
        if any(person_key(n) == person_key(cleaned) for _, n in self.session_list(group_id)):
            raise ValueError("sessions.name_exists")
        session_id = _new_id(cleaned, "sessie")
        self.update(group_item(group_id, "sessions"), lambda cur: set_entry(cur, session_id, {"name": cleaned}))
        self.book.save(session_item(group_id, session_id, "date"), (day or date.today()).isoformat())
        self.select_session(group_id, session_id)
        return self.session(group_id, session_id, cleaned)

    def set_date(self, group_id: str, session_id: str, day: date) -> None:
        """Change a session's date: only on purpose (the date is fixed when the session is made)."""
        self.book.save(session_item(group_id, session_id, "date"), day.isoformat())

    def session_is_empty(self, group_id: str, session_id: str) -> bool:
        """Nothing written or decided yet: no notes, lens answers, learning points, afspraken,
        agreement, attendance or roles (a method and a date do not count)."""
        prefix = session_item(group_id, session_id) + "/"
        store = self.book.store
        if store is None:
            items = [prefix + p for p in ("present", "roles", "learning", "agreements", "afspraken", "consent", "meta")]
            values = [(i, self.get(i)) for i in items]
        else:
            values = [(r.item, r.value) for r in store.answers(WORKBOOK) if r.item.startswith(prefix)]
        return all(_empty(v) for i, v in values if CONTENT.fullmatch(i[len(prefix):]))

    def delete_session(self, group_id: str, session_id: str) -> None:
        """Remove an empty session (ValueError('intervisie.delete_session_not_empty') otherwise)."""
        if not self.session_is_empty(group_id, session_id):
            raise ValueError("intervisie.delete_session_not_empty")
        self.update(group_item(group_id, "sessions"), lambda cur: set_entry(cur, session_id, None))
        if self.get(group_item(group_id, "sessions", "current")) == session_id:
            self.book.save(group_item(group_id, "sessions", "current"), None)

    def role_history(self, group_id: str, session_id: str | None = None) -> list[dict[str, str]]:
        """The roles of the sessions before ``session_id`` (all sessions when None), oldest first."""
        history = []
        for session in self.sessions(group_id):
            if session.id == session_id:
                break
            history.append(session.roles)
        return history

    # -- afspraken and the confidentiality agreement --------------------------------------------------
    def afspraken(self, group_id: str, session_id: str) -> list[dict]:
        stored = self.get(session_item(group_id, session_id, "afspraken"), [])
        found = []
        for e in stored if isinstance(stored, list) else []:
            if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("text"), str):
                status = e.get("status") if e.get("status") in STATUSES else "open"
                found.append({"id": e["id"], "text": e["text"], "owner": e.get("owner") if isinstance(e.get("owner"), str) else "",
                              "due": e.get("due") if isinstance(e.get("due"), str) and _iso_date(e["due"]) else "",
                              "status": status, "followed_up_in": e.get("followed_up_in") if isinstance(e.get("followed_up_in"), str) else ""})
        return found

    def add_afspraak(self, group_id: str, session_id: str, text: str, owner: str = "", due: date | None = None) -> dict:
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("intervisie.afspraak_empty")
        entry = {"text": cleaned, "owner": " ".join(owner.split()), "due": due.isoformat() if due else "", "status": "open"}
        entry_id = f"a_{secrets.token_hex(4)}"
        self.update(session_item(group_id, session_id, "afspraken"), lambda cur: set_entry(cur, entry_id, entry))
        return {"id": entry_id, **entry}

    def set_afspraak(self, group_id: str, session_id: str, afspraak_id: str, **changes: Any) -> None:
        """Change one afspraak: ``status`` (with ``followed_up_in``: the session where that was said),
        ``text``, ``owner`` or ``due`` (a date)."""
        if "due" in changes:
            changes["due"] = changes["due"].isoformat() if isinstance(changes["due"], date) else ""
        if "status" in changes and changes["status"] not in STATUSES:
            raise ValueError(changes["status"])

        def change(cur: Any) -> Any:
            entries = cur if isinstance(cur, list) else []
            entry = next((e for e in entries if isinstance(e, dict) and e.get("id") == afspraak_id), None)
            return entries if entry is None else set_entry(entries, afspraak_id, {**entry, **changes})
        self.update(session_item(group_id, session_id, "afspraken"), change)

    def remove_afspraak(self, group_id: str, session_id: str, afspraak_id: str) -> None:
        self.update(session_item(group_id, session_id, "afspraken"), lambda cur: set_entry(cur, afspraak_id, None))

    def follow_up(self, group_id: str, session_id: str) -> list[tuple[Session, dict]]:
        """Afspraken of earlier sessions to come back to in this one: those still open, and those
        whose follow-up was recorded in this session."""
        found = []
        for session in self.sessions(group_id):
            if session.id == session_id:
                break
            for entry in self.afspraken(group_id, session.id):
                if entry["status"] == "open" or entry["followed_up_in"] == session_id:
                    found.append((session, entry))
        return found

    def consent(self, group_id: str, session_id: str) -> list[dict]:
        stored = self.get(session_item(group_id, session_id, "consent"), [])
        return [{"id": e["id"], "name": e["name"], "at": e.get("at", "")}
                for e in (stored if isinstance(stored, list) else [])
                if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("name"), str)]

    def set_consent(self, group_id: str, session_id: str, name: str, agreed: bool) -> None:
        """Record that ``name`` agreed (or no longer agrees) to the confidentiality agreement this session."""
        cleaned = " ".join(name.split())
        entry_id = slug(cleaned, 60) or value_hash("member", cleaned)
        self.update(session_item(group_id, session_id, "consent"),
                    lambda cur: set_entry(cur, entry_id, {"name": cleaned, "at": self.clock()} if agreed else None))

    def names(self, group_id: str) -> list[str]:
        """Every name the group record knows (members, attendance, roles, agreements, owners of
        afspraken) and the group's privacy names: what the privacy check looks for."""
        found = list(self.members(group_id))
        for session in self.sessions(group_id):
            found += list(session.present) + list(session.roles.values())
            found += [e["name"] for e in self.consent(group_id, session.id)]
            found += [e["owner"] for e in self.afspraken(group_id, session.id) if e["owner"]]
        stored = self.get(group_item(group_id, "privacy_names"), [])
        found += [n for n in (stored if isinstance(stored, list) else []) if isinstance(n, str)]
        return clean_people(found)

    # -- conflicts ---------------------------------------------------------------------------------
    def conflicts(self, group_id: str) -> list[Conflict]:
        stored = self.get(group_item(group_id, "_conflicts"), [])
        found = []
        for c in stored if isinstance(stored, list) else []:
            try:
                found.append(Conflict(c["key"], _state(c["local"]), _state(c["remote"]), c.get("source", "import")))
            except (KeyError, TypeError):
                continue
        return found

    def record_conflicts(self, group_id: str, conflicts: Iterable[Conflict]) -> None:
        new = list(conflicts)
        if not new:
            return

        def change(cur: Any) -> Any:
            entries = [c for c in (cur if isinstance(cur, list) else []) if isinstance(c, dict)]
            known = {c.get("id") for c in entries}
            return entries + [{"id": c.id, "key": c.key, "source": c.source, "found_at": self.clock(),
                               "local": _stored_state(c.local), "remote": _stored_state(c.remote)}
                              for c in new if c.id not in known]
        self.update(group_item(group_id, "_conflicts"), change)

    def current_value(self, group_id: str, key: str) -> Any:
        """The value a field has here now (None when absent)."""
        if key == "name":
            group = self.group(group_id)
            return group.name if group else None
        rel, _, entry_id = key.partition("#")
        value = self.get(group_item(group_id, rel))
        if entry_id:
            return next((e for e in (value if isinstance(value, list) else [])
                         if isinstance(e, dict) and e.get("id") == entry_id), None)
        return value

    def resolve(self, group_id: str, conflict_id: str, choice: str) -> Any:
        """Settle a conflict: ``here`` keeps what this laptop has now, ``other`` takes the other
        version, ``both`` keeps both texts one after the other. Both versions count as seen from now
        on, so the choice travels with the next group file."""
        conflict = next((c for c in self.conflicts(group_id) if c.id == conflict_id), None)
        if conflict is None:
            return None
        here = self.current_value(group_id, conflict.key)
        if choice == "other":
            value = conflict.remote.value
        elif choice == "both":
            value = _both(here, conflict.remote.value)
        else:
            value = here
        if value != here:
            self.apply(group_id, conflict.key, value)
        self.learn_seen(group_id, {conflict.key: set(conflict.local.seen) | set(conflict.remote.seen)
                                   | {conflict.local.hash(conflict.key), conflict.remote.hash(conflict.key),
                                      value_hash(conflict.key, here)}})
        self.update(group_item(group_id, "_conflicts"),
                    lambda cur: [c for c in (cur if isinstance(cur, list) else []) if not (isinstance(c, dict) and c.get("id") == conflict_id)])
        return value

    # -- the group file ----------------------------------------------------------------------------
    def aliases(self, group_id: str) -> list[str]:
        stored = self.get(group_item(group_id, "_aliases"), [])
        return [a for a in (stored if isinstance(stored, list) else []) if isinstance(a, str)]

    def learn_seen(self, group_id: str, seen: dict[str, Iterable[str]]) -> None:
        if not seen:
            return

        def change(cur: Any) -> Any:
            table = {k: list(v) for k, v in (cur if isinstance(cur, dict) else {}).items() if isinstance(v, list)}
            for key, hashes in seen.items():
                table[key] = sorted(set(table.get(key, [])) | set(hashes))
            return table
        self.update(group_item(group_id, "_seen"), change)

    def fields(self, group_id: str) -> dict[str, FieldState]:
        """Every field of the group's record with its history (see :mod:`sw_exercises.intervision_sync`)."""
        store = self.book.store
        if store is None:
            raise SyncError("intervisie.sync.no_store")
        extra = self.get(group_item(group_id, "_seen"), {})
        extra = extra if isinstance(extra, dict) else {}
        prefix = group_item(group_id) + "/"
        found: dict[str, FieldState] = {}
        for rev in store.answers(WORKBOOK):
            if not rev.item.startswith(prefix) or not synced(rev.item[len(prefix):]):
                continue
            rel = rev.item[len(prefix):]
            history = [(r.value, r.saved_at.isoformat()) for r in store.history(WORKBOOK, rev.item)]
            if ENTRY_LIST.fullmatch(rel):
                for entry_id, entry_history in entry_histories(history).items():
                    key = f"{rel}#{entry_id}"
                    state = field_from_history(key, entry_history, extra.get(key, ())) if KEY.fullmatch(key) else None
                    if state is not None:
                        found[key] = state
            else:
                state = field_from_history(rel, history, extra.get(rel, ()))
                if state is not None:
                    found[rel] = state
        names = [(e["name"] if isinstance(e, dict) and isinstance(e.get("name"), str) else None, at)
                 for e, at in entry_histories([(r.value, r.saved_at.isoformat())
                                               for r in store.history(WORKBOOK, GROUPS)]).get(group_id, [])]
        state = field_from_history("name", names, extra.get("name", ()))
        if state is not None and state.value is not None:
            found["name"] = state
        return found

    def texts(self, group_id: str) -> list[tuple[str, str]]:
        """(where, text) for everything the group typed, for the privacy check of a group file.
        Names that are names by design (members, attendance, roles, agreements, owners) are not text."""
        from .models.intervision import load_lenses, load_methods

        group = self.group(group_id)
        steps = {s.id: s.label for m in load_methods() for s in m.steps}
        questions = {(ln.id, q.id): f"{ln.label} · {q.label}" for ln in load_lenses() for q in ln.questions}
        found = [(t("intervisie.group_name"), group.name)] if group else []
        store = self.book.store
        answers = store.answers(WORKBOOK) if store else []
        for session in self.sessions(group_id):
            found.append((t("intervisie.session_name"), session.name))
            prefix = session_item(group_id, session.id) + "/"
            for rev in answers:
                if not rev.item.startswith(prefix):
                    continue
                rel = rev.item[len(prefix):]
                if not isinstance(rev.value, str) or not rev.value.strip():
                    continue
                if rel.startswith("notes/"):
                    found.append((f"{session.name} · {steps.get(rel[6:], rel[6:])}", rev.value))
                elif rel.startswith("lens/"):
                    _, lens, q = (rel.split("/") + ["", ""])[:3]
                    found.append((f"{session.name} · {questions.get((lens, q), rel)}", rev.value))
                elif rel in ("group_learning", "agreements"):
                    found.append((f"{session.name} · {t(f'intervisie.{rel}')}", rev.value))
            for entry in self.afspraken(group_id, session.id):
                found.append((f"{session.name} · {t('intervisie.afspraken')}", entry["text"]))
        return [(where, text) for where, text in found if text and text.strip()]

    def export_document(self, group_id: str) -> dict:
        group = self.group(group_id)
        if group is None:
            raise SyncError("intervisie.sync.no_group")
        return build_document(group.id, group.name, self.aliases(group_id), self.fields(group_id), self.clock())

    def export_group(self, group_id: str, folder: Path) -> GroupExport:
        """Write the group file into ``folder/<group>/`` (0600, atomic); its path and its bytes. The
        caller runs the privacy check first (:meth:`texts`, :meth:`names`)."""
        group = self.group(group_id)
        if group is None:
            raise SyncError("intervisie.sync.no_group")
        data = encode_document(self.export_document(group_id))
        target = Path(folder) / (slug(group.name, 40) or "groep")
        try:
            private_folder(target)
        except OSError as exc:
            raise WriteError(t("files.no_folder", folder=str(target), reason=exc.strerror or str(exc))) from exc
        name = f"groepsbestand-{slug(group.name, 40) or 'groep'}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
        return GroupExport(write_private(target / name, data), data)

    def match(self, group_id: str, aliases: Iterable[str], name: str) -> Group | None:
        """The group here that a group file belongs to: the same id (or a known alias), else the same name."""
        aliases = set(aliases)
        for group in self.groups():
            mine = set(self.aliases(group.id)) | {group.id}
            if group_id in mine or aliases & {group.id}:
                return group
        return next((g for g in self.groups() if person_key(g.name) == person_key(name)), None)

    def import_group(self, data: bytes | str, *, into: str | None = None) -> ImportResult:
        """Merge a group file into the group it belongs to (or into ``into``; a new group when there
        is none). Nothing here is overwritten unless the file has seen it; conflicts are recorded."""
        if self.book.store is None:
            raise SyncError("intervisie.sync.no_store")
        doc = parse_document(data)
        target = self.group(into) if into else self.match(doc.group_id, doc.aliases, doc.group_name)
        created = target is None
        if target is None:
            name, n = doc.group_name, 2
            while any(person_key(g.name) == person_key(name) for g in self.groups()):
                name, n = f"{doc.group_name} ({n})", n + 1
            taken_ids = {g.id for g in self.groups()}
            target = self.add_group(name, group_id=doc.group_id if doc.group_id not in taken_ids else None)
        local = self.fields(target.id)
        remote = dict(doc.fields)
        if created:
            remote.pop("name", None)  # the group was just made with that name (or a free variant of it)
        result = merge(local, remote)
        imported = ImportResult(target, created, 0, len(result.keep), result.same, list(result.conflicts))
        seen: dict[str, set[str]] = {}
        for key, state in result.take.items():
            session_id = key[len("sessions#"):] if key.startswith("sessions#") else None
            if session_id and state.value is None and not self.session_is_empty(target.id, session_id):
                imported.kept += 1  # deleted there while empty; here it holds notes: it stays
                continue
            expected = local[key].value if key in local else None
            if self.apply(target.id, key, state.value, expected=expected, known=key in local):
                imported.taken += 1
                seen[key] = set(state.with_seen(key).seen)
            else:  # changed here while importing: the group chooses
                imported.conflicts.append(Conflict(key, FieldState(self.current_value(target.id, key), self.clock()), state))
        for key, state in result.keep.items():
            seen[key] = set(state.with_seen(key).seen)
        self.learn_seen(target.id, seen)
        self.record_conflicts(target.id, imported.conflicts)
        self._keep_sessions_with_content(target.id, doc)
        new_aliases = ({doc.group_id} | set(doc.aliases)) - {target.id} - set(self.aliases(target.id))
        if new_aliases:
            self.update(group_item(target.id, "_aliases"),
                        lambda cur: sorted(set(cur if isinstance(cur, list) else []) | new_aliases))
        return imported

    def _keep_sessions_with_content(self, group_id: str, doc: Any) -> None:
        """A session that holds notes is never hidden: when the file deleted a session that has content
        here (or brought content of a session deleted here), it is listed again."""
        store = self.book.store
        listed = {sid for sid, _ in self.session_list(group_id)}
        prefix = group_item(group_id, "session") + "/"
        holding = set()
        for rev in store.answers(WORKBOOK) if store else []:
            if rev.item.startswith(prefix):
                session_id, _, rel = rev.item[len(prefix):].partition("/")
                if session_id not in listed and CONTENT.fullmatch(rel) and not _empty(rev.value):
                    holding.add(session_id)
        if not holding:
            return
        names: dict[str, str] = {}
        history = [(r.value, r.saved_at.isoformat()) for r in store.history(WORKBOOK, group_item(group_id, "sessions"))]
        for session_id, entries in entry_histories(history).items():
            for entry, _ in entries:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    names[session_id] = entry["name"]
        for key, state in doc.fields.items():
            if key.startswith("sessions#") and isinstance(state.value, dict) and isinstance(state.value.get("name"), str):
                names.setdefault(key[len("sessions#"):], state.value["name"])
        for session_id in sorted(holding):
            name = names.get(session_id)
            if name:
                self.update(group_item(group_id, "sessions"), lambda cur, i=session_id, n=name: set_entry(cur, i, {"name": n}))

    def apply(self, group_id: str, key: str, value: Any, *, expected: Any = _MISSING, known: bool = True) -> bool:
        """Set one field here. With ``expected``: only while it still has that value (False when it
        changed in the meantime: nothing written)."""
        if key == "name":
            if not isinstance(value, str) or not value.strip():
                return True
            item, entry_id = GROUPS, group_id
            value = {"name": " ".join(value.split())[:80]}
            expected = _MISSING
        else:
            rel, _, entry_id = key.partition("#")
            item = group_item(group_id, rel)
        unchanged = [True]

        def change(cur: Any) -> Any:
            if entry_id:
                entries = cur if isinstance(cur, list) else []
                now = next((e for e in entries if isinstance(e, dict) and e.get("id") == entry_id), None)
                if expected is not _MISSING and known and now != expected:
                    unchanged[0] = False
                    return cur
                if key == "name" and now is not None:
                    value_ = {**now, **value}
                else:
                    value_ = value
                return set_entry(entries, entry_id, value_)
            if expected is not _MISSING and known and cur != expected:
                unchanged[0] = False
                return cur
            return value
        self.update(item, change)
        return unchanged[0]


def _iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def _state(stored: Any) -> FieldState:
    return FieldState(stored["value"], str(stored.get("at", "")), frozenset(stored.get("seen", [])))


def _stored_state(state: FieldState) -> dict:
    return {"value": state.value, "at": state.at, "seen": sorted(state.seen)}


def _both(here: Any, other: Any) -> Any:
    """Both versions kept: texts one after the other (once, when one already holds the other)."""
    if isinstance(here, str) and isinstance(other, str):
        if other.strip() in here:
            return here
        if here.strip() in other:
            return other
        return f"{here.rstrip()}\n\n{other.lstrip()}"
    if isinstance(here, list) and isinstance(other, list):
        return here + [x for x in other if x not in here]
    return other if here in (None, "", [], {}) else here
