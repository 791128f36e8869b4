"""The diff: two Documents -> a Diff of frozen dataclasses, then formats render it.

Names are imported on first use: a writer that needs only `diff.result`'s kinds (the Word
styles of a policy) must not pay for the engine, the alignment and diff-match-patch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "diff_documents": "engine", "units": "engine", "DiffOptions": "normalize",
    **{name: "result" for name in ("Category", "Change", "Deleted", "Diff", "Equal",
                                   "Inserted", "Modified", "Moved", "Op", "Side", "Span",
                                   "Summary", "Unit")},
}

__all__ = ["Category", "Change", "Deleted", "Diff", "DiffOptions", "Equal", "Inserted",
           "Modified", "Moved", "Op", "Side", "Span", "Summary", "Unit", "diff_documents",
           "units"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'boardpolicy.diff' has no attribute {name!r}")


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
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
