"""A download the browser saves: a link with the file's bytes in it (a data: URL).

Works the same in JupyterLab, in the app (Voila), on a hub and on the zero-install site: nothing is written where the browser
cannot reach it, and nothing goes over the network but this page. For exports of a few megabytes at
most (an overview, a portfolio, a hand-in file).
"""
from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from sw_exercises.widgets import lean as W

from ..i18n import t
from ..workspace import in_browser

MIME = {"html": "text/html;charset=utf-8", "csv": "text/csv;charset=utf-8", "json": "application/json",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "md": "text/markdown;charset=utf-8", "zip": "application/zip"}


def link_html(filename: str, data: bytes | str, *, label: str | None = None, mime: str | None = None) -> str:
    """An ``<a download>`` with the file inside; ``label`` is what the student reads."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    kind = mime or MIME.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    href = f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"
    text = label or t("download.label", name=filename)
    return (f"<a class='sw-download' download='{escape(filename, quote=True)}' href='{href}' "
            f"style='display:inline-block;padding:0.3em 0.8em;border:1px solid #0072B2;border-radius:3px;"
            f"margin:0.2em 0.4em 0.2em 0;text-decoration:underline'>⬇ {escape(text)}</a>")


class DownloadLinks(W.HTML):
    """One or more download links, replaced as a whole when the files change."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("sw-downloads")

    def show(self, files: list[tuple[str, bytes | str]], *, note: str = "") -> None:
        links = "".join(link_html(name, data) for name, data in files)
        self.value = f"<div role='group' aria-label='{escape(t('download.group'))}'>{links}" \
                     + (f"<p><small>{escape(note)}</small></p>" if note else "") + "</div>"

    def clear(self) -> None:
        self.value = ""


def written_html(paths: list[Path], message: str, *, note: str = "") -> str:
    """What an export shows: ``message``, a download link per file, and (outside the browser) where
    the file was also saved, for a student who works in JupyterLab's file browser."""
    items = []
    for path in paths:
        where = "" if in_browser() else f"<br><small>{escape(t('download.saved_at'))} <code>{escape(str(path))}</code></small>"
        items.append(f"<li>{link_html(path.name, Path(path).read_bytes())}{where}</li>")
    extra = f"<p>{escape(note)}</p>" if note else ""
    return f"<div role='status'><p>{escape(message)}</p><ul class='sw-written'>{''.join(items)}</ul>{extra}</div>"
