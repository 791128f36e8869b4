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
    match fmt:
        case PacketFormat.DOCX:
            from .docx import render_packet_docx

            return render_packet_docx(diff, new, author=context.author, when=when)
        case PacketFormat.HTML:
            from .html import render_packet_html

            return render_packet_html(diff, new, when=when,
                                      templates=context.templates)
        case _:
            assert_never(fmt)
