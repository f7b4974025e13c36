"""A whole class on one real JupyterHub (docs/JUPYTERHUB.md).

As root: a lecturer and three students are made with ``useradd`` (removed afterwards), a course
hand-in folder with ``werkboek inlevermap``, and JupyterHub 6 runs with its proxy as a dedicated
unprivileged system user (also made here) with SudoSpawner: a rule in /etc/sudoers.d (removed
afterwards) lets that user run only the ``sudospawner`` mediator as the members of the hub's user
group, so each server runs as its own system user and starts with ``werkboek klaarzetten``
(``sudospawner-singleuser``, deploy/sudospawner/). Through the Hub REST API every user starts a server at the same moment; through the
proxy, with a token for that user only, each student opens the Bogardus workbook that was put in
their home, runs it cell by cell over the kernel websocket, ticks a Bogardus item, shares it and hands
in. Then: every answer is in its owner's own store (read as root afterwards), a student's kernel
cannot read another student's store or hand-in, and the lecturer's kernel counts every hand-in.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

pwd = pytest.importorskip("pwd", reason="POSIX-only: a hub with real system users")

from .harness import Hub, HubError, Kernel, create_user, process_uids, remove_user, run_async, user_pids
from .hubenv import why_unavailable

pytestmark = [pytest.mark.hub, pytest.mark.skipif(why_unavailable() is not None, reason=why_unavailable() or "")]

WB = "01_sociale_afstand"
NOTEBOOK = f"werkboeken/{WB}.ipynb"
STORE = Path("SociaalWerkboek") / "werkruimte" / "antwoorden.sqlite3"
STUDENTS = 3

# What a student does in the open workbook after Run All: tick relations on the first group's card
# (through the widget, as a click does), share that answer (as workbook 90's checkbox does).
ANSWER = """
import json
from sw_exercises.store import default_store
_card = wb.scale().cards.children[0]
for _box in _card.boxes[:{ticks}]:
    _box.value = True
_item = "bogardus/" + _card.group.id
default_store().set_shared(wb.WORKBOOK, _item, True)
print(json.dumps({{"item": _item, "value": default_store().get(wb.WORKBOOK, _item),
                  "store": str(default_store().path)}}))
"""
HAND_IN = """
from sw_exercises.workbooks.delen import hand_in_to_folder
_result = hand_in_to_folder()
print(json.dumps({"ok": _result.ok, "status": _result.status, "message": _result.message,
                  "path": str(_result.path)}))
"""
PROBE = """
import json, os
_out = {{}}
for _label, _path in {targets!r}.items():
    try:
        with open(_path, "rb") as _fh:
            _fh.read(16)
        _out[_label] = "read"
    except Exception as _exc:
        _out[_label] = type(_exc).__name__
for _label, _path in {folders!r}.items():
    try:
        os.listdir(_path)
        _out[_label] = "listed"
    except Exception as _exc:
        _out[_label] = type(_exc).__name__
print(json.dumps(_out))
"""
OVERVIEW = """
import json
from pathlib import Path
from sw_exercises.classroom import class_overview_from
_report, _overview = class_overview_from(Path({folder!r}), threshold=1)
print(json.dumps({{"accepted": len(_report.accepted), "refused": len(_report.refused),
                  "n_handins": _overview.n_handins,
                  "pseudonyms": sorted(a.handin["pseudonym"] for a in _report.accepted)}}))
"""


def _last_json(text: str) -> dict:
    """The JSON line a probe printed (a cell may print or display other things too)."""
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise AssertionError(f"no JSON in the cell's output:\n{text[-3000:]}")


SUDOERS = """# Sociaal Werkboek hub test (tests/hub/test_hub.py), removed after the test
{hub_user} ALL=(%{hub_users}) NOPASSWD: {sudospawner}
"""


def _install_sudoers(path: Path, text: str) -> None:
    """Check the rule with visudo first: a broken file in /etc/sudoers.d breaks every sudo."""
    draft = Path(tempfile.mkdtemp(prefix="werkboek-sudoers-")) / "rule"
    try:
        draft.write_text(text)
        checked = subprocess.run(["visudo", "-cf", str(draft)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        os.chmod(draft, 0o440)
        shutil.move(draft, path)
    finally:
        shutil.rmtree(draft.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def people(hub_env):
    tag = secrets.token_hex(3)
    group = f"swh{tag}doc"
    hub_users = f"swh{tag}hu"  # who the hub may start a server for (the sudoers rule's Runas group)
    hub_user = f"swh{tag}hub"  # the hub's own unprivileged account
    lecturer = f"swh{tag}d"
    students = [f"swh{tag}s{i}" for i in range(1, STUDENTS + 1)]
    made: list[str] = []
    groups: list[str] = []
    sudoers = Path("/etc/sudoers.d") / f"werkboek-hubtest-{tag}"
    base = Path(tempfile.mkdtemp(prefix="werkboek-vak-", dir="/tmp"))
    try:
        for name in (group, hub_users):
            subprocess.run(["groupadd", name], check=True, capture_output=True)
            groups.append(name)
        create_user(hub_user)
        made.append(hub_user)
        create_user(lecturer, groups=(group, hub_users))
        made.append(lecturer)
        for name in students:
            create_user(name, groups=(hub_users,))
            made.append(name)
        _install_sudoers(sudoers, SUDOERS.format(hub_user=hub_user, hub_users=hub_users,
                                                 sudospawner=hub_env.bin / "sudospawner"))
        os.chmod(base, 0o755)
        yield {"lecturer": lecturer, "students": students, "group": group, "base": base, "hub_user": hub_user}
    finally:
        sudoers.unlink(missing_ok=True)
        for name in made:
            remove_user(name)
        for name in groups:
            subprocess.run(["groupdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


async def _student(hub: Hub, name: str, ticks: int) -> dict:
    token = await hub.user_token(name)
    session = await hub.session(name, token)
    model = await session.api("GET", f"/contents/{NOTEBOOK}")  # put there by `werkboek klaarzetten`
    kernel: Kernel = await session.open_notebook(NOTEBOOK)
    try:
        ran = await kernel.run_notebook(model["content"])
        answer = _last_json(await kernel.execute(ANSWER.format(ticks=ticks)))
        handed_in = _last_json(await kernel.execute(HAND_IN))
    finally:
        await kernel.close()
    return {"token": token, "session": session, "cells": ran, "answer": answer, "handin": handed_in}


async def _probe(session, targets: dict, folders: dict) -> dict:
    kernel = await session.open_notebook(NOTEBOOK)
    try:
        return _last_json(await kernel.execute(PROBE.format(targets=targets, folders=folders)))
    finally:
        await kernel.close()


def _server_uids(uid: int) -> set[tuple[int, ...]]:
    """The uids of the single-user server processes running as ``uid``."""
    found = set()
    for pid in user_pids(uid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"jupyterhub-singleuser" in fh.read():
                    found.add(process_uids(pid))
        except (OSError, HubError):
            pass
    return found


async def _class(hub: Hub, people: dict, folder: Path) -> dict:
    everyone = [people["lecturer"], *people["students"]]
    for name in everyone:
        await hub.admin("POST", f"/users/{name}")
    await asyncio.gather(*(hub.spawn(name) for name in everyone))  # the whole class starts at once
    # who runs what, read from /proc while everything is up
    processes = {"hub": process_uids(hub.process.pid), "proxy": process_uids(hub.proxy_pid()),
                 "servers": {name: _server_uids(pwd.getpwnam(name).pw_uid) for name in everyone}}
    students = people["students"]
    results = dict(zip(students, await asyncio.gather(
        *(_student(hub, name, ticks=i + 1) for i, name in enumerate(students)))))
    # each student tries the next student's store, workspace and hand-in, and the course folder
    probes = {}
    for i, name in enumerate(students):
        other = students[(i + 1) % len(students)]
        home = Path(pwd.getpwnam(other).pw_dir)
        probes[name] = await _probe(
            results[name]["session"],
            {"store": str(home / STORE), "handin": results[other]["handin"]["path"]},
            {"workspace": str((home / STORE).parent), "course_folder": str(folder)})
    lecturer = await hub.session(people["lecturer"], await hub.user_token(people["lecturer"]))
    kernel = await lecturer.open_notebook(NOTEBOOK)
    try:
        overview = _last_json(await kernel.execute(OVERVIEW.format(folder=str(folder))))
    finally:
        await kernel.close()
    for name in everyone:
        await hub.admin("DELETE", f"/users/{name}/server")
    return {"students": results, "probes": probes, "overview": overview, "processes": processes}


@pytest.fixture(scope="module")
def class_run(hub_env, people):
    folder = people["base"] / "vak-sociale-afstand"
    made = subprocess.run([str(hub_env.bin / "werkboek"), "inlevermap", str(folder),
                           "--docent", people["lecturer"], "--groep", people["group"]],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    hub = Hub(hub_env, handin_folder=str(folder), spawner="sudo", run_as=people["hub_user"])
    hub.start()  # stops what it started when it fails
    try:
        result = run_async(_class(hub, people, folder))
    except Exception as exc:
        raise AssertionError(f"{exc}\n--- hub log ---\n{hub.log_tail()}") from exc
    finally:
        hub.stop()
    result["folder"] = folder
    return result


def test_the_hub_and_its_proxy_run_unprivileged_and_each_server_as_its_user(class_run, people):
    hub_uid = pwd.getpwnam(people["hub_user"]).pw_uid
    assert hub_uid != 0
    # real, effective, saved and file-system uid: no way back to root
    assert class_run["processes"]["hub"] == (hub_uid,) * 4
    assert class_run["processes"]["proxy"] == (hub_uid,) * 4
    for name, uids in class_run["processes"]["servers"].items():
        uid = pwd.getpwnam(name).pw_uid
        assert uids == {(uid,) * 4}, (name, uids)


def test_every_student_ran_the_bogardus_workbook_put_in_their_home(class_run, people):
    for name in people["students"]:
        home = Path(pwd.getpwnam(name).pw_dir)
        notebook = home / NOTEBOOK
        assert notebook.is_file() and notebook.stat().st_uid == pwd.getpwnam(name).pw_uid
        assert class_run["students"][name]["cells"] >= 5
        assert class_run["students"][name]["answer"]["store"] == str(home / STORE)


def test_each_answer_is_in_its_owners_private_store(class_run, people):
    for i, name in enumerate(people["students"]):
        account = pwd.getpwnam(name)
        store = Path(account.pw_dir) / STORE
        assert store.stat().st_uid == account.pw_uid
        assert stat.S_IMODE(store.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
        item = class_run["students"][name]["answer"]["item"]
        con = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)  # as root, after the hub stopped
        try:
            rows = con.execute("SELECT value FROM revision WHERE workbook = ? AND item = ? ORDER BY id",
                               (WB, item)).fetchall()
        finally:
            con.close()
        stored = json.loads(rows[-1][0])
        assert stored == class_run["students"][name]["answer"]["value"]
        assert len(stored["accepted"]) == i + 1, stored


def test_a_student_cannot_read_another_students_store_or_handin(class_run, people):
    for name in people["students"]:
        probe = class_run["probes"][name]
        assert probe == {"store": "PermissionError", "handin": "PermissionError",
                         "workspace": "PermissionError", "course_folder": "PermissionError"}, (name, probe)


def test_every_student_handed_in_to_the_course_folder(class_run, people):
    folder = class_run["folder"]
    lecturers_group = people["group"]
    for name in people["students"]:
        handin = class_run["students"][name]["handin"]
        assert handin["ok"], handin
        path = Path(handin["path"])
        assert path.parent == folder and path.name == f"inlevering-{name}.json"
        assert path.stat().st_uid == pwd.getpwnam(name).pw_uid
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        import grp
        assert grp.getgrgid(path.stat().st_gid).gr_name == lecturers_group


def test_the_lecturer_overview_counts_every_handin(class_run, people):
    overview = class_run["overview"]
    assert overview["accepted"] == STUDENTS and overview["refused"] == 0
    assert overview["n_handins"] == STUDENTS
    assert len(set(overview["pseudonyms"])) == STUDENTS
