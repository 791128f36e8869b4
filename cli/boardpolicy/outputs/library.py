"""The model library for a person: the list of models, and one model with the ids of its
blocks and options and its drafting notes (the ids a district file uses)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..model_policy import BlockType, ModelPolicy
from .context import Context

if TYPE_CHECKING:
    from rich.console import Console


def _console(buffer: io.StringIO, context: Context, *, soft_wrap: bool = False) -> Console:
    from .console import text_console

    return text_console(buffer, width=context.width, color=context.color, soft_wrap=soft_wrap)


def render_models(models: list[ModelPolicy], context: Context) -> str:
    from rich.table import Table

    buffer = io.StringIO()
    table = Table("model", "edition", "title", "publisher", box=None, pad_edge=False,
                  expand=False)
    for model in models:
        edition = model.edition + (" (default)" if model.default else "")
        table.add_row(model.name, edition, model.title, model.publisher_name or model.publisher)
    _console(buffer, context).print(table)
    return buffer.getvalue()


def render_model(policy: ModelPolicy, context: Context) -> str:
    from rich.text import Text

    buffer = io.StringIO()
    console = _console(buffer, context, soft_wrap=not context.color)
    console.print(Text(f"{policy.ref}  {policy.number} {policy.title}", style="bold"))
    if policy.source:
        console.print(Text(policy.source, style="dim"))
    for block in policy.blocks:
        console.print()
        head = Text(f"[{block.id}] ", style="cyan")
        match block.type:
            case BlockType.NOTE:
                console.print(head + Text(f"drafting note: {block.text}", style="yellow"))
            case BlockType.CHOICE:
                console.print(head + Text(f"choice: {block.question or 'choose options'}",
                                          style="bold"))
                for option in block.options:
                    console.print(Text("  ") + Text(option.id, style="green") +
                                  Text(f"\n      {policy.published(option.text)}"))
            case BlockType.REFERENCES:
                console.print(head + Text(f"{block.label}:", style="bold"))
                for ref in block.references:
                    console.print(Text(f"  {ref.code:6} {ref.title}"))
            case BlockType.HISTORY:
                console.print(head + Text(f"{block.label}:", style="bold"))
                for entry in block.history:
                    console.print(Text(f"  {entry.key:9} {entry.label}:"))
            case _:
                console.print(head + Text(policy.published(block.text)))
    return buffer.getvalue()
