"""App mode: the workbooks without code, in Voila (`werkboek app`, `make app`).

Voila runs every workbook top to bottom in its own kernel and shows only the text and the widgets.
The kernels use the same answer store as JupyterLab (see :mod:`sw_exercises.workspace`), so what a
student types in one mode shows up in the other. The app frame is the template ``werkboek`` in
``share/voila/templates`` (no network reads, Dutch loading text); the first page is the start page.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import webbrowser
from collections.abc import Mapping
from pathlib import Path

from .i18n import language, t
from .start import START_PAGE

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
SHARE = Path(__file__).resolve().parent / "share"
TEMPLATE = "werkboek"
DEFAULT_PORT = 8866


def voila_command(root: Path, *, port: int, token: str, ip: str = "127.0.0.1") -> list[str]:
    """The Voila command line for the workbooks in ``root`` (used by `werkboek app` and the tests)."""
    return [
        sys.executable, "-m", "voila", str(root),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--token={token}",
        f"--template={TEMPLATE}",
        f"--HTMLExporter.language_code={language()}",
        "--VoilaConfiguration.show_tracebacks=False",
        # A closed tab leaves its kernel without a connection: stop it after ten minutes.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
    ]


def voila_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for Voila: our template folder in front of JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), env.get("JUPYTER_PATH", "")) if p)
    return env


_LINK = re.compile(r"\]\(([^()\s]+\.ipynb)\)")


def find_workbooks(start: Path | None = None) -> Path:
    """The workbooks to serve: those of the Sociaal Werkboek folder ``start`` (default: the current
    folder) lies in, else the installed ones.

    An unpacked assignment pack, or a second copy of the project, is served from where the student
    is, not from wherever the ``werkboek`` command happens to be installed.
    """
    here = Path.cwd() if start is None else Path(start)
    for folder in (here, *here.parents):
        if (folder / f"{START_PAGE}.ipynb").is_file() and (folder.parent / "sw_exercises").is_dir():
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


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def run(*, port: int = DEFAULT_PORT, open_browser: bool = True, root: Path | None = None) -> int:
    """Start the app, open the start page and keep running until Ctrl+C.

    ``root`` is the workbooks folder; by default the one of the project the current folder is in
    (:func:`find_workbooks`).
    """
    root = find_workbooks() if root is None else root
    if not (root / f"{START_PAGE}.ipynb").is_file():
        print(t("app.no_workbooks", path=str(root)), file=sys.stderr)
        return 2
    port = free_port(port)
    token = secrets.token_urlsafe(24)
    env = voila_env()
    project = root.resolve().parent
    if (project / "sw_exercises").is_dir() and project != ROOT.resolve():
        # Another copy of the project (an unpacked pack): its kernels use its own code.
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(project), env.get("PYTHONPATH", "")) if p)
    process = subprocess.Popen(voila_command(root, port=port, token=token), env=env, cwd=str(root))
    try:
        if not wait_until_listening(port, process):
            print(t("app.failed"), file=sys.stderr)
            return process.poll() or 1
        url = page_url(f"http://127.0.0.1:{port}/", f"{START_PAGE}.ipynb", token)
        print(t("app.running", url=url), flush=True)
        if open_browser:
            webbrowser.open(url)
        return process.wait()
    except KeyboardInterrupt:
        print(t("app.stopping"), flush=True)
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
