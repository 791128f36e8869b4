"""PDFs as districts publish them (issue 25): a policy service's running header drawn in a
form, titles drawn twice to look bold, a redline's struck-through and underlined text, columns,
glyphs without Unicode, filled form fields, and hyphens at a line's end. Each PDF is built at
test time from raw PDF syntax (tests/hostile_pdfs.py) or from rows built by hand."""

from __future__ import annotations

import subprocess

import pytest

from boardpolicy.diff import units
from boardpolicy.document import FindingKind
from boardpolicy.errors import InputError
from boardpolicy.readers import read_document
from boardpolicy.readers.changes import TrackedChanges
from boardpolicy.readers.pdf import read_pdf

from .conftest import require_tool
from .hostile_pdfs import POLICY, Sheet, document, form, paragraph, stream, text
from .judges import docx_to_pdf
from .pdfs import read_rows as _rows
from .pdfs import row as _row


def _read(data: bytes):
    return read_pdf(data, "issue25.pdf")


def _text(doc) -> str:
    return " ".join(block.plain for block in doc.blocks) + " " + (doc.title or "")




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


# ---------------------------------------------------------------------------------------------
# Item 3: a redline as PDF: struck-through text is deleted, underlined text inserted

KEPT = "Students shall be treated fairly in every program of the district."
STRUCK = "The district may charge a fee for participation in athletics."
ADDED = "No fee shall be charged for participation."


def _ruled(words: str, x: float, y: float, *, through: bool, stroke: bool = False) -> bytes:
    """`words` in red (struck) or blue (underlined) with the rule a word processor draws:
    through the middle of the letters or just under the baseline, as a thin filled
    rectangle or a stroked line."""
    width = 12 * 0.5 * len(words)  # wide enough: Helvetica averages under 0.5 em a letter
    rule_y = y + 3.2 if through else y - 1.6
    colour = b"0.8 0 0" if through else b"0 0 0.8"
    rule = (b"%s RG 0.7 w %g %g m %g %g l S\n" % (colour, x, rule_y, x + width, rule_y)
            if stroke else b"%s rg %g %g %g 0.7 re f\n" % (colour, x, rule_y - 0.35, width))
    return b"%s rg\n" % colour + text(words, x, y) + rule + b"0 g\n"


def _redline(stroke: bool = False) -> bytes:
    content = (text("Policy 3100: Fees", 72, 740, 16) + text(KEPT, 72, 700) +
               _ruled(STRUCK, 72, 672, through=True, stroke=stroke) +
               _ruled(ADDED, 72, 644, through=False, stroke=stroke) +
               text("Waivers are granted on request.", 72, 616))
    return document([Sheet(content)])


@pytest.mark.parametrize("stroke", [False, True], ids=["rectangles", "lines"])
def test_a_redline_pdf_reads_with_its_changes_accepted_by_default(stroke):
    # Before: the struck paragraph read as live policy text, with no note.
    doc = _read(_redline(stroke))
    assert STRUCK not in _text(doc)
    assert ADDED in _text(doc) and KEPT in _text(doc)
    (note,) = [f for f in doc.findings if f.kind is FindingKind.TRACKED_CHANGES_APPLIED]
    assert "1 struck-through" in note.text and "1 underlined" in note.text
    assert "accepted" in note.text


def test_a_redline_pdf_read_with_its_changes_rejected():
    doc = read_pdf(_redline(), "redline.pdf", changes=TrackedChanges.REJECT)
    assert STRUCK in _text(doc) and KEPT in _text(doc)
    assert ADDED not in _text(doc)
    (note,) = [f for f in doc.findings if f.kind is FindingKind.TRACKED_CHANGES_APPLIED]
    assert "rejected" in note.text


def test_a_double_strike_through_is_a_deletion_too():
    # Before (a tryout): Word's double strike-through, two rules through the letters, was
    # taken for a frame and read as live text ("Staff members may shall not text students")
    width = 12 * 0.5 * len(STRUCK)
    double = b"0.8 0 0 rg\n" + text(STRUCK, 72, 672) + b"".join(
        b"0.8 0 0 rg 72 %g %g 0.5 re f\n" % (y, width) for y in (674.6, 676.4)) + b"0 g\n"
    content = text("Policy 3100: Fees", 72, 740, 16) + text(KEPT, 72, 700) + double
    doc = _read(document([Sheet(content)]))
    assert STRUCK not in _text(doc) and KEPT in _text(doc)
    (note,) = [f for f in doc.findings if f.kind is FindingKind.TRACKED_CHANGES_APPLIED]
    assert "1 struck-through" in note.text


def test_underlined_text_without_any_strike_through_is_emphasis_and_stays():
    content = (text("Policy 3100: Fees", 72, 740, 16) + text(KEPT, 72, 700) +
               _ruled(ADDED, 72, 672, through=False))
    for changes in TrackedChanges:
        doc = read_pdf(document([Sheet(content)]), "plain.pdf", changes=changes)
        assert ADDED in _text(doc)
        assert not [f for f in doc.findings if f.kind is FindingKind.TRACKED_CHANGES_APPLIED]


def test_the_command_line_changes_option_reaches_the_pdf_reader(tmp_path):
    pdf = tmp_path / "redline.pdf"
    pdf.write_bytes(_redline())
    accepted = read_document(pdf)
    rejected = read_document(pdf, changes=TrackedChanges.REJECT)
    assert ADDED in _text(accepted) and ADDED not in _text(rejected)


def test_a_redline_exported_by_libreoffice_reads_both_ways(tmp_path):
    """Word's strike-through and underline as LibreOffice draws them in a PDF."""
    import docx
    from docx.shared import RGBColor

    word = docx.Document()
    word.add_heading("Policy 3100: Fees", 1)
    word.add_paragraph(KEPT * 3)
    struck = word.add_paragraph().add_run(STRUCK * 3)
    struck.font.strike, struck.font.color.rgb = True, RGBColor(200, 0, 0)
    line = word.add_paragraph()
    line.add_run("Parents are told that ")
    added = line.add_run(ADDED)
    added.font.underline, added.font.color.rgb = True, RGBColor(0, 0, 200)
    word.save(tmp_path / "redline.docx")
    (pdf,) = docx_to_pdf([tmp_path / "redline.docx"], tmp_path)
    accepted = _text(read_document(pdf))
    rejected = _text(read_document(pdf, changes=TrackedChanges.REJECT))
    assert STRUCK not in accepted and f"Parents are told that {ADDED}" in accepted
    assert STRUCK in rejected
    assert ADDED not in rejected and KEPT in rejected


# ---------------------------------------------------------------------------------------------
# Item 6: filled form fields


def _field(name: str, value: str, rect: bytes, appearance: bytes = b"") -> tuple[bytes, bytes]:
    """A text field's widget filled with `value`; with no appearance stream unless given
    (a form saved with NeedAppearances: the viewer draws the value)."""
    ap = b"/AP << /N APPEARANCE >>" if appearance else b""
    return (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (%s) /V (%s) /Rect [%s] /F 4 "
            b"/DA (/F1 11 Tf 0 g) %s >>" % (name.encode(), value.encode(), rect, ap),
            appearance or b"<< >>")


def test_filled_form_fields_are_read_where_they_stand():
    # Before: a filled field without an appearance stream was not read, and nothing said so.
    content = (text("Facility Use Request", 72, 740, 18) + text("Name of group:", 72, 700)
               + text("Date of event:", 72, 676) + paragraph(y=640))
    fields = [_field("group", "Butte Youth Chess Club", b"170 696 400 712"),
              _field("date", "March 3, 2027", b"170 672 400 688")]
    doc = _read(document([Sheet(content, annots=fields)],
                         catalog=b"/AcroForm << /NeedAppearances true >>"))
    assert "Name of group: Butte Youth Chess Club" in _text(doc)
    assert "Date of event: March 3, 2027" in _text(doc)


def test_a_field_drawn_by_its_appearance_is_read_once():
    appearance = stream(b"/Tx BMC BT /F1 11 Tf 2 4 Td (Butte Youth Chess Club) Tj ET EMC",
                        b" /Type /XObject /Subtype /Form /BBox [0 0 230 16] "
                        b"/Resources << /Font << /F1 5 0 R >> >>")
    content = text("Facility Use Request", 72, 740, 18) + text("Name of group:", 72, 700)
    doc = _read(document([Sheet(content, annots=[
        _field("group", "Butte Youth Chess Club", b"170 696 400 712", appearance)])]))
    assert _text(doc).count("Butte Youth Chess Club") == 1


XFA_DATA = (b"<xfa:datasets xmlns:xfa='http://www.xfa.org/schema/xfa-data/1.0/'><xfa:data>"
            b"<form><group>Butte Youth Chess Club</group><date>2027-03-03</date><notes/>"
            b"</form></xfa:data></xfa:datasets>")


def test_an_xfa_form_whose_values_are_not_on_the_page_says_so():
    content = text("Facility Use Request", 72, 740, 18) + paragraph(y=700)
    pdf = document([Sheet(content)], catalog=b"/AcroForm << /Fields [] /XFA [(datasets) %d 0 R] >>"
                   % 6, more=(stream(XFA_DATA),))
    doc = _read(pdf)
    (note,) = [f for f in doc.findings if "XFA" in f.text]
    assert "2 filled fields" in note.text


# ---------------------------------------------------------------------------------------------
# Item 4: columns read in order, or a note

LEFT = ("The board meets on the second Tuesday of each month in the library of the high "
        "school. Members of the public may address the board during the time set aside for "
        "comment, and each speaker is given three minutes. Written comments received before "
        "noon on the day of the meeting are read into the record by the clerk.")
MIDDLE = ("Budget hearings are held in May. The superintendent presents the proposed budget, "
          "and the board adopts it in June after a second public hearing. Copies of the "
          "proposed budget are available at the district office and on the district website "
          "two weeks before the first hearing.")
RIGHT = ("Volunteers are welcome in every school. Each volunteer completes an application, "
         "a background check and a short orientation before working with students. The "
         "principal of each school keeps a list of approved volunteers and the programs in "
         "which they serve, and reviews it every year.")


def _set(words: str, x: float, y: float, size: float, width: float) -> bytes:
    """`words` set as a word processor sets them: lines filled to `width` points (Helvetica's
    own widths), 1.2 times the size apart."""
    from pdfminer.fontmetrics import FONT_METRICS

    advance = FONT_METRICS["Helvetica"][1]
    lines, line = [], ""
    for word in words.split():
        trial = f"{line} {word}".strip()
        if line and sum(advance.get(c, 556) for c in trial) * size / 1000 > width:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return b"".join(text(each, x, y - 1.2 * size * k, size) for k, each in enumerate(lines))


def _columns(*texts: str, size: float = 10, title: str = "District Newsletter") -> bytes:
    """A page of a title across the top and the texts in side-by-side columns."""
    width = (468 - 18 * (len(texts) - 1)) / len(texts)
    content = text(title, 72, 700, 18)
    for k, words in enumerate(texts):
        content += _set(words, 72 + k * (width + 18), 660, size, width)
    return document([Sheet(content)])


@pytest.mark.parametrize("texts", [(LEFT, RIGHT), (LEFT, MIDDLE, RIGHT)],
                         ids=["two", "three"])
def test_columns_are_read_one_after_the_other(texts):
    # Before: line by line across the columns ("… high Volunteers are welcome … school.
    # Members …"): every word there, their order lost.
    doc = _read(_columns(*texts))
    said = _text(doc)
    for words in texts:
        assert words in said
    assert [said.index(words) for words in texts] == sorted(said.index(w) for w in texts)
    assert not [f for f in doc.findings if f.kind is FindingKind.COLUMNS_UNCLEAR]


def test_a_paragraph_running_on_into_the_next_column_is_joined():
    words = LEFT.split()
    first, rest = " ".join(words[:30]), " ".join(words[30:])
    content = (text("District Newsletter", 72, 700, 18) + _set(MIDDLE + " " + first, 72, 660, 10,
                                                                 225)
               + _set(rest, 315, 660, 10, 225) + _set(RIGHT, 315, 540, 10, 225))
    said = _text(_read(document([Sheet(content)])))
    assert f"{MIDDLE} {LEFT} {RIGHT}" in said


def test_labels_beside_their_values_are_not_columns():
    """A policy's legal references (a label, then a value on the same line) stay in rows."""
    content = text("Policy 3100: Fees", 72, 740, 16) + _set(POLICY * 4, 72, 700, 12, 468)
    for k, (label, value) in enumerate([("Legal Reference:", "Section 20-5-201, MCA Duties"),
                                         ("", "Section 20-9-213, MCA Fees"),
                                         ("Cross Reference:", "Policy 3110 Admissions"),
                                         ("Policy History:", "Adopted on: May 1, 2019")] * 2):
        content += text(label, 72, 560 - 14 * k) + text(value, 200, 560 - 14 * k)
    doc = _read(document([Sheet(content)]))
    said = " ".join(u.text for u in units(doc))
    assert "Section 20-5-201, MCA Duties" in said and "Policy 3110 Admissions" in said
    assert said.index("20-5-201") < said.index("20-9-213")
    assert not [f for f in doc.findings if f.kind is FindingKind.COLUMNS_UNCLEAR]


def test_text_side_by_side_without_a_clear_gutter_is_read_across_with_a_note():
    # Pieces of prose side by side whose left ends and right starts wander across the page:
    # no gutter says where one column ends. Before: read across without a word.
    content = text("District Newsletter", 72, 720, 18)
    lefts, rights = iter(LEFT.split() * 2), iter(RIGHT.split() * 2)
    for k in range(12):
        left = " ".join(next(lefts) for _ in range(4 + 3 * (k % 3)))
        right = " ".join(next(rights) for _ in range(4))
        content += text(left, 72, 680 - 14 * k, 10) + text(right, 130 + 65 * (k % 3) + 70,
                                                           680 - 14 * k, 10)
    doc = _read(document([Sheet(content)]))
    (note,) = [f for f in doc.findings if f.kind is FindingKind.COLUMNS_UNCLEAR]
    assert "page 1" in note.text and "side by side" in note.text


# Found on real files (bench/pdf_corpus.py): a header framed by two full-width lines (a2ps),
# and text drawn first in white, then in black at the same place.


def test_a_frame_around_a_header_is_not_a_strike_through():
    frame = b"0.5 w 24 545.5 m 415 545.5 l S 24 538 m 415 538 l S\n"
    content = (frame + text("May 30, 18 13:27", 33, 541.7, 8.8) +
               text("zen_of_python.txt", 188, 541.7, 11) + text("Page 1/1", 371, 541.7, 8.8)
               + text("Staff Use", 72, 480, 18) + paragraph(y=440))
    doc = _read(document([Sheet(content, width=842, height=595)]))
    assert "zen_of_python.txt" in " ".join(u.text for u in units(doc))
    assert not [f for f in doc.findings if f.kind is FindingKind.TRACKED_CHANGES_APPLIED]


def test_text_drawn_white_then_black_at_the_same_place_is_read_once():
    words = "Objectives: prescribe and interpret a blood gas test."
    content = (text("Staff Use", 72, 740, 18) + b"1 g\n" + text(words, 72, 700) + b"0 g\n" +
               text(words, 72, 700) + paragraph(y=660))
    said = _text(_read(document([Sheet(content)])))
    assert said.count(words) == 1


def test_thousands_of_rules_across_thousands_of_glyphs_are_bounded(tmp_path):
    """A page of 2,000 rules under 20,000 glyphs is work on a bound: read or refused in
    seconds, never minutes."""
    import time

    rules = b"".join(b"0.5 w 20 %g m 600 %g l S\n" % (400 + k * 0.01, 400 + k * 0.01)
                     for k in range(3_000))
    words = b"".join(text("struck words " * 10, 20, 395 + (k % 10), 4) for k in range(160))
    data = document([Sheet(rules + words)], deflate=True)
    start = time.perf_counter()
    try:
        _read(data)
    except InputError as exc:
        assert "refused" in str(exc)
    assert time.perf_counter() - start < 30
