"""The course folder's permission model with real system users (docs/HANDIN.md, "De inlevermap").

As root, temporary users are made with ``useradd`` (a lecturer in a lecturers' group, three
students) and removed with ``userdel`` afterwards. The real code runs as those users in a forked
child (setgroups, setgid, setuid), and the child sends its results back through a pipe. Everything
the child needs is imported before forking, so it never has to read root's files.
"""
import encodings.utf_8_sig  # noqa: F401  (hand-ins are decoded with it; the child cannot import it from root's files)
import errno
import multiprocessing
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

pwd = pytest.importorskip("pwd", reason="POSIX-only: real system users")

from sw_exercises import course_folder as cf
from sw_exercises import portfolio, store as store_module  # noqa: F401  (imported before forking)
from sw_exercises.classroom.intake import read_handins
from sw_exercises.cli import main as cli_main
from sw_exercises.handin import build
from sw_exercises.i18n import t
from sw_exercises.workbooks import delen

TOOLS = ("useradd", "userdel", "groupadd", "groupdel")
pytestmark = [
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                       reason="tests met echte systeemgebruikers draaien alleen als root (zoals in CI)"),
    pytest.mark.skipif(any(shutil.which(tool) is None for tool in TOOLS),
                       reason="useradd/userdel/groupadd/groupdel ontbreken op dit systeem"),
]

WB = "01_sociale_afstand"


def _run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def people():
    tag = secrets.token_hex(3)
    group = f"swdoc{tag}"
    names = {"lecturer": f"swl{tag}", "colleague": f"swm{tag}", "a": f"swa{tag}", "b": f"swb{tag}", "c": f"swc{tag}"}
    made: list[str] = []
    _run("groupadd", group)
    try:
        for key in ("lecturer", "colleague"):
            _run("useradd", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin",
                 "--groups", group, names[key])
            made.append(names[key])
        for key in ("a", "b", "c"):
            _run("useradd", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", names[key])
            made.append(names[key])
        base = Path(tempfile.mkdtemp(prefix="sw-inlevermap-", dir="/tmp"))
        os.chmod(base, 0o755)
        homes = {}
        for key in ("a", "b", "c"):
            home = base / names[key]
            home.mkdir(mode=0o700)
            os.chown(home, pwd.getpwnam(names[key]).pw_uid, pwd.getpwnam(names[key]).pw_gid)
            homes[key] = home
        yield {"names": names, "group": group, "base": base, "homes": homes}
    finally:
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        if "base" in locals():
            shutil.rmtree(base, ignore_errors=True)


def as_user(login: str, func, *args, env: dict | None = None):
    """Run ``func(*args)`` as ``login`` in a forked child; return its result or ("error", text)."""
    account = pwd.getpwnam(login)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child():
        try:
            os.setgroups(os.getgrouplist(login, account.pw_gid))
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.environ.update({"HOME": "/nonexistent", "USER": "root", "LOGNAME": "root"})  # login from the uid
            os.environ.update(env or {})
            result = func(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            result = ("error", f"{type(exc).__name__}: {exc}")
        send.send(result)

    process = ctx.Process(target=child)
    process.start()
    send.close()
    try:
        result = receive.recv()
    finally:
        process.join(60)
    assert process.exitcode == 0
    return result


# --- what the children do ------------------------------------------------------------------------

def _hand_in(folder, data):
    result = cf.write_handin(folder, data)
    return {"ok": result.ok, "status": result.status, "message": result.message,
            "path": str(result.path) if result.path else None}


def _errno(action):
    try:
        action()
    except OSError as exc:
        return exc.errno
    return 0


def _attack(folder, victim_file):
    """Everything another student might try against a hand-in that is not theirs."""
    def overwrite():
        fd = os.open(victim_file, os.O_WRONLY | os.O_TRUNC)
        os.close(fd)

    def rename_over():
        mine = os.path.join(folder, ".inlevering-aanval.tmp")
        fd = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        try:
            os.replace(mine, victim_file)
        finally:
            if os.path.lexists(mine):
                os.unlink(mine)

    def hardlink():
        os.link(victim_file, os.path.join(folder, "kopie.json"))

    return {
        "read": _errno(lambda: open(victim_file, "rb").read()),
        "list": _errno(lambda: os.listdir(folder)),
        "overwrite": _errno(overwrite),
        "delete": _errno(lambda: os.unlink(victim_file)),
        "rename_away": _errno(lambda: os.rename(victim_file, os.path.join(folder, "weg.json"))),
        "rename_over": _errno(rename_over),
        "hardlink": _errno(hardlink),
        "chmod": _errno(lambda: os.chmod(victim_file, 0o666)),
    }


def _plant(folder, victim_login, data):
    path = os.path.join(folder, cf.file_name(victim_login))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(__import__("json").dumps(data))
    return path


def _read_class(folder):
    report = read_handins(folder)
    return {"accepted": [(a.source, a.handin["pseudonym"]) for a in report.accepted],
            "refused": [(r.source, r.reason) for r in report.refused],
            "ignored": report.ignored}


def _student_session(folder):
    """The whole path a student takes, with their own answer store in their own home."""
    from sw_exercises.store import default_store
    store = default_store()
    store.save(WB, "reflection/meeste_afstand", "Mijn reflectie, zonder namen.")
    store.set_shared(WB, "reflection/meeste_afstand", True)
    result = delen.hand_in_to_folder(folder)
    return {"ok": result.ok, "status": result.status, "pseudonym": portfolio.pseudonym(store)}


def _setup_without_root(path, lecturer):
    return cli_main(["inlevermap", str(path), "--docent", lecturer])


def _data(pseudonym):
    answers = [{"workbook": WB, "item": "reflection/meeste_afstand", "value": f"tekst van {pseudonym}",
                "saved_at": "2026-11-20T10:00:00+00:00"}]
    return build(pseudonym, answers)


# --- the tests -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(people):
    folder = people["base"] / "cursus" / "inleveren"
    t("inlevermap.setup_done", folder="", login="", group="")  # load the texts before any fork
    assert cli_main(["inlevermap", str(folder), "--docent", people["names"]["lecturer"],
                     "--groep", people["group"]]) == 0
    return folder


def test_the_folder_is_owned_by_the_lecturer_with_the_lecturers_group_and_mode_3733(people, course):
    info = os.stat(course)
    assert info.st_uid == pwd.getpwnam(people["names"]["lecturer"]).pw_uid
    assert stat.S_IMODE(info.st_mode) == 0o3733
    assert cf.is_course_folder(course)


def test_students_hand_in_and_nobody_but_the_lecturer_reads_or_touches_it(people, course):
    n = people["names"]
    a = as_user(n["a"], _hand_in, course, _data("student-AAAAAA"))
    assert a["ok"] and a["path"] == str(course / cf.file_name(n["a"])), a
    info = os.stat(a["path"])
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert info.st_uid == pwd.getpwnam(n["a"]).pw_uid
    assert info.st_gid == os.stat(course).st_gid  # setgid: the lecturers' group

    attack = as_user(n["b"], _attack, str(course), a["path"])
    # a hard link to someone else's file is refused where the kernel protects hard links (the default)
    protected = Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "0"
    assert attack == {"read": errno.EACCES, "list": errno.EACCES, "overwrite": errno.EACCES,
                      "delete": errno.EPERM, "rename_away": errno.EPERM, "rename_over": errno.EPERM,
                      "hardlink": errno.EPERM if protected else 0, "chmod": errno.EPERM}, attack
    # B using the workbook under A's name: the workbook refuses, A's file stays A's
    b_as_a = as_user(n["b"], lambda: cf.write_handin(course, _data("student-BBBBBB"), login=n["a"]).status)
    assert b_as_a == "squatted"
    b = as_user(n["b"], _hand_in, course, _data("student-BBBBBB"))
    assert b["ok"], b

    lecturer = as_user(n["lecturer"], _read_class, course)
    assert sorted(lecturer["accepted"]) == [(cf.file_name(n["a"]), "student-AAAAAA"),
                                            (cf.file_name(n["b"]), "student-BBBBBB")], lecturer
    assert lecturer["refused"] == [] and lecturer["ignored"] == [cf.MARKER]

    # A hands in again: replaced, still one file
    again = as_user(n["a"], _hand_in, course, _data("student-AAAAAA"))
    assert again["ok"] and "vervangen" in again["message"]
    assert sorted(os.listdir(course)) == sorted([cf.MARKER, cf.file_name(n["a"]), cf.file_name(n["b"])])


def test_a_planted_file_is_refused_by_the_overview_and_its_victim_gets_a_dutch_message(people, course):
    n = people["names"]
    planted = as_user(n["b"], _plant, str(course), n["c"], _data("student-NEPNEP"))
    assert planted == str(course / cf.file_name(n["c"]))

    lecturer = as_user(n["lecturer"], _read_class, course)
    refused = dict(lecturer["refused"])
    assert cf.file_name(n["c"]) in refused
    assert f"'{n['c']}'" in refused[cf.file_name(n["c"])] and f"'{n['b']}'" in refused[cf.file_name(n["c"])]
    assert "student-NEPNEP" not in {p for _, p in lecturer["accepted"]}

    c = as_user(n["c"], _hand_in, course, _data("student-CCCCCC"))
    assert not c["ok"] and c["status"] == "squatted" and "docent" in c["message"], c
    # the lecturer (owner of the sticky folder) removes it; then C can hand in
    as_user(n["lecturer"], os.unlink, str(course / cf.file_name(n["c"])))
    assert as_user(n["c"], _hand_in, course, _data("student-CCCCCC"))["ok"]


def test_the_whole_student_path_through_the_facade_with_the_students_own_store(people, course):
    n = people["names"]
    home = people["homes"]["a"]
    result = as_user(n["a"], _student_session, None,
                     env={"HOME": str(home), "WERKBOEK_MAP": str(home / "werkruimte"),
                          cf.FOLDER_ENV: str(course)})
    assert result["ok"] and result["status"] == "handed_in", result
    lecturer = as_user(n["lecturer"], _read_class, course)
    assert (cf.file_name(n["a"]), result["pseudonym"]) in lecturer["accepted"]


def test_a_student_without_write_permission_gets_a_dutch_message(people):
    closed = people["base"] / "dicht"
    closed.mkdir(mode=0o755, exist_ok=True)
    result = as_user(people["names"]["a"], _hand_in, closed, _data("student-AAAAAA"))
    assert result["status"] == "not_writable" and "Je mag niet schrijven" in result["message"]
    assert os.listdir(closed) == []


def test_without_root_werkboek_inlevermap_makes_an_ordinary_folder_and_says_so(people, capfd):
    home = people["homes"]["a"]
    code = as_user(people["names"]["a"], _setup_without_root, home / "mijn-inlevermap", people["names"]["lecturer"])
    assert code == 0
    assert "Gewone map gemaakt" in capfd.readouterr().out
    assert (home / "mijn-inlevermap").is_dir() and not cf.is_course_folder(home / "mijn-inlevermap")


def _read_file(path):
    with open(path, "rb") as fh:
        return len(fh.read())


def test_a_colleague_in_the_group_reads_hand_ins_and_lists_only_when_the_group_may(people, course, capsys):
    n = people["names"]
    a_file = course / cf.file_name(n["a"])
    assert as_user(n["colleague"], _read_file, str(a_file)) > 0  # group read
    report = as_user(n["colleague"], _read_class, course)
    assert report["accepted"] == [] and len(report["refused"]) == 1
    assert f"({n['lecturer']})" in report["refused"][0][1] and "--groep-mag-bekijken" in report["refused"][0][1]

    shared = people["base"] / "cursus" / "samen"
    assert cli_main(["inlevermap", str(shared), "--docent", n["lecturer"], "--groep", people["group"],
                     "--groep-mag-bekijken"]) == 0
    assert "3773" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o3773
    assert as_user(n["a"], _hand_in, shared, _data("student-AAAAAA"))["ok"]
    assert as_user(n["b"], _attack, str(shared), str(shared / cf.file_name(n["a"])))["list"] == errno.EACCES
    colleague = as_user(n["colleague"], _read_class, shared)
    assert colleague["accepted"] == [(cf.file_name(n["a"]), "student-AAAAAA")] and colleague["refused"] == []
