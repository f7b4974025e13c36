"""Friendly failure in a real browser: the kernel behind a workbook is really killed (SIGKILL) and the
student sees a Dutch message that says what to do, never a traceback; in the app the button on the
message reloads the page and the answer typed before comes back. A kernel that stops answering
(SIGSTOP) is noticed by the heartbeat, and the message goes away when it answers again (SIGCONT)."""
from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

from playwright.sync_api import expect

from .jupyterlab import stop_process_group
from .voila import AppPage, running_app

APP_NOTEBOOK = "01_sociale_afstand.ipynb"  # first cell: an import (sw_exercises.workbooks)
APP_REFLECTION = ".sw-item-reflection-labels_in_rapportage"
LAB_NOTEBOOK = "05_do_no_harm.ipynb"  # first cell: open_workbook(...)
LAB_REFLECTION = ".sw-item-reflection-eigen_aannames"
ALERT = ".sw-kernel-alert[role=alert]"
#: On 2 loaded cores a killed kernel is noticed within seconds, but be generous.
NOTICE_MS = 60_000


def kernel_pid(kernel_id: str, timeout: float = 30.0) -> int:
    """The process of the kernel with this id: the one started with its connection file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(a.decode(errors="replace").endswith(f"kernel-{kernel_id}.json") for a in args):
                return int(entry.name)
        time.sleep(0.5)
    raise LookupError(f"no process for kernel {kernel_id}")


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text(errors="replace") if Path(f"/proc/{pid}").exists() else ""
        if "State:\tZ" in status:
            break  # dead, waiting to be reaped by its server
        time.sleep(0.1)


def type_and_wait_saved(page, reflection: str, text: str) -> None:
    box = page.locator(f"{reflection} textarea")
    box.scroll_into_view_if_needed()
    box.fill(text)
    expect(page.locator(f"{reflection} .sw-save-status")).to_contain_text("Opgeslagen", timeout=20_000)


def test_app_kernel_killed_shows_dutch_message_and_reload_brings_the_answer_back(app, app_page, tmp_path):
    page = app_page.open(APP_NOTEBOOK).page
    watch = page.locator(".sw-kernel-watch")
    expect(watch).to_have_count(1)
    page.wait_for_function("() => !!document.querySelector('.sw-kernel-watch').dataset.heartbeat",
                           timeout=30_000)  # the heartbeat goes round: Python answers the front end
    expect(page.locator(ALERT)).to_have_count(0)

    answer = f"Labels in een rapportage {uuid.uuid4().hex[:8]}"
    type_and_wait_saved(page, APP_REFLECTION, answer)
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    kill(kernel_pid(kernel_id))

    alert = page.locator(ALERT)
    expect(alert).to_be_visible(timeout=NOTICE_MS)
    expect(alert).to_contain_text("Het werkboek is gestopt")
    expect(alert).to_contain_text("Pagina opnieuw laden")
    box = alert.bounding_box()
    assert box and box["y"] < 50, "the message is at the top of the page"
    assert "Traceback" not in page.locator("body").inner_text()
    page.screenshot(path=str(tmp_path / "app-kernel-gestopt.png"))

    alert.get_by_role("button", name="Pagina opnieuw laden").click()
    app_page.wait_ready()
    expect(page.locator(f"{APP_REFLECTION} textarea")).to_have_value(answer)
    expect(page.locator(ALERT)).to_have_count(0)


def test_app_kernel_that_stops_answering_is_noticed_by_the_heartbeat(app, app_page, tmp_path):
    page = app_page.open(APP_NOTEBOOK).page
    page.wait_for_function("() => !!document.querySelector('.sw-kernel-watch').dataset.heartbeat",
                           timeout=30_000)
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    pid = kernel_pid(kernel_id)
    os.kill(pid, signal.SIGSTOP)  # alive and connected, but it no longer answers
    try:
        alert = page.locator(ALERT)
        expect(alert).to_be_visible(timeout=NOTICE_MS)
        expect(alert).to_contain_text("Het werkboek reageert niet")
        expect(alert).to_contain_text("Pagina opnieuw laden")
        page.screenshot(path=str(tmp_path / "app-reageert-niet.png"))
    finally:
        os.kill(pid, signal.SIGCONT)
    expect(page.locator(ALERT)).to_have_count(0, timeout=NOTICE_MS)  # it answers again: message gone


def test_app_that_stops_running_says_the_connection_is_lost(student, chromium_browser, tmp_path):
    """The student closes the command-line window of `werkboek app`: the server and its kernels are gone."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        with running_app(student.root, student.env) as server:
            app_page = AppPage(context.new_page(), server)
            page = app_page.open(APP_NOTEBOOK).page
            page.wait_for_function("() => !!document.querySelector('.sw-kernel-watch').dataset.heartbeat",
                                   timeout=30_000)
            stop_process_group(server.process)
            alert = page.locator(ALERT)
            expect(alert).to_be_visible(timeout=NOTICE_MS)
            # the connection goes (or, first, the kernel stopping with its server): both say what to do
            kind = alert.get_attribute("data-kind")
            assert kind in ("lost", "dead"), kind
            expect(alert).to_contain_text("Geen verbinding" if kind == "lost" else "Het werkboek is gestopt")
            expect(alert).to_contain_text("Pagina opnieuw laden")
            page.screenshot(path=str(tmp_path / "app-gestopt.png"))
    finally:
        context.close()


def test_jupyterlab_kernel_killed_shows_dutch_message_and_restart_and_run_all_brings_the_answer_back(
        lab, lab_page, tmp_path):
    page = lab_page.open_notebook(LAB_NOTEBOOK)
    assert page.run_all(), "a cell raised an error"
    page.page.wait_for_function("() => !!document.querySelector('.sw-kernel-watch[data-heartbeat]')",
                                timeout=30_000)
    answer = f"Mijn eigen aannames {uuid.uuid4().hex[:8]}"
    type_and_wait_saved(page, LAB_REFLECTION, answer)

    [session] = [s for s in lab.api("api/sessions") if s["path"] == LAB_NOTEBOOK]
    kill(kernel_pid(session["kernel"]["id"]))

    alert = page.page.locator(ALERT)
    expect(alert).to_be_visible(timeout=NOTICE_MS)
    expect(alert).to_contain_text("gestopt")
    expect(alert).to_contain_text("Kernel → Restart Kernel and Run All Cells")
    menu = page.page.locator("#jp-menu-panel, #jp-MainMenu").first.bounding_box()
    box = alert.bounding_box()
    assert box and menu and box["y"] >= menu["y"] + menu["height"] - 1, "the Kernel menu stays reachable"
    page.screenshot(tmp_path / "lab-kernel-gestopt.png", full_page=False)

    # what the message says to do; JupyterLab's own 'kernel restarting' dialog is accepted on the way
    assert page.restart_and_run_all(), "a cell raised an error after the restart"
    expect(page.locator(f"{LAB_REFLECTION} textarea")).to_have_value(answer)
    expect(page.page.locator(ALERT)).to_have_count(0)
