"""Helpers to drive the app mode (Voila, started exactly as `werkboek app` starts it) in Chromium.

Public API
----------
* ``running_app(root_dir, env_overrides=None)`` -- context manager that starts Voila on
  ``root_dir`` with the command line of :func:`sw_exercises.app.voila_command` and yields an
  :class:`AppServer` (``base_url``, ``token``, ``url(notebook)``, ``log_tail(n)``).
* ``AppPage(page, server)`` -- wraps a Playwright ``Page``: ``open(notebook)`` waits until the
  workbook has run and every widget is drawn; ``widget_state()`` reports how far that is.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from sw_exercises.app import page_url, voila_command, voila_env, wait_until_listening

from .jupyterlab import free_port, stop_process_group

OPEN_TIMEOUT_MS = 120_000

#: Runs before the page's own scripts: counts, as Voila streams the page in, the cell outputs that
#: are widgets (Voila later replaces these <script> elements by the drawn widgets).
#: Ready = Voila's loading screen is gone, the cells are shown, and every widget output has its
#: widget drawn (ipywidgets puts a ``.jupyter-widgets`` view into each widget output).
READY_JS = r"""
() => {
  const cells = document.getElementById('rendered_cells');
  const loading = document.getElementById('loading');
  const outputs = Array.from(document.querySelectorAll('#rendered_cells .jp-OutputArea-output'));
  return {
    shown: !!cells && cells.style.display !== 'none' && !loading && !cells.classList.contains('sw-drawing'),
    widgetOutputs: window.__swWidgetOutputs || 0,
    drawn: outputs.filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')).length,
    widgets: document.querySelectorAll('#rendered_cells .jupyter-widgets').length,
    errors: document.querySelectorAll('#rendered_cells [data-mime-type="application/vnd.jupyter.stderr"]').length,
  };
}
"""

#: Runs before the page's own scripts: counts, as Voila streams the page in, the cell outputs that
#: are widgets (Voila later replaces these <script> elements by the drawn widgets). It also notes,
#: once per frame in which the page changed, when the ready state last changed
#: (``__swStateAt``, ms since the navigation started): the moment a page became ready, without the
#: step of the test's polling.
COUNT_WIDGET_OUTPUTS_JS = r"""
window.__swWidgetOutputs = 0;
window.__swStateKey = null;
window.__swStateAt = null;
const __swState = """ + READY_JS.strip() + r""";
let __swPending = false;
const __swNote = () => {
  __swPending = false;
  const key = JSON.stringify(__swState());
  if (key !== window.__swStateKey) { window.__swStateKey = key; window.__swStateAt = performance.now(); }
};
new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) {
    if (node.nodeName === 'SCRIPT' && node.type === 'application/vnd.voila.cell-output+json') {
      try {
        const out = JSON.parse(node.textContent);
        if (out.data && out.data['application/vnd.jupyter.widget-view+json']) window.__swWidgetOutputs += 1;
      } catch (e) { /* not complete yet: counted as drawn below */ }
    }
  }
  if (!__swPending) { __swPending = true; requestAnimationFrame(__swNote); }
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class']});
"""


@dataclass
class AppServer:
    base_url: str
    token: str
    root_dir: Path
    log_path: Path
    process: subprocess.Popen
    workspace_dir: Path | None = None

    def url(self, notebook: str) -> str:
        return page_url(self.base_url, notebook, self.token)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "<no server log>"


@contextlib.contextmanager
def running_app(root_dir: os.PathLike | str, env_overrides: Mapping[str, str] | None = None, *,
                startup_timeout: float = 90.0) -> Iterator[AppServer]:
    root = Path(root_dir).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="sw-app-"))
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp / name.lower()).mkdir()
        env[name] = str(tmp / name.lower())
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.update({k: str(v) for k, v in (env_overrides or {}).items()})
    port = free_port()
    token = secrets.token_urlsafe(24)
    log_path = tmp / "voila.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(voila_command(root, port=port, token=token), env=voila_env(env), cwd=str(root),
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = AppServer(f"http://127.0.0.1:{port}/", token, root, log_path, process)
    failed = False
    try:
        if not wait_until_listening(port, process, startup_timeout):
            raise RuntimeError(f"Voila did not start.\n--- log ---\n{server.log_tail()}")
        yield server
    except BaseException:
        failed = True
        print(f"\n--- voila log tail ({log_path}) ---\n{server.log_tail()}\n---", file=sys.stderr)
        raise
    finally:
        stop_process_group(process)
        if not failed:
            shutil.rmtree(tmp, ignore_errors=True)


class AppPage:
    """A Playwright page showing one workbook in the app."""

    def __init__(self, page, server: AppServer):
        self.page = page
        self.server = server
        self.console: list[str] = []
        page.add_init_script(COUNT_WIDGET_OUTPUTS_JS)

    def widget_state(self) -> dict:
        return self.page.evaluate(READY_JS)

    def ready_after(self) -> float:
        """Seconds from the start of the page's navigation until its ready state last changed: after
        :meth:`wait_ready`, the moment it became ready (timed in the page, see COUNT_WIDGET_OUTPUTS_JS)."""
        return self.page.evaluate("window.__swStateAt") / 1000

    def wait_ready(self, timeout_ms: int = OPEN_TIMEOUT_MS) -> dict:
        """Wait until the cells are shown and every widget output has its widget drawn (stable)."""
        deadline = time.monotonic() + timeout_ms / 1000
        stable, last = 0, {}
        while time.monotonic() < deadline:
            state = self.widget_state()
            ok = state["shown"] and state["drawn"] >= state["widgetOutputs"]
            stable = stable + 1 if ok and state == last else 0
            last = state
            if stable >= 2:
                return state
            self.page.wait_for_timeout(100)
        raise TimeoutError(f"app page not ready after {timeout_ms / 1000:.0f}s: {last}\n"
                           f"--- voila log ---\n{self.server.log_tail(30)}")

    def open(self, notebook: str, timeout_ms: int = OPEN_TIMEOUT_MS) -> "AppPage":
        self.page.goto(self.server.url(notebook), wait_until="commit", timeout=timeout_ms)
        self.wait_ready(timeout_ms)
        return self
