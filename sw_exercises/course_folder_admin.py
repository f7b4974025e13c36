"""The course folder for administrators: making (or repairing) it with its owner, group and mode.

`werkboek inlevermap` (:mod:`sw_exercises.cli`). The student's side (handing in) is
:mod:`sw_exercises.course_folder`; the lecturer's side (reading the hand-ins) is
:mod:`sw_exercises.classroom.intake`. The permission model is described in ``course_folder``.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from .course_folder import FOLDER_ENV, FOLDER_MODE, GROUP_LISTS_MODE, MARKER, _detail
from .i18n import t, tn


class SetupError(Exception):
    """Why the folder could not be made, in Dutch."""


def create_course_folder(path: Path | str, lecturer: str, group: str | None = None, *,
                         group_lists: bool = False) -> list[str]:
    """Make (or repair) the course folder; return Dutch lines saying what was done.

    As root, or as the lecturer themselves: owner lecturer, group ``group`` (default the lecturer's
    own group), mode 3733 (3773 with ``group_lists``: the whole lecturers' group may list the
    folder, for a class with several lecturers), plus the marker file. Otherwise (a laptop, someone else without root):
    an ordinary folder, and the lines say so.
    """
    folder = Path(path).expanduser().absolute()
    lines: list[str] = []
    try:
        import grp
        import pwd
    except ImportError:
        return _plain_folder(folder, lines + [t("inlevermap.setup_no_posix")])
    try:
        account = pwd.getpwnam(lecturer)
    except KeyError:
        raise SetupError(t("inlevermap.setup_unknown_user", login=lecturer)) from None
    if group:
        try:
            group_entry = grp.getgrnam(group)
        except KeyError:
            raise SetupError(t("inlevermap.setup_unknown_group", group=group)) from None
    else:
        group_entry = grp.getgrgid(account.pw_gid)
    is_root = os.geteuid() == 0
    if not is_root and os.geteuid() != account.pw_uid:
        return _plain_folder(folder, lines + [t("inlevermap.setup_not_allowed", login=lecturer)])
    if not is_root and group_entry.gr_gid not in os.getgroups() and group_entry.gr_gid != os.getegid():
        raise SetupError(t("inlevermap.setup_not_member", login=lecturer, group=group_entry.gr_name))
    if os.path.lexists(folder) and not folder.is_dir():
        raise SetupError(t("inlevermap.not_folder", folder=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink():
            raise SetupError(t("inlevermap.setup_symlink", folder=str(folder)))
        os.chown(folder, account.pw_uid, group_entry.gr_gid)
        os.chmod(folder, GROUP_LISTS_MODE if group_lists else FOLDER_MODE)  # after chown: it may clear setgid
        marker = folder / MARKER
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(t("inlevermap.marker_text") + "\n")
        os.chown(marker, account.pw_uid, group_entry.gr_gid)
        os.chmod(marker, 0o644)
    except OSError as exc:
        raise SetupError(t("inlevermap.setup_failed", folder=str(folder), detail=_detail(exc))) from exc
    lines.append(t("inlevermap.setup_done_group_lists" if group_lists else "inlevermap.setup_done",
                   folder=str(folder), login=lecturer, group=group_entry.gr_name))
    members = sorted(set(group_entry.gr_mem) | {p.pw_name for p in _primary_members(pwd, group_entry.gr_gid)})
    if lecturer not in members:
        lines.append(t("inlevermap.setup_lecturer_not_in_group", login=lecturer, group=group_entry.gr_name))
    lines.append(t("inlevermap.setup_readers", group=group_entry.gr_name, members=", ".join(members) or "-"))
    if not group_lists and set(members) - {lecturer}:
        lines.append(t("inlevermap.setup_only_owner_lists", login=lecturer))
    blocked = [str(p) for p in folder.parents if not _others_can_pass(p)]
    if blocked:
        lines.append(tn("inlevermap.setup_parents", len(blocked), folders=", ".join(blocked)))
    lines.append(t("inlevermap.setup_env", folder=str(folder), env=FOLDER_ENV))
    return lines


def _primary_members(pwd: Any, gid: int) -> list[Any]:
    try:
        return [p for p in pwd.getpwall() if p.pw_gid == gid]
    except OSError:
        return []


def _others_can_pass(folder: Path) -> bool:
    try:
        return bool(os.stat(folder).st_mode & stat.S_IXOTH)
    except OSError:
        return False


def _plain_folder(folder: Path, lines: list[str]) -> list[str]:
    if os.path.lexists(folder) and not folder.is_dir():
        raise SetupError(t("inlevermap.not_folder", folder=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupError(t("inlevermap.setup_failed", folder=str(folder), detail=_detail(exc))) from exc
    lines.append(t("inlevermap.setup_plain", folder=str(folder)))
    lines.append(t("inlevermap.setup_env", folder=str(folder), env=FOLDER_ENV))
    return lines
