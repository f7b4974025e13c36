"""App mode: the workbooks without code, in Voila (`werkboek app`, `make app`).

Voila runs every workbook top to bottom in its own kernel and shows only the text and the widgets.
The kernels use the same answer store as JupyterLab (see :mod:`sw_exercises.workspace`), so what a
student types in one mode shows up in the other. The app frame is the template ``werkboek`` in
``share/voila/templates`` (no network reads; its texts come from werkboek.po through the filter ``t``,
in the language of the moment: docs/VERTALEN.md); the first page is the start page.

Kernels. A page's kernel ends as soon as the page goes away (another page, tab closed, reload):
Voila's page script posts ``voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's value as the
form field ``_xsrf``. Plain Voila never sets that cookie (its page handler never reads
``xsrf_token``), so every such request was refused with 403 and the kernels stayed until the idle
cull. The app runs Voila through :func:`serve`, whose prelaunch hook :func:`set_xsrf_cookie` reads
the token, so tornado sets the cookie with the page, exactly as Jupyter Server's own pages do. The
xsrf check itself stays on (a request without the cookie's value is still refused). The template
sends the same request itself, so a page left before Voila's script has loaded (that comes after
the last cell) ends its kernel too. The kernel ends a moment after the request, once the page's
websocket has closed and the kernel has handled what came over it (``KernelEnd`` in
:func:`_werkboek_voila`), so an answer typed just before leaving is saved. Idle culling (ten
minutes) stays as a safety net, for a browser that crashed or a laptop that was shut.

Stopping. Voila runs in its own process group (and session); Ctrl+C, SIGTERM and SIGHUP (terminal
closed) reach `werkboek app`, which asks Voila to stop (SIGTERM: Voila shuts its kernels down),
waits :data:`GRACE_SECONDS`, then kills Voila's process group and every kernel still running.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import webbrowser
from collections.abc import Callable, Mapping
from pathlib import Path

from . import package_data
from .i18n import language, t
from .start import START_PAGE

WORKBOOKS = package_data.folder("workbooks")
SHARE = Path(__file__).resolve().parent / "share"
TEMPLATE = "werkboek"
DEFAULT_PORT = 8866
#: After asking Voila to stop (it then shuts its kernels down, each within jupyter_client's five
#: seconds), wait this long before killing Voila's process group and any kernel still running.
GRACE_SECONDS = 10.0
POSIX = os.name == "posix"
#: A page that went away: its kernel ends once it has had no message for this many seconds (so the
#: page's last messages are handled first) ...
KERNEL_END_QUIET = 0.3
#: ... but no later than this many seconds after the page asked (see KernelEnd).
KERNEL_END_WAIT_MAX = 10.0
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


_LINK = re.compile(r"\]\(([^()\s]+\.ipynb)\)")


def find_workbooks(start: Path | None = None) -> Path:
    """The workbooks to serve: those of the Sociaal Werkboek folder ``start`` (default: the current
    folder) lies in, else the installed ones.

    An unpacked assignment pack, a second copy of the project, or a folder ``werkboek klaarzetten``
    made (it holds a ``.werkboek`` file) is served from where the student is, not from wherever the
    ``werkboek`` command happens to be installed.
    """
    here = Path.cwd() if start is None else Path(start)
    for folder in (here, *here.parents):
        if (folder / f"{START_PAGE}.ipynb").is_file() and (
                (folder.parent / "sw_exercises").is_dir() or (folder / ".werkboek").is_file()):
            return folder  # started inside the workbooks folder itself
        if (folder / "workbooks" / f"{START_PAGE}.ipynb").is_file() and (folder / "sw_exercises").is_dir():
            return folder / "workbooks"
    return WORKBOOKS


def linked_pages(root: Path) -> list[str]:
    """The notebooks the start page in ``root`` links to, in the order it lists them (each once)."""
    try:
        notebook = json.loads((root / f"{START_PAGE}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found: list[str] = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        found += [name for name in _LINK.findall(text) if name not in found]
    return found


def pages(root: Path) -> list[str]:
    """Every page the app serves from ``root``: the start page, the workbooks it links to (in its
    order), then any other notebook in the folder."""
    start = f"{START_PAGE}.ipynb"
    if not (root / start).is_file():
        return []
    linked = [name for name in linked_pages(root) if (root / name).is_file() and name != start]
    others = sorted(p.name for p in root.glob("*.ipynb") if p.name != start and p.name not in linked)
    return [start, *linked, *others]


def broken_links(root: Path) -> list[str]:
    """Links on the start page to notebooks that are not in ``root``."""
    return [name for name in linked_pages(root) if not (root / name).is_file()]


def voila_command(root: Path, *, port: int, token: str, ip: str = "127.0.0.1") -> list[str]:
    """The Voila command line for the workbooks in ``root`` (used by `werkboek app` and the tests)."""
    return [
        sys.executable, "-m", "sw_exercises.app", str(root),  # Voila, through serve() below
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--token={token}",
        f"--template={TEMPLATE}",
        f"--HTMLExporter.language_code={language()}",
        "--VoilaConfiguration.show_tracebacks=False",
        # Safety net: a kernel whose page never said goodbye (browser crashed) and that has had
        # nothing to do for ten minutes is stopped. Pages that close end their kernel at once.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
    ]


def voila_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for Voila: our template folder in front of JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), env.get("JUPYTER_PATH", "")) if p)
    return env


def page_url(base_url: str, notebook: str, token: str | None = None) -> str:
    """Address of ``notebook`` (a file name in the workbooks folder) in the app."""
    url = f"{base_url.rstrip('/')}/voila/render/{urllib.parse.quote(notebook)}"
    return f"{url}?{urllib.parse.urlencode({'token': token})}" if token else url


def free_port(preferred: int = DEFAULT_PORT) -> int:
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError("no free port")


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 120.0,
                         stop: Callable[[], bool] = lambda: False) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None or stop():
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def set_xsrf_cookie(handler, notebook=None, cwd=None):
    """Reading ``xsrf_token`` sets the ``_xsrf`` cookie on the page's response (when the browser has
    none yet), which Voila's page script sends back with the kernel shutdown."""
    handler.xsrf_token  # the property sets the cookie
    return None


def set_page_language(handler) -> None:
    """The page's ``<html lang>`` is the language of this moment: a student who chose another one on
    the start page gets it on every page opened after that (the template's texts follow by
    themselves: its filter ``t`` asks :func:`sw_exercises.i18n.t` while the page is made)."""
    from .settings import clear_cache

    clear_cache()  # look at the settings file now: it may have changed a moment ago, in a kernel
    config = getattr(handler, "traitlet_config", None)
    if config is not None:
        config.HTMLExporter.language_code = language()


def prelaunch(handler, notebook=None, cwd=None):
    """Voila's prelaunch hook, run for every page before it is made: the xsrf cookie and the language."""
    set_xsrf_cookie(handler)
    set_page_language(handler)
    return None


def _werkboek_voila():
    """Voila, whose kernel shutdown for a page that went away first lets the kernel handle the page's
    last messages (see ``KernelEnd``)."""
    import asyncio
    from datetime import datetime, timezone

    import tornado.web
    from jupyter_core.utils import ensure_async
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    class KernelEnd(VoilaShutdownKernelHandler):
        """``POST voila/api/shutdown/<kernel>`` (same checks: login and ``_xsrf``), answered at once; the
        kernel ends when the page's websocket has closed and the kernel has handled what came over it
        (idle, no message for :data:`KERNEL_END_QUIET` seconds), at most :data:`KERNEL_END_WAIT_MAX`
        seconds later. The page's last messages (an answer typed just before leaving) travel over its
        websocket to the kernel's shell channel, the shutdown over the control channel, which the
        kernel serves first: ending it at once lost such answers. A page that is still connected after
        the wait did not go away after all (a 'beforeunload' without leaving): its kernel stays."""

        @tornado.web.authenticated
        async def post(self, kernel_id):
            self.set_status(204)
            self.finish()
            manager = self.kernel_manager
            loop = asyncio.get_running_loop()
            deadline = loop.time() + KERNEL_END_WAIT_MAX
            connected = True
            while kernel_id in manager and loop.time() < deadline:
                kernel = manager.get_kernel(kernel_id)
                connected = manager.kernel_model(kernel_id).get("connections", 0) > 0
                last = getattr(kernel, "last_activity", None)
                quiet = last is None or (datetime.now(timezone.utc) - last).total_seconds() >= KERNEL_END_QUIET
                if not connected and quiet and getattr(kernel, "execution_state", "idle") != "busy":
                    break
                await asyncio.sleep(0.1)
            if kernel_id not in manager or connected:  # ended already (cull, Voila stopping), or still in use
                return
            try:
                await ensure_async(manager.shutdown_kernel(kernel_id))
            except (KeyError, tornado.web.HTTPError):  # ended meanwhile
                pass

    class KernelSocket(VoilaKernelWebsocketHandler):
        """The page's websocket to its kernel, with Nagle's algorithm off (``TCP_NODELAY``). A tick
        sends several small widget updates in a row; with Nagle on, the second one waited for the
        browser's delayed acknowledgement of the first (40 ms on Linux) before it left: most of the
        time from an answer to its chart (``make bench`` (e), docs/BENCHMARKS.md)."""

        async def open(self, kernel_id):
            self.set_nodelay(True)
            return await super().open(kernel_id)

    replace = {VoilaShutdownKernelHandler: KernelEnd, VoilaKernelWebsocketHandler: KernelSocket}

    class WerkboekVoila(Voila):
        def init_handlers(self):
            return [(h[0], replace[h[1]], *h[2:]) if len(h) > 1 and h[1] in replace else h
                    for h in super().init_handlers()]

    return WerkboekVoila


def serve(argv: list[str]) -> None:
    """Run Voila (``python -m sw_exercises.app <voila arguments>``) with :func:`prelaunch`, and the
    template filter ``t`` (the app frame's texts in the student's language)."""
    from traitlets.config import Config

    config = Config()
    config.VoilaConfiguration.prelaunch_hook = prelaunch
    config.TemplateExporter.filters = {"t": "sw_exercises.i18n.t"}
    _werkboek_voila().launch_instance(argv, config=config)


def _say(text: str, *, error: bool = False) -> None:
    """Print, unless the terminal is gone (closing it sends SIGHUP, and writes then fail)."""
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr if error else sys.stdout, flush=True)


def _descendants(pid: int) -> list:
    """Voila's child processes (its kernels run in their own sessions, so only the tree finds them)."""
    try:
        import psutil
    except ImportError:  # kernels then end by themselves when Voila is gone (ipykernel's parent poller)
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def kernel_processes(voila_pid: int) -> dict[str, object]:
    """The running kernels of the Voila server ``voila_pid``: kernel id -> psutil process (from each
    kernel's command line, ``… -f …/kernel-<id>.json``). Used by the tests and ``make bench``."""
    import psutil

    found = {}
    for proc in _descendants(voila_pid):
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            connection = next((a for a in proc.cmdline() if Path(a).name.startswith("kernel-")), None)
        except psutil.Error:  # ended meanwhile
            continue
        if connection:
            found[Path(connection).stem.removeprefix("kernel-")] = proc
    return found


def _end_processes(processes: list, timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL, every process in ``processes`` that still runs (psutil objects)."""
    if not processes:
        return
    import psutil

    alive = []
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
            alive.append(proc)
    _gone, alive = psutil.wait_procs(alive, timeout=timeout)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=timeout)


def stop_server(process: subprocess.Popen, grace: float = GRACE_SECONDS,
                hurry: Callable[[], bool] = lambda: False) -> None:
    """Stop Voila and every kernel it started.

    SIGTERM first (Voila stops its loop and shuts its kernels down); after ``grace`` seconds (or as
    soon as ``hurry()`` says so: a second Ctrl+C) SIGKILL to Voila's process group, then the
    kernels that still run get SIGTERM and SIGKILL.
    """
    by_pid = {p.pid: p for p in _descendants(process.pid)}
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        while process.poll() is None and time.monotonic() < deadline and not hurry():
            by_pid.update((p.pid, p) for p in _descendants(process.pid))  # a kernel started just now
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.3)
    if process.poll() is None:
        by_pid.update((p.pid, p) for p in _descendants(process.pid))
    if POSIX:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # Voila leads its own group (start_new_session)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()
    _end_processes(list(by_pid.values()))


@contextlib.contextmanager
def _stop_signals(on_signal):
    """While inside: every stop signal calls ``on_signal(signum)`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, lambda signum, _frame: on_signal(signum)) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(*, port: int = DEFAULT_PORT, open_browser: bool = True, root: Path | None = None) -> int:
    """Start the app, open the start page and keep running until Ctrl+C, SIGTERM or SIGHUP.

    Voila gets its own process group and session (POSIX), so a signal meant for the app reaches this
    process only; it then stops Voila and every kernel (:func:`stop_server`)."""
    root = find_workbooks() if root is None else root
    if not (root / f"{START_PAGE}.ipynb").is_file():
        print(t("app.no_workbooks", path=str(root)), file=sys.stderr)
        return 2
    port = free_port(port)
    token = secrets.token_urlsafe(24)
    signals: list[int] = []  # stop signals received (the handler only records; the loop below acts)

    def stopping() -> bool:
        return bool(signals)

    with _stop_signals(signals.append):
        env = voila_env()
        project = root.resolve().parent
        if (project / "sw_exercises").is_dir():  # an unpacked pack or another copy: its own code serves it
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(project), env.get("PYTHONPATH", "")) if p)
        process = subprocess.Popen(voila_command(root, port=port, token=token), env=env, cwd=str(root),
                                   stdin=subprocess.DEVNULL, start_new_session=POSIX)
        try:
            if not wait_until_listening(port, process, stop=stopping) and not stopping():
                _say(t("app.failed"), error=True)
                return process.poll() or 1
            if not stopping():
                url = page_url(f"http://127.0.0.1:{port}/", f"{START_PAGE}.ipynb", token)
                _say(t("app.running", url=url))
                if open_browser:
                    webbrowser.open(url)
            while not stopping():
                with contextlib.suppress(subprocess.TimeoutExpired):
                    return process.wait(timeout=0.25)
            _say(t("app.stopping"))
            return 0
        finally:
            stop_server(process, hurry=lambda: len(signals) > 1)  # Ctrl+C twice: no more waiting


if __name__ == "__main__":  # the Voila server of `werkboek app` (see voila_command)
    serve(sys.argv[1:])
