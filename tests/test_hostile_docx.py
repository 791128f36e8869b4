"""Hostile Word documents (issue 22, the .docx reader): bounded work, nothing hidden read as
shown, nothing shown lost silently, and one clear line for what cannot be read. Every file is
built here, at test time; each test is a row of docs/bad-input.md."""

from __future__ import annotations

import time

import pytest

from boardpolicy.document import FindingKind
from boardpolicy.readers import read_document

from .ooxml import level, num, p, package, r


def read(data: bytes, name: str = "hostile.docx"):
    return read_document(name, data=data)


def texts(document) -> list[str]:
    return [block.plain for block in document.walk() if block.plain]


def timed(data: bytes, name: str = "hostile.docx"):
    start = time.perf_counter()
    document = read(data, name)
    return document, time.perf_counter() - start


def lettered(start: int, items: int = 2) -> bytes:
    numbering = (f'<w:abstractNum w:abstractNumId="0">{level(0, "lowerLetter", "%1.", start=start)}'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    body = p("Title") + p("A paragraph before the list.") + "".join(
        p(f"item {k}", props=num(1)) for k in range(items))
    return package(body, numbering=numbering)


def test_a_lettered_list_starting_at_999999999_prints_digits_with_a_note():
    document, seconds = timed(lettered(999_999_999))
    assert seconds < 1
    assert "999999999. item 0" in texts(document)
    assert "1000000000. item 1" in texts(document)
    assert document.has(FindingKind.NUMBERS_IN_DIGITS)
    # up to the limit the letters are Word's: 780 is "z" thirty times
    document = read(lettered(780))
    assert "z" * 30 + ". item 0" in texts(document)
    assert "781. item 1" in texts(document)


def footnoted(n: int) -> bytes:
    notes = "".join(f'<w:footnote w:id="{k}"><w:p>{r(f"note {k}")}</w:p></w:footnote>'
                    for k in range(1, n + 1))
    refs = "".join(f'<w:r><w:footnoteReference w:id="{k}"/></w:r>' for k in range(1, n + 1))
    return package(p("Title") + p("Text", refs), footnotes=notes)


def test_sixty_thousand_footnote_references_read_in_linear_time():
    """Each mark was numbered by counting every note before it: 5k 0.4 s, 10k 1.3 s."""
    small, small_s = timed(footnoted(3_000))
    large, large_s = timed(footnoted(60_000))
    assert len(large.blocks) == 60_001
    assert texts(large)[0].endswith("[59999][60000]") and texts(large)[-1] == "note 60000"
    assert large_s < 20 * small_s + 1, (small_s, large_s)
    assert large_s < 10


@pytest.mark.parametrize("char", ["D800", "DFFF", "0001", "FFFE", "110000", "FFFFFFFFFF"])
def test_a_symbol_that_is_no_character_is_shown_as_a_replacement_and_noted(char):
    data = package(p("Title") + p("Before ", f'<w:r><w:sym w:font="Arial" w:char="{char}"/></w:r>',
                                  " after."))
    document = read(data)
    assert "Before \ufffd after." in texts(document)
    assert document.has(FindingKind.SYMBOLS_UNKNOWN)
    "\n".join(texts(document)).encode("utf-8")  # no lone surrogate left to fail an encoder
