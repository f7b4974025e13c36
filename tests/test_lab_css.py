"""The reflow stylesheet for JupyterLab (sw_exercises/widgets/lab.css, docs/TOEGANKELIJKHEID.md) arrives
with the kernel watch that every workbook's first cell shows, ships in the package, and touches only
the notebook: each selector is scoped to JupyterLab's notebook (``.jp-Notebook``), never to
JupyterLab's own menus, file browser or status bar. The browser test tests/browser/test_lab_layout.py
checks what it does."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sw_exercises.widgets.watch import KernelWatch

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "sw_exercises" / "widgets" / "lab.css"


def _selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)  # the rules inside a media query count like the others
    return [sel.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css) for sel in block.split(",") if sel.strip()]


def test_the_kernel_watch_brings_the_stylesheet():
    assert str(KernelWatch._css).strip() == CSS.read_text().strip()


def test_every_rule_is_scoped_to_the_notebook():
    selectors = _selectors(CSS.read_text())
    assert len(selectors) > 20
    outside = [s for s in selectors if not s.startswith(".jp-Notebook ")]
    assert not outside, f"rules outside the notebook: {outside}"


def test_the_stylesheet_ships_in_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert any(Path("widgets/lab.css").match(pattern) for pattern in data["sw_exercises"])
