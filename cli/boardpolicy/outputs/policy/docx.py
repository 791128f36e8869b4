"""Document -> DOCX with real Word styles, written as WordprocessingML (see `..wordml`).

Title and headings use Word's built-in styles, bullets use the "List Bullet" style's Word
numbering (never a typed "•"), the header names the district and policy, the footer numbers
the pages with fields. The same input gives the same bytes; the document's dates come from
the caller's Context (SOURCE_DATE_EPOCH, else the policy's latest history date).
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree
from lxml.etree import _Element

from ...diff.kinds import UnitKind
from ...document import Block, Document, Kind
from ..wordml import (
    Body,
    hanging_indent,
    header_and_footer,
    keep_with_next,
    package,
    reference_parts,
    run,
    space_after,
    tab_stop,
    w,
    xml_part,
)

# The paragraph style (its id in the reference document) for each kind of block or diff unit.
STYLES = {UnitKind.TITLE: "Title", UnitKind.HEADING: "Heading2", UnitKind.LABEL: "Heading2",
          UnitKind.ITEM: "ListBullet", UnitKind.REFERENCE: "Reference",
          UnitKind.ENTRY: "Reference", UnitKind.NOTE: "DraftingNote",
          UnitKind.DISTRICT: "Reference", UnitKind.SERIES: "Reference",
          UnitKind.PARAGRAPH: "BodyText", UnitKind.FOOTNOTE: "BodyText"}
LIST_END = 10  # points below a list's last item, so that the list ends like a paragraph
REFERENCE_TAB = 1440  # the column of a cross reference's title: one inch, in twips


def write_docx(document: Document, when: datetime) -> bytes:
    """The policy as a Word document whose dates are `when`."""
    parts = reference_parts()
    root = etree.fromstring(parts["word/document.xml"])
    header = etree.fromstring(parts["word/header1.xml"])
    footer = etree.fromstring(parts["word/footer1.xml"])
    header_and_footer(_first_paragraph(header), _first_paragraph(footer), document)
    body = Body(root[0])
    if document.title:  # an empty Title paragraph would print its rule alone
        body.paragraph("Title", document.title)
    write_blocks(body, document)
    parts.update({"word/document.xml": xml_part(root), "word/header1.xml": xml_part(header),
                  "word/footer1.xml": xml_part(footer)})
    return package(parts, document, when)


def _first_paragraph(part: _Element) -> _Element:
    """The reference header's or footer's one paragraph, which the policy fills in."""
    p = part.find(w("p"))
    if p is None:
        raise ValueError("templates/reference.docx: a header or footer without a paragraph")
    return p


def reference_columns(p: _Element) -> None:
    """A cross reference in two columns: its code, then at one inch its title, whose
    wrapped lines stay in that column; kept on one page with the rest of the list."""
    keep_with_next(p)
    tab_stop(p, REFERENCE_TAB)
    hanging_indent(p, REFERENCE_TAB)


def write_blocks(body: Body, document: Document) -> None:
    """The document's blocks as styled paragraphs (everything but the title)."""
    for block in document.printed():
        _write_block(body, block)


def _write_block(body: Body, block: Block) -> None:
    if block.kind is Kind.LIST:
        for item in block.children:
            p = body.paragraph("ListBullet", item.text)
        space_after(p, LIST_END)
    elif block.kind is Kind.REFERENCES:
        if block.label:  # no heading of nothing: an empty heading is a lone line in Word
            body.paragraph("Heading2", block.label)
        for ref in block.children:
            p = body.paragraph("Reference")
            reference_columns(p)
            run(p, f"{ref.label}\t{ref.text}")
    elif block.kind is Kind.HISTORY:
        if block.label:
            body.paragraph("Heading2", block.label)
        for entry in block.children:
            p = body.paragraph("Reference")
            run(p, f"{entry.label}:", bold=True)
            if entry.text:
                run(p, f" {entry.text}")
    elif block.kind is Kind.HEADING:
        body.paragraph("Heading2", block.text)
    elif block.kind is Kind.NOTE:
        p = body.paragraph("DraftingNote")
        run(p, "Drafting note: ", bold=True)
        run(p, block.text)
    else:
        body.paragraph("BodyText", block.text)
