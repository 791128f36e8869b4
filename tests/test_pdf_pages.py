"""PDFs as districts publish them (issue 25): a policy service's running header drawn in a
form, titles drawn twice to look bold, a redline's struck-through and underlined text, columns,
glyphs without Unicode, filled form fields, and hyphens at a line's end. Each PDF is built at
test time from raw PDF syntax (tests/hostile_pdfs.py) or from rows built by hand."""

from __future__ import annotations

import subprocess

from boardpolicy.diff import units
from boardpolicy.document import FindingKind
from boardpolicy.readers.pdf import Page, Row, document_from_pages, read_pdf

from .conftest import require_tool
from .hostile_pdfs import POLICY, Sheet, document, form, paragraph, text


def _read(data: bytes):
    return read_pdf(data, "issue25.pdf")


def _text(doc) -> str:
    return " ".join(block.plain for block in doc.blocks) + " " + (doc.title or "")


def _row(text: str, top: float, x0: float = 72, x1: float | None = None, size: float = 12,
         **kw) -> Row:
    x1 = x1 if x1 is not None else min(540, x0 + 5.5 * len(text))
    return Row(text, x0, x1, top, top + size, size, ink=x1, **kw)


def _rows(*pages: list[Row]):
    document = document_from_pages([Page(612, 792, rows) for rows in pages], "rows.pdf")
    return [u.text for u in units(document)], document


# ---------------------------------------------------------------------------------------------
# Item 7: a line-end hyphen before a capital or a digit is a real one, joined without a space


def test_a_line_end_hyphen_before_a_capital_or_a_digit_joins_without_a_space():
    # Before: "Policy 1201: Non- Discrimination", "call 208-350- 5800".
    texts, _ = _rows([
        _row("A Title For The Rules", 80, size=18),
        _row("The district prohibits discrimination; see the Non-", 110, x1=540),
        _row("Discrimination policy, or call the office at 208-350-", 126, x1=540),
        _row("5800 with questions about it.", 142, x1=250),
    ])
    assert texts[-1] == ("The district prohibits discrimination; see the Non-Discrimination "
                         "policy, or call the office at 208-350-5800 with questions about it.")


# ---------------------------------------------------------------------------------------------
# Item 2: faux bold, a glyph drawn again at nearly the same place, is one glyph


def test_a_title_drawn_twice_to_look_bold_reads_once():
    # Before: "Policy 1201: Non-Discrimination Policy 1201: Non-Discrimination".
    title, status = "Policy 1201: Non-Discrimination", "Status: DRAFT"
    content = (text(title, 72, 720, 16) + text(title, 72.2, 720, 16) + text(title, 72.4, 720.1, 16)
               + text(status, 72, 696) + text(status, 72.2, 696) + paragraph(y=660))
    doc = _read(document([Sheet(content)]))
    assert doc.title == title
    assert _text(doc).count("DRAFT") == 1
    assert POLICY in _text(doc)


def test_the_same_letter_twice_side_by_side_stays_twice():
    doc = _read(document([Sheet(text("Title Of It", 72, 720, 16) + paragraph(
        "Staff keep all books, all bookkeeping and all committee records.", y=660))]))
    assert "Staff keep all books, all bookkeeping and all committee records." in _text(doc)


# ---------------------------------------------------------------------------------------------
# Item 1: text in form XObjects, a policy service's running header among it


def _service_page(body: bytes) -> Sheet:
    """A page as a hosted policy service exports it: its running header is a form."""
    header = text("Board Policy Manual", 72, 750, 9) + text("Example School District", 400, 750, 9)
    return Sheet(body + b"/Hdr Do", forms={"Hdr": form(header)})


def test_a_running_header_in_a_form_names_the_district():
    # Before: the header was dropped without a note and the district never recognised.
    doc = _read(document([_service_page(text("Policy 1201: Non-Discrimination", 72, 700, 16)
                                        + paragraph(y=660)),
                          _service_page(paragraph(y=700))]))
    assert doc.district == "Example School District"
    assert "Board Policy Manual" not in _text(doc)
    assert doc.title == "Policy 1201: Non-Discrimination"


def test_a_pdf_whose_whole_text_is_in_a_form_is_read_not_sent_to_ocr():
    doc = _read(document([Sheet(b"/Fm Do", forms={"Fm": form(
        text("Staff Use", 72, 740, 18) + paragraph())})]))
    assert POLICY in _text(doc)


def test_a_service_header_on_a_single_page_names_the_district_too():
    doc = _read(document([_service_page(text("Policy 1201: Non-Discrimination", 72, 700, 16)
                                        + paragraph(y=660))]))
    assert doc.district == "Example School District"
    assert "Board Policy Manual" not in _text(doc)


# ---------------------------------------------------------------------------------------------
# Item 5: glyphs without a Unicode mapping, and math symbols read as digits

SYMBOL = b"<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>"
IDENTITY_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H "
                 b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped "
                 b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                 b"/DW 500 >>] >>")


def test_math_symbols_in_the_symbol_font_read_as_symbols(tmp_path):
    # Before: "aged ‡ £ – · 16": pdfminer read the Symbol font in StandardEncoding (as
    # WinAnsi, ≥ is "³"). Poppler reads the symbols; so does the reader now.
    content = (text("Staff Use", 72, 740, 18) + paragraph() +
               b"BT /F1 12 Tf 72 600 Td (Students aged ) Tj /F2 12 Tf (\xb3 \xa3 \xb1 p) Tj "
               b"/F1 12 Tf ( 16 may drive.) Tj ET\n")
    data = document([Sheet(content, fonts={"F2": SYMBOL})])
    assert "Students aged ≥ ≤ ± π 16 may drive." in _text(_read(data))
    pdf = tmp_path / "symbol.pdf"
    pdf.write_bytes(data)
    shown = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "≥ ≤ ± π" in shown


def test_glyphs_of_a_font_without_any_unicode_are_left_out_and_counted():
    # Before (issue 25): "(cid:2)(cid:3)(cid:4)" in the text, without a note.
    content = (text("Staff Use", 72, 740, 18) + paragraph() +
               b"BT /F1 12 Tf 72 600 Td (See the chart ) Tj /F2 12 Tf <000200030004> Tj "
               b"/F1 12 Tf ( below.) Tj ET\n")
    doc = _read(document([Sheet(content, fonts={"F2": IDENTITY_FONT})]))
    assert "See the chart below." in _text(doc)
    assert "cid" not in _text(doc)
    (unknown,) = [f for f in doc.findings if f.kind is FindingKind.SYMBOLS_UNKNOWN]
    assert "left out 3 characters" in unknown.text
