"""The comparison as one standalone web page (templates/compare.html.j2)."""

from __future__ import annotations

from pathlib import Path

from ...compare import Matrix, cell, forbidden


def render_html(matrix: Matrix, templates: Path | None = None) -> str:
    from ..policy.templated import environment

    rows = matrix.rows
    return environment(templates).get_template("compare.html.j2").render(
        model=matrix.model, columns=matrix.columns, rows=rows, cell=cell,
        counts={c: sum(c in forbidden(r) for r in rows if not r.error) for c in matrix.columns},
        good=sum(1 for r in rows if not r.error))
