"""WordprocessingML as lxml elements: the paragraphs, runs, tabs and fields of boardpolicy's
Word documents, and the package they go out in.

Everything that is the same in every document -- styles, page size and margins, the header's
and footer's paragraph and tabs -- is already in `templates/reference.docx` (written by
`scripts/make-reference-docx`); a document adds only its own text. A policy is written with
these functions alone: importing python-docx takes longer than writing the whole policy. The
redline and the packet, which need python-docx for Word comments, build their paragraphs with
the same functions: they work on any lxml tree, python-docx's included.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from lxml import etree
from lxml.etree import _Element

from ..document import Document
from ..resources import data_dir
from ..xmlchars import xml_unsafe

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_RUN_PIECES = re.compile(r"\t|[\r\n]|[^\t\r\n]+")
# The order WordprocessingML requires among the paragraph properties boardpolicy sets.
_PPR_ORDER = ("pStyle", "keepNext", "tabs", "spacing", "ind", "rPr")


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag: w("p") -> "{...main}p"."""
    return f"{{{W}}}{tag}"


def xml_safe(text: str) -> str:
    """Text a Word document can hold: characters XML forbids become U+FFFD."""
    return xml_unsafe().sub("\ufffd", text)


def reference_parts() -> dict[str, bytes]:
    """Every part of the reference package, by name, in the package's order."""
    with zipfile.ZipFile(data_dir("templates") / "reference.docx") as package:
        return {name: package.read(name) for name in package.namelist()}


class Body:
    """Adds paragraphs at the end of a body or header, before its section properties.

    The section properties are found once: python-docx's own `add_paragraph` scans the body
    for them every time, which makes a long document quadratic."""

    def __init__(self, body: _Element) -> None:
        self.body = body
        self.end = body.find(w("sectPr"))
        self.last: _Element | None = None

    def paragraph(self, style: str, text: str = "") -> _Element:
        """A new paragraph in the style with id `style` ("BodyText", "ListBullet", ...)."""
        p = self.body.makeelement(w("p"), {})
        etree.SubElement(etree.SubElement(p, w("pPr")), w("pStyle"), {w("val"): style})
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.body.append(p)
        if text:
            run(p, text)
        self.last = p
        return p

    def page_break(self) -> None:
        """A page break at the end of the last paragraph added (there must be one)."""
        if self.last is None:
            raise ValueError("a page break needs a paragraph before it")
        page_break(self.last)


def run(p: _Element, text: str, *, bold: bool = False, deleted: bool = False) -> _Element:
    """A run of text at the end of `p` (a paragraph, or a tracked insertion or deletion in
    one), as Word types it: a tab is a `w:tab`, a line break a `w:br`, and spaces at either
    end of a piece of text are kept. `deleted`: the text of a tracked deletion (`w:delText`)."""
    r = etree.SubElement(p, w("r"))
    if bold:
        etree.SubElement(etree.SubElement(r, w("rPr")), w("b"))
    for piece in _RUN_PIECES.findall(xml_safe(text)):
        if piece == "\t":
            etree.SubElement(r, w("tab"))
        elif piece in "\r\n":
            etree.SubElement(r, w("br"))
        else:
            t = etree.SubElement(r, w("delText" if deleted else "t"))
            t.text = piece
            if piece.strip() != piece:
                t.set(XML_SPACE, "preserve")
    return r


def page_break(p: _Element) -> None:
    """A page break at the end of paragraph `p`."""
    etree.SubElement(etree.SubElement(p, w("r")), w("br"), {w("type"): "page"})


def space_after(p: _Element, points: int) -> None:
    """Space below paragraph `p`, in points."""
    _paragraph_property(p, "spacing").set(w("after"), str(points * 20))


def tab_stop(p: _Element, twips: int, kind: str = "left") -> None:
    """A tab stop ("left", or "clear" to remove the style's own) at `twips` (1/1440 inch)."""
    tabs = _paragraph_property(p, "tabs")
    etree.SubElement(tabs, w("tab"), {w("pos"): str(twips), w("val"): kind})


def keep_with_next(p: _Element) -> None:
    """Paragraph `p` on the same page as the next one."""
    _paragraph_property(p, "keepNext")


def hanging_indent(p: _Element, twips: int) -> None:
    """Lines after the first start `twips` in: a wrapped line stays in the second column."""
    ind = _paragraph_property(p, "ind")
    ind.set(w("left"), str(twips))
    ind.set(w("hanging"), str(twips))


def field(p: _Element, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update as they lay out pages."""
    simple = etree.SubElement(p, w("fldSimple"), {w("instr"): f" {instruction} \\* MERGEFORMAT "})
    etree.SubElement(etree.SubElement(simple, w("r")), w("t")).text = "1"


def _paragraph_property(p: _Element, name: str) -> _Element:
    """Paragraph `p`'s property `name` (w:tabs, w:spacing), made in schema order if absent."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    found = ppr.find(w(name))
    if found is not None:
        return found
    element = ppr.makeelement(w(name), {})
    rank = _PPR_ORDER.index(name)
    for k, child in enumerate(ppr):
        local = etree.QName(child).localname
        if local in _PPR_ORDER and _PPR_ORDER.index(local) > rank:
            ppr.insert(k, element)
            return element
    ppr.append(element)
    return element


def header_and_footer(header: _Element, footer: _Element, document: Document) -> None:
    """Fill the reference's header paragraph (district, then policy number at the right tab)
    and footer paragraph (policy number, then page X of Y)."""
    run(header, document.district or "")
    run(header, "\t" + " ".join(p for p in (document.series, document.number) if p) +
        (f" — {document.status.label}" if document.status else ""))
    run(footer, f"Policy {document.number}" if document.number else "")
    run(footer, "\tPage ")
    field(footer, "PAGE")
    run(footer, " of ")
    field(footer, "NUMPAGES")


def package(parts: dict[str, bytes], document: Document, when: datetime, *,
            kind: str = "", made_from: str = "") -> bytes:
    """The parts as a .docx whose bytes depend on nothing but its content: fixed entry times
    and attributes, the core properties of `document` dated `when`, and an app.xml that says
    boardpolicy made it. `kind` ("Redline", "First reading") heads the title Word shows, and
    `made_from` says what the file was made from, when it is not the policy alone."""
    parts = {**parts, "docProps/core.xml": _core_xml(document, when, kind, made_from),
             "docProps/app.xml": _app_xml()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


def xml_part(element: _Element) -> bytes:
    """An element as a part's XML, with the declaration Word writes."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


# The core properties' namespaces, in the order Word writes their declarations
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def _core_xml(document: Document, when: datetime, kind: str, made_from: str) -> bytes:
    """docProps/core.xml: title, subject, author, dates; what Word shows under Properties.
    No "last printed": boardpolicy prints nothing."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    title = f"{document.number} {document.title}".strip()
    made_from = made_from or document.source
    fields = [
        ("dc:title", f"{kind}: {title}" if kind else title),
        ("dc:subject", document.series.title() if document.series else ""),
        ("dc:creator", document.district or ""),
        ("cp:keywords", "policy"),
        ("dc:description", f"Rendered by boardpolicy from {made_from}" if made_from else ""),
        ("cp:lastModifiedBy", "boardpolicy"),
        ("cp:revision", "1"),
        ("dcterms:created", stamp),
        ("dcterms:modified", stamp),
        ("cp:category", "Board policy"),
        ("dc:language", "en-US"),
    ]
    root = etree.Element(_core_name("cp:coreProperties"), nsmap=_CORE_NS)
    for tag, value in fields:
        element = etree.SubElement(root, _core_name(tag))
        element.text = xml_safe(value)  # "" too: written <dc:subject></dc:subject>, as Word
        if tag.startswith("dcterms:"):
            element.set(_core_name("xsi:type"), "dcterms:W3CDTF")
    return xml_part(root)


def _core_name(name: str) -> str:
    """"dc:title" -> "{http://purl.org/dc/elements/1.1/}title"."""
    prefix, _, local = name.partition(":")
    return f"{{{_CORE_NS[prefix]}}}{local}"


def _app_xml() -> bytes:
    from .. import __version__

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>boardpolicy</Application>'
            f"<AppVersion>{_app_version(__version__)}</AppVersion></Properties>").encode()


def _app_version(version: str) -> str:
    """Word reads AppVersion as XX.YYYY: '0.1.0' -> '00.0100'."""
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]] + [0, 0]
    return f"{parts[0]:02d}.{parts[1]:02d}{parts[2]:02d}"
