"""The zero-install site for tests and benchmarks: build it (or reuse a build of the same inputs),
serve it with a plain static server, and keep the browser from reaching any other host.

The build is cached under a stable path keyed on the hash of its inputs
(``tools/build_site.py --print-hash``): ``$WERKBOEK_SITE_TEST_CACHE`` or
``~/.cache/sociaalwerkboek-site``. ``<cache>/build`` holds the build tools, the npm packages and
the wheels (reused by every build), ``<cache>/site-<hash>`` one built site; older sites are removed.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "tools" / "build_site.py"
# what a build prints when a registry cannot be reached (pip, npm)
OFFLINE_SIGNS = ("ConnectionError", "Max retries exceeded", "NewConnectionError", "Temporary failure in name resolution",
                 "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET", "network request", "Network is unreachable",
                 "No matching distribution found")
READY_SELECTOR = ".sw-group-werklozen input[type=checkbox]"


class SiteUnavailable(Exception):
    """The site could not be built because the package registries cannot be reached."""


KEEP_SITES = 3


def cache_root() -> Path:
    return Path(os.environ.get("WERKBOEK_SITE_TEST_CACHE") or Path.home() / ".cache" / "sociaalwerkboek-site")


def inputs_hash() -> str:
    return subprocess.run([sys.executable, str(BUILD_SCRIPT), "--print-hash"], capture_output=True, text=True,
                          check=True).stdout.strip()


def built_site() -> Path:
    """A site built from the current inputs (built now if no cached one matches)."""
    root = cache_root()
    site = root / f"site-{inputs_hash()}"
    env = {**os.environ, "WERKBOEK_SITE_CACHE": str(root / "build")}
    result = subprocess.run([sys.executable, str(BUILD_SCRIPT), "--out", str(site), "--if-changed"],
                            capture_output=True, text=True, env=env, timeout=1800)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        if any(sign in output for sign in OFFLINE_SIGNS):
            raise SiteUnavailable(output[-1500:])
        raise RuntimeError(f"building the site failed:\n{output[-4000:]}")
    # keep the newest few: another checkout's test run may be serving its own site right now
    for old in sorted(root.glob("site-*"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_SITES:]:
        if old != site:
            shutil.rmtree(old, ignore_errors=True)
    return site


class Traffic:
    """What the static server sent: requests and body bytes (``reset()`` between visits)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.bytes = 0

    def add(self, size: int) -> None:
        with self._lock:
            self.requests += 1
            self.bytes += size

    def reset(self) -> None:
        with self._lock:
            self.requests = self.bytes = 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/octet-stream"}
    traffic: Traffic | None = None

    def copyfile(self, source, outputfile) -> None:
        start = source.tell() if hasattr(source, "tell") else 0
        super().copyfile(source, outputfile)
        if self.traffic is not None:
            self.traffic.add(source.tell() - start if hasattr(source, "tell") else 0)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path, traffic: Traffic | None = None) -> Iterator[str]:
    """A plain static server on 127.0.0.1 for ``folder`` (no compression, like the simplest school
    web server); yields its base URL. ``traffic`` counts what it sends."""
    handler = type("_Counting", (_Quiet,), {"traffic": traffic})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def block_other_hosts(context) -> list[str]:
    """Abort every request of ``context`` to a host other than 127.0.0.1; returns the list of the
    addresses it aborted (empty when the site keeps to itself)."""
    blocked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    return blocked


def record_other_hosts(context) -> list[str]:
    """Record (without blocking) requests of ``context`` to a host other than 127.0.0.1. For
    measurements: Playwright's request routing (:func:`block_other_hosts`) turns off the browser's
    HTTP cache, which a second visit depends on."""
    seen: list[str] = []

    def check(request) -> None:
        url = request.url
        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1":
            seen.append(url)

    context.on("request", check)
    return seen


def wait_interactive(page, timeout_ms: int = 120_000) -> None:
    """Until workbook 01's first Bogardus box can be ticked (Python has run in the browser)."""
    page.locator(READY_SELECTOR).first.wait_for(state="visible", timeout=timeout_ms)
