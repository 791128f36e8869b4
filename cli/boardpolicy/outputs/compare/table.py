"""The comparison as a terminal table: one row per district when that fits the width, else
turned on its side (one row per option, districts numbered in a key above it), so that every
district's name and every option id is shown whole on a narrow terminal."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...compare import Matrix, cell
from ...prose import count
from ..visible import visible
from .figures import Figures, figures

if TYPE_CHECKING:  # rich is imported only when a table is drawn
    from rich.console import Console
    from rich.table import Table

def render_table(matrix: Matrix, *, width: int, color: bool) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, force_terminal=color,
                      no_color=not color, color_system="standard" if color else None,
                      emoji=False, markup=False)
    found = figures(matrix)
    rows = [line.row for line in found.lines]
    wide = _by_district(matrix, found)
    natural = Console(width=100_000).measure(wide).maximum  # a console clamps to its width
    if natural <= width:
        console.print(wide)
    else:
        _by_option(console, matrix, found)
    shown = {cell(row, c) for row in rows for c in matrix.columns}
    if found.starred:
        console.print(f"* not on the model's default edition ({matrix.default_edition}); "
                      "`boardpolicy upgrade` moves a district file to it")
    keys = [f"{SYMBOLS[k]} {KEYS[k]}" for k in ("no", "unknown", "n/a") if k in shown]
    if keys:
        console.print("; ".join(keys))
    return buffer.getvalue()


SYMBOLS = {"yes": "yes", "no": "·", "unknown": "?", "n/a": "n/a"}
KEYS = {"no": "not chosen", "unknown": "not known: the document is cut off before it",
        "n/a": "not an option of the edition the district follows"}


def _by_district(matrix: Matrix, found: Figures) -> Table:
    from rich.table import Table

    table = Table("district", "edition", "similarity", *matrix.columns, *matrix.decisions,
                  "own", "edits",
                  box=None, pad_edge=False, title=f"{matrix.model}: {matrix.chosen_words}")
    for line in found.lines:
        row = line.row
        table.add_row(visible(line.name) + (" (cut off)" if row.cut_off else ""), line.edition,
                      f"{row.similarity:.0%}",
                      *[SYMBOLS[cell(row, c)] for c in matrix.columns],
                      *[visible(row.decisions.get(d, "")) or "-" for d in matrix.decisions],
                      str(row.own_bullets), str(row.local_edits))
    return table


def _by_option(console: Console, matrix: Matrix, found: Figures) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"{matrix.model}: {matrix.chosen_words}", style="italic"))
    key = Table(box=None, pad_edge=False, show_header=False)
    key.add_column(justify="right")
    key.add_column(overflow="fold")
    rows = [line.row for line in found.lines]
    for n, line in enumerate(found.lines, 1):
        row = line.row
        cut = ", cut off" if row.cut_off else ""
        key.add_row(str(n), f"{visible(line.name)} ({line.edition}{cut}, "
                            f"{row.similarity:.0%} similar, "
                            f"{count(row.own_bullets, 'own bullet')}, "
                            f"{count(row.local_edits, 'local edit')})")
    console.print(Padding(key, (0, 0, 1, 0)))
    table = Table("option", *[str(n) for n in range(1, len(rows) + 1)], box=None,
                  pad_edge=False)
    for column in matrix.columns:
        table.add_row(column, *[SYMBOLS[cell(row, column)] for row in rows])
    console.print(table)
