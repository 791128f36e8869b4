"""Markdown -> Document, through markdown-it-py (CommonMark), which rich already brings.

HTML in Markdown is read as a web page's is (CommonMark passes it through to the page): an
HTML block's text is policy text, inline tags are markup, not words, and what the HTML hides
is left out and counted in a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from ..document import Document, Finding, FindingKind, Metadata
from .structure import HISTORY_LABEL, REFERENCE_LABEL, Hint, Line, build

if TYPE_CHECKING:
    from markdown_it.token import Token


def read_markdown_bytes(data: bytes, name: str) -> Document:
    """A Markdown file, decoded as plain text is."""
    from .text import decode

    text, findings = decode(data, name)
    return read_markdown(text, name, findings)


def read_markdown(text: str, name: str, findings: Sequence[Finding] = ()) -> Document:
    """Markdown; its front matter is the document's metadata, never its text.

    The file is parsed once, by one parser built once per process, whose front-matter rule
    (mdit-py-plugins) hands the block over as the first token: the rest is the policy."""
    from ..frontmatter import FrontMatter, markdown_parser, opens_front_matter, read_front_matter

    text = text.removeprefix("\ufeff")  # a BOM hides the opening `---` from the parser
    tokens = markdown_parser(opens_front_matter(text)).parse(text)
    if tokens and tokens[0].type == "front_matter":
        matter = read_front_matter(tokens[0].content, name)
        tokens = tokens[1:]
    else:
        matter = FrontMatter(Metadata(), text)
    return matter.apply(_read_body(tokens, name, findings))


def _read_body(tokens: Sequence[Token], name: str, findings: Sequence[Finding]) -> Document:
    lines: list[Line] = []
    context: list[str] = []  # open containers: bullet_list, ordered_list, blockquote
    hint: Hint | None = None  # what the open block said, until its text comes
    hidden = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            context.append(token.type.removesuffix("_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            context.pop()
        elif token.type == "heading_open":
            hint = Hint.TITLE if token.tag == "h1" else Hint.HEADING
        elif token.type == "inline":
            labelled = _labelled(token)
            plain, left_out = _plain(token, labelled)
            hidden += left_out
            said, text_ = _inline_hint(plain, context, hint)
            parts = _continued(text_.split("\n")) if labelled else text_.split("\n")
            lines.extend(Line(part, said) for part in parts)
            hint = None
        elif token.type in ("fence", "code_block"):
            lines.extend(Line(part) for part in token.content.split("\n"))
        elif token.type == "html_block":
            block, left_out = _html(token.content)
            hidden += left_out
            lines.extend(block)
    if hidden:
        findings = (*findings, Finding(
            FindingKind.HIDDEN_LEFT_OUT, f"left out {hidden} hidden HTML element"
            f"{'s' * (hidden > 1)} (hidden, display:none): text a reader does not see"))
    return build(lines, source=name, findings=findings)


def _inline_hint(text: str, context: list[str], hint: Hint | None) -> tuple[Hint, str]:
    """What an inline run of text is, inside its open containers and block."""
    if "bullet_list" in context or "ordered_list" in context:
        return Hint.ITEM, text
    if "blockquote" in context and text.lower().startswith("drafting note:"):
        return Hint.NOTE, text.split(":", 1)[1]
    # Markdown said paragraph: "1." at its start is text
    return hint or Hint.PARAGRAPH, text


def _labelled(token: Token) -> bool:
    """A paragraph that starts "Legal Reference:" or "Policy History:": its lines are a
    list (one reference, one "Adopted on:" each), as in a text file, not a wrapped sentence;
    joined, two references read as one and a history as a paragraph."""
    first = token.content.lstrip().split("\n", 1)[0].strip()
    return bool(REFERENCE_LABEL.match(first) or HISTORY_LABEL.match(first))


def _continued(lines: list[str]) -> list[str]:
    """A labelled paragraph's lines, a line that starts in lower case joined to the one
    before: a reference wrapped mid-sentence is one reference."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _plain(token: Token, keep_lines: bool = False) -> tuple[str, int]:
    """The text of an inline token: markup dropped, soft breaks as spaces (as line breaks in
    a `keep_lines` paragraph); and how many hidden elements its inline HTML left out. A run with
    inline tags is read as the HTML it is, so that `<span hidden>` hides and `<b>` is not a
    word."""
    children = token.children or ()
    if any(child.type == "html_inline" for child in children):
        markup = "".join(_markup(child) for child in children)
        lines, hidden = _html(markup)
        return "\n".join(line.text for line in lines), hidden
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append("\n" if keep_lines else " ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out), 0


def _markup(child: Token) -> str:
    """An inline child as HTML: text escaped, inline HTML as written."""
    if child.type in ("text", "code_inline"):
        return escape(child.content, quote=False)
    if child.type == "html_inline":
        return child.content
    return {"softbreak": " ", "hardbreak": "<br>"}.get(child.type, "")


def _html(markup: str) -> tuple[list[Line], int]:
    from .html import read_fragment

    return read_fragment(markup)
