"""The first-reading packet: a cover page with a plain-language summary of the changes, the
redline, and a clean copy of the new text, as one Word document or one web page."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...diff.result import Diff
    from ...document import Document
    from ...manual_diff import ManualDiff


class PacketFormat(OutputFormat):
    DOCX = "docx"
    HTML = "html"


def render_packet(diff: Diff, new: Document, fmt: PacketFormat,
                  context: Context | None = None) -> str | bytes:
    """The packet for the board: `new` is the version for first reading."""
    context = context or Context()
    when = context.date_for(new)
    # no date given (nor SOURCE_DATE_EPOCH): the cover says its date is the history's
    from_history = not (context.when or context.source_date)
    match fmt:
        case PacketFormat.DOCX:
            from .docx import render_packet_docx

            return render_packet_docx(diff, new, author=context.author, when=when,
                                      from_history=from_history)
        case PacketFormat.HTML:
            from .html import render_packet_html

            return render_packet_html(diff, new, when=when, from_history=from_history,
                                      templates=context.templates)
        case _:
            assert_never(fmt)


def render_manual_packet(manual_diff: ManualDiff, fmt: PacketFormat,
                         context: Context | None = None) -> str | bytes:
    """The packet for a meeting on two versions of a manual: the cover listing every policy
    added, removed, renumbered or changed, then per changed policy its list of changes,
    redline and clean copy, and the metadata-only changes in one table at the end."""
    from ...dates import MONTHS
    from ..context import FALLBACK_DATE
    from ..manual_diff import manual_date

    context = context or Context()
    when = manual_date(manual_diff, context)
    date = f"{MONTHS[when.month - 1].title()} {when.day}, {when.year}"
    if when == FALLBACK_DATE:
        date = "not given (no date in the changed policies' histories)"
    elif not (context.when or context.source_date):
        date = f"not given; the latest date in a changed policy's history is {date}"
    match fmt:
        case PacketFormat.DOCX:
            from ..manual_diff.docx import render_manual_docx

            return render_manual_docx(manual_diff, author=context.author, when=when,
                                      packet=True, date=date)
        case PacketFormat.HTML:
            from ..manual_diff.html import render_manual_html

            return render_manual_html(manual_diff, context.templates, packet=True, date=date)
        case _:
            assert_never(fmt)
