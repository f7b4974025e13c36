"""Build (or reuse) the server install a real JupyterHub test needs, the way a school server has it.

Layout under ``HUB_ROOT`` (as root ``/opt/sociaalwerkboek-hubtest``, readable by every user; as another
user ``~/.cache/sociaalwerkboek-hubtest``; ``WERKBOEK_HUB_ROOT`` chooses another):

* ``app/``               a copy of this checkout (``datasets/`` and ``workbooks/`` are found relative
                         to the source tree, so the server install is a checkout, installed editable);
* ``venv-<hash>/``       a venv from Debian's ``/usr/bin/python3.11`` (users cannot read root's pyenv
                         Python) with JupyterHub 6, ``sudospawner`` and this project; ``<hash>`` is a
                         hash of ``pyproject.toml`` and those pins, so a changed dependency list builds a
                         new venv and an unchanged one is reused (also the CI cache key). Its ``bin/``
                         also holds ``sudospawner-singleuser``: what the sudospawner mediator starts as
                         the student (``werkboek klaarzetten``, then ``jupyterhub-singleuser``), the same
                         script as ``deploy/sudospawner/sudospawner-singleuser``;
* ``chp/``               ``configurable-http-proxy`` from the npm registry, reused when present.

Run ``python tests/hub/hubenv.py`` (as root, or as the user who runs the tests) to build it ahead.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = sys.platform != "win32" and os.geteuid() == 0
_DEFAULT_ROOT = (Path("/opt/sociaalwerkboek-hubtest") if IS_ROOT else
                 Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sociaalwerkboek-hubtest")
HUB_ROOT = Path(os.environ.get("WERKBOEK_HUB_ROOT", _DEFAULT_ROOT))
SYSTEM_PYTHON = Path(os.environ.get("WERKBOEK_HUB_PYTHON", "/usr/bin/python3.11"))
JUPYTERHUB_SPEC = "jupyterhub>=6,<7"
SUDOSPAWNER_SPEC = "sudospawner==1.0.0"  # lets the hub run unprivileged (docs/JUPYTERHUB.md)
SINGLEUSER_SCRIPT = ROOT / "deploy" / "sudospawner" / "sudospawner-singleuser"
CHP_SPEC = "configurable-http-proxy@^5"
_IGNORE = shutil.ignore_patterns(".git", ".venv", "werkruimte", ".pytest_cache", ".hypothesis", "__pycache__",
                                 "*.egg-info", "build", "node_modules", ".ipynb_checkpoints")


class HubEnvUnavailable(RuntimeError):
    """Why a real hub cannot be set up on this machine (the tests skip with this reason)."""


@dataclass(frozen=True)
class HubEnv:
    root: Path
    app: Path
    venv: Path
    chp: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def proxy(self) -> Path:
        return self.chp / "node_modules" / ".bin" / "configurable-http-proxy"


def why_unavailable() -> str | None:
    """None when this machine can run a real multi-user hub (as root: system users, and the hub itself
    as an unprivileged user with sudospawner), else the reason in one line."""
    if sys.platform != "linux":
        return "een echte JupyterHub-test met systeemgebruikers draait alleen op Linux"
    if os.geteuid() != 0:
        return ("niet als root: de test kan geen systeemgebruikers aanmaken (useradd); "
                "tests/hub/test_hub_self.py draait dan een hub voor de eigen gebruiker")
    for tool in ("useradd", "userdel", "groupadd", "sudo", "visudo"):
        if shutil.which(tool) is None:
            why = ("de hub draait zonder root via sudo (Debian-pakket sudo)" if tool in ("sudo", "visudo")
                   else "de test kan geen systeemgebruikers aanmaken")
            return f"{tool} ontbreekt: {why}"
    return _why_no_build_tools()


def why_unavailable_self() -> str | None:
    """None when a hub for the current (non-root) user alone can run here, else the reason."""
    if sys.platform != "linux":
        return "de hubtest draait alleen op Linux"
    if os.geteuid() == 0:
        return "als root draait tests/hub/test_hub.py de volledige hubtest met echte systeemgebruikers"
    return _why_no_build_tools()


def _why_no_build_tools() -> str | None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "node/npm ontbreekt: configurable-http-proxy (de proxy van JupyterHub) kan niet worden geinstalleerd"
    if not SYSTEM_PYTHON.exists():
        return f"{SYSTEM_PYTHON} ontbreekt: de server-venv wordt van Debian's Python 3.11 gebouwd"
    return None


def _key() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(JUPYTERHUB_SPEC.encode() + SUDOSPAWNER_SPEC.encode())
    return digest.hexdigest()[:12]


def _run(cmd: list[str], log: Path, **kw) -> None:
    with log.open("ab") as out:
        out.write(("\n$ " + " ".join(map(str, cmd)) + "\n").encode())
        out.flush()
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, **kw)
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise HubEnvUnavailable(f"{' '.join(map(str, cmd[:4]))} failed (exit {result.returncode}):\n{tail}")


def _copy_app(app: Path) -> None:
    """Copy the checkout to ``app`` in place (same path, so the editable install stays valid)."""
    staging = app.with_name("app.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(ROOT, staging, ignore=_IGNORE, symlinks=True)
    if app.exists():
        shutil.rmtree(app)
    staging.rename(app)


def ensure(log: Path | None = None) -> HubEnv:
    """Build what is missing and return the paths. Raises :class:`HubEnvUnavailable`."""
    reason = why_unavailable() if IS_ROOT else why_unavailable_self()
    if reason:
        raise HubEnvUnavailable(reason)
    old_umask = os.umask(0o022)  # everything under HUB_ROOT is readable by the students' processes
    try:
        HUB_ROOT.mkdir(parents=True, exist_ok=True)  # as another user: only that user uses it
        os.chmod(HUB_ROOT, 0o755)
        log = log or HUB_ROOT / "setup.log"
        key = _key()
        env = HubEnv(HUB_ROOT, HUB_ROOT / "app", HUB_ROOT / f"venv-{key}", HUB_ROOT / "chp")
        _copy_app(env.app)
        # bytecode written now, as root: the students' processes cannot write __pycache__ under /opt
        _run([str(SYSTEM_PYTHON), "-m", "compileall", "-q", str(env.app / "sw_exercises")], log)
        stamp = env.venv / ".complete"
        if not stamp.exists():
            for old in HUB_ROOT.glob("venv-*"):
                shutil.rmtree(old, ignore_errors=True)
            _run([str(SYSTEM_PYTHON), "-m", "venv", str(env.venv)], log)
            pip = [str(env.bin / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            _run(pip + [JUPYTERHUB_SPEC, SUDOSPAWNER_SPEC, "-e", str(env.app)], log)
            stamp.write_text(key)
        # next to sudospawner, where its mediator looks (and where the students cannot change it)
        shutil.copyfile(SINGLEUSER_SCRIPT, env.bin / SINGLEUSER_SCRIPT.name)
        os.chmod(env.bin / SINGLEUSER_SCRIPT.name, 0o755)
        if not env.proxy.exists():
            env.chp.mkdir(exist_ok=True)
            _run(["npm", "install", "--prefix", str(env.chp), "--no-audit", "--no-fund", "--loglevel=error",
                  CHP_SPEC], log, cwd=env.chp)
        if not env.proxy.exists():
            raise HubEnvUnavailable(f"configurable-http-proxy not found after npm install in {env.chp}")
        return env
    finally:
        os.umask(old_umask)


if __name__ == "__main__":
    built = ensure(Path("/dev/stderr") if sys.stderr.isatty() else None)
    print(f"venv: {built.venv}\nproxy: {built.proxy}\napp: {built.app}")
