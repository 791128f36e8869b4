"""The comparison as a terminal table: one row per district when that fits the width, else
turned on its side (one row per option, districts numbered in a key above it), so that every
district's name and every option id is shown whole on a narrow terminal."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...compare import Matrix, Row, cell
from ...prose import count
from ..visible import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def render_table(matrix: Matrix, *, width: int, color: bool) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, force_terminal=color,
                      no_color=not color, color_system="standard" if color else None,
                      emoji=False, markup=False)
    rows = [r for r in matrix.rows if not r.error]
    wide = _by_district(matrix, rows)
    natural = Console(width=100_000).measure(wide).maximum  # a console clamps to its width
    if natural <= width:
        console.print(wide)
    else:
        _by_option(console, matrix, rows)
    shown = {cell(row, c) for row in rows for c in matrix.columns}
    if any(_edition(matrix, row) != row.edition for row in rows):
        console.print(f"* not on the model's default edition ({matrix.default_edition}); "
                      "`boardpolicy upgrade` moves a district file to it")
    keys = [f"{SYMBOLS[k]} {KEYS[k]}" for k in ("no", "unknown", "n/a") if k in shown]
    if keys:
        console.print("; ".join(keys))
    return buffer.getvalue()


SYMBOLS = {"yes": "yes", "no": "·", "unknown": "?", "n/a": "n/a"}
KEYS = {"no": "not chosen", "unknown": "not known: the document is cut off before it",
        "n/a": "not an option of the edition the district follows"}


def _names(rows: list[Row]) -> list[str]:
    """Each row's district; with its file where two rows name the same district."""
    names = [row.district or row.file for row in rows]
    return [visible(f"{name} ({row.file})" if names.count(name) > 1 and row.district else name)
            for name, row in zip(names, rows, strict=True)]


def _edition(matrix: Matrix, row: Row) -> str:
    """The row's edition, starred when it is not the model's default one."""
    old = matrix.default_edition and row.edition != matrix.default_edition
    return f"{row.edition}*" if old else row.edition



def _by_district(matrix: Matrix, rows: list[Row]) -> Table:
    from rich.table import Table

    table = Table("district", "edition", "similarity", *matrix.columns, "own", "edits",
                  box=None, pad_edge=False, title=f"{matrix.model}: {matrix.chosen_words}")
    for row, name in zip(rows, _names(rows), strict=True):
        table.add_row(name + (" (cut off)" if row.cut_off else ""), _edition(matrix, row),
                      f"{row.similarity:.0%}",
                      *[SYMBOLS[cell(row, c)] for c in matrix.columns],
                      str(row.own_bullets), str(row.local_edits))
    return table


def _by_option(console: Console, matrix: Matrix, rows: list[Row]) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"{matrix.model}: {matrix.chosen_words}", style="italic"))
    key = Table(box=None, pad_edge=False, show_header=False)
    key.add_column(justify="right")
    key.add_column(overflow="fold")
    for n, (row, name) in enumerate(zip(rows, _names(rows), strict=True), 1):
        cut = ", cut off" if row.cut_off else ""
        key.add_row(str(n), f"{name} ({_edition(matrix, row)}{cut}, {row.similarity:.0%} similar, "
                            f"{count(row.own_bullets, 'own bullet')}, "
                            f"{count(row.local_edits, 'local edit')})")
    console.print(Padding(key, (0, 0, 1, 0)))
    table = Table("option", *[str(n) for n in range(1, len(rows) + 1)], box=None,
                  pad_edge=False)
    for column in matrix.columns:
        table.add_row(column, *[SYMBOLS[cell(row, column)] for row in rows])
    console.print(table)
