"""Plain text -> Document: decoding, and lines broken mid-sentence joined back.

Text pasted from a PDF or a web page, or hard-wrapped at 72 columns, breaks paragraphs into
lines. A line continues the one before unless that one ended a sentence, or is short
(a header or title line), or this line starts a bullet, a label or a policy code.
"""

from __future__ import annotations

from ..document import Document, Finding, FindingKind
from ..errors import InputError
from .structure import (
    BULLET,
    HISTORY_ENTRY,
    HISTORY_LABEL,
    LABEL_STARTS,
    NUMBERED,
    POLICY_CODE,
    REFERENCE_LABEL,
    Line,
    build,
    ends_sentence,
)

# Byte-order marks, UTF-32's first: its little-endian mark starts with UTF-16's.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def unicode_bom(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte-order mark names (Notepad's "Unicode")."""
    return next((codec for bom, codec in BOMS if data.startswith(bom)), None)


def decode(data: bytes, name: str) -> tuple[str, tuple[Finding, ...]]:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, UTF-16 without one (Notepad's
    "Unicode" saved by some tools), else Windows-1252 with a finding that says so. A UTF-8
    file with a few bad bytes (one stray 0xFF) stays UTF-8, the bad bytes named: read as
    Windows-1252, its every ’ became "â€™"."""
    if codec := unicode_bom(data):
        try:
            return data.decode(codec), ()
        except UnicodeDecodeError:
            raise InputError(f"is not valid {codec.upper()} text", path=name) from None
    if wide := _utf16_without_bom(data):
        return wide
    refuse_binary(data, name)
    if b"\0" in data[:8192]:
        raise InputError("is a binary file, not a policy text", path=name)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        bad_at, bad_byte = exc.start, data[exc.start]
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if _mostly_utf8(data, text, bad):
        more = f" and {bad - 1:,} more" if bad > 1 else ""
        return text, (Finding(FindingKind.CHARSET_GUESSED,
                              f"not valid UTF-8 at byte {bad_at:,} (0x{bad_byte:02X}){more}: "
                              "read as UTF-8, each bad byte shown as \ufffd"),)
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise InputError("is not text in any encoding boardpolicy reads (UTF-8, UTF-16, "
                         "Windows-1252)", path=name)
    return text, (Finding(FindingKind.CHARSET_GUESSED, "not UTF-8: read as Windows-1252"),)


_ASCII = bytes(range(128))


def _mostly_utf8(data: bytes, text: str, bad: int) -> bool:
    """More characters of the file decode as UTF-8 sequences than fail to: Windows-1252
    text has almost none (its é is one byte, never a valid sequence)."""
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    sequences = len(text) - ascii_bytes - bad
    return sequences >= max(bad, 1)


def _utf16_without_bom(data: bytes) -> tuple[str, tuple[Finding, ...]] | None:
    """UTF-16 text without a byte-order mark: every other byte zero (Latin text), which a
    binary file or UTF-8 never has; None when it is not that."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) <= 0.05 * len(other):
            try:
                text = data[: len(data) - len(data) % 2].decode(codec)
            except UnicodeDecodeError:
                return None
            sample = text[:2048]
            if sum(c.isprintable() or c.isspace() for c in sample) < 0.95 * len(sample):
                return None
            return text, (Finding(FindingKind.CHARSET_GUESSED,
                                  f"no byte-order mark: read as {codec.upper()}"),)
    return None


def refuse_binary(data: bytes, name: str) -> None:
    """A zip, an image, an executable: not text, whatever the file is called."""
    if data.startswith(b"PK\x03\x04") or (_binary(data) and not unicode_bom(data)):
        raise InputError("is not a text document (it looks like a binary file)", path=name)


def _binary(data: bytes) -> bool:
    """Images, archives, executables: control bytes a text never has."""
    head = data[:4096]
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\x7fELF", b"MZ")):
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > len(head) // 20


# Control bytes a text never has (tab, line feed, vertical tab, form feed, return it has);
# counted by bytes.translate, in C: a loop over 4 KB per file was a fifth of reading Markdown.
_CONTROLS = bytes([*range(9), *range(14, 32)])


def read_text(data: bytes, name: str) -> Document:
    """Plain text, in any of the encodings `decode` reads; a `---` block of fields first is
    the document's metadata, never its text."""
    from ..frontmatter import split_front_matter

    text, findings = decode(data, name)
    matter = split_front_matter(text, name)
    text = matter.body.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return matter.apply(build(join_lines(text.split("\n")), source=name, findings=findings))


def join_lines(raw: list[str]) -> list[Line]:
    """Physical lines -> logical lines (paragraphs, bullets, labelled lines)."""
    width = max((len(r.rstrip()) for r in raw), default=0)
    wrapped = width <= 100  # hard-wrapped text; otherwise a line is a paragraph
    short = int(width * 0.6)
    out: list[Line] = []
    previous = ""  # the last non-blank physical line
    blank = True  # a blank line since `previous`
    in_references = False
    for physical in raw:
        line = physical.strip()
        if not line:
            blank = True
            continue
        label_like = line[0] in LABEL_STARTS
        reference = label_like and REFERENCE_LABEL.match(line)
        history = label_like and (HISTORY_LABEL.match(line) or HISTORY_ENTRY.match(line))
        labelled = (reference or history or BULLET.match(line) or NUMBERED.match(line)
                    or (in_references and POLICY_CODE.match(line)))
        open_sentence = bool(out) and not ends_sentence(previous)
        if labelled or not open_sentence:
            joins = False
        elif line[:1].islower():
            joins = True  # mid-sentence, even across a blank line (a PDF's page break)
        else:
            joins = not blank and wrapped and len(previous) >= short
        if reference:
            in_references = True
        elif history:
            in_references = False
        if joins:
            out[-1] = Line(out[-1].text + " " + line)
        else:
            out.append(Line(line))
        previous, blank = line, False
    return out
