"""A real JupyterHub on this machine, with real system users, driven the way a browser would.

Used by ``tests/hub/`` and by ``benchmarks/hub.py``. Everything runs on 127.0.0.1:

* the hub (JupyterHub 6) in one of three set-ups (``Hub.spawner``):
  ``"sudo"``: the hub runs as an unprivileged system user (``Hub.run_as``) with SudoSpawner: a
  sudoers rule lets it run only the ``sudospawner`` mediator as the students, which starts
  ``sudospawner-singleuser`` (``werkboek klaarzetten``, then the server) as that student;
  ``"localprocess"``: the hub runs as root with LocalProcessSpawner (the benchmark), each server as its
  system user, started by ``werkboek klaarzetten`` so the workbooks are in the user's home;
  ``"self"``: no root at all: one user, the one running the tests, whose server runs as that same
  user with a home in ``Hub.homes`` (SimpleLocalProcessSpawner, which switches no users);
* configurable-http-proxy in front of it (from npm, see ``hubenv.py``);
* an admin *service* token for the Hub REST API, and per user a token with only
  ``access:servers!user=<name>``, used for that user's server (REST and kernel websocket) through the
  proxy. Production logs in through the school's SSO/LTI instead; here the DummyAuthenticator (with a
  password nobody uses) only has to accept the users the API creates.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pwd = pytest.importorskip("pwd", reason="POSIX-only: a hub with real system users")

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from .hubenv import HubEnv

CONFIG = r'''
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {runtime!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {runtime!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {runtime!r} + "/cookie_secret"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
{spawner}
c.Spawner.environment = {{"WERKBOEK_MAP": "~/SociaalWerkboek/werkruimte", "WERKBOEK_INLEVERMAP": {handin!r}}}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.services = [{{"name": "werkboek-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "werkboek-test",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
    "services": ["werkboek-test"],
}}]
'''
# what deploy/tljh/jupyterhub_config.d/sociaalwerkboek.py does on a real server:
START_CMD = r'''
c.Spawner.cmd = ["/bin/sh", "-c",
                 {venv_bin!r} + "/werkboek klaarzetten --stil; exec " + {venv_bin!r} + '/jupyterhub-singleuser "$@"',
                 "werkboek-start"]
'''
SPAWNERS = {
    "localprocess": 'c.JupyterHub.spawner_class = "localprocess"' + START_CMD,
    # deploy/sudospawner/jupyterhub_config.py; the mediator starts bin/sudospawner-singleuser (no cmd)
    "sudo": '''
c.JupyterHub.spawner_class = "sudospawner.SudoSpawner"
c.SudoSpawner.sudospawner_path = {venv_bin!r} + "/sudospawner"
''',
    "self": '''
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
''' + START_CMD,
}


def run_async(coro: Any) -> Any:
    """Run a coroutine to completion in a fresh event loop on its own thread: pytest may already have
    an event loop running in the main thread (browser tests), where asyncio.run() is refused."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="werkboek-hub-client", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubError(RuntimeError):
    pass


class KernelError(RuntimeError):
    """A cell raised: ``ename``/``evalue`` as the kernel reported them."""

    def __init__(self, ename: str, evalue: str, traceback: list[str], code: str):
        super().__init__(f"{ename}: {evalue}\nin cell:\n{code}")
        self.ename, self.evalue, self.traceback, self.code = ename, evalue, traceback, code


# -- system users -------------------------------------------------------------------------------
def create_user(name: str, *, groups: tuple[str, ...] = ()) -> pwd.struct_passwd:
    cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group"]
    if groups:
        cmd += ["--groups", ",".join(groups)]
    subprocess.run(cmd + [name], check=True, capture_output=True)
    return pwd.getpwnam(name)


def process_uids(pid: int) -> tuple[int, ...]:
    """Real, effective, saved and file-system uid of a running process (the ``Uid:`` line of
    /proc/<pid>/status)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("Uid:"):
                return tuple(int(n) for n in line.split()[1:])
    raise HubError(f"no Uid line in /proc/{pid}/status")


def user_pids(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except FileNotFoundError:
                pass
    return pids


def memory_bytes(uid: int, *, field: str = "VmRSS", source: str = "status", only: bytes | None = None) -> int:
    """Sum of one memory field (kB in /proc) over every process of ``uid``; ``only``: processes whose
    command line contains it (e.g. b"ipykernel")."""
    total = 0
    for pid in user_pids(uid):
        try:
            if only is not None:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    if only not in fh.read():
                        continue
            with open(f"/proc/{pid}/{source}") as fh:
                for line in fh:
                    if line.startswith(f"{field}:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total


def rss_bytes(uid: int) -> int:
    """Resident memory of every process of ``uid`` (single-user server + kernels), from /proc."""
    return memory_bytes(uid)


def remove_user(name: str) -> None:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for _ in range(20):  # processes the hub started for this user and that outlived it
        pids = user_pids(uid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.2)
    subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", name], capture_output=True)  # when userdel left the user group


# -- the hub ------------------------------------------------------------------------------------
@dataclass
class Hub:
    env: HubEnv
    handin_folder: str
    runtime: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="werkboek-hub-")))
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    process: subprocess.Popen | None = None
    spawner: str = "localprocess"  # or "sudo" (with run_as) or "self" (with homes): see the module docstring
    run_as: str | None = None  # the system user the hub process runs as (None: the current user)
    homes: Path | None = None  # "self": the folder with the users' homes

    def __post_init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = self.url + "/hub/api"
        self._http: AsyncHTTPClient | None = None
        self._http_loop: asyncio.AbstractEventLoop | None = None

    @property
    def http(self) -> AsyncHTTPClient:
        """An HTTP client for the running event loop (each run_async call has its own loop)."""
        loop = asyncio.get_running_loop()
        if self._http is None or self._http_loop is not loop:
            self._http = AsyncHTTPClient(force_instance=True, max_clients=200)
            self._http_loop = loop
        return self._http

    def start(self, timeout: float = 120.0) -> None:
        os.chmod(self.runtime, 0o700)
        config = self.runtime / "jupyterhub_config.py"
        paths = {"runtime": str(self.runtime), "venv_bin": str(self.env.bin), "homes": str(self.homes)}
        config.write_text(CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(), proxy=str(self.env.proxy),
            password=secrets.token_hex(16), handin=self.handin_folder, token=self.token,
            spawner=SPAWNERS[self.spawner].format(**paths), **paths))
        os.chmod(config, 0o600)  # it holds the service token
        self.log = (self.runtime / "hub.log").open("wb")
        env = dict(os.environ, PATH=f"{self.env.bin}:{self.env.chp / 'node_modules' / '.bin'}:/usr/bin:/bin:/usr/sbin:/sbin")
        for key in ("WERKBOEK_MAP", "VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"):
            env.pop(key, None)
        as_user: dict[str, Any] = {}
        if self.run_as is not None:  # the hub's own unprivileged account owns its runtime folder
            account = pwd.getpwnam(self.run_as)
            for path in (self.runtime, config):
                os.chown(path, account.pw_uid, account.pw_gid)
            env.update(HOME=account.pw_dir, USER=account.pw_name, LOGNAME=account.pw_name)
            as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        self.process = subprocess.Popen([str(self.env.bin / "jupyterhub"), "-f", str(config)], cwd=self.runtime,
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
                                        **as_user)
        try:
            self._wait_until_up(timeout)
        except BaseException as exc:
            tail = self.log_tail()
            self.stop()  # never leave a hub (and the proxy it started) behind
            raise HubError(f"hub did not start ({exc!r}):\n{tail}") from exc

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"hub exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                if run_async(self._ready()):
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise HubError(f"hub not up after {timeout:.0f} s")

    async def _ready(self) -> bool:
        try:
            await self.http.fetch(self.api + "/", request_timeout=5)
            return True
        except Exception:
            return False

    def proxy_pid(self) -> int | None:
        try:
            return int((self.runtime / "proxy.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return (self.runtime / "hub.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops every user's server and its proxy
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        pidfile = self.runtime / "proxy.pid"
        if pidfile.exists():  # the proxy the hub started, should it have outlived the hub
            try:
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass
        self._http = None
        if hasattr(self, "log"):
            self.log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)

    # -- REST ---------------------------------------------------------------------------------------
    async def request(self, method: str, url: str, token: str, body: Any = None, timeout: float = 300) -> Any:
        req = HTTPRequest(url, method=method, headers={"Authorization": f"token {token}"},
                          body=None if body is None else json.dumps(body), request_timeout=timeout,
                          allow_nonstandard_methods=True)
        try:
            resp = await self.http.fetch(req)
        except HTTPClientError as exc:
            text = exc.response.body.decode(errors="replace")[:500] if exc.response is not None else ""
            raise HubError(f"{method} {url} -> {exc.code} {text}") from exc
        return json.loads(resp.body) if resp.body else None

    async def admin(self, method: str, path: str, body: Any = None) -> Any:
        return await self.request(method, self.api + path, self.token, body)

    async def spawn(self, name: str, timeout: float = 300) -> None:
        """Start ``name``'s server through the REST API and wait until the hub reports it ready."""
        await self.admin("POST", f"/users/{quote(name)}/server", {})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = await self.admin("GET", f"/users/{quote(name)}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not server or not server.get("pending"):
                if not server:
                    raise HubError(f"server of {name} stopped while starting:\n{self.log_tail()}")
            await asyncio.sleep(0.3)
        raise HubError(f"server of {name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    async def user_token(self, name: str) -> str:
        reply = await self.admin("POST", f"/users/{quote(name)}/tokens",
                                 {"note": "werkboek hub test", "expires_in": 3600,
                                  "scopes": [f"access:servers!user={name}"]})
        return reply["token"]

    async def session(self, name: str, token: str) -> UserSession:
        return UserSession(self, name, token)


class UserSession:
    """One user's single-user server, reached through the proxy with that user's token."""

    def __init__(self, hub: Hub, name: str, token: str):
        self.hub, self.name, self.token = hub, name, token
        self.base = f"{hub.url}/user/{quote(name)}"

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        return await self.hub.request(method, f"{self.base}/api{path}", self.token, body)

    async def open_notebook(self, path: str) -> Kernel:
        """What JupyterLab does when a student opens a notebook: a session (kernel in its folder)."""
        model = await self.api("POST", "/sessions", {"path": path, "name": path.rsplit("/", 1)[-1],
                                                     "type": "notebook", "kernel": {"name": "python3"}})
        kernel = Kernel(self, model["kernel"]["id"])
        await kernel.connect()
        return kernel


class Kernel:
    """A kernel of a user's server, driven over its websocket (Jupyter messaging protocol 5.3)."""

    def __init__(self, session: UserSession, kernel_id: str):
        self.session, self.kernel_id = session, kernel_id
        self.client_session = uuid.uuid4().hex
        self.ws = None

    async def connect(self) -> None:
        url = self.session.base.replace("http://", "ws://") + f"/api/kernels/{self.kernel_id}/channels" \
            f"?session_id={self.client_session}"
        req = HTTPRequest(url, headers={"Authorization": f"token {self.session.token}"}, request_timeout=120)
        self.ws = await websocket_connect(req, max_message_size=64 * 1024 * 1024)

    async def execute(self, code: str, timeout: float = 300) -> str:
        """Run ``code``; return its text output (stdout and the plain text of results). Raises
        :class:`KernelError` when the cell raises."""
        msg_id = uuid.uuid4().hex
        await self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": self.session.name, "session": self.client_session,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out: list[str] = []
        error: dict | None = None
        replied = idle = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"cell did not finish in {timeout:.0f} s:\n{code}")
            raw = await asyncio.wait_for(self.ws.read_message(), remaining)
            if raw is None:
                raise HubError(f"kernel websocket of {self.session.name} closed")
            if isinstance(raw, bytes):  # binary frames (widget buffers) are not ours
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append("\n" + content.get("data", {}).get("text/plain", "") + "\n")
            elif kind == "error":
                error = content
            elif kind == "execute_reply":
                replied = True
                if content.get("status") == "error" and error is None:
                    error = content
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        if error is not None:
            raise KernelError(error.get("ename", ""), error.get("evalue", ""), error.get("traceback", []), code)
        return "".join(out)

    async def run_notebook(self, notebook: dict) -> int:
        """Run every code cell in order, as Run All does; return how many ran."""
        ran = 0
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                await self.execute(source)
                ran += 1
        return ran

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
        try:
            await self.session.api("DELETE", f"/kernels/{self.kernel_id}")
        except HubError:
            pass
