"""The layout every redline shares (HTML and Word): the rows a reader sees, in order.

A moved block appears twice: deleted where it stood and inserted where it now stands, each
labelled with where the other is. That is how LibreOffice shows Word's moves too, and it lets
both redlines describe exactly the same insertions and deletions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum

from .result import Category, Change, Diff, Inserted, Moved, Op, Span, Topic, UnitKind
from .wording import KIND_NAMES, named


class Place(StrEnum):
    """Which of a moved block's two rows: where it stood, or where it now stands."""

    AWAY = "away"
    HERE = "here"


@dataclass(frozen=True, slots=True)
class Row:
    kind: UnitKind
    spans: tuple[Span, ...]
    change: Change
    label: str = ""  # what happened, in words; empty for unchanged text
    moved: Place | None = None  # a moved block's row: at its old place, or its new
    comment: str = ""  # a reviewer's note on the block (Word shows it as a comment)

    @property
    def whole(self) -> Op | None:
        """INSERT or DELETE when the whole block is inserted or deleted (its paragraph mark
        too), else None."""
        ops = {s.op for s in self.spans}
        return next(iter(ops)) if len(ops) == 1 and ops <= {Op.INSERT, Op.DELETE} else None


def rows(diff: Diff, *, header: bool = True) -> list[Row]:
    """The rows in reading order. Without `header`, the district's name and the policy
    number are left out where they did not change (a Word page header shows them)."""
    main = _rows_in_new_order(diff, header)
    away = _moved_away(diff, main)
    out = list(away.get(-1, []))
    for k, row in enumerate(main):
        out.append(row)
        out.extend(away.get(k, []))
    return out


def _rows_in_new_order(diff: Diff, header: bool) -> list[Row]:
    """A row per change the redline shows, a moved block at its new place."""
    described = diff.described()
    own = {item.index for item in diff.listed if item.category is Topic.OPTION and
           _inserted_without_id(diff.changes[item.index])}
    main: list[Row] = []
    for k, change in enumerate(diff.changes):
        if not _shown(change, header):
            continue
        if isinstance(change, Moved):
            main.append(Row(change.kind, (Span(Op.INSERT, change.new_text),), change,
                            described.get(k, ""), Place.HERE))
            continue
        quiet = change.op is Op.EQUAL or change.category is Category.FILLED_IN
        comment = "Not adopted by the district" \
            if change.category is Category.OPTION_NOT_ADOPTED else \
            "Not known: the document is cut off" \
            if change.category in (Category.NOT_KNOWN, Category.CUT_OFF) else \
            "A bullet of the district’s own" if k in own else ""
        main.append(Row(change.kind, change.spans, change,
                        "" if quiet else described.get(k, ""), comment=comment))
    return main


def _inserted_without_id(change: Change) -> bool:
    return isinstance(change, Inserted) and not change.new.id


def _shown(change: Change, header: bool) -> bool:
    """Drafting notes are never shown; without `header`, neither are the district's name and
    the policy number where they did not change."""
    if change.category is Category.DRAFTING_NOTE:
        return False
    return header or change.kind not in (UnitKind.DISTRICT, UnitKind.SERIES) or not \
        (change.op is Op.EQUAL or change.category is Category.FILLED_IN)


def _moved_away(diff: Diff, main: list[Row]) -> dict[int, list[Row]]:
    """Each move's old place: after the last row that stood before it in the old document
    (-1: before every row), found by binary search over the rows' old positions (linear in
    the document, not rows × moves)."""
    placed = sorted((row.change.old_index, k) for k, row in enumerate(main)
                    if row.moved is not Place.HERE and row.change.old_index is not None)
    olds = [old for old, _ in placed]
    latest: list[int] = []  # latest[n]: the last row among the n + 1 first in old order
    for _, k in placed:
        latest.append(max(k, latest[-1]) if latest else k)
    away: dict[int, list[Row]] = {}
    for change in diff.changes:
        if not isinstance(change, Moved):
            continue
        n = bisect.bisect_left(olds, change.old_index)
        after = latest[n - 1] if n else -1
        name = KIND_NAMES.get(change.old.kind, change.old.kind)
        label = f"Moved from here: the {named(name, change.old_text)}."
        away.setdefault(after, []).append(Row(
            change.old.kind, (Span(Op.DELETE, change.old_text),), change, label, Place.AWAY))
    for slot in away.values():  # several moves from one place: in their old order
        slot.sort(key=lambda row: row.change.old_index or 0)
    return away
