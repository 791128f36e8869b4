"""Two engines, one reading: a plain PDF read through PDFium (`readers/pdf_pdfium.py`) gives
the very Document pdfminer's glyph-by-glyph reading gives; anything only pdfminer's rules can
judge is handed to pdfminer (`NotPlain`, naming why), so every rule and refusal stays one.

The oracle is pdfminer itself: each PDF is read both ways and compared whole (title, number,
district, every block, every finding)."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from boardpolicy.readers import pdf as pdf_reader
from boardpolicy.readers.changes import TrackedChanges
from boardpolicy.readers.pdf_limits import Limits
from boardpolicy.readers.pdf_pdfium import NotPlain, open_pdf, read_pages

from .hostile_pdfs import BARE_HELVETICA, POLICY, Sheet, document, form, paragraph, stream, text
from .test_pdf_reader import _bomb_pdf, pdfs  # noqa: F401  (pdfs: the seeds as PDFs)


def _both(data: bytes) -> tuple[object, object]:
    plain = pdf_reader._plain_pages(data, pdf_reader.MAX_PAGES)
    assert plain is not None, _why(data)
    fast = pdf_reader.document_from_pages(plain, "x.pdf")
    pages, unseen = pdf_reader._judged_pages(data, "x.pdf", pdf_reader.MAX_PAGES,
                                             TrackedChanges.ACCEPT)
    judged = pdf_reader.document_from_pages(pages, "x.pdf", unseen)
    return _whole(fast), _whole(judged)


def _whole(doc) -> tuple:
    return (doc.title, doc.number, doc.series, doc.district, doc.blocks,
            [(f.kind, f.text) for f in doc.findings])


def _why(data: bytes) -> str:
    """Why the file is not plain ("plain" when it is)."""
    try:
        document_ = open_pdf(data, pdf_reader.MAX_DECODED)
        for _ in read_pages(document_, len(data), Limits()):
            pass
    except NotPlain as exc:
        return str(exc)
    return "plain"


@pytest.mark.parametrize("key", ["butte-docx", "iowa-docx", "iowa-html", "iowa-txt",
                                 "mtsba-5460-model-txt", "cut-bank-5460-adopted-2012-txt"])
def test_the_seeds_exported_to_pdf_read_the_same_through_either_engine(pdfs, key):  # noqa: F811
    # LibreOffice's exports of our DOCX and of text (Cut Bank's page, laid out with runs of
    # spaces that PDFium draws as objects without text), and Chromium's of HTML and text:
    # PDFium reads them all, and every block and finding is what pdfminer reads
    fast, judged = _both(pdfs[key][1].read_bytes())
    assert fast == judged


def test_white_text_on_a_coloured_table_heading_stays_with_pdfium():
    # Word's table heading: white words on a blue cell, which a reader sees
    cell = b"0.27 0.45 0.77 rg 60 590 300 20 re f 0 g\n"
    white = b"1 g BT /F1 12 Tf 72 596 Td (White heading) Tj ET 0 g\n"
    data = document([Sheet(paragraph() + cell + white)])
    assert _why(data) == "plain"
    fast, judged = _both(data)
    assert fast == judged and "White heading" in repr(fast[4])


def test_plain_pages_of_hand_built_policies_read_the_same():
    content = (text("Electronic Resources and Social Networking", y=740, size=16) +
               paragraph() + paragraph(POLICY, y=600) + text("Page 1 of 1", x=500, y=40, size=9))
    fast, judged = _both(document([Sheet(content), Sheet(content)]))
    assert fast == judged


def test_a_title_drawn_twice_to_look_bold_is_read_once_by_either_engine():
    title = text("Policy 1201: Non-Discrimination", y=740, size=16)
    shifted = text("Policy 1201: Non-Discrimination", x=72.2, y=740, size=16)
    fast, judged = _both(document([Sheet(title + shifted + paragraph())]))
    assert fast == judged
    assert fast[0].count("Non-Discrimination") <= 1


def test_a_title_drawn_again_in_other_pieces_is_handed_to_pdfminer():
    # faux bold drawn once whole and once in two runs: the runs overlap the whole one, which
    # only pdfminer's glyph rule reads once
    whole = text("Policy 1201: Non-Discrimination", y=740, size=16)
    pieces = b"BT /F1 16 Tf 72.2 740 Td (Policy 1201: ) Tj (Non-Discrimination) Tj ET\n"
    data = document([Sheet(whole + pieces + paragraph())])
    assert _why(data) == "text drawn over other text"
    read = pdf_reader.read_pdf(data, "bold.pdf")
    assert sum(block.text.count("Non-Discrimination") for block in read.blocks) + \
        read.title.count("Non-Discrimination") == 1


# Each thing a reader of the page would not see, or a redline's mark, or a limit: PDFium
# hands the file to pdfminer, which judges it (the tests of test_hostile_pdf.py and
# test_pdf_pages.py then hold for the file as they always did).
HANDED_OVER = {
    "render mode 3 (invisible)": (b"BT 3 Tr /F1 12 Tf 72 686 Td (Hidden) Tj 0 Tr ET\n",
                                  "render mode 3"),
    "white on white": (b"1 g BT /F1 12 Tf 300 686 Td (Hidden) Tj ET 0 g\n", "white text"),
    "off the page": (b"BT /F1 12 Tf 700 686 Td (Hidden) Tj ET\n", "off the page"),
    "clipped": (b"q 0 0 10 10 re W n BT /F1 12 Tf 300 686 Td (Hidden) Tj ET Q\n",
                "clipping path"),
    "0.01 pt": (b"BT /F1 0.01 Tf 300 690 Td (Hidden) Tj ET\n", "smaller than"),
    "painted over": (b"BT /F1 12 Tf 300 600 Td (Hidden) Tj ET 1 g 290 590 300 30 re f 0 g\n",
                     "painted over"),
    "struck through": (b"BT /F1 12 Tf 72 600 Td (Struck words here) Tj ET "
                       b"0.5 w 72 604 m 180 604 l S\n", "line through text"),
    "sideways": (b"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Sideways) Tj ET\n", "not upright"),
}


@pytest.mark.parametrize("case", HANDED_OVER)
def test_what_only_pdfminer_judges_is_handed_to_it(case):
    drawing, why = HANDED_OVER[case]
    assert why in _why(document([Sheet(paragraph() + drawing)]))


def test_fully_transparent_text_is_handed_to_pdfminer():
    clear = b"/Clear gs BT /F1 12 Tf 72 600 Td (Clear words) Tj ET /Solid gs\n"
    states = b"/ExtGState << /Clear << /ca 0 >> /Solid << /ca 1 >> >> "
    assert _why(document([Sheet(paragraph() + clear, resources=states)])) == \
        "fully transparent text"


def test_an_underline_alone_keeps_the_page_plain():
    # underlining is emphasis (a heading, a link) unless the page strikes text through too
    underlined = b"BT /F1 12 Tf 72 600 Td (Underlined words) Tj ET 0.5 w 72 598 m 180 598 l S\n"
    assert _why(document([Sheet(paragraph() + underlined)])) == "plain"


def test_a_glyph_without_a_character_is_handed_to_pdfminer():
    content = paragraph() + b"BT /F1 12 Tf 72 600 Td (Staff don\x92t share.) Tj ET\n"
    assert "Unicode" in _why(document([Sheet(content, font=BARE_HELVETICA)]))


def test_a_rotated_page_a_form_field_and_an_annotation_are_handed_to_pdfminer():
    assert "rotated" in _why(document([Sheet(paragraph(), rotate=90)]))
    xfa = b"/AcroForm << /Fields [] /XFA [(datasets) 6 0 R] >> "
    assert "XFA" in _why(document([Sheet(paragraph())], catalog=xfa, more=(stream(b"<x/>"),)))
    field = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Butte) "
             b"/Rect [72 500 372 520] /AP << /N APPEARANCE >> >>", form(text("Butte", 2, 5)))
    assert "annotation" in _why(document([Sheet(paragraph(), annots=[field])],
                                         catalog=b"/AcroForm << /Fields [] >> "))
    # an AcroForm without a field on any page is no reason to hand the file over
    assert _why(document([Sheet(paragraph())], catalog=b"/AcroForm << /Fields [] >> ")) == \
        "plain"
    note = (b"<< /Type /Annot /Subtype /FreeText /Rect [72 500 372 520] /AP << /N APPEARANCE "
            b">> >>", form(text("A note", 0, 5)))
    assert "annotation" in _why(document([Sheet(paragraph(), annots=[note])]))


def test_a_compression_bomb_is_found_before_pdfium_inflates_it(monkeypatch):
    data = _bomb_pdf(64 << 20)  # 64 MB of spaces in about 64 KB
    assert "inflate" in _why(data)
    monkeypatch.setattr(pdf_reader, "MAX_DECODED", 50_000_000)
    with pytest.raises(pdf_reader.InputError, match="inflates past"):
        pdf_reader.read_pdf(data, "bomb.pdf")


def test_millions_of_operators_in_a_few_kilobytes_are_handed_to_pdfminer():
    assert "far past its size" in _why(document([Sheet(b"q Q\n" * 3_000_000)], deflate=True))


def _forms_drawing_the_next_twice(depth: int, *, deflate: bool) -> bytes:
    forms = {f"X{k}": form(b"/X%d Do /X%d Do" % (k + 1, k + 1), xobjects=b"/X%d %d 0 R"
                           % (k + 1, 7 + k)) for k in range(depth - 1)}
    forms[f"X{depth - 1}"] = form(text("leaf", 72, 600))
    if deflate:
        forms = {name: _deflated(body) for name, body in forms.items()}
    return document([Sheet(paragraph() + b"/X0 Do", forms=forms)])


@pytest.mark.parametrize("deflate", [False, True])
def test_forms_drawing_forms_past_a_dozen_draws_are_handed_to_pdfminer(deflate):
    # 2^24 forms from 48 draws: PDFium would draw them all before the page opens
    assert _why(_forms_drawing_the_next_twice(24, deflate=deflate)) == \
        "forms draw other forms"


def test_a_form_drawing_a_few_forms_is_read_by_pdfium_as_pdfminer_reads_it():
    data = _forms_drawing_the_next_twice(3, deflate=True)  # 4 draws: 4 leaves
    assert _why(data) == "plain"
    fast, judged = _both(data)
    assert fast == judged


def _deflated(body: bytes) -> bytes:
    """A stream object's body with its data deflated."""
    head, rest = body.split(b"stream\n", 1)
    data = zlib.compress(rest.rsplit(b"\nendstream", 1)[0])
    head = re.sub(rb"/Length \d+", b"/Filter /FlateDecode /Length %d" % len(data), head)
    return head + b"stream\n" + data + b"\nendstream"


def test_a_running_header_in_a_form_is_read_by_pdfium():
    # a policy service's header ("Board Policy Manual   Butte School District") in a form
    header = form(text("Board Policy Manual", 72, 760, 9) + text("Butte School District",
                                                                  400, 760, 9))
    content = b"/H Do\n" + paragraph()
    data = document([Sheet(content, forms={"H": header}), Sheet(content, forms={"H": header})])
    assert _why(data) == "plain"
    fast, judged = _both(data)
    assert fast == judged and fast[3] == "Butte School District"


def test_an_encrypted_file_and_a_stream_packed_otherwise_are_handed_to_pdfminer():
    # neither can be inflated and counted before PDFium opens it; pdfminer's budget can
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(document([Sheet(paragraph())]))))
    writer.encrypt(user_password="", owner_password="owner")
    locked = io.BytesIO()
    writer.write(locked)
    assert _why(locked.getvalue()) == "it is encrypted"
    assert "The Board recognizes" in repr(pdf_reader.read_pdf(locked.getvalue(), "x.pdf"))
    packed = base64.a85encode(paragraph(), adobe=True)
    data = document([Sheet(b"")], more=(
        b"<< /Length %d /Filter /ASCII85Decode >>\nstream\n" % len(packed) + packed +
        b"\nendstream",))
    assert _why(data) == "a stream packed in a way only pdfminer's budget counts"



def test_a_page_past_the_glyph_limit_is_handed_to_pdfminer_which_refuses_it():
    lines = b"".join(text(f"line {k} " + "policy " * 140, 10, 780 - 11 * k, 1) for k in range(70))
    data = document([Sheet(lines)])  # 70,000 characters on one page
    assert "glyph limit" in _why(data)
    with pytest.raises(pdf_reader.InputError, match="characters on one page"):
        pdf_reader.read_pdf(data, "dense.pdf")


def test_a_run_longer_than_pdfium_gives_is_handed_to_pdfminer():
    # PDFium gives at most 32,767 characters of one text object: the rest would be lost
    assert "longer than PDFium" in _why(document([Sheet(text("policy " * 5_000, size=12))]))


def test_a_superscript_after_a_citation_reads_apart_from_it_through_either_engine():
    # Before (a second tryout): "§ 20-1-1012" and a raised footnote number 3 read
    # "§ 20-1-10123"; both engines now give Unicode's superscript digit
    content = (text("Policy 5460: Electronic Resources", y=740, size=16) + paragraph() +
               b"BT /F1 12 Tf 72 600 Td (Staff follow Mont. Code Ann. 20-1-1012) Tj "
               b"/F1 7 Tf 4.5 Ts (3) Tj /F1 12 Tf 0 Ts ( and the Code of Ethics.) Tj ET\n")
    fast, judged = _both(document([Sheet(content)]))
    assert fast == judged
    assert "20-1-1012³ and the Code" in repr(fast[4])
