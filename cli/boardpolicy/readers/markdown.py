"""Markdown -> Document, through markdown-it-py (CommonMark), which rich already brings."""

from __future__ import annotations

from ..document import Document
from .structure import Line, build


def read_markdown(text: str, name: str, warnings: list[str]) -> Document:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lines: list[Line] = []
    context: list[str] = []  # open containers: bullet_list, ordered_list, blockquote
    hint = ""
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            context.append(token.type.removesuffix("_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            context.pop()
        elif token.type == "heading_open":
            hint = "title" if token.tag == "h1" else "heading"
        elif token.type == "inline":
            text_ = _plain(token)
            if "bullet_list" in context or "ordered_list" in context:
                hint = "item"
            elif "blockquote" in context and text_.lower().startswith("drafting note:"):
                hint, text_ = "note", text_.split(":", 1)[1]
            elif not hint:
                hint = "para"  # Markdown said paragraph: "1." at its start is text
            for part in text_.split("\n"):
                lines.append(Line(part, hint))
            hint = ""
        elif token.type in ("fence", "code_block"):
            lines.extend(Line(part) for part in token.content.split("\n"))
    return build(lines, source=name, warnings=warnings)


def _plain(token) -> str:
    """The text of an inline token: markup dropped, soft breaks as spaces."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)
