"""Work on many files at once: one process per core, results in the files' order, progress
reported as each finishes. Shared by `build` and `compare`.

Workers die with their parent: each watches its parent and exits when it is gone (a parent
killed with `kill -9` would otherwise leave them blocked forever on the pipe of work), and
ignores Ctrl-C, which the parent alone answers ("interrupted", exit 130).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .library import Library

_LIBRARY: Library | None = None


def worker_library(extra: tuple[Path, ...]) -> Library:
    """The model library for this process, given the user's folders (`Library.extra`, one
    picklable value), loaded once: workers serve many files."""
    global _LIBRARY
    from .library import Library

    if _LIBRARY is None or _LIBRARY.extra != extra:
        _LIBRARY = Library(extra)
    return _LIBRARY


def _watch_parent(parent: int) -> None:
    """Worker initializer: ignore Ctrl-C, and exit as soon as the parent process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def run_all(func: Callable[..., Any], items: Sequence[Any], *args: Any, jobs: int | None = None,
            progress: Callable[[int, int], None] | None = None, serial_below: int = 1
            ) -> list[Any]:
    """[func(item, *args) for item in items], spread over processes when it pays."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(items)))
    if workers == 1 or len(items) < serial_below:
        results = []
        for k, item in enumerate(items, 1):
            results.append(func(item, *args))
            if progress:
                progress(k, len(items))
        return results
    results = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent,
                               initargs=(os.getpid(),))
    try:
        chunk = max(1, len(items) // (workers * 8))
        columns = [[a] * len(items) for a in args]
        for k, result in enumerate(pool.map(func, items, *columns, chunksize=chunk), 1):
            results.append(result)
            if progress:
                progress(k, len(items))
    except BaseException:  # Ctrl-C or an error: drop the queued work, wait for none of it
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
