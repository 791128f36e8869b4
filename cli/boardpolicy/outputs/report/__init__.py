"""What `import` found in an adopted policy, as a text report or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...infer import ImportResult


class ReportFormat(OutputFormat):
    TEXT = "text"
    JSON = "json"


def render_report(result: ImportResult, fmt: ReportFormat, context: Context | None = None, *,
                  name: str, written: str | None = None) -> str:
    """`name` is the document read; `written` the district file written, if any."""
    context = context or Context()
    match fmt:
        case ReportFormat.TEXT:
            from .text import render_text

            return render_text(result, name=name, written=written, color=context.color,
                               width=context.width)
        case ReportFormat.JSON:
            import json

            data = {"file": written, **result.to_dict()}
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        case _:
            assert_never(fmt)
