"""A manual's change as one Word document: the cover listing every policy added, removed,
renumbered or changed, then each changed policy's list of changes and its redline with
tracked changes (and, for the meeting's packet, its clean copy); the metadata-only changes in
one table at the end. Byte-identical for the same input, as every Word file we write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ...document import Document
from ...manual_diff import Added, ManualDiff, Matched, PolicyStatus, title_of
from .cover import changed, cover, front_matter_diff, metadata_rows, with_front_matter

if TYPE_CHECKING:
    from ..tracked import Revisions
    from ..worddoc import WordDocument
    from ..wordml import Body

NUMBER_TAB = 1440  # twips: the title column of the cover's list, one inch in
# twips, 6.5 inches in all: the title gets room ("Uniform Complaint Procedure" on one line),
# the number and field names less
METADATA_COLUMNS = (1100, 3500, 1400, 1680, 1680)


def render_manual_docx(manual_diff: ManualDiff, *, author: str, when: datetime,
                       packet: bool = False, date: str = "") -> bytes:
    """The Word document; `packet`: the packet for a meeting (clean copies too), dated
    `date` (in words) on its cover."""
    from ..tracked import Revisions
    from ..worddoc import finish, new_word
    from ..wordml import xml_safe

    heading = "Packet: changes to the policy manual" if packet else \
        "Changes to the policy manual"
    document = Document(title=heading, blocks=(), district=_district(manual_diff))
    word, body = new_word(document)
    _cover(body, manual_diff, heading, date)
    revisions = Revisions(xml_safe(author), when)
    for policy in changed(manual_diff):
        _policy(word, body, policy, revisions, packet=packet)
    if packet:
        for added in manual_diff.with_status(PolicyStatus.ADDED):
            assert isinstance(added, Added)
            _added(body, added)
    table = metadata_rows(manual_diff)
    if table:
        body.page_break()
        body.paragraph("Heading1", "Metadata only (not counted as changes)")
        _table(body, ("Policy", "Title", "Field", "Was", "Now"), table, METADATA_COLUMNS)
        body.paragraph("BodyText")
    return finish(word, document, when, kind="Packet" if packet else "Redline",
                  made_from=f"{manual_diff.old_name} → {manual_diff.new_name}")


def _district(manual_diff: ManualDiff) -> str | None:
    """The district the page header names: the first policy's that names one."""
    for policy in manual_diff.policies:
        if policy.file.document.district:
            return policy.file.document.district
    return None


def _cover(body: Body, manual_diff: ManualDiff, heading: str, date: str) -> None:
    from ..policy.docx import reference_columns
    from ..wordml import run

    body.paragraph("Title", heading)
    facts = [("Compared", f"{manual_diff.old_name} → {manual_diff.new_name}")]
    facts += [("Date", date)] if date else []
    facts += [("Policies", manual_diff.headline)]
    facts += [("Note", warning) for warning in manual_diff.warnings]
    for label, value in facts:
        p = body.paragraph("Reference")
        run(p, f"{label}: ", bold=True)
        run(p, value)
    body.paragraph("Heading1", "Policies before the board")
    sections = list(cover(manual_diff))
    for title, rows in sections:
        body.paragraph("Heading2", title)
        for row in rows:
            p = body.paragraph("Reference")
            reference_columns(p)
            run(p, f"{row.number}\t{row.title}: {row.headline}")
    if not sections:
        body.paragraph("BodyText", "No policy was added, removed, renumbered or changed.")


def _policy(word: WordDocument, body: Body, policy: Matched, revisions: Revisions, *,
            packet: bool) -> None:
    """One changed policy: its list of changes, its redline, and in a packet its clean
    copy; each part starting on a new page."""
    from ...diff.result import Topic
    from ..diff.docx import add_redline
    from ..policy.docx import write_blocks

    diff = policy.diff
    assert diff is not None
    body.page_break()
    body.paragraph("Heading1", f"Policy {policy.number} {title_of(policy)}: {policy.headline}")
    body.paragraph("Heading2", "Changes")
    counted = [item.description for item in diff.listed if item.by_district]
    for n, text in enumerate(counted, 1):
        body.paragraph("Reference", f"{n}. {text}")
    others = [item.description for item in diff.listed_in(Topic.OPTION)] + \
        [item.description for item in diff.listed_in(Topic.FILLED_IN, Topic.MODEL, Topic.NOTE,
                                                       counted=False)]
    for text in others:
        body.paragraph("Reference", text)
    for warning in diff.warnings:
        body.paragraph("Reference", f"Note: {warning}")
    body.paragraph("Heading2", "Redline")
    add_redline(word, body, diff, revisions)
    tail = front_matter_diff(policy)
    if tail is not None:
        add_redline(word, body, tail, revisions)
    if packet:
        body.page_break()
        body.paragraph("Heading2", f"Clean copy: {policy.number} {title_of(policy)}")
        body.paragraph("Title", policy.new.document.title)
        write_blocks(body, with_front_matter(policy.new.document))


def _added(body: Body, policy: Added) -> None:
    """A new policy in the packet: its text, for the board has not read it anywhere."""
    from ..policy.docx import write_blocks

    body.page_break()
    body.paragraph("Heading1", f"Policy {policy.number} {title_of(policy)}: {policy.headline}")
    body.paragraph("Title", policy.file.document.title)
    write_blocks(body, with_front_matter(policy.file.document))


def _table(body: Body, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
           widths: tuple[int, ...]) -> None:
    """A plain bordered table before the section properties, its first row a header row
    repeated on every page; its columns `widths` twips wide (Word and LibreOffice otherwise
    make them equal)."""
    from lxml import etree

    from ..wordml import run, w

    table = body.body.makeelement(w("tbl"), {})
    props = etree.SubElement(table, w("tblPr"))
    etree.SubElement(props, w("tblW"), {w("w"): str(sum(widths)), w("type"): "dxa"})
    borders = etree.SubElement(props, w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(borders, w(side), {w("val"): "single", w("sz"): "4",
                                            w("space"): "0", w("color"): "808080"})
    grid = etree.SubElement(table, w("tblGrid"))
    etree.SubElement(props, w("tblLayout"), {w("type"): "fixed"})
    for width in widths:
        etree.SubElement(grid, w("gridCol"), {w("w"): str(width)})
    for k, cells in enumerate([header, *rows]):
        tr = etree.SubElement(table, w("tr"))
        if k == 0:
            etree.SubElement(etree.SubElement(tr, w("trPr")), w("tblHeader"))
        for cell, width in zip(cells, widths, strict=True):
            tc = etree.SubElement(tr, w("tc"))
            etree.SubElement(etree.SubElement(tc, w("tcPr")), w("tcW"),
                             {w("w"): str(width), w("type"): "dxa"})
            p = etree.SubElement(tc, w("p"))
            run(p, cell, bold=k == 0)
    if body.end is not None:
        body.end.addprevious(table)
    else:
        body.body.append(table)
