"""Every writer against golden files; DOCX structure; same input, same bytes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpolicy import Format, Library, compose, compose_model, load_district, render
from boardpolicy.outputs.policy.templated import md_escape

from .conftest import BUTTE, DATA, ROOT, SEEDS, VALLEY, check_golden

CASES = {
    "butte": BUTTE,
    "example-district": VALLEY,
    "hostile": DATA / "hostile.yaml",
}
DOCX_PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml")
OUR_STYLES = ("Normal", "Title", "Heading2", "BodyText", "ListBullet", "Reference",
              "DraftingNote")


def document_for(name: str, library):
    district, model = load_district(CASES[name], library)
    return compose(district, model)


def docx_dump(data: bytes) -> str:
    """A readable, stable dump of what matters in a DOCX: parts, our styles, text XML."""
    from lxml import etree

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        out.append("parts: " + " ".join(sorted(z.namelist())))
        styles = etree.fromstring(z.read("word/styles.xml"))
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        for style_id in OUR_STYLES:
            (style,) = styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=ns)
            out.append(etree.tostring(style, pretty_print=True, encoding="unicode"))
        for part in DOCX_PARTS:
            root = etree.fromstring(z.read(part))
            out.append(f"--- {part}\n" + etree.tostring(root, pretty_print=True,
                                                        encoding="unicode"))
    return "\n".join(out)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_text_writers_match_golden_files(library, name, fmt):
    data = render(document_for(name, library), Format(fmt))
    check_golden(f"{name}.{fmt}", data.decode("utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_docx_matches_golden_dump(library, name):
    check_golden(f"{name}.docx.xml", docx_dump(render(document_for(name, library),
                                                      Format.DOCX)))


def test_model_as_published_matches_golden(library):
    doc = compose_model(library.get("mtsba/5460"))
    check_golden("mtsba-5460.txt", render(doc, Format.TXT).decode("utf-8"))


def fold(text: str) -> str:
    return " ".join(text.split())


def test_butte_example_gives_the_seeds_words(library):
    """The policy part of the Butte web page: everything up to its history block."""
    seed = (SEEDS / "butte-5460-adopted-2018.txt").read_text(encoding="utf-8")
    policy = seed[: seed.index("Revised on:") + len("Revised on:")]
    ours = render(document_for("butte", library), Format.TXT).decode("utf-8")
    assert fold(ours) == fold(policy)


@pytest.mark.parametrize("fmt", list(Format))
def test_same_input_same_bytes_in_any_zone_and_locale(library, fmt, tmp_path):
    """Two renders in separate processes, under different time zones and locales."""
    outputs = []
    for tz, lang in (("UTC", "C.UTF-8"), ("Pacific/Kiritimati", "tr_TR.UTF-8")):
        out = tmp_path / f"{tz.replace('/', '_')}.{fmt.value}"
        env = {**os.environ, "TZ": tz, "LANG": lang, "LC_ALL": lang}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "-m", "boardpolicy", "render",
                        str(VALLEY), "-o", str(out)],
                       check=True, env=env, cwd=ROOT, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == render(document_for("example-district", library), fmt)


def test_docx_dates_are_the_policy_history_else_source_date_epoch(cli, tmp_path, library,
                                                                    monkeypatch):
    """Created and modified: the newest history date, in any form the district file takes;
    without one, SOURCE_DATE_EPOCH; without that, the documented 2000-01-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "b.docx"
    assert cli("render", BUTTE, "-o", out).code == 0
    assert "2018-05-22T00:00:00Z" in zipfile.ZipFile(out).read("docProps/core.xml").decode()
    undated = tmp_path / "undated.yaml"
    undated.write_text("model: mtsba/5460\ndistrict: X School District\n"
                       "choices: {forbidden: []}\n", encoding="utf-8")
    assert cli("render", undated, "-o", out).code == 0
    assert "2023-11-14T22:13:20Z" in zipfile.ZipFile(out).read("docProps/core.xml").decode()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert cli("render", undated, "-o", out).code == 0
    assert "2000-01-01T00:00:00Z" in zipfile.ZipFile(out).read("docProps/core.xml").decode()
    long_form = tmp_path / "long.yaml"
    long_form.write_text("model: mtsba/5460\ndistrict: X School District\n"
                         "choices: {forbidden: []}\nhistory:\n  adopted: November 13, 2012\n"
                         "  revised: [3/11/2019, 'October 9, 2023']\n", encoding="utf-8")
    assert cli("render", long_form, "-o", out).code == 0
    assert "2023-10-09T00:00:00Z" in zipfile.ZipFile(out).read("docProps/core.xml").decode()


def test_docx_uses_real_word_structure(library):
    from docx import Document

    data = render(document_for("example-district", library), Format.DOCX)
    word = Document(io.BytesIO(data))
    paragraphs = word.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Electronic Resources and Social Networking"
    bullets = [p for p in paragraphs if p.style.name == "List Bullet"]
    assert [p.text[:20] for p in bullets] == ["Text messaging stude", "Emailing students ot",
                                              "Soliciting students ", "Playing online video"]
    assert all(not p.text.startswith(("•", "·", "-")) for p in bullets)
    numbering = word.styles["List Bullet"].element.pPr.numPr
    assert numbering is not None and numbering.numId.val >= 1  # Word numbering, not a glyph
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        "Cross Reference", "Policy History"]
    header = word.sections[0].header.paragraphs[0].text
    assert header == "Example Valley School District\tPERSONNEL 5460"
    footer_xml = word.sections[0].footer._element.xml
    assert 'w:instr=" PAGE ' in footer_xml and 'w:instr=" NUMPAGES ' in footer_xml
    props = word.core_properties
    assert props.title == "5460 Electronic Resources and Social Networking"
    assert props.author == "Example Valley School District"
    assert props.modified.isoformat().startswith("2023-10-09")


def test_hostile_text_is_literal_everywhere(library):
    doc = document_for("hostile", library)
    html = render(doc, Format.HTML).decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in re.sub(r"\d{3,}", "", html)
    assert "<i>5015</i>" not in html and "&lt;i&gt;5015&lt;/i&gt;" in html
    assert "{% raw %}Tom &amp; Jerry{% endraw %}" in html
    md = render(doc, Format.MD).decode()
    assert r"\<script\>" in md and r"\# Not a heading \*not bold\*" in md
    assert "\n- \\# Not a heading" in md
    txt = render(doc, Format.TXT).decode()
    assert "<script>alert('x')</script> {{ 7*7 }} {% if 1 %}&amp; District" in txt
    from docx import Document

    word = Document(io.BytesIO(render(doc, Format.DOCX)))
    assert any("]]> & \\ {{ x }}" in p.text for p in word.paragraphs)


def test_markdown_escaping_round_trips_through_a_commonmark_parser(library):
    """The escaped Markdown, parsed back, shows the district's characters as written."""
    markdown_it = pytest.importorskip("markdown_it")
    md = render(document_for("hostile", library), Format.MD).decode()
    html = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script>" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html.replace("&#x27;", "'")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_md_escape_prints_any_text_literally(text):
    from html import unescape

    import markdown_it

    text = " ".join(text.split())
    if not text:
        return
    html = markdown_it.MarkdownIt("commonmark").render(md_escape(text)).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    assert unescape(html[3:-4]) == text


def test_templates_come_from_the_package(library, tmp_path, monkeypatch):
    """Rendering does not depend on the working folder."""
    monkeypatch.chdir(tmp_path)
    assert render(document_for("butte", library), Format.HTML).startswith(b"<!DOCTYPE html>")


def test_format_from_path():
    assert Format.from_path(Path("a/b.DOCX")) is Format.DOCX
    assert Format.from_path("x.markdown") is Format.MD
    assert Format.from_path("x.pdf") is None
    assert Library is not None


def test_a_word_run_types_tabs_breaks_and_edge_spaces_as_word_does():
    from lxml import etree

    from boardpolicy.outputs.wordml import W, run

    p = etree.Element(f"{{{W}}}p")
    run(p, " a\nb\tc\x01 ", bold=True)
    (r,) = p
    parts = [(etree.QName(e).localname, e.text, e.get(
        "{http://www.w3.org/XML/1998/namespace}space")) for e in r]
    assert parts == [("rPr", None, None), ("t", " a", "preserve"), ("br", None, None),
                     ("t", "b", None), ("tab", None, None), ("t", "c\ufffd ", "preserve")]


def test_a_policy_without_district_series_or_number_has_no_empty_header(tmp_path):
    from boardpolicy.readers import read_document

    path = tmp_path / "bare.txt"
    path.write_text("A Policy Without a Header\n\nThe board shall meet monthly. Members "
                    "shall attend every meeting unless excused by the chair.\n")
    document = read_document(path)
    assert not (document.district or document.series or document.number)
    html = render(document, Format.HTML).decode()
    assert "<h1" in html and '<header class="policy-header">' not in html


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "txt"])
def test_an_edition_whose_list_has_no_options_renders_without_an_empty_list(library, fmt):
    """MTSBA's 2012 edition of 5460 is known without its bullets: its list is empty."""
    document = compose_model(library.get("mtsba/5460@2012"))
    data = render(document, Format(fmt))
    text = docx_dump(data) if fmt == "docx" else data.decode()
    assert "ListBullet" not in text.split("--- word/document.xml")[-1]
    assert "<ul" not in text and "\n- " not in text and "\n\n\n" not in text


def test_a_document_without_title_or_district_has_no_empty_title_or_footer_parts(tmp_path):
    from boardpolicy.document import Block, Document, Kind

    document = Document(title="", blocks=(Block(Kind.PARAGRAPH, "The board meets monthly."),))
    dump = docx_dump(render(document, Format.DOCX))
    assert 'w:val="Title"' not in dump.split("--- word/document.xml")[1].split("--- ")[0]
    html = render(document, Format.HTML).decode()
    footer = html.split('<footer class="policy-footer">')[1].split("</footer>")[0]
    assert "Policy" not in footer and "·" not in footer


def test_word_opens_a_policy_as_a_current_document_not_in_compatibility_mode(library):
    with zipfile.ZipFile(io.BytesIO(render(document_for("butte", library), Format.DOCX))) as z:
        settings = z.read("word/settings.xml").decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert "savePreviewPicture" not in settings and "proofState" not in settings


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=30))
def test_core_properties_hold_any_district_name_literally(name):
    """docProps/core.xml is built with lxml: any name reads back as written (characters XML
    cannot hold as U+FFFD), never as markup."""
    from datetime import datetime

    from lxml import etree

    from boardpolicy.document import Document
    from boardpolicy.outputs.wordml import _core_xml, xml_safe

    document = Document(blocks=[], title=name, district=name, source="x.txt")
    root = etree.fromstring(_core_xml(document, datetime(2020, 1, 2), "Redline", ""))
    creator = root.find("{http://purl.org/dc/elements/1.1/}creator")
    assert (creator.text or "") == xml_safe(name)


@pytest.mark.parametrize("fmt", [Format.TXT, Format.MD, Format.HTML, Format.DOCX])
def test_a_history_and_references_without_a_heading_get_no_empty_heading(fmt):
    # Before (a tryout): "Adopted on: 5/22/2018" alone printed a lone ":" line in text, an
    # empty "## " in Markdown, an empty <h2> in HTML and an empty heading in Word
    from boardpolicy.document import Block, Document, Kind

    entry = Block(Kind.ENTRY, "5/22/2018", label="Adopted on")
    ref = Block(Kind.REFERENCE, "Bullying", label="5015")
    doc = Document("Electronic Resources", (
        Block(Kind.PARAGRAPH, "Staff shall be careful."),
        Block(Kind.REFERENCES, "", label="", children=(ref,)),
        Block(Kind.HISTORY, "", label="", children=(entry,))))
    out = render(doc, fmt)
    if fmt is Format.DOCX:
        xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml)
        assert not [p for p in paragraphs if 'w:val="Heading2"' in p and "<w:t" not in p]
        assert "5/22/2018" in xml and "Bullying" in xml
    else:
        text = out.decode() if isinstance(out, bytes) else out
        empty = {Format.TXT: r"^:", Format.MD: r"^## *$", Format.HTML: r"<h2[^>]*></h2>"}
        assert not re.search(empty[fmt], text, re.MULTILINE)
        assert "5/22/2018" in text and "Bullying" in text


def test_a_history_without_a_heading_after_a_list_is_not_an_item_of_that_list_in_markdown():
    # Before (a second tryout): "- Adopted on: 5/22/2018" after the list of forbidden conduct
    # was, to any Markdown viewer, one more item of that list
    from markdown_it import MarkdownIt

    from boardpolicy.document import Block, Document, Kind

    doc = Document("Electronic Resources", (
        Block(Kind.LIST, children=(Block(Kind.ITEM, "Text students;"),
                                   Block(Kind.ITEM, "Share numbers."))),
        Block(Kind.HISTORY, "", label="", children=(
            Block(Kind.ENTRY, "5/22/2018", label="Adopted on"),))))
    html = MarkdownIt("commonmark").render(render(doc, Format.MD).decode())
    assert html.count("<ul>") == 2
    assert re.search(r"<ul>\s*<li>Adopted on: 5/22/2018</li>\s*</ul>", html)
