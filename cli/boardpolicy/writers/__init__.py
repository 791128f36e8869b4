"""Writers: Document -> bytes, one module per format."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ..document import Document


class Format(str, Enum):
    """The formats `render` writes."""

    DOCX = "docx"
    HTML = "html"
    MD = "md"
    TXT = "txt"

    @classmethod
    def from_path(cls, path: str | Path) -> Format | None:
        suffix = Path(path).suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "text": "txt", "htm": "html"}
        suffix = aliases.get(suffix, suffix)
        return cls(suffix) if suffix in {f.value for f in cls} else None


def render(document: Document, fmt: Format) -> bytes:
    """The document in `fmt`, as the exact bytes to write."""
    if fmt is Format.DOCX:
        from .docx import write_docx  # python-docx is slow to import: only when asked

        return write_docx(document)
    from .templated import write_templated

    return write_templated(document, fmt.value)
