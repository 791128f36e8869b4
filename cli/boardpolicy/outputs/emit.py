"""Where a rendered result goes: standard output, or a file that appears whole or not at all
(a failed write leaves the old one)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError


def emit(data: str | bytes, output: str | Path | None, *, stdout: BinaryIO,
         to_terminal: bool = False, binary: bool = False) -> Path | None:
    """Write `data` into `output` atomically, or to `stdout` when there is none (or "-").

    Returns the file written, if any. Binary data (a Word document) is not sent to a terminal,
    where it would only scramble the screen.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        if binary and to_terminal:
            raise OutputError("a Word document is binary: write it to a file with -o FILE")
        stdout.write(raw)
        stdout.flush()
        return None
    write_atomic(output, raw)
    return Path(output)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write: the folder {folder} does not exist", path=path)
    if target.is_dir():
        raise OutputError("cannot write: it is a folder", path=path)
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError("cannot write: the file is read-only", path=path)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
