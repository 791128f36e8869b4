"""`upgrade` of a district file saved on Windows (issue 22): the file keeps its own line
endings, every line of it, conflicts and all."""

from __future__ import annotations

import pytest

from boardpolicy.roundtrip import line_ending

from .conftest import DATA

UPGRADE = DATA / "upgrade"
DISTRICT = UPGRADE / "district.yaml"


def _endings(data: bytes) -> tuple[int, int]:
    """(lines ending CRLF, lines ending LF alone)."""
    crlf = data.count(b"\r\n")
    return crlf, data.count(b"\n") - crlf


@pytest.mark.parametrize("resolve", [(), ("--resolve", "district"), ("--resolve", "model")],
                         ids=["conflicts written", "district", "model"])
def test_a_crlf_district_file_is_upgraded_with_crlf_endings_only(cli, tmp_path, resolve):
    """Was 20 CRLF and 21 LF lines in one file: ruamel kept the CR of the comments it carried
    over and ended the lines it wrote with LF."""
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(DISTRICT.read_bytes().replace(b"\n", b"\r\n"))
    out, lf_out = tmp_path / "new.yaml", tmp_path / "lf.yaml"
    result = cli("upgrade", crlf, "-L", UPGRADE, "-o", out, *resolve)
    assert result.code in (0, 1), result.err
    cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", lf_out, *resolve)
    written = out.read_bytes()
    lines, lone = _endings(written)
    assert lone == 0 and lines > 20
    assert b"\r\r" not in written
    assert written.replace(b"\r\n", b"\n") == lf_out.read_bytes()  # the same file, line for line


def test_an_lf_district_file_keeps_lf(cli, tmp_path):
    out = tmp_path / "new.yaml"
    cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out, "--resolve", "district")
    assert _endings(out.read_bytes())[0] == 0


@pytest.mark.parametrize(("text", "ending"), [
    ("a: 1\r\nb: 2\r\n", "\r\n"), ("a: 1\nb: 2\r\n", "\n"), ("a: 1", "\n"), ("\r\n", "\r\n"),
    ("\n", "\n"), ("# c\r\n", "\r\n"),
])
def test_the_line_ending_is_the_first_lines(text, ending):
    assert line_ending(text) == ending
