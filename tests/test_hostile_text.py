"""Hostile plain text (issue 22): encodings named rightly, long files read in bounded time;
random texts read in bounded time and memory. Each test here is a row of docs/bad-input.md."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy.document import FindingKind
from boardpolicy.readers import read_document

from .conftest import SEEDS
from .test_hostile_html import text
from .test_hostile_markdown import bounded

SEED = SEEDS / "butte-5460-adopted-2018.txt"


def test_one_stray_byte_in_a_utf8_file_is_named_not_read_as_windows_1252(cli, tmp_path):
    """One 0xFF made the whole file Windows-1252: every ’ became "â€™"."""
    data = SEED.read_bytes().replace(b"Staff", b"St\xffaff", 1)
    path = tmp_path / "stray.txt"
    path.write_bytes(data)
    result = cli("render", path, "-f", "txt")
    assert result.code == 0, result.err
    assert "â€" not in result.out and "’" in result.out
    assert "not valid UTF-8 at byte" in result.err and "(0xFF)" in result.err
    assert "Windows-1252" not in result.err


def test_windows_1252_text_is_still_named_as_such(cli, tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = cli("render", path, "-f", "txt")
    assert "’" in result.out and "read as Windows-1252" in result.err


def test_utf16_text_without_a_bom_is_read_not_called_binary(cli, tmp_path):
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
        result = cli("diff", SEED, path, "--exit-code")
        assert result.code == 0, result.err + result.out
        assert f"no byte-order mark: read as {codec.upper()}" in result.out + result.err


def test_a_binary_file_is_still_binary(cli, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    result = cli("render", path)
    assert result.code == 2 and "binary" in result.err


def test_megabytes_of_short_paragraphs_read_in_linear_time():
    """The issue's 45 MB of short paragraphs took 94 s to render; reading it takes about
    10 s here (0.2 s a MB: 817,214 paragraphs); a tenth of it is checked here."""
    paragraph = "Staff shall not post photographs of students.\n\n"
    data = (paragraph * (4_500_000 // len(paragraph))).encode()
    start = time.process_time()
    document = read_document("long.txt", data=data)
    seconds = time.process_time() - start
    assert len(document.blocks) >= 90_000 and seconds < 4.5 * 2, f"{seconds:.1f} s"


TEXT_PIECES = st.sampled_from([
    "Electronic Resources\n", "Staff shall not post photographs of students\n",
    "on personal accounts.\n", "\n", "• a bullet\n", "1. a number\n", "Cross Reference:\n",
    "5012 Sexual Harassment\n", "Adopted on: 5/22/2018\n", "\f", "\r\n", "x" * 300 + "\n",
    "don’t café\n", "\x1b[2K", "\t\t", " " * 200, "(DISTRICT MUST CHOOSE)\n",
    "a" * 5000, ".\n" * 50])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(TEXT_PIECES, min_size=1, max_size=20),
       repeat=st.integers(min_value=1, max_value=3000),
       codec=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text_up_to_a_megabyte_reads_in_bounded_time_and_memory(pieces, repeat, codec):
    source = ("".join(pieces) * repeat)[:500_000].encode(codec, errors="replace")
    bounded(lambda data: read_document("policy.txt", data=data), source)


def test_the_stray_byte_finding_is_a_charset_finding():
    document = read_document("s.txt", data="Staff don’t post.\n".encode() + b"\xff\n")
    assert document.has(FindingKind.CHARSET_GUESSED) and "don’t" in text(document)
