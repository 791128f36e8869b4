"""A Word document -> Document, through python-docx and its XML.

Bullets are recognised from Word numbering (a list style or numbering properties) and from
typed markers; text inside tracked insertions is read and tracked deletions are not, so a
document with revisions reads as it would after accepting them. The zip is checked before it
is opened, so a damaged file or a zip bomb is refused without being inflated.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..document import Document
from ..errors import BoardPolicyError, InputError
from .structure import Line, build

MAX_UNPACKED = 100_000_000  # bytes a DOCX may inflate to (a long policy is well under 1 MB)
MAX_RATIO = 200  # inflated / compressed, per entry

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, name: str) -> None:
    """A DOCX is a zip with word/document.xml, of sane size when inflated."""
    if not data.startswith(b"PK"):
        raise InputError("is not a Word document (.docx): it is not a zip archive", path=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, zlib.error, NotImplementedError) as exc:
        raise InputError(f"is a damaged Word document ({exc})", path=name) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError("is a zip archive but not a Word document (no word/document.xml)",
                         path=name)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise InputError(f"would unpack to {total:,} bytes; refused (the limit is "
                         f"{MAX_UNPACKED:,})", path=name)
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and \
                info.file_size > 10_000_000:
            raise InputError(f"looks like a zip bomb ({info.filename} inflates "
                             f"{info.file_size // info.compress_size}×); refused", path=name)
    _inflate_bounded(data, name)


def _inflate_bounded(data: bytes, name: str) -> None:
    """Inflate every entry in chunks, stopping at its declared size or the limit: a zip that
    lies about its sizes is refused before python-docx reads it whole into memory."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                inflated = 0
                with archive.open(info) as entry:
                    while chunk := entry.read(1 << 20):
                        inflated += len(chunk)
                        total += len(chunk)
                        if inflated > info.file_size or total > MAX_UNPACKED:
                            raise InputError(f"inflates past {MAX_UNPACKED:,} bytes (or past "
                                             "the sizes it declares); refused", path=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
            zlib.error, NotImplementedError) as exc:
        raise InputError(f"is a damaged Word document ({exc})", path=name) from None


def read_docx(data: bytes, name: str) -> Document:
    check_zip(data, name)
    try:
        return _read(data, name)
    except BoardPolicyError:
        raise
    except Exception as exc:
        # python-docx and lxml raise many kinds of errors, some only when a damaged part is
        # first touched; this module is their adapter, so each one is a damaged document.
        raise InputError(f"is a damaged Word document ({type(exc).__name__}: {exc})",
                         path=name) from None


def _read(data: bytes, name: str) -> Document:
    from docx import Document as open_docx

    word = open_docx(io.BytesIO(data))
    lines: list[Line] = []
    numbered_styles = _numbered_styles(word)
    for element in word.element.body.iterchildren():
        if element.tag == f"{W}p":
            text = _paragraph_text(element)
            if text.strip():
                lines.append(Line(text, _hint(element, numbered_styles)))
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{W}p"))
                         for cell in row.iter(f"{W}tc")]
                if any(c.strip() for c in cells):
                    lines.append(Line("  ".join(c.strip() for c in cells if c.strip())))
    district, series, number = _header(word)
    return build(lines, source=name, district=district, series=series, number=number)


def _paragraph_text(p) -> str:
    """Text as it reads with revisions accepted: w:t (inserted too), not w:delText."""
    out = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = node.tag[len(W):]
        if tag == "t":
            out.append(node.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        else:
            out.append("-")
    return "".join(out)


def _numbered_styles(word) -> dict[str, str]:
    """Paragraph style id -> hint, from the styles' names and numbering."""
    hints: dict[str, str] = {}
    for style in word.styles:
        element = style.element
        style_id = element.get(f"{W}styleId")
        name = (style.name or "").lower()
        if name == "title":
            hints[style_id] = "title"
        elif name.startswith("heading"):
            hints[style_id] = "heading"
        elif element.find(f"{W}pPr/{W}numPr") is not None or name.startswith("list bullet") \
                or name.startswith("list number"):
            hints[style_id] = "item"
    return hints


def _hint(p, styles: dict[str, str]) -> str:
    ppr = p.find(f"{W}pPr")
    if ppr is not None:
        num = ppr.find(f"{W}numPr")
        if num is not None:
            num_id = num.find(f"{W}numId")
            if num_id is None or num_id.get(f"{W}val") != "0":
                return "item"
        style = ppr.find(f"{W}pStyle")
        if style is not None:
            return styles.get(style.get(f"{W}val"), "para")
    return "para"


def _header(word) -> tuple[str | None, str, str]:
    """Our own layout: "District<tab>SERIES NUMBER" in the first section's header."""
    try:
        text = "\n".join(p.text for p in word.sections[0].header.paragraphs)
    except (IndexError, AttributeError):
        return None, "", ""
    left, _, right = text.partition("\t")
    series, _, number = right.strip().rpartition(" ")
    if left.strip() and number[:1].isdigit():
        return left.strip(), series.strip(), number.strip()
    return None, "", ""
