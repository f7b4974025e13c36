"""Where the package finds the project's data folders (``workbooks/``, ``datasets/``) at run time.

In git they live once, at the top of the project, where developers and the Makefile use them. The
wheel carries them as package data, ``sw_exercises/data/workbooks`` and ``sw_exercises/data/datasets``:
``pyproject.toml`` maps those two package names onto the top-level folders, so the build copies them in
and git holds one copy only. :func:`folder` reads the installed copy through ``importlib.resources``;
in a developer's checkout (``pip install -e .``, or ``PYTHONPATH``), which has no such copy inside the
package, it falls back to the checkout's own folder.

Everything else the package reads (locales, templates, the hand-in schema, the privacy lists, the
widgets' JavaScript) is inside ``sw_exercises/`` already.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

FOLDERS = ("workbooks", "datasets")


@lru_cache(maxsize=None)
def folder(name: str) -> Path:
    """The folder ``name`` (one of :data:`FOLDERS`): the package's copy if installed, else the checkout's.

    The installed copy comes first: next to an installed package (``site-packages``) a folder with the
    same name may belong to another package (the ``datasets`` library, for one).
    """
    if name not in FOLDERS:
        raise ValueError(name)
    installed = resources.files(__package__).joinpath("data", name)
    if installed.is_dir():
        return Path(str(installed))  # a folder on disk: wheels are installed unpacked, also in Pyodide
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return Path(str(installed))  # missing: callers say so in Dutch (e.g. cli.no_workbooks)
