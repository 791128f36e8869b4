"""What a second new user, reading only the README, found wrong at the command line: hints
that fail when pasted, reports that count the wrong things, choices refused or left open
without a word."""

from __future__ import annotations

import shlex
import shutil

import pytest

from .conftest import DATA


@pytest.fixture
def own_library(tmp_path, monkeypatch):
    """A user's own library folder, `lib`, beside the files, as the README's users keep it."""
    shutil.copytree(DATA / "library", tmp_path / "lib")
    monkeypatch.chdir(tmp_path)
    return "lib"


DECIDED = ("--choose", "working-conditions", "--choose", "assignments", "--choose", "treatment",
           "--choose", "appeal-board", "--set", "review-by=June 1, 2027",
           "--keep", "stipend")


def _pasted(line: str, after: str) -> list[str]:
    """The arguments of the `boardpolicy` command printed after `after` on `line`."""
    command = line.split(after, 1)[1].strip().strip("`").split("`")[0]
    words = shlex.split(command)
    assert words[0] == "boardpolicy", line
    return words[1:]


def test_the_next_step_after_init_names_the_users_library(cli, own_library):
    result = cli("init", "demo/4120", "-L", own_library, "-o", "x.yaml", "--district",
                 "Cedar Valley School District", *DECIDED)
    assert result.code == 0, result.err
    line = next(li for li in result.err.splitlines() if li.startswith("next: "))
    args = _pasted(line, "next: ")
    assert args == ["render", "x.yaml", "--library", "lib", "-o", "policy.docx"]
    assert cli(*args).code == 0  # works as printed


def test_the_bundled_library_needs_no_flag(cli, tmp_path):
    result = cli("init", "mtsba/5460", "-o", tmp_path / "x.yaml", "--district", "X SD",
                 "--all")
    assert "--library" not in result.err and "--library" not in \
        (tmp_path / "x.yaml").read_text(encoding="utf-8")


def test_the_files_comments_name_the_users_library(cli, own_library, tmp_path):
    assert cli("init", "demo/4120", "-L", own_library, "-o", "x.yaml", "--district",
               "Cedar Valley School District", *DECIDED).code == 0
    header = (tmp_path / "x.yaml").read_text(encoding="utf-8").split("\nmodel:")[0]
    assert "`boardpolicy show demo/4120 --library lib`" in header
    assert "`boardpolicy validate FILE --library lib`" in header
    assert "`boardpolicy render FILE --library lib -o policy.docx`" in header
    assert max(len(line) for line in header.splitlines()) <= 96


def test_validates_hints_name_the_users_library(cli, own_library):
    assert cli("init", "demo/4120", "-L", own_library, "-o", "x.yaml", "--district",
               "Cedar Valley School District").code == 0
    result = cli("validate", "x.yaml", "-L", own_library)
    assert result.code == 2
    for line in result.err.splitlines():
        assert "(see `boardpolicy show demo/4120 --library lib`)" in line, line
        assert cli(*_pasted(line, "(see ")).code == 0
