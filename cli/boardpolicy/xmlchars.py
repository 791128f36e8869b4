"""The characters a document cannot hold, defined once: those XML 1.0 forbids (DOCX and HTML
are XML), and the controls that print as nothing or make text display otherwise than it says.
Readers replace them, writers escape them, the district file refuses them."""

from __future__ import annotations

import re
from functools import cache

# C0 controls but tab, newline and return; U+FFFE and U+FFFF. (Lone surrogates, U+D800-U+DFFF,
# cannot be encoded at all; XML_UNSAFE matches them too.)
XML_FORBIDDEN = frozenset({c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
                          | {0xFFFE, 0xFFFF})
SURROGATES = range(0xD800, 0xE000)
# DEL and the C1 controls (U+0080-U+009F): XML allows them, but they print as nothing or move
# a terminal's cursor.
INVISIBLE_CONTROLS = frozenset(range(0x7F, 0xA0))
# Embeddings, overrides and isolates ("Trojan Source"); the marks U+200E/U+200F are fine.
BIDI_CONTROLS = frozenset(set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)))


def char_class(codes: frozenset[int] | set[int], *, surrogates: bool = True) -> str:
    """A regular expression's class of these code points (and the lone surrogates)."""
    body = "".join(f"\\U{c:08x}" for c in sorted(codes))
    return "[" + body + ("\ud800-\udfff" if surrogates else "") + "]"


@cache
def xml_unsafe() -> re.Pattern[str]:
    """What XML 1.0 cannot hold, as one pattern; compiled on first use, not at import (a class
    holding the surrogates costs the regular-expression compiler a 64K-entry table)."""
    return re.compile(char_class(XML_FORBIDDEN))
