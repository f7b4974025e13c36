"""Hand in straight to a shared course folder (docs/HANDIN.md, "De inlevermap").

The same hand-in file a student uploads to the learning platform can be written into a folder the
lecturer reads: on a JupyterHub a folder every student can reach (``WERKBOEK_INLEVERMAP``), on a
laptop any folder (a network drive, a synced folder). One file per login, ``inlevering-<login>.json``:
handing in again replaces the earlier hand-in atomically (temporary file made with O_CREAT|O_EXCL,
mode set with fchmod, fsync, ``os.replace`` in the same folder), so the lecturer never reads half a
file and the overview, which keeps the last hand-in per pseudonym, sees exactly one per student.

Permission model on a shared server (made by ``werkboek inlevermap``): the folder is owned by the
lecturer, its group is the lecturers' group and its mode is 3733 (setgid + sticky + rwx-wx-wx).
Students can create files but cannot list the folder; the sticky bit stops anyone but the owner of
a file (and the lecturer) from removing or renaming it; setgid gives every new file the lecturers'
group, and the file's mode 0640 lets that group, and nobody else, read it. Because a student could
still *create* a file under another student's login name, the lecturer's intake checks that the
owner of every file in such a folder is the login in its name (``classroom/intake.py``).

No widgets here; the texts a student reads are ``inlevermap.*`` in ``werkboek.po``.
"""
from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from .files import sync_folder
from .formats import format_datetime
from .i18n import t, tn

FOLDER_ENV = "WERKBOEK_INLEVERMAP"
SETTING_KEY = "handin_folder"
PREFIX = "inlevering-"
SUFFIX = ".json"
MARKER = ".sociaal-werkboek-inlevermap"
FILE_MODE = 0o640
FOLDER_MODE = 0o3733
GROUP_LISTS_MODE = 0o3773
_NAME = re.compile(r"^inlevering-([A-Za-z0-9._@%+-]{1,200})\.json$")
_TEMP = re.compile(r"^\.inlevering-.*\.tmp$")


# --- names -----------------------------------------------------------------------------------

def login_name() -> str:
    """The login of the real user running this (from the uid, not from spoofable variables)."""
    try:
        import pwd
        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        import getpass
        return getpass.getuser()


def file_name(login: str) -> str:
    """``inlevering-<login>.json``; characters outside a safe set are %-encoded."""
    return f"{PREFIX}{quote(login, safe='._@+-')}{SUFFIX}"


def login_from_file_name(name: str) -> str | None:
    """The login a course-folder file name claims, or None if the workbook did not make this name."""
    match = _NAME.match(name)
    if not match:
        return None
    login = unquote(match.group(1))
    return login if login and "/" not in login and login not in (".", "..") else None


def is_temporary(name: str) -> bool:
    """A hand-in still being written (or left by a crash): never read as a hand-in."""
    return bool(_TEMP.match(name))


def is_course_folder(folder: Path) -> bool:
    """A folder made by ``werkboek inlevermap`` (marker file), or one set up by hand the same way
    (sticky bit, not listable by others). In such a folder the intake checks every file's owner."""
    try:
        if os.path.lexists(os.path.join(folder, MARKER)):
            return True
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISVTX) and not mode & stat.S_IROTH


# --- where -----------------------------------------------------------------------------------

def configured_folder(store: Any | None = None) -> tuple[Path | None, str]:
    """The course folder and where it came from: ``("env" | "setting" | "none")``.

    The environment variable wins: a hub sets it for everyone, and a folder a student once typed
    must not send a hand-in past the one the course uses now.
    """
    env = os.environ.get(FOLDER_ENV, "").strip()
    if env:
        return Path(env).expanduser(), "env"
    if store is not None:
        remembered = store.setting(SETTING_KEY)
        if isinstance(remembered, str) and remembered.strip():
            return Path(remembered.strip()).expanduser(), "setting"
    return None, "none"


def remember_folder(store: Any, folder: str) -> None:
    store.set_setting(SETTING_KEY, folder.strip())


# --- result ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class HandinResult:
    """What happened, for the workbook and for tests: ``status`` is a fixed English code,
    ``message`` the Dutch text the student reads."""
    ok: bool
    status: str        # handed_in | nothing_shared | privacy | no_folder | missing | not_folder |
    #                    not_writable | squatted | disk_full | too_long | failed
    message: str
    path: Path | None = None
    when: datetime | None = None

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        from html import escape
        role = "status" if self.ok else "alert"
        return f"<p role='{role}'>{escape(self.message)}</p>"


def _fail(status: str, key: str, **values: Any) -> HandinResult:
    return HandinResult(False, status, t(f"inlevermap.{key}", **values))


def _local_time(moment: datetime) -> str:
    return format_datetime(moment)


def last_handin(folder: Path, login: str | None = None) -> datetime | None:
    """When this login last handed in to ``folder`` (needs only search permission on the folder)."""
    try:
        info = os.lstat(os.path.join(folder, file_name(login or login_name())))
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return datetime.fromtimestamp(info.st_mtime, timezone.utc)


# --- writing ---------------------------------------------------------------------------------

def _check_folder(folder: Path) -> HandinResult | None:
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return _fail("missing", "missing", folder=str(folder))
    except PermissionError:
        return _fail("not_writable", "not_reachable", folder=str(folder))
    except OSError as exc:
        return _fail("failed", "failed", folder=str(folder), detail=_detail(exc))
    if not stat.S_ISDIR(info.st_mode):
        return _fail("not_folder", "not_folder", folder=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        return _fail("not_writable", "not_writable", folder=str(folder))
    return None


def _detail(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__)[:100]


def _os_failure(exc: OSError, folder: Path) -> HandinResult:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _fail("disk_full", "disk_full", folder=str(folder))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _fail("not_writable", "not_writable", folder=str(folder))
    if exc.errno == errno.ENAMETOOLONG:
        return _fail("too_long", "too_long", folder=str(folder))
    if exc.errno == errno.ENOENT:
        return _fail("missing", "missing", folder=str(folder))
    return _fail("failed", "failed", folder=str(folder), detail=_detail(exc))


def _owned_by_someone_else(path: str) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return hasattr(os, "getuid") and info.st_uid != os.getuid()


def write_handin(folder: Path | str, data: dict[str, Any], *, login: str | None = None) -> HandinResult:
    """Write ``data`` (a validated hand-in) as ``inlevering-<login>.json`` in ``folder``.

    Never raises for what can go wrong with a folder: every failure is a :class:`HandinResult`
    with a Dutch message, and a failed attempt leaves the earlier hand-in (if any) as it was.
    """
    folder = Path(folder).expanduser()
    problem = _check_folder(folder)
    if problem:
        return problem
    name = file_name(login or login_name())
    target = os.path.join(folder, name)
    if _owned_by_someone_else(target):
        return _fail("squatted", "squatted", name=name)
    again = os.path.lexists(target)
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    temp = ""
    try:
        for _ in range(20):
            temp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(temp, flags, FILE_MODE)
                break
            except FileExistsError:
                continue
        else:
            return _fail("failed", "failed", folder=str(folder), detail="tmp")
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, FILE_MODE)  # the umask does not decide who can read a hand-in
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
        temp = ""
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EACCES) and _owned_by_someone_else(target):
            return _fail("squatted", "squatted", name=name)
        return _os_failure(exc, folder)
    finally:
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass
    sync_folder(folder)
    when = datetime.now(timezone.utc)
    return HandinResult(True, "handed_in", t("inlevermap.done_again" if again else "inlevermap.done", folder=str(folder), name=name, when=_local_time(when)),
                        Path(target), when)




# --- the whole step --------------------------------------------------------------------------

NAMES_KEY = "privacy_names"


def privacy_findings(store: Any, *, name: str | None = None) -> int:
    """How many possible personal data the privacy check finds in the shared answers (as workbook 90
    checks before every export), with the names the student listed there."""
    from .portfolio import shared_answers, texts_of
    from .privacy import scan

    names = [n.strip() for n in (store.setting(NAMES_KEY, []) or []) if isinstance(n, str) and n.strip()]
    if name:
        names.append(name)
    total = 0
    for rev in shared_answers(store):
        total += len(scan(((None, text) for text in texts_of(rev.value)), names))
    return total


def hand_in(store: Any, folder: Path | str | None = None, *, name: str | None = None,
            confirmed: bool = False, login: str | None = None) -> HandinResult:
    """Check, build and hand in the student's shared answers to the course folder.

    ``folder`` None: ``WERKBOEK_INLEVERMAP``, else the folder the student chose before. Refuses when
    nothing is shared, or when the privacy check finds something and ``confirmed`` is False.
    """
    from .portfolio import handin_data, shared_answers

    if folder is None or not str(folder).strip():
        chosen, _ = configured_folder(store)
        if chosen is None:
            return _fail("no_folder", "no_folder")
        folder = chosen
    if not shared_answers(store):
        return HandinResult(False, "nothing_shared", t("portfolio.nothing_shared"))
    found = privacy_findings(store, name=name)
    if found and not confirmed:
        return HandinResult(False, "privacy", tn("share.blocked", found))
    return write_handin(Path(folder), handin_data(store, name=name), login=login)


# --- making the folder: administrators, in sw_exercises/course_folder_admin.py (the old names still
# work here, looked up on first use: course_folder_admin imports this module, so not at import time)
def __getattr__(name: str):
    if name in ("SetupError", "create_course_folder"):
        from . import course_folder_admin
        return getattr(course_folder_admin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
