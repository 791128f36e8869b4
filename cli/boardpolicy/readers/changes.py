"""How a reader treats the tracked changes a document still holds."""

from __future__ import annotations

from enum import StrEnum


class TrackedChanges(StrEnum):
    ACCEPT = "accept"  # the document as it would be with every change accepted (the default)
    REJECT = "reject"  # the document as it was before the changes
