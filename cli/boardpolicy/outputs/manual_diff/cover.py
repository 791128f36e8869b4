"""What every format of a manual's change lists first: the policies added, removed,
renumbered and changed (each with its headline), and the front-matter-only changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...document import Document
from ...manual_diff import ManualDiff, Matched, PolicyChange, PolicyStatus, title_of

if TYPE_CHECKING:
    from ...diff.result import Diff

LISTED = (PolicyStatus.ADDED, PolicyStatus.REMOVED, PolicyStatus.RENUMBERED,
          PolicyStatus.CHANGED)
HEADINGS = {PolicyStatus.ADDED: "Added", PolicyStatus.REMOVED: "Removed",
            PolicyStatus.RENUMBERED: "Renumbered", PolicyStatus.CHANGED: "Changed",
            PolicyStatus.METADATA: "Metadata only (not counted as changes)",
            PolicyStatus.UNCHANGED: "Unchanged"}
MARKERS = {PolicyStatus.ADDED: "+", PolicyStatus.REMOVED: "-", PolicyStatus.RENUMBERED: ">",
           PolicyStatus.CHANGED: "~", PolicyStatus.METADATA: "=", PolicyStatus.UNCHANGED: " "}


@dataclass(frozen=True, slots=True)
class CoverRow:
    """One policy as the cover lists it."""

    status: PolicyStatus
    number: str  # "0415", or "0410 → 0415" when renumbered
    title: str
    headline: str
    anchor: str  # where its diff is, in a page or document that shows it ("" for none)


def row(policy: PolicyChange) -> CoverRow:
    number = str(policy.number)
    if policy.status is PolicyStatus.RENUMBERED:
        number = f"{policy.old_number} → {policy.number}"
    anchor = f"policy-{policy.number}" if isinstance(policy, Matched) and policy.changed else ""
    return CoverRow(policy.status, number, title_of(policy), policy.headline, anchor)


def cover(manual_diff: ManualDiff) -> Iterator[tuple[str, list[CoverRow]]]:
    """(heading, rows) per status the cover lists, only those that have policies."""
    for status in LISTED:
        rows = [row(p) for p in manual_diff.with_status(status)]
        if rows:
            yield HEADINGS[status], rows


def metadata_rows(manual_diff: ManualDiff) -> list[tuple[str, str, str, str, str]]:
    """(number, title, field, old, new) for every front matter field that changed on a
    policy whose text did not: the table at the end of the packet."""
    return [(str(p.number), title_of(p), f.field, f.old or "—", f.new or "—")
            for p in manual_diff.with_status(PolicyStatus.METADATA)
            if isinstance(p, Matched) for f in p.metadata]


def changed(manual_diff: ManualDiff) -> list[Matched]:
    """The policies whose text changed, in number order (renumbered ones too)."""
    return [p for p in manual_diff.policies if isinstance(p, Matched) and p.changed]


def with_front_matter(document: Document) -> Document:
    """The document as its site page prints it: its front matter's legal references, cross
    references and history after its text (a clean copy without them is not the policy)."""
    from dataclasses import replace

    from ...pages import front_matter_blocks

    return replace(document, blocks=document.blocks + tuple(front_matter_blocks(document, {})))


def front_matter_diff(policy: Matched) -> Diff | None:
    """The change of what the two versions' front matter print after the text (dates,
    references), shown after the redline of the text; None when neither prints any."""
    from ...diff import diff_documents
    from ...pages import front_matter_blocks

    old, new = (tuple(front_matter_blocks(p.document, {})) for p in (policy.old, policy.new))
    if not (old or new):
        return None
    return diff_documents(Document(title="", blocks=old), Document(title="", blocks=new),
                          old_name=policy.old.path, new_name=policy.new.path)
