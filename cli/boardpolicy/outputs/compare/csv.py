"""The comparison as CSV, one row per file, for spreadsheets.

A cell a spreadsheet would read as a formula (text starting with `=`, `+`, `-`, `@`, a tab or
a carriage return, e.g. a district named `=HYPERLINK(...)`) gets a leading `'`, as OWASP
advises against CSV injection: the spreadsheet then shows it as text and runs nothing.
"""

from __future__ import annotations

import csv
import io

from ...compare import Matrix, cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """A text cell that cannot start a formula; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "district", "edition", "similarity",
                     *(safe(c) for c in matrix.columns),  # a library's option id is text too
                     *(safe(d) for d in matrix.decisions),
                     "own_bullets", "local_edits", "cut_off", "error"])
    for row in matrix.rows:
        ok = not row.error
        writer.writerow([safe(row.file), safe(row.district), safe(row.edition),
                         f"{row.similarity:.4f}" if ok else "",
                         *[cell(row, c) if ok else "" for c in matrix.columns],
                         *[safe(row.decisions.get(d, "")) for d in matrix.decisions],
                         row.own_bullets if ok else "", row.local_edits if ok else "",
                         ("yes" if row.cut_off else "no") if ok else "", safe(row.error)])
    return buffer.getvalue()
