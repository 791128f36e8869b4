"""A Diff as a terminal report, two columns, a patch-like text, an HTML redline, JSON, or a
Word document with tracked changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...diff.result import Diff
    from ...document import Document


class DiffFormat(OutputFormat):
    TERMINAL = "terminal"
    SIDE_BY_SIDE = "side-by-side"
    UNIFIED = "unified"
    HTML = "html"
    JSON = "json"
    DOCX = "docx"


def render_diff(diff: Diff, fmt: DiffFormat, context: Context | None = None, *,
                new: Document | None = None) -> str | bytes:
    """The diff in `fmt`. The Word redline is the new document with its changes tracked, so
    it needs `new` (the other formats show the diff alone)."""
    context = context or Context()
    match fmt:
        case DiffFormat.TERMINAL:
            from .terminal import render_terminal

            return render_terminal(diff, color=context.color, width=context.width)
        case DiffFormat.SIDE_BY_SIDE:
            from .side_by_side import render_side_by_side

            return render_side_by_side(diff, color=context.color, width=context.width)
        case DiffFormat.UNIFIED:
            from .unified import render_unified

            return render_unified(diff, context=context.context_lines)
        case DiffFormat.HTML:
            from .html import render_html

            return render_html(diff, context.templates, new=new)
        case DiffFormat.JSON:
            from .json import render_json

            return render_json(diff)
        case DiffFormat.DOCX:
            from .docx import render_docx

            if new is None:
                raise ValueError("the Word redline needs the new document")
            return render_docx(diff, new, author=context.author, when=context.date_for(new))
        case _:
            assert_never(fmt)
