"""The adopted policy (a Document) as DOCX, HTML, Markdown or plain text."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import assert_never

from ...document import Document
from ..context import Context


class PolicyFormat(StrEnum):
    """The formats `render` writes."""

    DOCX = "docx"
    HTML = "html"
    MD = "md"
    TXT = "txt"

    @property
    def binary(self) -> bool:
        return self is PolicyFormat.DOCX

    @classmethod
    def from_path(cls, path: str | Path) -> PolicyFormat | None:
        """The format an output file's extension names, if any."""
        suffix = Path(path).suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "text": "txt", "htm": "html"}
        suffix = aliases.get(suffix, suffix)
        return cls(suffix) if suffix in {f.value for f in cls} else None


def render_policy(document: Document, fmt: PolicyFormat, context: Context | None = None
                  ) -> bytes:
    """The document in `fmt`, as the exact bytes to write."""
    context = context or Context()
    match fmt:
        case PolicyFormat.DOCX:
            from .docx import write_docx  # python-docx is slow to import: only when asked

            return write_docx(document, context.date_for(document))
        case PolicyFormat.HTML | PolicyFormat.MD | PolicyFormat.TXT:
            from .templated import write_templated

            return write_templated(document, fmt.value, context.templates)
        case _:
            assert_never(fmt)


# The library's short public names (`from boardpolicy import Format, render`).
Format = PolicyFormat
render = render_policy
