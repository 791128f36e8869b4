"""Mistakes in the user's `--templates` (issue 22): each is one line naming the template and
its line, never "internal error"."""

from __future__ import annotations

import time

import pytest

from .conftest import BUTTE

# name -> (files of the templates folder, the template named, its line, words of the message);
# of two templates including each other, the one named is whichever the stack ran out in
MISTAKES: dict[str, tuple[dict[str, bytes], str, int, str]] = {
    "syntax error": ({"policy.txt.j2": b"one\n{{ doc.title }}\n{% if %}\n"},
                     "policy.txt.j2", 3, "template syntax error: Expected an expression"),
    "undefined variable": ({"policy.txt.j2": b"one\ntwo\n{{ nosuch.thing }}\n"},
                           "policy.txt.j2", 3, "undefined: 'nosuch' is undefined"),
    "undefined attribute": ({"policy.txt.j2": b"{{ doc.nosuch.x }}\n"},
                            "policy.txt.j2", 1, "has no attribute 'nosuch'"),
    "includes itself": ({"policy.txt.j2": b'a\n{% include "policy.txt.j2" %}\n'},
                        "policy.txt.j2", 2, "includes itself"),
    "two include each other": ({"policy.txt.j2": b'a\n{% include "b.j2" %}\n',
                                "b.j2": b'b\n\n{% include "policy.txt.j2" %}\n'},
                               "b.j2:3|policy.txt.j2", 2,
                               "includes itself, directly or through other"),
    "../.. path": ({"policy.txt.j2": b'a\n\n{% include "../../etc/passwd" %}\n'},
                   "policy.txt.j2", 3, "includes '../../etc/passwd', which is neither"),
    "not UTF-8": ({"policy.txt.j2": b"a\nb\ncaf\xe9 {{ doc.title }}\n"},
                  "policy.txt.j2", 3, "is not UTF-8 text (bad byte 0xE9)"),
    "an included template not UTF-8": ({"policy.txt.j2": b'{% include "p.j2" %}\n',
                                        "p.j2": b"\xff\n"}, "p.j2", 1, "is not UTF-8"),
    "an expression that raises": ({"policy.txt.j2": b"a\n{{ 1 // 0 }}\n"}, "policy.txt.j2", 2,
                                  "an expression raised ZeroDivisionError"),
    "a syntax error in an included template": (
        {"policy.txt.j2": b'a\n{% include "part.j2" %}\n', "part.j2": b"x\ny\n{{ doc.title ) }}\n"},
        "part.j2", 3, "template syntax error: unexpected ')'"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_every_template_mistake_is_one_line_naming_the_template_and_its_line(cli, tmp_path,
                                                                              case):
    files, name, line, words = MISTAKES[case]
    folder = tmp_path / "mine"
    folder.mkdir()
    for file, data in files.items():
        (folder / file).write_bytes(data)
    started = time.monotonic()
    result = cli("--templates", folder, "render", BUTTE, "-f", "txt")
    assert time.monotonic() - started < 10
    assert result.code == 2, result.out
    assert result.err.count("\n") == 1, result.err
    named = [f"{n}:{line}" if ":" not in n else n for n in name.split("|")]
    assert any(result.err.startswith(f"boardpolicy: {folder / n}: ") for n in named), result.err
    assert words in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_mistake_in_a_users_html_template_of_another_output_is_named_too(cli, tmp_path):
    """Every output that templates goes through the same environment: the redline here."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "redline.html.j2").write_text("<p>\n{{ no_such_name }}\n", encoding="utf-8")
    result = cli("--templates", folder, "diff", "mtsba/5460", BUTTE, "-f", "html",
                 "-o", tmp_path / "r.html")
    assert result.code == 2, result.err
    assert result.err == (f"boardpolicy: {folder / 'redline.html.j2'}:2: undefined: "
                          "'no_such_name' is undefined\n")
    assert not (tmp_path / "r.html").exists()


def test_a_good_template_of_the_users_still_renders(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "policy.txt.j2").write_text('{% include "part.j2" %}|{{ doc.title }}\n',
                                          encoding="utf-8")
    (folder / "part.j2").write_text("PART", encoding="utf-8")
    result = cli("--templates", folder, "render", BUTTE, "-f", "txt")
    assert result.out == "PART|Electronic Resources and Social Networking\n"
