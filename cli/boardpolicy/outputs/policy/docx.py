"""Document -> DOCX with real Word styles, through python-docx.

Title and headings use Word's built-in styles, bullets use the "List Bullet" style's Word
numbering (never a typed "•"), the header names the district and policy, the footer numbers
the pages with fields. The zip is rewritten with fixed entry times so that the same input
gives the same bytes; the document's dates come from the caller's Context (SOURCE_DATE_EPOCH,
else the policy's latest history date).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from ...document import Block, Document, Kind
from ...resources import data_dir

FONT = "Times New Roman"  # LibreOffice shows it as the metric-compatible Liberation Serif
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_docx(document: Document, when: datetime) -> bytes:
    """The policy as a Word document whose dates are `when`."""
    word = new_word(document)
    paragraph(word, document.title, "Title")
    write_blocks(word, document)
    return finish(word, document, when)


def paragraph(word, text: str = "", style: str = "Body Text"):
    """A new paragraph in a style given by name, at the end of the body.

    python-docx looks a style name up by scanning every style each time, and places each new
    paragraph by scanning the body for its section properties: both quadratic in the
    document's length. Each name is resolved once per document, and each paragraph put
    straight before the section properties, found once."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    ids = word.__dict__.setdefault("_style_ids", {})
    if style not in ids:
        ids[style] = word.styles[style].style_id
    body = word.element.body
    if "_section_end" not in word.__dict__:
        word.__dict__["_section_end"] = body.find(qn("w:sectPr"))
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), ids[style])
    ppr.append(p_style)
    p.append(ppr)
    end = word.__dict__["_section_end"]
    if end is not None and end.getparent() is body:
        end.addprevious(p)
    else:
        body.append(p)
    para = Paragraph(p, word._body)
    if text:
        para.add_run(xml_safe(text))
    return para


def write_blocks(word, document: Document) -> None:
    """The document's blocks as styled paragraphs (everything but the title)."""
    for block in document.blocks:
        _write_block(word, block)


def new_word(document: Document):
    """An empty Word document with our styles, page, header and footer for `document`."""
    from docx import Document as new_docx
    from docx.shared import Inches, Pt

    word = new_docx(str(data_dir("templates") / "reference.docx"))
    _set_styles(word, Pt)
    section = word.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    text_width = section.page_width - section.left_margin - section.right_margin

    # The Header and Footer styles carry a centre tab; clear it so one tab reaches the right.
    header = section.header.paragraphs[0]
    _right_tab_only(header, text_width)
    header.add_run(xml_safe(document.district or ""))
    header.add_run("\t" + xml_safe(" ".join(p for p in (document.series, document.number) if p)))
    footer = section.footer.paragraphs[0]
    _right_tab_only(footer, text_width)
    footer.add_run(f"Policy {xml_safe(document.number)}" if document.number else "")
    footer.add_run("\tPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    return word


def finish(word, document: Document, when: datetime) -> bytes:
    """Core properties set, saved, and the zip made byte-for-byte reproducible."""
    _set_properties(word, document, when)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalise_zip(buffer.getvalue())


def xml_safe(text: str) -> str:
    """Text a Word document can hold: characters XML forbids become U+FFFD."""
    return _XML_UNSAFE.sub("\ufffd", text)


def _right_tab_only(paragraph, text_width) -> None:
    """Clear the style's centre tab (3.25"); its right tab (6.5") is our text width."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Inches

    assert text_width == Inches(6.5), "the Header style's right tab assumes 1-inch margins"
    paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(3.25), WD_TAB_ALIGNMENT.CLEAR)


# The paragraph style for each kind of block or diff unit.
STYLES = {"title": "Title", "heading": "Heading 2", "label": "Heading 2", "item": "List Bullet",
          "reference": "Reference", "entry": "Reference", "note": "Drafting Note",
          "district": "Reference", "series": "Reference", "paragraph": "Body Text",
          "footnote": "Body Text"}


def _write_block(word, block: Block) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Inches, Pt

    if block.kind is Kind.LIST:
        for item in block.children:
            para = paragraph(word, item.text, "List Bullet")
        para.paragraph_format.space_after = Pt(10)  # the list ends like a paragraph
    elif block.kind is Kind.REFERENCES:
        paragraph(word, block.label, "Heading 2")
        for ref in block.children:
            para = paragraph(word, f"{ref.label}\t{ref.text}", "Reference")
            para.paragraph_format.tab_stops.add_tab_stop(Inches(1), WD_TAB_ALIGNMENT.LEFT)
    elif block.kind is Kind.HISTORY:
        paragraph(word, block.label, "Heading 2")
        for entry in block.children:
            para = paragraph(word, style="Reference")
            para.add_run(xml_safe(f"{entry.label}:")).bold = True
            if entry.text:
                para.add_run(xml_safe(f" {entry.text}"))
    elif block.kind is Kind.HEADING:
        paragraph(word, block.text, "Heading 2")
    elif block.kind is Kind.NOTE:
        para = paragraph(word, style="Drafting Note")
        para.add_run("Drafting note: ").bold = True
        para.add_run(xml_safe(block.text))
    else:
        paragraph(word, block.text, "Body Text")


def _set_styles(word, Pt) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _east_asian_font(normal, FONT)
    body = styles["Body Text"]
    body.paragraph_format.space_after = Pt(10)
    for name, size in (("Title", 18), ("Heading 1", 16), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian_font(style, FONT)
    styles["Title"].paragraph_format.space_after = Pt(14)
    styles["List Bullet"].paragraph_format.space_after = Pt(4)
    reference = styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = normal
    reference.paragraph_format.space_after = Pt(2)
    note = styles.add_style("Drafting Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = body
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x7A, 0x5C, 0x00)


def _east_asian_font(style, font: str) -> None:
    """python-docx sets only the Latin font; Word also reads these attributes."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _field(paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update as they lay out pages."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} \\* MERGEFORMAT ">'
        f"<w:r><w:t>1</w:t></w:r></w:fldSimple>"))


def _set_properties(word, document: Document, when: datetime) -> None:
    props = word.core_properties
    when = when.replace(tzinfo=None)
    props.title = xml_safe(f"{document.number} {document.title}".strip())
    props.subject = xml_safe(document.series.title()) if document.series else ""
    props.author = xml_safe(document.district or "")
    props.last_modified_by = "boardpolicy"
    props.comments = xml_safe(f"Rendered by boardpolicy from {document.source}"
                              if document.source else "")
    props.keywords = "policy"
    props.category = "Board policy"
    props.language = "en-US"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, keeping the entry order; the
    package says boardpolicy made it (docProps/app.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            body = _app_xml() if info.filename == "docProps/app.xml" else \
                src.read(info.filename)
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


def _app_xml() -> bytes:
    from ... import __version__

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>boardpolicy</Application>'
            f"<AppVersion>{_app_version(__version__)}</AppVersion></Properties>").encode()


def _app_version(version: str) -> str:
    """Word reads AppVersion as XX.YYYY: '0.1.0' -> '00.0100'."""
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]] + [0, 0]
    return f"{parts[0]:02d}.{parts[1]:02d}{parts[2]:02d}"
