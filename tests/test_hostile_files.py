"""Hostile input, third round (issue 22): files, YAML, the library, build, writes and
messages. Each test here is a row of docs/bad-input.md ("Files, YAML, library, build and
messages (third round)")."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from .conftest import ROOT, VALLEY
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


def library_copy(tmp_path, **files: str):
    """A library folder holding the bundled MTSBA 5460 files, plus `files` (name -> text)."""
    folder = tmp_path / "lib" / "mtsba"
    folder.mkdir(parents=True)
    for source in (ROOT / "model_policies" / "mtsba").glob("*.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "lib"


def test_a_model_reference_cannot_leave_the_library(cli, tmp_path):
    secret = write(tmp_path / "secret.yaml", (ROOT / "model_policies" / "mtsba" /
                                              "5460.yaml").read_text(encoding="utf-8"))
    (tmp_path / "lib").mkdir()
    path = write(tmp_path / "lib" / "d.yaml", GOOD.replace("model: mtsba/5460",
                                                           "model: ../secret"))
    for ref in ("../secret", "mtsba/..", "./secret"):
        result = cli("validate", "--library", tmp_path / "lib", path)
        assert result.code == 2 and "is not a model reference" in result.err, result.err
        path.write_text(GOOD.replace("model: mtsba/5460", f"model: {ref}"), encoding="utf-8")
    assert secret.exists()


def test_two_models_of_one_reference_or_two_defaults_are_refused(cli, tmp_path):
    model = (ROOT / "model_policies" / "mtsba" / "5460.yaml").read_text(encoding="utf-8")
    twin = library_copy(tmp_path / "a", **{"5460@current.yaml": model})
    one_line(cli("render", "--library", twin, "mtsba/5460"), "claims the model "
                                                             "mtsba/5460@current")
    named_otherwise = library_copy(tmp_path / "c", **{"copy.yaml": model})
    one_line(cli("models", "--library", named_otherwise), "claims the model "
                                                          "mtsba/5460@current")
    old = (ROOT / "model_policies" / "mtsba" / "5460@2012.yaml").read_text(encoding="utf-8")
    both = library_copy(tmp_path / "b", **{"5460@2012.yaml": old.replace(
        "default: false", "default: true")})
    one_line(cli("render", "--library", both, "mtsba/5460"), "only one edition of mtsba/5460 "
                                                             "can be the default")
    # a folder of the user's own may make another edition the default: the first folder wins
    own = tmp_path / "own" / "mtsba"
    own.mkdir(parents=True)
    (own / "5460@2012.yaml").write_text(old.replace("default: false", "default: true"),
                                        encoding="utf-8")
    result = cli("show", "--library", tmp_path / "own", "mtsba/5460")
    assert result.code == 0 and "2012" in result.out, result.err


def test_option_ids_in_the_compare_csv_header_cannot_be_formulas(tmp_path):
    from boardpolicy.compare import Matrix
    from boardpolicy.outputs.compare.csv import render_csv

    header = render_csv(Matrix("x/1", ["=HYPERLINK(1)", "+cmd", "ok"], [], {}, None)
                        ).splitlines()[0]
    assert "'=HYPERLINK(1)" in header and "'+cmd" in header and ",ok," in header


def test_a_word_diff_past_its_work_bound_is_coarser_correct_and_says_so(tmp_path):
    """Two 72 KB paragraphs of the same 12,000 words shuffled ran past 180 s; they are now
    compared sentence by sentence (or whole), with a note, and the spans still rebuild both
    texts exactly."""
    import random

    from boardpolicy.diff.result import Side
    from boardpolicy.diff.words import Encoder, rebuild, word_spans

    rng = random.Random(7)
    words = [f"word{i}" + ("." if i % 9 == 8 else "") for i in range(12_000)]
    old = " ".join(words)
    rng.shuffle(words)
    new = " ".join(words)
    encoder = Encoder()
    spans = word_spans(old, new, encoder=encoder)
    assert encoder.coarse == 1
    assert rebuild(spans, Side.OLD) == old and rebuild(spans, Side.NEW) == new
    (tmp_path / "a.txt").write_text(f"Title\n\n{old}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Title\n\n{new}\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "boardpolicy", "diff", "a.txt", "b.txt",
                             "-f", "json"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT / "cli")})
    assert time.perf_counter() - start < 20
    assert result.returncode == 0, result.stderr
    assert "too unlike to compare word by word" in result.stderr


def test_a_district_name_of_megabytes_is_refused_before_composing(cli, tmp_path):
    """A model saying {district} 1,000 times and a 1.5 MB name composed 4.3 GB."""
    model = (ROOT / "model_policies" / "mtsba" / "5460.yaml").read_text(encoding="utf-8")
    lib = library_copy(tmp_path, **{"5460.yaml": model.replace(
        "The {district} recognizes", "The {district} recognizes " + "{district} " * 1000)})
    path = write(tmp_path / "d.yaml", GOOD.replace("Example Valley School District",
                                                   "V" * 1_500_000))
    start = time.perf_counter()
    one_line(cli("render", "--library", lib, path), "district: is 1,500,000 characters long; "
                                                    "a district's name is at most 200")
    assert time.perf_counter() - start < 5
