"""A progress bar for long runs (build, compare), on a terminal only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO


def progress_bar(label: str, stream: TextIO) -> tuple[Callable[[int, int], None],
                                                      Callable[[], None]]:
    """(update(done, total), stop): a bar that disappears when stopped."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                   console=Console(file=stream), transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop
