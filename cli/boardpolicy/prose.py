"""Small helpers for the words boardpolicy writes and compares: white space folded, a count
with its noun."""

from __future__ import annotations


def fold(text: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(text.split())


def count(n: int, noun: str) -> str:
    """'1 comment', '3 comments'."""
    return f"{n} {noun}{'s' * (n != 1)}"
