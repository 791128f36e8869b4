"""The list of changes says exactly what changed (issue 21): generated pairs of district files.

v1 is a district file for mtsba/5460 with random choices in a random order; v2 is v1 with one
to three known edits of the kinds clerks make, each on its own block. For each pair, and for
the model against each version, the JSON list of changes (the library call `diff --format
json` makes) must

1. count exactly the edits made in the headline,
2. hold a description naming each edit (the word, the bullet, the paragraph),
3. quote only text that stands in one of the two versions (a cut with "…" allowed),
4. say a bullet moved only for the bullets that moved: the smallest set of moves, the rest
   (a longest common subsequence) staying put.

Against the model, the list's punctuation (";" and the last "." are boardpolicy's rule) and
the district's name filled in are never the district's change; choosing bullets is not one
either, but the order the district gives them is.

Every run generates 500 pairs (about 8 s alone; `./scripts/test -k changes_exact` 16 s with
its set-up); `EXACT_EXAMPLES=5000` searches further.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy import Library
from boardpolicy.diff.wording import edits_in_words
from boardpolicy.diff.words import word_spans
from boardpolicy.inputs import compare_inputs
from boardpolicy.model_policy import ModelPolicy

EXAMPLES = int(os.environ.get("EXACT_EXAMPLES", "500"))
MODEL = "mtsba/5460"
DISTRICT = "Lone Pine School District"
LIBRARY = Library()
POLICY: ModelPolicy = LIBRARY.get(MODEL)
OPTIONS = {o.id: o.text for c in POLICY.choices for o in c.options}
OPTION_IDS = list(OPTIONS)
PLACEHOLDER = "{district}"
PARAGRAPHS = {b.id: b.text.replace(PLACEHOLDER, DISTRICT) for b in POLICY.blocks
              if b.type.value == "paragraph"}
PUBLISHED = {b.id: POLICY.published(b.text) for b in POLICY.blocks}
# the choice's lead-in goes with the choice; the others may be dropped
DROPPABLE = [p for p in PARAGRAPHS if p != "forbidden-lead-in"]
NEW_WORDS = ["promptly", "carefully", "lawful", "always", "suitable", "regular"]
NEW_PARAGRAPHS = [
    "Coaches and advisors may use the district’s group messaging service to reach students.",
    "The principal reviews these rules with all staff at the start of each school year.",
    "Volunteers who work with students are held to the same rules as staff members.",
]


class EditKind(StrEnum):
    WORD = "a word replaced"
    COMMA_OUT = "a comma removed"
    COMMA_IN = "a comma added"
    HYPHEN = "a hyphen turned into a space"
    DROP = "a paragraph dropped"
    ADD = "a paragraph added"
    FORBID = "a bullet newly forbidden"
    UNFORBID = "a bullet no longer forbidden"
    MOVE = "a forbidden bullet moved"


@dataclass(frozen=True)
class Edit:
    """One known edit: its kind, the block it touches, and the words its description names."""

    kind: EditKind
    target: str
    names: tuple[str, ...]
    published: tuple[str, ...] = ()  # the names against the model as published, if others


@dataclass
class Version:
    """A district file being generated: choices in order, replaced texts, drops, additions."""

    chosen: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (after id, text)

    def copy(self) -> Version:
        return Version(list(self.chosen), dict(self.texts), list(self.dropped),
                       list(self.added))

    def yaml(self) -> str:
        lines = [f"model: {MODEL}", f"district: {DISTRICT}", "choices:", "  forbidden:"]
        lines += [f"    - {option}" for option in self.chosen]
        edits = [f"  - drop: {d}" for d in self.dropped]
        for block, text in self.texts.items():
            edits += [f"  - replace: {block}", f"    text: {_scalar(text)}"]
        for after, text in self.added:
            edits += [f"  - add_after: {after}", f"    text: {_scalar(text)}"]
        if edits:
            lines += ["edits:", *edits]
        return "\n".join(lines) + "\n"

    def text(self, block: str) -> str:
        return self.texts.get(block) or PARAGRAPHS.get(block) or OPTIONS[block]


def _scalar(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the edits -----------------------------------------------------------------------------

WORD = re.compile(r"(?<=\s)([A-Za-z]{4,})(?=\s)")
COMMA = re.compile(r"(?<=\s)([A-Za-z]{3,}),(?=\s)")
BARE = re.compile(r"(?<=\s)([A-Za-z]{4,})(?=\s[a-z])")
HYPHENED = re.compile(r"(?<=[\s(])([A-Za-z]+(?:-[A-Za-z]+)+)(?=[\s).,;])")


def _place(draw: st.DrawFn, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = list(pattern.finditer(text))
    return draw(st.sampled_from(found)) if found else None


def _word(draw: st.DrawFn, v2: Version, block: str) -> Edit | None:
    text = v2.text(block)
    m = _place(draw, WORD, text)
    if m is None:
        return None
    new = draw(st.sampled_from([w for w in NEW_WORDS if w not in text]))
    v2.texts[block] = text[:m.start()] + new + text[m.end():]
    return Edit(EditKind.WORD, block, (m.group(1), new))


def _comma_out(draw: st.DrawFn, v2: Version, block: str) -> Edit | None:
    text = v2.text(block)
    m = _place(draw, COMMA, text)
    if m is None:
        return None
    v2.texts[block] = text[:m.end(1)] + text[m.end(1) + 1:]
    return Edit(EditKind.COMMA_OUT, block, ("comma", m.group(1)))


def _comma_in(draw: st.DrawFn, v2: Version, block: str) -> Edit | None:
    text = v2.text(block)
    m = _place(draw, BARE, text)
    if m is None:
        return None
    v2.texts[block] = text[:m.end(1)] + "," + text[m.end(1):]
    return Edit(EditKind.COMMA_IN, block, ("comma", m.group(1)))


def _hyphen(draw: st.DrawFn, v2: Version, block: str) -> Edit | None:
    text = v2.text(block)
    m = _place(draw, HYPHENED, text)
    if m is None:
        return None
    v2.texts[block] = text[:m.start(1)] + m.group(1).replace("-", " ") + text[m.end(1):]
    return Edit(EditKind.HYPHEN, block, ("hyphen", m.group(1)))


TEXT_EDITS: dict[EditKind, Callable[[st.DrawFn, Version, str], Edit | None]] = {
    EditKind.WORD: _word, EditKind.COMMA_OUT: _comma_out, EditKind.COMMA_IN: _comma_in,
    EditKind.HYPHEN: _hyphen}


def _opening(text: str, words: int = 4) -> str:
    return " ".join(text.split()[:words])


def _edit(draw: st.DrawFn, kind: EditKind, v2: Version, used: set[str]) -> Edit | None:
    """Make one edit of this kind on a block no other edit touches; None when none fits."""
    free_paragraphs = [p for p in PARAGRAPHS if p not in used and p not in v2.dropped]
    free_chosen = [o for o in v2.chosen if o not in used]
    if kind in TEXT_EDITS:
        blocks = free_paragraphs + free_chosen
        if not blocks:
            return None
        return TEXT_EDITS[kind](draw, v2, draw(st.sampled_from(blocks)))
    if kind is EditKind.DROP:
        blocks = [p for p in free_paragraphs if p in DROPPABLE and
                  all(after != p for after, _ in v2.added)]
        if not blocks:
            return None
        block = draw(st.sampled_from(blocks))
        v2.dropped.append(block)
        return Edit(kind, block, ("Removes the paragraph", _opening(PARAGRAPHS[block])),
                    ("Removes the paragraph", _opening(PUBLISHED[block])))
    if kind is EditKind.ADD:
        after = draw(st.sampled_from([p for p in PARAGRAPHS if p not in v2.dropped]))
        text = draw(st.sampled_from([t for t in NEW_PARAGRAPHS
                                     if all(t != a for _, a in v2.added)]))
        v2.added.append((after, text))
        return Edit(kind, "+" + text, ("Adds a paragraph", _opening(text)))
    if kind is EditKind.FORBID:
        free = [o for o in OPTION_IDS if o not in v2.chosen and o not in used]
        if not free:
            return None
        option = draw(st.sampled_from(free))
        v2.chosen.insert(draw(st.integers(0, len(v2.chosen))), option)
        return Edit(kind, option, (_opening(OPTIONS[option]), "now forbidden"))
    if kind is EditKind.UNFORBID:
        if len(v2.chosen) < 2 or not free_chosen:
            return None
        option = draw(st.sampled_from(free_chosen))
        v2.chosen.remove(option)
        v2.texts.pop(option, None)
        return Edit(kind, option, (_opening(OPTIONS[option]), "no longer forbidden"))
    if len(v2.chosen) < 2 or not free_chosen:  # MOVE
        return None
    option = draw(st.sampled_from(free_chosen))
    at = v2.chosen.index(option)
    to = draw(st.sampled_from([k for k in range(len(v2.chosen)) if k != at]))
    v2.chosen.remove(option)
    v2.chosen.insert(to, option)
    return Edit(kind, option, ("Moves the bullet", _opening(v2.text(option))))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Version, Version, list[Edit]]:
    chosen = draw(st.lists(st.sampled_from(OPTION_IDS), min_size=1, max_size=7, unique=True))
    v1 = Version(chosen)
    v2 = v1.copy()
    edits: list[Edit] = []
    used: set[str] = set()
    for kind in draw(st.lists(st.sampled_from(list(EditKind)), min_size=1, max_size=3)):
        edit = _edit(draw, kind, v2, used)
        if edit is not None:
            edits.append(edit)
            used.add(edit.target)
    if not edits:  # every kind drawn found nothing to edit: a word always can be replaced
        edit = _edit(draw, EditKind.WORD, v2, used)
        assert edit is not None
        edits.append(edit)
    return v1, v2, edits


# --- what the list of changes must say -----------------------------------------------------

def _lcs(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1],
                                                                     table[i + 1][j])
    return table[-1][-1]


def _moves(old: list[str], new: list[str]) -> int:
    """How many bullets must move to turn one order into the other."""
    common = [o for o in old if o in new]
    return len(common) - _lcs(common, [o for o in new if o in common])


def _quotes(text: str) -> list[str]:
    """Each outermost “…” quotation in a description (quotations hold quotation marks)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = k + 1
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:k])
    return out


def _squash(text: str) -> str:
    return " ".join(text.split())


class Failure(AssertionError):
    """One broken promise, with the description and the district files that show it."""


@dataclass
class Checked:
    """One diff's JSON, with the texts of its two versions, for the four checks."""

    data: dict[str, Any]
    texts: str

    @property
    def counted(self) -> list[dict[str, Any]]:
        return [c for c in self.data["changes"] if c["by_district"]]

    def headline_count(self) -> int:
        return int(self.data["headline"].split()[0])

    def describing(self, block_id: str) -> list[str]:
        blocks = self.data["blocks"]
        return [c["description"] for c in self.data["changes"]
                if blocks[c["block"]]["id"] == block_id]


def _diff(old: str, new: str) -> Checked:
    data = compare_inputs(old, new, LIBRARY).diff.to_dict()
    texts = "\n".join(_squash(t) for b in data["blocks"]
                      for t in (b["old_text"], b["new_text"]) if t)
    return Checked(data, texts)


def _check_quotes(checked: Checked) -> None:
    for change in checked.data["changes"]:
        for quoted in _quotes(change["description"]):
            for piece in _squash(quoted).split("…"):
                if piece.strip() and piece.strip() not in checked.texts:
                    raise Failure(f"quotes text in neither version: “{quoted}” in "
                                  f"{change['description']!r}")


def _check_count(checked: Checked, expected: int, what: str) -> None:
    if checked.headline_count() != expected or len(checked.counted) != expected:
        said = [c["description"] for c in checked.counted]
        raise Failure(f"{what}: headline {checked.data['headline']!r} for {expected} "
                      f"edits: {said}")


def _check_names(checked: Checked, edits: list[Edit]) -> None:
    descriptions = [_squash(c["description"]) for c in checked.counted]
    for edit in edits:
        if not any(all(_squash(n) in d for n in names) for d in descriptions
                   for names in (edit.names, edit.published or edit.names)):
            raise Failure(f"{edit.kind} ({edit.names}) not named in {descriptions}")


MOVED = re.compile(r"\b[Mm]ove[sd]?\b")


def _check_moves(checked: Checked, old: list[str], new: list[str]) -> set[str]:
    """The bullets the diff says moved: as few as explain the new order. Returns their ids."""
    moved = [b for b in checked.data["blocks"] if b["op"] == "move"]
    ids = [b["id"] for b in moved]
    if len(ids) != _moves(old, new) or None in ids:
        raise Failure(f"moves {ids} for {old} -> {new}")
    stay = [o for o in old if o in new and o not in ids]
    if stay != [o for o in new if o in stay]:
        raise Failure(f"moves {ids} leave {stay} out of order for {old} -> {new}")
    for block in moved:  # named by its words, as they were or as they are
        openings = {_opening(block["old_text"]), _opening(block["new_text"])}
        if not any(MOVED.search(d) and any(o in d for o in openings)
                   for d in checked.describing(block["id"])):
            raise Failure(f"{block['id']} moved, but no description names it moving")
    for change in checked.data["changes"]:
        block = checked.data["blocks"][change["block"]]
        if MOVED.search(change["description"]) and block["op"] != "move":
            raise Failure(f"says a block moved that did not: {change['description']!r}")
    return set(ids)


TEXT_KINDS = {EditKind.WORD, EditKind.COMMA_OUT, EditKind.COMMA_IN, EditKind.HYPHEN,
              EditKind.DROP, EditKind.ADD}
MODEL_ORDER = {o: k for k, o in enumerate(OPTION_IDS)}


def check_pair(v1: Version, v2: Version, edits: list[Edit], folder: Path) -> None:
    """The four checks between v1 and v2, and between the model and each of them.

    A bullet both moved and reworded is one block changed, one description naming both: the
    headline counts the blocks edited and the bullets moved, each once."""
    one, two = folder / "v1.yaml", folder / "v2.yaml"
    one.write_text(v1.yaml(), encoding="utf-8")
    two.write_text(v2.yaml(), encoding="utf-8")
    between = _diff(str(one), str(two))
    _check_quotes(between)
    moved = _check_moves(between, v1.chosen, v2.chosen)
    others = [e for e in edits if e.kind is not EditKind.MOVE]
    _check_count(between, len({e.target for e in others} | moved), "v1 -> v2")
    _check_names(between, others)
    for version, path, text_edits in ((v1, one, []),
                                      (v2, two, [e for e in edits if e.kind in TEXT_KINDS])):
        against = _diff(MODEL, str(path))
        _check_quotes(against)
        moved = _check_moves(against, sorted(version.chosen, key=MODEL_ORDER.__getitem__),
                             version.chosen)
        _check_count(against, len({e.target for e in text_edits} | moved),
                     f"{MODEL} -> {path.name}")
        _check_names(against, text_edits)


FOLDER = tempfile.TemporaryDirectory(prefix="changes-exact-")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pairs())
def test_list_of_changes_is_exact(pair: tuple[Version, Version, list[Edit]]) -> None:
    v1, v2, edits = pair
    check_pair(v1, v2, edits, Path(FOLDER.name))


# --- the issue's own cases, as a reader finds them ------------------------------------------

@pytest.mark.parametrize(("old", "new", "said"), [
    ("in a non-technological medium, is unacceptable", "in a non-technological medium is "
     "unacceptable", "removes the comma after “medium”"),
    ("in a medium is unacceptable", "in a medium, is unacceptable",
     "adds a comma after “medium”"),
    ("during school or out-of-school in a manner", "during school or out of school in a "
     "manner", "changes the hyphens in “out-of-school” to spaces"),
    ("(during school or out-of-school) in a manner", "(during school or out of school) in a "
     "manner", "changes the hyphens in “out-of-school” to spaces"),
    ("forms of technology based interactivity", "forms of technology-based interactivity",
     "changes the space in “technology based” to a hyphen"),
    ("teaching and learning, to provide", "teaching and learning; to provide",
     "changes the comma after “learning” to a semicolon"),
])
def test_a_change_of_marks_quotes_words_of_one_version(old: str, new: str, said: str) -> None:
    assert edits_in_words(word_spans(old, new)) == said


def test_the_bullet_that_moved_is_named() -> None:
    """Issue 21: `personal-email` moved to the end, `soliciting-friends` reworded: the diff
    named two other bullets as moved and never the one that moved."""
    chosen = ["phone-numbers", "text-messaging", "personal-email", "soliciting-friends",
              "accepting-friends"]
    v1 = Version(chosen)
    v2 = Version([o for o in chosen if o != "personal-email"] + ["personal-email"],
                 texts={"soliciting-friends": OPTIONS["soliciting-friends"].replace(
                     " or contacts", "")})
    folder = Path(FOLDER.name)
    (folder / "a.yaml").write_text(v1.yaml(), encoding="utf-8")
    (folder / "b.yaml").write_text(v2.yaml(), encoding="utf-8")
    said = [c["description"] for c in _diff(str(folder / "a.yaml"),
                                            str(folder / "b.yaml")).counted]
    assert said == ["The bullet beginning “Soliciting students as friends or contacts…” "
                    "removes “or contacts”.",
                    "Moves the bullet beginning “Emailing students other than through and…”."]


def test_the_packet_cover_lists_every_edit() -> None:
    """Issue 21: the cover said "and 1 more change" for a comma removed."""
    from boardpolicy.outputs.packet.summary import change_sections

    text = PARAGRAPHS["socializing"]
    edited = text.replace("out-of-school", "out of school").replace("medium,", "medium") \
        .replace("vastly", "greatly").replace("extra caution", "great caution")
    folder = Path(FOLDER.name)
    (folder / "c.yaml").write_text(Version(["phone-numbers"]).yaml(), encoding="utf-8")
    (folder / "d.yaml").write_text(Version(["phone-numbers"], texts={"socializing": edited})
                                   .yaml(), encoding="utf-8")
    diff = compare_inputs(str(folder / "c.yaml"), str(folder / "d.yaml"), LIBRARY).diff
    heading, changes = change_sections(diff)[0]
    assert heading == "1 change"
    assert changes == ["The paragraph beginning “The school district staff shall not…” "
                       "changes the hyphens in “out-of-school” to spaces; removes the comma "
                       "after “medium”; replaces “vastly” with “greatly”; and replaces "
                       "“extra” with “great”."]
