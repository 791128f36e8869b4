"""`check`: a manual's audit, the findings a clerk or CI acts on, in a stable order.

Each finding names its policy, its file, its kind (a FindingKind) and one sentence. Dates are
judged against `as_of` (the caller's today, or the date given for a reproducible run), never
against the clock here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import DateRole, FindingKind, Kind, PolicyDate
from .manual import Manual, PolicyFile, PolicyNumber, parse_number

if TYPE_CHECKING:
    from .library import Library

# "Policy 5015", "see policy 1002.10", "Policies 3270 and 3280": a reference in the text
_MENTION = re.compile(r"\b(?:policy|policies|regulation|procedure)\s+(?:no\.?\s*|number\s+)?"
                      r"(\d{3,5}(?:\.\d{1,4})?)(?![\d.]\d)", re.IGNORECASE)
_READER_KINDS = (FindingKind.BAD_FRONT_MATTER, FindingKind.BAD_DATE)  # a reader's, kept


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """One thing wrong in a manual: which policy (its number, "" if none), which file."""

    policy: str
    file: str
    kind: FindingKind
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"policy": self.policy, "file": self.file, "kind": self.kind.value,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class CheckReport:
    """A manual's findings, and what was checked (for the count at the end)."""

    root: str
    files: int
    policies: int
    findings: tuple[CheckFinding, ...]
    as_of: date
    review_every: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "boardpolicy-check/1", "manual": self.root,
                "as_of": self.as_of.isoformat(), "review_every": self.review_every,
                "files": self.files, "policies": self.policies,
                "findings": [f.to_dict() for f in self.findings]}


def check_manual(manual: Manual, *, as_of: date, review_every: int | None = None
                 ) -> CheckReport:
    """Every finding of the manual, ordered by policy number, then file, kind and words."""
    findings = [*_unreadable(manual), *_duplicates(manual), *_placement(manual)]
    held = manual.keys()
    for policy_file in manual.files():
        findings += _of_file(held, policy_file, as_of, review_every)
    ordered = sorted(set(findings), key=_order)
    return CheckReport(manual.root, len(manual.files()) + len(manual.unreadable),
                       len(manual.policies), tuple(ordered), as_of, review_every)


def _order(finding: CheckFinding) -> tuple[object, ...]:
    number = parse_number(finding.policy) if finding.policy else None
    return (number is None, number.key if number else (), finding.policy, finding.file,
            finding.kind.value, finding.message)


def _shown(number: PolicyNumber | None) -> str:
    return str(number.policy) if number is not None else ""


def _unreadable(manual: Manual) -> Iterator[CheckFinding]:
    for bad in manual.unreadable:
        yield CheckFinding(_shown(bad.number), bad.path, FindingKind.UNREADABLE, bad.reason)


def _duplicates(manual: Manual) -> Iterator[CheckFinding]:
    for number, files in manual.duplicates:
        for policy_file in files:
            others = ", ".join(f.path for f in files if f is not policy_file)
            yield CheckFinding(_shown(number), policy_file.path, FindingKind.DUPLICATE_NUMBER,
                               f"{number} is also claimed by {others}")


def _placement(manual: Manual) -> Iterator[CheckFinding]:
    for policy_file in manual.unnumbered:
        yield CheckFinding("", policy_file.path, FindingKind.NO_NUMBER,
                           "no number in its metadata, its header or its file name")
    held = manual.keys()
    for orphan in manual.orphans:
        number = orphan.number
        if number is not None and number.policy.key not in held:
            yield CheckFinding(_shown(number), orphan.path, FindingKind.NO_POLICY,
                               f"{number} is a {number.kind}, but the manual has no policy "
                               f"{number.policy}")


def _of_file(held: set[tuple[object, ...]], policy_file: PolicyFile, as_of: date,
             review_every: int | None) -> Iterator[CheckFinding]:
    """What one file's own content says: its reader's findings, dates, references."""
    policy, path = _shown(policy_file.number), policy_file.path

    def finding(kind: FindingKind, message: str) -> CheckFinding:
        return CheckFinding(policy, path, kind, message)

    for noticed in policy_file.document.findings:
        if noticed.kind in _READER_KINDS:
            yield finding(noticed.kind, noticed.text)
    if policy_file.edition is not None:
        old, current = policy_file.edition
        yield finding(FindingKind.OLD_EDITION, f"follows {old}; the current edition is "
                                               f"{current} (boardpolicy upgrade moves it)")
    yield from (finding(kind, words)
                for kind, words in _dates(policy_file.metadata.dates, as_of, review_every))
    for reference in sorted(references(policy_file), key=lambda n: (n.key, str(n))):
        if reference.key not in held and reference.policy.key != _own(policy_file):
            yield finding(FindingKind.MISSING_REFERENCE,
                          f"refers to policy {reference}, which the manual does not have")


def _own(policy_file: PolicyFile) -> tuple[object, ...] | None:
    return policy_file.number.policy.key if policy_file.number is not None else None


def _dates(dates: tuple[PolicyDate, ...], as_of: date, review_every: int | None
           ) -> Iterator[tuple[FindingKind, str]]:
    """No date at all; a date after `as_of`; the last review more than `review_every`
    years before it. A date that is not real is the reader's finding already."""
    if not dates:
        yield FindingKind.NO_DATE, "no adopted, revised or reviewed date"
        return
    known = [(d, d.value) for d in dates]
    for policy_date, value in known:
        if value is not None and value > as_of:
            yield FindingKind.BAD_DATE, (f"{policy_date.role.value} {policy_date.written} "
                                         f"is in the future (after {as_of.isoformat()})")
    past = [(value, d.role) for d, value in known if value is not None and value <= as_of]
    if review_every is None or not past:
        return
    latest, role = max(past)
    if _years_after(latest, review_every) < as_of:
        word = {DateRole.ADOPTED: "adopted", DateRole.REVISED: "revised",
                DateRole.REVIEWED: "reviewed"}[role]
        yield FindingKind.REVIEW_OVERDUE, (f"last {word} {latest.isoformat()}, more than "
                                           f"{review_every} year{'s' * (review_every != 1)} "
                                           f"before {as_of.isoformat()}")


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February: 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def references(policy_file: PolicyFile) -> set[PolicyNumber]:
    """The policies a file refers to: its cross references (metadata, or the document's
    cross reference block) and "Policy NNNN" in its text."""
    out: set[PolicyNumber] = set()
    for written in policy_file.metadata.cross_references:
        number = parse_number(written)
        if number is not None:
            out.add(number)
    for block in policy_file.document.walk():
        if block.kind is Kind.REFERENCE:
            continue  # its label is in the metadata's cross references
        for found in _MENTION.finditer(block.text):
            out.add(PolicyNumber(found[1]))
    return out

def check_folder(folder: Path, library: Library, *, as_of: date,
                 review_every: int | None = None, jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Read the manual under `folder` and check it (what `boardpolicy check` runs)."""
    from .manual import read_manual

    manual = read_manual(folder, library, jobs=jobs, progress=progress)
    return check_manual(manual, as_of=as_of, review_every=review_every)
