"""The diff for a terminal: the list of changes in words, each with its text marked, coloured
with rich on a terminal and [-old-]{+new+} otherwise.

Colour is never the only signal: deletions are also struck through and insertions underlined,
and without colour the markers carry the meaning.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...diff.result import Diff, Listed, Op, Span, Topic
from ...diff.wording import marked
from ..visible import visible

if TYPE_CHECKING:
    from rich.text import Text

    Say = Callable[..., None]  # prints a line: text (a str or rich Text), then a style

STYLES = {Op.DELETE: "red strike", Op.INSERT: "green underline"}
MARKERS = {Op.INSERT: "+", Op.DELETE: "-", Op.MODIFY: "~", Op.MOVE: ">", Op.EQUAL: "="}


def styled(spans: tuple[Span, ...]) -> Text:
    """Spans as rich Text, insertions and deletions in their styles."""
    from rich.text import Text

    text = Text()
    for span in spans:
        text.append(visible(span.text), style=STYLES.get(span.op, ""))
    return text


def render_terminal(diff: Diff, *, color: bool, width: int = 100) -> str:
    """The summary, the district's changes with their text, the options, and what is not
    counted as a change."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, markup=False, soft_wrap=not color)

    def say(text: str | Text = "", style: str = "") -> None:
        console.print(Text(visible(text), style=style) if isinstance(text, str) else text)

    say(f"--- {diff.old_name}" + (" (model)" if diff.model and
                                   diff.old_name.startswith(diff.model.split("@")[0]) else ""),
        "bold")
    say(f"+++ {diff.new_name}", "bold")
    say(f"Summary: {diff.summary.line()}", "bold")
    for warning in diff.warnings:
        say(f"Note: {warning}", "yellow")
    say()
    say(diff.headline[:1].upper() + diff.headline[1:], "bold underline")
    counted = [item for item in diff.listed if item.by_district]
    for item in counted:
        _show(say, diff, item, color)
    if not counted:
        say(diff.none_counted)
    choices = diff.listed_in(Topic.OPTION)
    if choices:
        say()
        say("Options", "bold underline")
        for item in choices:
            say(f"{MARKERS[diff.changes[item.index].op]} {item.description}")
    other = diff.listed_in(Topic.FILLED_IN, Topic.MODEL, Topic.NOTE, counted=False)
    if other:
        say()
        say("Not counted as changes", "bold underline")
        for item in other:
            say(f"  {item.description}", "dim")
    return buffer.getvalue()


def _show(say: Say, diff: Diff, item: Listed, color: bool) -> None:
    from rich.text import Text

    change = diff.changes[item.index]
    say()
    say(f"{MARKERS[change.op]} {item.description}", "bold cyan")
    if color:
        say(Text("  ") + styled(change.spans))
    else:
        say("  " + marked(change.spans))  # made visible by say()
