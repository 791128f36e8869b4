"""The comparison as one standalone web page (templates/compare.html.j2), with the figures the
terminal table shows (figures.py): the same names, editions, stars and counts."""

from __future__ import annotations

from pathlib import Path

from ...compare import Matrix, cell
from .figures import figures


def render_html(matrix: Matrix, templates: Path | None = None) -> str:
    from ..policy.templated import environment

    return environment(templates).get_template("compare.html.j2").render(
        model=matrix.model, columns=matrix.columns, decisions=matrix.decisions, cell=cell,
        figures=figures(matrix),
        errors=[row for row in matrix.rows if row.error],
        default_edition=matrix.default_edition)
