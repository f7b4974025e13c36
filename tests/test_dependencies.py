"""pyproject.toml declares exactly what ``sw_exercises`` imports (plus the applications it runs), and a
student's workbook never pays for importing pandas."""
import ast
import json
import os
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DECLARED = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
# Declared although no module of ours imports them: what a student starts (``werkboek lab`` runs
# JupyterLab, every workbook runs in an ipykernel).
APPLICATIONS = {"jupyterlab", "ipykernel"}


def imported_top_level_modules() -> dict[str, set[str]]:
    """Top-level module -> files of sw_exercises that import it (every import, also inside functions)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "sw_exercises").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def third_party() -> dict[str, set[str]]:
    return {module: files for module, files in imported_top_level_modules().items()
            if module not in sys.stdlib_module_names and module != "sw_exercises"}


def test_the_scan_sees_imports_inside_functions():
    modules = third_party()
    assert "docx" in modules and "pandas" in modules  # both only imported inside a function
    assert "json" not in modules and "sw_exercises" not in modules


def test_every_third_party_module_we_import_is_declared():
    distributions = packages_distributions()
    missing = {}
    for module, files in third_party().items():
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert names, f"{module} (imported in {sorted(files)}) is not installed here"
        if not names & DECLARED:
            missing[module] = sorted(files)
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"


def test_every_declared_dependency_is_imported_or_an_application():
    distributions = packages_distributions()
    used = {canonicalize_name(d) for module in third_party() for d in distributions.get(module, [])}
    assert not DECLARED - used - APPLICATIONS, "declared but never imported: remove it or say why"
    assert APPLICATIONS <= DECLARED


WORKBOOK_RUN = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    namespace = {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)
    heavy = sorted(m for m in ("pandas", "docx", "cairosvg", "jinja2", "fastjsonschema") if m in sys.modules)
    print(json.dumps([path.name, heavy]))
"""


def test_no_workbook_imports_pandas(tmp_path):
    """Every code cell of every workbook, run in a fresh interpreter: pandas (and the export-only
    libraries) stay out of a student's kernel until a lecturer or an export needs them."""
    env = {**os.environ, "WERKBOEK_MAP": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", WORKBOOK_RUN, str(ROOT / "workbooks")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    assert len(results) == len(list((ROOT / "workbooks").glob("*.ipynb")))
    assert all(heavy == [] for _name, heavy in results), results


def test_the_workbook_check_would_see_pandas(tmp_path):
    """The check above can fail: a workbook that loads a dataset with pandas is reported."""
    folder = tmp_path / "wb"
    folder.mkdir()
    cell = {"cell_type": "code", "source": "from sw_exercises.datasets import load\nload('seed002_inzet.csv')"}
    (folder / "x.ipynb").write_text(json.dumps({"cells": [cell]}))
    env = {**os.environ, "WERKBOEK_MAP": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", WORKBOOK_RUN, str(folder)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1]) == ["x.ipynb", ["pandas"]]
