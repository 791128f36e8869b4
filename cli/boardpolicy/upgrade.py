"""Upgrade: a district policy file + the edition it follows (the base) + a new edition -> the
district policy file on the new edition, by a three-way merge of blocks by id.

A block only one side changed takes that side's change: the district's edit where the
edition left the block alone, the edition's text where the district did. A block both sides
changed is a conflict: it is written into the file (`conflicts:`), where `validate` and
`render` refuse it by name until the clerk settles it; the file's edits meanwhile hold the
district's side. Blocks an edition renamed are matched by their words and the report says so.
The file itself is rewritten by `roundtrip.py`, which keeps the district's comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .decisions import Alternative, Blank, Keep, OptionalText
from .diff.similar import alike
from .diff.wording import quote
from .district import DistrictPolicy, Edit, EditAction, Entry, OwnBullet
from .errors import BoardPolicyError, InputError
from .library import Library, parse_ref
from .model_policy import (
    PLACEHOLDER,
    BlockType,
    Decision,
    ModelBlock,
    ModelPolicy,
    Option,
    decision_kind,
)
from .prose import fold, unpunctuated

if TYPE_CHECKING:
    from .roundtrip import Decisions

RENAME_SIMILARITY = 0.6  # an unmatched old block and new block this alike are one, renamed
BULLET_SIMILARITY = 0.6  # a district's own bullet this alike to a new option is that option
SETTLE_WORDS = 10  # a conflict's instruction names its block by this many opening words
TEXT_TYPES = (BlockType.HEADING, BlockType.PARAGRAPH, BlockType.NOTE)
# blocks that are a decision as a whole: what becomes of them is the decision's step
_DECIDED_TYPES = (BlockType.CHOICE, BlockType.ALTERNATIVE, BlockType.OPTIONAL)


class Resolve(StrEnum):
    """Whose side settles every conflict."""

    DISTRICT = "district"
    MODEL = "model"


class Merged(StrEnum):
    """What the upgrade did with one block, option or edit (outputs/upgrade words it)."""

    KEPT = "kept"  # the edition left the block alone: the district's edit stays
    TAKEN = "taken"  # the district left the block alone: the new edition's text is printed
    REMOVED = "removed"  # the edition removed a block the district left alone
    AGREED = "agreed"  # the edition removed a block the district had dropped too
    SAME = "same"  # the new edition now says what the district had written itself
    NEW = "new"  # a block new in the edition, taken
    RENAMED = "renamed"  # an old block found in the new edition under another id, by its words
    MOVED = "moved"  # an added paragraph whose anchor block is gone, moved before
    OPTION_TAKEN = "option-taken"  # a chosen bullet the edition reworded: the new words
    OPTION_MATCHED = "option-matched"  # a bullet of the district's own, now an option
    OPTION_GONE = "option-gone"  # a chosen bullet the edition removed: kept as the district's
    OPTION_NEW = "option-new"  # an option new in the edition the district has not considered
    CHOICE_NEW = "choice-new"  # a choice new in the edition: the district must choose
    DECISION_NEW = "decision-new"  # a blank, alternative or optional text new in the edition:
    # its recommended value is taken (new_text), or the district must decide (new_text "")
    RECOMMENDED_TAKEN = "recommended-taken"  # the district took the model's value; the new
    # edition recommends another, which is taken
    DECISION_REWORDED = "decision-reworded"  # the wording or optional text the district
    # adopted has new words in the edition: taken
    DECISION_GONE = "decision-gone"  # a decision the district left to the model, removed
    CONFLICT = "conflict"


class Clash(StrEnum):
    """Why a block is in conflict."""

    BOTH_CHANGED = "both-changed"  # the district replaced it; the edition rewrote it
    DROPPED_CHANGED = "dropped-changed"  # the district dropped it; the edition rewrote it
    EDITED_REMOVED = "edited-removed"  # the district replaced it; the edition removed it
    KEPT_REMOVED = "kept-removed"  # the district printed this drafting note; the edition removed it
    CHOICE_REMOVED = "choice-removed"  # the district chose bullets; the edition removed the choice
    WORDING_REMOVED = "wording-removed"  # the district chose a wording the edition removed
    DECISION_REMOVED = "decision-removed"  # the district filled a blank, chose a wording or
    # kept optional text; the edition removed that decision


@dataclass(frozen=True)
class Step:
    """One thing the upgrade did. `block` is the block or option id in the new edition (the
    old id for what is gone); `other` the old id of a renamed block, or where a paragraph
    moved; `old_text`/`new_text` the texts compared."""

    what: Merged
    block: str
    other: str = ""
    old_text: str = ""
    new_text: str = ""
    similarity: float = 1.0
    note: bool = False  # the block is a drafting note: never printed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what.value, "block": self.block}
        for name in ("other", "old_text", "new_text"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.similarity < 1:
            out["similarity"] = round(self.similarity, 4)
        return out


Lines = tuple[int, int]  # the first and the last line of something in a file, from 1


@dataclass(frozen=True)
class Where:
    """Where a conflict stands in the file written: the lines of the edit that holds the
    district's side (None when it has none) and the lines of its entry under `conflicts:`."""

    edit: Lines | None
    entry: Lines


@dataclass(frozen=True)
class Conflict:
    """A block both sides changed: the three texts ("" where a side has none: dropped or
    removed), the edit that holds the district's side in the merged file (None when the
    district's side is having no edit), and where both stand once the file is written."""

    block: str
    clash: Clash
    old_model: str
    new_model: str
    district: str
    edit: Edit | None = None
    where: Where | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"block": self.block, "conflict": self.clash.value, "old_model": self.old_model,
                "new_model": self.new_model, "district": self.district}


@dataclass(frozen=True)
class Merge:
    """The result of `merge`: the district on the new edition, and what was done."""

    district: DistrictPolicy
    old: ModelPolicy
    new: ModelPolicy
    steps: tuple[Step, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    resolved: Resolve | None = None
    undecided: tuple[str, ...] = ()  # decisions new in the edition with no recommended value

    @property
    def open_conflicts(self) -> tuple[Conflict, ...]:
        return () if self.resolved else self.conflicts

    @property
    def still_open(self) -> tuple[str, ...]:
        """The decisions the file still leaves to the district (a choice of the new edition
        no option is listed for, a decision it recommends nothing for): validate and render
        refuse the file until each is made, conflicts or not."""
        choices = [c.id for c in self.new.choices if self.district.chosen(c.id) is None]
        return tuple(dict.fromkeys([*choices, *self.undecided]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "district": self.district.district, "from": self.old.ref, "to": self.new.ref,
            "choices": self.district.adopted_options(),
            "steps": [s.to_dict() for s in self.steps],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "resolved": self.resolved.value if self.resolved else None,
            "undecided": list(self.undecided),
            "still_open": list(self.still_open),
        }



# --- which old block is which new block ----------------------------------------------------------

def match_blocks(old: ModelPolicy, new: ModelPolicy) -> tuple[dict[str, str], list[Step]]:
    """Old block id -> new block id: the same id, else (for blocks left over on both sides,
    of the same type) the most alike by words, best pairs first."""
    new_ids = new.block_ids()
    pairs = {b.id: b.id for b in old.blocks if b.id in new_ids}
    olds = [b for b in old.blocks if b.id not in pairs]
    news = [b for b in new.blocks if b.id not in old.block_ids()]
    return _pair_by_words(pairs, olds, news, _block_words)


def _match_options(old: ModelBlock, new: ModelBlock) -> tuple[dict[str, str], list[Step]]:
    ids = {o.id for o in new.options}
    pairs = {o.id: o.id for o in old.options if o.id in ids}
    olds = [o for o in old.options if o.id not in pairs]
    news = [o for o in new.options if o.id not in {o.id for o in old.options}]
    return _pair_by_words(pairs, olds, news, _option_words)


def _match_all_options(old: ModelPolicy, new: ModelPolicy, ids: dict[str, str]) -> tuple[
        dict[str, str], list[Step]]:
    """Old option id -> new option id, over every choice both editions have."""
    pairs: dict[str, str] = {}
    steps: list[Step] = []
    for choice in old.choices:
        target = new.block(ids.get(choice.id, ""))
        if target is not None and target.type is BlockType.CHOICE:
            found, renamed = _match_options(choice, target)
            pairs |= found
            steps += renamed
    return pairs, steps


def _block_words(block: ModelBlock) -> str:
    if block.type is BlockType.CHOICE:
        return " ".join(o.text for o in block.options) or block.id
    return block.text if block.type in TEXT_TYPES else ""


def _option_words(option: Option) -> str:
    return option.text


def _pair_by_words(pairs: dict[str, str], olds: Sequence[Any], news: Sequence[Any],
                   text_of: Callable[[Any], str]) -> tuple[dict[str, str], list[Step]]:
    scored = sorted(((alike(text_of(a), text_of(b)), i, j)
                     for i, a in enumerate(olds) for j, b in enumerate(news)
                     if getattr(a, "type", None) == getattr(b, "type", None)
                     and text_of(a) and text_of(b)), reverse=True)
    steps = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in scored:
        if score < RENAME_SIMILARITY:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs[olds[i].id] = news[j].id
        steps.append(Step(Merged.RENAMED, news[j].id, olds[i].id, text_of(olds[i]),
                          text_of(news[j]), score))
    return pairs, steps


# --- the merge ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    """What one part of the merge found: the edits the new file holds, the steps the report
    gives and the conflicts to settle. The parts are added up once, in the report's order."""

    edits: tuple[Edit, ...] = ()
    steps: tuple[Step, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


NOTHING = _Found()


def _step(step: Step, *edits: Edit) -> _Found:
    return _Found(edits=edits, steps=(step,))


def _conflict(block: str, clash: Clash, old_text: str, new_text: str, district_text: str,
              edit: Edit | None) -> _Found:
    """A conflict; `edit` (None when the district's side has none) holds the district's side."""
    return _Found(edits=(edit,) if edit is not None else (),
                  steps=(Step(Merged.CONFLICT, block, old_text=old_text, new_text=new_text),),
                  conflicts=(Conflict(block, clash, old_text, new_text, district_text, edit),))


def _total(parts: Iterable[_Found]) -> _Found:
    parts = list(parts)
    return _Found(edits=tuple(e for p in parts for e in p.edits),
                  steps=tuple(s for p in parts for s in p.steps),
                  conflicts=tuple(c for p in parts for c in p.conflicts))


def merge(district: DistrictPolicy, old: ModelPolicy, new: ModelPolicy, *,
          resolve: Resolve | None = None) -> Merge:
    """Move `district`, which follows `old`, to `new`, keeping its own edits."""
    ids, renamed = match_blocks(old, new)
    option_ids, options_renamed = _match_all_options(old, new, ids)
    merger = _Merger(district, old, new, ids, option_ids)
    touched = {e.target for e in district.edits
               if e.action in (EditAction.REPLACE, EditAction.DROP, EditAction.KEEP)}
    choices, chosen = merger.choices()
    decided = merger.decisions({e.target for e in district.edits
                                if e.action in (EditAction.REPLACE, EditAction.DROP)})
    found = _total([_Found(steps=(*renamed, *options_renamed)),
                    *(merger.edit(edit) for edit in district.edits),
                    merger.untouched(touched), chosen, decided.found])
    edits = found.edits
    if resolve is Resolve.MODEL:
        dropped = {id(c.edit) for c in found.conflicts if c.edit is not None}
        edits = tuple(e for e in edits if id(e) not in dropped)
    merged = replace(district, model=new.name if new.default else new.ref,
                     choices=choices, edits=edits, alternatives=decided.alternatives,
                     blanks=decided.blanks, optional=decided.optional)
    return Merge(merged, old, new, found.steps, found.conflicts,
                 resolve if found.conflicts else None, decided.undecided)


@dataclass(frozen=True)
class _Merger:
    """The three sides and how the editions' ids match; each method returns what it found
    for one part of the district file and changes nothing."""

    district: DistrictPolicy
    old: ModelPolicy
    new: ModelPolicy
    ids: dict[str, str]  # old block id -> new block id
    option_ids: dict[str, str]  # old option id -> new option id

    @cached_property
    def old_options(self) -> dict[str, Option]:
        return {o.id: o for c in self.old.choices for o in c.options}

    @cached_property
    def new_options(self) -> dict[str, Option]:
        return {o.id: o for c in self.new.choices for o in c.options}

    @cached_property
    def added_ids(self) -> set[str]:
        return {e.id for e in self.district.edits if e.id}

    def fill(self, text: str) -> str:
        return text.replace(PLACEHOLDER, self.district.district)

    def printed(self, block: ModelBlock) -> str:
        """A paragraph as this district prints it: its name, and its decisions (the model's
        where it made none; a blank nobody filled as published, "___")."""
        return _printed(block, self.district)

    # -- edits --

    def edit(self, edit: Edit) -> _Found:
        """The district's edit on the new edition: kept (perhaps retargeted), settled, moved,
        or in conflict (then the district's side is kept and the conflict noted)."""
        target = edit.target
        if target in self.added_ids:
            return _Found(edits=(edit,))  # a paragraph of the district's own: still there
        if target in self.old_options:
            return self._option_edit(edit)
        before = self.old.block(target)
        after = self.new.block(self.ids.get(target, ""))
        if edit.action in (EditAction.ADD_AFTER, EditAction.ADD_BEFORE):
            return self._addition(edit, after)
        if before is None:  # validate would have refused it
            return _Found(edits=(edit,))
        if after is None:
            return self._removed(edit, before, self.fill(before.text))
        return self._on_block(edit, before, after)

    def _addition(self, edit: Edit, after: ModelBlock | None) -> _Found:
        """A paragraph added next to a block: it follows the block, or the nearest one before
        it that survives."""
        if after is not None:
            return _Found(edits=(replace(edit, target=after.id),))
        anchor, action = self._surviving_before(edit.target)
        return _step(Step(Merged.MOVED, anchor, edit.target, new_text=edit.text),
                     replace(edit, action=action, target=anchor))

    def _on_block(self, edit: Edit, before: ModelBlock, after: ModelBlock) -> _Found:
        """A keep, drop or replace of a block both editions have."""
        old_text, new_text = self.fill(before.text), self.fill(after.text)
        changed = fold(before.text) != fold(after.text) or before.type != after.type
        retargeted = replace(edit, target=after.id)
        match edit.action:
            case EditAction.KEEP:
                return _step(Step(Merged.TAKEN if changed else Merged.KEPT, after.id,
                                  old_text=old_text, new_text=new_text), retargeted)
            case EditAction.DROP if not changed:
                return _step(Step(Merged.KEPT, after.id, old_text=old_text), retargeted)
            case EditAction.DROP:
                return _conflict(after.id, Clash.DROPPED_CHANGED, old_text, new_text, "",
                                 retargeted)
        # replace
        if fold(edit.text) == fold(new_text):
            return _step(Step(Merged.SAME, after.id, old_text=old_text, new_text=new_text))
        if not changed:
            return _step(Step(Merged.KEPT, after.id, old_text=old_text, new_text=edit.text),
                         retargeted)
        return _conflict(after.id, Clash.BOTH_CHANGED, old_text, new_text, edit.text,
                         retargeted)

    def _removed(self, edit: Edit, before: ModelBlock, old_text: str) -> _Found:
        """An edit on a block the new edition removed."""
        if edit.action is EditAction.DROP:
            return _step(Step(Merged.AGREED, before.id, old_text=old_text))
        anchor, action = self._surviving_before(before.id)
        text = edit.text if edit.action is EditAction.REPLACE else old_text
        kept = Edit(action, anchor, text)
        clash = Clash.EDITED_REMOVED if edit.action is EditAction.REPLACE else Clash.KEPT_REMOVED
        return _conflict(before.id, clash, old_text, "", text, kept)

    def _option_edit(self, edit: Edit) -> _Found:
        """A reworded bullet: kept while the edition left the bullet alone."""
        old_option = self.old_options[edit.target]
        new_id = self.option_ids.get(edit.target)
        if new_id is None:
            return NOTHING  # the bullet is gone; `choices` keeps the district's words
        new_text = self.fill(self.new_options[new_id].text)
        old_text = self.fill(old_option.text)
        retargeted = replace(edit, target=new_id)
        if unpunctuated(edit.text) == unpunctuated(new_text):
            return _step(Step(Merged.SAME, new_id, old_text=old_text, new_text=new_text))
        if fold(old_option.text) == fold(self.new_options[new_id].text):
            return _step(Step(Merged.KEPT, new_id, old_text=old_text, new_text=edit.text),
                         retargeted)
        return _conflict(new_id, Clash.BOTH_CHANGED, old_text, new_text, edit.text,
                         retargeted)

    def _surviving_before(self, block_id: str) -> tuple[str, EditAction]:
        """The nearest block before `block_id` (in the old edition) that the new edition still
        has, to add after; with none before, the new edition's first block, to add before."""
        order = [b.id for b in self.old.blocks]
        if block_id not in order:  # an option: its choice
            block_id = next(c.id for c in self.old.choices
                            if block_id in {o.id for o in c.options})
            if self.ids.get(block_id):
                return self.ids[block_id], EditAction.ADD_AFTER
        for earlier in reversed(order[:order.index(block_id)]):
            found = self.new.block(self.ids.get(earlier, ""))
            if found is not None and found.type is not BlockType.NOTE:
                return found.id, EditAction.ADD_AFTER
        first = next(b.id for b in self.new.blocks if b.type is not BlockType.NOTE)
        return first, EditAction.ADD_BEFORE

    # -- blocks the district left alone --

    def untouched(self, touched: set[str]) -> _Found:
        """What the new edition did to the blocks the district left alone, and its new ones."""
        steps = [step for before in self.old.blocks
                 if before.id not in touched and before.type is not BlockType.CHOICE
                 for step in self._left_alone(before)]
        matched = set(self.ids.values())
        steps += [Step(Merged.NEW, after.id, new_text=self.printed(after),
                       note=after.type is BlockType.NOTE)
                  for after in self.new.blocks
                  if after.id not in matched and after.type not in _DECIDED_TYPES]
        return _Found(steps=tuple(steps))

    def _left_alone(self, before: ModelBlock) -> tuple[Step, ...]:
        after = self.new.block(self.ids.get(before.id, ""))
        if after is None:
            return (Step(Merged.REMOVED, before.id, old_text=self.fill(before.text),
                         note=before.type is BlockType.NOTE),) \
                if before.type in TEXT_TYPES else ()
        if before.type in TEXT_TYPES and fold(before.text) != fold(after.text):
            return (Step(Merged.TAKEN, after.id, old_text=self.printed(before),
                         new_text=self.printed(after)),)
        if before.type is BlockType.REFERENCES and before.references != after.references \
                and self.district.cross_references is None:
            return (Step(Merged.TAKEN, after.id, old_text=_refs(before),
                         new_text=_refs(after)),)
        return ()

    # -- decisions --

    def decisions(self, moot: set[str]) -> _Decided:
        """Blanks, alternatives and optional text on the new edition (`_DecisionMerge`)."""
        return _DecisionMerge(self, moot).run()

    # -- choices --

    def choices(self) -> tuple[Choices, _Found]:
        """The district's choices on the new edition, and what became of them."""
        new_of = {v: k for k, v in self.ids.items()}
        out = []
        parts = []
        for choice in self.new.choices:
            entries, found = self._choice(self.old.block(new_of.get(choice.id, "")), choice)
            out.append((choice.id, entries))
            parts.append(found)
        parts += [self._choice_removed(before) for before in self.old.choices
                  if before.id not in self.ids and self.district.chosen(before.id)]
        return tuple(out), _total(parts)

    def _choice(self, before: ModelBlock | None, choice: ModelBlock) -> tuple[
            tuple[Entry, ...] | None, _Found]:
        entries = self.district.chosen(before.id) if before is not None else None
        if before is not None and not before.options and choice.options and not entries:
            # the old edition offered nothing to choose: "none" was never a decision,
            # so the choice is open again and render waits for the district's answer
            entries = None
        opened = NOTHING
        if entries is None:
            opened = _Found(steps=(Step(Merged.CHOICE_NEW, choice.id), *(
                Step(Merged.OPTION_NEW, o.id, new_text=self.fill(o.text))
                for o in choice.options)))
        if entries is None or before is None:
            return None, opened
        kept, found = self._entries(before, choice, entries)
        return kept, _total([opened, found])

    def _choice_removed(self, before: ModelBlock) -> _Found:
        """A choice the new edition no longer has, where the district had chosen bullets."""
        text = "; ".join(self._printed(e) for e in self.district.chosen(before.id) or ())
        return _conflict(before.id, Clash.CHOICE_REMOVED, "", "", text, None)

    def _printed(self, entry: Entry) -> str:
        if isinstance(entry, OwnBullet):
            return entry.text
        reworded = {e.target: e.text for e in self.district.edits
                    if e.action is EditAction.REPLACE}
        return reworded.get(entry) or self.fill(self.old_options[entry].text)

    def _entries(self, before: ModelBlock, choice: ModelBlock,
                 entries: tuple[Entry, ...]) -> tuple[tuple[Entry, ...], _Found]:
        out: list[Entry] = []
        parts: list[_Found] = []
        taken = {self.option_ids.get(e) for e in entries if isinstance(e, str)}
        for entry in entries:
            if isinstance(entry, OwnBullet):
                kept, found = self._own_bullet(entry, choice, taken)
                taken.add(kept if isinstance(kept, str) else None)
            else:
                kept, found = self._option_entry(entry)
            out.append(kept)
            parts.append(found)
        considered = {self.option_ids.get(o.id) for o in before.options} | set(out)
        parts.append(_Found(steps=tuple(
            Step(Merged.OPTION_NEW, option.id, new_text=self.fill(option.text))
            for option in choice.options if option.id not in considered)))
        return tuple(out), _total(parts)

    def _option_entry(self, entry: str) -> tuple[Entry, _Found]:
        """A chosen option on the new edition: its new id, or the district's own bullet when
        the edition removed it."""
        new_id = self.option_ids.get(entry)
        if new_id is None:
            printed = self._printed(entry)
            return OwnBullet(printed), _step(Step(Merged.OPTION_GONE, entry, old_text=printed))
        old_text, new_text = self.old_options[entry].text, self.new_options[new_id].text
        reworded = any(e.target == entry and e.action is EditAction.REPLACE
                       for e in self.district.edits)
        if fold(old_text) != fold(new_text) and not reworded:
            return new_id, _step(Step(Merged.OPTION_TAKEN, new_id, old_text=self.fill(old_text),
                                      new_text=self.fill(new_text)))
        return new_id, NOTHING

    def _own_bullet(self, entry: OwnBullet, choice: ModelBlock,
                    taken: set[str | None]) -> tuple[Entry, _Found]:
        """A bullet of the district's own becomes the new option it matches by its words."""
        scored = [(alike(entry.text, o.text), o) for o in choice.options if o.id not in taken]
        if not scored:
            return entry, NOTHING
        score, option = max(scored, key=lambda t: t[0])
        if score < BULLET_SIMILARITY:
            return entry, NOTHING
        text = self.fill(option.text)
        reworded = (Edit(EditAction.REPLACE, option.id, entry.text),) \
            if unpunctuated(entry.text) != unpunctuated(text) else ()
        return option.id, _Found(edits=reworded, steps=(
            Step(Merged.OPTION_MATCHED, option.id, old_text=entry.text, new_text=text,
                 similarity=score),))


Choices = tuple[tuple[str, tuple[Entry, ...] | None], ...]


# --- blanks, alternatives and optional text -----------------------------------------------------

@dataclass(frozen=True)
class _Decided:
    """The district's v2 decisions on the new edition, and what became of them."""

    found: _Found
    alternatives: tuple[tuple[str, str], ...]
    blanks: tuple[tuple[str, str], ...]
    optional: tuple[tuple[str, Keep], ...]
    undecided: tuple[str, ...]


def _inline_decisions(block: ModelBlock) -> tuple[Decision, ...]:
    return tuple(d for d in (*block.inline, block.alternative, block.optional) if d is not None)


def _decision_block(model: ModelPolicy) -> dict[str, ModelBlock]:
    """Decision id -> the block it is asked in (choices of bullets aside)."""
    return {d.id: b for b in model.blocks for d in _inline_decisions(b)}


def _recommended(decision: Decision) -> str:
    """The model's own value of a decision, as the file would write it ("" for none)."""
    match decision:
        case Blank() | Alternative():
            return decision.recommended
        case OptionalText():
            return decision.recommended.value if decision.recommended else ""
    return ""


def _adopted_words(decision: Decision, value: str) -> str:
    """What a decision prints with `value` (a blank's value, a wording id, keep/omit)."""
    match decision:
        case Blank():
            return decision.filled(value) if value else decision.published
        case Alternative():
            wording = decision.wording(value)
            return wording.text if wording else ""
        case OptionalText():
            return decision.text if value == Keep.KEEP.value else ""
    return ""


class _DecisionMerge:
    """Each blank, alternative and optional text three ways. What the district wrote in its
    file is its own: kept while the new edition still asks it, a conflict when the new
    edition removed it (the district's side held as an edit: the words it printed). What the
    district left to the model follows the model: the new recommended value, or "to decide"
    where the new edition recommends none."""

    def __init__(self, merger: _Merger, moot: set[str]):
        self.merger = merger
        self.moot = moot  # blocks the district replaced or dropped: their decisions print nothing
        district = merger.district
        self.written: dict[str, str] = {**dict(district.alternatives), **dict(district.blanks),
                                        **{k: v.value for k, v in district.optional}}
        self.old_blocks = _decision_block(merger.old)
        self.new_blocks = _decision_block(merger.new)
        self.kept: dict[str, str] = {}
        self.undecided: list[str] = []
        self.parts: list[_Found] = []
        self.in_conflict: set[str] = set()  # old blocks whose district side is already held

    def run(self) -> _Decided:
        old = {d.id: d for b in self.merger.old.blocks for d in _inline_decisions(b)}
        new = {d.id: d for b in self.merger.new.blocks for d in _inline_decisions(b)}
        for ident, before in old.items():
            after = new.get(ident)
            if after is None or decision_kind(after) is not decision_kind(before):
                self._removed(before)
            else:
                self._both(before, after)
        for ident, after in new.items():
            if ident not in old:
                self._new(after)
        alternatives, blanks, optional = [], [], []
        for ident, value in self.kept.items():
            match new[ident]:
                case Alternative():
                    alternatives.append((ident, value))
                case Blank():
                    blanks.append((ident, value))
                case OptionalText():
                    optional.append((ident, Keep(value)))
        return _Decided(_total(self.parts), tuple(alternatives), tuple(blanks), tuple(optional),
                        tuple(self.undecided))

    def _new(self, after: Decision) -> None:
        value = _recommended(after)
        if not value:
            self.undecided.append(after.id)
        self.parts.append(_Found(steps=(Step(Merged.DECISION_NEW, after.id,
                                             new_text=_adopted_words(after, value)
                                             if value else ""),)))

    def _removed(self, before: Decision) -> None:
        block = self.old_blocks[before.id]
        if before.id not in self.written or block.id in self.moot:
            self.parts.append(_step(Step(Merged.DECISION_GONE, before.id,
                                         old_text=_adopted_words(before, _recommended(before)))))
            return
        self._conflict(before, Clash.DECISION_REMOVED)

    def _both(self, before: Decision, after: Decision) -> None:
        ident = before.id
        if ident in self.written:
            value = self.written[ident]
            if isinstance(after, Alternative) and after.wording(value) is None:
                if self.old_blocks[ident].id in self.moot:
                    self._follow_model(before, after)
                else:
                    self._conflict(before, Clash.WORDING_REMOVED)
                    self._follow_model(before, after, quiet=True)
                return
            self.kept[ident] = value
            self._reworded(before, after, value)
            return
        self._follow_model(before, after)

    def _follow_model(self, before: Decision, after: Decision, quiet: bool = False) -> None:
        """A decision the district left to the model: the new edition's recommendation."""
        old_value, new_value = _recommended(before), _recommended(after)
        if not new_value:
            self.undecided.append(after.id)
        if quiet:
            return
        if old_value != new_value or not new_value:
            if old_value == new_value:  # never recommended: the district still has to decide
                return
            self.parts.append(_step(Step(
                Merged.RECOMMENDED_TAKEN if new_value else Merged.DECISION_NEW, after.id,
                old_text=_adopted_words(before, old_value),
                new_text=_adopted_words(after, new_value))))
            return
        self._reworded(before, after, new_value)

    def _reworded(self, before: Decision, after: Decision, value: str) -> None:
        old_words, new_words = _adopted_words(before, value), _adopted_words(after, value)
        if old_words and fold(old_words) != fold(new_words) \
                and self.old_blocks[before.id].id not in self.moot:
            self.parts.append(_step(Step(Merged.DECISION_REWORDED, after.id,
                                         old_text=old_words, new_text=new_words)))

    def _conflict(self, before: Decision, clash: Clash) -> None:
        """The district's side is the paragraph as it printed it: an edit replacing the
        paragraph in the new edition, or added where it stood when the paragraph is gone."""
        merger = self.merger
        block = self.old_blocks[before.id]
        printed = _printed(block, merger.district)
        model_side = _printed(block, _undecided(merger.district))
        new_id = merger.ids.get(block.id, "")
        after = merger.new.block(new_id)
        new_text = _printed(after, _undecided(merger.district)) if after is not None else ""
        if block.id in self.in_conflict:
            self.parts.append(_Found(steps=(Step(Merged.CONFLICT, before.id),)))
            return
        self.in_conflict.add(block.id)
        if after is not None and after.type not in (BlockType.CHOICE, BlockType.NOTE):
            edit = Edit(EditAction.REPLACE, after.id, printed)
        else:
            anchor, action = merger._surviving_before(block.id)
            edit = Edit(action, anchor, printed)
        self.parts.append(_conflict(before.id, clash, model_side, new_text, printed, edit))


def _undecided(district: DistrictPolicy) -> DistrictPolicy:
    """The district with none of its own v2 decisions: the model as it recommends."""
    return replace(district, alternatives=(), blanks=(), optional=())


def _printed(block: ModelBlock, district: DistrictPolicy) -> str:
    """A block's words as `district` prints it (its decisions made, its name filled)."""
    from .composition import decided_text

    if block.alternative is not None:
        wording = block.alternative.wording(district.wording(block.alternative) or "")
        text = wording.text if wording else block.alternative.published
        return text.replace(PLACEHOLDER, district.district)
    if block.optional is not None:
        return block.text.replace(PLACEHOLDER, district.district)
    return decided_text(block, district)


def _refs(block: ModelBlock) -> str:
    return "; ".join(f"{r.code} {r.title}".strip() for r in block.references)



# --- the file -----------------------------------------------------------------------------------

CLASH_WORDS = {
    Clash.BOTH_CHANGED: "the new edition rewrote it; the district had its own text",
    Clash.DROPPED_CHANGED: "the new edition rewrote it; the district had dropped it",
    Clash.EDITED_REMOVED: "the new edition removed it; the district had its own text",
    Clash.KEPT_REMOVED: "the new edition removed this drafting note; the district printed it",
    Clash.CHOICE_REMOVED: "the new edition removed this choice; the district had chosen bullets",
    Clash.WORDING_REMOVED: "the new edition removed the wording the district chose",
    Clash.DECISION_REMOVED: "the new edition removed this decision; the district had made it",
}


@dataclass
class Upgrade:
    """`upgrade_file`'s result: the merge, the new file's text ("" when there was nothing to
    do), and whether the file already followed the target edition."""

    merge: Merge | None
    text: str
    current: str  # the edition the file follows
    target: str
    up_to_date: bool = False


def upgrade_file(path: str, library, to: str | None = None, *,
                 resolve: Resolve | None = None) -> Upgrade:
    """Read the district policy file at `path` (it must validate), merge it onto `to` (the
    model's default edition when None), and return the new file's text, checked as
    `validate` checks it (apart from the conflicts written into it)."""
    from .district import parse_district
    from .roundtrip import rewrite
    from .yamlfile import load_yaml, read_text

    text = read_text(path, what="district policy file")
    district, old = parse_district(load_yaml(path, text=text, what="district policy file"),
                                   library, require_choices=False)
    new = _target(path, old, library, to)
    if new.ref == old.ref:
        return Upgrade(None, "", old.ref, new.ref, up_to_date=True)
    result = merge(district, old, new, resolve=resolve)
    notes = (_choice_note(old), _choice_note(new))
    settled = rewrite(text, district, result.district, notes=notes,
                      decisions=_written_decisions(new, result))
    _check(settled, library, path)
    if not result.open_conflicts:
        return Upgrade(result, settled, old.ref, new.ref)
    located, out = _with_conflicts(text, district, result, notes)
    return Upgrade(located, out, old.ref, new.ref)


def _written_decisions(new: ModelPolicy, result: Merge) -> Decisions:
    """What `rewrite` needs to write the decisions: every id the new edition asks, and those
    the district now has to decide."""
    from .roundtrip import Decisions

    sections = {Alternative: "choices", Blank: "blanks", OptionalText: "optional"}
    undecided = tuple((sections[type(d)], d.id) for d in new.decisions()
                      if d.id in result.undecided and type(d) in sections)
    return Decisions(frozenset(d.id for d in new.decisions()), undecided)


def _with_conflicts(text: str, before: DistrictPolicy, result: Merge,
                    notes: tuple[str, str]) -> tuple[Merge, str]:
    """The file with its conflicts written, each entry naming the lines to keep or delete,
    and the merge whose conflicts know those lines. The lines an entry names change the
    lines of the entries after it, so the file is written until they stand still."""
    from .roundtrip import item_lines, rewrite

    conflicts = result.conflicts
    for _ in range(5):
        out = rewrite(text, before, result.district, [_entry(c) for c in conflicts], notes,
                      decisions=_written_decisions(result.new, result))
        edits, entries = item_lines(out, "edits"), item_lines(out, "conflicts")
        located = tuple(replace(c, where=Where(_edit_lines(c, result.district.edits, edits),
                                               entries[k]))
                        for k, c in enumerate(conflicts))
        if located == conflicts:
            break
        conflicts = located
    return replace(result, conflicts=conflicts), out


def _edit_lines(conflict: Conflict, edits: tuple[Edit, ...],
                lines: list[Lines]) -> Lines | None:
    """The lines of the edit holding the conflict's district side (edits are written in
    order, one list item each)."""
    k = next((k for k, e in enumerate(edits) if e is conflict.edit), None)
    return lines[k] if k is not None and k < len(lines) else None


def _entry(conflict: Conflict) -> dict[str, str]:
    """A conflict as it is written under `conflicts:`."""
    return {"block": conflict.block, "conflict": CLASH_WORDS[conflict.clash],
            "old_model": conflict.old_model, "new_model": conflict.new_model or "(removed)",
            "district": conflict.district or "(dropped)", "settle": settle_words(conflict)}


def _span(lines: Lines) -> str:
    first, last = lines
    return f"line {first}" if first == last else f"lines {first}-{last}"


def settle_words(conflict: Conflict) -> str:
    """How the clerk settles a conflict: the block in conflict by its id and its opening
    words, and the lines of the file to keep or delete ("" before the file is written)."""
    if conflict.where is None:
        return ""
    words = conflict.old_model or conflict.new_model or conflict.district
    block = f"{conflict.block} ({quote(words, SETTLE_WORDS)})" if words else conflict.block
    entry = f"Then delete this entry ({_span(conflict.where.entry)})."
    lines = conflict.where.edit
    if lines is None or conflict.edit is None:
        return (f"{block}: the district's side is not in this file. To keep it, write it "
                f"as edits; to take the new edition's side, change nothing. {entry}")
    edit = f"{conflict.edit.action.value}: {conflict.edit.target}"
    span = _span(lines)
    return (f"{block}: the district's side is the edit at {span} ({edit}). To keep the "
            f"district's side, leave {span}; to take the new edition's side "
            f"({_taken(conflict)}), delete {span}. {entry}")


def _taken(conflict: Conflict) -> str:
    """What taking the new edition's side does, in words."""
    match conflict.clash:
        case Clash.EDITED_REMOVED | Clash.KEPT_REMOVED:
            return f"{conflict.block} is not printed"
        case _:
            return f"its text for {conflict.block} is printed"


class TargetError(InputError):
    """The edition asked for is not one this file can move to (the CLI names its flag)."""


def _target(path: str, old: ModelPolicy, library: Library, to: str | None) -> ModelPolicy:
    """The edition to move to: `to`, which must be an edition of the file's own model, or the
    model's default edition."""
    wanted = parse_ref(to) if to else None
    if to and wanted is None:
        raise TargetError(f"'{to}' is not a model reference like mtsba/5460@2012")
    if wanted is not None and wanted.name != old.name:
        raise TargetError(f"{path} follows {old.name}, not {wanted.name}; an upgrade moves a "
                          "policy to another edition of the same model")
    try:
        return library.get(to or old.name)
    except InputError as exc:
        raise TargetError(exc.message) from None


def _choice_note(model: ModelPolicy) -> str:
    choice = model.choices[0] if len(model.choices) == 1 else None
    note = model.block(choice.note) if choice is not None and choice.note else None
    return note.text if note is not None else ""


def _check(text: str, library, path: str) -> None:
    """The merged file (conflicts aside) must be one `validate` accepts."""
    from .district import parse_district
    from .yamlfile import load_yaml

    try:
        parse_district(load_yaml(path, text=text, what="district policy file"), library,
                       require_choices=False)
    except BoardPolicyError as exc:
        raise InputError(f"cannot be upgraded: the district policy file it would make is not "
                         f"valid ({exc.message})", path=path) from None
