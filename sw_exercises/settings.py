"""A student's own settings: one small JSON file in their workspace (:mod:`sw_exercises.workspace`).

``instellingen.json`` next to the answers, e.g. ``{"taal": "en"}``. It is written through
:mod:`sw_exercises.files` (mode 0600, atomic), so it works wherever the answers do: on a laptop, on
the hub (each user's own workspace) and in the browser (Pyodide: the workspace in ``/drive``; no
SQLite needed). Every kernel reads the same file, so a choice made on the start page holds for every
workbook opened after it, in JupyterLab and in the app.

Reading never fails: a missing, unreadable or damaged file, or a value that is not known, counts as
'not set' (the caller then uses its default). Only :func:`save_language` can fail, with the Dutch
:class:`sw_exercises.files.WriteError`.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from .workspace import WORKSPACE_ENV, workspace_dir

SETTINGS_NAME = "instellingen.json"
LANGUAGE_KEY = "taal"
#: The interface languages a student can choose (code -> name in that language).
LANGUAGES = {"nl": "Nederlands", "en": "English"}
#: A kernel looks at the file's modification time at most this often (seconds): a language chosen
#: in another kernel reaches a kernel that is already running without a read of the file per text.
RECHECK_SECONDS = 2.0


def settings_path() -> Path:
    return workspace_dir() / SETTINGS_NAME


def read_settings(path: Path | None = None) -> dict[str, Any]:
    """The settings in the file (empty when there is none or it cannot be read)."""
    path = settings_path() if path is None else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _valid_language(value: Any) -> str | None:
    return value if isinstance(value, str) and value in LANGUAGES else None


class _Cache:
    """The saved language of one workspace, read once and again only when the file changed."""

    def __init__(self) -> None:
        self.key: tuple[str | None, str] | None = None  # (WERKBOEK_MAP, cwd) it was read for
        self.path: Path | None = None
        self.stamp: tuple[int, int] | None = None
        self.value: str | None = None
        self.checked = 0.0

    def clear(self) -> None:
        self.key = None


_cache = _Cache()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def saved_language() -> str | None:
    """The language saved in the student's settings, or None (not set, or the file is unusable).

    Cheap enough to ask for every text: the file is read once per kernel and workspace, and again
    only when its modification time changed; the workspace and the file are looked at no more than
    every :data:`RECHECK_SECONDS` (:func:`save_language` and :func:`clear_cache` make the next call look)."""
    now = time.monotonic()
    if _cache.key is not None and now - _cache.checked < RECHECK_SECONDS:
        return _cache.value  # the hot path: one clock read per text
    workspace = os.environ.get(WORKSPACE_ENV)
    key = (workspace, "" if workspace else os.getcwd())
    if _cache.key != key:
        _cache.path = settings_path()
    path = _cache.path
    stamp = _stamp(path)
    if _cache.key != key or stamp != _cache.stamp:
        _cache.value = _valid_language(read_settings(path).get(LANGUAGE_KEY)) if stamp else None
        _cache.stamp = stamp
    _cache.key = key
    _cache.checked = now
    return _cache.value


def save_language(lang: str) -> Path:
    """Save ``lang`` as this student's interface language. Raises :class:`~sw_exercises.files.WriteError`."""
    from .files import private_folder, write_error, write_private

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    path = settings_path()
    settings = read_settings(path)
    settings[LANGUAGE_KEY] = lang
    try:
        private_folder(path.parent)
    except OSError as exc:
        raise write_error(exc, path) from exc
    write_private(path, json.dumps(settings, ensure_ascii=False, indent=1) + "\n")
    _cache.clear()
    return path


def clear_cache() -> None:
    _cache.clear()
