"""Where a rendered result goes: standard output, or a file that appears whole or not at all
(a failed write leaves the old one).

Only a regular file is replaced by renaming a temporary file over it. Anything else that
already exists at the path (a device such as /dev/null, a FIFO, a terminal) is written into
directly, as the shell's `>` does: renaming over it would replace the device itself. A
symbolic link is followed: the file it points to is replaced, the link stays. An output that
is one of the command's inputs (the same file, however it is named) is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError


def emit(data: str | bytes, output: str | Path | None, *, stdout: BinaryIO,
         to_terminal: bool = False, binary: bool = False,
         inputs: Iterable[str | Path] = (), exclusive: bool = False) -> Path | None:
    """Write `data` into `output` atomically, or to `stdout` when there is none (or "-").

    Returns the file written, if any. Binary data (a Word document) is not sent to a terminal,
    where it would only scramble the screen. `inputs`: the files the result was made from,
    which it must not overwrite. `exclusive`: the file must not exist yet, checked at the
    moment it is put in place (two runs at once: one wins, the other is refused).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        if binary and to_terminal:
            raise OutputError("a Word document is binary: write it to a file with -o FILE")
        stdout.write(raw)
        stdout.flush()
        return None
    refuse_inputs(output, inputs)
    write_atomic(output, raw, exclusive=exclusive)
    return Path(output)


def refuse_inputs(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output that is one of the inputs: the same file (device and inode), through
    any path, symbolic link or hard link."""
    try:
        out = os.stat(output)
    except OSError:
        return  # not there yet: it cannot be an input
    if not stat.S_ISREG(out.st_mode):
        return  # a device or FIFO is written into, never replaced
    for name in inputs:
        if str(name) == "-":
            continue
        try:
            same = os.path.samefile(output, name)
        except OSError:
            continue  # not a file (a model reference such as mtsba/5460)
        if same:
            raise OutputError(f"is also an input ({name}); refusing to overwrite it: write "
                              "the result to another file", path=output)


# The temporary file's name holds at most this much of the output's, so that a valid name
# of 255 characters still leaves room for the dot, the random part and ".tmp".
_TMP_NAME_PART = 100


def write_atomic(path: str | Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place; into an
    existing device or FIFO, write directly. `exclusive`: link it into place instead, which
    fails if the file has appeared meanwhile."""
    try:
        kind = os.stat(path).st_mode  # through any symbolic link
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
        _write_into(path, data)
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write: the folder {folder} does not exist", path=path)
    if target.is_dir():
        raise OutputError("cannot write: it is a folder", path=path)
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError("cannot write: the file is read-only", path=path)
    import tempfile  # only when writing a file: `--help` does not need it (nor `random`)

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:_TMP_NAME_PART]}.",
                                        suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp_name, mode)
        if exclusive:
            os.link(tmp_name, target)  # atomic, and refused when the name exists
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        tmp_name = None
    except FileExistsError:
        raise OutputError("already exists; use --force to overwrite it", path=path) from None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _write_into(path: str | Path, data: bytes) -> None:
    """A device, FIFO or terminal: opened and written, as `>` would; never renamed over."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
