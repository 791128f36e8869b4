"""PDF files written by hand for tests: no tool needed to make them."""

from __future__ import annotations

import io

from boardpolicy.diff import units
from boardpolicy.document import Document
from boardpolicy.readers.pdf import Page, Row, document_from_pages


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these numbered objects (1 is the catalog), with its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def row(text: str, top: float, x0: float = 72, x1: float | None = None, size: float = 12,
        **kw) -> Row:
    """A line of text on a page, built by hand (points from the page's top; the reader's
    rules are tested on these without a PDF)."""
    x1 = x1 if x1 is not None else min(540, x0 + 5.5 * len(text))
    return Row(text, x0, x1, top, top + size, size, ink=x1, **kw)


def read_rows(*pages: list[Row]) -> tuple[list[str], Document]:
    """Pages of such rows read as a PDF's pages are: the units' texts, and the Document."""
    document = document_from_pages([Page(612, 792, rows) for rows in pages], "rows.pdf")
    return [u.text for u in units(document)], document

