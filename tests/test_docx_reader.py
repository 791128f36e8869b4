"""The DOCX reader on small Word packages written by hand: content controls, text boxes, nested
tables, list numbers, notes, fields, symbols, hidden text, tracked changes (accepted and
rejected, judged by LibreOffice too), and the files it refuses."""

from __future__ import annotations

import re

import pytest

from boardpolicy.diff import diff_documents, units
from boardpolicy.document import Kind
from boardpolicy.errors import InputError
from boardpolicy.readers import read_document
from boardpolicy.readers.structure import Line, build

from .judges import Office
from .ooxml import REVISION, deleted, ins, level, num, p, package, r

TITLE = p("Electronic Resources", props='<w:pStyle w:val="Title"/>')


def read(data: bytes, changes: str = "accept"):
    return read_document("test.docx", data=data, changes=changes)


def texts(document) -> list[str]:
    return [u.text for u in units(document)]


def sdt(content: str) -> str:
    return f"<w:sdt><w:sdtPr><w:alias w:val='control'/></w:sdtPr><w:sdtContent>{content}" \
        "</w:sdtContent></w:sdt>"


def test_a_body_entirely_in_content_controls():
    cell = "<w:tc><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc>"
    body = sdt(p("Policy 5460 title line") + p("The district ", sdt(r("shall")), " act.")
               + f"<w:tbl><w:tr>{sdt(cell)}</w:tr>{sdt('<w:tr>' + cell + '</w:tr>')}</w:tbl>")
    document = read(package(sdt(body)))
    assert texts(document) == ["Policy 5460 title line", "The district shall act.",
                               "Cell text", "Cell text"]
    edited = read(package(sdt(body.replace("shall", "may"))))
    assert diff_documents(document, edited).has_differences


def test_a_text_box_reads_once_after_its_paragraph():
    box = p("Datum plane")
    choice = ('<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
              f'<w:txbxContent>{box}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>'
              '</a:graphic></wp:anchor></w:drawing>')
    fallback = f'<w:pict><v:shape><v:textbox><w:txbxContent>{box}</w:txbxContent>' \
        '</v:textbox></v:shape></w:pict>'
    run = (f"<w:r><mc:AlternateContent><mc:Choice Requires='wps'>{choice}</mc:Choice>"
           f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>")
    document = read(package(TITLE + p("Anchor text.", run) + p("After.")))
    assert texts(document) == ["Electronic Resources", "Anchor text.", "Datum plane", "After."]


def test_a_nested_table_reads_once_in_order():
    def cell(*content: str) -> str:
        return f"<w:tc>{''.join(content)}</w:tc>"

    inner = f"<w:tbl><w:tr>{cell(p('Inner A'))}{cell(p('Inner B'))}</w:tr>" \
        f"<w:tr>{cell(p('Inner C'))}</w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr>{cell(p('Outer first'), inner, p('Outer last'))}" \
        f"{cell(p('Beside'))}</w:tr><w:tr>{cell(p('Row two'))}{cell(p('more'))}</w:tr></w:tbl>"
    document = read(package(TITLE + outer))
    # (cells are two spaces apart; the structure folds white space to one)
    assert texts(document) == ["Electronic Resources", "Outer first", "Inner A Inner B",
                               "Inner C", "Outer last", "Beside", "Row two more"]


NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">'
    + level(0, "upperRoman", "Article %1.")
    + level(1, "decimal", "%1.%2", legal=True)
    + level(2, "decimal", "%1.%2.%3", legal=True)
    + '</w:abstractNum><w:abstractNum w:abstractNumId="2">'
    + level(0, "decimal", "%1.") + level(1, "lowerLetter", "(%2)")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="3">'
    + '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    + '</w:abstractNum>'
    + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">'
    + '<w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>')


def test_list_numbers_as_word_prints_them():
    body = TITLE + "".join(p(text, props=num(n, lvl)) for n, lvl, text in [
        (1, 0, "Purpose"), (1, 1, "Scope"), (1, 1, "Terms"), (1, 2, "Staff"), (1, 0, "Rules"),
        (1, 1, "General"), (2, 0, "One"), (2, 1, "Sub a"), (2, 1, "Sub b"), (2, 0, "Two"),
        (2, 1, "Sub again"), (3, 0, "Restarted"), (3, 0, "Next"), (4, 0, "Continued"),
        (5, 0, "A bullet")])
    document = read(package(body, numbering=NUMBERING))
    items = [b for b in document.walk() if b.kind is Kind.ITEM]
    assert [(b.label, b.text) for b in items] == [
        ("Article I.", "Article I. Purpose"), ("1.1", "1.1 Scope"), ("1.2", "1.2 Terms"),
        ("1.2.1", "1.2.1 Staff"), ("Article II.", "Article II. Rules"),
        ("2.1", "2.1 General"), ("1.", "1. One"), ("(a)", "(a) Sub a"), ("(b)", "(b) Sub b"),
        ("2.", "2. Two"), ("(a)", "(a) Sub again"), ("5.", "5. Restarted"),
        ("6.", "6. Next"), ("7.", "7. Continued"), (None, "A bullet")]
    assert "1.1 Scope" in texts(document)  # what the diff compares


def test_a_renumbered_item_is_a_change():
    def doc(start: int):
        numbering = NUMBERING.replace('<w:startOverride w:val="5"/>',
                                      f'<w:startOverride w:val="{start}"/>')
        return read(package(TITLE + p("Same words", props=num(3)), numbering=numbering))

    assert diff_documents(doc(5), doc(6)).has_differences
    assert not diff_documents(doc(5), doc(5)).has_differences


def test_numbering_from_the_paragraph_style():
    styles = ('<w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered"/>'
              f'<w:pPr>{num(2)}</w:pPr></w:style>')
    data = package(TITLE + p("First", props='<w:pStyle w:val="Numbered"/>')
                   + p("Second", props='<w:pStyle w:val="Numbered"/>'), numbering=NUMBERING)
    data = _with_styles(data, styles)
    assert texts(read(data))[1:] == ["1. First", "2. Second"]


def _with_styles(data: bytes, styles: str) -> bytes:
    import io
    import zipfile

    from .conftest import zip_bytes
    from .ooxml import XMLNS

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    rels = entries["word/_rels/document.xml.rels"].decode()
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    ).encode()
    entries["word/styles.xml"] = f"<w:styles {XMLNS}>{styles}</w:styles>".encode()
    return zip_bytes(entries)


def test_footnotes_and_endnotes_keep_their_marks():
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>'
             '<w:r><w:t xml:space="preserve"> See Policy 5000.</w:t></w:r></w:p></w:footnote>')
    endnotes = ('<w:endnote w:id="3"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space='
                '"preserve"> An endnote.</w:t></w:r></w:p></w:endnote>')
    body = TITLE + p("The policy", "<w:r><w:footnoteReference w:id='7'/></w:r>", " applies",
                     "<w:r><w:endnoteReference w:id='3'/></w:r>", ".")
    document = read(package(body, footnotes=notes, endnotes=endnotes))
    assert texts(document)[1:] == ["The policy[1] applies[i].", "[1] See Policy 5000.",
                                   "[i] An endnote."]
    assert [b.kind for b in document.blocks][-2:] == [Kind.FOOTNOTE, Kind.FOOTNOTE]


def test_fields_show_their_result_symbols_and_special_characters():
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h '
             '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             f'{r("Section 3")}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    simple = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
    symbols = ('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" '
               'w:char="F061"/><w:sym w:font="Webdings" w:char="F068"/></w:r>')
    special = ('<w:r><w:t>E</w:t><w:noBreakHyphen/><w:t>mail co</w:t><w:softHyphen/>'
               '<w:t>operate</w:t><w:tab/><w:t>next\u00a0word</w:t></w:r>')
    document = read(package(TITLE + p("See ", field, " on page ", simple, ".")
                            + p(symbols) + p(special)))
    assert texts(document)[1:] == ["See Section 3 on page 7.", "✓α\ufffd",
                                   "E-mail cooperate next word"]
    assert any("1 symbol from Webdings" in w for w in document.warnings)


def test_hidden_text_comments_and_images_are_left_out_and_named():
    comments = ('<w:comment w:id="0" w:author="A"><w:p><w:r><w:t>Check this</w:t></w:r></w:p>'
                '</w:comment>')
    image = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic xmlns:pic="http://'
             'schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphicData></a:graphic>'
             '</wp:inline></w:drawing></w:r>')
    header = p("Page header words")
    body = TITLE + p("Shown ", r("secret ", "<w:vanish/>"), "text.", image) + \
        p(r("all hidden", "<w:vanish/>"))
    document = read(package(body, comments=comments, header1=header))
    assert texts(document)[1:] == ["Shown text."]
    assert set(document.warnings) >= {"left out hidden text (2 runs)", "left out 1 comment",
                                      "left out the header and footer text",
                                      "left out 1 image"}


MOVE_FROM = ('<w:moveFrom ' + REVISION.format(id=5) + '><w:r><w:t xml:space="preserve">'
             'Moved words. </w:t></w:r></w:moveFrom>')
MOVE_TO = ('<w:moveTo ' + REVISION.format(id=6) + '><w:r><w:t xml:space="preserve">'
           ' Moved words.</w:t></w:r></w:moveTo>')
MARK_DELETED = f"<w:rPr><w:del {REVISION.format(id=7)}/></w:rPr>"
MARK_INSERTED = f"<w:rPr><w:ins {REVISION.format(id=8)}/></w:rPr>"
TRACKED = (
    TITLE
    + p(MOVE_FROM, "Staff shall ", ins(r("never ")), "use ", deleted("personal "), "phones.")
    + p("This paragraph ", props=MARK_DELETED)
    + p("It continues here.")
    + p("A new paragraph", ins(r(" split")), props=MARK_INSERTED)
    + p(ins(r("Off here.")))
    + p("The end.", MOVE_TO))
ROWS = (
    f'<w:tbl><w:tr><w:trPr><w:ins {REVISION.format(id=9)}/></w:trPr><w:tc>{p("New row")}'
    '</w:tc></w:tr><w:tr><w:trPr><w:del ' + REVISION.format(id=10) + f'/></w:trPr><w:tc>'
    f'{p(deleted("Old row", 11))}</w:tc></w:tr></w:tbl>'
    + p("Formatting ", f'<w:r><w:rPr><w:b/><w:rPrChange {REVISION.format(id=12)}><w:rPr/>'
        '</w:rPrChange></w:rPr><w:t>only.</w:t></w:r>'))
ACCEPTED = ["Electronic Resources", "Staff shall never use phones.",
            "This paragraph It continues here.", "A new paragraph split", "Off here.",
            "The end. Moved words.", "New row", "Formatting only."]
REJECTED = ["Electronic Resources", "Moved words. Staff shall use personal phones.",
            "This paragraph", "It continues here.", "A new paragraph", "The end.",
            "Old row", "Formatting only."]


def test_tracked_changes_accepted_or_rejected():
    data = package(TRACKED + ROWS)
    accepted, rejected = read(data), read(data, changes="reject")
    assert texts(accepted) == ACCEPTED
    assert texts(rejected) == REJECTED
    assert any(re.fullmatch(r"held \d+ tracked changes; read with all accepted", w)
               for w in accepted.warnings)
    assert any(w.endswith("read with all rejected") for w in rejected.warnings)
    with pytest.raises(ValueError):
        read(data, changes="maybe")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    office = Office(tmp_path_factory.mktemp("office"))
    yield office
    office.close()


def test_tracked_changes_as_libreoffice_accepts_and_rejects_them(office, tmp_path):
    """(The judge's text has the document's paragraphs, not its tables: no rows here.)"""
    path = tmp_path / "tracked.docx"
    path.write_bytes(package(TRACKED))
    accepted, rejected = office.run([(path, "accept"), (path, "reject")])

    def paragraphs(result) -> list[str]:
        return [" ".join(t.split()) for t in result["paragraphs"] if t.strip()]

    assert paragraphs(accepted) == [" ".join(t.split()) for t in texts(read_document(path))]
    assert paragraphs(rejected) == \
        [" ".join(t.split()) for t in texts(read_document(path, changes="reject"))]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize("name", ["policy.docx", "policy.doc", "-"])
def test_word_97_files_are_refused_with_what_to_do(name):
    with pytest.raises(InputError) as caught:
        read_document(name, data=OLE + b"WordDocument".decode().encode("utf-16-le"))
    message = str(caught.value)
    assert "Word 97-2003" in message and "save it as .docx" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["policy.docx", "policy.doc", "-"])
def test_encrypted_word_files_are_refused_with_what_to_do(name):
    data = OLE + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(InputError) as caught:
        read_document(name, data=data)
    assert "password" in str(caught.value) and "save it again" in str(caught.value)


def test_the_cli_says_it_in_one_line(cli, tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(OLE)
    result = cli("diff", path, path)
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "Word 97-2003" in result.err


@pytest.mark.parametrize("lines, kept", [
    (["5460P", "Electronic Resources", "Staff may use phones."], "5460P"),
    (["PERSONNEL 5460", "R2", "Electronic Resources", "Staff may use phones."], "R2"),
    (["5460", "5461", "Electronic Resources", "Staff may use phones."], "5461"),
])
def test_structure_never_drops_a_short_line_at_the_top(lines, kept):
    document = build([Line(t) for t in lines])
    assert kept in " ".join(texts(document))


@pytest.mark.parametrize("label, expected", [
    ("Cross-reference:", "Cross-reference"), ("Cross References", "Cross References"),
    ("Legal Reference:", "Legal Reference")])
def test_labels_are_kept_as_written(label, expected):
    document = build([Line("Title"), Line("Staff may use phones."), Line(label),
                      Line("5000 Personnel")])
    section = next(b for b in document.blocks if b.kind is Kind.REFERENCES)
    assert section.label == expected


def test_history_labels_are_kept_as_written():
    a = build([Line("Title"), Line("Text."), Line("Policy history:"),
               Line("adopted on: 5/22/2018")])
    b = build([Line("Title"), Line("Text."), Line("Policy History:"),
               Line("Adopted on: 5/22/2018")])
    assert texts(a)[-2:] == ["Policy history:", "adopted on: 5/22/2018"]
    assert diff_documents(a, b).has_differences


def test_a_superscript_number_after_a_citation_stays_apart_from_it():
    # Before (a second tryout): "§ 20-1-1012" with a superscript footnote number 3 read
    # "§ 20-1-10123", another statute; raised digits are Unicode's superscript digits now
    sup = '<w:vertAlign w:val="superscript"/>'
    doc = read(package(TITLE + p("Staff follow Mont. Code Ann. § 20-1-1012", r("3", sup),
                                 " and the Code of Ethics", r("4,5", sup), " in the 1",
                                 r("st", sup), " year.")))
    assert texts(doc)[-1:] == ["Staff follow Mont. Code Ann. § 20-1-1012³ and the Code of "
                          "Ethics⁴,⁵ in the 1st year."]


def test_a_raised_roman_note_number_stays_apart_from_its_word():
    # Before (a new-user look at Word's endnotes exported to PDF, and the same in Word):
    # "Ouch" with raised endnote numbers i and ii read "Ouchi.ii", another word
    sup = '<w:vertAlign w:val="superscript"/>'
    doc = read(package(TITLE + p("Ouch", r("i", sup), ".", r("ii", sup))))
    assert texts(doc)[-1:] == ["Ouchⁱ.ⁱⁱ"]
