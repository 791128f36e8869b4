"""Hostile PDFs (issue 22, the PDF reader): bounded work, nothing hidden read as shown,
nothing shown lost, and messages that say what is wrong. Every PDF is built here from raw
PDF syntax (tests/hostile_pdfs.py); poppler (pdftotext, pdftoppm) judges what a viewer
shows where that is practical."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy.document import FindingKind
from boardpolicy.errors import InputError
from boardpolicy.readers.pdf import read_pdf

from .hostile_pdfs import (
    BARE_HELVETICA,
    POLICY,
    Sheet,
    document,
    form,
    paragraph,
    stream,
    text,
)
from .pdfs import pdf_file


def _read(data: bytes):
    return read_pdf(data, "hostile.pdf")


def _text(doc) -> str:
    return " ".join(block.plain for block in doc.blocks) + " " + (doc.title or "")


# Time bounds are the goal's (10 s a megabyte, a few seconds at least) times SLACK: the suite
# shares its machine; docs/bad-input.md gives the figures measured alone.
SLACK = 3
READ = """
import resource, sys, time
from boardpolicy.errors import InputError
from boardpolicy.readers.pdf import read_pdf
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_pdf(data, "hostile.pdf")
    said = "ok"
except InputError as exc:
    said = str(exc)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{took} {(peak - before) / 1024} {peak / 1024} {said}")
"""


def _bounded(data: bytes, tmp_path: Path, *, seconds: float, megabytes: float) -> str:
    """Read `data` in a process of its own; return what the read said ("ok" or the refusal),
    having checked its time and how far its peak resident memory grew (MB) while reading
    (the peak of the whole process is printed too, for docs/bad-input.md)."""
    pdf = tmp_path / "bounded.pdf"
    pdf.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", READ, str(pdf)], capture_output=True,
                          text=True, timeout=seconds * 3 + 30, check=True)
    took, grew, _peak, said = done.stdout.split(" ", 3)
    assert float(took) < seconds, f"{float(took):.1f} s"
    assert float(grew) < megabytes, f"{float(grew):.0f} MB"
    return said.strip()


def _judge(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} (poppler) is not installed")
    return path


# ---------------------------------------------------------------------------------------------
# Bounded work


def test_one_string_of_eight_million_characters_is_refused_in_bounded_memory(tmp_path):
    # Before: 5.5 GB; pdfminer made an object of ~700 bytes per character.
    data = document([Sheet(b"BT /F1 12 Tf 72 700 Td (" + b"a" * 8_000_000 + b") Tj ET")],
                    deflate=True)
    assert len(data) < 20_000
    result = _bounded(data, tmp_path, seconds=SLACK * 4, megabytes=150)
    assert "characters on one page" in result


def test_ten_million_saved_states_are_refused(tmp_path):
    # Before: 3.7 GB; every `q` kept a copy of the graphics state.
    data = document([Sheet(b"q\n" * 10_000_000)], deflate=True)
    result = _bounded(data, tmp_path, seconds=SLACK * 2, megabytes=60)
    assert "graphics states (q) more than 1,000 deep" in result


def test_millions_of_operators_are_refused_by_the_work_limit(tmp_path):
    data = document([Sheet(b"q Q\n" * 3_000_000)], deflate=True)
    assert len(data) < 40_000
    result = _bounded(data, tmp_path, seconds=SLACK * 5, megabytes=60)
    assert "drawing operators than the limit for a PDF of its size" in result


def _forms_drawing_the_next_twice(depth: int) -> bytes:
    # Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 font, then form k at 6 + k.
    forms = {}
    for k in range(depth):
        if k + 1 < depth:
            forms[f"X{k}"] = form(b"/X%d Do /X%d Do" % (k + 1, k + 1),
                                  xobjects=b"/X%d %d 0 R" % (k + 1, 7 + k))
        else:
            forms[f"X{k}"] = form(text("leaf"))
    return document([Sheet(paragraph() + b"/X0 Do", forms=forms)])


def test_forms_drawing_the_next_twice_24_deep_are_refused_quickly(tmp_path):
    # Before: over 120 s (2^24 forms drawn).
    result = _bounded(_forms_drawing_the_next_twice(24), tmp_path, seconds=SLACK * 5, megabytes=200)
    assert re.search("more (drawing operators|characters) than the limit|characters on one page",
                     result)


def test_forms_nested_past_the_depth_limit_are_refused():
    forms = {f"X{k}": form(b"/X%d Do" % (k + 1), xobjects=b"/X%d %d 0 R" % (k + 1, 7 + k))
             for k in range(40)}
    with pytest.raises(InputError, match="forms inside forms more than 32 deep"):
        _read(document([Sheet(paragraph() + b"/X0 Do", forms=forms)]))


def test_four_thousand_scattered_words_read_quickly(tmp_path):
    # Before: 63 s (pdfminer grouped text boxes pairwise); the order comes from our rows.
    places = [(k % 27, k // 27) for k in range(4_000)]  # a grid, drawn in a random order
    random.Random(22).shuffle(places)
    words = b"".join(text(f"word{k}", 36 + 20 * col, 780 - 5.2 * row, 4)
                     for k, (col, row) in enumerate(places))
    data = document([Sheet(words)], deflate=True)
    assert _bounded(data, tmp_path, seconds=SLACK * 4, megabytes=300) == "ok"
    words = _text(_read(data)).split()
    assert all(f"word{k}" in words for k in range(4_000))


def test_two_thousand_pages_of_one_shared_text_are_refused_quickly(tmp_path):
    # Before: 126-206 s for 1,999 text pages. Pages sharing one content stream cost a few
    # bytes each: the glyph limit, grown with the file's size, stops them within seconds.
    content = stream(paragraph(POLICY * 6), deflate=True)
    pages = b" ".join(b"%d 0 R" % (5 + k) for k in range(1_999))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count 1999 >>" % pages, content,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * 1_999
    data = pdf_file(objects)
    assert len(data) < 400_000  # 160 bytes a page
    said = _bounded(data, tmp_path, seconds=SLACK * 6, megabytes=200)
    assert "draws more characters than the limit for a PDF of its size" in said


# ---------------------------------------------------------------------------------------------
# Nothing hidden read as shown

HIDDEN = "SECRETWORDS HIDDEN HERE"


def _spliced(hidden: bytes) -> bytes:
    """A paragraph of three lines with `hidden` drawn between its first two."""
    lines = paragraph(POLICY + " " + POLICY, width=70)
    first, rest = lines.split(b"ET\n", 1)
    return first + b"ET\n" + hidden + rest


CASES = {
    "render mode 3 (invisible)": b"BT 3 Tr /F1 12 Tf 72 686 Td (%s) Tj 0 Tr ET\n",
    "white on white": b"1 g BT /F1 12 Tf 300 686 Td (%s) Tj ET 0 g\n",
    "white on white (RGB)": b"1 1 1 rg BT /F1 12 Tf 300 686 Td (%s) Tj ET 0 0 0 rg\n",
    "off the page": b"BT /F1 12 Tf 700 686 Td (%s) Tj ET\n",
    "clipped": b"q 0 0 10 10 re W n BT /F1 12 Tf 300 686 Td (%s) Tj ET Q\n",
    "0.01 pt": b"BT /F1 0.01 Tf 300 690 Td (%s) Tj ET\n",
    "under a filled rectangle": b"BT /F1 12 Tf 300 600 Td (%s) Tj ET 1 g 290 590 300 30 re f 0 g\n",
}


TRANSPARENT_CASES = {
    # Before: text filled with an opacity of 0 (/ca 0) was read as policy text (a tryout)
    "filled, /ca 0": b"/Clear gs BT /F1 12 Tf 300 686 Td (%s) Tj ET /Solid gs\n",
    # Before: a form drawn at /ca 0 started its own drawing opaque (a second tryout)
    "a form drawn at /ca 0": b"q /Clear gs /Secret Do Q\n",
    # Before: outlined text (render mode 1) only follows the stroke opacity, /CA
    "outlined, /CA 0": b"q /Unstroked gs BT 1 Tr /F1 12 Tf 300 686 Td (%s) Tj 0 Tr ET Q\n",
}


@pytest.mark.parametrize("case", TRANSPARENT_CASES)
def test_fully_transparent_text_is_left_out_and_counted(case):
    drawing = TRANSPARENT_CASES[case]
    hidden = drawing % HIDDEN.encode() if b"%s" in drawing else drawing
    states = (b"/ExtGState << /Clear << /ca 0 >> /Solid << /ca 1 >> /Unstroked << /CA 0 >> "
              b">> ")
    secret = form(b"BT /F1 12 Tf 300 686 Td (%s) Tj ET" % HIDDEN.encode())
    doc = _read(document([Sheet(_spliced(hidden), resources=states,
                                forms={"Secret": secret})]))
    assert "SECRETWORDS" not in _text(doc)
    assert "The Board recognizes" in _text(doc)
    (unseen,) = [f for f in doc.findings if f.kind is FindingKind.HIDDEN_LEFT_OUT]
    assert f"left out {len(HIDDEN.replace(' ', ''))} characters" in unseen.text


@pytest.mark.parametrize("case", CASES)
def test_text_a_reader_cannot_see_is_left_out_and_counted(case):
    doc = _read(document([Sheet(_spliced(CASES[case] % HIDDEN.encode()))]))
    assert "SECRETWORDS" not in _text(doc)
    assert "The Board recognizes" in _text(doc)
    (hidden,) = [f for f in doc.findings if f.kind is FindingKind.HIDDEN_LEFT_OUT]
    assert f"left out {len(HIDDEN.replace(' ', ''))} characters" in hidden.text


@pytest.mark.parametrize("case", CASES)
def test_poppler_shows_nothing_where_the_hidden_text_is(case, tmp_path):
    """The judge: the page holding only the hidden text renders as a white page."""
    tool = _judge("pdftoppm")
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(document([Sheet(CASES[case] % HIDDEN.encode())]))
    pgm = subprocess.run([tool, "-gray", "-r", "36", str(pdf)], capture_output=True,
                         check=True).stdout
    pixels = pgm.split(b"\n", 3)[3]
    assert min(pixels) >= 250
    with pytest.raises(InputError, match="shows no text a reader can see: boardpolicy left out"):
        _read(pdf.read_bytes())


def test_what_is_seen_stays_white_text_on_a_dark_box_a_highlight_and_an_ocr_layer():
    dark = b"0 0 0.5 rg 60 580 300 40 re f 1 g BT /F1 12 Tf 72 600 Td (Banner words) Tj ET 0 g\n"
    highlight = b"1 1 0 rg 60 540 300 16 re f 0 g BT /F1 12 Tf 72 544 Td (Highlighted) Tj ET\n"
    image = stream(b"\x80" * 4, b" /Type /XObject /Subtype /Image /Width 2 /Height 2 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8")
    ocr = b"q 300 0 0 40 60 450 cm /Im Do Q BT 3 Tr /F1 12 Tf 72 460 Td (Scanned words) Tj ET\n"
    doc = _read(document([Sheet(paragraph() + dark + highlight + ocr, forms={"Im": image})]))
    assert {"Banner words", "Highlighted", "Scanned words"} <= {b.plain for b in doc.blocks}
    assert not [f for f in doc.findings if f.kind is FindingKind.HIDDEN_LEFT_OUT]


# ---------------------------------------------------------------------------------------------
# Glyphs without Unicode, a rotated page, annotations, text in forms


def test_glyphs_without_a_unicode_mapping_are_left_out_and_counted_not_cid_numbers():
    # Helvetica without /Encoding is in StandardEncoding, where 0x92-0x94 are no glyph:
    # poppler shows nothing for them either. Before: "don(cid:146)t".
    content = (b"BT /F1 18 Tf 72 740 Td (Staff Use) Tj ET\n" + paragraph() +
               b"BT /F1 12 Tf 72 600 Td (Staff don\x92t \x93share\x94 passwords.) Tj ET\n")
    pdf = document([Sheet(content, font=BARE_HELVETICA)])
    doc = _read(pdf)
    assert "(cid:" not in _text(doc)
    assert "Staff dont share passwords." in _text(doc)
    (unknown,) = [f for f in doc.findings if f.kind is FindingKind.SYMBOLS_UNKNOWN]
    assert "left out 3 characters" in unknown.text


def test_glyphs_match_pdftotext_on_helvetica_without_an_encoding(tmp_path):
    tool = _judge("pdftotext")
    pdf = tmp_path / "bare.pdf"
    pdf.write_bytes(document([Sheet(paragraph() + text("Staff don’t share.", y=600),
                                    font=BARE_HELVETICA)]))
    shown = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Staff dont share." in shown
    assert "Staff dont share." in _text(_read(pdf.read_bytes()))


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_reads_in_its_texts_own_direction(rotate, tmp_path):
    # Before: /Rotate 90 read as letter soup ("m e r B e o s a p r d …"), exit 0.
    tool = _judge("pdftotext")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(document([Sheet(paragraph(), rotate=rotate)]))
    shown = " ".join(subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert _text(_read(pdf.read_bytes())).strip() == shown == POLICY


def _annotation(words: str, flags: int = 4) -> tuple[bytes, bytes]:
    appearance = stream(b"BT /F1 10 Tf 2 4 Td (%s) Tj ET" % words.encode(),
                        b" /Type /XObject /Subtype /Form /BBox [0 0 300 20] "
                        b"/Resources << /Font << /F1 5 0 R >> >>")
    return (b"<< /Type /Annot /Subtype /FreeText /Rect [72 500 372 520] /F %d /DA (/F1 10 Tf) "
            b"/Contents (%s) /AP << /N APPEARANCE >> >>" % (flags, words.encode()), appearance)


def test_visible_annotation_text_is_read_hidden_is_not():
    # Before: a PDF whose words are all in a FreeText box was "a scan: run OCR on it".
    shown = "Staff shall use them responsibly."
    doc = _read(document([Sheet(b"", annots=[_annotation(shown),
                                             _annotation("Hidden note words", 2)])]))
    assert shown in _text(doc)
    assert "Hidden note" not in _text(doc)


def test_text_inside_a_form_xobject_is_read():
    # Issue 25: text drawn by a form (a letterhead, a stamped page) was dropped silently.
    doc = _read(document([Sheet(paragraph() + b"/Fm Do",
                                forms={"Fm": form(text("Adopted by the Board in 2018.",
                                                       y=500))})]))
    assert "Adopted by the Board in 2018." in _text(doc)


# ---------------------------------------------------------------------------------------------
# Random documents up to 1 MB read in bounded time and memory

OPERATORS = st.sampled_from([
    b"q", b"Q", b"0 0 612 792 re W n", b"1 g", b"0 g", b"3 Tr", b"0 Tr", b"2 0 0 2 0 0 cm",
    b"100 100 200 50 re f", b"/F1 12 Tf", b"BT", b"ET", b"72 700 Td", b"/X0 Do",
])


@st.composite
def random_pdfs(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1, 60))):
        if draw(st.booleans()):
            parts.append(draw(OPERATORS) * draw(st.integers(1, 3_000)))
        else:
            size = draw(st.integers(1, 60_000))
            parts.append(b"BT /F1 %d Tf %d %d Td (%s) Tj ET" % (
                draw(st.integers(1, 30)), draw(st.integers(-50, 700)),
                draw(st.integers(-50, 800)), b"w " * (size // 2)))
    content = b"\n".join(parts)[:1_000_000]
    forms = {"X0": form(text("form text"))}
    return document([Sheet(content, forms=forms)] * draw(st.integers(1, 3)),
                    deflate=draw(st.booleans()))


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=random_pdfs())
def test_random_documents_read_in_bounded_time_and_memory(data, tmp_path):
    megabytes = len(data) / 1e6
    _bounded(data, tmp_path, seconds=SLACK * (10 * megabytes + 4),
             megabytes=20 * megabytes + 150)


def test_the_hostile_builder_makes_pdfs_poppler_reads(tmp_path):
    """The builder itself is sound: poppler reads its page as the reader does."""
    tool = _judge("pdftotext")
    pdf = tmp_path / "ok.pdf"
    pdf.write_bytes(document([Sheet(paragraph())]))
    shown = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True)
    assert " ".join(shown.stdout.split()) == POLICY
    assert Path(pdf).stat().st_size < 2_000
