"""What every product's enum of formats shares: the binary one, and the format a file's
extension names."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Self

ALIASES = {"markdown": "md", "text": "txt", "htm": "html"}


class OutputFormat(StrEnum):
    """The base of PolicyFormat, DiffFormat, PacketFormat, CompareFormat and ReportFormat."""

    @property
    def binary(self) -> bool:
        """A Word document: bytes for a file, never for a terminal."""
        return self.value == "docx"

    @classmethod
    def from_path(cls, path: str | Path) -> Self | None:
        """The format an output file's extension names, if it is one of this product's."""
        suffix = Path(path).suffix.lower().lstrip(".")
        suffix = ALIASES.get(suffix, suffix)
        return next((member for member in cls if member.value == suffix), None)
