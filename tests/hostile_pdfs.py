"""Hostile PDFs built at test time from raw PDF syntax: pages, fonts, form XObjects and
annotations, each a few lines, so a test shows the operators that make the attack."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from .pdfs import pdf_file

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
BARE_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


@dataclass
class Sheet:
    """One page: its content stream, size, rotation, form XObjects and annotations."""

    content: bytes
    width: int = 612
    height: int = 792
    rotate: int = 0
    forms: dict[str, bytes] = field(default_factory=dict)  # name -> a form's whole object
    # annotations: (its dictionary, where APPEARANCE stands for its appearance stream's
    # reference; the appearance stream)
    annots: list[tuple[bytes, bytes]] = field(default_factory=list)
    font: bytes = HELVETICA
    fonts: dict[str, bytes] = field(default_factory=dict)  # more fonts: name -> its object
    resources: bytes = b""  # more entries of the page's resources (an /ExtGState, say)


def stream(data: bytes, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    """A stream object's body."""
    if deflate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text(words: str, x: float = 72, y: float = 700, size: float = 12) -> bytes:
    """BT … ET showing `words` at (x, y)."""
    escaped = words.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
    escaped = escaped.replace(b")", b"\\)")
    return b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, y, escaped)


def document(sheets: list[Sheet], *, deflate: bool = False, catalog: bytes = b"",
             more: tuple[bytes, ...] = ()) -> bytes:
    """A PDF of these pages (objects: catalog, page tree, then per page its page, content,
    font, forms and annotations, then `more`); `catalog`: more entries of the catalog."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog, b""]
    kids = []
    for sheet in sheets:
        page = len(objects) + 1
        kids.append(b"%d 0 R" % page)
        objects.append(b"")  # the page, filled in below
        objects.append(stream(sheet.content, deflate=deflate))
        objects.append(sheet.font)
        font = len(objects)
        fonts = [b"/F1 %d 0 R" % font]
        for name, body in sheet.fonts.items():
            objects.append(body)
            fonts.append(b"/%s %d 0 R" % (name.encode(), len(objects)))
        xobjects = []
        for name, body in sheet.forms.items():
            objects.append(body)
            xobjects.append(b"/%s %d 0 R" % (name.encode(), len(objects)))
        annots = []
        for body, appearance in sheet.annots:
            objects.append(appearance)
            objects.append(body.replace(b"APPEARANCE", b"%d 0 R" % len(objects)))
            annots.append(b"%d 0 R" % len(objects))
        objects[page - 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Contents %d 0 R "
            b"/Resources << /Font << %s >> /XObject << %s >> %s>> /Annots [%s] >>"
            % (sheet.width, sheet.height, sheet.rotate, page + 1, b" ".join(fonts),
               b" ".join(xobjects), sheet.resources,
               b" ".join(annots)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects.extend(more)
    return pdf_file(objects)


def form(content: bytes, *, xobjects: bytes = b"", bbox: bytes = b"0 0 612 792") -> bytes:
    """A form XObject; its font F1 is the page's Helvetica by reference (object 5 on page 1
    of a one-page document: catalog, tree, page, content, font)."""
    return stream(content, b" /Type /XObject /Subtype /Form /BBox [%s] /Resources << /Font "
                  b"<< /F1 5 0 R >> /XObject << %s >> >>" % (bbox, xobjects))


POLICY = ("The Board recognizes that electronic resources support learning. Staff shall use "
          "them responsibly and with care for the privacy of students and colleagues alike.")


def paragraph(words: str = POLICY, x: float = 72, y: float = 700, size: float = 12,
              width: int = 80) -> bytes:
    """Lines of `words` wrapped at `width` characters, 14 points apart."""
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return b"".join(text(each, x, y - 14 * k, size) for k, each in enumerate(lines))
