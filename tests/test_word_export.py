"""The one Word writer: Word-safe text, and charts rendered from the page's SVG to a PNG picture."""
import io

from PIL import Image

from sw_exercises import word_export
from sw_exercises.widgets import svg


def dark_pixels(png: bytes) -> int:
    return sum(1 for value in Image.open(io.BytesIO(png)).convert("L").tobytes() if value < 128)


def drawing(body: str) -> str:
    return svg.document(svg.new_id("t"), 200, 60, "Titel", "Beschrijving", body)


def test_a_drawing_sized_for_the_page_renders_at_its_own_size():
    """The page's width='100%' and height:auto would give an empty, transparent picture."""
    png = word_export.svg_to_png(drawing("<rect x='10' y='10' width='50' height='30' fill='#000000'/>"), width=400)
    image = Image.open(io.BytesIO(png))
    assert image.size == (400, 120) and image.mode == "RGB"
    assert dark_pixels(png) > 4000  # the black rectangle: 100 × 60 px at this scale


def test_text_with_a_white_halo_stays_readable_in_the_picture():
    """CairoSVG has no paint-order: the white outline is drawn first, the letters on top."""
    plain = word_export.svg_to_png(drawing(svg.text(10, 30, "Zoë 3. De redder", size=20)))
    halo = word_export.svg_to_png(drawing(svg.text(10, 30, "Zoë 3. De redder", size=20, halo=True)))
    assert dark_pixels(plain) > 300
    assert dark_pixels(halo) > 0.8 * dark_pixels(plain)


def test_word_safe_text_keeps_tabs_and_line_breaks():
    assert word_export.docx_safe("a\x00b\x0bc\td\ne\ud800") == "abc\td\ne\ufffd"
