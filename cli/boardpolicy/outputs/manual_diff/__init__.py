"""A manual's change between two versions in every format the single diff has: the policies
added, removed, renumbered and changed, then each changed policy's own diff."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..diff import DiffFormat

if TYPE_CHECKING:
    from ...manual_diff import ManualDiff


def render_manual_diff(manual_diff: ManualDiff, fmt: DiffFormat,
                       context: Context | None = None) -> str | bytes:
    """The manual's change in `fmt` (the single diff's formats, its enum)."""
    context = context or Context()
    match fmt:
        case DiffFormat.TERMINAL | DiffFormat.SIDE_BY_SIDE | DiffFormat.UNIFIED:
            from .text import render_text

            return render_text(manual_diff, fmt, context)
        case DiffFormat.HTML:
            from .html import render_manual_html

            return render_manual_html(manual_diff, context.templates)
        case DiffFormat.JSON:
            from .json import render_manual_json

            return render_manual_json(manual_diff)
        case DiffFormat.DOCX:
            from .docx import render_manual_docx

            return render_manual_docx(manual_diff, author=context.author,
                                      when=manual_date(manual_diff, context))
        case _:
            assert_never(fmt)


def manual_date(manual_diff: ManualDiff, context: Context) -> datetime:
    """The date of a manual's redline or packet: the one given, else SOURCE_DATE_EPOCH,
    else the latest history date of a changed policy, else FALLBACK_DATE (reproducible)."""
    from ..context import FALLBACK_DATE, history_date
    from .cover import changed

    if context.when or context.source_date:
        return context.when or context.source_date or FALLBACK_DATE
    dates = [d for d in (history_date(p.new.document) for p in changed(manual_diff)) if d]
    return max(dates, default=FALLBACK_DATE)
