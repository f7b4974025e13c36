"""Assignment pack: the project with the chosen workbooks and an instruction, as one zip.

Students unpack it and use the same two commands (`make lab`, `make test`) or conda; the sharing
workbook is always included so they can make their hand-in file. The developers' test suite stays
out (it assumes every workbook is there): in a pack, `make test` runs every included workbook
under nbval.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..catalog import workbook_title
from ..i18n import t
from ..start import START_PAGE, start_notebook

ROOT = Path(__file__).resolve().parents[2]
ALWAYS = ("90_delen_en_exporteren",)
LECTURER_ONLY = ("91_docent",)
TOP_FILES = ("README.md", "Makefile", "pyproject.toml", "environment.yml", "conftest.py", ".gitignore")
FOLDERS = ("sw_exercises", "datasets", "docs", "tools")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}


def available_workbooks() -> list[str]:
    return sorted(p.stem for p in (ROOT / "workbooks").glob("*.ipynb")
                  if p.stem not in ALWAYS + LECTURER_ONLY + (START_PAGE,))


def instruction(workbooks: list[str], deadline: date, note: str = "") -> str:
    listed = "\n".join(f"- `workbooks/{w}.ipynb`: {workbook_title(w)}" for w in workbooks)
    return t("pack.instruction", workbooks=listed, deadline=deadline.strftime("%d-%m-%Y"),
             note=(note.strip() + "\n\n") if note.strip() else "")


def make_pack(workbooks: Iterable[str], deadline: date, target: Path, *, note: str = "") -> Path:
    chosen = [w for w in workbooks if w not in ALWAYS + LECTURER_ONLY]
    unknown = set(chosen) - set(available_workbooks())
    if unknown or not chosen:
        raise ValueError(t("pack.unknown", names=", ".join(sorted(unknown)) or "-"))
    included = set(chosen) | set(ALWAYS)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        base = "sociaal-werkboek"
        for name in TOP_FILES:
            zf.write(ROOT / name, f"{base}/{name}")
        zf.writestr(f"{base}/.werkboek", "")
        zf.writestr(f"{base}/OPDRACHT.md", instruction(chosen, deadline, note))
        for folder in FOLDERS:
            for path in sorted((ROOT / folder).rglob("*")):
                if path.is_file() and not SKIP_PARTS & set(path.parts):
                    zf.write(path, f"{base}/{path.relative_to(ROOT).as_posix()}")
        for workbook in sorted(included):
            zf.write(ROOT / "workbooks" / f"{workbook}.ipynb", f"{base}/workbooks/{workbook}.ipynb")
        # a start page with just these workbooks: `make app` and `werkboek app` open it first
        zf.writestr(f"{base}/workbooks/{START_PAGE}.ipynb", start_notebook(included))
    return target
