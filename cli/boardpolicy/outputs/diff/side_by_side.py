"""The diff in two columns that fit the terminal: old on the left, new on the right."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...diff.result import Diff, Op, Side, Span
from ..visible import visible

if TYPE_CHECKING:  # rich is imported only when a table is drawn
    from rich.text import Text

STYLES = {Op.DELETE: "red strike", Op.INSERT: "green underline"}


_OTHER_SIDE = {Side.OLD: Op.INSERT, Side.NEW: Op.DELETE}  # the spans a side leaves out


def _side(spans: tuple[Span, ...], side: Side, color: bool) -> Text:
    """One column: the spans of one side, what changed marked or coloured."""
    from rich.text import Text

    text = Text()
    for span in spans:
        if span.op is _OTHER_SIDE[side]:
            continue
        content = visible(span.old_text if side is Side.OLD and span.old_text is not None
                          else span.text)
        if span.op is Op.EQUAL:
            text.append(content)
        elif color:
            text.append(content, style=STYLES[span.op])
        else:
            text.append(f"[-{content}-]" if span.op is Op.DELETE else f"{{+{content}+}}")
    return text


def render_side_by_side(diff: Diff, *, color: bool, width: int = 100) -> str:
    """The list of changes as a table: each change's words, then its old and new text."""
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=max(40, width), force_terminal=color,
                      color_system="standard" if color else None, no_color=not color,
                      highlight=False, markup=False, emoji=False)
    from rich.text import Text

    title = visible("\n".join([diff.summary.line(),
                               diff.headline[:1].upper() + diff.headline[1:],
                               *(f"Note: {w}" for w in diff.warnings)]))
    table = Table(expand=True, title=title,
                  title_justify="left")
    for name in (diff.old_name, diff.new_name):  # a long word folds; it is never cut off
        table.add_column(visible(name), overflow="fold")
    for item in diff.listed:
        change = diff.changes[item.index]
        # the label is a row of its own, so that however it wraps, the old and the new text
        # below it start on the same line
        table.add_row(Text(visible(item.description), style="bold cyan"), "")
        table.add_row(_side(change.spans, Side.OLD, color), _side(change.spans, Side.NEW, color),
                      end_section=True)
    console.print(table)
    return buffer.getvalue()
