"""How alike two texts are, as the share of words they have in common (Dice over bags of words).

The one measure the diff pairs blocks by, the import pairs reordered bullets and drafting notes
by, and the upgrade pairs a district's bullets with a new edition's options by.
"""

from __future__ import annotations

from collections import Counter

from .normalize import words
from .words import shared_ends


def bag(text: str) -> Counter[str]:
    """The words of a text, each with how often it occurs."""
    return Counter(words(text))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """2 × the words two bags share / the words of both (1.0 for two empty bags)."""
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    common = 0
    for word, n in a.items():  # what Counter's & counts, without building a Counter
        m = get(word)
        if m:
            common += n if n < m else m
    return 2 * common / total


def alike(old: str, new: str) -> float:
    """`dice` of the two texts' bags of words, reading the text they share at the start and
    the end once, not twice: a reworded paragraph is mostly that. The words of a text cut
    after white space are the words of its two pieces, so the shared words just count."""
    p, m = shared_ends(old, new)
    shared = len(words(old[:p])) + len(words(old[len(old) - m:]))
    a, b = bag(old[p:len(old) - m]), bag(new[p:len(new) - m])
    total = 2 * shared + a.total() + b.total()
    if total == 0:
        return 1.0
    return 2 * (shared + sum((a & b).values())) / total
