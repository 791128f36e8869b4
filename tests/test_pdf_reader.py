"""The PDF reader, judged on PDFs made the ways districts make them, at test time: LibreOffice
exporting our own DOCX (running header, "Page N of M" footer, two and three pages) and printing
text files, and headless Chromium printing a policy web page and a text file with its default
header and footer (date, title, URL, "1/4"). Each must diff as unchanged against its source.
Then the refusals (scan, password, damage, size, pages, a compression bomb), and the rules
(hyphens, bullets, ligatures, furniture, page breaks) on rows built by hand."""

from __future__ import annotations

import json
import re
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from boardpolicy import Kind
from boardpolicy.diff import units
from boardpolicy.errors import InputError
from boardpolicy.readers import pdf as pdf_reader
from boardpolicy.readers import read_document, sniff
from boardpolicy.readers.pdf import Page, Row, document_from_pages

from .conftest import BUTTE, SEEDS, require_tool
from .judges import chromium, docx_to_pdf, pdf_pages
from .pdfs import pdf_file
from .pdfs import read_rows as _read
from .pdfs import row as _row

IOWA = SEEDS / "iowa-401.13-staff-volunteer-acceptable-use.txt"
FURNITURE = re.compile(r"Page \d+ of \d+|file://|ﬁle://|\b\d/\d\b|\d{1,2}/\d{1,2}/\d{2}, \d")


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (source document, the PDF made from it)."""
    from boardpolicy.cli import main

    work = tmp_path_factory.mktemp("pdfs")
    sources = {"butte-docx": work / "butte.docx", "iowa-docx": work / "iowa.docx",
               "iowa-html": work / "iowa.html"}
    assert main(["render", str(BUTTE), "-o", str(sources["butte-docx"])]) == 0
    assert main(["render", str(IOWA), "-o", str(sources["iowa-docx"])]) == 0
    assert main(["render", str(IOWA), "-o", str(sources["iowa-html"])]) == 0
    for name in ("mtsba-5460-model", "cut-bank-5460-adopted-2012"):
        sources[f"{name}-txt"] = work / f"{name}.txt"
        sources[f"{name}-txt"].write_bytes((SEEDS / f"{name}.txt").read_bytes())
    sources["iowa-txt"] = work / "iowa-text.txt"
    sources["iowa-txt"].write_bytes(IOWA.read_bytes())
    out = work / "out"
    out.mkdir()
    office = ["butte-docx", "iowa-docx", "mtsba-5460-model-txt", "cut-bank-5460-adopted-2012-txt"]
    made = dict(zip(office, docx_to_pdf([sources[k] for k in office], out), strict=True))
    for key in ("iowa-html", "iowa-txt"):  # Chromium's default header and footer stay on
        made[key] = out / f"{key}-chromium.pdf"
        chromium([f"--print-to-pdf={made[key]}", sources[key].as_uri()], work / "profile")
    return {key: (sources[key], made[key]) for key in made}


def _diff(cli, old: Path, new: Path) -> dict:
    result = cli("diff", old, new, "--raw", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("key", ["butte-docx", "iowa-docx", "iowa-html", "iowa-txt",
                                 "mtsba-5460-model-txt", "cut-bank-5460-adopted-2012-txt"])
def test_a_pdf_reads_as_the_document_it_was_made_from(cli, pdfs, key):
    source, pdf = pdfs[key]
    summary = _diff(cli, source, pdf)["summary"]
    assert summary["similarity"] >= 0.98
    assert (summary["inserted"], summary["deleted"], summary["modified"],
            summary["moved"]) == (0, 0, 0, 0), summary
    document = read_document(pdf)
    text = "\n".join(u.text for u in units(document))
    assert not FURNITURE.search(text), FURNITURE.search(text)
    if key in ("butte-docx", "iowa-docx", "iowa-html", "iowa-txt"):  # running furniture
        assert any("page furniture" in w for w in document.warnings)


def test_the_test_pdfs_have_running_headers_over_several_pages(pdfs):
    assert pdf_pages(pdfs["butte-docx"][1]) == 2
    assert pdf_pages(pdfs["iowa-docx"][1]) >= 3
    assert pdf_pages(pdfs["iowa-html"][1]) >= 3
    pdftotext = require_tool("pdftotext")
    raw = subprocess.run([pdftotext, str(pdfs["iowa-html"][1]), "-"], check=True,
                         capture_output=True, text=True).stdout
    assert "iowa.html" in raw and "1/" in raw  # Chromium printed its footer


def test_a_running_header_gives_district_series_and_number(pdfs):
    document = read_document(pdfs["butte-docx"][1])
    assert (document.district, document.series, document.number) == (
        "Butte School District", "PERSONNEL", "5460")
    assert document.title == "Electronic Resources and Social Networking"
    (bullets,) = [b for b in document.blocks if b.kind is Kind.LIST]
    assert len(bullets.children) == 7  # Word's Symbol-font bullet, a private-use glyph
    assert bullets.children[3].text.endswith("for non-educational purposes;")  # hanging indent


def test_a_paragraph_over_a_page_break_is_joined(pdfs):
    document = read_document(pdfs["iowa-html"][1])
    paragraphs = [b.text for b in document.blocks if b.kind is Kind.PARAGRAPH]
    joined = [p for p in paragraphs if p.startswith("Usage of the School District's computer")]
    assert joined and joined[0].endswith("the School District's computer network.")


def test_import_from_a_pdf_recovers_the_choices_of_its_source(cli, pdfs, tmp_path):
    choices = []
    for n, path in enumerate(pdfs["butte-docx"]):
        result = cli("import", path, "--model", "mtsba/5460", "--format", "json", "-o",
                     tmp_path / f"{n}.yaml")
        assert result.code == 0, result.err
        report = json.loads(result.out)
        choices.append((report["choices"], report["district"]))
    assert choices[0] == choices[1]
    assert len(choices[1][0]["forbidden"]) == 7


def test_every_command_that_reads_documents_reads_pdf(cli, pdfs, tmp_path):
    pdf = pdfs["butte-docx"][1]
    assert cli("render", pdf, "--format", "txt").code == 0
    assert cli("compare", "--model", "mtsba/5460", pdf, BUTTE, "-f", "json").code == 0
    assert cli("packet", "mtsba/5460", pdf, "-o", tmp_path / "p.html").code == 0
    assert sniff(pdf.read_bytes()) == "pdf"
    renamed = tmp_path / "butte.txt"  # a PDF is a PDF whatever it is called
    renamed.write_bytes(pdf.read_bytes())
    assert read_document(renamed).number == "5460"


# ---------------------------------------------------------------------------------------------
# Refusals: one line, exit 2


def _refused(cli, path: Path, *words: str) -> str:
    result = cli("render", path, "--format", "txt")
    assert result.code == 2, result
    assert result.out == "" and len(result.err.strip().splitlines()) == 1, result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err
    return result.err


def test_a_scan_is_refused_with_a_hint_to_run_ocr(cli, pdfs, tmp_path):
    from PIL import Image

    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1",
                    str(pdfs["butte-docx"][1]), str(tmp_path / "scan")], check=True)
    png = next(tmp_path.glob("scan*.png"))
    scan = tmp_path / "scan.pdf"
    with Image.open(png) as image:
        image.convert("RGB").save(scan, "PDF", resolution=60)
    _refused(cli, scan, "no text layer", "OCR", "ocrmypdf")


def test_a_password_protected_pdf_says_it_needs_the_password(cli, pdfs, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(pdfs["butte-docx"][1]))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as out:
        writer.write(out)
    _refused(cli, locked, "password")


def test_an_owner_password_alone_does_not_stop_reading(pdfs, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(pdfs["butte-docx"][1]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as out:
        writer.write(out)
    assert read_document(restricted).number == "5460"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "header-only"])
def test_a_damaged_pdf_says_it_is_damaged(cli, pdfs, tmp_path, damage):
    data = pdfs["butte-docx"][1].read_bytes()
    broken = {"truncated": data[: len(data) // 3],
              "garbage": data[:200] + bytes(range(256)) * 40,
              "header-only": b"%PDF-1.7\n"}[damage]
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken)
    err = _refused(cli, path)
    assert "damaged" in err or "no text layer" in err or "no pages" in err


def test_a_file_called_pdf_that_is_not_one(cli, tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("just some text, not a PDF at all\n", encoding="utf-8")
    _refused(cli, path, "not a PDF")


def test_size_and_page_limits(cli, pdfs, monkeypatch):
    pdf = pdfs["iowa-docx"][1]
    result = cli("render", pdf, "--format", "txt", "--max-size", "1000")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(InputError, match="more than 2 pages"):
        pdf_reader.read_pdf(pdf.read_bytes(), str(pdf), max_pages=2)


def _bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream is `inflated` bytes of spaces, deflated."""
    squeezer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(squeezer.compress(chunk) for _ in range(inflated >> 20))
    stream += squeezer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
               + b"\nendstream"]
    return pdf_file(objects)


def test_a_compression_bomb_is_refused_within_the_budget(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_DECODED", 50_000_000)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb_pdf(64 << 20))  # 64 MB of spaces in about 64 KB
    assert bomb.stat().st_size < 200_000
    _refused(cli, bomb, "inflates past")


# ---------------------------------------------------------------------------------------------
# The rules, on rows built by hand (points from the page's top; 12 pt text, 16 pt lines)




FULL = "The " + " ".join(["full"] * 17)  # a line that reaches the right margin


def test_hyphens_at_a_line_end_are_kept_unless_the_word_is_whole_elsewhere():
    texts, _ = _read([
        _row("A Title For The Rules", 80, size=18),
        _row("Staff attend in-", 110, x1=540),
        _row("service days and keep the information private; the inform-", 126, x1=540),
        _row("ation is the district's.", 142, x1=200),
        _row("Soft hyphen: recog\u00ad", 170, x1=540),
        _row("nised at once.", 186, x1=200),
    ])
    assert "Staff attend in-service days and keep the information private; the information " \
           "is the district's." in texts
    assert "Soft hyphen: recognised at once." in texts


def test_bullets_in_any_glyph_and_drawn_ones_and_ligatures():
    rows = [_row("Bullets", 80, size=18)]
    for k, glyph in enumerate(["\uf0b7", "•", "·", "-", "o", "▪"]):
        rows.append(_row(f"{glyph} Item {k} has a ﬁne ﬂag;", 110 + 16 * k, x1=300))
    rows.append(_row("Item drawn as a disc", 110 + 16 * 6, x0=90, x1=300, bullet=True))
    _, document = _read(rows)
    (bullets,) = [b for b in document.blocks if b.kind is Kind.LIST]
    assert [c.text for c in bullets.children][:6] == [f"Item {k} has a fine flag;"
                                                      for k in range(6)]
    assert bullets.children[6].text == "Item drawn as a disc"


def test_furniture_goes_by_repetition_and_by_pattern():
    def page(n: int, body: list[Row]) -> list[Row]:
        header = _row("Example School District PERSONNEL 5460", 36,
                      parts=("Example School District", "PERSONNEL 5460"))
        return [header, _row("11/30/26, 12:15 AM Some Title", 16, size=8), *body,
                _row(f"Page {n} of 2", 740), _row(f"{n}/2", 768, size=8)]

    first = [_row("The Title Of It", 80, size=18), _row(FULL, 110, x1=540),
             _row("runs on", 700, x1=540)]
    second = [_row("over the page break.", 72, x1=200), _row("Another paragraph.", 100)]
    texts, document = _read(page(1, first), page(2, second))
    assert texts[-2:] == [f"{FULL} runs on over the page break.", "Another paragraph."]
    assert (document.district, document.number) == ("Example School District", "5460")
    assert not any(FURNITURE.search(t) for t in texts)
    assert any("left out 8 lines of page furniture" in w for w in document.warnings)


def test_a_short_line_ends_its_paragraph_and_a_gap_starts_one():
    texts, _ = _read([
        _row("The Title", 80, size=18),
        _row("General Provisions", 110, x1=180),  # "The" would have fitted: a heading
        _row(FULL, 126, x1=540),
        _row("ends here.", 142, x1=130),
        _row(FULL, 170, x1=540),  # a wider gap: a new paragraph although the line was full
        _row("again.", 186, x1=110),
    ])
    assert texts[1:] == ["General Provisions", f"{FULL} ends here.", f"{FULL} again."]


def test_a_page_without_text_among_text_pages_is_named():
    rows = [_row("The Title", 80, size=18), _row("Some text.", 110)]
    document = document_from_pages([Page(612, 792, rows), Page(612, 792, [], images=1)], "x")
    assert any("page 2" in w and "OCR" in w for w in document.warnings)
    with pytest.raises(InputError, match="no text layer"):
        document_from_pages([Page(612, 792, [], images=1)], "scan.pdf")


def test_a_footer_with_a_label_beside_its_page_number_is_furniture_even_on_one_page():
    # Before (a tryout): our own Word file exported to PDF read "Policy 3270 Page 1 of 1"
    # into the policy's last paragraph
    body = [_row("The principal hears the student's side before any suspension.", 300)]
    footer = Row("Policy 3270 Page 1 of 1", 72, 540, 750, 760, 10, ink=540,
                 parts=("Policy 3270", "Page 1 of 1"))
    texts, doc = _read([*body, footer])
    assert texts == ["The principal hears the student's side before any suspension."]
    assert any("page furniture" in f.text for f in doc.findings)
    # a sentence beside a page number is not a label: it stays
    long = replace(footer, text="Staff shall keep every record the law requires Page 1 of 1",
                   parts=("Staff shall keep every record the law requires", "Page 1 of 1"))
    texts, _ = _read([*body, long])
    assert any("every record" in text for text in texts)


def test_chinese_and_japanese_lines_join_without_spaces_and_paragraphs_stay_apart():
    # Before (a second tryout): a space at every line wrap ("行为标 准"), and every
    # paragraph run into the next: a line without spaces was one "word" that never fitted
    zh1, zh2 = "公立学校员工在使用学区资源、社交网络以及与学生保持关系时，应遵守较高的行为标", \
        "准。员工不得与学生分享个人电话号码。"
    ja1, ja2 = "教職員は、学区の資源を使用する際、高い行動基準を守らなければならない。「ソーシャ", \
        "ルネットワーク」の利用にも注意すること。"
    rows = [_row(zh1, 100, x1=508, size=11), _row(zh2, 114.8, x1=300, size=11),
            _row(ja1, 139.6, x1=519, size=11), _row(ja2, 154.4, x1=320, size=11),
            _row("短い段落。", 179.2, x1=130, size=11), _row("次の段落。", 204, x1=130, size=11)]
    texts, _ = _read(rows)
    assert texts == [zh1 + zh2, ja1 + ja2, "短い段落。", "次の段落。"]
