"""Word-level diff of two texts with diff-match-patch; its tuples stop here, as our Spans.

Each distinct word (by its compared form) is mapped to one private character, the strings of
characters are diffed, and the result is mapped back: the "lines to chars" trick applied to
words. No timeout, so the result never depends on the machine's speed; semantic clean-up so
a change reads as whole words. `fast-diff-match-patch` (C++), when installed, does the same
diff much faster; a test checks that both give the same spans.
"""

from __future__ import annotations

from .normalize import DEFAULT_OPTIONS, DiffOptions, token_key, tokenize
from .result import Op, Span

_FIRST_CHAR = 0xE000  # private use area first, then on past the surrogates


def _units(text: str, options: DiffOptions) -> list[tuple[str, str]]:
    """(compared form, text) per token; ignored tokens ride along with their neighbour."""
    if not (options.ignore_case or options.ignore_punctuation or options.ignore_typography) \
            and text.isascii():
        # only white space is ignored: the common case, kept fast
        return [(" " if t[0].isspace() else t, t) for t in tokenize(text)]
    out: list[tuple[str, str]] = []
    pending = ""
    for token in tokenize(text):
        key = token_key(token, options)
        if key == "":
            if out:
                out[-1] = (out[-1][0], out[-1][1] + token)
            else:
                pending += token
            continue
        out.append((key, pending + token))
        pending = ""
    if pending:
        out.append(("", pending))
    return out


def _encode(units: list[tuple[str, str]], table: dict[str, str]) -> str:
    chars = []
    for key, _ in units:
        char = table.get(key)
        if char is None:
            code = _FIRST_CHAR + len(table)
            if code >= 0xF900:  # leave the private use area: skip to the astral planes
                code = 0x10000 + (code - 0xF900)
            char = table[key] = chr(code)
        chars.append(char)
    return "".join(chars)


def _engine():
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def word_spans(old: str, new: str, options: DiffOptions = DEFAULT_OPTIONS) -> tuple[Span, ...]:
    """The spans that turn `old` into `new`, whole words at a time."""
    a, b = _units(old, options), _units(new, options)
    table: dict[str, str] = {}
    ca, cb = _encode(a, table), _encode(b, table)
    dmp = _engine()
    diffs = dmp.diff_main(ca, cb, False)
    dmp.diff_cleanupSemantic(diffs)
    spans: list[Span] = []
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            old_text = "".join(t for _, t in a[i:i + n])
            new_text = "".join(t for _, t in b[j:j + n])
            spans.append(Span(Op.EQUAL, new_text, None if old_text == new_text else old_text))
            i, j = i + n, j + n
        elif op < 0:
            spans.append(Span(Op.DELETE, "".join(t for _, t in a[i:i + n])))
            i += n
        else:
            spans.append(Span(Op.INSERT, "".join(t for _, t in b[j:j + n])))
            j += n
    return tuple(_merge(spans))


def _merge(spans: list[Span]) -> list[Span]:
    """Adjacent spans of one kind become one; deletions come before insertions."""
    out: list[Span] = []
    for span in spans:
        if not span.text and not span.old_text:
            continue
        if out and out[-1].op is span.op and span.op is not Op.EQUAL:
            out[-1] = Span(span.op, out[-1].text + span.text)
        elif out and out[-1].op is Op.EQUAL and span.op is Op.EQUAL:
            prev = out[-1]
            old = (prev.old_text if prev.old_text is not None else prev.text) + \
                  (span.old_text if span.old_text is not None else span.text)
            text = prev.text + span.text
            out[-1] = Span(Op.EQUAL, text, None if old == text else old)
        else:
            out.append(span)
    return out


def rebuild(spans: tuple[Span, ...] | list[Span], side: str) -> str:
    """The old or new text a list of spans describes."""
    if side == "new":
        return "".join(s.text for s in spans if s.op is not Op.DELETE)
    return "".join((s.old_text if s.old_text is not None else s.text) if s.op is Op.EQUAL
                   else s.text for s in spans if s.op is not Op.INSERT)


def similarity(spans: tuple[Span, ...] | list[Span]) -> float:
    """Share of characters the two texts have in common (1.0 = the same words)."""
    equal = sum(len(s.text) + len(s.old_text if s.old_text is not None else s.text)
                for s in spans if s.op is Op.EQUAL)
    total = len(rebuild(spans, "old")) + len(rebuild(spans, "new"))
    return 1.0 if total == 0 else equal / total
