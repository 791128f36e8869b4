"""The comparison as CSV, one row per file, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ...compare import Matrix, forbidden


def render_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "district", "edition", "similarity", *matrix.columns,
                     "own_bullets", "local_edits", "error"])
    for row in matrix.rows:
        chosen = forbidden(row)
        ok = not row.error
        writer.writerow([row.file, row.district, row.edition,
                         f"{row.similarity:.4f}" if ok else "",
                         *[("yes" if c in chosen else "no") if ok else ""
                           for c in matrix.columns],
                         row.own_bullets if ok else "", row.local_edits if ok else "",
                         row.error])
    return buffer.getvalue()
