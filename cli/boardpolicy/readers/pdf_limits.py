"""The PDF reader's work limits, shared by both engines: pdfminer's interpreter counts its work
against them (`pdf_paint.py`), and PDFium's reading hands a file over to it before any could
be passed (`pdf_pdfium.py`). A module of its own so that the fast way imports no pdfminer."""

from __future__ import annotations

from dataclasses import dataclass

SMALLEST = 2.0  # points: a glyph lower than this is not text anyone reads (footnotes are 6+)


@dataclass(frozen=True)
class Limits:
    """Work limits; the document-wide ones grow with the file's size, since the goal is time
    in proportion to the input (a few seconds for a small file, about 10 s a megabyte)."""

    glyphs_floor: int = 200_000  # about 2 s of pdfminer's layout work
    glyphs_per_kb: int = 1_000  # a Word export draws about 700 a kilobyte
    glyphs_per_page: int = 60_000  # a page of 6-point text is 15,000
    operators_floor: int = 300_000  # about 2.5 s
    operators_per_kb: int = 1_000
    saved_states: int = 1_000  # `q` nested without `Q`; the PDF reference suggests 28
    form_depth: int = 32  # forms drawing forms drawing forms
    shapes_per_page: int = 2_000  # filled rectangles checked for covering text
    form_cost: int = 100  # operators a form's drawing costs besides its own (its setup)

    def glyphs(self, size: int) -> int:
        return self.glyphs_floor + self.glyphs_per_kb * (size // 1024)

    def operators(self, size: int) -> int:
        return self.operators_floor + self.operators_per_kb * (size // 1024)
