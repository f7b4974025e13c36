"""A download link made in the kernel: the file's bytes in a ``data:`` URL, in a ``W.HTML``.

Works in JupyterLab, Voila and the zero-install site alike (no server route, no other host): the
browser saves the file under ``name`` when the student clicks. Meant for small files (a back-up, a
portfolio page, a hand-in file); the bytes travel to the browser once, with the widget.

A minimal version for the back-up and the site's exports; ``sw_exercises/widgets/download.py``
(another branch) is the general one, and the two are to be merged.
"""
from __future__ import annotations

import base64
import mimetypes
from html import escape

import ipywidgets as W

from ..i18n import t


def download_html(name: str, data: bytes, mime: str | None = None, *, label: str | None = None) -> str:
    """An ``<a download>`` with ``data`` inline; the link text is Dutch ('Download <name>')."""
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    text = label or t("site.download", name=name)
    return f'<a class="sw-download" download="{escape(name)}" href="{href}">{escape(text)}</a>'


def download_link(name: str, data: bytes, mime: str | None = None, *, label: str | None = None) -> W.HTML:
    link = W.HTML(download_html(name, data, mime, label=label))
    link.add_class("sw-download-link")
    return link
