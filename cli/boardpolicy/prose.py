"""Small helpers for the words boardpolicy writes and compares: white space folded, a count
with its noun."""

from __future__ import annotations


def fold(text: str) -> str:
    """Runs of white space as one space, none at the ends. Most text is folded already, and
    seeing that takes half the time folding does: a printable text has no white space but
    the space (tests/test_diff.py checks this of Python's Unicode tables)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def unpunctuated(text: str) -> str:
    """Folded, without the `;` or `.` that ends a bullet: a bullet printed as the last of a
    list ("...; and" aside) reads the same as the model's."""
    return fold(text).rstrip(";.").rstrip()


def count(n: int, noun: str, plural: str = "") -> str:
    """'1 comment', '3 comments'; '1 policy', '2 policies' with the plural given."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
