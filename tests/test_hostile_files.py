"""Hostile input, third round (issue 22): files, YAML, the library, build, writes and
messages. Each test here is a row of docs/bad-input.md ("Files, YAML, library, build and
messages (third round)")."""

from __future__ import annotations

import pytest

from .conftest import VALLEY
from .test_hostile import one_line, write

GOOD = VALLEY.read_text(encoding="utf-8")


def test_yaml_scalars_are_read_as_the_text_written(cli, tmp_path):
    """`code: 0131` is "0131" (not octal 89), 3210.10 keeps its zero, 0x10 and 1e3 stay as
    written, and `district: NO` is the name NO (not YAML 1.1's false)."""
    text = GOOD.replace("district: Example Valley School District", "district: NO")
    text = text.replace('code: "5015"', "code: 0131").replace('code: "5450"', "code: 3210.10")
    text = text.replace("title: Bullying/Harassment/Intimidation", "title: 0x10")
    text = text.replace("title: Employee Electronic Mail and Online Services Usage",
                        "title: 1e3")
    path = write(tmp_path / "d.yaml", text)
    result = cli("render", path, "-f", "txt")
    assert result.code == 0, result.err
    for written in ("0131", "3210.10", "0x10", "1e3", "NO"):
        assert written in result.out, written
    references = result.out[result.out.index("Cross Reference"):result.out.index("History")]
    for changed in ("89", "3210.1 ", "16", "1000.0"):
        assert changed not in references.replace("3210.10", ""), changed


def added(*edits: tuple[str, str, str]) -> str:
    """The example file with its edits replaced by added paragraphs (action, target, id)."""
    lines = ["edits:"]
    for action, target, name in edits:
        lines += [f"  - {action}: {target}", f"    id: {name}", f"    text: Added {name}."]
    head, tail = GOOD.split("edits:")
    return head + "\n".join(lines) + "\ncross_references:" + tail.split("cross_references:")[1]


@pytest.mark.parametrize("edits, expected", [
    ((("add_after", "b", "a"), ("add_after", "a", "b")), "in a circle (a → b → a)"),
    ((("add_after", "a", "a"),), "in a circle (a → a)"),
    ((("add_before", "socializing", "socializing"),), "is already the id of a block"),
    ((("add_after", "socializing", "x"), ("add_before", "socializing", "x")),
     "is the id of another added paragraph"),
], ids=["two after each other", "after itself", "a model block's id", "two of one id"])
def test_added_paragraphs_that_would_vanish_or_print_twice_are_refused(cli, tmp_path, edits,
                                                                      expected):
    path = write(tmp_path / "d.yaml", added(*edits))
    result = cli("validate", path)
    assert result.code == 2 and expected in result.err, result.err
    assert "Traceback" not in result.err and "ok" not in result.out
    one_line(cli("render", path), expected)
