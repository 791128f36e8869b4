"""One table of readers: a format added as one row is dispatched by its suffix, recognised
from its bytes, taken by the command line and named in its help; a zip is Word only when it
holds word/document.xml."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from boardpolicy import readers
from boardpolicy.document import Block, Document, Kind
from boardpolicy.errors import BoardPolicyError
from boardpolicy.inputs import load_input
from boardpolicy.readers import READERS, Reader, ReadOptions, read_document, sniff

from .conftest import SEEDS, zip_bytes

TOY_MAGIC = b"TOY1\n"


def read_toy(data: bytes, name: str, options: ReadOptions) -> Document:
    """A throwaway format: a magic line, then one paragraph per line."""
    lines = data.removeprefix(TOY_MAGIC).decode().splitlines()
    return Document(title="Toy " + lines[0], source=name,
                    blocks=tuple(Block(Kind.PARAGRAPH, line) for line in lines[1:]))


TOY = Reader("toy", (".toy", ".toys"), read_toy, lambda data: data.startswith(TOY_MAGIC))


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(readers, "READERS", (*READERS, TOY))


def test_a_new_row_is_dispatched_by_its_suffix(toy, tmp_path):
    path = tmp_path / "policy.TOY"
    path.write_bytes(b"Phones\nStaff may not text students.")
    document = read_document(path)
    assert document.title == "Toy Phones"
    assert [b.text for b in document.blocks] == ["Staff may not text students."]
    assert readers.by_suffix("a.toys") is TOY and ".toys" in readers.suffixes()


def test_a_new_row_is_sniffed_from_its_bytes(toy):
    data = TOY_MAGIC + b"Phones\nStaff may not text students."
    assert sniff(data) == "toy"
    assert read_document("-", data=data).title == "Toy Phones"


def test_the_command_line_takes_a_file_of_the_new_suffix(toy, tmp_path, library):
    path = tmp_path / "missing.toy"  # a document by its suffix, not a model reference
    with pytest.raises(BoardPolicyError) as info:
        load_input(str(path), library)
    assert str(info.value).endswith("missing.toy: no such file")


def test_a_new_row_is_named_in_help():
    """Help is written when the command line is built: a row added before then is named."""
    program = textwrap.dedent("""
        import sys
        from boardpolicy import readers
        from boardpolicy.readers import Reader
        readers.READERS = (*readers.READERS, Reader("toy", (".toy",), lambda *a: None))
        from boardpolicy.cli import main
        sys.argv = ["boardpolicy", *sys.argv[1:]]
        main()
    """)
    for command in ("diff", "import", "compare", "render"):
        result = subprocess.run([sys.executable, "-c", program, command, "--help"],
                                capture_output=True, text=True, env={"COLUMNS": "200"})
        assert result.returncode == 0, result.stderr
        assert ".pdf" in result.stdout and ".toy" in result.stdout, command


def test_help_names_every_format_of_the_table(cli):
    out = " ".join(cli("diff", "--help").out.split())
    assert "a .txt/.md/.html/.docx/.pdf document" in out
    out = " ".join(cli("import", "--help").out.split())
    assert ".txt, .md, .html, .docx or .pdf" in out


@pytest.mark.parametrize("suffix", [".text", ".markdown", ".xhtml", ".htm", ".md"])
def test_every_suffix_of_the_table_names_a_document(suffix, tmp_path, library):
    """inputs.py once kept its own list, without .text, .markdown and .xhtml: a missing
    file with those suffixes was taken for a model reference."""
    with pytest.raises(BoardPolicyError) as info:
        load_input(str(tmp_path / f"gone{suffix}"), library)
    assert str(info.value).endswith(f"gone{suffix}: no such file")


ZIPS = {
    "an ODT": ({"mimetype": b"application/vnd.oasis.opendocument.text",
                "content.xml": b"<x/>"}, "an OpenDocument text (.odt)"),
    "an XLSX": ({"xl/workbook.xml": b"<x/>"}, "an Excel workbook (.xlsx)"),
    "a plain zip": ({"notes.txt": b"hello"}, "a zip archive"),
}


@pytest.mark.parametrize("case", ZIPS)
def test_a_zip_on_standard_input_is_word_only_with_word_document_xml(case):
    entries, what = ZIPS[case]
    data = zip_bytes(entries)
    assert sniff(data) != "docx"
    with pytest.raises(BoardPolicyError) as info:
        read_document("-", data=data)
    assert f"is {what}, not a document boardpolicy reads" in str(info.value)
    with pytest.raises(BoardPolicyError) as info:
        read_document("policy.docx", data=data)
    assert f"is {what}, not a Word document" in str(info.value)


def test_a_word_zip_on_standard_input_is_read_as_word(library):
    from boardpolicy import Format, compose, load_district, render

    from .conftest import BUTTE

    district, model = load_district(BUTTE, library)
    data = render(compose(district, model), Format.DOCX)
    assert sniff(data) == "docx"
    assert sniff(data[: len(data) // 2]) == "docx"  # damaged: the Word reader says so
    assert read_document("-", data=data).number == "5460"
    assert sniff((SEEDS / "butte-5460-adopted-2018.txt").read_bytes()) == "txt"
