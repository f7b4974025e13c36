"""The answer store on a network file system (NFS, SMB/CIFS, FUSE): a rollback journal, not WAL.

Detection is tested on fake mount tables of each platform; the store is tested with the detection
overridden (WERKBOEK_NETWERKSCHIJF) and, where this machine can mount one, on a real FUSE mount.
"""
import contextlib
import gc
import os
import shutil
import sqlite3
import subprocess

import pytest

from sw_exercises import netfs
from sw_exercises.answers import AnswerBook
from sw_exercises.i18n import t
from sw_exercises.store import NETWORK_ENV, AnswerStore

MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:27 / /home rw,relatime shared:2 - nfs4 server:/home rw,vers=4.2
31 30 0:28 / /home/lokaal rw shared:3 - ext4 /dev/sdb1 rw
32 22 0:29 / /mnt/share rw shared:4 - cifs //nas/share rw
33 22 0:30 / /mnt/ssh rw shared:5 - fuse.sshfs me@host:/ rw
34 22 0:31 / /media/usb rw shared:6 - fuseblk /dev/sdc1 rw
35 22 0:32 / /mnt/met\040spatie rw shared:7 - nfs srv:/x rw
36 22 0:33 / /tmp rw shared:8 - tmpfs tmpfs rw
"""


@pytest.mark.parametrize("folder, expected", [
    ("/home/student/werkruimte", "nfs4"),
    ("/home", "nfs4"),
    ("/home/lokaal/werkruimte", None),     # a local disk mounted inside the NFS home: longest prefix wins
    ("/homework", None),                   # a prefix of the name, not of the path
    ("/mnt/share/klas", "cifs"),
    ("/mnt/ssh/x", "fuse.sshfs"),
    ("/media/usb/werkruimte", None),       # fuseblk: FUSE on a local disk (ntfs-3g)
    ("/mnt/met spatie/a", "nfs"),          # \040 in mountinfo is a space
    ("/tmp/werkruimte", None),
    ("/var/lib", None),
])
def test_linux_mountinfo_longest_mount_point_decides(folder, expected):
    mounts = netfs.parse_mountinfo(MOUNTINFO)
    assert netfs.network_filesystem(folder, platform="linux", mounts=mounts) == expected


def test_proc_mounts_and_macos_mount_output_are_read_too():
    proc = "/dev/sda1 / ext4 rw 0 0\nsrv:/h /Users nfs rw 0 0\n"
    assert netfs.network_filesystem("/Users/a", platform="linux", mounts=netfs.parse_proc_mounts(proc)) == "nfs"
    mac = ("/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
           "//student@nas/home on /Volumes/home (smbfs, nodev, nosuid, mounted by student)\n")
    mounts = netfs.parse_mount_output(mac)
    assert netfs.network_filesystem("/Volumes/home/werk", platform="darwin", mounts=mounts) == "smbfs"
    assert netfs.network_filesystem("/Users/x", platform="darwin", mounts=mounts) is None


def test_windows_unc_paths_are_network_drives():
    assert netfs.network_filesystem(r"\\nas\home\werkruimte", platform="win32") == "smb"


def test_this_machine_can_be_read_without_error(tmp_path):
    assert netfs.network_filesystem(tmp_path) in (None, *netfs.NETWORK_TYPES) or "fuse" in netfs.network_filesystem(tmp_path)


def _journal(store):
    return store._con.execute("PRAGMA journal_mode").fetchone()[0].lower()


def test_on_a_network_drive_the_store_uses_a_rollback_journal_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(NETWORK_ENV, "ja")
    store = AnswerStore(tmp_path / "a.sqlite3")
    assert _journal(store) == "delete" and store.network_fs
    book = AnswerBook("wb", store_factory=lambda: store)
    result = book.save("r", "mijn antwoord")
    assert result.saved and result.notice == t("store.network_fs", fs=store.network_fs)
    assert book.save("r", "nog een").notice is None  # said once
    second = AnswerStore(tmp_path / "a.sqlite3")  # another kernel shares the file
    assert AnswerBook("wb", store_factory=lambda: second).get("r") == "nog een"
    assert not (tmp_path / "a.sqlite3-wal").exists()


def test_a_wal_file_made_on_a_local_disk_opens_in_delete_mode_on_a_network_drive(tmp_path, monkeypatch):
    monkeypatch.setenv(NETWORK_ENV, "nee")
    local = AnswerStore(tmp_path / "a.sqlite3")
    assert _journal(local) == "wal" and local.notice is None
    AnswerBook("wb", store_factory=lambda: local).save("r", "lokaal")
    local.close()
    monkeypatch.setenv(NETWORK_ENV, "ja")
    remote = AnswerStore(tmp_path / "a.sqlite3")
    assert _journal(remote) == "delete"
    assert AnswerBook("wb", store_factory=lambda: remote).get("r") == "lokaal"


@pytest.fixture
def fuse_mount(tmp_path):
    """A real FUSE mount (Debian's bindfs) of a temporary folder, or a skip with the reason."""
    if shutil.which("bindfs") is None:
        pytest.skip("bindfs (Debian: apt-get install bindfs) is not installed: no real FUSE mount here")
    source, point = tmp_path / "bron", tmp_path / "koppeling"
    source.mkdir()
    point.mkdir()
    done = subprocess.run(["bindfs", str(source), str(point)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"a FUSE mount is not possible here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        gc.collect()  # no sqlite connection may keep the mount busy
        if subprocess.run(["fusermount", "-u", str(point)], capture_output=True).returncode:
            subprocess.run(["umount", str(point)], capture_output=True)
        assert not os.path.ismount(point), f"{point} is still mounted"


def test_on_a_real_fuse_mount_the_store_detects_it(fuse_mount, monkeypatch):
    monkeypatch.delenv(NETWORK_ENV, raising=False)
    assert netfs.network_filesystem(fuse_mount) in ("fuse", "fuse.bindfs")  # libfuse2 says "fuse"
    store = AnswerStore(fuse_mount / "a.sqlite3")
    assert _journal(store) == "delete" and store.notice
    AnswerBook("wb", store_factory=lambda: store).save("r", "op fuse")
    store.close()
    with contextlib.closing(sqlite3.connect(fuse_mount / "a.sqlite3")) as con:
        assert con.execute("SELECT count(*) FROM revision").fetchone()[0] == 1
