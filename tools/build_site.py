"""Build the zero-install site: every workbook as an app (Voici) and in JupyterLab (JupyterLite),
running in the browser with Pyodide, from package registries only (``make site``; docs/SITE.md).

    python3 tools/build_site.py [--out site] [--if-changed]

What it does, each step cached under ``.site-build/`` (or ``WERKBOEK_SITE_CACHE``):

1. a venv with the build tools at the pinned versions below (``tools/site-constraints.txt`` pins
   everything they pull in), apart from the project's own ``.venv``;
2. Pyodide's core from the npm package ``pyodide`` (``npm pack``), and the pure wheels the
   kernel loads from Pyodide's folder (micropip, IPython and its dependencies) from PyPI, at
   the versions in ``pyodide-lock.json``; ``sqlite3`` (a binary package no registry has) becomes an
   empty stand-in, so the answer store uses its file backend (sw_exercises/filestore.py);
3. the project's wheel (with ``datasets/`` inside) and the pure wheels it needs at run time
   (ipywidgets, comm, anywidget, psygnal, plotly), added to ``pyodide-lock.json``: a notebook's
   ``import sw_exercises`` loads them from the site, with no ``%pip`` cell and no other host;
4. ``voici build`` (apps ``lab`` and ``voici``), the pyodide folder copied in, Font Awesome
   served from the site instead of a CDN, and ``index.html``: the Dutch start page.

Versions are the combination in the project's notes (Voici 0.10 needs JupyterLite < 0.8; the
Pyodide kernel 0.7.0, as 0.7.2 and 0.8 do not load inside Voici 0.10; Pyodide 0.29.3, as 314.x
refuses the kernel's classic worker).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sw_exercises.i18n import t  # noqa: E402

PYODIDE = "0.29.3"
FONTAWESOME = "5.15.4"  # Voici's template asks for @fortawesome/fontawesome-free@^5
BUILD_TOOLS = {
    "voici-core": "0.10.0",
    "jupyterlite-core": "0.7.6",
    "jupyterlite-pyodide-kernel": "0.7.0",
    # frontend extensions for the widgets the workbooks show (same versions as the kernel's wheels)
    "jupyterlab_widgets": "3.0.17",
    "anywidget": "0.11.0",
    "plotly": "7.1.0",
    "setuptools": "80.9.0",
    "wheel": "0.45.1",
}
# Run-time wheels for the browser: name -> (version, imports, depends in pyodide-lock.json)
RUNTIME_WHEELS = {
    "comm": ("0.2.3", ["comm"], ["traitlets"]),
    "ipywidgets": ("8.1.9", ["ipywidgets"], ["comm", "traitlets", "ipython"]),
    "psygnal": ("0.16.1", ["psygnal"], ["typing-extensions"]),
    "anywidget": ("0.11.0", ["anywidget"], ["ipywidgets", "psygnal", "typing-extensions"]),
    "plotly": ("7.1.0", ["plotly", "_plotly_utils"], ["narwhals", "packaging"]),
    "jinja2": ("3.1.6", ["jinja2"], ["markupsafe"]),  # the HTML exports' templates (sw_exercises.html_export)
    "fastjsonschema": ("2.22.3", ["fastjsonschema"], []),  # the hand-in's validator (sw_exercises.handin)
    "babel": ("2.19.0", ["babel"], []),  # dates and numbers in the chosen language (sw_exercises.formats)
}
# Run-time packages with no pure wheel on PyPI, made pure from their source: name -> (version, folder in
# the sdist, the files of that folder, imports). MarkupSafe (Jinja2's escaping) runs without its C
# speed-up: its __init__ falls back to the pure _native module.
PURE_FROM_SDIST = {
    "markupsafe": ("3.0.4", "src/markupsafe", ("__init__.py", "_native.py", "py.typed"), ["markupsafe"]),
}
PROJECT_DEPENDS = ["ipywidgets", "anywidget", "plotly", "jinja2", "fastjsonschema", "babel"]
# Parts of run-time wheels the browser never uses (less to download and to unpack in the browser):
# plotly's JupyterLab extension (the site serves it already) and FigureWidget's bundle (the
# workbooks show go.Figure, drawn by that extension); plotly.min.js stays (offline HTML reports).
# Babel keeps the locale data of the interface's languages only (nl, en, and root they fall back on):
# its data of some 800 locales is 30 MB unpacked. Each entry is a regular expression on member names.
SLIM = {"plotly": r"plotly/labextension/|plotly/package_data/widgetbundle\.js|\.data/data/share/",
        "babel": r"babel/locale-data/(?!(nl|en|root)(_[A-Za-z0-9_]+)?\.dat$)"}
# Changes to the source of run-time wheels, each (file, text, replacement); the build stops when the
# text is not there. IPython's __init__ imports its terminal (prompt_toolkit, the debugger) for
# IPython.embed, which a kernel never uses: a kernel start that imports it takes twice as long.
PATCH = {"ipython": [("IPython/__init__.py", "from .terminal.embed import embed\n",
                      "def embed(*args, **kwargs):  # the terminal only when asked for (Sociaal Werkboek's site)\n"
                      "    from .terminal.embed import embed\n"
                      "    return embed(*args, **kwargs)\n")],
         # the kernel asks IPython to complete with jedi, which the site leaves out (see STUBS): with
         # it, completion in JupyterLab would find nothing
         # the kernel's worker imports piplite at every start (for %pip), and piplite imports micropip
         # and unittest.mock (0.4 s): only when %pip is used
         "piplite": [("piplite/piplite.py", '"""\n\nfrom typing import Any\n',
                      '"""\n\nfrom __future__ import annotations  # micropip only when used (Sociaal Werkboek\'s site)\n'
                      "from typing import Any\n"),
                     ("piplite/piplite.py", "from unittest.mock import patch\n\nimport micropip\n"
                      "from micropip.package_index import ProjectInfo, CompatibilityLayer\n"
                      "from micropip.package_index import query_package as _MP_QUERY_PACKAGE\n", ""),
                     ("piplite/piplite.py", "    info = ProjectInfo._compatible_only(",
                      "    from micropip.package_index import ProjectInfo\n\n"
                      "    info = ProjectInfo._compatible_only("),
                     ("piplite/piplite.py", "    return await _MP_QUERY_PACKAGE(",
                      "    from micropip.package_index import query_package as _MP_QUERY_PACKAGE\n\n"
                      "    return await _MP_QUERY_PACKAGE("),
                     ("piplite/piplite.py", '    with patch("micropip.package_index.query_package", _query_package):',
                      "    from unittest.mock import patch\n\n    import micropip\n\n"
                      '    with patch("micropip.package_index.query_package", _query_package):')],
         "pyodide-kernel": [("pyodide_kernel/interpreter.py", "        self.Completer.use_jedi = True\n",
                             "        self.Completer.use_jedi = False  # no jedi on Sociaal Werkboek's site\n")]}
# Dependencies in pyodide-lock.json that a kernel start no longer loads (the wheels stay on the site):
# prompt_toolkit is IPython's terminal, which PATCH keeps from being imported.
NOT_AT_START = {"ipython": ["prompt_toolkit"]}
# Pure wheels the kernel loads from Pyodide's folder; the npm package lists them but has no files.
# Not jedi: the kernel's worker installs it, and IPython then imports it for its completions, which
# costs a second at every start (unpacking its 1,900 files and importing it); jedi becomes an empty
# stand-in like sqlite3 (see STUBS), and IPython completes with its own completer.
KERNEL_FROM_LOCK = ["micropip", "ipython", "asttokens", "decorator", "executing",
                    "matplotlib-inline", "prompt-toolkit", "pure-eval", "pygments", "six", "stack-data",
                    "traitlets", "wcwidth", "packaging", "narwhals", "typing-extensions"]
# Packages the kernel's worker installs that become an empty wheel: sqlite3 (a binary package no
# registry has; the answer store then keeps its answers in files) and jedi (see above).
STUBS = {"sqlite3": "1.0.0", "jedi": "0.0.0"}
# The kernel's own wheels, which voici build puts in the kernel extension's pypi folder; the site
# adds them to pyodide-lock.json too, so they load with the rest (see STARTUP_PACKAGES).
KERNEL_PYPI = {"piplite": ["micropip"], "ipykernel": ["comm"], "pyodide-kernel": ["ipykernel", "ipython", "comm"]}
KERNEL_PYPI_FOLDER = "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
# Loaded in one go while Pyodide starts (the kernel's loadPyodideOptions.packages). The kernel's
# worker otherwise loads micropip, installs piplite with it and then, one by one, sqlite3, ipykernel,
# comm, pyodide_kernel, jedi and IPython, at every start; and the workbook's first cell loads the
# project's wheels after that. The worker skips each of its own installs whose name is in this list,
# spelled as it spells them. Every workbook imports sw_exercises, so its wheels come along.
STARTUP_PACKAGES = ["micropip", "piplite", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython",
                    "sw-exercises"]
PYTHON_TAG = "3.13"  # Pyodide 0.29's Python
CONSTRAINTS = ROOT / "tools" / "site-constraints.txt"
STAMP = ".werkboek-site.json"
STORAGE_NAME = "Sociaal Werkboek"  # the browser storage (IndexedDB) that keeps the answers


def cache_dir() -> Path:
    return Path(os.environ.get("WERKBOEK_SITE_CACHE") or ROOT / ".site-build")


def say(text: str) -> None:
    print(f"[site] {text}", flush=True)


def run(cmd: list[str], **kwargs) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"[site] failed: {' '.join(cmd[:6])} ...")


def inputs_hash() -> str:
    """A hash of everything the site is built from (the cache key for tests and ``--if-changed``)."""
    digest = hashlib.sha256(os.environ.get("WERKBOEK_SITE_PYC", "1").encode())
    files = [Path(__file__), ROOT / "tools" / "site_pyc.mjs", ROOT / "pyproject.toml", CONSTRAINTS]
    for folder, pattern in (("sw_exercises", "**/*"), ("workbooks", "*.ipynb"), ("datasets", "*")):
        files += sorted(p for p in (ROOT / folder).glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# -- 1. build tools -----------------------------------------------------------------------------
def build_venv(cache: Path) -> Path:
    pins = [f"{name}=={version}" for name, version in BUILD_TOOLS.items()]
    key = hashlib.sha256(("\n".join(pins) + (CONSTRAINTS.read_text() if CONSTRAINTS.exists() else "")).encode()).hexdigest()[:12]
    venv = cache / f"venv-{key}"
    python = venv / "bin" / "python"
    if (venv / ".ready").exists():
        return python
    say(f"build tools in {venv} (once)")
    for stale in cache.glob("venv-*"):  # build tools of earlier pins
        shutil.rmtree(stale, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(venv)])
    extra = ["-c", str(CONSTRAINTS)] if CONSTRAINTS.exists() else []
    run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *extra, *pins])
    (venv / ".ready").write_text("\n".join(pins) + "\n")
    return python


# -- 2. Pyodide ---------------------------------------------------------------------------------
def npm_package(cache: Path, spec: str) -> Path:
    """``npm pack`` a pinned package into the cache; its unpacked folder."""
    name, version = spec.rsplit("@", 1)
    folder = cache / "npm" / f"{name.strip('@').replace('/', '-')}-{version}"
    if (folder / "package").is_dir():
        return folder / "package"
    say(f"npm pack {spec}")
    (cache / "npm").mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(cache / "npm")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"[site] npm pack {spec} failed: {result.stderr[-2000:]}")
    tgz = cache / "npm" / json.loads(result.stdout)[0]["filename"]
    tmp = folder.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    tmp.rename(folder)
    return folder / "package"


def download_wheels(python: Path, cache: Path, specs: list[str]) -> dict[str, Path]:
    """Pure wheels for Pyodide's Python from PyPI (cached); ``name==version`` -> wheel file."""
    folder = cache / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    missing = []
    for spec in specs:
        hit = _wheel_for(folder, spec)
        if hit is None:
            missing.append(spec)
        else:
            found[spec] = hit
    if missing:
        say(f"download {len(missing)} wheels from PyPI")
        run([str(python), "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--platform", "any", "--python-version", PYTHON_TAG,
             "--implementation", "py", "--abi", "none", "-d", str(folder), *missing])
        for spec in missing:
            hit = _wheel_for(folder, spec)
            if hit is None:
                raise SystemExit(f"[site] no pure wheel for {spec}")
            found[spec] = hit
    return found


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _wheel_for(folder: Path, spec: str) -> Path | None:
    name, version = spec.split("==")
    for wheel in folder.glob("*.whl"):
        parts = wheel.name.split("-")
        if _norm(parts[0]) == _norm(name) and parts[1] == version:
            return wheel
    return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pure_wheel_from_sdist(python: Path, cache: Path, name: str) -> Path:
    """A py3-none-any wheel of the pure-Python part of ``name``'s sdist (see PURE_FROM_SDIST), cached."""
    version, folder, files, _ = PURE_FROM_SDIST[name]
    out = cache / "wheels" / f"{name}-{version}-py3-none-any.whl"
    if out.exists():
        return out
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    archive = next((p for p in sdists.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz"), None)
    if archive is None:
        say(f"download the source of {name} {version} from PyPI")
        run([str(python), "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--no-binary=:all:", "-d", str(sdists), f"{name}=={version}"])
        archive = next(p for p in sdists.glob("*.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz")
    root = archive.name[: -len(".tar.gz")]
    with tarfile.open(archive) as tf:
        members = {f"{name}/{f}": tf.extractfile(f"{root}/{folder}/{f}").read() for f in files}
    dist = f"{name}-{version}.dist-info"
    members[f"{dist}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    members[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: build_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = f"{dist}/RECORD"
    members[record] = "".join(f"{n},sha256={_b64(c)},{len(c)}\n" for n, c in sorted(members.items())).encode() \
        + f"{record},,\n".encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_zip(out, members)
    return out


def _stub_wheel(folder: Path, name: str, version: str) -> Path:
    """A wheel with metadata and no module: satisfies the kernel's ``install('sqlite3')``, while
    ``import sqlite3`` still fails (the answer store then keeps its answers in files); the same
    for jedi (IPython then completes without it)."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    dist = f"{name}-{version}.dist-info"
    files = {f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                                 "Summary: stand-in: not used by Sociaal Werkboek's site\n",
             f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: build_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{n},sha256={_b64(c.encode())},{len(c.encode())}\n" for n, c in files.items())
    files[f"{dist}/RECORD"] = record + f"{dist}/RECORD,,\n"
    _write_zip(path, {n: c.encode() for n, c in files.items()})
    return path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])


# -- 3. the project's wheel ----------------------------------------------------------------------
def project_wheel(python: Path, cache: Path) -> Path:
    """The project's wheel with ``datasets/`` added as ``sw_exercises/data/datasets``."""
    out = cache / "project"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    say("the project's wheel")
    build = cache / "project-build"
    shutil.rmtree(build, ignore_errors=True)
    shutil.copytree(ROOT, build, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".site-build", "site", "werkruimte", "build", "*.egg-info", "__pycache__",
        ".pytest_cache", ".hypothesis", "tests", "benchmarks"))
    run([str(python), "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "-w", str(out), str(build)])
    shutil.rmtree(build, ignore_errors=True)
    wheel = next(out.glob("sw_exercises-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    record_name = next(n for n in members if n.endswith(".dist-info/RECORD"))
    for csv_file in sorted((ROOT / "datasets").iterdir()):
        if csv_file.is_file():
            members[f"sw_exercises/data/datasets/{csv_file.name}"] = csv_file.read_bytes()
    members[record_name] = "".join(f"{n},sha256={_b64(c)},{len(c)}\n" for n, c in sorted(members.items())
                                   if n != record_name).encode() + f"{record_name},,\n".encode()
    wheel.unlink()
    _write_zip(wheel, members)
    return wheel


def pyodide_folder(python: Path, cache: Path, dest: Path, project: Path, kernel_pypi: Path) -> None:
    core = npm_package(cache, f"pyodide@{PYODIDE}")
    dest.mkdir(parents=True)
    for item in core.iterdir():
        if item.suffix in (".html", ".map", ".ts") or item.name in ("README.md", "package.json"):
            continue  # consoles, source maps and type declarations are not needed by the site
        shutil.copy2(item, dest / item.name)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    kernel_specs = {f"{name}=={packages[name]['version']}": name for name in KERNEL_FROM_LOCK}
    runtime_specs = {f"{name}=={version}": name for name, (version, _, _) in RUNTIME_WHEELS.items()}
    wheels = download_wheels(python, cache, [*kernel_specs, *runtime_specs])
    for spec, name in runtime_specs.items():
        if name in SLIM:
            wheels[spec] = _slim(wheels[spec], SLIM[name], cache / "slim")
    for spec, name in {**kernel_specs, **runtime_specs}.items():
        if name in PATCH:
            wheels[spec] = _patched(wheels[spec], PATCH[name], cache / "patched")
    pure = {name: pure_wheel_from_sdist(python, cache, name) for name in PURE_FROM_SDIST}
    kernel_own = {name: next(kernel_pypi.glob(f"{_norm(name)}-*.whl")) for name in KERNEL_PYPI}
    for name in kernel_own:
        if name in PATCH:
            kernel_own[name] = _patched(kernel_own[name], PATCH[name], cache / "patched")
    compiled = precompiled(cache, core, [*wheels.values(), *pure.values(), *kernel_own.values(), project])
    stdlib = precompiled_stdlib(cache, core, list(compiled.values()))
    if stdlib is not None:
        shutil.copy2(stdlib, dest / "python_stdlib.zip")
    for spec, name in kernel_specs.items():
        _add(dest, packages, name, compiled[wheels[spec]], packages[name]["imports"],
             [d for d in packages[name]["depends"] if d not in STUBS and d not in NOT_AT_START.get(name, [])])
    for spec, name in runtime_specs.items():
        _, imports, depends = RUNTIME_WHEELS[name]
        _add(dest, packages, name, compiled[wheels[spec]], imports, depends)
    for name, (_, _, _, imports) in PURE_FROM_SDIST.items():
        _add(dest, packages, name, compiled[pure[name]], imports, [])
    for name, depends in KERNEL_PYPI.items():
        _add(dest, packages, name, compiled[kernel_own[name]], [_norm(name)], depends)
    for name, version in STUBS.items():
        _add(dest, packages, name, _stub_wheel(cache, name, version), [], [])
    _add(dest, packages, "sw-exercises", compiled[project], ["sw_exercises"], PROJECT_DEPENDS)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, separators=(",", ":")))


def _site_pyc(core: Path, work: Path, wheels: list[Path], *flags: str) -> Path:
    """Run ``tools/site_pyc.mjs`` (Pyodide's Python in Node.js) on copies of ``wheels`` in ``work/in``;
    its results are in ``work/out``."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "out").mkdir()
    for wheel in wheels:
        shutil.copy2(wheel, work / "in" / wheel.name)
    run(["node", str(ROOT / "tools" / "site_pyc.mjs"), str(core), str(work), *flags, *(w.name for w in wheels)])
    return work


def precompiled(cache: Path, core: Path, wheels: list[Path]) -> dict[Path, Path]:
    """Each wheel with its modules' bytecode inside, compiled by Pyodide's own Python in Node.js
    (``tools/site_pyc.mjs``): the browser then skips compiling them at every visit. Cached by the
    wheel's content; ``WERKBOEK_SITE_PYC=0`` leaves the wheels as they are."""
    if os.environ.get("WERKBOEK_SITE_PYC", "1") == "0":
        return {wheel: wheel for wheel in wheels}
    folder = cache / "pyc"
    script = _sha256(ROOT / "tools" / "site_pyc.mjs")
    out = {wheel: folder / hashlib.sha256((_sha256(wheel) + script).encode()).hexdigest()[:16] / wheel.name
           for wheel in wheels}
    todo = [wheel for wheel in wheels if not out[wheel].is_file()]
    if todo:
        say(f"bytecode for {len(todo)} wheels (Pyodide's Python in Node.js)")
        work = _site_pyc(core, folder / "work", todo)
        for wheel in todo:
            out[wheel].parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(work / "out" / wheel.name), out[wheel])
        shutil.rmtree(work, ignore_errors=True)
    for stale in folder.iterdir():  # wheels of earlier builds
        if stale not in {path.parent for path in out.values()}:
            shutil.rmtree(stale, ignore_errors=True)
    return out


def precompiled_stdlib(cache: Path, core: Path, wheels: list[Path]) -> Path | None:
    """Pyodide's standard library (``python_stdlib.zip``, sources only in the npm package) with the
    bytecode of the modules that the kernel, IPython and the project import next to their sources
    (``tools/site_pyc.mjs --stdlib``): otherwise the browser compiles them at every start. Cached by
    the inputs; None with ``WERKBOEK_SITE_PYC=0``."""
    if os.environ.get("WERKBOEK_SITE_PYC", "1") == "0":
        return None
    digest = hashlib.sha256()
    for path in [core / "python_stdlib.zip", ROOT / "tools" / "site_pyc.mjs", *sorted(wheels)]:
        digest.update(_sha256(path).encode())
    folder = cache / "stdlib-pyc"
    out = folder / digest.hexdigest()[:16] / "python_stdlib.zip"
    if out.is_file():
        return out
    say("bytecode for the standard library (Pyodide's Python in Node.js)")
    work = _site_pyc(core, folder / "work", wheels, "--stdlib")
    for stale in folder.iterdir():  # earlier builds
        if stale != work:
            shutil.rmtree(stale, ignore_errors=True)
    out.parent.mkdir(parents=True)
    shutil.move(str(work / "out" / "python_stdlib.zip"), out)
    shutil.rmtree(work, ignore_errors=True)
    return out


def _slim(wheel: Path, drop: str, folder: Path) -> Path:
    """A copy of ``wheel`` without the members whose names match the regular expression ``drop``
    (RECORD redone)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / wheel.name
    with zipfile.ZipFile(wheel) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if not re.search(drop, n)}
    record_name = next(n for n in members if n.endswith(".dist-info/RECORD"))
    members[record_name] = "".join(f"{n},sha256={_b64(c)},{len(c)}\n" for n, c in sorted(members.items())
                                   if n != record_name).encode() + f"{record_name},,\n".encode()
    _write_zip(out, members)
    return out


def _patched(wheel: Path, changes: list[tuple[str, str, str]], folder: Path) -> Path:
    """A copy of ``wheel`` with each (file, text, replacement) of ``changes`` made (RECORD redone)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / wheel.name
    with zipfile.ZipFile(wheel) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    for name, text, replacement in changes:
        source = members[name].decode("utf-8")
        if text not in source:
            raise SystemExit(f"[site] {wheel.name}: {name} no longer has the text PATCH replaces")
        members[name] = source.replace(text, replacement, 1).encode("utf-8")
    record_name = next(n for n in members if n.endswith(".dist-info/RECORD"))
    members[record_name] = "".join(f"{n},sha256={_b64(c)},{len(c)}\n" for n, c in sorted(members.items())
                                   if n != record_name).encode() + f"{record_name},,\n".encode()
    _write_zip(out, members)
    return out


def _add(dest: Path, packages: dict, name: str, wheel: Path, imports: list[str], depends: list[str]) -> None:
    shutil.copy2(wheel, dest / wheel.name)
    packages[name] = {"name": name, "version": wheel.name.split("-")[1], "file_name": wheel.name,
                      "install_dir": "site", "sha256": _sha256(wheel), "package_type": "package",
                      "imports": imports, "depends": depends, "unvendored_tests": False}


# -- 4. the site ---------------------------------------------------------------------------------
def lite_config(lite: Path, contents: Path, out: Path) -> None:
    (lite / "jupyter_lite_config.json").write_text(json.dumps({
        "LiteBuildConfig": {"apps": ["lab", "voici"], "contents": [str(contents)], "output_dir": str(out),
                            "no_sourcemaps": True},
    }, indent=1))
    (lite / "jupyter-lite.json").write_text(json.dumps({
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": t("site.title"),
            # one browser storage for the app pages and JupyterLab: by default its name holds the
            # page's baseUrl, which Voici's pages write as '../../' and JupyterLab as '/'
            "contentsStorageName": STORAGE_NAME,
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
                "pyodideUrl": "./pyodide/pyodide.js", "disablePyPIFallback": True,
                "loadPyodideOptions": {"packages": STARTUP_PACKAGES}}},
        },
    }, indent=1))


def offline_fontawesome(cache: Path, out: Path) -> None:
    """Voici's template links Font Awesome from a CDN: serve the same files from the site."""
    fa = npm_package(cache, f"@fortawesome/fontawesome-free@{FONTAWESOME}")
    target = out / "static" / "fontawesome"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(fa / "css", target / "css", dirs_exist_ok=True)
    shutil.copytree(fa / "webfonts", target / "webfonts", dirs_exist_ok=True)
    cdn = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/"
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if cdn in text:
            up = "../" * (len(page.relative_to(out).parts) - 1)
            page.write_text(text.replace(cdn, f"{up}static/fontawesome/"), encoding="utf-8")


def dutch_app_pages(out: Path) -> None:
    """Voici's pages say what they are doing in English and declare no language: Dutch, from werkboek.po."""
    step = t("site.loading_step", cell="${cell_index}", count="${cell_count}")
    for page in (out / "voici").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = (text.replace("`Executing ${cell_index} of ${cell_count}`", f"`{step}`")
                    .replace("`Reading ${cell_index} of ${cell_count}`", f"`{step}`")
                    .replace(">Running ...<", f">{html.escape(t('site.loading'))}<"))
        text = re.sub(r"<html(?![^>]*\blang=)", '<html lang="nl"', text, count=1)
        text = re.sub(r'<html([^>]*)\blang="[^"]*"', r'<html\1lang="nl"', text, count=1)
        page.write_text(text, encoding="utf-8")


def notebooks() -> list[Path]:
    return sorted((ROOT / "workbooks").glob("*.ipynb"))


def title_of(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def start_page(out: Path) -> None:
    rows = []
    for nb in notebooks():
        name = nb.stem
        rows.append(
            f'<li><span class="titel">{html.escape(title_of(nb))}</span> '
            f'<a class="app" href="voici/render/{name}.html">{html.escape(t("site.open_app"))}</a> '
            f'<a class="lab" href="lab/index.html?path={name}.ipynb">{html.escape(t("site.open_lab"))}</a></li>')
    page = f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("site.title"))}</title>
<!-- JupyterLite reads the configuration of the site's root page too: an empty one, as its own has -->
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{{}}</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
li {{ margin: .6rem 0; }}
.titel {{ font-weight: 600; margin-right: .5rem; }}
a {{ color: #0b57a4; margin-right: .75rem; }}
.let-op {{ background: #fff6d6; border-left: 4px solid #8a6d00; padding: .5rem 1rem; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(t("site.title"))}</h1>
<p>{html.escape(t("site.intro"))}</p>
<p class="let-op">{html.escape(t("site.storage_note"))}</p>
<h2>{html.escape(t("site.workbooks"))}</h2>
<ul>
{chr(10).join(rows)}
</ul>
<p>{html.escape(t("site.first_visit"))}</p>
</main>
</body>
</html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")


def build(out: Path) -> None:
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    python = build_venv(cache)
    project = project_wheel(python, cache)
    work = cache / "work"
    shutil.rmtree(work, ignore_errors=True)
    contents = work / "contents"
    contents.mkdir(parents=True)
    for nb in notebooks():
        shutil.copy2(nb, contents / nb.name)
    lite_config(work, contents, work / "out")
    say("voici build (lab and app)")
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "JUPYTER_CONFIG_DIR": str(work / "jupyter-config")}
    bindir = python.parent
    run([str(bindir / "voici"), "build", "--lite-dir", str(work)], cwd=work, env=env)
    built = work / "out"
    pyodide_folder(python, cache, built / "pyodide", project, built / KERNEL_PYPI_FOLDER)
    offline_fontawesome(cache, built)
    dutch_app_pages(built)
    (built / ".nojekyll").write_text("")  # GitHub Pages: serve every file as it is (no Jekyll)
    start_page(built)
    versions = {**BUILD_TOOLS, "pyodide": PYODIDE, **{n: v for n, (v, _, _) in RUNTIME_WHEELS.items()},
                **{n: v for n, (v, *_) in PURE_FROM_SDIST.items()}}
    (built / STAMP).write_text(json.dumps({"inputs": inputs_hash(), "versions": versions}, indent=1))
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(built), str(out))
    shutil.rmtree(work, ignore_errors=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    say(f"done: {out} ({size / 1e6:.1f} MB)")


def is_current(out: Path) -> bool:
    try:
        return json.loads((out / STAMP).read_text())["inputs"] == inputs_hash()
    except (OSError, ValueError, KeyError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--if-changed", action="store_true", help="skip when the site was built from the same inputs")
    parser.add_argument("--print-hash", action="store_true", help="print the inputs' hash and stop")
    args = parser.parse_args(argv)
    if args.print_hash:
        print(inputs_hash())
        return 0
    out = args.out.resolve()
    if args.if_changed and is_current(out):
        say(f"{out} is up to date")
        return 0
    build(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
