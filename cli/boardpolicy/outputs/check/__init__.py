"""What `check` found in a manual, as text (one line per finding) or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...check import CheckReport


class CheckFormat(OutputFormat):
    TEXT = "text"
    JSON = "json"


def render_check(report: CheckReport, fmt: CheckFormat, context: Context | None = None) -> str:
    """The report in `fmt`; the order is the report's (by policy number, then file)."""
    context = context or Context()
    match fmt:
        case CheckFormat.TEXT:
            from .text import render_text

            return render_text(report, color=context.color)
        case CheckFormat.JSON:
            from .json import render_json

            return render_json(report)
        case _:
            assert_never(fmt)
