"""`upgrade` merges blanks, alternatives and optional text three ways (issue 24, item 2).

tests/data/release holds a made-up association's release (library/prairie: each policy in
its old and its new edition) and two districts' manuals on the old editions.
"""

from __future__ import annotations

import pytest
import yaml

from boardpolicy import Library
from boardpolicy.decisions import Keep
from boardpolicy.district import EditAction, load_district, parse_district
from boardpolicy.upgrade import Clash, Merged, merge, upgrade_file
from boardpolicy.yamlfile import load_yaml

from .conftest import DATA

RELEASE = DATA / "release"


@pytest.fixture(scope="module")
def prairie() -> Library:
    return Library([RELEASE / "library"])


def merged(prairie: Library, path: str):
    district, old = load_district(RELEASE / path, prairie, require_choices=False)
    return merge(district, old, prairie.get(old.name))


def whats(result) -> dict[str, set[Merged]]:
    out: dict[str, set[Merged]] = {}
    for step in result.steps:
        out.setdefault(step.block, set()).add(step.what)
    return out


def test_a_blank_the_district_filled_keeps_its_value(prairie):
    result = merged(prairie, "pine-ridge/3510.yaml")
    assert dict(result.district.blanks) == {"request-days": "seven (7)"}
    assert not result.conflicts


def test_a_wording_the_new_edition_removed_is_a_conflict_holding_the_districts_words(prairie):
    result = merged(prairie, "cedar-valley/3510.yaml")
    (conflict,) = result.conflicts
    assert conflict.block == "fees-verb" and conflict.clash is Clash.WORDING_REMOVED
    assert conflict.district == ("The Board may charge a fee that covers the cost of heat, "
                                 "light and cleaning.")
    assert conflict.edit is not None and conflict.edit.action is EditAction.REPLACE
    assert conflict.edit.target == "fees" and conflict.edit in result.district.edits
    assert "fees-verb" not in dict(result.district.alternatives)  # no longer a wording
    assert dict(result.district.blanks) == {"request-days": "fourteen (14)"}


def test_a_new_blank_with_no_recommended_value_is_to_decide_and_a_new_optional_takes_its(prairie):
    result = merged(prairie, "cedar-valley/5130.yaml")
    assert result.undecided == ("absence-days",)
    new = {s.block: s for s in result.steps if s.what is Merged.DECISION_NEW}
    assert new["absence-days"].new_text == ""
    assert new["excused-note"].new_text.startswith("A doctor's note")


def test_the_written_file_says_the_conflict_at_its_lines_and_the_blank_to_decide(prairie, cli,
                                                                                 tmp_path):
    out = tmp_path / "3510.yaml"
    assert cli("upgrade", RELEASE / "cedar-valley/3510.yaml", "-L", RELEASE / "library",
               "-o", out).code == 1
    text = out.read_text()
    data = yaml.safe_load(text)
    assert "choices" not in data  # the removed wording is gone, no empty section left
    lines = text.splitlines()
    (entry,) = data["conflicts"]
    first, last = (int(n) for n in entry["settle"].split("edit at lines ")[1].split(" ")[0]
                   .split("-"))
    assert lines[first - 1].strip() == "- replace: fees"
    assert "may charge a fee" in " ".join(lines[first - 1:last])
    attendance = upgrade_file(str(RELEASE / "cedar-valley/5130.yaml"), prairie)
    assert "absence-days:\n" in attendance.text
    # the clerk fills the blank: the file validates
    filled = attendance.text.replace("absence-days:\n", "absence-days: ten (10)\n")
    district, _ = parse_district(load_yaml("x.yaml", text=filled, what="district"), prairie)
    assert dict(district.blanks) == {"absence-days": "ten (10)"}


def test_an_explicit_optional_decision_and_a_wording_the_edition_keeps_are_kept(prairie,
                                                                                 tmp_path):
    path = tmp_path / "3510.yaml"
    path.write_text("model: prairie/3510@2023\ndistrict: Elm Schools\n"
                    "choices:\n  fees-verb: fees-shall\n")
    result = upgrade_file(str(path), prairie)
    assert result.merge is not None and not result.merge.conflicts
    assert dict(result.merge.district.alternatives) == {"fees-verb": "fees-shall"}
    assert "fees-verb: fees-shall" in result.text
    path.write_text("model: prairie/5130@2022\ndistrict: Elm Schools\n")
    result = upgrade_file(str(path), prairie)
    assert result.merge is not None
    assert Keep.KEEP not in dict(result.merge.district.optional).values()  # the model's
