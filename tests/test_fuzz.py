"""Fuzzing with hypothesis: every reader and the diff, on random and mutated input. The only
outcomes allowed are a result or a BoardPolicyError with a message, within a time bound."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy import BoardPolicyError, Format, Library, compose, load_district, render
from boardpolicy.diff import diff_documents
from boardpolicy.outputs.diff import DiffFormat
from boardpolicy.readers import read_document

from .conftest import DATA, SEEDS, VALLEY, format_diff, render_docx
from .pdfs import pdf_file

# A bound on the time for each input: a hang fails the test.
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LIBRARY = Library()
WEB_PAGE = (DATA / "butte-5460-web.html").read_bytes()
district, model = load_district(VALLEY, LIBRARY)
DOCX = render(compose(district, model), Format.DOCX)


def read_or_refuse(name: str, data: bytes):
    try:
        document = read_document(name, data=data)
    except BoardPolicyError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return None
    assert document.title or document.blocks
    return document


@FUZZ
@given(data=st.binary(max_size=4096),
       suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf", ""]))
def test_random_bytes(data, suffix):
    read_or_refuse(f"random{suffix}", data)


@st.composite
def mutated(draw, original: bytes):
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=50))
        else:
            del data[at:]
    return bytes(data)


@FUZZ
@given(data=mutated(WEB_PAGE))
def test_mutated_web_pages(data):
    read_or_refuse("page.html", data)


markup = st.lists(st.sampled_from(["<p>", "</p>", "<ul>", "<li>", "</li>", "</ul>", "<div>",
                                   "<br>", "<h1>", "</h1>", "<script>", "</script>", "<nav>",
                                   "Staff shall not post.", "- ", "Adopted on: 5/22/2018",
                                   "Cross Reference:", "&amp;", "&#0;", "<!--", "-->", "<table>",
                                   "<tr><td>", "</td></tr>", "</table>", "<dl><dt>"]),
                  max_size=60).map("".join)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF that shows `lines` in Helvetica, written by hand (no tool needed)."""
    text = "".join(f"BT /F1 12 Tf 72 {720 - 16 * k} Td ({line}) Tj ET\n"
                   for k, line in enumerate(lines)) + "BT /F1 9 Tf 500 40 Td (Page 1 of 1) Tj ET"
    text = text.encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_file(objects)


PDF = text_pdf(["Electronic Resources and Social Networking",
                "Staff shall not post confidential information.", "- Text messaging students;",
                "Adopted on: 5/22/2018"])


def test_the_hand_made_pdf_reads():
    document = read_document("policy.pdf", data=PDF)
    assert document.title == "Electronic Resources and Social Networking"
    assert "Page 1" not in " ".join(b.plain for b in document.walk())


@FUZZ
@given(data=mutated(PDF))
def test_mutated_pdfs(data):
    read_or_refuse("policy.pdf", data)


@FUZZ
@given(html=markup)
def test_random_web_pages(html):
    read_or_refuse("random.html", html.encode())


@FUZZ
@given(data=mutated(DOCX))
def test_mutated_docx_archives(data):
    read_or_refuse("policy.docx", data)


@FUZZ
@given(member=st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml",
                               "word/_rels/document.xml.rels", "word/numbering.xml"]),
       data=st.data())
def test_mutated_parts_inside_a_valid_zip(member, data):
    """The zip is sound; one XML part inside it is damaged."""
    source = zipfile.ZipFile(io.BytesIO(DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = data.draw(mutated(content))
            z.writestr(info.filename, content)
    read_or_refuse("policy.docx", out.getvalue())


yaml_text = st.lists(st.sampled_from([
    "model: mtsba/5460\n", "model: mtsba/5460@2012\n", "district: X\n", "district: [\n",
    "choices:\n", "  forbidden: [phone-numbers]\n", "  forbidden:\n", "    - text: a\n",
    "    - personal-email\n", "edits:\n", "  - drop: purpose\n", "  - replace: x\n",
    "    text: y\n", "history:\n", "  adopted: 2/30/2020\n", "  adopted: 5/22/2018\n",
    "&a [1]\n", "*a\n", "<<: *a\n", "- \n", ": \n", "\t\n", "!!python/object:os.system\n",
    "cross_references:\n", "  - {code: 1, title: t}\n", "'\n", "\"\\x00\"\n"]),
    max_size=14).map("".join)


@FUZZ
@given(text=yaml_text)
def test_random_district_files(text, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "district.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        district, model = load_district(path, LIBRARY)
    except BoardPolicyError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    for fmt in Format:
        assert render(compose(district, model), fmt)


SEED_TEXT = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]


@FUZZ
@given(a=st.sampled_from(SEED_TEXT).flatmap(mutated), b=st.sampled_from(SEED_TEXT)
       .flatmap(mutated))
def test_the_diff_on_mutated_documents(a, b):
    old, new = read_or_refuse("old.txt", a), read_or_refuse("new.txt", b)
    if old is None or new is None:
        return
    diff = diff_documents(old, new)
    for fmt in DiffFormat:
        if fmt is not DiffFormat.DOCX:
            assert format_diff(diff, fmt)
    assert render_docx(diff, new)


# --- the input shapes of issue 13: escape codes, NFD, UTF-16/32, repeated paragraphs ---------

SHAPES = ["\x1b[2K", "\x1b[1A", "\x9b", "\u202e", "\u200b", "\ufeff", "e\u0301", "é", "\x00",
          "\ufffe", "Staff shall not post.", "Staff shall not post.", "\n\n", "\r\n", " "]


@FUZZ
@given(parts=st.lists(st.sampled_from(SHAPES), max_size=40),
       codec=st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-16-be"]),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_escape_codes_nfd_and_unicode_encodings(parts, codec, suffix):
    text = "".join(parts)
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    document = read_or_refuse(f"shapes{suffix}", bom + text.encode(codec, "surrogatepass"))
    if document is None:
        return
    diff = diff_documents(document, document)
    assert not diff.has_differences
    for fmt in (DiffFormat.TERMINAL, DiffFormat.SIDE_BY_SIDE, DiffFormat.UNIFIED):
        assert "\x1b" not in format_diff(diff, fmt)


@FUZZ
@given(count=st.integers(2, 30), edits=st.sets(st.integers(0, 29), max_size=3))
def test_repeated_paragraphs_edited_in_place_are_never_moves(count, edits):
    import unicodedata

    para = "Staff shall not post photographs of students on personal accounts."
    old = ["Electronic Resources", *[para] * count, "Adopted on: 5/22/2018"]
    new = list(old)
    for k in edits:
        if k < count:
            new[k + 1] = para.replace("photographs", "pictures")
    a = read_or_refuse("a.txt", "\n\n".join(old).encode())
    b = read_or_refuse("b.txt", unicodedata.normalize("NFD", "\n\n".join(new)).encode())
    diff = diff_documents(a, b)
    assert diff.summary.moved == 0
    assert diff.summary.modified == len([k for k in edits if k < count])
