"""The diff inline, for a terminal: coloured with rich on a terminal, [-old-]{+new+} otherwise.

Colour is never the only signal: deletions are also struck through and insertions underlined,
and without colour the markers carry the meaning.
"""

from __future__ import annotations

import io

from ...diff.result import Change, Diff, Op, Span
from ...diff.wording import describe, describe_run, grouped, marked, runs
from ..visible import visible

STYLES = {Op.DELETE: "red strike", Op.INSERT: "green underline"}


def styled(spans: tuple[Span, ...]):
    from rich.text import Text

    text = Text()
    for span in spans:
        text.append(visible(span.text), style=STYLES.get(span.op, ""))
    return text


def render_terminal(diff: Diff, *, color: bool, width: int = 100) -> str:
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, markup=False, soft_wrap=not color)

    def say(text="", style=""):
        console.print(Text(visible(text), style=style) if isinstance(text, str) else text)

    say(f"--- {diff.old_name}" + (" (model)" if diff.model and
                                   diff.old_name.startswith(diff.model.split("@")[0]) else ""),
        "bold")
    say(f"+++ {diff.new_name}", "bold")
    say(f"Summary: {diff.summary.line()}", "bold")
    for warning in diff.warnings:
        say(f"Note: {warning}", "yellow")
    departures, choices, other = grouped(diff)
    if diff.model:
        say()
        say(f"Changes by the district ({len(departures)})", "bold underline")
    elif departures:
        say()
    for run in runs(departures):
        _show(say, run, color)
    if not departures:
        say("(none)")
    if choices:
        say()
        say("Options", "bold underline")
        adopted = [c for c in choices if c.category.value == "option-adopted"]
        refused = [c for c in choices if c.category.value == "option-not-adopted"]
        say("adopted: " + (", ".join((c.old or c.new).id for c in adopted) or "none"))
        say("not adopted: " + (", ".join((c.old or c.new).id for c in refused) or "none"))
        for change in refused:
            say(f"  {(change.old or change.new).id}: {(change.old or change.new).text}", "dim")
    if other:
        say()
        for change in other:
            say(describe(change), "dim")
    return buffer.getvalue()


def _show(say, run: list[Change], color: bool) -> None:
    from rich.text import Text

    marker = {Op.INSERT: "+", Op.DELETE: "-", Op.MODIFY: "~", Op.MOVE: ">"}[run[0].op]
    say()
    say(f"{marker} {describe_run(run)}", "bold cyan")
    for change in run:
        if color:
            say(Text("  ") + styled(change.spans))
        else:
            say("  " + marked(change.spans))
