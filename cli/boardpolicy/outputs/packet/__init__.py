"""The first-reading packet: a cover page with a plain-language summary of the changes, the
redline, and a clean copy of the new text, as one Word document or one web page."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...diff.result import Diff
    from ...document import Document


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
