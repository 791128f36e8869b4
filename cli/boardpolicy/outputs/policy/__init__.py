"""The adopted policy (a Document) as DOCX, HTML, Markdown or plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...document import Document


class PolicyFormat(OutputFormat):
    """The formats `render` writes."""

    DOCX = "docx"
    HTML = "html"
    MD = "md"
    TXT = "txt"


def render_policy(document: Document, fmt: PolicyFormat, context: Context | None = None
                  ) -> bytes:
    """The document in `fmt`, as the exact bytes to write."""
    context = context or Context()
    match fmt:
        case PolicyFormat.DOCX:
            from .docx import write_docx  # python-docx is slow to import: only when asked

            return write_docx(document, context.document_date(document))
        case PolicyFormat.HTML | PolicyFormat.MD | PolicyFormat.TXT:
            from .templated import write_templated

            return write_templated(document, fmt, context.templates, context.contents)
        case _:
            assert_never(fmt)


# The library's short public names (`from boardpolicy import Format, render`).
Format = PolicyFormat
render = render_policy
