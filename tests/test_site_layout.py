"""A built site and a rendered HTML policy as a reader's browser shows them (a new user's
tryout, items 3 and 12): a regulation or exhibit named in the text or a cross-reference table
links, whole, to its own page; legal references, which have no policy code, are not printed
under a "Policy" heading; the index's sections share one column layout. Judged in Chromium's
DOM, not by searching the HTML's words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .browser import Browser
from .conftest import DATA, ROOT

PAGES = {
    "5000-personnel/5460.md": (
        'title: 5460 Electronic Communication\ncode: "5460"\nkind: Policy\n'
        'cross_references: ["5460P", "5460F", "0403.80-AR-01"]\n',
        "Staff who post online follow Policy 5460P, file the form in Policy 5460F, and keep to "
        "the calendar of Regulation 0403.80-AR-01 as Policy 0100 says; Policy 5460E is gone."),
    "5000-personnel/5460P.md": ('title: 5460P Electronic Communication Procedure\n'
                                'code: "5460P"\nkind: Procedure\n', "Steps."),
    "5000-personnel/5460F.md": ('title: 5460F Electronic Communication Form\n'
                                'code: "5460F"\nkind: Form\n', "A form."),
    "0000-bylaws/0403.80.md": ('title: 0403.80 Evaluation of the Superintendent\n'
                               'code: "0403.80"\nkind: Policy\n', "The Board evaluates."),
    "0000-bylaws/0403.80-AR-01.md": ('title: 0403.80-AR-01 Superintendent Evaluation Calendar\n'
                                     'code: "0403.80-AR-01"\nkind: Regulation\n', "Dates."),
    "0000-bylaws/0100.md": ('title: 0100 Board Governance\ncode: "0100"\nkind: Policy\n'
                            'created: 2006-09-12\n', "A short row."),
}
LINKS = "[...document.querySelectorAll('main a')].map(a => [a.textContent, a.getAttribute('href')])"


def boardpolicy(*args: object) -> None:
    done = subprocess.run([sys.executable, "-m", "boardpolicy", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    for name, (front, text) in PAGES.items():
        path = root / "manual" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{text}\n", encoding="utf-8")
    boardpolicy("build", root / "manual", "-o", root / "site", "-j", "1")
    return root / "site"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    browser = Browser(tmp_path_factory.mktemp("profile"))
    yield browser
    browser.close()


def test_a_regulation_or_exhibit_is_linked_whole_to_its_own_page(site, browser):
    browser.open((site / "5460.html").as_uri())
    text = browser.evaluate(LINKS.replace("main a", "main p a"))
    assert text == [["Policy 5460P", "5460P.html"], ["Policy 5460F", "5460F.html"],
                    ["Regulation 0403.80-AR-01", "0403.80-AR-01.html"],
                    ["Policy 0100", "0100.html"]]  # no mark: the policy's page, as before
    # an exhibit the manual lacks is plain text, not a link to its policy's page
    assert "; Policy 5460E is gone." in browser.evaluate("document.querySelector('main p')"
                                                         ".innerText")
    table = browser.evaluate(LINKS.replace("main a", "main td a"))
    assert table == [["5460P", "5460P.html"], ["5460F", "5460F.html"],
                     ["0403.80-AR-01", "0403.80-AR-01.html"]]


def test_the_index_sections_share_one_column_layout(site, browser):
    browser.open((site / "index.html").as_uri())
    lefts = browser.evaluate(
        "[...document.querySelectorAll('table.toc')].map(t => "
        "[...t.querySelectorAll('thead th')]"
        ".map(th => Math.round(th.getBoundingClientRect().left)))")
    assert len(lefts) == 2 and lefts[0] == lefts[1], lefts


def references_shown(html: Path, browser: Browser) -> list[dict[str, object]]:
    """Each references section: its heading, its column headings and its entries as read."""
    browser.open(html.as_uri())
    return browser.evaluate(
        "[...document.querySelectorAll('section.references')].map(s => ({"
        "heading: s.querySelector('h2').textContent,"
        "columns: [...s.querySelectorAll('th')].map(th => th.textContent),"
        "entries: [...s.querySelectorAll('tbody tr, li')].map(e => e.innerText.trim()),"
        "labelled: document.getElementById(s.getAttribute('aria-labelledby')) === "
        "s.querySelector('h2')}))")


def test_legal_references_without_a_code_are_a_list_not_an_empty_policy_column(tmp_path,
                                                                               browser):
    source = tmp_path / "3100.md"
    source.write_text('---\ntitle: 3100 Attendance\ncode: "3100"\n---\n\nStudents attend.\n\n'
                      "Legal Reference: 20-5-101 MCA Admittance of child\n\n"
                      "Cross Reference: 3110 Entrance\n", encoding="utf-8")
    boardpolicy("render", source, "-o", tmp_path / "3100.html")
    legal, cross = references_shown(tmp_path / "3100.html", browser)
    assert legal == {"heading": "Legal Reference", "columns": [],
                     "entries": ["20-5-101 MCA Admittance of child"], "labelled": True}
    assert cross == {"heading": "Cross Reference", "columns": ["Policy", "Title"],
                     "entries": ["3110\tEntrance"], "labelled": True}


def test_legal_references_with_citations_are_headed_as_references(tmp_path, browser):
    boardpolicy("render", "demo/4120", "-L", DATA / "library", "-o", tmp_path / "4120.html")
    legal, cross = references_shown(tmp_path / "4120.html", browser)
    assert legal["columns"] == ["Reference", "Title"]
    assert legal["entries"] == ["§ 12-4-101, Demo Code\tEmployee grievances",
                                "§ 12-4-130, Demo Code\tRetaliation forbidden"]
    assert cross["columns"] == ["Policy", "Title"]
