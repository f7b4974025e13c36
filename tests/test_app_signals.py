"""Stopping `werkboek app` ends Voila and every kernel: Ctrl+C, SIGTERM, and closing the terminal.

`werkboek app` runs in a real pseudo-terminal (its controlling terminal, as in a terminal window):
Ctrl+C is the byte ^C typed into it, closing the terminal is closing the terminal's side of it (the
system then sends SIGHUP), SIGTERM is `kill <pid>`. Two pages are opened first, so two kernels run.
Afterwards no process of the app may be left: not `werkboek`, not Voila, not a kernel (found in
the process tree while it runs; kernels run in sessions of their own).
"""
from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

# POSIX only (pseudo-terminals, controlling terminals): on Windows the module is skipped, not an error.
fcntl = pytest.importorskip("fcntl", reason="POSIX-only: pseudo-terminals and signals")
pty = pytest.importorskip("pty", reason="POSIX-only: pseudo-terminals and signals")
termios = pytest.importorskip("termios", reason="POSIX-only: pseudo-terminals and signals")

from sw_exercises import app
from sw_exercises.i18n import t
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 90
GONE_TIMEOUT_S = 60  # the grace period (app.GRACE_SECONDS) plus kernel shutdown, with room

pytestmark = [pytest.mark.slow,  # real processes with grace periods: make test, not make check
              pytest.mark.skipif(os.name != "posix", reason="POSIX signals and terminals")]


def _controlling_terminal() -> None:  # runs in the child after setsid (start_new_session=True)
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`werkboek app` in a pseudo-terminal; a thread keeps reading what it prints (as a terminal does)."""

    def __init__(self, tmp_path: Path):
        self.master, slave = pty.openpty()
        env = dict(os.environ, WERKBOEK_MAP=str(tmp_path / "werkmap"), PYTHONUNBUFFERED="1",
                   PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sw_exercises.cli", "app", "--geen-browser", "--poort", str(app.free_port(0))],
            cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            preexec_fn=_controlling_terminal)
        os.close(slave)
        self.output = b""
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closed.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # the app's side is gone
                    return
                if not data:
                    return
                self.output += data

    def text(self) -> str:
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def wait_for_url(self) -> str:
        def address():
            if self.proc.poll() is not None:  # the app ended: it will print nothing more
                raise AssertionError(f"`werkboek app` ended without an address:\n{self.text()}")
            found = re.search(r"http://127\.0\.0\.1:\d+/voila/render/\S+\?token=\S+", self.text())
            return found.group(0) if found else None
        return wait_for(address, START_TIMEOUT_S, "`werkboek app` prints its address")

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        """Close the terminal window: the app's terminal hangs up (SIGHUP)."""
        if not self._closed.is_set():
            self._closed.set()
            self._reader.join(timeout=5)
            os.close(self.master)


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    left = []
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                left.append(proc)
    return left


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path)
    yield term
    term.close()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(term.proc.pid, signal.SIGKILL)
    term.proc.wait(timeout=30)


@pytest.mark.parametrize("how", ["ctrl_c", "sigterm", "terminal_closed"])
def test_stopping_the_app_ends_voila_and_every_kernel(terminal, how):
    url = terminal.wait_for_url()
    for _ in range(2):  # two pages, two kernels (a plain request: no page script ends them)
        with urllib.request.urlopen(url, timeout=120) as resp:
            resp.read()
    voila = wait_for(lambda: psutil.Process(terminal.proc.pid).children(), 10, "Voila runs")[0]
    kernels = list(wait_for(lambda: len(k := app.kernel_processes(voila.pid)) >= 2 and k, 60,
                            "two kernels run").values())
    assert os.getsid(voila.pid) != os.getsid(terminal.proc.pid), "Voila has a session of its own"
    everything = [psutil.Process(terminal.proc.pid), voila, *kernels]

    if how == "ctrl_c":
        terminal.type(b"\x03")  # the terminal sends SIGINT to its foreground process group
    elif how == "sigterm":
        terminal.proc.send_signal(signal.SIGTERM)
    else:
        terminal.close()

    code = terminal.proc.wait(timeout=GONE_TIMEOUT_S)
    wait_for(lambda: not alive(everything), GONE_TIMEOUT_S, f"all gone; left: {alive(everything)}")
    assert code == 0
    if how != "terminal_closed":
        wait_for(lambda: t("app.stopping") in terminal.text(), 10, "the app says it stops")


def test_a_server_that_ignores_sigterm_is_killed_with_its_kernels_after_the_grace_period():
    """stop_server: SIGTERM, a grace period, then SIGKILL for the server's group and its kernels
    (a 'kernel' here is a grandchild in a session of its own, as jupyter_client starts them)."""
    # both ignore SIGTERM and wait for a signal that never comes (only SIGKILL ends them)
    stubborn = ("import signal, subprocess, sys\n"
                "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                "subprocess.Popen([sys.executable, '-c', 'import signal; "
                "signal.signal(signal.SIGTERM, signal.SIG_IGN); signal.pause()'], start_new_session=True)\n"
                "print('ready', flush=True)\n"
                "signal.pause()\n")
    server = subprocess.Popen([sys.executable, "-c", stubborn], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    assert server.stdout.readline().strip() == "ready"
    kernel = wait_for(lambda: psutil.Process(server.pid).children(), 10, "the 'kernel' runs")[0]
    start = time.monotonic()
    app.stop_server(server, grace=1.0)
    took = time.monotonic() - start
    assert server.poll() is not None
    wait_for(lambda: not alive([kernel]), 10, "the 'kernel' is gone")
    assert took >= 1.0, f"killed after {took:.2f} s, before the grace period of 1 s ended"
