"""The diff: two Documents -> a Diff of frozen dataclasses, then formats render it."""

from __future__ import annotations

from .engine import diff_documents, units
from .normalize import DiffOptions
from .result import (
                     Category,
                     Change,
                     Deleted,
                     Diff,
                     Equal,
                     Inserted,
                     Modified,
                     Moved,
                     Op,
                     Side,
                     Span,
                     Summary,
                     Unit,
)

__all__ = ["Category", "Change", "Deleted", "Diff", "DiffOptions", "Equal", "Inserted",
           "Modified", "Moved", "Op", "Side", "Span", "Summary", "Unit", "diff_documents",
           "units"]
