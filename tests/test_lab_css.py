"""The reflow stylesheet for JupyterLab (sw_exercises/widgets/lab.css, docs/TOEGANKELIJKHEID.md) arrives
with the kernel watch that every workbook's first cell shows, ships in the package, and touches only
the notebook: each selector is scoped to JupyterLab's notebook (``.jp-Notebook``), never to
JupyterLab's file browser or status bar. The one exception is JupyterLab's menu bar on a narrow
screen: those rules wait for the class that watch.js (``MenuBarRows``) puts on JupyterLab's page once
it can also give the menu bar the height it then needs. The browser test
tests/browser/test_lab_layout.py checks what it does."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sw_exercises.widgets.watch import KernelWatch

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "sw_exercises" / "widgets" / "lab.css"
WATCH_JS = ROOT / "sw_exercises" / "widgets" / "watch.js"
#: JupyterLab's page, once watch.js has taken care of its menu bar's height
MENU_BAR = ".jp-LabShell.sw-menubar-wraps "


def _selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)  # the rules inside a media query count like the others
    return [sel.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css) for sel in block.split(",") if sel.strip()]


def test_the_kernel_watch_brings_the_stylesheet():
    assert str(KernelWatch._css).strip() == CSS.read_text().strip()


def test_every_rule_is_scoped_to_the_notebook_or_waits_for_the_menu_bar_class():
    selectors = _selectors(CSS.read_text())
    assert len(selectors) > 20
    outside = [s for s in selectors if not s.startswith(".jp-Notebook ") and not s.startswith(MENU_BAR)]
    assert not outside, f"rules outside the notebook: {outside}"
    assert [s for s in selectors if s.startswith(MENU_BAR)], "the rules for JupyterLab's menu bar"


def test_the_kernel_watch_sets_the_menu_bar_class():
    assert f'classList.add("{MENU_BAR.strip().split(".")[-1]}")' in WATCH_JS.read_text()


def test_the_stylesheet_ships_in_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert any(Path("widgets/lab.css").match(pattern) for pattern in data["sw_exercises"])
