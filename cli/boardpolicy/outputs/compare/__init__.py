"""The comparison of many districts with one model, as a terminal table, CSV, JSON or a web
page."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...compare import Matrix


class CompareFormat(OutputFormat):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    HTML = "html"


def render_compare(matrix: Matrix, fmt: CompareFormat, context: Context | None = None) -> str:
    """The matrix in `fmt`; rows whose file could not be read are left out of the table and
    the web page (the caller reports them) and carry their error in CSV and JSON."""
    context = context or Context()
    match fmt:
        case CompareFormat.TABLE:
            from .table import render_table

            return render_table(matrix, width=context.width, color=context.color)
        case CompareFormat.CSV:
            from .csv import render_csv

            return render_csv(matrix)
        case CompareFormat.JSON:
            from .json import render_json

            return render_json(matrix)
        case CompareFormat.HTML:
            from .html import render_html

            return render_html(matrix, context.templates)
        case _:
            assert_never(fmt)
