"""The comparison as CSV, one row per file, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ...compare import Matrix, cell


def render_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "district", "edition", "similarity", *matrix.columns,
                     "own_bullets", "local_edits", "cut_off", "error"])
    for row in matrix.rows:
        ok = not row.error
        writer.writerow([row.file, row.district, row.edition,
                         f"{row.similarity:.4f}" if ok else "",
                         *[cell(row, c) if ok else "" for c in matrix.columns],
                         row.own_bullets if ok else "", row.local_edits if ok else "",
                         ("yes" if row.cut_off else "no") if ok else "", row.error])
    return buffer.getvalue()
