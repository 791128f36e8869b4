"""The rich console every text report renders into: colour only when asked, nothing of the
document's text read as markup, control characters made visible."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def text_console(buffer: io.StringIO, *, width: int, color: bool,
                 soft_wrap: bool | None = None) -> Console:
    """A console writing into `buffer`; piped (no colour), long lines stay whole."""
    from rich.console import Console

    return Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                   color_system="standard" if color else None, highlight=False,
                   markup=False, emoji=False,
                   soft_wrap=(not color) if soft_wrap is None else soft_wrap)


def sayer(console: Console) -> Callable[..., None]:
    """say(text, style): one line of plain text, styled, with control characters shown."""
    from rich.text import Text

    from .visible import visible

    def say(text: str | Text = "", style: str = "") -> None:
        console.print(Text(visible(text), style=style) if isinstance(text, str) else text)

    return say
