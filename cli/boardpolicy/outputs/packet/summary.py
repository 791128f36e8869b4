"""What the packet's cover page says: the facts of the comparison and one plain sentence
per change, shared by the Word and the web packet."""

from __future__ import annotations

from datetime import datetime

from ...dates import MONTHS
from ...diff.result import Diff, Topic
from ...document import Document, FindingKind
from ..context import FALLBACK_DATE


def change_sections(diff: Diff) -> list[tuple[str, list[str]]]:
    """The list of changes under its headings, as every format shows it: the district's
    changes (numbered), the options, and what is not counted as a change."""
    headline = diff.headline[:1].upper() + diff.headline[1:]
    sections = [(headline, [i.description for i in diff.listed if i.by_district])]
    options = [i.description for i in diff.listed_in(Topic.OPTION)]
    if options:
        sections.append(("Options", options))
    other = [i.description for i in diff.listed_in(Topic.FILLED_IN, Topic.MODEL, Topic.NOTE,
                                                     counted=False)]
    if other:
        sections.append(("Not counted as changes", other))
    return sections


def cover_facts(diff: Diff, new: Document, when: datetime,
                from_history: bool = False) -> list[tuple[str, str]]:
    """The cover's facts; `from_history`: no date was given, `when` is the policy's latest
    history date, and the cover says so (a first reading dated 2012 would read as wrong)."""
    adopted = len(diff.summary.options_adopted)
    total = adopted + len(diff.summary.options_not_adopted)
    changes = diff.headline + (f"; {adopted} of {total} options adopted" if total else "")
    facts = [
        ("Policy", f"{new.number} {new.title}".strip()),
        ("District", new.district or "—"),
        ("Date", _date_words(when, from_history)),
        ("Compared", f"{diff.old_name} → {diff.new_name}"),
        ("Changes", changes),
    ]
    facts += [("Warning", f.words) for f in diff.findings if f.kind is FindingKind.CUT_OFF]
    return facts


def _date_words(when: datetime, from_history: bool = False) -> str:
    """The packet's date in words; the reproducible stand-in date is not shown as one."""
    if when == FALLBACK_DATE:
        return "not given (no date in the policy history)"
    words = f"{MONTHS[when.month - 1].title()} {when.day}, {when.year}"
    return f"not given; the policy’s latest history date is {words}" if from_history else words
