"""Models with more than one choice: init, the district file's comments, validate, render,
import and compare handle every choice, in the model's own words."""

from __future__ import annotations

import io
import json
import sys

from .conftest import DATA

LIBRARY = DATA / "two-choice"


def test_init_flags_reach_every_choice(cli, tmp_path):
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/200", "-o", out, "--district", "Lake SD", "--all",
                 "--library", LIBRARY)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "  forbidden:\n    - calls-in-class\n    - recording\n    - games\n" in text
    assert "  permitted:\n    - music-at-lunch\n    - research\n    - calling-home\n" in text
    assert "# Does the district permit this use? List the ids of the options chosen" in text
    assert cli("init", "demo/200", "-o", out, "--district", "Lake SD", "--force",
               "--choose", "recording", "--choose", "research", "--library", LIBRARY).code == 0
    text = out.read_text(encoding="utf-8")
    assert "  forbidden:\n    - recording\n" in text and "  permitted:\n    - research\n" in text
    assert cli("validate", out, "--library", LIBRARY).code == 0
    rendered = cli("render", out, "--library", LIBRARY).out
    forbidden, permitted = rendered.split("are forbidden:")[1].split("are permitted:")
    assert "Recording other students" in forbidden and "Making calls" not in forbidden
    assert "Looking up information" in permitted and "Calling home" not in permitted


def test_init_leaves_every_choice_open_and_says_where(cli, tmp_path):
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/200", "-o", out, "--district", "Lake SD", "--library", LIBRARY)
    assert result.code == 0
    assert "'choices: forbidden:', 'choices: permitted:'" in result.err
    refused = cli("render", out, "--library", LIBRARY)
    assert refused.code == 2 and "no choice made" in refused.err


def test_interactive_questions_in_the_models_words_filed_under_each_choice(cli, tmp_path,
                                                                          monkeypatch):
    answers = "Lake SD\n" + "y\nn\nn\n" + "n\ny\ny\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/200", "-o", out, "--interactive", "--library", LIBRARY)
    assert result.code == 0, result.err
    assert result.err.count("Does the district forbid this use?") == 3
    assert result.err.count("Does the district permit this use?") == 3
    text = out.read_text(encoding="utf-8")
    assert "  forbidden:\n    - calls-in-class\n" in text
    assert "  permitted:\n    - research\n    - calling-home\n" in text


def test_import_reads_both_lists_as_choices_and_reproduces_kinds(cli, tmp_path):
    district = tmp_path / "d.yaml"
    assert cli("init", "demo/200", "-o", district, "--district", "Lake School District",
               "--choose", "games", "--choose", "recording", "--choose", "music-at-lunch",
               "--library", LIBRARY).code == 0
    text = tmp_path / "adopted.txt"
    text.write_text(cli("render", district, "--library", LIBRARY).out, encoding="utf-8")
    result = cli("import", text, "--model", "demo/200", "-f", "json", "--library", LIBRARY)
    assert result.code == 0, result.err
    report = json.loads(result.err)
    assert report["choices"] == {"forbidden": ["recording", "games"],
                                 "permitted": ["music-at-lunch"]}
    assert report["reproduced"] and not report["edits"] and not report["unplaced"]


def test_compare_names_the_choices_words(cli, tmp_path):
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    for path, option in ((one, "games"), (two, "research")):
        assert cli("init", "demo/200", "-o", path, "--district", f"{path.stem} SD",
                   "--choose", option, "--library", LIBRARY).code == 0
    table = cli("compare", "-m", "demo/200", one, two, "--library", LIBRARY)
    assert table.code == 0 and "demo/200: options chosen" in table.out
    data = json.loads(cli("compare", "-m", "demo/200", one, two, "-f", "json",
                          "--library", LIBRARY).out)
    assert data["documents"][1]["choices"] == {"forbidden": [], "permitted": ["research"]}
    assert data["default_edition"] == "current" and data["documents"][0]["default_edition"]


def test_two_editions_side_by_side(cli):
    """An edition against another: the new edition's words, block by block; options are new
    bullets of the model, not a district's choices."""
    result = cli("diff", "mtsba/5460@2012", "mtsba/5460")
    assert result.code == 0
    assert "\n13 changes\n" in result.out and "by the district" not in result.out
    assert "Adds a bullet: “Text messaging students for non-educational purposes;”" in result.out
    assert "is now forbidden" not in result.out
    assert "replaces “cites” with “sites”" in result.out


def test_compare_flags_districts_not_on_the_default_edition(cli):
    from .conftest import EXAMPLES, SEEDS

    result = cli("compare", "-m", "mtsba/5460", EXAMPLES / "butte" / "5460.yaml",
                 SEEDS / "cut-bank-5460-adopted-2012.txt")
    assert result.code == 0
    assert " 2012* " in result.out
    assert "* not on the model's default edition (current)" in result.out
