"""The command line as users meet it: help, init, validate, render, and every bad input."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from boardpolicy.cli import app

from .conftest import BUTTE, DATA, ROOT, SEEDS, VALLEY

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_every_command_has_help_with_an_example_and_is_in_the_readme(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert COMMANDS == ["build", "check", "compare", "diff", "import", "init", "models", "packet",
                        "render", "show", "upgrade", "validate"]
    for name in COMMANDS:
        result = cli(name, "--help")
        assert result.code == 0
        assert "Example: boardpolicy " + name in " ".join(result.out.split())
        assert f"boardpolicy {name}" in readme, f"README does not show `boardpolicy {name}`"


def test_version_and_top_level_help(cli):
    assert re.match(r"boardpolicy \d+\.\d+", cli("--version").out)
    result = cli("--help")
    assert result.code == 0
    assert all(name in result.out for name in COMMANDS)


def test_models_lists_the_bundled_library(cli):
    result = cli("models")
    assert result.code == 0
    assert "mtsba/5460" in result.out and "current (default)" in result.out


def test_show_lists_option_ids_and_the_drafting_note(cli):
    result = cli("show", "mtsba/5460")
    assert result.code == 0
    for ident in ("phone-numbers", "personal-websites", "[choose-note] drafting note"):
        assert ident in result.out
    assert "\x1b[" not in result.out  # no colour codes when not on a terminal


def test_init_with_flags_never_prompts(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = tmp_path / "d.yaml"
    result = cli("init", "mtsba/5460", "-o", out, "--district", "Test School District",
                 "--forbid", "text-messaging", "--forbid", "phone-numbers")
    assert result.code == 0, result.err
    assert cli("validate", out).code == 0
    text = cli("render", out, "--format", "txt").out
    # the model's order, whatever the order of the flags
    assert text.index("Sharing personal landline") < text.index("Text messaging")
    assert "Emailing students" not in text


def test_init_without_a_choice_leaves_it_open_and_render_says_how_to_choose(cli, tmp_path):
    out = tmp_path / "d.yaml"
    assert cli("init", "mtsba/5460", "-o", out, "--district", "X").code == 0
    result = cli("render", out)
    assert result.code == 2
    assert "no choice made" in result.err and "forbidden: []" in result.err
    assert "--interactive" in result.err


def test_init_interactive_asks_about_each_bullet_with_its_full_text(cli, tmp_path,
                                                                     monkeypatch):
    answers = "Glacier School District\n" + "y\nn\ny\nn\nn\nn\ny\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    out = tmp_path / "d.yaml"
    result = cli("init", "mtsba/5460", "-o", out, "--interactive")
    assert result.code == 0, result.err
    assert result.err.count("Does the district forbid this?") == 7
    assert "Creation of administratively approved and sanctioned “groups” on social " \
           "networking sites that permit the broadcast of information without granting " \
           "students access to staff member’s personal information;" in result.err
    text = out.read_text(encoding="utf-8")
    assert "district: Glacier School District" in text
    chosen = re.findall(r"^    - (\S+)$", text, re.MULTILINE)
    assert chosen == ["phone-numbers", "personal-email", "personal-websites"]


def test_init_interactive_without_output_writes_the_yaml_alone_to_stdout(cli, monkeypatch):
    answers = "Lone Pine School District\n" + "yes\nno\nmaybe\nY\nN\nn\nn\ny\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    result = cli("init", "mtsba/5460", "--interactive")
    assert result.code == 0, result.err
    assert result.out.startswith("# District policy file")
    assert "[y/n]" not in result.out and "of 7" not in result.out
    assert "3 of 7. personal-email" in result.err
    assert "Please answer yes or no" in result.err  # "maybe", asked again
    summary = result.err[result.err.rindex("District: Lone Pine"):]
    assert "forbidden: phone-numbers, personal-email, personal-websites" in summary
    chosen = re.findall(r"^    - (\S+)$", result.out, re.MULTILINE)
    assert chosen == ["phone-numbers", "personal-email", "personal-websites"]


def test_init_interactive_with_no_answers_is_a_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    result = cli("init", "mtsba/5460", "-o", tmp_path / "d.yaml", "-i", "--district", "X")
    assert result.code == 2
    assert "needs answers on standard input" in result.err
    assert not (tmp_path / "d.yaml").exists()


def test_init_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "d.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = cli("init", "mtsba/5460", "-o", out, "--district", "X", "--forbid-all")
    assert result.code == 2 and "already exists; use --force" in result.err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli("init", "mtsba/5460", "-o", out, "--district", "X", "--forbid-all",
               "--force").code == 0
    assert "personal-websites" in out.read_text(encoding="utf-8")


def test_validate_reports_every_file(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: mtsba/5460\ndistrict: X\nchoices: {forbidden: [textmessaging]}\n",
                   encoding="utf-8")
    result = cli("validate", BUTTE, bad, VALLEY)
    assert result.code == 2
    assert result.out.count(": ok (") == 2
    assert f"{bad}:3: choices.forbidden[0]: unknown option id 'textmessaging'; did you mean " \
           f"'text-messaging'?" in result.err


def test_render_to_stdout_and_to_files(cli, tmp_path):
    result = cli("render", BUTTE)
    assert result.code == 0 and result.out.startswith("Butte School District\n")
    for ext in ("docx", "html", "md", "txt"):
        out = tmp_path / f"butte.{ext}"
        result = cli("render", BUTTE, "-o", out)
        assert result.code == 0, result.err
        assert out.stat().st_size > 500
        assert result.err.strip() == f"wrote {out}"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_render_a_model_as_published(cli):
    result = cli("render", "mtsba/5460", "--format", "md")
    assert result.code == 0
    assert "> **Drafting note:** (DISTRICT MUST CHOOSE WHICH BULLETS ARE FORBIDDEN)" in result.out


def test_library_option_and_environment_variable(cli, tmp_path, monkeypatch):
    (tmp_path / "lib" / "acme").mkdir(parents=True)
    model = (ROOT / "model_policies" / "mtsba" / "5460.yaml").read_text(encoding="utf-8")
    (tmp_path / "lib" / "acme" / "7.yaml").write_text(
        model.replace("publisher: mtsba", "publisher: acme").replace('"5460"', '"7"'),
        encoding="utf-8")
    assert "acme/7" in cli("models", "--library", tmp_path / "lib").out
    assert "acme/7" not in cli("models").out
    monkeypatch.setenv("BOARDPOLICY_LIBRARY", str(tmp_path / "lib"))
    assert "acme/7" in cli("show", "acme/7").out.split()[0]


# --- bad input: one line on stderr naming the file and the problem, exit 2 ----------------------

def bad_inputs(tmp_path):
    good = (VALLEY).read_text(encoding="utf-8")

    def file(name, text):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return {
        "missing file": ([tmp_path / "nope.yaml"], "nope.yaml: no such file"),
        "folder": ([tmp_path], "is a folder"),
        "malformed YAML": ([file("m.yaml", "model: [\n")], "m.yaml:2: malformed YAML"),
        "unknown model": ([file("u.yaml", good.replace("mtsba/5460", "mtsba/546"))],
                          "u.yaml:4: model: unknown model policy 'mtsba/546'; did you mean"),
        "unknown edition": ([file("e.yaml", good.replace("mtsba/5460", "mtsba/5460@1999"))],
                            "has no edition '1999'"),
        "unknown option": ([file("o.yaml", good.replace("- personal-email", "- personal-mail"))],
                           "unknown option id 'personal-mail'; did you mean 'personal-email'?"),
        "wrong type": ([file("t.yaml", good.replace("district: Example Valley School District",
                                                     "district: {a: 1}"))],
                       "t.yaml:5: district: must be text, not a mapping"),
        "impossible date": ([file("d.yaml", good.replace("9/12/2016", "9/31/2016"))],
                            "history.adopted: '9/31/2016' is not a real date"),
        "XML-forbidden character": ([file("x.yaml", good.replace(
            "district: Example Valley School District", 'district: "Example\\x0b Valley"'))],
            "contains the control character U+000B"),
        "binary garbage": ([file("g.yaml", bytes(range(256)) * 4)], "is a binary file"),
        "not UTF-8": ([file("l.yaml", "district: Caf\xe9".encode("latin-1"))],
                      "is not UTF-8 text"),
        "model not a file": (["mtsba/5460x"], "unknown model policy 'mtsba/5460x'"),
        "not a policy file": ([file("p.pdf", b"%PDF-1.4")], "is a damaged PDF"),
        "missing output folder": ([BUTTE, "-o", tmp_path / "no" / "x.docx"],
                                  "the folder"),
        "unknown output format": ([BUTTE, "-o", tmp_path / "x.pdf"],
                                  "cannot tell the format"),
    }


BAD_CASES = ["missing file", "folder", "malformed YAML", "unknown model", "unknown edition",
             "unknown option", "wrong type", "impossible date", "XML-forbidden character",
             "binary garbage", "not UTF-8", "model not a file", "not a policy file",
             "missing output folder", "unknown output format"]


def test_bad_cases_cover_every_row(tmp_path):
    assert sorted(bad_inputs(tmp_path)) == sorted(BAD_CASES)


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_gets_one_clear_line_and_exit_2(cli, tmp_path, case):
    args, expected = bad_inputs(tmp_path)[case]
    result = cli("render", *args)
    assert result.code == 2
    assert expected in result.err
    assert result.err.count("\n") == 1 and result.err.startswith("boardpolicy: ")
    assert "Traceback" not in result.err


@pytest.mark.parametrize("case", ["malformed YAML", "unknown option", "impossible date",
                                  "XML-forbidden character"])
def test_a_failed_render_leaves_the_existing_output_as_it_was(cli, tmp_path, case):
    args, _ = bad_inputs(tmp_path)[case]
    for ext in ("docx", "html"):
        out = tmp_path / f"existing.{ext}"
        out.write_bytes(b"the board's approved copy")
        assert cli("render", *args, "-o", out).code == 2
        assert out.read_bytes() == b"the board's approved copy"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".existing")) == []


def test_no_output_file_is_written_on_error(cli, tmp_path):
    args, _ = bad_inputs(tmp_path)["unknown option"]
    assert cli("render", *args, "-o", tmp_path / "new.docx").code == 2
    assert not (tmp_path / "new.docx").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_output(cli, tmp_path):
    out = tmp_path / "ro.html"
    out.write_text("old")
    out.chmod(0o444)
    result = cli("render", BUTTE, "-o", out)
    assert result.code == 2 and "read-only" in result.err


def test_an_unwritable_output_is_a_clear_error_and_leaves_no_temporary_file(cli, tmp_path,
                                                                           monkeypatch):
    """Root may write anywhere, so the refusal is simulated where the rename happens."""
    out = tmp_path / "x.html"
    out.write_text("old")

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = cli("render", BUTTE, "-o", out)
    assert result.code == 2
    assert result.err == f"boardpolicy: {out}: cannot write: Permission denied\n"
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


def test_usage_errors_exit_2(cli):
    assert cli("render").code == 2
    assert cli("frobnicate").code == 2
    assert cli("init", "mtsba/5460", "--forbid-all", "--forbid-none", "--district", "X"
               ).code == 2


def test_debug_shows_the_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "boardpolicy", "--debug", "render",
                           str(tmp_path / "nope.yaml")], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_hostile_file_renders(cli, tmp_path):
    assert cli("render", DATA / "hostile.yaml", "-o", tmp_path / "h.html").code == 0


# --- diff ---------------------------------------------------------------------------------------

BUTTE_TXT = SEEDS / "butte-5460-adopted-2018.txt"


def test_diff_against_the_model_in_every_format(cli, tmp_path):
    for fmt in ("terminal", "side-by-side", "unified", "html", "json"):
        result = cli("diff", "mtsba/5460", BUTTE_TXT, "--format", fmt)
        assert result.code == 0, result.err
        assert "website navigation" in result.out  # the reader's note, in every format
        assert "without granting" in result.out
    out = tmp_path / "redline.html"
    assert cli("diff", "mtsba/5460", BUTTE_TXT, "-f", "html", "-o", out).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_diff_exit_code(cli):
    same = cli("diff", BUTTE, BUTTE_TXT, "--exit-code")
    assert same.code == 0, same.out
    assert "0 modified, 0 inserted, 0 deleted, 0 moved" in same.out
    assert cli("diff", "mtsba/5460", BUTTE_TXT, "--exit-code").code == 1
    assert cli("diff", "mtsba/5460", BUTTE_TXT).code == 0


def test_diff_reads_standard_input(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BUTTE_TXT.read_bytes())))
    result = cli("diff", BUTTE, "-", "--exit-code")
    assert result.code == 0, result.out + result.err
    assert cli("diff", "-", "-").code == 2


def test_diff_json_reports_choices(cli):
    data = json.loads(cli("diff", "mtsba/5460", VALLEY,
                          "-f", "json").out)
    assert data["model"] == "mtsba/5460@current"
    assert len(data["summary"]["options_not_adopted"]) == 4
    raw = json.loads(cli("diff", "mtsba/5460", VALLEY,
                         "-f", "json", "--raw").out)
    assert raw["model"] is None and raw["summary"]["deleted"] > data["summary"]["deleted"]


@pytest.mark.parametrize("make, expected", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: _write(d / "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(300)), "binary"),
    (lambda d: _write(d / "empty.txt", b""), "is empty"),
    (lambda d: _write(d / "a.docx", b"PK\x03\x04 broken"), "damaged Word document"),
    (lambda d: "mtsba/9999", "unknown model policy"),
])
def test_diff_bad_inputs(cli, tmp_path, make, expected):
    result = cli("diff", "mtsba/5460", make(tmp_path))
    assert result.code == 2
    assert expected in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_diff_size_limit(cli, tmp_path):
    big = _write(tmp_path / "big.txt", b"Staff shall not post. " * 100_000)
    result = cli("diff", "mtsba/5460", big, "--max-size", "1000000")
    assert result.code == 2 and "the limit is 1,000,000" in result.err


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_side_by_side_piped_is_100_columns_or_the_width_columns_says(cli, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = cli("diff", "mtsba/5460", BUTTE, "-f", "side-by-side")
    assert piped.code == 0, piped.err
    assert max(len(line) for line in piped.out.splitlines()) == 100
    monkeypatch.setenv("COLUMNS", "72")
    narrow = cli("diff", "mtsba/5460", BUTTE, "-f", "side-by-side")
    assert max(len(line) for line in narrow.out.splitlines()) == 72


def test_counts_say_one_edit_one_policy_and_no_conflict_s(cli, tmp_path):
    from boardpolicy.prose import count

    district = tmp_path / "policies" / "5460.yaml"
    district.parent.mkdir()
    assert cli("init", "mtsba/5460", "-o", district, "--district", "Lone Pine School District",
               "--forbid", "phone-numbers").code == 0
    text = district.read_text(encoding="utf-8").replace(
        "edits: []", "edits:\n  - drop: educational-presence")
    district.write_text(text, encoding="utf-8")
    checked = cli("validate", district)
    assert "1 of 7 options chosen; 1 local edit)" in checked.out, checked.out
    built = cli("build", district.parent, "-o", tmp_path / "site")
    assert built.code == 0, built.err
    assert ": 1 policy, " in built.out
    assert count(1, "conflict") == "1 conflict" and count(4, "conflict") == "4 conflicts"
    assert count(2, "policy", "policies") == "2 policies"


def test_history_dates_are_separated_by_semicolons_and_read_back(cli, tmp_path):
    from boardpolicy.dates import split_dates

    district = tmp_path / "d.yaml"
    assert cli("init", "mtsba/5460", "-o", district, "--district", "Lone Pine School District",
               "--forbid", "phone-numbers").code == 0
    text = district.read_text(encoding="utf-8").replace(
        "  revised:\n", '  revised: ["October 9, 2024", 2/10/2025]\n')
    district.write_text(text, encoding="utf-8")
    rendered = cli("render", district)
    assert "Revised on: October 9, 2024; 2/10/2025" in rendered.out, rendered.out
    assert split_dates("October 9, 2024; 2/10/2025") == ["October 9, 2024", "2/10/2025"]
    assert split_dates("3/11/2019, October 9, 2024") == ["3/11/2019", "October 9, 2024"]


def test_usage_shows_what_repeats_and_examples_name_files_that_exist(cli):
    for name in ("validate", "compare", "upgrade"):  # upgrade: one file, or a release
        assert f"Usage: boardpolicy {name} [OPTIONS] FILE...\n" in cli(name, "--help").out
    for name in COMMANDS:
        example = cli(name, "--help").out.split("Example: ")[1].split("\n")[0]
        for word in example.split():
            if word.startswith(("examples/", "docs/")) and "*" not in word:
                assert (ROOT / word).exists(), f"{name} --help names {word}"


@pytest.mark.parametrize(("words", "offered"), [
    ("boardpolicy init mt", ["mtsba/5460", "mtsba/5460@2012", "mtsba/5460@current"]),
    ("boardpolicy compare -m mtsba/5460@2", ["mtsba/5460@2012"]),
    ("boardpolicy init mtsba/5460 --choose p",
     ["personal-email", "personal-websites", "phone-numbers"]),
    ("boardpolicy init mtsba/5460 --forbid phone-numbers --forbid pe",
     ["personal-email", "personal-websites"]),
])
def test_completion_offers_model_references_and_option_ids(cli, monkeypatch, words, offered):
    monkeypatch.setenv("_BOARDPOLICY_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - 1))
    assert cli().out.split() == offered
