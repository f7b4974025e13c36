"""Every text a user reads comes from ``locales/<language>/``.

Interface text (:func:`t`) comes from the gettext catalog ``locales/<language>/LC_MESSAGES/werkboek.mo``,
compiled from ``werkboek.po`` by ``tools/i18n.py compile``; its msgid is the dotted key the code uses
(``status.empty``). Content (readings, questions, model labels: :func:`content`) comes from JSON files
``locales/<language>/<name>.json`` and stays Dutch unless a language provides its own files.

The language (:func:`language`): ``WERKBOEK_TAAL`` if set, else what the student chose on the start
page (``instellingen.json`` in the workspace, :mod:`sw_exercises.settings`), else Dutch.

Dutch (``nl``) is complete and is the fallback. Adding a language means adding ``locales/<code>/``
(or setting ``WERKBOEK_TALEN_MAP`` to a folder that holds ``<code>/LC_MESSAGES/werkboek.mo`` and/or
``<code>/*.json``) and choosing it with ``WERKBOEK_TAAL``; no code changes. A key missing in the
chosen language falls back to Dutch. See docs/VERTALEN.md.
"""
from __future__ import annotations

import gettext
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .settings import clear_cache as _clear_settings_cache
from .settings import saved_language

DEFAULT_LANGUAGE = "nl"
LANGUAGE_ENV = "WERKBOEK_TAAL"
EXTRA_LOCALES_ENV = "WERKBOEK_TALEN_MAP"
_PACKAGE_LOCALES = Path(__file__).parent / "locales"
DOMAIN = "werkboek"


def language() -> str:
    """The interface language: ``WERKBOEK_TAAL`` if set, else the student's choice on the start page
    (saved in the workspace, :mod:`sw_exercises.settings`), else Dutch."""
    chosen = os.environ.get(LANGUAGE_ENV, "").strip()
    if chosen:
        return chosen
    return saved_language() or DEFAULT_LANGUAGE


def language_from_environment() -> bool:
    """True when ``WERKBOEK_TAAL`` decides the language (a choice on the start page then has no effect)."""
    return bool(os.environ.get(LANGUAGE_ENV, "").strip())


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


@lru_cache(maxsize=None)
def _catalog(lang: str, extra: str | None) -> dict[str, str]:
    """The compiled catalog of ``lang``: dotted key -> text (the extra folder's first, then the package's)."""
    texts: dict[str, str] = {}
    for folder in reversed(_locale_dirs(lang)):
        path = folder / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as fh:
                texts.update((k, v) for k, v in gettext.GNUTranslations(fh)._catalog.items() if k and v)
    return texts


def texts(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every interface text of ``lang`` by its dotted key (for tests and tools)."""
    return dict(_catalog(lang, os.environ.get(EXTRA_LOCALES_ENV)))


def ui_tree(lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The interface texts of ``lang`` nested by the parts of their keys (``tree["status"]["empty"]``)."""
    tree: dict[str, Any] = {}
    for key, text in sorted(texts(lang).items()):
        *parents, last = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = text
    return tree


def t(key: str, **values: Any) -> str:
    """Interface text for ``key`` (the msgid in ``werkboek.po``), formatted with ``values`` (``str.format``)."""
    extra = os.environ.get(EXTRA_LOCALES_ENV)
    for lang in (language(), DEFAULT_LANGUAGE):
        text = _catalog(lang, extra).get(key)
        if text is not None:
            return text.format(**values) if values else text
    raise KeyError(f"no interface text for {key!r}")


def tn(key: str, n: int, **values: Any) -> str:
    """Interface text for a count ``n``: the text ``<key>_one`` when ``n`` is 1 ("1 mogelijk
    persoonsgegeven"), else ``key`` ("3 mogelijke persoonsgegevens"); ``{n}`` is filled in.
    Both languages have both forms (``tests/test_i18n.py``)."""
    if n == 1:
        return t(f"{key}_one", n=n, **values)
    return t(key, n=n, **values)


def clear_cache() -> None:
    _load.cache_clear()
    _catalog.cache_clear()
    _clear_settings_cache()
