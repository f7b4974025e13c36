"""A real JupyterHub without root (docs/JUPYTERHUB.md, "Testen"): what can be shown with one user.

When pytest does not run as root, ``test_hub.py`` cannot make system users, so this test runs a reduced
hub as the current user instead: JupyterHub 6 with its proxy and SimpleLocalProcessSpawner (which
switches no users), one student who is the current user with a home in a temporary folder, and a course
hand-in folder made with ``werkboek inlevermap`` (the current user as its lecturer). Through the Hub REST
API and the proxy, as in ``test_hub.py``: the server starts with ``werkboek klaarzetten``, the student
runs the Bogardus workbook it put in the home cell by cell over the kernel websocket, ticks and shares an
item, hands in, and the lecturer's overview counts the hand-in. What needs more than one system user
(students cannot read each other's files, the hub as another user) is only in ``test_hub.py``.
As root this test is skipped: ``test_hub.py`` covers all of it there.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

pwd = pytest.importorskip("pwd", reason="POSIX-only: a hub with real system users")
grp = pytest.importorskip("grp", reason="POSIX-only: a hub with real system users")

from .harness import Hub, process_uids, run_async
from .hubenv import why_unavailable_self
from .test_hub import NOTEBOOK, OVERVIEW, STORE, WB, _last_json, _student

pytestmark = [pytest.mark.hub,
              pytest.mark.skipif(why_unavailable_self() is not None, reason=why_unavailable_self() or "")]

ME = pwd.getpwuid(os.getuid())


async def _run(hub: Hub, folder: Path) -> dict:
    await hub.admin("POST", f"/users/{ME.pw_name}")
    await hub.spawn(ME.pw_name)
    student = await _student(hub, ME.pw_name, ticks=2)
    kernel = await student["session"].open_notebook(NOTEBOOK)
    try:
        overview = _last_json(await kernel.execute(OVERVIEW.format(folder=str(folder))))
    finally:
        await kernel.close()
    await hub.admin("DELETE", f"/users/{ME.pw_name}/server")
    return {"student": student, "overview": overview, "hub_uids": process_uids(hub.process.pid)}


@pytest.fixture(scope="module")
def own_run(hub_env):
    base = Path(tempfile.mkdtemp(prefix="werkboek-hub-zelf-"))
    homes = base / "homes"
    homes.mkdir()
    folder = base / "vak-sociale-afstand"
    try:
        made = subprocess.run([str(hub_env.bin / "werkboek"), "inlevermap", str(folder), "--docent", ME.pw_name,
                               "--groep", grp.getgrgid(ME.pw_gid).gr_name], capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        hub = Hub(hub_env, handin_folder=str(folder), spawner="self", homes=homes)
        hub.start()
        try:
            result = run_async(_run(hub, folder))
        except Exception as exc:
            raise AssertionError(f"{exc}\n--- hub log ---\n{hub.log_tail()}") from exc
        finally:
            hub.stop()
        yield dict(result, home=homes / ME.pw_name, folder=folder)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_the_hub_put_the_workbook_in_the_home_and_the_student_ran_it(own_run):
    notebook = own_run["home"] / NOTEBOOK
    assert notebook.is_file()
    assert json.loads(notebook.read_text())["cells"]
    assert own_run["student"]["cells"] >= 5
    assert own_run["hub_uids"][0] == os.getuid()


def test_the_answer_is_in_the_students_private_store(own_run):
    store = own_run["home"] / STORE
    assert own_run["student"]["answer"]["store"] == str(store)
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    con = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT value FROM revision WHERE workbook = ? AND item = ? ORDER BY id",
                           (WB, own_run["student"]["answer"]["item"])).fetchall()
    finally:
        con.close()
    stored = json.loads(rows[-1][0])
    assert stored == own_run["student"]["answer"]["value"]
    assert len(stored["accepted"]) == 2, stored


def test_the_student_handed_in_to_the_course_folder_and_the_overview_counts_it(own_run):
    handin = own_run["student"]["handin"]
    assert handin["ok"], handin
    path = Path(handin["path"])
    assert path.parent == own_run["folder"] and path.name == f"inlevering-{ME.pw_name}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    overview = own_run["overview"]
    assert overview["accepted"] == 1 and overview["refused"] == 0 and overview["n_handins"] == 1
