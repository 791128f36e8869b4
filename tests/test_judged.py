"""Our outputs as real programs see them: LibreOffice opens the DOCX, Chromium the HTML."""

from __future__ import annotations

import pytest

from boardpolicy import Format, Kind, compose, load_district, render

from .conftest import BUTTE, DATA, VALLEY, format_diff
from .judges import docx_to_pdf, dump_dom, ink_fraction, pdf_pages, pdf_text, screenshot

CASES = {"butte": BUTTE,
         "example-district": VALLEY,
         "hostile": DATA / "hostile.yaml"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, library):
    """Each case as DOCX, PDF (through LibreOffice) and HTML, with its composed Document."""
    folder = tmp_path_factory.mktemp("judged")
    out = {}
    for name, path in CASES.items():
        district, model = load_district(path, library)
        doc = compose(district, model)
        docx = folder / f"{name}.docx"
        docx.write_bytes(render(doc, Format.DOCX))
        html = folder / f"{name}.html"
        html.write_bytes(render(doc, Format.HTML))
        out[name] = {"doc": doc, "model": model, "docx": docx, "html": html}
    pdfs = docx_to_pdf([v["docx"] for v in out.values()], folder)
    for name, pdf in zip(CASES, pdfs, strict=True):
        out[name]["pdf"] = pdf
    out["folder"] = folder
    return out


def fold(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize("name", CASES)
def test_libreoffice_shows_the_chosen_bullets_and_not_the_others(rendered, name):
    case = rendered[name]
    text = fold(pdf_text(case["pdf"]))
    items = {b.id: b.text for b in case["doc"].walk() if b.kind is Kind.ITEM}
    for option in case["model"].choices[0].options:
        # a few words from the start of the bullet: long lines wrap in the PDF
        probe = fold(items.get(option.id, option.text))[:40]
        if option.id in items:
            assert probe in text, f"{option.id} is missing from the PDF"
        else:
            assert probe not in text, f"{option.id} was not chosen but is in the PDF"
    assert "DISTRICT MUST CHOOSE" not in text


@pytest.mark.parametrize("name", CASES)
def test_libreoffice_sees_header_footer_and_page_numbers(rendered, name):
    case = rendered[name]
    text = pdf_text(case["pdf"])
    pages = pdf_pages(case["pdf"])
    assert pages >= 1
    assert fold(case["doc"].district)[:20] in fold(text)
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "PERSONNEL 5460" in text


@pytest.mark.parametrize("name", CASES)
def test_chromium_renders_a_page_that_is_not_blank(rendered, name):
    case = rendered[name]
    png = screenshot(case["html"], rendered["folder"] / f"{name}.png",
                     rendered["folder"] / f"chrome-{name}")
    assert ink_fraction(png) > 0.02, "the screenshot is (nearly) blank"


def test_chromium_sees_the_escaped_text_and_runs_no_script(rendered):
    dom = dump_dom(rendered["hostile"]["html"], rendered["folder"] / "chrome-dom")
    assert "<script>" not in dom
    assert "&lt;script&gt;alert('x')&lt;/script&gt; {{ 7*7 }}" in dom
    assert "<h1 id=\"policy-title\">Electronic Resources and Social Networking</h1>" in dom


def test_chromium_shows_the_redline_and_reads_its_changes(tmp_path, library):
    from boardpolicy.diff import diff_documents
    from boardpolicy.outputs.diff import DiffFormat
    from boardpolicy.readers import read_document

    from .conftest import SEEDS
    from .judges import dump_dom, ink_fraction, screenshot

    model = library.get("mtsba/5460")
    new = read_document(SEEDS / "butte-5460-adopted-2018.txt")
    from boardpolicy import compose_model

    diff = diff_documents(compose_model(model, district=new.district), new, old_model=model)
    page = tmp_path / "redline.html"
    page.write_text(format_diff(diff, DiffFormat.HTML), encoding="utf-8")
    assert ink_fraction(screenshot(page, tmp_path / "redline.png", tmp_path / "chrome")) > 0.02
    dom = dump_dom(page, tmp_path / "chrome-dom")
    # each change is announced in words, not by colour alone
    assert '<del><span class="sr-only">[deleted: </span>without granting' in dom
    assert '<ins><span class="sr-only">[inserted: </span>that grant' in dom
    assert "<h2 id=\"summary-heading\">Summary of changes</h2>" in dom
