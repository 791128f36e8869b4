"""What a diff ignores: white space always; case, punctuation and typography on request.

Text is compared in Unicode's composed form (NFC), so "café" typed as e + U+0301 (NFD, as
macOS file names and some PDFs write it) equals "café"; characters that print as nothing
(zero-width space, joiner and non-joiner, word joiner, soft hyphen, a stray byte-order mark)
are not compared at all. The text shown is always the document's own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..prose import fold

# Lossless: "".join(tokenize(t)) == t. Words keep inner apostrophes ("don’t"); hyphens are
# their own tokens so "technology-based" and "technology based" can be compared word by word.
# Combining marks belong to the word they mark; invisible characters to the word around them.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
_W = rf"[\w{_MARKS}{_INVISIBLE}]"
TOKEN = re.compile(rf"{_W}+(?:['’]{_W}+)*|\s+|[^\w\s]")
_INVISIBLES = re.compile(f"[{_INVISIBLE}]")
QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                        "″": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
                        "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class DiffOptions:
    ignore_case: bool = False
    ignore_punctuation: bool = False
    ignore_typography: bool = False  # curly vs straight quotes, dashes, hyphen vs space
    model_aware: bool = True  # when one side is a model: options, notes, filled-in names


DEFAULT_OPTIONS = DiffOptions()


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def comparable(text: str) -> str:
    """The text as it is compared: NFC, without the characters that print as nothing."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _INVISIBLES.sub("", text))


def token_key(token: str, options: DiffOptions) -> str:
    """The form of a token that is compared."""
    if token[:1].isspace():
        return " "
    token = comparable(token)
    if options.ignore_typography:
        token = token.translate(QUOTES)
        if token == "-":
            return " "
    if options.ignore_punctuation and len(token) == 1 and \
            unicodedata.category(token)[0] in "PS":
        return ""
    if options.ignore_case:
        token = token.casefold()
    return token


def text_key(text: str, options: DiffOptions) -> str:
    """A whole block's compared form: equal keys mean equal blocks."""
    if not (options.ignore_case or options.ignore_punctuation or options.ignore_typography):
        return fold(comparable(text))  # only white space is ignored
    keys = [token_key(t, options) for t in tokenize(text)]
    return " ".join("".join(keys).split())


_QUOTED = re.compile("[" + re.escape("".join(map(chr, QUOTES))) + "]")
_WORD = re.compile(r"\w+(?:'\w+)*")
_ASCII_WORD = re.compile(r"[0-9A-Za-z_]+(?:'[0-9A-Za-z_]+)*")  # _WORD on ASCII, a third faster


def words(text: str) -> list[str]:
    """The words of a block, for pairing blocks by similarity: case, punctuation and
    typography never keep two versions of one paragraph from being paired (the word diff
    then shows those differences, unless the options ignore them)."""
    text = comparable(text).casefold()
    if text.isascii():  # QUOTES maps no ASCII character
        return _ASCII_WORD.findall(text)
    return _WORD.findall(_QUOTED.sub(lambda m: QUOTES[ord(m.group())], text))
