"""A manual's change between two versions (folders, or revisions in a git history built here),
git revisions wherever a document is read, and the packet for a meeting."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from boardpolicy.diff import DiffOptions
from boardpolicy.gitrev import parse_revision
from boardpolicy.library import Library
from boardpolicy.manual_diff import PolicyStatus, diff_manuals

from .conftest import require_tool
from .manual_history import MANUAL, make_history

OLD, NEW = "v1:docs/policies", "HEAD:docs/policies"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """The test manual's git history (tags v1 and v2), the current folder its top."""
    require_tool("git")
    top = tmp_path / "repo"
    top.mkdir()
    make_history(top)
    monkeypatch.chdir(top)
    return top


def _statuses(result) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for policy in result.policies:
        found.setdefault(policy.status.value, []).append(str(policy.number))
    return found


def test_each_kind_of_change_between_two_revisions(repo):
    result = diff_manuals(OLD, NEW, Library())
    found = _statuses(result)
    assert found["added"] == ["3500"]
    assert found["removed"] == ["7200"]
    assert found["renumbered"] == ["0415"]
    assert found["changed"] == ["2200", "3100"]
    assert found["metadata"] == ["1110"]
    assert "0401.10" in found["unchanged"]  # renamed 0401_10.md -> 0401.10.md: the same policy
    assert result.counts()["unchanged"] == len(found["unchanged"]) == 29
    renumbered = next(p for p in result.policies if p.status is PolicyStatus.RENUMBERED)
    assert str(renumbered.old_number) == "0410"
    metadata = next(p for p in result.policies if p.status is PolicyStatus.METADATA)
    assert [(f.field, f.old, f.new) for f in metadata.metadata] == \
        [("reviewed", "2022-05-10", "2025-05-13")]
    assert result.warnings == ()


def test_a_revision_and_the_folder_on_disk_compare_alike(repo):
    by_revision = diff_manuals(OLD, NEW, Library())
    by_folder = diff_manuals(OLD, "docs/policies", Library())
    assert _statuses(by_revision) == _statuses(by_folder)


def test_json_changes_are_exactly_the_single_diffs(repo, cli):
    done = cli("diff", OLD, NEW, "--format", "json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["schema"] == "boardpolicy-manual-diff/1"
    assert data["summary"] == {"added": 1, "removed": 1, "renumbered": 1, "changed": 2,
                               "metadata": 1, "unchanged": 29}
    policy = next(p for p in data["policies"] if p["number"] == "3100")
    assert set(policy) >= {"number", "old_number", "title", "status", "headline", "changes"}
    assert (policy["status"], policy["headline"], policy["title"]) == \
        ("changed", "1 change", "Attendance")
    single = cli("diff", "v1:docs/policies/3000-students/3100.md",
                 "docs/policies/3000-students/3100.md", "--format", "json")
    assert single.code == 0, single.err
    assert policy["changes"] == json.loads(single.out)["changes"] != []
    removed = next(p for p in data["policies"] if p["status"] == "removed")
    assert (removed["number"], removed["old_number"], removed["new_file"]) == \
        ("7200", "7200", None)


def test_exit_code(repo, cli):
    assert cli("diff", OLD, NEW, "--exit-code").code == 1
    assert cli("diff", "HEAD~1:docs/policies", OLD, "--exit-code").code == 0
    assert cli("diff", "v2:docs/policies", "docs/policies", "--exit-code").code == 0


@pytest.mark.parametrize("fmt", ["terminal", "side-by-side", "unified", "html"])
def test_every_text_format_lists_the_policies_and_shows_each_diff(repo, cli, fmt):
    done = cli("diff", OLD, NEW, "--format", fmt)
    assert done.code == 0, done.err
    for words in ("Student Wellness", "Purchasing", "0410 → 0415", "Attendance",
                  "Selection of Instructional Materials", "2022-05-10"):
        assert words in done.out, (fmt, words)
    assert "morning" in done.out  # 3100's own diff follows the list


def test_html_page_has_unique_ids_and_links_to_each_policy(repo, cli):
    page = cli("diff", OLD, NEW, "--format", "html").out
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for link in re.findall(r'href="#([^"]+)"', page):
        assert link in ids


def test_a_file_at_a_revision_reads_as_the_file(repo, cli):
    done = cli("diff", "HEAD~1:docs/policies/3000-students/3100.md",
               "./docs/policies/3000-students/3100.md")
    assert done.code == 0, done.err
    assert "[-day-]{+morning+}" in done.out
    assert "HEAD~1:docs/policies/3000-students/3100.md" in done.out


@pytest.mark.parametrize(("old", "words"), [
    ("v9:docs/policies", "no revision 'v9'"),
    ("v1:docs/nothing", "no file or folder 'docs/nothing' at revision v1"),
    ("v1:docs/policies/0000-bylaws/0415.md", "no file or folder"),
])
def test_a_missing_revision_or_path_is_one_line(repo, cli, old, words):
    done = cli("diff", old, NEW)
    assert done.code == 2
    assert done.out == ""
    assert done.err.count("\n") == 1 and words in done.err and old in done.err


def test_outside_a_repository_is_one_line(tmp_path, monkeypatch, cli):
    require_tool("git")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    done = cli("diff", "HEAD:docs/policies", "HEAD~1:docs/policies")
    assert done.code == 2
    assert done.err.count("\n") == 1 and "no git repository" in done.err


def test_a_manual_against_one_policy_is_refused(repo, cli):
    done = cli("diff", OLD, "docs/policies/3000-students/3100.md")
    assert done.code == 2
    assert "is a manual" in done.err and done.err.count("\n") == 1


def test_an_existing_file_with_a_colon_wins(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    shutil.copy(MANUAL / "3000-students" / "3100.md", tmp_path / "v1:3100.md")
    assert parse_revision("v1:3100.md") is None
    assert parse_revision("v2:3100.md") is not None
    done = cli("diff", "v1:3100.md", "v1:3100.md", "--exit-code")
    assert done.code == 0, done.err


def test_renumbered_with_its_text_reworded_a_little(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MANUAL / "0000-bylaws", old)
    shutil.copytree(MANUAL / "0000-bylaws", new)
    text = (old / "0420.md").read_text(encoding="utf-8")
    (new / "0420.md").unlink()
    (new / "0425.md").write_text(text.replace('"0420"', '"0425"').replace("0420 ", "0425 ")
                                 .replace("agenda", "agenda, in writing,", 1),
                                 encoding="utf-8")
    result = diff_manuals(str(old), str(new), Library(), DiffOptions())
    found = _statuses(result)
    assert found["renumbered"] == ["0425"]
    assert "added" not in found and "removed" not in found
    policy = next(p for p in result.policies if p.status is PolicyStatus.RENUMBERED)
    assert policy.headline == "renumbered from 0420; 1 change"


def test_a_new_policy_unlike_the_one_gone_is_not_renumbered(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MANUAL / "0000-bylaws", old)
    shutil.copytree(MANUAL / "0000-bylaws", new)
    (new / "0420.md").unlink()
    shutil.copy(MANUAL / "3000-students" / "3100.md", new / "0425.md")
    found = _statuses(diff_manuals(str(old), str(new), Library()))
    assert (found["removed"], found["added"]) == (["0420"], ["3100"])


def test_files_left_out_are_named(cli, tmp_path):
    """The test manual's two broken cases: a number two files claim, a damaged file."""
    done = cli("diff", MANUAL, MANUAL, "--exit-code")
    assert done.code == 0
    assert "5310: claimed by 2 files" in done.err
    assert "7300.docx" in done.err and done.err.count("7300.docx") == 1


def test_packet_for_a_meeting_opens_in_libreoffice(repo, cli, tmp_path):
    from .judges import docx_to_pdf, pdf_text

    out = tmp_path / "packet.docx"
    done = cli("packet", OLD, "v2:docs/policies", "-o", out, "--date", "2025-06-10")
    assert done.code == 0, done.err
    again = tmp_path / "again.docx"
    assert cli("packet", OLD, "v2:docs/policies", "-o", again, "--date", "2025-06-10").code == 0
    assert out.read_bytes() == again.read_bytes()
    text = " ".join(pdf_text(docx_to_pdf([out], tmp_path)[0]).split())
    for words in ("Packet: changes to the policy manual", "3500 Student Wellness",
                  "Purchasing: removed", "Policy 2200 Selection of Instructional Materials",
                  "Policy 3100 Attendance", "Clean copy: 3100 Attendance",
                  "Metadata only", "2025-05-13", "June 10, 2025"):
        assert words in text, words


def test_packet_as_a_web_page(repo, cli, tmp_path):
    out = tmp_path / "packet.html"
    done = cli("packet", OLD, NEW, "-o", out)
    assert done.code == 0, done.err
    page = out.read_text(encoding="utf-8")
    assert "Clean copy" in page and "Metadata only" in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_word_redline_of_a_manual_tracks_each_changed_policy(repo, cli, tmp_path):
    import zipfile

    out = tmp_path / "changes.docx"
    done = cli("diff", OLD, NEW, "--format", "docx", "-o", out)
    assert done.code == 0, done.err
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml and "morning" in xml
    assert "Policy 2200 Selection of Instructional Materials" in xml
