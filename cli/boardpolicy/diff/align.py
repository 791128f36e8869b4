"""Pairs the blocks of two documents: equal, modified, inserted, deleted, moved.

1. Exact anchors: the longest common subsequence of the blocks' compared forms.
2. Blocks that left one place and appear unchanged at another are moves.
3. In each gap between anchors, leftover blocks are paired in order by word similarity
   (Dice ≥ 0.5, about Jaccard ≥ 0.35 as Docxodus uses): these are modified.
4. Among what is left anywhere, a similar pair (Dice ≥ 0.8, three words or more) is a block
   moved and edited.

A move needs evidence: its text occurs once in each document. Among repeated identical
paragraphs (a manual's "Policy History:", twenty equal clauses) one edited where it stands is
a modification, and equal runs are matched position by position when that keeps as many
blocks equal as the longest common subsequence does, so that they do not slide past an edit.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Protocol

from .result import Op
from .similar import dice

MODIFY_THRESHOLD = 0.5
MOVE_THRESHOLD = 0.8
MOVE_MIN_WORDS = 3
DP_LIMIT = 40_000  # cells; a larger gap is paired greedily


class Bags(Protocol):
    """Each block's bag of words by its position (a list, or bags made when first asked for)."""

    def __getitem__(self, k: int, /) -> Counter[str]: ...


@dataclass(frozen=True, slots=True)
class Pair:
    """Old block `old` and new block `new` are one: equal, modified or moved."""

    op: Op
    old: int
    new: int
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class OnlyOld:
    """Old block `old` has no partner: deleted."""

    old: int


@dataclass(frozen=True, slots=True)
class OnlyNew:
    """New block `new` has no partner: inserted."""

    new: int


Aligned = Pair | OnlyOld | OnlyNew


def patience_matches(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Equal blocks kept in order, as patience diff finds them: blocks that occur once on
    each side anchor the comparison (their longest increasing run), and each gap between
    anchors is matched the same way; a gap with no such block falls back to difflib.

    difflib alone is slow on a whole manual, whose "Policy History:" and "Reviewed on:"
    lines repeat hundreds of times; the anchors cut it into small gaps.
    """
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        if alo >= ahi or blo >= bhi:
            continue
        # equal ends need no search
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        tail = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            tail.append((ahi, bhi))
        out += tail
        if alo >= ahi or blo >= bhi:
            continue
        count_a = Counter(a[alo:ahi])
        count_b = Counter(b[blo:bhi])
        where_a = {a[i]: i for i in range(alo, ahi) if count_a[a[i]] == 1}
        pairs = [(where_a[b[j]], j) for j in range(blo, bhi)
                 if count_b[b[j]] == 1 and b[j] in where_a]
        if not pairs:
            out += _repeated_matches(a, b, alo, ahi, blo, bhi)
            continue
        anchors = _longest_increasing(pairs)
        out += anchors
        edges = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
        for (i0, j0), (i1, j1) in pairwise(edges):
            stack.append((i0 + 1, i1, j0 + 1, j1))
    return sorted(out)


def _repeated_matches(a: list[str], b: list[str], alo: int, ahi: int, blo: int,
                      bhi: int) -> list[tuple[int, int]]:
    """Equal blocks in a gap where no block is unique: the longest common subsequence, unless
    matching position by position (from the start, or from the end) keeps as many equal; then
    an edit among repeated paragraphs stays where it stands instead of shifting the rest."""
    matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    longest = [(alo + m.a + k, blo + m.b + k) for m in matcher.get_matching_blocks()
               for k in range(m.size)]
    n = min(ahi - alo, bhi - blo)
    from_start = [(alo + k, blo + k) for k in range(n) if a[alo + k] == b[blo + k]]
    from_end = [(ahi - n + k, bhi - n + k) for k in range(n)
                if a[ahi - n + k] == b[bhi - n + k]]
    best = max(from_start, from_end, key=len)
    return best if len(best) >= len(longest) else longest


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both coordinates (pairs come sorted by the
    second): patience sorting, O(n log n)."""
    tops: list[int] = []  # smallest last a-index of a run of each length
    top_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (i, _j) in enumerate(pairs):
        n = bisect.bisect_left(tops, i)
        if n == len(tops):
            tops.append(i)
            top_index.append(k)
        else:
            tops[n] = i
            top_index[n] = k
        back[k] = top_index[n - 1] if n else -1
    run = []
    k = top_index[-1] if top_index else -1
    while k != -1:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def align(old_keys: list[str], new_keys: list[str], old_words: Bags, new_words: Bags,
          similar: Callable[[int, int], float] | None = None) -> list[Aligned]:
    """Pairs in reading order of the new document (deletions where they stood).

    `similar(i, j)`: the Dice of old block i and new block j, as `dice` of their bags gives
    it; the caller may know a cheaper way to it for one pair."""
    if similar is None:
        def similar(i: int, j: int) -> float:
            return dice(old_words[i], new_words[j])
    anchors = patience_matches(old_keys, new_keys)
    pairs = [Pair(Op.EQUAL, i, j) for i, j in anchors]
    taken = _Taken(pairs)
    moved = _unchanged_moves(old_keys, new_keys, taken)
    taken.add(moved)
    modified = _modified(anchors, len(old_keys), len(new_keys), taken, old_words, new_words,
                         similar)
    taken.add(modified)
    edited = _edited_moves(old_keys, new_keys, taken, old_words, new_words)
    taken.add(edited)
    rest: list[Aligned] = [OnlyOld(i) for i in range(len(old_keys)) if i not in taken.old]
    rest += [OnlyNew(j) for j in range(len(new_keys)) if j not in taken.new]
    return _reading_order([*pairs, *moved, *modified, *edited, *rest])


class _Taken:
    """The old and new blocks paired so far: each step pairs only blocks still free."""

    def __init__(self, pairs: list[Pair]):
        self.old: set[int] = set()
        self.new: set[int] = set()
        self.add(pairs)

    def add(self, pairs: list[Pair]) -> None:
        self.old.update(p.old for p in pairs)
        self.new.update(p.new for p in pairs)


def _unchanged_moves(old_keys: list[str], new_keys: list[str], taken: _Taken) -> list[Pair]:
    """The same text, unanchored on both sides, and found once in each: moved unchanged."""
    once = _unique(old_keys, new_keys)
    waiting: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(old_keys):
        if i not in taken.old and key in once:
            waiting[key].append(i)
    out = []
    for j, key in enumerate(new_keys):
        if j not in taken.new and waiting.get(key):
            out.append(Pair(Op.MOVE, waiting[key].pop(0), j))
    return out


def _modified(anchors: list[tuple[int, int]], n_old: int, n_new: int, taken: _Taken,
              old_words: Bags, new_words: Bags, similar: Callable[[int, int], float]
              ) -> list[Pair]:
    """Blocks reworded where they stand: paired in order inside each gap between anchors."""
    out = []
    edges = [(-1, -1), *anchors, (n_old, n_new)]
    for (a_end, b_end), (a_next, b_next) in pairwise(edges):
        olds = [i for i in range(a_end + 1, a_next) if i not in taken.old]
        news = [j for j in range(b_end + 1, b_next) if j not in taken.new]
        out += [Pair(Op.MODIFY, i, j, score) for i, j, score in
                _pair_in_order(olds, news, old_words, new_words, similar)]
    return out


def _edited_moves(old_keys: list[str], new_keys: list[str], taken: _Taken, old_words: Bags,
                  new_words: Bags) -> list[Pair]:
    """Moved and edited: a similar pair among what is left anywhere, its old text unique in
    the old document and its new text in the new, and three words or more; best first."""
    olds = _movable(old_keys, taken.old, old_words)
    news = _movable(new_keys, taken.new, new_words)
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = []
    for score, i, j in _similar_pairs(olds, news, old_words, new_words, MOVE_THRESHOLD):
        if i in used_old or j in used_new:
            continue
        out.append(Pair(Op.MOVE, i, j, score))
        used_old.add(i)
        used_new.add(j)
    return out


def _movable(keys: list[str], taken: set[int], bags: Bags) -> list[int]:
    """The blocks left that may have moved: not repeated, and of three words or more."""
    repeated = {k for k, c in Counter(keys).items() if c > 1}
    return [i for i in range(len(keys)) if i not in taken and keys[i] not in repeated and
            bags[i].total() >= MOVE_MIN_WORDS]


def _similar_pairs(olds: list[int], news: list[int], old_words: Bags, new_words: Bags,
                   threshold: float) -> list[tuple[float, int, int]]:
    """Every (Dice, old, new) with Dice ≥ threshold, best first, without comparing every old
    block with every new one: a prefix filter, as set-similarity joins use. Each occurrence
    of a word is a token ("shall" twice: shall#1, shall#2), so Dice is over sets of tokens.
    Sorted by a global order (rarest first), a block of n tokens can reach the threshold only
    with a partner that shares one of its first n - ⌈t·n/(2 - t)⌉ + 1 tokens; only pairs
    sharing such a token are candidates, and only of a size that can reach the threshold. A
    candidate is dropped as soon as the tokens it shares so far, and those left after them in
    both blocks, cannot reach it (PPJoin's positional filter). On 4,000 unmatched blocks of
    the benchmark's manual: a fifth of the comparisons, a third of the time. Its vocabulary
    is 556 words, so every block still shares rare-enough tokens with a fixed share of the
    others: the work grows with the square of the blocks left unmatched."""
    if not olds or not news:
        return []

    def tokens(bag: Counter) -> list[tuple[str, int]]:
        return [(word, k) for word, n in bag.items() for k in range(n)]

    old_tokens = {i: tokens(old_words[i]) for i in olds}
    new_tokens = {j: tokens(new_words[j]) for j in news}
    frequency: Counter = Counter()
    for each in (old_tokens, new_tokens):
        for toks in each.values():
            frequency.update(toks)
    rank = {t: (n, t) for t, n in frequency.items()}

    def prefix(toks: list[tuple[str, int]]) -> list[tuple[str, int]]:
        n = len(toks)
        # the least overlap any partner allows, rounded down so no pair is missed
        least = math.floor(threshold * n / (2 - threshold) + 1e-9)
        return sorted(toks, key=rank.__getitem__)[:max(n - least + 1, 1)]

    ratio = threshold / (2 - threshold) - 1e-9  # the smaller bag's least share of the larger
    # token -> (size, old block, position in its order), by size: a block looks only at
    # partners of a size it can reach the threshold with
    index: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)
    for i in olds:
        for at, t in enumerate(prefix(old_tokens[i])):
            index[t].append((len(old_tokens[i]), i, at))
    sizes = {}
    for t, listed in index.items():
        listed.sort()
        sizes[t] = [m for m, _, _ in listed]
    out = []
    for j in news:
        n = len(new_tokens[j])
        shared: dict[int, int] = {}  # candidate -> tokens found in common so far
        ruled_out: set[int] = set()
        for at, t in enumerate(prefix(new_tokens[j])):
            postings = index.get(t)
            if not postings:
                continue
            lo = bisect.bisect_left(sizes[t], ratio * n)
            hi = bisect.bisect_right(sizes[t], n / ratio + 1)
            for m, i, at_old in postings[lo:hi]:
                if i in ruled_out or min(n, m) < ratio * max(n, m):
                    continue
                found = shared.get(i, 0) + 1
                # tokens in common before these were met already; after them, at most the
                # fewer of the two blocks' remaining tokens
                left = n - at - 1 if n - at < m - at_old else m - at_old - 1
                if 2 * (found + left) < threshold * (n + m) - 1e-9:
                    ruled_out.add(i)
                    shared.pop(i, None)
                else:
                    shared[i] = found
        for i in shared:
            score = dice(old_words[i], new_words[j])
            if score >= threshold:
                out.append((score, i, j))
    out.sort(reverse=True)
    return out


def _unique(old_keys: list[str], new_keys: list[str]) -> set[str]:
    """Texts found exactly once in each document: evidence enough for a move."""
    count_old, count_new = Counter(old_keys), Counter(new_keys)
    return {k for k, c in count_old.items() if c == 1 and count_new.get(k) == 1}


def _pair_in_order(olds: list[int], news: list[int], old_words: Bags, new_words: Bags,
                   similar: Callable[[int, int], float]
                   ) -> list[tuple[int, int, float]]:
    """Order-keeping pairs maximising total similarity (a small Needleman-Wunsch)."""
    if not olds or not news:
        return []
    if len(olds) == len(news) == 1:  # most gaps: one block reworded where it stood
        s = similar(olds[0], news[0])
        return [(olds[0], news[0], s)] if s >= MODIFY_THRESHOLD else []
    if len(olds) * len(news) > DP_LIMIT:
        return _pair_greedily(olds, news, old_words, new_words)
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    sims = [[dice(old_words[i], new_words[j]) for j in news] for i in olds]
    for x in range(1, n + 1):
        row, above, sim_row = score[x], score[x - 1], sims[x - 1]
        for y in range(1, m + 1):
            best = max(above[y], row[y - 1])
            s = sim_row[y - 1]
            if s >= MODIFY_THRESHOLD:
                best = max(best, above[y - 1] + s)
            row[y] = best
    out = []
    x, y = n, m
    while x and y:
        s = sims[x - 1][y - 1]
        if s >= MODIFY_THRESHOLD and score[x][y] == score[x - 1][y - 1] + s:
            out.append((olds[x - 1], news[y - 1], s))
            x, y = x - 1, y - 1
        elif score[x][y] == score[x - 1][y]:
            x -= 1
        else:
            y -= 1
    return out[::-1]


def _pair_greedily(olds: list[int], news: list[int], old_words: Bags, new_words: Bags
                   ) -> list[tuple[int, int, float]]:
    """Large gaps: each old block takes the best new block after the last one paired."""
    out = []
    start = 0
    for i in olds:
        best, best_k = MODIFY_THRESHOLD, None
        for k in range(start, min(len(news), start + 50)):
            s = dice(old_words[i], new_words[news[k]])
            if s >= best:
                best, best_k = s, k
        if best_k is not None:
            out.append((i, news[best_k], best))
            start = best_k + 1
    return out


def _reading_order(aligned: list[Aligned]) -> list[Aligned]:
    """New document order; a deletion goes right after the block that preceded it."""
    by_new = sorted((p for p in aligned if not isinstance(p, OnlyOld)), key=lambda p: p.new)
    deletions = sorted((p for p in aligned if isinstance(p, OnlyOld)), key=lambda p: p.old)
    slots: dict[int, list[Aligned]] = defaultdict(list)
    before = _placed_before(by_new, aligned)
    for d in deletions:
        slots[before[d.old]].append(d)
    out = list(slots.get(-1, []))
    for k, p in enumerate(by_new):
        out.append(p)
        out.extend(slots.get(k, []))
    return out


def _placed_before(by_new: list[Pair | OnlyNew], aligned: list[Aligned]) -> list[int]:
    """For each old index i, the latest place in `by_new` of the old blocks before i that
    stayed in place (equal or modified: moves jump); -1 for none."""
    position = {p.old: k for k, p in enumerate(by_new)
                if isinstance(p, Pair) and p.op is not Op.MOVE}
    n_old = max((p.old for p in aligned if not isinstance(p, OnlyNew)), default=-1) + 1
    before = [-1] * (n_old + 1)
    latest = -1
    for i in range(n_old):
        before[i] = latest
        latest = max(latest, position.get(i, -1))
    return before
