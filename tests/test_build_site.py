"""build of a Markdown manual (issue 23, item 3): pages of every form, cross references as
links, the index by section with regulations under their policy, and search in Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .browser import Browser
from .conftest import DATA, ROOT, Result

MANUAL = DATA / "manual"


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    """The test manual without the files it holds to fail: a copy of 5310 and a PDF named .docx."""
    root = tmp_path_factory.mktemp("site") / "manual"
    shutil.copytree(MANUAL, root)
    (root / "5000-personnel" / "5310.html").unlink()
    (root / "7000-finance" / "7300.docx").unlink()
    return root


def cli_module(*args: object) -> Result:
    """`boardpolicy ARGS...` in a process of its own (the module's fixtures outlive capsys)."""
    done = subprocess.run([sys.executable, "-m", "boardpolicy", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def built(manual):
    site = manual.parent / "site"
    result = cli_module("build", manual, "-o", site, "-j", "2")
    assert result.code == 0, result.err
    return site, result


def test_every_file_has_its_pages_and_references_become_links(built):
    site, result = built
    assert "wrote" in result.out
    page = (site / "0100.html").read_text(encoding="utf-8")
    # in the text, and in the cross-reference table made from the front matter
    assert '<a href="0410.html" title="Meetings of the Board">Policy 0410</a>' in page
    assert '<td><a href="0401.10.html" title="Contracts and Supplemental Contracts">0401.10</a>' \
        '</td><td>Contracts and Supplemental Contracts</td>' in page
    assert "<dt>Adopted:</dt> <dd>2006-09-12</dd>" in page  # front matter shown, not as text
    assert "created:" not in page
    for name in ("3270P", "2210F", "0403.80-AR-01", "5460", "2110"):
        assert (site / f"{name}.html").is_file() and (site / f"{name}.docx").is_file(), name


def test_a_reference_the_manual_lacks_is_plain_text_and_a_note(built):
    site, result = built
    page = (site / "3280.html").read_text(encoding="utf-8")
    assert "handled as Policy 3295 provides" in page and 'href="3295.html"' not in page
    assert "3280.md: missing-reference: refers to policy 3295, which the manual does not " \
           "have" in result.err
    assert result.err.startswith("boardpolicy: note: ")


def test_the_index_lists_sections_numbers_dates_and_attachments(built):
    site, _ = built
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index(">0000 Bylaws<") < index.index(">1000 Community<") < \
        index.index(">3000 Students<")
    assert index.index('href="3270.html"') < index.index('href="3270P.html"') < \
        index.index('href="3280.html"')  # the procedure under its policy
    assert '<tr class="attachment"><td class="number">3270P</td>' in index
    assert '<a href="3280.html">Search and Seizure</a>' in index  # the number not twice
    assert "<th scope=\"col\">Adopted</th><th scope=\"col\">Revised</th>" in index
    assert ">2019-10-08<" in index


def test_a_markdown_manual_builds_the_same_bytes_and_check_sees_a_change(manual, built):
    site, _ = built
    again = manual.parent / "again"
    assert cli_module("build", manual, "-o", again, "-j", "1").code == 0
    for path in site.rglob("*"):
        assert path.read_bytes() == (again / path.relative_to(site)).read_bytes(), path.name
    assert cli_module("build", manual, "-o", again, "--check").code == 0
    edited = manual.parent / "edited"
    shutil.copytree(manual, edited)
    path = edited / "0000-bylaws" / "0110.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added.\n",
                    encoding="utf-8")
    stale = cli_module("build", edited, "-o", again, "--check")
    assert stale.code == 1
    assert {line.rsplit("/", 1)[-1] for line in stale.out.splitlines()[:-1]} == {
        "0110.docx: out of date", "0110.html: out of date", "search-index.js: out of date"}


def test_search_from_the_files_in_chromium(built, tmp_path):
    site, _ = built
    browser = Browser(tmp_path / "profile")
    try:
        browser.open((site / "index.html").as_uri())
        browser.type("#search-words", "locker")  # only in 3280 Search and Seizure
        browser.wait_for("document.querySelectorAll('#search-results a').length > 0")
        results = browser.evaluate("[...document.querySelectorAll('#search-results a')]"
                                   ".map(a => a.textContent)")
        assert results == ["3280 Search and Seizure"]
        assert browser.evaluate("document.getElementById('search-status').textContent") == \
            "1 policy found."
        browser.click("#search-results a")
        browser.wait_for("location.pathname.endsWith('/3280.html')")
        assert browser.evaluate("document.querySelector('h1').textContent") == \
            "Search and Seizure"
        # from a policy page too, and a cross reference followed
        browser.open((site / "0100.html").as_uri())
        browser.click("main a[href='0410.html']")
        browser.wait_for("location.pathname.endsWith('/0410.html')")
        # typed before the new page's script listens, the words would go unheard (a loaded
        # machine showed it: the path changes when the navigation commits, not at load)
        browser.wait_for("document.readyState === 'complete'")
        browser.type("#search-words", "zzyzx")
        browser.wait_for("document.getElementById('search-status').textContent")
        assert browser.evaluate("document.querySelectorAll('#search-results li').length") == 0
        assert not [line for line in browser.console if "Content Security Policy" in line], \
            browser.console
    finally:
        browser.close()


def test_the_pages_written_are_counted_as_policies_and_their_regulations(built):
    _, result = built
    assert "wrote " in result.out
    assert ": 31 policies, 3 regulations and exhibits, " in result.out


def test_many_notes_of_a_kind_are_one_line_with_a_count_and_the_first_named(tmp_path):
    from boardpolicy.build import NOTES_NAMED, note_lines
    from boardpolicy.check import CheckFinding
    from boardpolicy.document import FindingKind

    notes = [CheckFinding(f"{1000 + k}", f"m/{1000 + k}.md", FindingKind.MISSING_REFERENCE,
                          f"refers to policy {9000 + k}, which the manual does not have")
             for k in range(1046)]
    notes.append(CheckFinding("2000P", "m/2000P.md", FindingKind.NO_POLICY, "has no policy"))
    lines = note_lines(notes, "m")
    assert len(lines) == 2
    assert lines[0].startswith("1,046 missing-reference findings: m/1000.md: refers to policy "
                               "9000, which the manual does not have; m/1001.md: ")
    assert lines[0].count("refers to policy") == NOTES_NAMED
    assert lines[0].endswith("; and 1,043 more (boardpolicy check m lists every one)")
    assert lines[1] == "m/2000P.md: no-policy: has no policy"  # one alone, as check words it


def test_a_build_prints_one_note_line_per_kind(manual, tmp_path):
    many = tmp_path / "many"
    shutil.copytree(manual, many)
    for k in range(6):
        (many / f"{8000 + k}.md").write_text(
            f"---\ncode: '{8000 + k}'\ntitle: Gone {k}\n---\n\nSee Policy {9100 + k}.\n",
            encoding="utf-8")
    result = cli_module("build", many, "-o", tmp_path / "site", "-j", "1")
    assert result.code == 0, result.err
    notes = [line for line in result.err.splitlines() if line.startswith("boardpolicy: note:")]
    assert len(notes) == 1, notes
    assert notes[0].startswith("boardpolicy: note: 7 missing-reference findings: ")
    assert notes[0].endswith(f"; and 4 more (boardpolicy check {many} lists every one)")


def test_a_regulation_whose_policy_is_missing_is_listed_apart(manual, tmp_path):
    folder = tmp_path / "orphan"
    shutil.copytree(manual, folder)
    (folder / "3000-students" / "3295P.md").write_text(
        "---\ncode: 3295P\ntitle: Procedure for Lockers\nkind: Procedure\n---\n\nSteps.\n",
        encoding="utf-8")
    result = cli_module("build", folder, "-o", tmp_path / "site", "-j", "1")
    assert result.code == 0, result.err
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    apart = index.index(">Without their policy</h2>")
    assert apart > index.index(">3000 Students<") and apart > index.rindex('href="3280.html"')
    assert index.index('href="3295P.html"') > apart  # not in 3000 Students as a policy
    assert "no-policy" in result.err
