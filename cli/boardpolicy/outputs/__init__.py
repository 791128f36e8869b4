"""Outputs: every product boardpolicy writes, each a str-Enum of formats mapped to renderers.

    policy   PolicyFormat  docx · html · md · txt               (policy/)
    diff     DiffFormat    terminal · side-by-side · unified · html · json · docx  (diff/)
    packet   PacketFormat  docx · html                           (packet/)
    compare  CompareFormat table · csv · json · html             (compare/)
    report   ReportFormat  text · json  (what `import` found)    (report/)

Each product's `render_*` dispatches exhaustively (`assert_never`), so adding a format is one
enum member and one module. Renderers return text or bytes and take what they need (author,
dates, colour, width, templates) from a `Context`, never from the environment or the terminal;
`emit` then puts the result on standard output or into a file, atomically.
"""

from __future__ import annotations

from .context import Context
from .emit import emit, write_atomic

__all__ = ["Context", "emit", "write_atomic"]
