"""A small git history of the test manual, built at test time: `v1` is tests/data/manual
(less its two deliberately broken files), `v2` the next year's manual with one policy of each
kind of change, so that revisions (`v1:docs/policies`, `HEAD~1:...`) have something to read.

v1 -> v2: 0410 renumbered 0415 (same text); 0401_10.md renamed 0401.10.md (same policy);
3100 and 2200 edited; 1110's review date alone changed (metadata); 3500 added; 7200 removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import DATA

MANUAL = DATA / "manual"
BROKEN = ("5000-personnel/5310.html", "7000-finance/7300.docx")  # check's cases, not ours

ADDED = """---
created: 2025-06-10
title: 3500 Student Wellness
code: "3500"
kind: Policy
---

## STUDENT WELLNESS

Each school offers a daily recess and water at every meal.
"""


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed author and date: the same history every time."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org",
           "GIT_COMMITTER_NAME": "Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_history(repo: Path) -> Path:
    """A git repository at `repo` with the manual in docs/policies at tags v1 and v2 (HEAD);
    returns the folder of policies (as at v2)."""
    policies = repo / "docs" / "policies"
    shutil.copytree(MANUAL, policies)
    for name in BROKEN:
        (policies / name).unlink()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The manual as adopted")
    git(repo, "tag", "v1")
    bylaws = policies / "0000-bylaws"
    (bylaws / "0401_10.md").rename(bylaws / "0401.10.md")
    (bylaws / "0410.md").rename(bylaws / "0415.md")
    _edit(bylaws / "0415.md", 'title: 0410 Meetings of the Board\ncode: "0410"',
          'title: 0415 Meetings of the Board\ncode: "0415"')
    _edit(policies / "3000-students" / "3100.md", "on the first day of an unexcused absence",
          "on the first morning of an unexcused absence, by phone or by text")
    _edit(policies / "2000-instruction" / "2200.md", "suit the age of the students.",
          "suit the age of the students.\n\nThe school library lists every new title on "
          "its web page each month.")
    _edit(policies / "1000-community" / "1110.md", "reviewed: 2022-05-10",
          "reviewed: 2025-05-13")
    (policies / "3000-students" / "3500.md").write_text(ADDED, encoding="utf-8")
    (policies / "7000-finance" / "7200.md").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Revisions for the June meeting")
    git(repo, "tag", "v2")
    return policies
