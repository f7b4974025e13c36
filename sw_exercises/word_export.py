"""The one Word (.docx) writer: every .docx the package makes (the portfolio, the intervision
record) is written through :class:`WordDocument`.

* **Word-safe text**: every string (titles, headings, names, answers, captions) passes
  :func:`docx_safe`, so a control character or a lone surrogate typed or pasted by accident cannot
  break the export.
* **Charts as pictures**: :meth:`WordDocument.picture` places a PNG with its text alternative as
  the picture's description (what a screen reader reads) and as a visible caption below it.
  :func:`svg_to_png` renders the same inline SVG the HTML export shows, with CairoSVG (no browser,
  no network). Without a working CairoSVG (the cairo library missing), the caption alone is written.

python-docx (lxml) and CairoSVG are imported only when a Word file is made: the browser site, which
has neither, never imports them (it makes no Word files).
"""
from __future__ import annotations

import io
import re
from typing import Any

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_ENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")

PICTURE_WIDTH_CM = 16.0   # the text width of an A4 page with Word's default margins
PNG_WIDTH_PX = 1440       # sharp enough to print at that width


def docx_safe(text: Any) -> str:
    """A string Word's XML can hold: control characters (a NUL typed or pasted by accident, a
    vertical tab from another program) are dropped; lone surrogates and the non-characters U+FFFE
    and U+FFFF become U+FFFD. Tabs and line breaks stay."""
    return _NOT_ENCODABLE.sub("\ufffd", _NOT_IN_XML.sub("", str(text)))


_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r"""viewBox=['"]0 0 ([0-9.]+) ([0-9.]+)['"]""")
_SIZE = re.compile(r"""\s(?:width|height|style)=(?:'[^']*'|"[^"]*")""")


def fixed_size(svg: str) -> str:
    """The drawing with the size of its viewBox instead of the page's ``width='100%'`` and
    ``height:auto`` (which a renderer outside a browser reads as an empty drawing)."""
    root = _ROOT.search(svg)
    box = _VIEWBOX.search(root.group(0)) if root else None
    if root is None or box is None:
        return svg
    tag = _SIZE.sub("", root.group(0)).replace("<svg", f"<svg width='{box.group(1)}' height='{box.group(2)}'", 1)
    return svg[:root.start()] + tag + svg[root.end():]


_HALO = re.compile(r"<text([^>]*?)( stroke='[^']*' stroke-width='[^']*') paint-order='stroke'([^>]*)>(.*?)</text>", re.S)


def without_paint_order(svg: str) -> str:
    """Text with a halo (a white outline drawn under the letters, ``paint-order='stroke'``) as two
    texts, outline first: CairoSVG ignores paint-order and would paint the outline over the letters."""
    return _HALO.sub(r"<text\1\2\3>\4</text><text\1\3>\4</text>", svg)


def svg_to_png(svg: str, width: int = PNG_WIDTH_PX) -> bytes | None:
    """The SVG drawing as a PNG ``width`` pixels wide, or None when CairoSVG cannot run here."""
    try:
        import cairosvg
    except (ImportError, OSError):  # OSError: the cairo library itself is missing
        return None
    return cairosvg.svg2png(bytestring=without_paint_order(fixed_size(svg)).encode("utf-8"), output_width=width, background_color="white")


class WordDocument:
    """A python-docx document that passes every string through :func:`docx_safe`."""

    def __init__(self) -> None:
        from docx import Document  # python-docx: imported only when a Word file is made
        self.doc = Document()

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(docx_safe(text), level=level)

    def paragraph(self, text: str, *, italic: bool = False, style: str | None = None) -> None:
        run = self.doc.add_paragraph(style=style).add_run(docx_safe(text))
        if italic:
            run.italic = True

    def lines(self, text: str) -> None:
        """Text with line breaks as one paragraph per line (as typed)."""
        for line in text.split("\n"):
            self.paragraph(line)

    def bullet(self, text: str) -> None:
        self.paragraph(text, style="List Bullet")

    def picture(self, png: bytes | None, description: str) -> None:
        """A chart: the picture (when there is one) with ``description`` as its alternative text,
        then ``description`` as a visible caption."""
        if png:
            from docx.shared import Cm

            run = self.doc.add_paragraph().add_run()
            shape = run.add_picture(io.BytesIO(png), width=Cm(PICTURE_WIDTH_CM))
            shape._inline.docPr.set("descr", docx_safe(description))
        self.paragraph(description, italic=True, style="Caption")

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
