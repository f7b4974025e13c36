"""Any OS: the package imports and the tests collect where `pwd`, `grp` and `fcntl` do not exist (Windows).

A child Python gets a meta-path hook that makes those imports fail with ModuleNotFoundError, as on Windows,
then imports every module of sw_exercises and runs `pytest --collect-only` over tests/. POSIX-only
tests must skip with a reason there, never break collection.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSIX_ONLY = ("pwd", "grp", "fcntl")

CHILD = r'''
import importlib, importlib.abc, pkgutil, sys
BLOCKED = set(sys.argv[1].split(","))

class NotOnThisOS(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: as on Windows)", name=name)
        return None

for name in BLOCKED:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, NotOnThisOS())
for name in BLOCKED:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
    else:
        raise SystemExit(f"the hook did not block {name}")

import sw_exercises
failed = []
for info in pkgutil.walk_packages(sw_exercises.__path__, "sw_exercises."):
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed.append(f"{info.name}: {type(error).__name__}: {error}")
if failed:
    raise SystemExit("modules that do not import without " + sys.argv[1] + ":\n" + "\n".join(failed))
print("IMPORTED", len(list(pkgutil.walk_packages(sw_exercises.__path__, "sw_exercises."))))
sys.stdout.flush()

import pytest
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "tests"]))
'''


def test_package_imports_and_tests_collect_without_pwd_grp_fcntl():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.setdefault("USERNAME", "student")  # Windows always sets it; getpass.getuser() reads it there
    done = subprocess.run([sys.executable, "-c", CHILD, ",".join(POSIX_ONLY)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "IMPORTED" in done.stdout
    imported = int(done.stdout.split("IMPORTED", 1)[1].split()[0])
    assert imported > 20, output[-2000:]  # every module of the package, not an empty walk
    assert " tests collected" in done.stdout or " collected" in done.stdout, output[-2000:]
    assert "error" not in done.stdout.splitlines()[-1].lower(), output[-4000:]
