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


# --- validate and the release report count and hint what is there --------------------------

def test_validate_on_an_upgraded_file_does_not_suggest_starting_afresh(cli, tmp_path):
    from .conftest import ROOT

    out = tmp_path / "cut-bank.yaml"
    assert cli("upgrade", ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml",
               "--resolve", "district", "-o", out).code == 1  # a choice still open
    result = cli("validate", out)
    assert result.code == 2 and "choices.forbidden: no choice made" in result.err
    assert "init" not in result.err  # a fresh file would lose the district's edits and dates
    assert "write `forbidden: []` to forbid none" in result.err


def test_validate_on_a_fresh_file_still_offers_the_questions(cli, tmp_path):
    out = tmp_path / "new.yaml"
    assert cli("init", "mtsba/5460", "-o", out, "--district", "X SD").code == 0
    assert "or run `boardpolicy init mtsba/5460 --interactive`" in cli("validate", out).err


def test_validate_says_nothing_of_options_for_a_policy_without_choices(cli, tmp_path):
    from .conftest import DATA

    out = tmp_path / "1010.yaml"
    shutil.copy(DATA / "release" / "cedar-valley" / "1010.yaml", out)
    result = cli("validate", out, "-L", DATA / "release" / "library")
    assert result.code == 0, result.err
    assert "0 of 0" not in result.out and "option" not in result.out
    assert "1010.yaml: ok (prairie/1010@2019; " in result.out


def test_the_release_report_counts_files_and_missing_policies_apart(cli):
    from .conftest import DATA

    result = cli("upgrade", DATA / "release" / "pine-ridge", "-L", DATA / "release" / "library")
    first = result.out.splitlines()[0]
    assert first.endswith(": 4 policy files; 1 new required policy missing"), first
    whole = cli("upgrade", DATA / "release" / "cedar-valley", "-L", DATA / "release" / "library")
    assert whole.out.splitlines()[0].endswith(": 5 policy files"), whole.out


# --- init: --all or --none with a wording; what is left open is said ----------------------

@pytest.mark.parametrize("flag,forbidden", [("--all", ["working-conditions", "assignments",
                                                        "treatment"]), ("--none", [])])
def test_init_takes_all_or_none_of_the_bullets_and_a_wording(cli, own_library, tmp_path,
                                                              flag, forbidden):
    from boardpolicy.district import load_district
    from boardpolicy.library import Library

    result = cli("init", "demo/4120", "-L", own_library, "-o", "x.yaml", "--district", "X SD",
                 flag, "--choose", "appeal-officer", "--choose", "records-may",
                 "--set", "review-by=June 1, 2027", "--omit", "stipend")
    assert result.code == 0, result.err
    district, _ = load_district(tmp_path / "x.yaml", Library([tmp_path / "lib"]))
    assert list(district.adopted_options()["grounds"]) == forbidden
    assert cli("render", "x.yaml", "-L", own_library).code == 0
    text = cli("render", "x.yaml", "-L", own_library).out
    assert "hearing officer" in text and "Supervisors may keep" in text


def test_init_still_refuses_two_ways_of_choosing_the_bullets(cli, own_library):
    result = cli("init", "demo/4120", "-L", own_library, "--district", "X SD", "--all",
                 "--choose", "assignments")
    assert result.code == 2 and "one way only" in result.err


@pytest.mark.parametrize("output", [True, False])
def test_init_warns_of_optional_text_left_open(cli, own_library, output):
    to = ["-o", "x.yaml"] if output else []
    result = cli("init", "demo/4120", "-L", own_library, *to, "--district", "X SD",
                 *DECIDED[:-2])  # all but --keep stipend
    assert result.code == 0, result.err
    warning = [line for line in result.err.splitlines() if "'stipend'" in line]
    assert warning and "render refuses" in warning[0], result.err
    assert "--keep stipend or --omit stipend" in warning[0]


# --- upgrade: a choice still open is said, and the exit says it too -----------------------

def test_upgrade_resolved_says_a_choice_is_still_open(cli, tmp_path):
    from .conftest import ROOT

    out = tmp_path / "cut-bank2.yaml"
    result = cli("upgrade", ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml",
                 "--resolve", "district", "-o", out)
    assert result.code == 1, result.out  # written, but not yet a policy validate takes
    last = result.out.splitlines()[-1]
    assert last.startswith(f"wrote {out}: on mtsba/5460@current; still to decide: forbidden"), last
    assert "validate and render refuse it" in last and "'choices: forbidden:'" in last
    assert cli("validate", out).code == 2  # as the report said


def test_upgrade_with_nothing_open_still_exits_0(cli, tmp_path):
    from .conftest import DATA

    out = tmp_path / "3510.yaml"
    library = DATA / "release" / "library"
    result = cli("upgrade", DATA / "release" / "pine-ridge" / "3510.yaml", "-L", library,
                 "-o", out)
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == f"wrote {out}: on prairie/3510@2025"
    assert cli("validate", out, "-L", library).code == 0
