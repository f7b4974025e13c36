"""Helpers to drive a real JupyterLab 4 server in headless Chromium (Playwright).

Public API
----------
* ``running_lab(root_dir, env_overrides=None, *, startup_timeout=90)`` -- context
  manager that starts an isolated ``jupyter lab`` server and yields a
  :class:`LabServer` (``base_url``, ``token``, ``root_dir``, ``log_path``,
  ``url(path)``, ``log_tail(n)``).
* ``LabPage(page, server)`` -- wraps a Playwright ``Page``: ``open_notebook``,
  ``run_all``, ``restart_kernel``, ``restart_and_run_all``, ``save``,
  ``screenshot``, ``wait_for_text``.
* ``launch_chromium(playwright)`` -- launches Debian's ``/usr/bin/chromium``
  (Playwright never downloads a browser here).

The server is started with ``--expose-app-in-browser`` so that the page can call
``window.jupyterapp.commands.execute(...)`` directly; that is far more robust than
clicking menus or sending keyboard shortcuts.  All notebook cells are attached to
the DOM (``windowingMode: "none"`` via an isolated user-settings directory), so
widgets in cells far down a notebook can be located without scrolling first.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

#: Default bounds (milliseconds) -- the CI machine has 2 cores, be generous.
OPEN_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 120_000
RESTART_TIMEOUT_MS = 60_000

# User settings written into the isolated JUPYTERLAB_SETTINGS_DIR.
LAB_USER_SETTINGS: dict[str, dict] = {
    # Attach every cell to the DOM (JupyterLab 4 virtualises the notebook otherwise).
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
    # No "Would you like to receive official Jupyter news?" toast, no update check.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # Plain autosave behaviour is fine, but avoid surprise "file changed" dialogs.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": False,
    },
}


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab server (yielded by :func:`running_lab`)."""

    base_url: str  # e.g. "http://127.0.0.1:8899/" (always ends with "/")
    token: str
    root_dir: Path
    log_path: Path
    process: subprocess.Popen
    env: dict = field(repr=False, default_factory=dict)
    #: Set by the ``lab`` fixture: the WERKBOEK_MAP folder the kernels write to.
    workspace_dir: Path | None = None

    def url(self, path: str = "", **query: str) -> str:
        """Absolute URL for ``path`` (relative to base_url) with the token appended."""
        q = dict(query)
        q["token"] = self.token
        return self.base_url + path.lstrip("/") + "?" + urllib.parse.urlencode(q)

    def api(self, path: str, method: str = "GET", timeout: float = 5.0):
        req = urllib.request.Request(
            self.base_url + path.lstrip("/"),
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def end_sessions(self) -> None:
        """Shut down every notebook's kernel: the next test opens its workbook with a fresh one (a
        kernel left busy or full of an earlier test's widgets would be reused for the same path)."""
        for session in self.api("api/sessions") or []:
            self.api(f"api/sessions/{session['id']}", method="DELETE", timeout=30.0)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no server log>"
        return "\n".join(text.splitlines()[-lines:])


def _wait_for_status(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_err: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited early (rc={server.process.returncode}).\n"
                f"--- server log tail ---\n{server.log_tail()}"
            )
        try:
            server.api("api/status", timeout=2.0)
            return
        except (urllib.error.URLError, ConnectionError, OSError, ValueError) as exc:
            last_err = exc
        time.sleep(0.25)
    raise TimeoutError(
        f"jupyter lab did not answer /api/status within {timeout:.0f}s ({last_err!r}).\n"
        f"--- server log tail ---\n{server.log_tail()}"
    )


def _stop(server: LabServer) -> None:
    proc = server.process
    if proc.poll() is None:
        # Polite shutdown first: this also shuts down the kernels, which run in
        # their own process sessions (jupyter_client uses start_new_session).
        with contextlib.suppress(Exception):
            server.api("api/shutdown", method="POST", timeout=5.0)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL, the server's process group (it was started with start_new_session)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
    # Reap anything else left in the server's process group (kernels).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def running_lab(
    root_dir: os.PathLike | str,
    env_overrides: Mapping[str, str] | None = None,
    *,
    startup_timeout: float = 90.0,
) -> Iterator[LabServer]:
    """Start an isolated ``jupyter lab`` on ``root_dir``; yield a :class:`LabServer`.

    ``env_overrides`` are added to the server environment; kernels inherit the
    server's environment, so this is how tests pass e.g. ``WERKBOEK_MAP``.
    The Jupyter config/data/runtime, lab settings and workspaces directories
    live in a private temporary directory that is removed afterwards.
    """
    root = Path(root_dir).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="sw-lab-"))
    dirs = {
        "JUPYTER_CONFIG_DIR": tmp / "config",
        "JUPYTER_DATA_DIR": tmp / "data",
        "JUPYTER_RUNTIME_DIR": tmp / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": tmp / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp / "lab-workspaces",
        "IPYTHONDIR": tmp / "ipython",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, content in LAB_USER_SETTINGS.items():
        p = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(content, indent=2))

    env = dict(os.environ)
    env.update({k: str(v) for k, v in dirs.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    env.update({k: str(v) for k, v in (env_overrides or {}).items()})

    token = secrets.token_hex(24)
    port = free_port()
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--allow-root",
        "--expose-app-in-browser",
        f"--ServerApp.token={token}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={dirs['JUPYTERLAB_SETTINGS_DIR']}",
        f"--LabApp.workspaces_dir={dirs['JUPYTERLAB_WORKSPACES_DIR']}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.terminals_enabled=False",
    ]
    log_path = tmp / "server.log"
    log_file = open(log_path, "wb")
    proc = subprocess.Popen(
        cmd,
        cwd=str(root),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group -> clean killpg
    )
    server = LabServer(
        base_url=f"http://127.0.0.1:{port}/",
        token=token,
        root_dir=root,
        log_path=log_path,
        process=proc,
        env=env,
    )
    failed = False
    try:
        _wait_for_status(server, startup_timeout)
        yield server
    except BaseException:
        failed = True
        print(f"\n--- jupyter lab log tail ({log_path}) ---\n{server.log_tail()}\n---",
              file=sys.stderr)
        raise
    finally:
        _stop(server)
        log_file.close()
        if not failed and not os.environ.get("SW_KEEP_LAB_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- browser


def launch_chromium(playwright, **kwargs):
    """Launch Debian's chromium (never a Playwright-downloaded browser)."""
    if not Path(CHROMIUM_PATH).exists():
        raise FileNotFoundError(
            f"{CHROMIUM_PATH} not found: install it with `apt-get install -y chromium`."
        )
    opts = dict(executable_path=CHROMIUM_PATH, headless=True, args=list(CHROMIUM_ARGS))
    opts.update(kwargs)
    return playwright.chromium.launch(**opts)


# JavaScript run inside the page.  ``window.jupyterapp`` exists because the server
# was started with --expose-app-in-browser.
_JS_HELPERS = r"""
() => {
  if (window.__sw) return true;
  const sw = {
    cmds: {},
    panel(path) {
      const app = window.jupyterapp;
      if (!app || !app.shell) return null;
      for (const w of app.shell.widgets('main')) {
        if (w && w.context && w.context.path === path && w.content && w.sessionContext) return w;
      }
      return null;
    },
    state(path) {
      const p = sw.panel(path);
      if (!p) return {found: false};
      const sc = p.sessionContext;
      const kernel = sc.session && sc.session.kernel;
      const prompts = Array.from(p.node.querySelectorAll('.jp-InputPrompt'))
        .map(n => (n.textContent || '').trim());
      return {
        found: true,
        ready: !!(p.context.isReady && sc.isReady),
        kernel: kernel ? kernel.status : null,
        connection: kernel ? kernel.connectionStatus : null,
        busyPrompts: prompts.filter(t => t.includes('*')).length,
        dirty: p.context.model.dirty,
        active: window.jupyterapp.shell.currentWidget === p,
      };
    },
    start(id, command, args) {
      sw.cmds[id] = {done: false, error: null, result: null};
      Promise.resolve()
        .then(() => window.jupyterapp.commands.execute(command, args || {}))
        .then(r => { sw.cmds[id].result = (r === undefined ? null : String(r)); },
              e => { sw.cmds[id].error = String(e && e.stack || e); })
        .finally(() => { sw.cmds[id].done = true; });
      return id;
    },
  };
  window.__sw = sw;
  return true;
}
"""


class LabPage:
    """A Playwright page showing JupyterLab, with notebook-level helpers."""

    def __init__(self, page, server: LabServer):
        self.page = page
        self.server = server
        self.path: str | None = None  # notebook currently handled
        self.console: list[str] = []  # filled by the lab_page fixture (errors/warnings)

    # ----------------------------------------------------------------- internals
    def _helpers(self) -> None:
        self.page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)",
                                    timeout=OPEN_TIMEOUT_MS)
        self.page.evaluate(_JS_HELPERS)

    def state(self) -> dict:
        self._helpers()
        return self.page.evaluate("(p) => window.__sw.state(p)", self.path)

    def _accept_dialog_if_any(self) -> bool:
        dlg = self.page.locator(".jp-Dialog")
        if dlg.count() and dlg.first.is_visible():
            btn = dlg.first.locator(".jp-Dialog-button.jp-mod-accept")
            if btn.count():
                btn.first.click()
                return True
        return False

    def _wait_idle(self, timeout_ms: int, *, require_no_busy_prompts: bool = True,
                   accept_dialogs: bool = False, what: str = "kernel idle") -> dict:
        """Poll until the notebook's kernel is idle (and no ``[*]`` prompts)."""
        deadline = time.monotonic() + timeout_ms / 1000
        stable = 0
        st: dict = {}
        while time.monotonic() < deadline:
            if accept_dialogs:
                self._accept_dialog_if_any()
            st = self.state()
            ok = (st.get("found") and st.get("ready") and st.get("kernel") == "idle"
                  and st.get("connection") == "connected"
                  and (not require_no_busy_prompts or st.get("busyPrompts") == 0))
            stable = stable + 1 if ok else 0
            if stable >= 3:  # idle for ~3 consecutive polls: no transient idle blip
                return st
            self.page.wait_for_timeout(200)
        raise TimeoutError(f"timed out after {timeout_ms / 1000:.0f}s waiting for {what}; "
                           f"last state: {st}\n--- server log tail ---\n"
                           f"{self.server.log_tail(30)}")

    def _command(self, command: str, args: dict | None = None, *, timeout_ms: int,
                 accept_dialog: bool = False) -> str | None:
        """Execute a JupyterLab command and wait for its promise to settle.

        Returns the stringified resolved value (e.g. ``"true"``) or ``None``."""
        self._helpers()
        cid = uuid.uuid4().hex
        self.page.evaluate("([id, c, a]) => window.__sw.start(id, c, a)",
                           [cid, command, args or {}])
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if accept_dialog:
                self._accept_dialog_if_any()
            res = self.page.evaluate("(id) => window.__sw.cmds[id]", cid)
            if res and res["done"]:
                if res["error"]:
                    raise RuntimeError(f"command {command} failed: {res['error']}")
                return res["result"]
            self.page.wait_for_timeout(150)
        raise TimeoutError(f"command {command} did not finish in {timeout_ms / 1000:.0f}s")

    def _activate(self) -> None:
        """Make sure our notebook is the current widget (commands act on it)."""
        self._helpers()
        self.page.evaluate(
            "(p) => { const w = window.__sw.panel(p); if (w) window.jupyterapp.shell.activateById(w.id); }",
            self.path)
        self.page.wait_for_function("(p) => window.__sw.state(p).active", arg=self.path,
                                    timeout=10_000)

    # ----------------------------------------------------------------- public API
    def open_notebook(self, relpath: str, timeout_ms: int = OPEN_TIMEOUT_MS, *,
                      ui: str = "lab") -> "LabPage":
        """Open ``relpath`` (relative to the lab root) in a fresh workspace and wait
        until the notebook is rendered and its kernel is idle.  ``ui="doc"`` opens it
        as one document (``/doc/`` instead of ``/lab/`` in the address)."""
        assert ui in ("lab", "doc"), ui
        self.path = Path(relpath).as_posix().lstrip("/")
        workspace = f"sw-{uuid.uuid4().hex[:12]}"
        quoted = urllib.parse.quote(self.path)
        url = (f"{self.server.base_url}{ui}/workspaces/{workspace}/tree/{quoted}"
               f"?reset&token={self.server.token}")
        self.page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
        self.page.locator(".jp-NotebookPanel").first.wait_for(state="visible",
                                                             timeout=timeout_ms)
        # A notebook without kernelspec metadata raises "Select Kernel": accept default.
        self._wait_idle(timeout_ms, require_no_busy_prompts=False, accept_dialogs=True,
                        what=f"notebook {self.path} to open with an idle kernel")
        self._activate()
        return self

    def run_all(self, timeout_ms: int = RUN_TIMEOUT_MS) -> bool:
        """Run > Run All Cells; wait until the kernel is idle and no cell shows ``[*]``.

        Returns False if a cell raised (JupyterLab then stops executing further
        cells), True otherwise.  Never raises for cell errors -- only on timeout."""
        self._activate()
        result = self._command("notebook:run-all-cells", timeout_ms=timeout_ms)
        self._wait_idle(timeout_ms, what="run all cells to finish")
        return result != "false"

    def restart_kernel(self, timeout_ms: int = RESTART_TIMEOUT_MS) -> None:
        """Kernel > Restart Kernel (confirming the dialog) and wait until idle."""
        self._activate()
        self._command("notebook:restart-kernel", timeout_ms=timeout_ms, accept_dialog=True)
        self._wait_idle(timeout_ms, require_no_busy_prompts=False,
                        what="kernel to be idle after restart")

    def restart_and_run_all(self, timeout_ms: int = RUN_TIMEOUT_MS) -> bool:
        """Restart the kernel (confirmed), then :meth:`run_all`."""
        self.restart_kernel()
        return self.run_all(timeout_ms)

    def save(self, timeout_ms: int = 30_000) -> None:
        self._activate()
        self._command("docmanager:save", timeout_ms=timeout_ms, accept_dialog=True)
        self.page.wait_for_function("(p) => window.__sw.state(p).dirty === false",
                                    arg=self.path, timeout=timeout_ms)

    def screenshot(self, path: os.PathLike | str, full_page: bool = True) -> Path:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(p), full_page=full_page)
        return p

    def wait_for_text(self, text: str, timeout: float = 30.0, *, exact: bool = False):
        """Wait (``timeout`` in seconds) until ``text`` is *visible* in the notebook
        panel (case-insensitive substring unless ``exact``); returns the first
        visible matching locator, scrolled into view.  Hidden matches, such as the
        CodeMirror source of a rendered markdown cell, are ignored."""
        loc = (self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
               .get_by_text(text, exact=exact).filter(visible=True).first)
        loc.wait_for(state="visible", timeout=timeout * 1000)
        loc.scroll_into_view_if_needed()
        return loc

    def locator(self, selector: str):
        """Locator scoped to the open notebook panel."""
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(selector)
