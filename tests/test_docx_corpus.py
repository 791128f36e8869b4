"""The DOCX reader on real Word files nobody here wrote (tests/data/corpus, see ORIGINS.tsv),
judged by LibreOffice's text (ref-lo/) for lost words and by pandoc's for duplicated ones."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from boardpolicy.diff import diff_documents, units
from boardpolicy.errors import InputError
from boardpolicy.readers import read_document

from .conftest import DATA, zip_bytes

CORPUS = DATA / "corpus"
FILES = sorted(CORPUS.glob("*.docx"))
WORD = re.compile(r"\w+")
MARK = re.compile(r"\[(\w+)\]")
# List numbers and note marks: printed as numbers or letters, differently by every tool.
NUMBERING_TOKEN = re.compile(r"^(\d+|[a-z]{1,2}|[ivxlc]+)$")


def words(text: str) -> Counter:
    """What we compare: runs of letters and digits, case-folded, after NFKC (so a non-breaking
    space separates words and a ligature is its letters); punctuation and the BOM are dropped."""
    return Counter(WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def ours(path: Path) -> str:
    """Everything boardpolicy reads and the diff compares (header, title, blocks, notes, list
    numbers). A note mark joins the word before it ("policy[1]" -> "policy1"), as both judges
    print it glued to the word."""
    try:
        document = read_document(path)
    except InputError:
        return ""
    return MARK.sub(r"\1", "\n".join(u.text for u in units(document)))


def libreoffice(path: Path) -> str:
    return (CORPUS / "ref-lo" / f"{path.stem}.txt").read_text(encoding="utf-8-sig")


@cache
def pandoc(path: Path) -> str:
    pypandoc = pytest.importorskip("pypandoc")
    text = subprocess.run([pypandoc.get_pandoc_path(), "-t", "plain", "--wrap=none",
                           "--track-changes=accept", str(path)], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    return MARK.sub(r"\1", text)


# Where LibreOffice is not Word: accepting a tracked row deletion (w:trPr/w:del) removes the
# row in Word; LibreOffice (and pandoc) keep it.
NOT_WORD = {"mammoth-track-changes-test": Counter({"c1": 1, "c2": 1})}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_word_libreoffice_shows_is_lost(path):
    reference, read = words(libreoffice(path)), words(ours(path))
    lost = reference - read - NOT_WORD.get(path.stem, Counter())
    assert sum(lost.values()) <= 0.01 * sum(reference.values()), dict(lost)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_word_is_read_twice(path):
    """A word we have more often than pandoc and LibreOffice both is a duplicate (a text box
    read with its fallback, a nested table read again)."""
    read, judges = words(ours(path)), words(pandoc(path)) | words(libreoffice(path))
    duplicated = {w: n for w, n in (read - judges).items() if not NUMBERING_TOKEN.match(w)}
    assert not duplicated


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_diffed_against_itself_is_unchanged(path):
    try:
        document = read_document(path)
    except InputError as exc:  # only the file with no text at all
        assert "holds no text" in str(exc) and not words(libreoffice(path))
        return
    assert not diff_documents(document, read_document(path)).has_differences


def edited(path: Path, old: str, new: str) -> bytes:
    """The file with one string changed inside word/document.xml."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    xml = entries["word/document.xml"].decode("utf-8")
    assert xml.count(old) >= 1, f"{old!r} is not in {path.name}"
    entries["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    return zip_bytes(entries)


@pytest.mark.parametrize("name, old, new", [
    # a word inside a content control (w:sdt; here, a text box's)
    ("d2p-nested_paragraphs", ">[Grab your", ">[Seize your"),
    # a line of a table of contents (the first place the sentence appears)
    ("d2p-zen_of_python", ">Beautiful is better than ugly.<", ">Beautiful is best.<"),
    # a short heading
    ("d2p-example", ">Heading 1<", ">Heading 9<"),
])
def test_an_edit_is_found(name, old, new):
    path = CORPUS / f"{name}.docx"
    before = read_document(path)
    after = read_document(path, data=edited(path, old, new))
    diff = diff_documents(before, after)
    assert diff.has_differences
    changed = " ".join(c.new_text or "" for c in diff.changes if c.op.value != "equal")
    assert new.strip("<>[") in changed


def test_the_largest_file_reads_its_notes_and_text_boxes():
    document = read_document(CORPUS / "d2p-example.docx")
    text = "\n".join(u.text for u in units(document))
    assert "[1] First footnote" in text and "[i] First endnote" in text
    assert "left out 3 images" in document.warnings
