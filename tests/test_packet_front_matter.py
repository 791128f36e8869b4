"""The meeting packet of a Markdown manual whose dates, legal references and history are in
its front matter (found by a new user): the cover's date, the new policy's text, the
redline's and clean copy's Legal Reference and Policy History, the metadata table's widths."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from .conftest import require_tool
from .manual_history import git

ATTENDANCE = """---
adopted: 2005-07-12
revised: {revised}
reviewed: 2024-06-11
title: 3100 Attendance
code: "3100"
kind: Policy
legal:
  - "20-5-103, MCA Compulsory enrollment"
---

## ATTENDANCE

Students attend every school day unless excused; the school calls home on the {when} of an
unexcused absence.
"""

COMPLAINTS = """---
adopted: 2005-07-12
reviewed: {reviewed}
title: 3200 Uniform Complaint Procedure
code: "3200"
kind: Policy
---

## UNIFORM COMPLAINT PROCEDURE

Any person may file a complaint with the principal.
"""

EXPRESSION = """---
adopted: 2025-05-13
title: 3310 Freedom of Expression
code: "3310"
kind: Policy
legal:
  - "Tinker v. Des Moines, 393 U.S. 503 (1969)"
---

## FREEDOM OF EXPRESSION

Students may express their views in a way that does not disrupt school.
"""

OLD, NEW = "HEAD~1:policies", "HEAD:policies"
ONE_OLD, ONE_NEW = (f"{side}:policies/3000-students/3100.md" for side in ("HEAD~1", "HEAD"))


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Two commits of a three-policy manual: 3100 edited (and its revised date), 3200's
    review date alone changed, 3310 added."""
    require_tool("git")
    top = tmp_path / "repo"
    folder = top / "policies" / "3000-students"
    folder.mkdir(parents=True)
    (folder / "3100.md").write_text(ATTENDANCE.format(revised="2021-08-10", when="first day"))
    (folder / "3200.md").write_text(COMPLAINTS.format(reviewed="2022-05-10"))
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "As adopted")
    (folder / "3100.md").write_text(ATTENDANCE.format(revised="2025-05-13",
                                                      when="first morning"))
    (folder / "3200.md").write_text(COMPLAINTS.format(reviewed="2025-04-01"))
    (folder / "3310.md").write_text(EXPRESSION)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "For the June meeting")
    monkeypatch.chdir(top)
    return top


def _words(path: Path) -> str:
    """A Word file's text, its runs joined, deleted text included."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    xml = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def _page(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def test_the_manual_packet_is_dated_from_front_matter(repo, cli, tmp_path):
    out = tmp_path / "packet.docx"
    assert cli("packet", OLD, NEW, "-o", out).code == 0
    text = _words(out)
    assert "no date" not in text
    assert "Date: not given; the latest date in a changed policy's history is May 13, 2025" \
        in text


def test_the_one_policy_packet_is_dated_from_front_matter(repo, cli, tmp_path):
    out = tmp_path / "p.docx"
    assert cli("packet", ONE_OLD, ONE_NEW, "-o", out).code == 0
    assert "Date: not given; the policy’s latest history date is May 13, 2025" in _words(out)


def test_the_web_packet_labels_its_date(repo, cli, tmp_path):
    out = tmp_path / "packet.html"
    assert cli("packet", OLD, NEW, "-o", out).code == 0
    page = _page(out)
    assert "Date: not given; the latest date" in page
    assert ", not given" not in page


def test_the_packet_prints_the_new_policy_and_the_front_matter(repo, cli, tmp_path):
    out = tmp_path / "packet.docx"
    assert cli("packet", OLD, NEW, "-o", out).code == 0
    text = _words(out)
    assert "Students may express their views" in text
    assert "Tinker v. Des Moines" in text
    # the redline and the clean copy of 3100 each end with its references and history
    assert text.count("20-5-103, MCA Compulsory enrollment") == 2
    assert text.count("Policy History") == 3
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert re.search(r"<w:del\b.*?2021-08-10.*?</w:del>", xml, re.DOTALL)
    assert re.search(r"<w:ins\b.*?2025-05-13.*?</w:ins>", xml, re.DOTALL)


def test_the_web_packet_prints_the_new_policy_and_the_front_matter(repo, cli, tmp_path):
    out = tmp_path / "packet.html"
    assert cli("packet", OLD, NEW, "-o", out).code == 0
    page = out.read_text(encoding="utf-8")
    assert "Students may express their views" in page and "Tinker v. Des Moines" in page
    assert page.count("20-5-103, MCA Compulsory enrollment") == 2
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_metadata_table_gives_the_title_room(repo, cli, tmp_path):
    from .judges import docx_to_pdf, pdf_text

    out = tmp_path / "packet.docx"
    assert cli("packet", OLD, NEW, "-o", out).code == 0
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]
    assert len(widths) == 5 and widths[1] == max(widths) > widths[0]
    lines = pdf_text(docx_to_pdf([out], tmp_path)[0]).splitlines()
    assert any("Uniform Complaint Procedure" in line for line in lines)  # on one line
