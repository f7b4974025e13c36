"""Assignment pack: the project with the chosen workbooks and an instruction, as one zip.

Students unpack it and use the same commands (`make app`, `make lab`, `make test`) or conda; the
sharing workbook is always included so they can make their hand-in file. The app opens on a start
page (``workbooks/00_start.ipynb``), so every pack gets its own start page that lists exactly the
workbooks in the pack, in course order, with the deadline; the full project's start page would link
to workbooks that are not there. The developers' test suite stays out (it assumes every workbook is
there): in a pack, `make test` runs every included workbook under nbval.

The zip is written next to the target under a temporary name and moved into place when complete,
so a failed write never leaves half a pack behind.
"""
from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..formats import format_date
from .. import package_data
from ..catalog import workbook_title
from ..i18n import content, t
from ..start import START_PAGE, course_order

ROOT = Path(__file__).resolve().parents[2]  # the project checkout a pack is made from
ALWAYS = ("90_delen_en_exporteren",)
LECTURER_ONLY = ("91_docent",)
TOP_FILES = ("README.md", "Makefile", "pyproject.toml", "environment.yml", "conftest.py", ".gitignore")
FOLDERS = ("sw_exercises", "datasets", "docs", "tools")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}
BASE = "sociaal-werkboek"
_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def available_workbooks() -> list[str]:
    return sorted(p.stem for p in package_data.folder("workbooks").glob("*.ipynb")
                  if p.stem not in ALWAYS + LECTURER_ONLY + (START_PAGE,))


def instruction(workbooks: list[str], deadline: date, note: str = "") -> str:
    listed = "\n".join(f"- `workbooks/{w}.ipynb`: {workbook_title(w)}" for w in workbooks)
    return t("pack.instruction", workbooks=listed, deadline=format_date(deadline),
             note=(note.strip() + "\n\n") if note.strip() else "")


def chosen_workbooks(workbooks: Iterable[str]) -> list[str]:
    """The lecturer's choice, checked: in the given order, once each, without the always-included ones.

    Raises ``ValueError`` (Dutch) for an empty choice or a name that is not an available workbook
    (``91_docent`` is for lecturers and never goes into a pack).
    """
    chosen: list[str] = []
    for name in workbooks:
        name = name.strip().removesuffix(".ipynb")
        if name and name not in ALWAYS + (START_PAGE,) and name not in chosen:
            chosen.append(name)
    available = available_workbooks()
    unknown = [w for w in chosen if w not in available]
    if unknown:
        raise ValueError(t("pack.unknown", names=", ".join(unknown), available=", ".join(available)))
    if not chosen:
        raise ValueError(t("pack.none", available=", ".join(available)))
    return chosen


def start_page(included: Iterable[str], deadline: date) -> dict:
    """The start page of a pack (notebook JSON): the course list reduced to ``included``."""
    data = content("start")
    keep = set(included)
    cells = [f"# {data['title']}\n\n{data['intro']}\n\n{data['modes']}",
             t("pack.start_note", deadline=format_date(deadline))]
    listed: set[str] = set()
    for heading, entries in course_order():
        lines = [f"1. [{e.title}]({e.workbook}.ipynb): {e.description}" for e in entries if e.workbook in keep]
        listed |= {e.workbook for e in entries}
        if lines:
            cells.append(f"## {heading}\n\n" + "\n".join(lines))
    rest = sorted(keep - listed)  # a workbook the course list does not know yet still gets a link
    if rest:
        cells.append(f"## {t('pack.start_more')}\n\n"
                     + "\n".join(f"1. [{workbook_title(w)}]({w}.ipynb)" for w in rest))
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": _KERNELSPEC, "language_info": {"name": "python"}},
        "cells": [{"id": f"start-{i}", "cell_type": "markdown", "source": text, "metadata": {}}
                  for i, text in enumerate(cells)],
    }


def make_pack(workbooks: Iterable[str], deadline: date, target: Path, *, note: str = "") -> Path:
    """Write the pack to ``target`` (folders are made); ``ValueError`` for a bad choice, ``OSError`` when
    it cannot be written (nothing is left behind then)."""
    chosen = chosen_workbooks(workbooks)
    if not all((ROOT / name).is_file() for name in TOP_FILES if name != ".gitignore"):
        raise ValueError(t("pack.needs_checkout"))  # an installed wheel has no Makefile, docs or tools
    included = sorted(set(chosen) | set(ALWAYS))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in TOP_FILES:
                zf.write(ROOT / name, f"{BASE}/{name}")
            zf.writestr(f"{BASE}/.werkboek", "")
            zf.writestr(f"{BASE}/OPDRACHT.md", instruction(chosen, deadline, note))
            for folder in FOLDERS:
                for path in sorted((ROOT / folder).rglob("*")):
                    if path.is_file() and not SKIP_PARTS & set(path.parts):
                        zf.write(path, f"{BASE}/{path.relative_to(ROOT).as_posix()}")
            zf.writestr(f"{BASE}/workbooks/{START_PAGE}.ipynb",
                        json.dumps(start_page(included, deadline), indent=1, ensure_ascii=False) + "\n")
            for workbook in included:
                zf.write(package_data.folder("workbooks") / f"{workbook}.ipynb", f"{BASE}/workbooks/{workbook}.ipynb")
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the pack is meant to be shared
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return target
