"""Is a folder on a network file system (NFS, SMB/CIFS, FUSE, ...)? For the answer store's journal.

SQLite's WAL journal needs shared memory between the processes that use the file, which a network
file system does not give (https://www.sqlite.org/wal.html, "WAL does not work over a network
filesystem"). :func:`network_filesystem` names the file system type of a folder when it is one of
those, so the store can use a rollback journal there (docs/NETWERKSCHIJF.md).

* Linux: the longest mount point in ``/proc/self/mountinfo`` (or ``/proc/mounts``) that holds the folder.
* Windows: a UNC path (``\\\\server\\share``) or a drive that ``GetDriveTypeW`` calls remote.
* macOS and other BSDs: the output of ``mount`` (``/dev/x on /path (nfs, ...)``).
Anything that cannot be read counts as local (the old behaviour), never as an error.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

NETWORK_TYPES = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "9p", "afs", "ncpfs", "ceph",
                           "glusterfs", "lustre", "gpfs", "davfs", "coda", "fuse", "webdav", "virtiofs"})
LOCAL_FUSE = frozenset({"fuseblk"})  # FUSE on a local block device (ntfs-3g, exfat)
_OCTAL = re.compile(r"\\([0-7]{3})")


def is_network_type(fstype: str) -> bool:
    fstype = fstype.lower()
    if fstype in LOCAL_FUSE:
        return False
    return fstype in NETWORK_TYPES or fstype.startswith("fuse.") or fstype.startswith("nfs")


def _unescape(field: str) -> str:
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, type) per line of ``/proc/self/mountinfo``."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, after = left.split(), right.split()
        if not sep or len(fields) < 5 or not after:
            continue
        mounts.append((_unescape(fields[4]), after[0]))
    return mounts


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, type) per line of ``/proc/mounts`` (fstab format)."""
    return [(_unescape(f[1]), f[2]) for f in (line.split() for line in text.splitlines()) if len(f) >= 3]


def parse_mount_output(text: str) -> list[tuple[str, str]]:
    """(mount point, type) per line of BSD/macOS ``mount``: ``src on /point (type, options)``."""
    found = re.findall(r"^.* on (.+) \(([^,)]+)", text, flags=re.MULTILINE)
    return [(point, kind.strip()) for point, kind in found]


def _within(path: str, point: str) -> bool:
    point = point.rstrip("/") or "/"
    return point == "/" or path == point or path.startswith(point + "/")


def filesystem_of(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the longest mount point that holds ``path`` (an absolute POSIX path)."""
    best: tuple[int, str] | None = None
    for point, kind in mounts:
        if _within(path, point) and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return best[1] if best else None


def _linux_mounts() -> list[tuple[str, str]]:
    for name, parse in (("/proc/self/mountinfo", parse_mountinfo), ("/proc/mounts", parse_proc_mounts)):
        try:
            return parse(Path(name).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return []


def _bsd_mounts() -> list[tuple[str, str]]:
    try:
        done = subprocess.run(["mount"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_mount_output(done.stdout) if done.returncode == 0 else []


def _windows_network(path: str) -> str | None:
    if path.startswith("\\\\") or path.startswith("//"):
        return "smb"
    drive = os.path.splitdrive(path)[0]
    if not drive:
        return None
    try:
        import ctypes
        kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return None
    return "smb" if kind == 4 else None  # DRIVE_REMOTE


def network_filesystem(folder: Path | str, *, platform: str | None = None,
                       mounts: list[tuple[str, str]] | None = None) -> str | None:
    """The type of network file system ``folder`` is on (e.g. ``"nfs4"``), or None when it is local
    or cannot be told. ``mounts`` (mount point, type) replaces this machine's table (tests)."""
    platform = platform or sys.platform
    if platform.startswith("win") and str(folder).startswith(("\\\\", "//")):
        return "smb"  # a UNC path: \\server\share
    try:
        path = os.path.realpath(folder)
    except OSError:
        path = str(folder)
    if platform.startswith("win"):
        return _windows_network(path)
    if platform == "emscripten":
        return None
    if mounts is None:
        mounts = _linux_mounts() if platform.startswith("linux") else _bsd_mounts()
    kind = filesystem_of(path, mounts)
    return kind if kind and is_network_type(kind) else None
