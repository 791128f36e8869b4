"""Markdown -> Document, through markdown-it-py (CommonMark), which rich already brings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..document import Document, Finding
from .structure import Hint, Line, build

if TYPE_CHECKING:
    from markdown_it.token import Token


def read_markdown_bytes(data: bytes, name: str) -> Document:
    """A Markdown file, decoded as plain text is."""
    from .text import decode

    text, findings = decode(data, name)
    return read_markdown(text, name, findings)


def read_markdown(text: str, name: str, findings: Sequence[Finding] = ()) -> Document:
    """Markdown; its front matter is the document's metadata, never its text."""
    from ..frontmatter import split_front_matter

    matter = split_front_matter(text, name)
    return matter.apply(_read_body(matter.body, name, findings))


def _read_body(text: str, name: str, findings: Sequence[Finding]) -> Document:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lines: list[Line] = []
    context: list[str] = []  # open containers: bullet_list, ordered_list, blockquote
    hint: Hint | None = None  # what the open block said, until its text comes
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            context.append(token.type.removesuffix("_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            context.pop()
        elif token.type == "heading_open":
            hint = Hint.TITLE if token.tag == "h1" else Hint.HEADING
        elif token.type == "inline":
            said, text_ = _inline_hint(_plain(token), context, hint)
            lines.extend(Line(part, said) for part in text_.split("\n"))
            hint = None
        elif token.type in ("fence", "code_block"):
            lines.extend(Line(part) for part in token.content.split("\n"))
    return build(lines, source=name, findings=findings)


def _inline_hint(text: str, context: list[str], hint: Hint | None) -> tuple[Hint, str]:
    """What an inline run of text is, inside its open containers and block."""
    if "bullet_list" in context or "ordered_list" in context:
        return Hint.ITEM, text
    if "blockquote" in context and text.lower().startswith("drafting note:"):
        return Hint.NOTE, text.split(":", 1)[1]
    # Markdown said paragraph: "1." at its start is text
    return hint or Hint.PARAGRAPH, text


def _plain(token: Token) -> str:
    """The text of an inline token: markup dropped, soft breaks as spaces."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)
