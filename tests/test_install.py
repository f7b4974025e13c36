"""A real install: the wheel, in a fresh venv, runs a workbook without the repository.

``pip wheel`` builds the project's wheel from a copy of the sources, a new venv installs it (its
dependencies from the package index: about 1.5 minutes), ``werkboek klaarzetten`` copies the workbooks
into a folder outside the repository, and nbclient runs workbook 01 there in that venv's kernel.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "/usr/bin/python3.11" if Path("/usr/bin/python3.11").is_file() else sys.executable
BIN = "Scripts" if os.name == "nt" else "bin"


def _clean_env(tmp: Path) -> dict[str, str]:
    """No trace of the repository or the developers' venv; Jupyter finds only the new venv's kernel."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "PYTHONHOME")}
    env.update(JUPYTER_DATA_DIR=str(tmp / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
               WERKBOEK_MAP=str(tmp / "werkruimte"), WERKBOEK_STRIKT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _run(cmd, *, cwd, env, timeout=900):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd[:4]}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def test_every_package_under_sw_exercises_is_listed_in_pyproject():
    """Every folder that holds files, data-only folders too: setuptools warns at every install about a
    folder of data that is not a listed package (and a later setuptools leaves it out)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "sw_exercises").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found == {"sw_exercises.data.workbooks", "sw_exercises.data.datasets"}


def test_no_module_reads_files_of_the_repository():
    """Run-time data comes through package_data.folder() or from inside the package, never from a
    path climbing out of it (``Path(__file__).resolve().parents[1]`` is the repository)."""
    allowed = {"package_data.py", "pack.py"}  # the checkout fallback; an assignment pack is made from a checkout
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "sw_exercises").rglob("*.py") if path.name not in allowed
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"__file__.*parents\[|parents\[.*__file__", line)]
    assert not offenders


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    env = _clean_env(tmp)
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".site-build", "site", "werkruimte", "build", "*.egg-info", "__pycache__",
        ".pytest_cache", ".hypothesis", "tests", "benchmarks", "node_modules"))
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", source], cwd=tmp, env=env)
    wheel = next((tmp / "dist").glob("sw_exercises-*.whl"))
    shutil.rmtree(source)  # nothing of the sources is left to import from
    _run([PYTHON, "-m", "venv", tmp / "venv"], cwd=tmp, env=env)
    python = tmp / "venv" / BIN / "python"
    _run([python, "-m", "pip", "install", "-q", wheel, "nbclient"], cwd=tmp, env=env, timeout=1800)
    return tmp, python, env


@pytest.mark.slow
def test_the_installed_package_is_the_venvs_and_never_refers_to_the_repository(installed):
    tmp, python, env = installed
    where = json.loads(_run([python, "-c", "import json, sw_exercises, sw_exercises.package_data as d, sysconfig; "
                             "print(json.dumps([sw_exercises.__file__, str(d.folder('workbooks')), "
                             "str(d.folder('datasets')), sysconfig.get_paths()['purelib']]))"], cwd=tmp, env=env))
    package, workbooks, datasets, site_packages = map(Path, where)
    assert package.is_relative_to(tmp / "venv") and workbooks.is_relative_to(site_packages)
    assert datasets.is_relative_to(site_packages) and (datasets / "seed002_inzet.csv").is_file()
    assert (workbooks / "01_sociale_afstand.ipynb").read_bytes() == (ROOT / "workbooks" / "01_sociale_afstand.ipynb").read_bytes()
    repo = str(ROOT).encode()
    referring = [str(p) for p in site_packages.rglob("*") if p.is_file()
                 and ("sw_exercises" in p.as_posix() or p.suffix == ".pth") and repo in p.read_bytes()]
    assert not referring


@pytest.mark.slow
def test_klaarzetten_then_workbook_01_runs_from_the_installed_package(installed):
    tmp, python, env = installed
    target = tmp / "mijn werkboeken"
    out = _run([tmp / "venv" / BIN / "werkboek", "klaarzetten", "--doel", target], cwd=tmp, env=env)
    assert "nieuw" in out and (target / "01_sociale_afstand.ipynb").is_file()
    assert (target / ".werkboek").is_file()
    found = _run([python, "-c", "from sw_exercises.app import find_workbooks; print(find_workbooks())"],
                 cwd=target, env=env).strip()
    assert Path(found) == target  # `werkboek app` in that folder serves these copies
    runner = (
        "import json, nbformat, nbclient\n"
        "nb = nbformat.read('01_sociale_afstand.ipynb', as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell('import sw_exercises, sys; print(sw_exercises.__file__); print(sys.executable)'))\n"
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3').execute()\n"
        "print(json.dumps(nb.cells[-1].outputs[0]['text'].split()))\n"
        "errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if o.output_type == 'error']\n"
        "assert not errors, errors\n"
    )
    printed = json.loads(_run([python, "-c", runner], cwd=target, env=env).strip().splitlines()[-1])
    kernel_package, kernel_python = map(Path, printed)
    assert kernel_package.is_relative_to(tmp / "venv"), kernel_package
    assert kernel_python.parent == python.parent


def test_an_assignment_pack_needs_the_checkout_and_says_so(tmp_path, monkeypatch):
    from datetime import date

    from sw_exercises.classroom import pack

    monkeypatch.setattr(pack, "ROOT", tmp_path)  # as in an installed wheel: no Makefile, docs or tools
    with pytest.raises(ValueError, match="geïnstalleerd pakket"):
        pack.make_pack(["01_sociale_afstand"], date(2030, 1, 1), tmp_path / "p.zip")
    assert not (tmp_path / "p.zip").exists()


def test_package_data_prefers_the_installed_copy():
    from sw_exercises import package_data

    assert package_data.folder("workbooks") == ROOT / "workbooks"  # a checkout has no copy inside the package
    with pytest.raises(ValueError):
        package_data.folder("docs")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="stopped with SIGINT")
def test_werkboek_app_serves_the_set_up_folder_from_the_installed_package(installed):
    import signal
    import socket
    import threading
    import urllib.request

    tmp, python, env = installed
    target = tmp / "app-map"
    _run([tmp / "venv" / BIN / "werkboek", "klaarzetten", "--doel", target, "--stil"], cwd=tmp, env=env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = subprocess.Popen([tmp / "venv" / BIN / "werkboek", "app", "--geen-browser", "--poort", str(port)],
                           cwd=target, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watchdog = threading.Timer(300, app.kill)  # a hanging app ends the read loop below
    watchdog.start()
    try:
        url = None
        for line in app.stdout:  # ends when the app does; the address is printed once it listens
            if "/voila/render/00_start.ipynb" in line:
                url = line.strip()
                break
        assert url, "the app printed no address"
        with urllib.request.urlopen(url.replace("00_start", "01_sociale_afstand"), timeout=180) as page:
            body = page.read().decode("utf-8")
        assert "application/vnd.jupyter.widget-view" in body  # workbook 01 ran, from the set-up folder
    finally:
        watchdog.cancel()
        app.send_signal(signal.SIGINT)
        app.wait(timeout=120)
        app.stdout.close()
