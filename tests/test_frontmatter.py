"""Front matter is a policy's metadata, never its text (issue 23, item 1)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy.document import DateRole, FindingKind, PolicyKind
from boardpolicy.frontmatter import split_front_matter
from boardpolicy.readers import read_document

POLICY = """---
created: 2007-05-08
updated: 2012-03-13
reviewed: 2012-03-13
legal: Code of Idaho 33-1201 thru 33-1210; 33-513
title: 0401.10 Contracts and Supplemental Contracts
code: "0401.10"
kind: Policy
cross_references: ["0401.20", 5015]
owner: Clerk of the Board
---

## CONTRACTS

The Board approves every contract of employment.

- One item of a list.
"""


def read(text: str, name: str = "0401.10.md"):
    return read_document(name, data=text.encode("utf-8"))


def test_front_matter_is_metadata_not_text():
    document = read(POLICY)
    meta = document.metadata
    assert meta.title == "0401.10 Contracts and Supplemental Contracts"
    assert meta.number == "0401.10" and document.number == "0401.10"
    assert meta.kind is PolicyKind.POLICY
    assert [(d.role, d.written) for d in meta.dates] == [
        (DateRole.ADOPTED, "2007-05-08"), (DateRole.REVISED, "2012-03-13"),
        (DateRole.REVIEWED, "2012-03-13")]
    assert meta.legal == ("Code of Idaho 33-1201 thru 33-1210; 33-513",)
    assert meta.cross_references == ("0401.20", "5015")
    text = "\n".join(document.plain_lines())
    assert "created" not in text and "2007" not in text and "Clerk" not in text
    assert document.plain_lines() == ["CONTRACTS", "The Board approves every contract of "
                                      "employment.", "One item of a list."]


def test_unknown_keys_are_kept_and_shown():
    document = read(POLICY)
    assert document.metadata.other == (("owner", "Clerk of the Board"),)
    assert document.to_dict()["metadata"]["other"] == {"owner": "Clerk of the Board"}


def test_a_text_file_with_a_front_matter_block_reads_it_as_metadata():
    document = read(POLICY.replace("## CONTRACTS", "CONTRACTS"), "0401.10.txt")
    assert document.metadata.number == "0401.10"
    assert not any("2007" in line for line in document.plain_lines())


def test_a_text_without_front_matter_is_unchanged():
    plain = "CONTRACTS\n\nThe Board approves every contract.\n"
    assert split_front_matter(plain, "x.md").body == plain
    assert not read(plain).metadata


def test_an_unclosed_block_is_not_front_matter():
    text = "---\ntitle: A\n\nThe Board approves every contract.\n"
    assert split_front_matter(text, "x.md").body == text


def test_a_block_that_is_not_yaml_is_a_finding_naming_the_line():
    document = read("---\ntitle: A\ncode: [unclosed\n---\n\nThe Board decides.\n")
    (finding,) = document.findings
    assert finding.kind is FindingKind.BAD_FRONT_MATTER
    assert finding.text.startswith("line ")
    assert document.plain_lines() == ["The Board decides."]  # the block is never text


@pytest.mark.parametrize("bad", ["a: &x [1]\nb: *x\n", "- a list\n- of things\n",
                                 "a: !!python/object:os.system x\n"])
def test_aliases_tags_and_lists_are_refused_as_findings(bad):
    document = read(f"---\n{bad}---\n\nThe Board decides.\n")
    assert [f.kind for f in document.findings] == [FindingKind.BAD_FRONT_MATTER]
    assert not document.metadata


def test_an_oversized_block_is_a_finding():
    big = "".join(f"key{k}: {'x' * 60}\n" for k in range(2000))
    document = read(f"---\n{big}---\n\nThe Board decides.\n")
    assert [f.kind for f in document.findings] == [FindingKind.BAD_FRONT_MATTER]


def test_a_date_that_is_not_real_is_a_finding_not_a_crash():
    document = read("---\ncode: '1000'\nadopted: 2012-02-30\nrevised: someday\n---\n\nText.\n")
    assert [f.kind for f in document.findings] == [FindingKind.BAD_DATE] * 2
    assert "2012-02-30" in document.findings[0].text


def test_dates_as_lists_and_in_the_forms_district_files_take():
    document = read("---\nrevised: [5/22/2018, 'November 13, 2012']\nreviewed: 2019-01-01; "
                    "2020-01-01\n---\n\nText.\n")
    assert [d.written for d in document.metadata.dates] == [
        "5/22/2018", "November 13, 2012", "2019-01-01", "2020-01-01"]
    assert all(d.value for d in document.metadata.dates)
    assert not document.findings


def test_yaml_end_marker_closes_and_a_rule_in_the_body_stays_text():
    document = read("---\ncode: '1000'\n...\n\nFirst part.\n\n---\n\nSecond part.\n")
    assert document.metadata.number == "1000"
    assert document.plain_lines() == ["First part.", "Second part."]


def test_list_items_in_the_block_do_not_close_it():
    document = read("---\nlegal:\n  - Code 33-512\n- not: valid\n---\n\nText.\n")
    assert [f.kind for f in document.findings] == [FindingKind.BAD_FRONT_MATTER]
    document = read("---\nlegal:\n- Code 33-512\n- Code 33-513\n---\n\nText.\n")
    assert document.metadata.legal == ("Code 33-512", "Code 33-513")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!?|>'\"#%@ \n\t.0123456789")),
               max_size=200))
def test_any_block_is_metadata_or_a_finding_never_a_crash(block):
    matter = split_front_matter(f"---\n{block}\n---\n\nThe Board decides.\n", "x.md")
    assert all(f.kind in (FindingKind.BAD_FRONT_MATTER, FindingKind.BAD_DATE)
               for f in matter.findings)
    assert "The Board decides." in matter.body


def test_markdown_is_parsed_by_one_parser_built_once():
    from boardpolicy.frontmatter import markdown_parser

    markdown_parser.cache_clear()
    for k in range(3):
        read(POLICY.replace("0401.10", f"0401.1{k}"))
    read("No front matter here.\n")
    info = markdown_parser.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # one with the front-matter rule, one without


def test_a_byte_order_mark_does_not_hide_the_front_matter():
    document = read_document("0401.10.md", data=b"\xef\xbb\xbf" + POLICY.encode("utf-8"))
    assert document.metadata.number == "0401.10"
    assert "created" not in "\n".join(document.plain_lines())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!?|>'\"#%@ \n\t.0123456789")),
               max_size=200))
def test_markdown_and_text_read_the_same_front_matter(block):
    """The Markdown reader finds the block in its one parse; the text reader by itself."""
    text = f"---\n{block}\n---\n\nThe Board decides.\n"
    matter = split_front_matter(text, "x.md")
    document = read(text, "x.md")
    assert document.metadata == matter.metadata
    assert [f.kind for f in document.findings] == [f.kind for f in matter.findings]


@pytest.mark.parametrize(("written", "legal"), [
    ("legal: Code of Idaho 33-501; 33-506", ("Code of Idaho 33-501; 33-506",)),
    ("legal: [Code of Idaho 33-501, Code of Idaho 33-506]",
     ("Code of Idaho 33-501", "Code of Idaho 33-506")),
    ("legal:\n  - Code of Idaho 33-501; 33-506\n  - 20 U.S.C. 1232g",
     ("Code of Idaho 33-501; 33-506", "20 U.S.C. 1232g")),
])
def test_legal_references_are_split_only_where_yaml_makes_a_list(written, legal):
    assert read(f"---\n{written}\n---\n\nText.\n").metadata.legal == legal


def test_cross_references_written_as_one_text_are_numbers_split_at_semicolons():
    document = read("---\ncross_references: 0401.20; 5015\n---\n\nText.\n")
    assert document.metadata.cross_references == ("0401.20", "5015")
