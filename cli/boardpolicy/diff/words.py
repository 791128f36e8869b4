"""Word-level diff of two texts with diff-match-patch; its tuples stop here, as our Spans.

Each distinct word (by its compared form) is mapped to one private character, the strings of
characters are diffed, and the result is mapped back: the "lines to chars" trick applied to
words. No timeout, so the result never depends on the machine's speed; semantic clean-up so
a change reads as whole words. The pure-Python diff-match-patch is the only engine: inside
one reworded paragraph its own work is small, and what cost more (tokenising, and mapping words
to characters) is done by a regular expression and dictionary look-ups, with one table of
characters shared by every paragraph of a comparison (`Encoder`).
"""

from __future__ import annotations

from typing import Any

from .normalize import _INVISIBLES, DEFAULT_OPTIONS, DiffOptions, comparable, token_key, tokenize
from .result import Op, Side, Span


def _units(text: str, options: DiffOptions) -> list[tuple[str, str]]:
    """(compared form, text) per token; ignored tokens ride along with their neighbour."""
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


# The characters words are mapped to: the private use area, then the supplementary private
# use planes (15 and 16), never a surrogate. diff-match-patch compares characters for equality,
# and its semantic clean-up scores a boundary by whether the characters are letters, digits or
# white space: none of these is any of those, so which word gets which character changes
# nothing, and one table can serve every paragraph of a comparison.
_RANGES = ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE))
_LIMIT = sum(hi - lo for lo, hi in _RANGES)


def _nth_char(n: int) -> str:
    for lo, hi in _RANGES:
        if n < hi - lo:
            return chr(lo + n)
        n -= hi - lo
    raise ValueError("more distinct words than private characters")


def _char(table: dict[str, str], key: str) -> str:
    """The private character standing for a compared form, assigned on first sight."""
    char = table.get(key)
    if char is None:
        char = table[key] = _nth_char(len(table))
    return char


class Encoder(dict[str, str]):
    """Token text -> its character, for texts whose tokens' compared forms depend on the
    token alone and are never empty (no options, no invisible characters). Shared by all the
    word diffs of one comparison, so that each distinct token is looked at once and encoding
    a paragraph is a dictionary look-up per token, in C."""

    def __init__(self) -> None:
        super().__init__()
        self.by_key: dict[str, str] = {}  # compared form -> character
        self.coarse = 0  # paragraphs past MAX_WORD_WORK, compared by sentence or whole

    @property
    def full(self) -> bool:
        return len(self.by_key) >= _LIMIT

    def __missing__(self, token: str) -> str:
        key = " " if token[0].isspace() else token if token.isascii() else comparable(token)
        char = self[token] = _char(self.by_key, key)
        return char


def _plain(options: DiffOptions, *texts: str) -> bool:
    """True when every token's compared form is the token's own (white space aside)."""
    return not (options.ignore_case or options.ignore_punctuation or options.ignore_typography) \
        and not any(not t.isascii() and _INVISIBLES.search(t) for t in texts)


def _common(a: str, b: str, reverse: bool = False) -> int:
    """Length of the common start (or end) of two texts, by halving: slices compare in C."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = a[len(a) - mid:] == b[len(b) - mid:] if reverse else a[:mid] == b[:mid]
        if same:
            lo = mid
        else:
            hi = mid - 1
    return lo


def shared_ends(old: str, new: str) -> tuple[int, int]:
    """How much of the start (p characters) and of the end (m) both texts share, each cut
    where a token boundary is certain in both: after white space, before a character that is
    not. Tokenising the pieces then gives exactly the tokens of the whole."""
    n = _common(old, new)
    p = n - 1
    while p > 0 and not (old[p - 1].isspace() and not old[p].isspace()):
        p -= 1
    p = max(p, 0)
    limit = min(len(old), len(new)) - p  # the end must not reach into the start
    n = min(_common(old, new, reverse=True), limit)
    m = n - 1  # cut at len - m: the character before it is shared too
    while m > 0 and not (old[len(old) - m - 1].isspace() and not old[len(old) - m].isspace()):
        m -= 1
    return p, max(m, 0)


def _boundary(text: str, i: int, step: int) -> int:
    """The nearest place from `i` (going by `step`, -1 or 1) where a token boundary is certain:
    after white space, before a character that is not; else the start or end of `text`."""
    while 0 < i < len(text) and not (text[i - 1].isspace() and not text[i].isspace()):
        i += step
    return min(max(i, 0), len(text))


def _last_tokens(text: str, k: int) -> tuple[str, list[str]]:
    """`text` as a head left untokenised and the tokens of a tail of at least k (or all)."""
    width = 4 * k
    while True:
        cut = _boundary(text, len(text) - width, -1)
        tokens = tokenize(text[cut:])
        if len(tokens) >= k or cut == 0:
            return text[:cut], tokens
        width *= 4


def _first_tokens(text: str, k: int) -> tuple[list[str], str]:
    """The tokens of a head of `text` at least k long (or all), and the tail left as it is."""
    width = 4 * k
    while True:
        cut = _boundary(text, width, 1)
        tokens = tokenize(text[:cut])
        if len(tokens) >= k or cut == len(text):
            return tokens, text[cut:]
        width *= 4


def _encoded(old: str, new: str, options: DiffOptions, encoder: Encoder | None
             ) -> tuple[str, list[str], list[str], str, str, str]:
    """Both texts as token texts (each ignored token riding with its neighbour) and as
    strings of one character per compared form; with the text both share at the start and
    at the end that need not be diffed (a head and a tail, each maybe empty)."""
    if _plain(options, old, new):
        if encoder is None or encoder.full:
            encoder = Encoder()
        chars = encoder.__getitem__
        # Of the text both share at the start and the end, diff-match-patch looks no further
        # from the edits than the edits are long (in tokens): so much of it, as context, gives
        # the diff all of it gives, and a paragraph with one word edited costs little more
        # than that word. The rest is one equal span as it stands.
        p, m = shared_ends(old, new)
        a_mid, b_mid = tokenize(old[p:len(old) - m]), tokenize(new[p:len(new) - m])
        k = len(a_mid) + len(b_mid) + 1
        head, pre = _last_tokens(old[:p], k)
        suf, tail = _first_tokens(old[len(old) - m:], k)
        cp, cs = "".join(map(chars, pre)), "".join(map(chars, suf))
        return head, pre + a_mid + suf, pre + b_mid + suf, \
            cp + "".join(map(chars, a_mid)) + cs, cp + "".join(map(chars, b_mid)) + cs, tail
    table: dict[str, str] = {}
    ua, ub = _units(old, options), _units(new, options)
    ca = "".join([_char(table, key) for key, _ in ua])
    cb = "".join([_char(table, key) for key, _ in ub])
    return "", [t for _, t in ua], [t for _, t in ub], ca, cb, ""


def _engine() -> Any:
    """diff-match-patch without a time limit (it has no types: Any stops at this module)."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


# The work bound of one word diff: the product of the two texts' lengths in compared tokens
# (after the start and end both share). Myers' diff costs up to that; pure-Python
# diff-match-patch does about a million of it a second in the worst case (every word moved:
# two shuffles of 4,000 words took 59 s). Past it, the paragraph is compared a sentence at a
# time (or, past it again, as a whole) and the comparison says so (`Encoder.coarse`).
MAX_WORD_WORK = 4_000_000

_SENTENCE_END = (".", "!", "?", ";", ":")


def word_spans(old: str, new: str, options: DiffOptions = DEFAULT_OPTIONS,
               encoder: Encoder | None = None) -> tuple[Span, ...]:
    """The spans that turn `old` into `new`, whole words at a time. Word diffs of one
    comparison can share an `Encoder`, which makes them faster and changes nothing else.

    Two texts too long and too unlike to compare word by word within `MAX_WORD_WORK` are
    compared sentence by sentence, or whole; the encoder counts them (`coarse`)."""
    head, a, b, ca, cb, tail = _encoded(old, new, options, encoder)
    if len(ca) * len(cb) > MAX_WORD_WORK:
        if encoder is not None:
            encoder.coarse += 1
        middle = _coarse_spans(a, b)
    else:
        middle = _fine_spans(a, b, ca, cb)
    return tuple(_merge([Span(Op.EQUAL, head), *middle, Span(Op.EQUAL, tail)]))


def _fine_spans(a: list[str], b: list[str], ca: str, cb: str) -> list[Span]:
    """Word by word: diff-match-patch on one character per compared token."""
    dmp = _engine()
    diffs = dmp.diff_main(ca, cb, False)
    dmp.diff_cleanupSemantic(diffs)
    spans: list[Span] = []
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            old_text = "".join(a[i:i + n])
            new_text = "".join(b[j:j + n])
            spans.append(Span(Op.EQUAL, new_text, None if old_text == new_text else old_text))
            i, j = i + n, j + n
        elif op < 0:
            spans.append(Span(Op.DELETE, "".join(a[i:i + n])))
            i += n
        else:
            spans.append(Span(Op.INSERT, "".join(b[j:j + n])))
            j += n
    return spans


def _sentences(tokens: list[str]) -> list[str]:
    """Tokens joined into sentences, each with the white space after its end."""
    out: list[str] = []
    current: list[str] = []
    for token in tokens:
        if token[:1].isspace() and current and current[-1].endswith(_SENTENCE_END):
            out.append("".join([*current, token]))
            current = []
        else:
            current.append(token)
    if current:
        out.append("".join(current))
    return out


def _coarse_spans(a: list[str], b: list[str]) -> list[Span]:
    """Sentence by sentence (a sentence is equal only when written the same); when even
    that is past the bound, the old text deleted and the new inserted, whole. Both rebuild
    the two texts exactly."""
    sa, sb = _sentences(a), _sentences(b)
    if len(sa) * len(sb) > MAX_WORD_WORK:
        return [Span(Op.DELETE, "".join(a)), Span(Op.INSERT, "".join(b))]
    table: dict[str, str] = {}
    ca = "".join(_char(table, sentence) for sentence in sa)
    cb = "".join(_char(table, sentence) for sentence in sb)
    return _fine_spans(sa, sb, ca, cb)


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


def rebuild(spans: tuple[Span, ...] | list[Span], side: Side) -> str:
    """The old or new text a list of spans describes."""
    if side is Side.NEW:
        return "".join(s.text for s in spans if s.op is not Op.DELETE)
    return "".join((s.old_text if s.old_text is not None else s.text) if s.op is Op.EQUAL
                   else s.text for s in spans if s.op is not Op.INSERT)


def similarity(spans: tuple[Span, ...] | list[Span]) -> float:
    """Share of characters the two texts have in common (1.0 = the same words)."""
    equal = total = 0
    for s in spans:
        if s.op is Op.EQUAL:
            n = len(s.text) + len(s.old_text if s.old_text is not None else s.text)
            equal += n
            total += n
        else:
            total += len(s.text)
    return 1.0 if total == 0 else equal / total
