"""What the packet's cover page says: the facts of the comparison and one plain sentence
per change, shared by the Word and the web packet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, datetime

from ...dates import MONTHS, parse_date, split_dates
from ...diff.result import Diff, Topic, Unit, UnitKind
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
        ("Compared", versions(diff)),
        ("Changes", changes),
    ]
    facts += [("Warning", f.words) for f in diff.findings if f.kind is FindingKind.CUT_OFF]
    facts.append(("Files", f"{diff.old_name} → {diff.new_name}"))  # the footnote: last
    return facts


def versions(diff: Diff) -> str:
    """The two versions as a board member names them, from the policy history: "Adopted
    March 14, 2022 → proposed revision"; file names only where there is no history."""
    if diff.model and diff.old_name.split("@")[0] == diff.model.split("@")[0]:
        old = f"the model policy {diff.old_name}"
    else:
        old_latest = _latest(c.old for c in diff.changes)
        old = _dated(old_latest) if old_latest else diff.old_name
    old_when = _latest(c.old for c in diff.changes)
    new_latest = _latest(c.new for c in diff.changes)
    newer = new_latest and (old_when is None or new_latest[1] > old_when[1])
    return f"{old} → {_dated(new_latest) if newer and new_latest else 'proposed revision'}"


def _latest(units: Iterable[Unit | None]) -> tuple[str, date] | None:
    """The latest dated line of a policy history: ("Adopted", its date)."""
    found: list[tuple[date, str]] = []
    for unit in units:
        if unit is None or unit.kind is not UnitKind.ENTRY or ":" not in unit.text:
            continue
        label, _, values = unit.text.partition(":")
        for value in split_dates(values):
            with contextlib.suppress(ValueError):  # a date we cannot read dates nothing
                found.append((parse_date(value), label.removesuffix(" on").strip()))
    if not found:
        return None
    when, label = max(found)
    return label, when


def _dated(latest: tuple[str, date]) -> str:
    label, when = latest
    return f"{label} {MONTHS[when.month - 1].title()} {when.day}, {when.year}"


def _date_words(when: datetime, from_history: bool = False) -> str:
    """The packet's date in words; the reproducible stand-in date is not shown as one."""
    if when == FALLBACK_DATE:
        return "not given (no date in the policy history)"
    words = f"{MONTHS[when.month - 1].title()} {when.day}, {when.year}"
    return f"not given; the policy’s latest history date is {words}" if from_history else words
