"""Readers: every seed, every format we write read back, and every kind of bad input."""

from __future__ import annotations

import io
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardpolicy import BoardPolicyError, Format, Kind, compose, load_district, render
from boardpolicy.diff import units
from boardpolicy.readers import read_document

from .conftest import BUTTE, DATA, SEEDS, VALLEY, zip_bytes

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def texts(document):
    return [(u.kind, u.text) for u in units(document)]


def test_butte_seed_reads_as_the_policy_without_the_website_menu():
    doc = read_document(SEEDS / "butte-5460-adopted-2018.txt")
    assert (doc.district, doc.series, doc.number) == ("Butte School District", "PERSONNEL",
                                                      "5460")
    assert doc.title == "Electronic Resources and Social Networking"
    (bullets,) = [b for b in doc.blocks if b.kind is Kind.LIST]
    assert len(bullets.children) == 7
    refs = next(b for b in doc.blocks if b.kind is Kind.REFERENCES)
    assert [(r.label, r.text) for r in refs.children][:1] == [
        ("5015", "Bullying/Harassment/Intimidation")]
    history = next(b for b in doc.blocks if b.kind is Kind.HISTORY)
    assert [e.plain for e in history.children] == ["Adopted on: 5/22/2018", "Reviewed on:",
                                                   "Revised on:"]
    everything = " ".join(u.text for u in units(doc))
    assert "opens in new window" not in everything and "5630P" not in everything
    assert "including during breaks or preparation periods" in everything  # joined
    assert any("website navigation" in w for w in doc.warnings)


def test_model_seed_prints_its_drafting_note_as_written(library):
    """Read as a document, the model's text keeps the note in its paragraph (issue 25, item
    13); diffed against the model, which has that note, the note is recognised as one."""
    from boardpolicy.composition import compose_model
    from boardpolicy.diff import diff_documents
    from boardpolicy.diff.result import UnitKind

    doc = read_document(SEEDS / "mtsba-5460-model.txt")
    assert not [b for b in doc.blocks if b.kind is Kind.NOTE]
    assert any(b.text.endswith("district operations. (DISTRICT MUST CHOOSE WHICH BULLETS "
                               "ARE FORBIDDEN)") for b in doc.blocks)
    model = library.get("mtsba/5460")
    diff = diff_documents(compose_model(model), doc, old_model=model)
    # the paragraph is the model's, unchanged; the note is the model's note
    assert not [c for c in diff.changes if c.departure and c.kind is UnitKind.PARAGRAPH]
    assert [c.new_text for c in diff.changes if c.kind is UnitKind.NOTE and c.new] == \
        ["(DISTRICT MUST CHOOSE WHICH BULLETS ARE FORBIDDEN)"]


def test_cut_bank_seed_layout():
    doc = read_document(SEEDS / "cut-bank-5460-adopted-2012.txt")
    assert (doc.district, doc.series, doc.number) == ("Cut Bank School District", "PERSONNEL",
                                                      "5460")
    refs = next(b for b in doc.blocks if b.kind is Kind.REFERENCES)
    assert [r.label for r in refs.children] == ["5015", "5223", "5255", ""]
    history = next(b for b in doc.blocks if b.kind is Kind.HISTORY)
    assert history.children[0].plain == "Adopted on: November 13, 2012"


def test_iowa_seeds_headings_lists_and_history():
    r2 = read_document(SEEDS / "iowa-401.13R2-staff-social-networking.txt")
    assert r2.title.startswith("401.13R2 - Staff Use of Internet Social Networking")
    headings = [b.text for b in r2.blocks if b.kind is Kind.HEADING]
    assert headings == ["Statement of Philosophy", "Practical Guidelines",
                        "Legitimate Educational Purposes", "Consequences", "Implementation"]
    acceptable = read_document(SEEDS / "iowa-401.13-staff-volunteer-acceptable-use.txt")
    everything = " ".join(u.text for u in units(acceptable))
    # a sentence split by a page break is joined back
    assert "All information on the School District's computer system is considered" in everything
    history = next(b for b in acceptable.blocks if b.kind is Kind.HISTORY)
    assert history.children[0].plain == "Approved: 9/17/18"


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_seed_reads_without_losing_words(name):
    """Every word of the policy part of a seed is in what the reader returns."""
    raw = (SEEDS / name).read_text(encoding="utf-8")
    if "Revised on:" in raw:
        raw = raw[: raw.index("Revised on:")]
    doc = read_document(SEEDS / name)
    got = " ".join(u.text for u in units(doc)).split()
    want = [w for w in raw.replace("·", " ").split() if w not in ("-", "–")]
    missing = [w for w in want if w not in got]
    assert not missing, missing[:10]


def test_web_page_reads_as_the_policy_only():
    web = read_document(DATA / "butte-5460-web.html")
    text = read_document(SEEDS / "butte-5460-adopted-2018.txt")
    assert texts(web) == texts(text)


CASES = [BUTTE, VALLEY, DATA / "hostile.yaml"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", list(Format))
def test_what_we_write_reads_back_the_same(library, path, fmt, tmp_path):
    district, model = load_district(path, library)
    doc = compose(district, model)
    out = tmp_path / f"policy.{fmt.value}"
    out.write_bytes(render(doc, fmt))
    again = read_document(out)
    if fmt is Format.TXT:  # plain text cannot say whether "1. Not a list" is a list item
        assert [t for _, t in texts(again)] == [t for _, t in texts(doc)]
    else:
        assert texts(again) == texts(doc)


def test_hard_wrapped_text_is_joined_back(library):
    district, model = load_district(VALLEY, library)
    doc = compose(district, model)
    plain = render(doc, Format.TXT).decode()
    wrapped = "\n".join(textwrap.fill(p, 72, subsequent_indent="  " if p.startswith("- ")
                                       else "") for p in plain.split("\n"))
    assert max(len(line) for line in wrapped.split("\n")) <= 72
    again = read_document("wrapped.txt", data=wrapped.encode())
    assert texts(again) == texts(doc)


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    from docx import Document

    word = Document()
    for text, style in paragraphs:
        word.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("marker", ["• ", "· ", "- ", "–\t"])
def test_docx_bullets_from_typed_markers(marker):
    data = _docx([("A Policy", "Title"), ("Staff shall not:", None),
                  (f"{marker}text students;", None), (f"{marker}email students.", None)])
    doc = read_document("typed.docx", data=data)
    assert texts(doc)[1:] == [(Kind.PARAGRAPH, "Staff shall not:"), (Kind.ITEM, "text students;"),
                              (Kind.ITEM, "email students.")]


def test_docx_bullets_from_word_numbering_and_tracked_changes():
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = Document()
    word.add_paragraph("A Policy", style="Title")
    word.add_paragraph("text students;", style="List Bullet")
    para = word.add_paragraph("Staff ")
    para._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a" '
                             f'w:date="2020-01-01T00:00:00Z"><w:r><w:t>may</w:t></w:r></w:ins>'))
    para._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a" '
                             f'w:date="2020-01-01T00:00:00Z"><w:r><w:delText>shall'
                             f'</w:delText></w:r></w:del>'))
    para.add_run(" read.")
    buffer = io.BytesIO()
    word.save(buffer)
    doc = read_document("numbered.docx", data=buffer.getvalue())
    assert texts(doc)[1:] == [(Kind.ITEM, "text students;"), (Kind.PARAGRAPH, "Staff may read.")]


def test_windows_1252_is_read_with_a_warning():
    data = (SEEDS / "butte-5460-adopted-2018.txt").read_text(encoding="utf-8").encode("cp1252")
    doc = read_document("legacy.txt", data=data)
    assert "not UTF-8: read as Windows-1252" in doc.warnings
    assert texts(doc) == texts(read_document(SEEDS / "butte-5460-adopted-2018.txt"))


def test_standard_input(monkeypatch):
    data = (SEEDS / "mtsba-5460-model.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert texts(read_document("-")) == texts(read_document(SEEDS / "mtsba-5460-model.txt"))


BAD = {
    "empty file": ("empty.txt", b"", "is empty"),
    "only white space": ("blank.txt", b"  \n\n\t\n", "is empty"),
    "an image": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    "an image named .docx": ("photo.docx", b"\x89PNG\r\n\x1a\n" + bytes(200),
                             "not a zip archive"),
    "a zip that is not a DOCX": ("archive.docx", zip_bytes({"notes.txt": b"hello"}),
                                 "not a Word document (no word/document.xml)"),
    "a damaged DOCX": ("cut.docx", None, "damaged Word document"),
    "a DOCX with broken XML": ("broken.docx", zip_bytes({"[Content_Types].xml": b"<Types/>",
                                                   "word/document.xml": b"<w:document"}),
                               "damaged Word document"),
    "binary garbage": ("noise.txt", bytes((i * 37 + 11) % 256 for i in range(5000)), "binary"),
    "a zip named .txt": ("archive.txt", zip_bytes({"a": b"b"}), "binary"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_documents_get_one_clear_error(case, library):
    name, data, expected = BAD[case]
    if data is None:  # a real DOCX cut in half
        district, model = load_district(BUTTE, library)
        whole = render(compose(district, model), Format.DOCX)
        data = whole[: len(whole) // 2]
    with pytest.raises(BoardPolicyError) as info:
        read_document(name, data=data)
    assert expected in str(info.value)
    assert str(info.value).startswith(name)


def test_a_zip_bomb_is_refused_without_inflating_it():
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                 "word/media/big.bin": bytes(300_000_000)})
    assert len(bomb) < 1_000_000
    with pytest.raises(BoardPolicyError, match="would unpack to 300,000,0"):
        read_document("bomb.docx", data=bomb)


def test_a_web_page_of_megabytes_reads_and_a_larger_one_is_refused(tmp_path):
    page = (DATA / "butte-5460-web.html").read_text(encoding="utf-8")
    filler = "<div class='sidebar'><ul>" + "<li><a href='#'>5000 - Policy</a></li>" * 60000 + \
        "</ul></div>"
    big = page.replace("</body>", filler + "</body>").encode()
    assert len(big) > 2_000_000
    doc = read_document("big.html", data=big)
    assert texts(doc) == texts(read_document(DATA / "butte-5460-web.html"))
    path = tmp_path / "big.html"
    path.write_bytes(big)
    with pytest.raises(BoardPolicyError, match="the limit is 1,000,000"):
        read_document(path, limit=1_000_000)


@given(st.lists(st.sampled_from(["a", " ", ".", ";", "!", ")", "”", "’", "'", '"', "]", "\n",
                                 "x."]), max_size=8).map("".join))
def test_ends_sentence_is_the_sentence_end_pattern(text):
    from boardpolicy.readers.structure import SENTENCE_END, ends_sentence

    assert ends_sentence(text) == bool(SENTENCE_END.search(text))


def test_label_patterns_start_only_with_label_starts():
    """The three label patterns start with a word (or one of a group of words) and ignore
    case: their first letters, in either case, are LABEL_STARTS, and no other character
    folds to one of them."""
    import re
    import sys

    from boardpolicy.readers.structure import (
        HISTORY_ENTRY,
        HISTORY_LABEL,
        LABEL_STARTS,
        REFERENCE_LABEL,
    )

    firsts = set()
    for pattern in (REFERENCE_LABEL, HISTORY_LABEL, HISTORY_ENTRY):
        assert pattern.flags & re.IGNORECASE
        words = re.match(r"\^\(?([a-z|]+)", pattern.pattern)[1]
        firsts |= {w[0] for w in words.split("|")}
    assert firsts | {c.upper() for c in firsts} == LABEL_STARTS
    folding = re.compile("[" + "".join(firsts) + "]", re.IGNORECASE)
    assert {c for c in map(chr, range(sys.maxunicode + 1)) if folding.match(c)} == LABEL_STARTS


def test_the_head_of_a_table_of_references_is_not_a_reference(tmp_path):
    # Before (a tryout): our own HTML page printed to PDF read its table's head "Policy Title"
    # as a cross reference, so diff counted "Adds a cross reference" and import wrote it
    page = tmp_path / "page.txt"
    page.write_text("Electronic Resources\n\nStaff shall be careful.\n\nCross Reference\n"
                    "Policy Title\n5015 Bullying\n5223 Personal Conduct\n", encoding="utf-8")
    (refs,) = [b for b in read_document(page).blocks if b.kind is Kind.REFERENCES]
    assert [(r.label, r.text) for r in refs.children] == [("5015", "Bullying"),
                                                         ("5223", "Personal Conduct")]
