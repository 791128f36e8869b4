"""Hostile Markdown (issue 22): HTML in Markdown is read as the page it becomes; random
documents read in bounded time and memory. Each test here is a row of docs/bad-input.md."""

from __future__ import annotations

import contextlib
import gc
import time
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy.document import Document, FindingKind
from boardpolicy.errors import BoardPolicyError
from boardpolicy.readers import read_document

from .test_hostile_html import text


def read(markdown: str) -> Document:
    return read_document("policy.md", data=markdown.encode("utf-8"))


def test_an_html_block_is_read_not_dropped():
    document = read("# Electronic Resources\n\nStaff shall not post photographs.\n\n"
                    "<div class=\"policy\">\n<p>Staff shall not text students after hours."
                    "</p>\n<p hidden>A HIDDEN NOTE</p>\n</div>\n\nAdopted on: May 1, 2020\n")
    words = text(document)
    assert "text students after hours" in words and "HIDDEN" not in words
    assert document.has(FindingKind.HIDDEN_LEFT_OUT)


def test_inline_tags_are_markup_not_policy_words():
    document = read("# Electronic Resources\n\nStaff shall <b>not</b> post <span class=\"x\">"
                    "photographs</span> of <!-- a comment --> students.<br>The district "
                    "<span style=\"display:none\">SECRET</span>monitors use.\n")
    words = text(document)
    assert "Staff shall not post photographs of students." in words, words
    assert "The district monitors use." in words
    assert "<" not in words and "SECRET" not in words and "comment" not in words


def test_text_without_inline_html_is_read_as_before():
    document = read("# Title\n\nA *stressed* word, `code`, 5 < 6 & a literal \\<b\\>.\n")
    assert "A stressed word, code, 5 < 6 & a literal <b>." in text(document)


MARKDOWN_PIECES = st.sampled_from([
    "# Electronic Resources\n", "## Heading\n", "Staff shall not post photographs.\n",
    "- a bullet\n", "1. a number\n", "> Drafting note: choose\n", "```\ncode\n```\n",
    "<div hidden>x</div>\n", "<span style='opacity:0'>y</span> z\n", "<b>bold</b>\n",
    "[link](http://x)\n", "\n", "    indented\n", "***\n", "Adopted on: May 1, 2020\n",
    "<" * 40, "*" * 50, "[" * 60, "`" * 30, "<div>" * 30, "> " * 40 + "deep\n",
    "  " * 30 + "- nested\n"])


def bounded(read_one, source: bytes) -> None:
    """Reading `source` (at most 1 MB) keeps the issue's goal: 10 s a MB of CPU and 20x its
    size in memory (tracemalloc's peak, with 20 MB for the modules' own first use).

    Memory is measured in a first read and time in a second, without tracemalloc (which
    slows Python down): in the full suite a first read under tracemalloc took 2 s of CPU
    whatever its size. A document under 200 KB is allowed 2 s."""
    size = max(len(source), 200_000)
    tracemalloc.start()
    with contextlib.suppress(BoardPolicyError):
        read_one(source)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * size + 20_000_000, f"{peak:,} bytes for {len(source):,}"
    gc.collect()
    start = time.process_time()
    with contextlib.suppress(BoardPolicyError):
        read_one(source)
    seconds = time.process_time() - start
    assert seconds < 10 * size / 1_000_000, f"{seconds:.1f} s for {len(source):,} bytes"


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(MARKDOWN_PIECES, min_size=1, max_size=20),
       repeat=st.integers(min_value=1, max_value=2000))
def test_random_markdown_up_to_a_megabyte_reads_in_bounded_time_and_memory(pieces, repeat):
    source = ("".join(pieces) * repeat)[:1_000_000].encode("utf-8")
    bounded(lambda data: read_document("policy.md", data=data), source)
