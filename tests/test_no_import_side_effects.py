"""Importing any module of the package shows nothing: a notebook's first call does (``open_workbook``).

A child Python starts an IPython shell that pretends to run in a kernel (so the kernel watch would be
shown), records everything displayed, imports every module of sw_exercises, and then opens a
workbook the way every notebook's first cell does.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import importlib, json, pkgutil, sys
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
shell.kernel = object()  # the watch is shown only inside a kernel
shown = []
shell.display_pub.publish = lambda data, *args, **kwargs: shown.append(sorted(data))

import sw_exercises
for info in pkgutil.walk_packages(sw_exercises.__path__, "sw_exercises."):
    importlib.import_module(info.name)
after_imports = len(shown)
from sw_exercises import open_workbook
wb = open_workbook(sys.argv[1])
print(json.dumps({"after_imports": after_imports, "after_open": len(shown), "wb": getattr(wb, "__name__", type(wb).__name__)}))
'''


def child(workbook_id: str, tmp_path: Path) -> dict:
    env = {"PYTHONPATH": str(ROOT), "WERKBOEK_MAP": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", CHILD, workbook_id], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_module_displays_nothing_and_the_first_call_shows_the_watch(tmp_path):
    seen = child("01_sociale_afstand", tmp_path)
    assert seen["after_imports"] == 0, "importing a module displayed something"
    assert seen["after_open"] == 1, "open_workbook shows the kernel watch once"
    assert seen["wb"] == "sw_exercises.workbooks.sociale_afstand"


def test_a_data_driven_workbook_opens_as_a_seed_workbook(tmp_path):
    assert child("04_kwetsbaarheid", tmp_path)["wb"] == "SeedWorkbook"


def test_every_notebook_opens_with_open_workbook_of_its_own_id():
    for path in sorted((ROOT / "workbooks").glob("*.ipynb")):
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        if cells:
            assert "".join(cells[0]["source"]) == (
                f'from sw_exercises import open_workbook\nwb = open_workbook("{path.stem}")'), path.name
