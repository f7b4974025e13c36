"""Read a class's hand-ins from a folder or from the zip a learning platform produced.

The lecturer points the tool at what Brightspace, Canvas or Moodle gave them ("download all
submissions"): a folder or a zip, with one sub-folder or one prefixed file per student (see
``/work/shared/content/ecosystem_intervisie_reflectie_lms.md`` §4.2). Students may also have put
their ``.json`` inside a zip of their own, which then sits inside the platform's zip.

Everything is read in memory; nothing is ever extracted or written to disk. Archives come from
outside, so every size is checked *before* a member is read (``ZipInfo.file_size`` and
``compress_size``) and every read is capped again while streaming, because headers can lie.
A hostile or broken member is refused with a Dutch reason and never costs the valid hand-ins
next to it.

Every candidate file ends up in exactly one of ``accepted``, ``refused`` or ``ignored`` (a zip that
was opened is represented by the lines of its members; an empty or unreadable one is refused).
When one pseudonym handed in twice, only the hand-in with the latest ``created_at`` stays in
``accepted`` (ties: the later source in sorted order) and ``superseded`` records the dropped one.

A course folder (``werkboek inlevermap``, see ``sw_exercises/course_folder.py``) is read the same
way, with two extra rules: every file must be named ``inlevering-<login>.json`` and be owned by that
login (``st_uid`` of the opened file), so a file someone planted under another student's name is
refused; temporary files of a hand-in still being written and the folder's marker are ignored.

Only the standard library is used; the reasons shown to the lecturer are ``intake.*`` in ``werkboek.po``.
"""
from __future__ import annotations

import io
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..formats import format_number
from .. import course_folder
from ..handin import HandinError, loads
from ..i18n import t

__all__ = ["Limits", "Accepted", "Refused", "IntakeReport", "read_handins", "read_uploads", "detect_platform"]

_MB = 1024 * 1024
_CHUNK = 64 * 1024
# A tiny JSON file can legitimately compress very well; the ratio check only matters for members
# big enough to hurt.
_RATIO_FLOOR = 64 * 1024
_MAX_SOURCE_CHARS = 300


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 5 * _MB            # per hand-in file
    max_total_bytes: int = 500 * _MB         # all uncompressed data read from one archive
    max_members: int = 20_000                # entries in one archive, nested archives included
    max_ratio: int = 200                     # uncompressed/compressed per zip member (zip bomb)
    max_depth: int = 2                       # zips inside zips (the platform's zip is level 1)


@dataclass(frozen=True)
class Accepted:
    source: str            # path as shown to the lecturer, inside the zip or folder
    platform: str | None   # "brightspace" | "canvas" | "moodle" | None
    handin: dict           # the validated hand-in


@dataclass(frozen=True)
class Refused:
    source: str
    reason: str            # Dutch, for the lecturer's report


@dataclass
class IntakeReport:
    accepted: list[Accepted] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    # (pseudonym, kept source, dropped source)
    superseded: list[tuple[str, str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)



def _text(key: str, **values: Any) -> str:
    return t(f"intake.{key}", **values)


def _size(n: int) -> str:
    if n >= _MB:
        return format_number(n / _MB, 1) + " MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:120]


# --- names -----------------------------------------------------------------------------------

# "Sep 24, 2024 926 PM" (no colon in the time); tolerate a colon and a full month name.
_DATE = r"[A-Z][a-z]{2,9}\.? \d{1,2}, \d{4},? \d{1,2}:?\d{2} ?[AaPp]\.?[Mm]\.?"
_BRIGHTSPACE_DIR = re.compile(rf"^\d+(?:-\d+)? - .+ - {_DATE}$")
_BRIGHTSPACE_FLAT = re.compile(rf"^\d+(?:-\d+)? - .+? - {_DATE}(?: - | ).+$")
# Moodle: "<Full Name>_<participant id>_assignsubmission_file" is a folder (Moodle 4; Moodle 3.x ends
# it with "_"); with folders off the file name follows after one more "_".
_MOODLE = re.compile(r"^.+_\d+_assignsubmission_[a-z]+(?:_.*)?$")
# Canvas: "<lastfirst>_<user id>_<attachment id>_<file>", "LATE" (older versions "late") after the
# name for late work; with anonymous grading "[LATE_]anon_<anonymous id>_<attachment id>_<file>".
_CANVAS = re.compile(r"^([^\W\d_](?:[^\W\d_]|-)*)_(?:(?:late|LATE)_)?\d{3,}_\d{3,}_.+$")
_CANVAS_ANONYMOUS = re.compile(r"^(?:(?:late|LATE)_)?anon_[A-Za-z0-9]{1,32}(?:_(?:late|LATE))?(?:_\d{3,}){1,2}_.+$")
_IGNORED_NAMES = {"index.html", "index.htm", ".ds_store", "thumbs.db", "desktop.ini"}
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _parts(name: str) -> list[str]:
    return [p for p in name.replace("\\", "/").split("/") if p]


def detect_platform(member_path: str) -> str | None:
    """Which learning platform named this path: ``"brightspace"``, ``"canvas"``, ``"moodle"`` or None.

    Looks at every path component, outermost first (a student's own zip sits inside the platform's
    naming, e.g. ``smithbob_340934_208490284_werk.zip/inlevering.json``). Canvas names are only
    recognised at the top of the download (or right inside a zip), because they are loose files.
    """
    # NFC: a folder unpacked on an older Mac has its accents as separate marks (e + U+0308)
    parts = [unicodedata.normalize("NFC", part) for part in _parts(member_path)]
    for index, part in enumerate(parts):
        if _MOODLE.match(part):
            return "moodle"
        if _BRIGHTSPACE_DIR.match(part) or _BRIGHTSPACE_FLAT.match(part):
            return "brightspace"
        at_top = index == 0 or parts[index - 1].lower().endswith(".zip")
        if at_top and _CANVAS_ANONYMOUS.match(part):
            return "canvas"
        match = _CANVAS.match(part) if at_top else None
        if match and match.group(1) == match.group(1).lower():
            return "canvas"
    return None


def _unsafe(name: str) -> bool:
    """An absolute path, a drive letter or a '..' component: would escape on extraction."""
    norm = name.replace("\\", "/")
    return (norm.startswith("/") or bool(_DRIVE.match(norm)) or "\x00" in name
            or any(part == ".." for part in norm.split("/")))


def _ignored(name: str) -> bool:
    parts = _parts(name)
    if not parts:
        return False
    if any(part.lower() == "__macosx" for part in parts):
        return True
    base = parts[-1]
    return base.lower() in _IGNORED_NAMES or base.startswith("._")


def _kind(name: str) -> str:
    parts = _parts(name)
    base = parts[-1].lower() if parts else ""
    if base.endswith(".json"):
        return "json"
    if base.endswith(".zip"):
        return "zip"
    return "other"


def _shown(name: str) -> str:
    """A member name made safe to show: no control or bidi characters, bounded length."""
    text = _UNSAFE_CHARS.sub("?", name)
    if len(text) > _MAX_SOURCE_CHARS:
        text = text[: _MAX_SOURCE_CHARS - 1] + "…"
    return text


def _owner_name(path: str) -> str:
    try:
        uid = os.stat(path).st_uid
    except OSError:
        return "?"
    try:
        import pwd
        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


# --- reading ---------------------------------------------------------------------------------

class _TooBig(Exception):
    def __init__(self, read: int):
        super().__init__(read)
        self.read = read


def _read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Read ``stream`` to the end, but stop (raise :class:`_TooBig`) as soon as it passes ``cap``."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, cap + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > cap:
            raise _TooBig(total)
        chunks.append(chunk)


# The central directory is parsed into memory in one go by ZipFile; before that, look at the
# end record and refuse a directory that cannot fit the member budget. A real entry takes about
# 46 bytes plus its name and extras; 1 kB per entry on average is far more than any platform uses.
_CENTRAL_BYTES_PER_MEMBER = 1024


def _central_directory_too_big(fileobj: BinaryIO, members_left: int) -> int:
    """The declared number of entries if the archive clearly holds more than ``members_left``, else 0."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # private helper gone in some future Python: ZipFile still checks later
        return 0
    record = end_record(fileobj)
    fileobj.seek(0)
    if not record:
        return 0  # ZipFile will say it is not a zip
    entries = record[zipfile._ECD_ENTRIES_TOTAL]
    size = record[zipfile._ECD_SIZE]
    if entries > members_left or size > members_left * _CENTRAL_BYTES_PER_MEMBER:
        return max(entries, size // _CENTRAL_BYTES_PER_MEMBER, members_left + 1)
    return 0


@dataclass
class _Budget:
    """What one top-level archive (with everything nested in it) may still cost."""
    bytes_left: int
    members_left: int


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


class _Reader:
    def __init__(self, limits: Limits, progress: Callable[[int, int], None] | None):
        self.limits = limits
        self.progress = progress
        self.done = 0
        self.total = 0
        self.found: list[tuple[datetime, str, int, Accepted]] = []
        self.refused: list[Refused] = []
        self.ignored: list[str] = []
        self.course = False  # reading a course folder: names and owners are checked
        self._uids: dict[str, int | None] = {}

    # progress -----------------------------------------------------------------------------
    def _report_progress(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _tick(self) -> None:
        self.done += 1
        self._report_progress()

    def _refuse(self, source: str, key: str, **values: Any) -> None:
        self.refused.append(Refused(source, _text(key, **values)))

    def _budget(self) -> _Budget:
        return _Budget(self.limits.max_total_bytes, self.limits.max_members)

    # inputs -------------------------------------------------------------------------------
    def read_folder(self, root: Path) -> None:
        self.course = course_folder.is_course_folder(root)
        entries = self._walk(root)
        self.total = len(entries)
        self._report_progress()
        for rel, kind, full in entries:
            try:
                self._folder_entry(rel, kind, full)
            except Exception as exc:  # a hostile file must never stop the whole class
                self._refuse(rel, "unexpected", detail=_detail(exc))
            self._tick()

    def read_file(self, path: Path) -> None:
        """The lecturer chose one file: the platform's zip (usually) or a single hand-in."""
        source = _shown(path.name)
        try:
            fd = os.open(path, _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))  # the lecturer's own choice
        except OSError as exc:
            self._refuse(source, "unreadable", detail=_detail(exc))
            return
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                self._refuse(source, "special")
                return
            kind = _kind(path.name)
            if kind == "zip" or (kind == "other" and zipfile.is_zipfile(fh)):
                fh.seek(0)
                self._archive(fh, source=source, prefix="", depth=1, budget=self._budget())
                self._report_progress()
                return
        self.total = 1
        try:
            self._folder_entry(source, "file", str(path), follow=True)
        except Exception as exc:
            self._refuse(source, "unexpected", detail=_detail(exc))
        self._tick()

    def _walk(self, root: Path) -> list[tuple[str, str, str]]:
        """(relative path, kind, full path) for everything under ``root``; symlinks are not followed."""
        out: list[tuple[str, str, str]] = []
        stack: list[tuple[str, str]] = [(str(root), "")]
        while stack:
            folder, rel = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except PermissionError as exc:
                # A course folder can be listed by its owner only (mode 3733): say so in plain words.
                kind = "not_listable" if self.course and not rel else "unreadable:" + _detail(exc)
                out.append((f"{rel}/" if rel else "./", kind, folder))
                continue
            except OSError as exc:
                out.append((f"{rel}/" if rel else "./", "unreadable:" + _detail(exc), folder))
                continue
            for entry in entries:
                path = f"{rel}/{_shown(entry.name)}" if rel else _shown(entry.name)
                try:
                    if entry.is_symlink():
                        kind = "symlink"
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, path))
                        continue
                    elif entry.is_file(follow_symlinks=False):
                        kind = "file"
                    else:
                        kind = "special"
                except OSError as exc:
                    kind = "unreadable:" + _detail(exc)
                out.append((path, kind, entry.path))
        out.sort(key=lambda item: item[0])
        return out

    def _folder_entry(self, source: str, kind: str, full: str, *, follow: bool = False) -> None:
        base = os.path.basename(full)
        if _ignored(source) or course_folder.is_temporary(base) or base == course_folder.MARKER:
            self.ignored.append(source)
            return
        login = course_folder.login_from_file_name(base) if self.course else None
        if self.course and login is None and kind in ("file", "symlink"):
            self._refuse(source, "course_name")
            return
        if kind == "symlink":
            self._refuse(source, "symlink")
            return
        if kind == "special":
            self._refuse(source, "special")
            return
        if kind == "not_listable":
            self._refuse(source, "course_not_listable", owner=_shown(_owner_name(full)))
            return
        if kind.startswith("unreadable:"):
            self._refuse(source, "unreadable", detail=kind.split(":", 1)[1])
            return
        what = _kind(source)
        if what == "other":
            self._refuse(source, "not_handin")
            return
        flags = _OPEN_FLAGS if not follow else _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(full, flags)
        except OSError as exc:  # includes ELOOP: it became a symlink after the walk
            self._refuse(source, "unreadable", detail=_detail(exc))
            return
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                self._refuse(source, "special")
                return
            if login is not None and not self._owner_matches(source, login, info.st_uid):
                return
            if what == "json":
                limit = self.limits.max_file_bytes
                if info.st_size > limit:
                    self._refuse(source, "too_big", size=_size(info.st_size), max=_size(limit))
                    return
                try:
                    raw = _read_capped(fh, limit)
                except _TooBig as exc:
                    self._refuse(source, "too_big", size=f"> {_size(exc.read - 1)}", max=_size(limit))
                    return
                except OSError as exc:
                    self._refuse(source, "unreadable", detail=_detail(exc))
                    return
                self._handin(source, raw)
            else:
                self._archive(fh, source=source, prefix=source, depth=1, budget=self._budget())

    def _owner_matches(self, source: str, login: str, uid: int) -> bool:
        """In a course folder: is the file owned by the login its name claims? Refuses it if not."""
        try:
            import pwd
        except ImportError:  # no Unix owners (Windows): nothing to compare
            return True
        if login not in self._uids:  # one lookup per login (a directory service can be slow)
            try:
                self._uids[login] = pwd.getpwnam(login).pw_uid
            except KeyError:
                self._uids[login] = None
        expected = self._uids[login]
        if expected is None:
            self._refuse(source, "course_unknown_login", login=_shown(login))
            return False
        if uid == expected:
            return True
        try:
            owner = pwd.getpwuid(uid).pw_name
        except KeyError:
            owner = str(uid)
        self._refuse(source, "course_owner", login=_shown(login), owner=_shown(owner))
        return False

    # archives -----------------------------------------------------------------------------
    def _archive(self, fileobj: BinaryIO, *, source: str, prefix: str, depth: int, budget: _Budget) -> None:
        """Go through one zip; ``source`` names the zip itself, ``prefix`` goes before member names."""
        try:
            too_many = _central_directory_too_big(fileobj, budget.members_left)
            archive = None if too_many else zipfile.ZipFile(fileobj)
        except Exception as exc:  # BadZipFile, OSError, EOFError, ValueError, ...: never crash
            self._refuse(source, "bad_zip", detail=_detail(exc))
            return
        if archive is None:
            self._refuse(source, "too_many", n=too_many, max=self.limits.max_members)
            return
        with archive:
            infos = archive.infolist()
            if len(infos) > budget.members_left:
                self._refuse(source, "too_many", n=len(infos), max=self.limits.max_members)
                return
            budget.members_left -= len(infos)
            files = sorted(((info.filename, index, info) for index, info in enumerate(infos)
                            if not info.filename.endswith("/")), key=lambda item: (item[0], item[1]))
            if not files:
                self._refuse(source, "empty_zip")
                return
            self.total += len(files)
            self._report_progress()
            for name, _, info in files:
                member_source = f"{prefix}/{_shown(name)}" if prefix else _shown(name)
                try:
                    self._member(archive, info, member_source, depth, budget)
                except Exception as exc:
                    self._refuse(member_source, "unexpected", detail=_detail(exc))
                self._tick()

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, depth: int,
                budget: _Budget) -> None:
        limits = self.limits
        name = info.filename
        if _unsafe(name):
            self._refuse(source, "unsafe_name")
            return
        if _ignored(name):
            self.ignored.append(source)
            return
        what = _kind(name)
        if what == "other":
            self._refuse(source, "not_handin")
            return
        if info.flag_bits & 0x1:
            self._refuse(source, "encrypted")
            return
        if stat.S_ISLNK(info.external_attr >> 16):
            self._refuse(source, "symlink")
            return
        if what == "zip" and depth + 1 > limits.max_depth:
            self._refuse(source, "too_deep", max=limits.max_depth)
            return
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            self._refuse(source, "bomb", max=limits.max_ratio, size=_size(info.file_size))
            return
        if what == "json" and info.file_size > limits.max_file_bytes:
            self._refuse(source, "too_big", size=_size(info.file_size), max=_size(limits.max_file_bytes))
            return
        if info.file_size > budget.bytes_left:
            self._refuse(source, "total", max=_size(limits.max_total_bytes))
            return
        # Every limit was checked against the declared size above; never read more than that, even
        # if the stream keeps giving (the min() only matters if a check above is ever loosened).
        cap = min(info.file_size, limits.max_file_bytes if what == "json" else budget.bytes_left,
                  budget.bytes_left)
        try:
            with archive.open(info) as stream:
                raw = _read_capped(stream, cap)
        except _TooBig as exc:
            # The header lied about the size: stopped at once; what was read still counts.
            budget.bytes_left = max(0, budget.bytes_left - exc.read)
            self._refuse(source, "bad_member", detail=_text("lied"))
            return
        except Exception as exc:  # bad CRC, zlib error, unsupported method, truncated data, ...
            self._refuse(source, "bad_member", detail=_detail(exc))
            return
        budget.bytes_left -= len(raw)
        if what == "json":
            self._handin(source, raw)
        else:
            self._archive(io.BytesIO(raw), source=source, prefix=source, depth=depth + 1, budget=budget)

    # hand-ins -----------------------------------------------------------------------------
    def _handin(self, source: str, raw: bytes) -> None:
        try:
            data = loads(raw)
        except HandinError as exc:
            self.refused.append(Refused(source, str(exc)))
            return
        created = datetime.fromisoformat(data["created_at"])
        self.found.append((created, source, len(self.found), Accepted(source, detect_platform(source), data)))

    def report(self) -> IntakeReport:
        latest: dict[str, tuple[datetime, str, int, Accepted]] = {}
        superseded: list[tuple[str, str, str]] = []
        by_pseudonym: dict[str, list[tuple[datetime, str, int, Accepted]]] = {}
        for item in self.found:
            by_pseudonym.setdefault(item[3].handin["pseudonym"], []).append(item)
        for pseudonym, items in by_pseudonym.items():
            items.sort(key=lambda item: item[:3])
            kept = items[-1]
            latest[pseudonym] = kept
            superseded.extend((pseudonym, kept[1], dropped[1]) for dropped in items[:-1])
        accepted = sorted((item[3] for item in latest.values()), key=lambda a: a.source)
        return IntakeReport(
            accepted=accepted,
            refused=sorted(self.refused, key=lambda r: r.source),
            superseded=sorted(superseded),
            ignored=sorted(self.ignored),
        )


def read_handins(path: Path, *, limits: Limits = Limits(),
                 progress: Callable[[int, int], None] | None = None) -> IntakeReport:
    """Read every hand-in in ``path``: a folder, the platform's zip, or a single ``.json`` file.

    ``progress(done, total)`` is called as files are processed; ``total`` grows when a zip is opened
    and its members become known. Raises ``FileNotFoundError`` only when ``path`` does not exist;
    everything wrong *inside* it ends up in the report.
    """
    path = Path(path)
    reader = _Reader(limits, progress)
    if path.is_dir():
        reader.read_folder(path)
    elif path.exists():
        reader.read_file(path)
    else:
        raise FileNotFoundError(path)
    return reader.report()


def read_uploads(files: list[tuple[str, bytes]], *, limits: Limits = Limits(),
                 progress: Callable[[int, int], None] | None = None) -> IntakeReport:
    """Read hand-ins the lecturer uploaded in the browser: ``(file name, bytes)`` pairs, each a zip from
    the learning platform (or a student's own zip) or a single ``.json`` hand-in. Nothing is written
    to disk; every limit of :func:`read_handins` applies, per uploaded zip."""
    reader = _Reader(limits, progress)
    reader.total = len(files)
    reader._report_progress()
    for name, raw in files:
        source = _shown(name)
        try:
            if _kind(name) == "zip" or (_kind(name) == "other" and raw[:4] == b"PK\x03\x04"):
                if len(raw) > limits.max_total_bytes:
                    reader._refuse(source, "total", max=_size(limits.max_total_bytes))
                else:
                    reader._archive(io.BytesIO(raw), source=source, prefix=source, depth=1, budget=reader._budget())
            elif _kind(name) == "json":
                if len(raw) > limits.max_file_bytes:
                    reader._refuse(source, "too_big", size=_size(len(raw)), max=_size(limits.max_file_bytes))
                else:
                    reader._handin(source, raw)
            else:
                reader._refuse(source, "not_handin")
        except Exception as exc:  # a hostile upload never costs the valid ones
            reader._refuse(source, "unexpected", detail=_detail(exc))
        reader._tick()
    return reader.report()
