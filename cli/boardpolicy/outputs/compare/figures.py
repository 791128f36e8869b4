"""The figures every human view of a comparison shows, worked out once: each row's name (with
its file where two rows name the same district), its edition (starred off the default one),
how many districts and documents there are, and how many districts forbid each option.

The terminal table and the web page both read them here, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...compare import Matrix, Row, forbidden


@dataclass(frozen=True)
class Line:
    """One readable document of the comparison, as a person reads its row."""

    row: Row
    name: str  # the district; "District (file)" where another row names the same one
    edition: str  # "2012*": the star marks an edition that is not the model's default


@dataclass(frozen=True)
class Figures:
    lines: tuple[Line, ...]  # the readable documents, in the order given
    documents: int  # every file given, readable or not
    districts: int  # distinct districts among the readable documents
    forbidding: dict[str, int]  # option id -> districts forbidding it, each counted once
    starred: bool  # some row is not on the default edition


def figures(matrix: Matrix) -> Figures:
    rows = [row for row in matrix.rows if not row.error]
    names = [row.district or row.file for row in rows]
    lines = tuple(Line(row, f"{name} ({row.file})" if names.count(name) > 1 and row.district
                       else name, edition(matrix, row))
                  for name, row in zip(names, rows, strict=True))
    forbidding = {c: len({_who(r) for r in rows if c in forbidden(r)}) for c in matrix.columns}
    return Figures(lines, len(matrix.rows), len({_who(r) for r in rows}), forbidding,
                   any(line.edition != line.row.edition for line in lines))


def edition(matrix: Matrix, row: Row) -> str:
    """The row's edition, starred when it is not the model's default one."""
    old = matrix.default_edition and row.edition != matrix.default_edition
    return f"{row.edition}*" if old else row.edition


def _who(row: Row) -> str:
    """A district is one district however many of its files are compared."""
    return " ".join(row.district.split()).casefold() or row.file
