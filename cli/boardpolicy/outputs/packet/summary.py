"""What the packet's cover page says: the facts of the comparison and one plain sentence
per change, shared by the Word and the web packet."""

from __future__ import annotations

from datetime import datetime

from ...dates import MONTHS
from ...diff.result import Category, Diff, Op
from ...diff.wording import describe, short
from ...document import Document
from ..context import FALLBACK_DATE


def plain_changes(diff: Diff, meanings: dict[str, str]) -> list[str]:
    """One sentence per change a board member should know of, in reading order.

    `meanings` maps an option id to what choosing it means (its choice's id, "forbidden"),
    so that a bullet removed from the list reads "no longer forbidden".
    """
    out = []
    for change in diff.changes:
        if change.op is Op.EQUAL and change.category is not Category.OPTION_NOT_ADOPTED:
            continue
        if change.category in (Category.DRAFTING_NOTE, Category.FILLED_IN):
            continue
        unit = change.new or change.old
        option = (change.old and change.old.id) or (change.new and change.new.id)
        meaning = meanings.get(option or "")
        if unit.kind == "item":
            name = f"bullet '{short(unit.text)}'"
            if change.category is Category.OPTION_NOT_ADOPTED:
                out.append(f"{name}: option not adopted" +
                           (f" (not {meaning})" if meaning else ""))
                continue
            if change.op is Op.DELETE:
                out.append(f"{name} " + (f"no longer {meaning}" if meaning else "removed"))
                continue
            if change.op is Op.INSERT:
                out.append(f"{name} " + (f"now {meaning}" if meaning else "added"))
                continue
        out.append(describe(change))
    return out


def cover_facts(diff: Diff, new: Document, when: datetime) -> list[tuple[str, str]]:
    s = diff.summary
    return [
        ("Policy", f"{new.number} {new.title}".strip()),
        ("District", new.district or "—"),
        ("Date", _date_words(when)),
        ("Compared", f"{diff.old_name} → {diff.new_name}"),
        ("Changes", f"{s.modified} reworded, {s.inserted} added, {s.deleted} removed, "
                    f"{s.moved} moved; {s.unchanged} unchanged; similarity "
                    f"{s.similarity:.0%}"),
    ]


def _date_words(when: datetime) -> str:
    """The packet's date in words; the reproducible stand-in date is not shown as one."""
    if when == FALLBACK_DATE:
        return "not given (no date in the policy history)"
    return f"{MONTHS[when.month - 1].title()} {when.day}, {when.year}"
