"""What a renderer may know about the run: the caller decides it once, renderers only read it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line makes a Context before it reads any document
    from ..document import Document

FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # no date anywhere: still reproducible


@dataclass(frozen=True)
class Context:
    """Settings every renderer shares.

    `when` is the date the user gave (tracked changes, the packet); `source_date` is the
    reproducible-build date (SOURCE_DATE_EPOCH), read by the caller, not by a renderer.
    """

    author: str = "boardpolicy"
    when: datetime | None = None
    source_date: datetime | None = None
    color: bool = False
    width: int = 100
    templates: Path | None = None  # a folder of the user's templates, used before ours
    context_lines: int = 1  # unchanged blocks around a change (unified diff)
    contents: str = ""  # in a built site: the link from a policy page to its manual's index

    def date_for(self, document: Document) -> datetime:
        """The date of tracked changes and of a packet: the one given, else
        SOURCE_DATE_EPOCH, else the policy's latest history date, else FALLBACK_DATE."""
        return self.when or self.source_date or history_date(document) or FALLBACK_DATE

    def document_date(self, document: Document) -> datetime:
        """A rendered policy's created and modified dates: its newest history date, else
        SOURCE_DATE_EPOCH, else FALLBACK_DATE (2000-01-01), so the same file never changes."""
        return history_date(document) or self.source_date or FALLBACK_DATE


def history_date(document: Document) -> datetime | None:
    """The latest date in the policy's history, read as districts write dates: its history
    blocks and its front matter's dates (a Markdown manual keeps its history there)."""
    from ..dates import parse_date, split_dates
    from ..document import Kind

    dates = [d.value for d in document.metadata.dates if d.value is not None]
    for block in document.walk():
        if block.kind is Kind.ENTRY and block.text:
            for value in split_dates(block.text):
                with contextlib.suppress(ValueError):  # a date we cannot read stamps nothing
                    dates.append(parse_date(value))
    if not dates:
        return None
    latest = max(dates)
    return datetime(latest.year, latest.month, latest.day, tzinfo=UTC)
