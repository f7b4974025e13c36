"""Every text a user reads comes from JSON files under ``locales/<language>/``.

Dutch (``nl``) is complete and is the fallback. Adding a language means adding a folder
``locales/<code>/`` with files of the same names (or setting ``WERKBOEK_TALEN_MAP`` to a folder that
holds ``<code>/*.json``) and choosing it with the environment variable ``WERKBOEK_TAAL``; no code
changes. A key missing in the chosen language falls back to Dutch.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "nl"
LANGUAGE_ENV = "WERKBOEK_TAAL"
EXTRA_LOCALES_ENV = "WERKBOEK_TALEN_MAP"
_PACKAGE_LOCALES = Path(__file__).parent / "locales"


def language() -> str:
    return os.environ.get(LANGUAGE_ENV, DEFAULT_LANGUAGE).strip() or DEFAULT_LANGUAGE


def _locale_dirs(lang: str) -> list[Path]:
    dirs = []
    extra = os.environ.get(EXTRA_LOCALES_ENV)
    if extra:
        dirs.append(Path(extra) / lang)
    dirs.append(_PACKAGE_LOCALES / lang)
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=None)
def _load(lang: str, name: str, extra: str | None) -> dict[str, Any] | None:
    for folder in _locale_dirs(lang):
        path = folder / f"{name}.json"
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                return json.load(fh)
    return None


def content(name: str) -> dict[str, Any]:
    """The data file ``name`` in the chosen language (falls back to Dutch)."""
    extra = os.environ.get(EXTRA_LOCALES_ENV)
    data = _load(language(), name, extra)
    if data is None:
        data = _load(DEFAULT_LANGUAGE, name, extra)
    if data is None:
        raise FileNotFoundError(f"no locale file {name}.json")
    return data


def content_names(folder: str) -> list[str]:
    """Names (for :func:`content`) of the data files in ``locales/<language>/<folder>/``, Dutch as fallback."""
    names: set[str] = set()
    for lang in (language(), DEFAULT_LANGUAGE):
        for base in _locale_dirs(lang):
            if (base / folder).is_dir():
                names |= {f"{folder}/{p.stem}" for p in (base / folder).glob("*.json")}
    return sorted(names)


def t(key: str, **values: Any) -> str:
    """Interface text for ``key`` (dotted path in ``ui.json``), formatted with ``values``."""
    extra = os.environ.get(EXTRA_LOCALES_ENV)
    for lang in (language(), DEFAULT_LANGUAGE):
        node: Any = _load(lang, "ui", extra)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values) if values else node
    raise KeyError(f"no interface text for {key!r}")


def clear_cache() -> None:
    _load.cache_clear()
