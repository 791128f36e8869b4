"""What `model import` made of a model document, as text (for a clerk) or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...model_import import ModelImport


class ModelImportFormat(OutputFormat):
    TEXT = "text"
    JSON = "json"


def render_model_import(result: ModelImport, fmt: ModelImportFormat,
                        context: Context | None = None, *, written: str | None = None) -> str:
    """The report in `fmt`: the decisions found, the brackets not classified, the round trip."""
    context = context or Context()
    match fmt:
        case ModelImportFormat.TEXT:
            from .text import render_text

            return render_text(result, color=context.color, written=written)
        case ModelImportFormat.JSON:
            from .json import render_json

            return render_json(result, written=written)
        case _:
            assert_never(fmt)
