"""Control characters from a document made visible before they reach a terminal: `ESC[2K`
would erase a line, `ESC[1A` move the cursor, so a change could be hidden while the summary
still counts it. Every text output shows them instead, as `cat -v` does (`^[`), and C1
controls and bidirectional overrides as `<U+009B>`; tab and newline are left as they are.
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every control character shown as printable text."""
    return _CONTROLS.sub(_show, text) if _CONTROLS.search(text) else text
