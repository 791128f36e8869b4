"""The model library for a person: the list of models, and one model with the ids of its
blocks and options, its drafting notes and every decision it asks of a district (the ids a
district file uses)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..decisions import Alternative, Blank, OptionalText
from ..model_policy import BlockType, Decision, ModelPolicy
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
    if policy.status is not None:
        console.print(Text(f"Status: {policy.status.label}"))
    if policy.source:
        console.print(Text(policy.source, style="dim"))
    if policy.version >= 2:
        console.print()
        console.print(Text(f"Decisions the model asks of a district "
                           f"({len(policy.decisions())}):", style="bold"))
        for decision in policy.decisions():
            for line in decision_lines(policy, decision):
                console.print(Text(line))
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
            case BlockType.ALTERNATIVE:
                console.print(head + Text("alternative: one of these paragraphs", style="bold"))
                for wording in block.alternative.wordings if block.alternative else ():
                    console.print(Text("  ") + Text(wording.id, style="green") +
                                  Text(f"\n      {policy.published(wording.text)}"))
            case BlockType.OPTIONAL:
                console.print(head + Text(f"optional paragraph: {policy.published(block.text)}"))
            case BlockType.REFERENCES | BlockType.LEGAL:
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


def decision_lines(policy: ModelPolicy, decision: Decision) -> list[str]:
    """One decision as `show` lists it: its id and kind, what it asks, its options, and the
    model's recommendation (or that the district must decide)."""
    match decision:
        case Blank():
            value = f"recommended: {decision.filled(decision.recommended)}" \
                if decision.recommended else "no recommended value: the district fills it in"
            return [f"  blank {decision.id} ({decision.kind.value}): {decision.label}; {value}"]
        case Alternative():
            where = "words in a sentence" if decision.inline else "whole paragraphs"
            lines = [f"  alternative {decision.id} ({where}): "
                     f"{decision.question or 'choose one wording'}"]
            for wording in decision.wordings:
                mark = "  (recommended)" if wording.id == decision.recommended else ""
                lines.append(f"    {wording.id}: {_short(policy.published(wording.text))}{mark}")
            if not decision.recommended:
                lines.append("    no recommended wording: the district chooses")
            return lines
        case OptionalText():
            where = "sentence" if decision.inline else "paragraph"
            advice = f"recommended: {decision.recommended.value}" if decision.recommended \
                else "the district keeps or omits it"
            return [f"  optional {where} {decision.id}: {_short(policy.published(decision.text))}"
                    f"; {advice}"]
    options = ", ".join(o.id for o in decision.options)
    return [f"  choice {decision.id}: {decision.question or 'choose options'} ({options})"]


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
