"""Reading input files: every failure of the OS becomes one clear line naming the file."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputError, InputTooLarge


def read_bytes(path: str | Path, *, limit: int, what: str = "document") -> bytes:
    """A file's bytes ("-": standard input's), refused past `limit` without reading it all."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"is a folder, not a {what}", path=name)
            size = p.stat().st_size
            if size > limit:
                raise InputTooLarge(f"is {size:,} bytes; the limit is {limit:,}", path=name)
            with p.open("rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    if len(data) > limit:
        raise InputTooLarge(f"is more than {limit:,} bytes", path=name)
    return data
