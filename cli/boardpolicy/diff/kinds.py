"""What a comparable line of a document is, apart from the diff's results: the Word styles of
a rendered policy are keyed by it, and rendering a policy must not pay for the diff."""

from __future__ import annotations

from enum import StrEnum, auto


class UnitKind(StrEnum):
    """What a comparable line is: the header's lines, the title, or one kind of block."""

    DISTRICT = auto()
    SERIES = auto()  # series and number, as the header prints them
    TITLE = auto()
    HEADING = auto()
    PARAGRAPH = auto()
    ITEM = auto()
    NOTE = auto()
    LABEL = auto()  # the label of cross references or policy history
    REFERENCE = auto()
    ENTRY = auto()  # a policy-history line
    FOOTNOTE = auto()
