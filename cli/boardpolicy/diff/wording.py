"""The words every diff output uses for a change: what kind of block, where, and what happened.

Kept in the diff package (not in an output format) so that the redline layout, the import
report and every format say the same thing.
"""

from __future__ import annotations

from .result import Category, Change, Diff, Op, Span, UnitKind

KIND_NAMES = {UnitKind.PARAGRAPH: "paragraph", UnitKind.ITEM: "bullet",
              UnitKind.HEADING: "heading", UnitKind.REFERENCE: "cross reference",
              UnitKind.ENTRY: "history line", UnitKind.LABEL: "section label",
              UnitKind.TITLE: "title", UnitKind.DISTRICT: "district name",
              UnitKind.SERIES: "series and number", UnitKind.NOTE: "drafting note",
              UnitKind.FOOTNOTE: "footnote"}


def where(change: Change) -> str:
    """'paragraph 5' in the new document, or in the old one for a deletion."""
    unit = change.new or change.old
    index = change.new_index if change.new is not None else change.old_index
    name = KIND_NAMES.get(unit.kind, unit.kind) if unit else "block"
    option = (change.old and change.old.id) or (change.new and change.new.id)
    if unit is not None and option and unit.kind is UnitKind.ITEM:
        name += f" '{option}'"
    if index is None:
        return name
    side = "" if change.new is not None else "old "
    return f"{name} ({side}¶{index + 1})"


def describe(change: Change) -> str:
    """A plain-language description: 'paragraph 5 reworded (88% alike)'."""
    what = where(change)
    if change.category is Category.OPTION_NOT_ADOPTED:
        return f"{what}: option not adopted"
    if change.category is Category.DRAFTING_NOTE:
        return f"{what}: the model's drafting note, not policy text"
    if change.category is Category.FILLED_IN:
        return f"{what}: filled in with the district's name"
    verb = {Op.EQUAL: "unchanged", Op.INSERT: "added", Op.DELETE: "removed",
            Op.MODIFY: "reworded", Op.MOVE: "moved"}[change.op]
    if change.op is Op.MOVE:
        verb = f"moved from ¶{(change.old_index or 0) + 1}"
        if any(s.op is not Op.EQUAL for s in change.spans):
            verb += " and reworded"
    if change.op in (Op.MODIFY, Op.MOVE) and change.similarity < 1:
        verb += f" ({alike(change.similarity)} alike)"
    if change.category is Category.OPTION_ADOPTED:
        verb = "adopted, " + verb
    return f"{what} {verb}"


def alike(similarity: float) -> str:
    """A percentage that never says 100% of texts that differ."""
    percent = int(similarity * 100)
    return f"{min(percent, 99)}%" if similarity < 1 else "100%"


def runs(changes: list[Change]) -> list[list[Change]]:
    """Consecutive additions (or removals) of adjacent blocks, as one group each."""
    out: list[list[Change]] = []
    for change in changes:
        if out and change.op in (Op.INSERT, Op.DELETE) and _continues(out[-1][-1], change):
            out[-1].append(change)
        else:
            out.append([change])
    return out


def _continues(previous: Change, change: Change) -> bool:
    if previous.op is not change.op or previous.category is not change.category:
        return False
    if change.op is Op.INSERT:
        return change.new_index == (previous.new_index or 0) + 1
    return change.old_index == (previous.old_index or 0) + 1


def describe_run(run: list[Change]) -> str:
    """'9 blocks added (¶17–¶25)', or the one change's description."""
    if len(run) == 1:
        return describe(run[0])
    first, last = run[0], run[-1]
    if first.op is Op.INSERT:
        span = f"¶{(first.new_index or 0) + 1}–¶{(last.new_index or 0) + 1}"
        return f"{len(run)} blocks added ({span})"
    span = f"old ¶{(first.old_index or 0) + 1}–¶{(last.old_index or 0) + 1}"
    return f"{len(run)} blocks removed ({span})"


def grouped(diff: Diff) -> tuple[list[Change], list[Change], list[Change]]:
    """(the district's departures, its choices, the rest) — departures first for reviewers."""
    departures = [c for c in diff.changes if c.departure]
    choices = [c for c in diff.changes if c.category in (Category.OPTION_ADOPTED,
                                                         Category.OPTION_NOT_ADOPTED)]
    other = [c for c in diff.changes if c.category in (Category.FILLED_IN,
                                                       Category.DRAFTING_NOTE)]
    return departures, choices, other


def marked(spans: tuple[Span, ...]) -> str:
    """Spans as readable plain text: [-deleted-]{+inserted+}."""
    out = []
    for span in spans:
        if span.op is Op.DELETE:
            out.append(f"[-{span.text}-]")
        elif span.op is Op.INSERT:
            out.append(f"{{+{span.text}+}}")
        else:
            out.append(span.text)
    return "".join(out)



def short(text: str, words: int = 6) -> str:
    """The first few words of a text, for naming it in a sentence."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
