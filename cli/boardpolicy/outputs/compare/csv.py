"""The comparison as CSV, one row per file, for spreadsheets.

A cell a spreadsheet would read as a formula (text starting with `=`, `+`, `-`, `@`, a tab or
a carriage return, e.g. a district named `=HYPERLINK(...)`) gets a leading `'`, as OWASP
advises against CSV injection: the spreadsheet then shows it as text and runs nothing.
"""

from __future__ import annotations

import csv
import io

from ...compare import Matrix, forbidden

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A text cell that cannot start a formula; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "district", "edition", "similarity", *matrix.columns,
                     "own_bullets", "local_edits", "error"])
    for row in matrix.rows:
        chosen = forbidden(row)
        ok = not row.error
        writer.writerow([cell(row.file), cell(row.district), cell(row.edition),
                         f"{row.similarity:.4f}" if ok else "",
                         *[("yes" if c in chosen else "no") if ok else ""
                           for c in matrix.columns],
                         row.own_bullets if ok else "", row.local_edits if ok else "",
                         cell(row.error)])
    return buffer.getvalue()
