"""`upgrade`: a district moved to a new model edition by a three-way merge.

tests/data/upgrade/demo holds a made-up model in two editions, each block built for one merge
rule; tests/data/upgrade/district.yaml edits edition 1 once per rule.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy import Library
from boardpolicy.composition import compose
from boardpolicy.district import (
    DistrictPolicy,
    Edit,
    EditAction,
    OwnBullet,
    load_district,
)
from boardpolicy.roundtrip import dump_district, rewrite
from boardpolicy.upgrade import Clash, Merged, Resolve, merge

from .conftest import DATA, EXAMPLES, ROOT

UPGRADE = DATA / "upgrade"
DISTRICT = UPGRADE / "district.yaml"


@pytest.fixture(scope="module")
def demo() -> Library:
    return Library([UPGRADE])


@pytest.fixture(scope="module")
def merged(demo):
    district, old = load_district(DISTRICT, demo)
    return merge(district, old, demo.get("demo/100@2"))


def steps(result, what: Merged) -> set[str]:
    return {s.block for s in result.steps if s.what is what}


def edit_for(result, target: str) -> list[Edit]:
    return [e for e in result.district.edits if e.target == target]


# --- each merge rule, on the fixture editions --------------------------------------------------

def test_a_block_the_edition_left_alone_keeps_the_districts_edit(merged):
    assert "intro" in steps(merged, Merged.KEPT)
    assert edit_for(merged, "intro")[0].text == \
        "The Demo School District has its own opening paragraph."


def test_a_block_the_district_left_alone_takes_the_new_text(merged):
    assert "rewritten" in steps(merged, Merged.TAKEN)
    assert not edit_for(merged, "rewritten")
    assert "steady" not in {s.block for s in merged.steps}  # nothing to say


def test_removed_by_the_edition_and_dropped_by_the_district_is_agreed(merged):
    assert "dropped-both" in steps(merged, Merged.AGREED)
    assert not edit_for(merged, "dropped-both")


def test_removed_by_the_edition_and_left_alone_is_reported(merged):
    assert {"removed", "anchor-gone"} <= steps(merged, Merged.REMOVED)


def test_a_block_new_in_the_edition_is_taken(merged):
    assert "fresh" in steps(merged, Merged.NEW)


def test_a_renamed_block_is_matched_by_its_words_and_its_edit_follows(merged):
    renamed = [s for s in merged.steps if s.what is Merged.RENAMED]
    assert [(s.other, s.block) for s in renamed] == [("old-name", "new-name")]
    assert edit_for(merged, "new-name")[0].action is EditAction.REPLACE
    assert not edit_for(merged, "old-name")


def test_an_added_paragraph_whose_anchor_is_gone_moves_to_the_nearest_block_before(merged):
    moved = [s for s in merged.steps if s.what is Merged.MOVED]
    assert [(s.other, s.block) for s in moved] == [("anchor-gone", "clash")]
    texts = [e.text for e in edit_for(merged, "clash") if e.action is EditAction.ADD_AFTER]
    assert "A paragraph the district added after one the second edition removes." in texts


def test_both_changed_dropped_and_changed_edited_and_removed_are_conflicts(merged):
    clashes = {c.block: c.clash for c in merged.conflicts}
    assert clashes == {"clash": Clash.BOTH_CHANGED, "drop-changed": Clash.DROPPED_CHANGED,
                       "removed-edited": Clash.EDITED_REMOVED,
                       "clash-rule": Clash.BOTH_CHANGED}
    clash = next(c for c in merged.conflicts if c.block == "clash")
    assert clash.old_model.startswith("Both the second edition")
    assert clash.new_model.startswith("The second edition rewrote")
    assert clash.district == "The district rewrote this paragraph in its own words."


def test_options_carry_over_and_own_bullets_become_the_options_they_match(merged):
    rules = merged.district.chosen("rules")
    assert rules == ("same-rule", "reworded-rule", OwnBullet("Sending students chain letters;"),
                     "clash-rule", "gaming-rule", OwnBullet("Selling students anything;"))
    assert "gaming-rule" in steps(merged, Merged.OPTION_MATCHED)
    # its words differ from the option's: the district's words are kept as a rewording
    assert edit_for(merged, "gaming-rule")[0].text.startswith("Playing online video games")
    assert "gone-rule" in steps(merged, Merged.OPTION_GONE)
    assert "reworded-rule" in steps(merged, Merged.OPTION_TAKEN)
    assert steps(merged, Merged.OPTION_NEW) == {"fresh-rule"}


def test_resolving_for_the_district_keeps_its_side(demo):
    district, old = load_district(DISTRICT, demo)
    result = merge(district, old, demo.get("demo/100"), resolve=Resolve.DISTRICT)
    assert result.open_conflicts == ()
    assert edit_for(result, "clash")[0].text.startswith("The district rewrote")
    assert edit_for(result, "drop-changed")[0].action is EditAction.DROP
    texts = [b.text for b in compose(result.district, demo.get("demo/100")).walk()]
    assert "The district rewrote this paragraph in its own words." in texts


def test_resolving_for_the_model_takes_the_new_editions_side(demo):
    district, old = load_district(DISTRICT, demo)
    new = demo.get("demo/100")
    result = merge(district, old, new, resolve=Resolve.MODEL)
    assert not edit_for(result, "clash") or all(
        e.action is not EditAction.REPLACE for e in edit_for(result, "clash"))
    assert not edit_for(result, "drop-changed")
    assert not edit_for(result, "clash-rule")
    texts = [b.text for b in compose(result.district, new).walk()]
    assert "The second edition rewrote this paragraph, and so did the district." in texts
    assert "The district's own words for a paragraph the second edition removes." not in texts
    assert "Lending students personal electronic devices;" in texts


# --- the file: conflicts written and refused, comments kept -----------------------------------

def test_a_conflict_is_written_into_the_file_and_validate_and_render_refuse_it(cli, tmp_path):
    out = tmp_path / "new.yaml"
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out)
    assert result.code == 1, result.err
    assert "Conflicts (4):" in result.out and "old model:" in result.out
    for command in (("validate", out), ("render", out, "--format", "txt")):
        refused = cli(*command, "-L", UPGRADE)
        assert refused.code == 2
        assert "conflicts[0]: block 'clash' is in conflict" in refused.err
    assert "block 'clash-rule'" in cli("validate", out, "-L", UPGRADE).err


@pytest.mark.parametrize("side", ["district", "model"])
def test_resolve_writes_a_file_that_validates_and_renders(cli, tmp_path, side):
    out = tmp_path / "new.yaml"
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out, "--resolve", side)
    assert result.code == 0, result.err
    assert "conflicts:" not in out.read_text(encoding="utf-8")
    assert cli("validate", out, "-L", UPGRADE).code == 0
    rendered = cli("render", out, "-L", UPGRADE, "--format", "txt")
    assert rendered.code == 0, rendered.err
    mine = "The district rewrote this paragraph in its own words."
    assert (mine in rendered.out) == (side == "district")


def test_the_districts_comments_and_key_order_are_kept(cli, tmp_path):
    out = tmp_path / "new.yaml"
    cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out, "--resolve", "district")
    text = out.read_text(encoding="utf-8")
    for comment in ("# A district on edition 1", "# The district's bullets.",
                    "# The district's own opening.", "# History follows."):
        assert comment in text
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["model", "district", "choices", "edits", "history"]
    assert "adopted: 2019-05-14" in text
    assert text.index("# History follows.") > text.index("gaming-rule")


def test_the_json_report(cli, tmp_path):
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", tmp_path / "n.yaml", "-f", "json")
    data = json.loads(result.out)
    assert data["from"] == "demo/100@1" and data["to"] == "demo/100@2"
    assert {c["block"] for c in data["conflicts"]} == {"clash", "drop-changed",
                                                        "removed-edited", "clash-rule"}
    assert {"what": "agreed", "block": "dropped-both",
            "old_text": "The second edition removes this paragraph, which the district "
                        "dropped too."} in data["steps"]


def test_without_output_the_file_goes_to_stdout_and_the_report_to_stderr(cli):
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "--resolve", "model")
    assert result.code == 0
    assert result.out.startswith("# A district on edition 1")
    assert "demo/100@1 -> demo/100@2" in result.err


# --- bad input ---------------------------------------------------------------------------------

def test_a_file_already_on_the_target_edition_is_left_alone(cli, tmp_path):
    out = tmp_path / "n.yaml"
    result = cli("upgrade", EXAMPLES / "butte" / "5460.yaml", "-o", out)
    assert result.code == 0
    assert "already follows mtsba/5460@current: nothing to do" in result.err
    assert not out.exists()


def test_an_unknown_edition_names_the_known_ones(cli):
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "--to", "demo/100@3")
    assert result.code == 2
    assert "--to: model policy demo/100 has no edition '3'; editions: 2, 1" in result.err


def test_another_model_is_refused(cli):
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "--to", "mtsba/5460")
    assert result.code == 2 and "not mtsba/5460" in result.err


def test_a_file_that_does_not_validate_gives_its_errors(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: mtsba/5460@2012\ndistrict: X\nchoices: {forbidden: []}\n"
                   "edits:\n  - drop: nowhere\n", encoding="utf-8")
    result = cli("upgrade", bad)
    assert result.code == 2
    assert "bad.yaml:5: edits[0].drop: no block with the id 'nowhere'" in result.err


def test_an_output_that_exists_needs_force_and_the_input_is_never_the_output(cli, tmp_path):
    out = tmp_path / "n.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out)
    assert result.code == 2 and "already exists; use --force" in result.err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli("upgrade", DISTRICT, "-L", UPGRADE, "-o", out, "--force",
               "--resolve", "model").code == 0
    copy = tmp_path / "d.yaml"
    shutil.copy(DISTRICT, copy)
    result = cli("upgrade", copy, "-L", UPGRADE, "-o", copy, "--force")
    assert result.code == 2 and "is also an input" in result.err


# --- upgrading to the same edition changes nothing ---------------------------------------------

MTSBA = Library()
MODEL = MTSBA.get("mtsba/5460")
PARAGRAPHS = [b.id for b in MODEL.blocks if b.type.value == "paragraph"]
OPTIONS = [o.id for o in MODEL.choices[0].options]
TEXT = st.text(alphabet="abcdefghij ,.", min_size=1, max_size=40).map(
    lambda t: " ".join(t.split()) or "word")


@st.composite
def districts(draw) -> DistrictPolicy:
    chosen = draw(st.lists(st.sampled_from(OPTIONS), unique=True))
    own = [OwnBullet(t) for t in draw(st.lists(TEXT, max_size=2))]
    targets = draw(st.lists(st.sampled_from(PARAGRAPHS), unique=True, max_size=4))
    edits = []
    for target in targets:
        action = draw(st.sampled_from([EditAction.DROP, EditAction.REPLACE,
                                       EditAction.ADD_AFTER]))
        edits.append(Edit(action, target, "" if action is EditAction.DROP else draw(TEXT)))
    return DistrictPolicy(model="mtsba/5460", district="Glacier School District",
                          choices=(("forbidden", (*chosen, *own)),), edits=tuple(edits))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts())
def test_upgrading_to_the_same_edition_changes_nothing(district):
    result = merge(district, MODEL, MODEL)
    assert result.conflicts == ()
    assert result.district.choices == district.choices
    assert result.district.edits == district.edits
    assert {s.what for s in result.steps} <= {Merged.KEPT}
    text = dump_district(district, MODEL)
    assert rewrite(text, district, result.district) == text


# --- Cut Bank, on the 2012 edition -------------------------------------------------------------

CUT_BANK_2012 = ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml"


def test_cut_bank_moves_to_the_current_edition(cli, tmp_path):
    out = tmp_path / "cut-bank.yaml"
    result = cli("upgrade", CUT_BANK_2012, "-o", out)
    assert result.code == 1  # its printed 2012 footnote: the current edition has none
    assert "footnote: the new edition removed this drafting note; the district printed it" \
        in result.out
    for said in ("personal-use: the new edition's text is taken; it removes “situation”; "
                 "and replaces “cites” with “sites”",
                 "private-opinions: removed by the new edition",
                 "educational-presence: new in this edition, taken",
                 "option phone-numbers, new in this edition, not chosen"):
        assert said in result.out
    settled = tmp_path / "settled.yaml"
    assert cli("upgrade", CUT_BANK_2012, "-o", settled, "--resolve", "district").code == 1
    text = settled.read_text(encoding="utf-8")
    # the 2012 edition offered nothing to choose, so "none" was never a decision: the choice
    # is open again, and render waits for the clerk
    assert "  forbidden:\n" in text
    assert "add the date it adopts this one (history: revised)" in result.out
    refused = cli("render", settled)
    assert refused.code == 2 and "no choice made" in refused.err
    example = (EXAMPLES / "cut-bank" / "5460.yaml").read_text(encoding="utf-8")

    def body(t: str) -> str:
        return t[t.index("\nmodel: "):]

    assert body(text).replace("  forbidden:\n", "  forbidden: []\n") == body(example)
    comment = "  # The model says: (DISTRICT MUST CHOOSE WHICH BULLETS ARE FORBIDDEN)\n"
    assert comment in settled.read_text(encoding="utf-8")  # the 2012 footnote's comment, renewed
    packet = tmp_path / "packet.html"
    assert cli("packet", CUT_BANK_2012, EXAMPLES / "cut-bank" / "5460.yaml", "-o",
               packet).code == 0


def test_the_readme_shows_the_upgrade_workflow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "boardpolicy upgrade docs/examples/cut-bank-5460-2012.yaml" in readme
    assert "boardpolicy packet docs/examples/cut-bank-5460-2012.yaml" in readme


# --- a conflict names the block in conflict and the lines to keep or delete -------------------

def _lines(text: str, first: int, last: int) -> list[str]:
    return text.splitlines()[first - 1:last]


def _settle(text: str) -> list[tuple[str, tuple[int, int] | None, tuple[int, int]]]:
    """Each conflict entry's block, the lines its `settle` names to keep or delete, and the
    lines of the entry itself, read back from the words written into the file."""
    out = []
    for entry in yaml.safe_load(text)["conflicts"]:
        words = " ".join(entry["settle"].split())
        edit = re.search(r"leave lines (\d+)-(\d+)", words)
        own = re.search(r"delete this entry \(lines (\d+)-(\d+)\)", words)
        assert own, words
        out.append((entry["block"], (int(edit[1]), int(edit[2])) if edit else None,
                    (int(own[1]), int(own[2]))))
    return out


def test_cut_banks_conflict_names_the_footnote_and_the_lines_of_its_edit(cli, tmp_path):
    out = tmp_path / "cut-bank.yaml"
    result = cli("upgrade", CUT_BANK_2012, "-o", out)
    assert result.code == 1
    text = out.read_text(encoding="utf-8")
    assert "delete the edit it names" not in text
    [(block, edit, entry)] = _settle(text)
    assert block == "footnote"
    lines = _lines(text, *edit)
    assert lines[0] == "  - add_after: superintendent"
    assert lines[-1].strip() == "include in the policy."
    assert _lines(text, *entry)[0] == "  - block: footnote"
    settle = " ".join(yaml.safe_load(text)["conflicts"][0]["settle"].split())
    assert "footnote (“Note: 1 What is and is not acceptable" in settle
    assert "(add_after: superintendent)" in settle
    # the report says the same, with the same lines
    report = " ".join(result.out.split())
    assert f"leave lines {edit[0]}-{edit[1]}" in report
    assert "footnote (“Note: 1 What is and is not acceptable" in report


def test_following_a_conflicts_instruction_gives_a_file_that_validates(cli, tmp_path):
    """A district file with an edit on a block the new edition rewrote: deleting the lines
    named takes the new edition's text, keeping them keeps the district's."""
    source = tmp_path / "district.yaml"
    text = CUT_BANK_2012.read_text(encoding="utf-8").replace(
        "  - keep: footnote\n",
        "  - keep: footnote\n  - replace: personal-use\n"
        "    text: Staff shall use district electronic resources for school business only.\n")
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "new.yaml"
    assert cli("upgrade", source, "-o", out).code == 1
    written = out.read_text(encoding="utf-8")
    settles = _settle(written)
    assert [b for b, _, _ in settles] == ["footnote", "personal-use"]
    edit = settles[1][1]
    assert _lines(written, *edit)[0] == "  - replace: personal-use"
    for side in ("model", "district"):
        drop = {n for _, e, entry in settles for n in range(entry[0], entry[1] + 1)}
        drop.add(next(n for n, line in enumerate(written.splitlines(), 1)
                      if line == "conflicts:"))
        if side == "model":
            drop |= {n for _, e, _ in settles if e for n in range(e[0], e[1] + 1)}
        kept = [line for n, line in enumerate(written.splitlines(), 1) if n not in drop]
        settled = tmp_path / f"{side}.yaml"
        settled.write_text("\n".join(kept).replace("  forbidden:\n", "  forbidden: []\n")
                           + "\n", encoding="utf-8")
        assert cli("validate", settled).code == 0, settled.read_text(encoding="utf-8")
        rendered = cli("render", settled, "--format", "txt").out
        mine = "Staff shall use district electronic resources for school business only."
        assert (mine in rendered) == (side == "district")
