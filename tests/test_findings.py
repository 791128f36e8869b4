"""Findings are values: a reader says what it noticed as a kind and words; import, diff and
the packet test the kind, and print the words unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from boardpolicy.diff import diff_documents
from boardpolicy.document import Finding, FindingKind
from boardpolicy.infer import infer
from boardpolicy.outputs.packet.summary import cover_facts
from boardpolicy.readers import read_document

from .conftest import SEEDS

BUTTE = SEEDS / "butte-5460-adopted-2018.txt"
WHEN = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.fixture
def cut(tmp_path):
    """Butte's adoption, cut off in the middle of its list of forbidden interactions."""
    text = BUTTE.read_text(encoding="utf-8")
    path = tmp_path / "cut.txt"
    path.write_text(text[: text.index("including during breaks or") +
                         len("including during breaks")], encoding="utf-8")
    return path


def test_a_reader_says_cut_off_as_a_kind(cut):
    document = read_document(cut)
    assert document.has(FindingKind.CUT_OFF)
    (finding,) = [f for f in document.findings if f.kind is FindingKind.CUT_OFF]
    assert finding.text == "the text ends in the middle of a sentence: it is probably cut off"
    assert not read_document(BUTTE).has(FindingKind.CUT_OFF)


def test_each_finding_of_a_reader_has_its_kind():
    document = read_document(BUTTE)
    assert [f.kind for f in document.findings] == [FindingKind.NAVIGATION_LEFT_OUT]
    assert document.warnings == tuple(f.text for f in document.findings)


def test_import_tests_the_kind_not_the_words(cut, library):
    whole = read_document(BUTTE)
    said_otherwise = replace(whole, findings=(Finding(FindingKind.CUT_OFF, "truncated"),))
    assert infer(said_otherwise, library, "mtsba/5460").cut_off
    # words that mention a cut, under another kind, are not the finding
    other = replace(whole, findings=(Finding(FindingKind.HIDDEN_LEFT_OUT, "cut off"),))
    assert not infer(other, library, "mtsba/5460").cut_off
    assert infer(read_document(cut), library, "mtsba/5460").cut_off


def test_import_reports_the_cut(cut, cli, tmp_path):
    out = cli("import", cut, "--model", "mtsba/5460", "-o", tmp_path / "d.yaml")
    assert "probably cut off" in out.out


def test_the_diff_carries_each_sides_findings_named(cut):
    diff = diff_documents(read_document(BUTTE), read_document(cut), old_name="butte.txt",
                          new_name="cut.txt")
    kinds = [(f.kind, f.where) for f in diff.findings]
    assert kinds == [(FindingKind.NAVIGATION_LEFT_OUT, "butte.txt"),
                     (FindingKind.CUT_OFF, "cut.txt")]
    assert diff.warnings[-1] == ("cut.txt: the text ends in the middle of a sentence: it is "
                                 "probably cut off")


def test_the_packet_cover_warns_of_a_cut_by_its_kind(cut):
    new = read_document(cut)
    diff = diff_documents(read_document(BUTTE), new, old_name="butte.txt", new_name="cut.txt")
    facts = cover_facts(diff, new, WHEN)
    assert ("Warning", "cut.txt: the text ends in the middle of a sentence: it is probably "
            "cut off") in facts
    # the words alone do not make a warning: only the kind does
    reworded = replace(diff, findings=(Finding(FindingKind.HIDDEN_LEFT_OUT, "cut off", "x"),
                                       Finding(FindingKind.CUT_OFF, "truncated", "y")))
    assert [v for k, v in cover_facts(reworded, new, WHEN) if k == "Warning"] == ["y: truncated"]


def test_the_packet_of_a_cut_document_says_so(cut, cli, tmp_path):
    out = tmp_path / "packet.html"
    assert cli("packet", "mtsba/5460", cut, "-o", out).code == 0
    assert "probably cut off" in out.read_text(encoding="utf-8")
