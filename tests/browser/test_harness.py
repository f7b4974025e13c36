"""Self-test of the browser harness on a tiny notebook written here with nbformat."""

from __future__ import annotations

import re
import time
import uuid

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CELL = '''\
import os, pathlib
import ipywidgets as widgets

_out = pathlib.Path(os.environ["WERKBOEK_MAP"]) / "{outfile}"
ta = widgets.Textarea(description="Test")
ta.add_class("sw-harness")

def _save(change):
    _out.write_text(change["new"], encoding="utf-8")

ta.observe(_save, names="value")
ta
'''


def _write_notebook(path, outfile: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Harness self-test"),
        nbformat.v4.new_code_cell(CELL.format(outfile=outfile)),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def _wait_file_text(path, expected: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        if path.exists():
            got = path.read_text(encoding="utf-8")
            if got == expected:
                return got
        time.sleep(0.2)
    raise AssertionError(f"{path} should contain {expected!r}, got {got!r}")


def test_type_into_widget_then_restart_and_rerun(lab, lab_page):
    outfile = f"harness-{uuid.uuid4().hex[:8]}.txt"
    rel = "_harness_selftest/selftest.ipynb"
    _write_notebook(lab.root_dir / rel, outfile)

    lab_page.open_notebook(rel)
    lab_page.run_all()

    textarea = lab_page.locator(".sw-harness textarea")
    expect(textarea).to_have_count(1, timeout=30_000)
    textarea.scroll_into_view_if_needed()
    textarea.click()
    text = "Hallo werkboek"
    textarea.press_sequentially(text, delay=15)
    _wait_file_text(lab.workspace_dir / outfile, text)

    # Restart + run all: a *new* widget (empty value) is rendered again.
    lab_page.restart_kernel()
    lab_page.run_all()
    textarea = lab_page.locator(".sw-harness textarea")
    expect(textarea).to_have_count(1, timeout=30_000)
    expect(textarea).to_be_visible()
    expect(textarea).to_have_value("", timeout=30_000)
    expect(lab_page.locator(".jp-CodeCell .jp-InputPrompt").first).to_contain_text("[1]")
    assert not lab_page.locator(".jp-OutputArea-output:has-text('Error displaying widget')").count()
    expect(lab_page.wait_for_text("Test", timeout=10, exact=True)).to_have_class(re.compile(r"\bwidget-label\b"))
    lab_page.save()
