"""What people expect of a command line: every README example works, every mistake is
reported, help reads well, narrow terminals, completion, NO_COLOR, and - for standard input."""

from __future__ import annotations

import glob
import io
import re
import shlex
import shutil
import sys

import pytest

from boardpolicy.cli import app
from boardpolicy.outputs import Context
from boardpolicy.outputs.compare import CompareFormat, render_compare

from .conftest import BUTTE, EXAMPLES, ROOT, SEEDS, VALLEY, format_diff

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_blocks() -> list[list[tuple[str, bool]]]:
    """The `boardpolicy` commands of each of the README's code blocks, in order, and whether
    the README shows each failing (a "boardpolicy:" line right after it)."""
    out = []
    blocks = re.split(r"^```.*$", README, flags=re.MULTILINE)[1::2]  # inside the fences
    for block in blocks:
        lines = block.replace("\\\n", " ").splitlines()
        commands = []
        for k, line in enumerate(lines):
            command = line.removeprefix("$ ").split("  #")[0].strip()
            if not command.startswith("boardpolicy "):
                continue
            following = []
            for after in lines[k + 1:]:
                if after.startswith(("$ ", "boardpolicy ")):
                    break
                following.append(after)
            commands.append((command, any(f.startswith("boardpolicy:") for f in following)))
        if commands:
            out.append(commands)
    return out


BLOCKS = readme_blocks()
COMMANDS = [command for block in BLOCKS for command in block]


def test_the_readme_shows_every_command():
    shown = {shlex.split(c)[1] for c, _ in COMMANDS}
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert names - shown == set()


def block_id(block: list[tuple[str, bool]]) -> str:
    return block[0][0] + (f" (then {len(block) - 1} more)" if len(block) > 1 else "")


@pytest.mark.parametrize("block", BLOCKS, ids=[block_id(b) for b in BLOCKS])
def test_every_readme_command_works(block, cli, tmp_path, monkeypatch):
    """Run as a reader would, one code block's commands after another in the same folder
    (a later line meets the files an earlier one wrote), in a copy of the repository's
    examples and docs."""
    for folder in ("examples", "docs", "tests/data/release"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    for command, fails in block:
        run_readme_command(cli, tmp_path, monkeypatch, command, fails)


def run_readme_command(cli, tmp_path, monkeypatch, command, fails):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Glacier School District\n" + "y\n" * 20))
    args = []
    for word in shlex.split(command)[1:]:
        args += sorted(glob.glob(word)) if "*" in word else [word]
    if "district.yaml" in args and args[0] != "init" \
            and not (tmp_path / "district.yaml").exists():
        assert cli("init", "mtsba/5460", "-o", "district.yaml", "--district", "Glacier SD",
                   "--forbid-all").code == 0
    if any(re.match(r"v\d:docs/policies", a) for a in args) and not (tmp_path / ".git").exists():
        from .manual_history import make_history  # the manual's git history

        make_history(tmp_path)
    result = cli(*args)
    assert "internal error" not in result.err, command
    if fails:
        assert result.code == 2 and result.err.startswith("boardpolicy: "), (command, result.err)
    else:
        assert result.code in (0, 1), (command, result.err)  # 1: differences, conflicts, findings
        if "--exit-code" not in args and "--check" not in args and \
                args[0] not in ("upgrade", "check"):
            assert result.code == 0, (command, result.err)


def test_build_on_the_bundled_examples_makes_one_manual_per_district(cli, tmp_path):
    site = tmp_path / "site"
    result = cli("build", EXAMPLES, "-o", site)
    assert result.code == 0, result.err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.*")) == [
        ".boardpolicy-site", *(f"{district}-school-district/{name}"
                               for district in ("butte", "cut-bank", "example-valley")
                               for name in ("5460.docx", "5460.html", "index.html",
                                            "search-index.js", "search.js")),
        "index.html"]
    front = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="butte-school-district/index.html">Butte School District</a>' in front
    page = (site / "butte-school-district" / "5460.html").read_text(encoding="utf-8")
    assert '<a href="index.html">Table of contents</a>' in page  # back to the manual
    manual = (site / "butte-school-district" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../index.html">All policy manuals</a>' in manual
    assert cli("build", EXAMPLES, "-o", site, "--check").code == 0
    (site / "butte-school-district" / "5460.html").write_text("stale", encoding="utf-8")
    stale = cli("build", EXAMPLES, "-o", site, "--check")
    assert stale.code == 1 and "butte-school-district/5460.html: out of date" in stale.out


# --- every mistake, and YAML's comma trap ------------------------------------------------------

def test_validate_reports_every_mistake_in_a_file(cli):
    result = cli("validate", ROOT / "docs" / "examples" / "typo.yaml")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(":7: choices.forbidden[1]: unknown option id 'text-mesaging'; "
                             "did you mean 'text-messaging'?")
    assert lines[1].endswith(":9: history.adopted: '2/30/2024' is not a real date")


def test_other_commands_name_the_first_mistake_and_count_the_rest(cli):
    result = cli("render", ROOT / "docs" / "examples" / "typo.yaml")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "(and 1 more mistake)" in result.err and "boardpolicy validate" in result.err


def test_many_mistakes_each_with_its_line(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: mtsba/5460\ndistrict: X School District\ncolour: red\n"
                   "choices:\n  forbidden: [phone-numberz, text-messaging, texting]\n"
                   "edits:\n  - drop: nowhere\n  - replace: purpose\n"
                   "history:\n  adopted: 13/1/2020\n", encoding="utf-8")
    lines = cli("validate", bad).err.splitlines()
    assert sorted(int(re.search(r":(\d+): ", line)[1]) for line in lines) == \
        [3, 5, 5, 7, 8, 10]
    text = "\n".join(lines)
    for said in ("unknown field 'colour'", "'phone-numberz'", "'texting'", "'nowhere'",
                 "edits[1].text: is required", "'13/1/2020'"):
        assert said in text, said


def test_the_flow_comma_trap_gets_a_hint(cli, tmp_path):
    dates = tmp_path / "dates.yaml"
    dates.write_text("model: mtsba/5460\ndistrict: X School District\n"
                     "choices: {forbidden: []}\n"
                     "history:\n  revised: [March 14, 2022, 10/9/2024]\n", encoding="utf-8")
    result = cli("validate", dates)
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert "quote a date that holds one, e.g. ['March 14, 2022']" in result.err
    refs = tmp_path / "refs.yaml"
    refs.write_text("model: mtsba/5460\ndistrict: X School District\n"
                    "choices: {forbidden: []}\n"
                    "cross_references:\n  - {code: '5015', title: Staff, Students}\n",
                    encoding="utf-8")
    result = cli("validate", refs)
    assert result.code == 2 and ":5: cross_references[0].Students: unknown field" in result.err
    assert "a comma separates fields: quote a value that holds one" in result.err


def test_the_format_documents_own_examples_validate(cli, tmp_path):
    text = (ROOT / "docs" / "district-format.md").read_text(encoding="utf-8")
    history = re.search(r"```yaml\n(history:.*?)```", text, re.DOTALL)[1]
    path = tmp_path / "d.yaml"
    path.write_text("model: mtsba/5460\ndistrict: X School District\n"
                    "choices: {forbidden: []}\n" + history, encoding="utf-8")
    assert cli("validate", path).code == 0
    assert "October 9, 2023" in cli("render", path).out


# --- help, formats, completion -----------------------------------------------------------------

@pytest.mark.parametrize("command", [c.name or c.callback.__name__
                                     for c in app.registered_commands])
def test_help_has_readable_placeholders(cli, command):
    command = command.rstrip("_")
    result = cli(command, "--help")
    assert result.code == 0 and "Example: boardpolicy" in result.out
    for ugly in ("<list[", "<int range>", "<str>", "<path>", "<int>", "...}...", "<Path"):
        assert ugly not in result.out, (command, ugly)


@pytest.mark.parametrize("args", [["render", str(BUTTE), "-f", "pdf"],
                                  ["diff", "mtsba/5460", str(BUTTE), "-f", "word"],
                                  ["compare", "-m", "mtsba/5460", str(BUTTE), "-f", "xlsx"],
                                  ["import", str(BUTTE), "-m", "mtsba/5460", "-f", "yaml"]])
def test_an_unknown_format_is_one_plain_line(cli, args):
    result = cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Value error" not in result.err
    assert re.match(r"boardpolicy: --format: '\w+' is not one of [\w, -]+\n$", result.err)


def test_shell_completion_is_offered(cli):
    assert "--install-completion" in cli("--help").out
    result = cli("--show-completion", "bash")
    assert result.code == 0 and "complete" in result.out and "boardpolicy" in result.out


def test_version(cli):
    from boardpolicy import __version__

    assert cli("--version").out == f"boardpolicy {__version__}\n"


# --- terminals ---------------------------------------------------------------------------------

def test_no_color_on_a_terminal(cli, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = cli("diff", "mtsba/5460", BUTTE).out
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = cli("diff", "mtsba/5460", BUTTE).out
    assert "\x1b[" not in plain and "{+" in plain


def test_compare_on_80_columns_shows_every_name_and_option_whole(library):
    from boardpolicy.compare import compare

    cut_bank = SEEDS / "cut-bank-5460-adopted-2012.txt"
    matrix = compare([str(BUTTE), str(VALLEY), str(cut_bank)], library, "mtsba/5460", jobs=1)
    for width in (80, 60):
        text = render_compare(matrix, CompareFormat.TABLE, Context(width=width))
        assert max(len(line) for line in text.splitlines()) <= width
        for name in ("Butte School District", "Example Valley School District",
                     "Cut Bank School District", *matrix.columns):
            assert name in text, (width, name)
    wide = render_compare(matrix, CompareFormat.TABLE, Context(width=400))
    assert wide.splitlines()[1].split()[:3] == ["district", "edition", "similarity"]


def test_side_by_side_stays_aligned_at_60_columns(library):
    from boardpolicy import compose_model
    from boardpolicy.diff import diff_documents
    from boardpolicy.outputs.diff import DiffFormat
    from boardpolicy.readers import read_document

    model = library.get("mtsba/5460")
    new = read_document(SEEDS / "butte-5460-adopted-2018.txt")
    diff = diff_documents(compose_model(model, district=new.district), new, old_model=model)
    text = format_diff(diff, DiffFormat.SIDE_BY_SIDE, width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    # a reworded paragraph: its old and new words start on the same line
    starts = [k for k, line in enumerate(lines) if line.count("Public school employees") == 2]
    assert starts, "the reworded paragraph's two sides do not start together"


# --- standard input ----------------------------------------------------------------------------

def test_standard_input_for_render_and_validate(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BUTTE.read_bytes())))
    assert cli("validate", "-").out.startswith("-: ok (mtsba/5460@current")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BUTTE.read_bytes())))
    assert cli("render", "-").out == cli("render", BUTTE).out
    text = (SEEDS / "cut-bank-5460-adopted-2012.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    rendered = cli("render", "-", "-f", "md")
    assert rendered.code == 0 and "Cut Bank" in rendered.out


# --- usage errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("args,said", [
    (["packet", "mtsba/5460", str(BUTTE)], "Missing option '--output' / '-o'"),
    (["diff"], "Missing argument 'OLD'"),
    (["diff", "a", "b", "--frob"], "No such option: --frob"),
    (["diff", "a", "b", "-U", "-1"], "Invalid value for '--context'"),
])
def test_usage_errors_are_one_line_too(cli, args, said):
    result = cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and said in result.err
    assert result.err.startswith("boardpolicy: ") and "--help`)" in result.err


def test_no_arguments_shows_the_help(cli):
    result = cli()
    assert result.code == 0 and result.out.startswith("Usage: boardpolicy")


# --- tracked changes in an input ---------------------------------------------------------------

def test_what_a_word_redline_proposes(cli, tmp_path):
    """A redline's tracked changes rejected is the old text, accepted the new: diffing the
    file against itself with --old-changes reject shows what it proposes."""
    redline = tmp_path / "redline.docx"
    assert cli("diff", "mtsba/5460", BUTTE, "-f", "docx", "-o", redline).code == 0
    before = cli("render", redline, "--changes", "reject", "-f", "txt").out
    after = cli("render", redline, "-f", "txt").out
    assert "without granting" in before and "that grant" not in before
    assert "that grant" in after and "without granting" not in after
    proposed = cli("diff", redline, redline, "--old-changes", "reject", "-f", "json")
    data = __import__("json").loads(proposed.out)
    assert data["summary"]["modified"] >= 5 and any(
        "tracked change" in w and "rejected" in w for w in data["warnings"])
    assert cli("diff", redline, redline, "--exit-code").code == 0  # both sides accepted
    wrong = cli("diff", redline, redline, "--changes", "maybe")
    assert wrong.code == 2 and "--changes: 'maybe' is not one of accept, reject" in wrong.err


def test_a_misspelt_field_is_one_mistake_and_mistakes_come_in_line_order(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: mtsba/5460\ndistrct: X School District\nchoices:\n"
                   "  forbidden: [phone-numbrs]\nhistory:\n  adopted: 2/30/2020\n",
                   encoding="utf-8")
    lines = cli("validate", bad).err.splitlines()
    assert [int(re.search(r":(\d+): ", line)[1]) for line in lines] == [2, 4, 6]
    assert "did you mean 'district'?" in lines[0]
    assert not any("is required" in line for line in lines)  # the misspelling says it all
