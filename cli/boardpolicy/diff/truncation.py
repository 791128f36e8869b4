"""Whether a document compared with a model was cut off, and where: the model says what the
document's last words should have gone on to say.

A reader can only guess at a cut from the last line alone (prose that stops in mid-sentence),
and a short line proves nothing there: "• Accepting th" could be a bullet of the district's
own. Against the model the evidence is exact. A document is cut off when its last block is
the start of a model block and no more ("Accepting th" of "Accepting the solicitation of
students…"), or when it stops in the middle of the model's list, after a bullet that says
more follows (";"), with everything the model has after that bullet missing. A district that
simply did not choose the last bullets ends its list with a complete bullet and goes on with
the policy: it is not cut off. The model's options after the cut are not known, neither
adopted nor not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Finding, FindingKind
from .result import Category, Change, Deleted, Inserted, Side, Unit, UnitKind
from .wording import KIND_NAMES, QUOTED_WORDS, short

MIN_FRAGMENT = 3  # characters: a last line of one or two ("-", "1.") is no evidence
ENDS_SENTENCE = re.compile(r"[.!?][\"”’')\]]*$")  # a bullet that ends the list, a full stop
TRAILING_MARKS = " \t;:,.!?\"”’')]"  # what a complete block may end with and a cut one lack
HEADER = (UnitKind.DISTRICT, UnitKind.SERIES)  # the page header is no block of the policy


@dataclass(frozen=True, slots=True)
class Cut:
    """Where a document compared with a model stops short.

    `unknown` are the ids of the model's options after the cut that the document does not
    have, in the model's order: whether the district adopted them is not known. `fragment`
    is the index (in the diff's changes) of a last block that is only the start of a model
    block and was paired with none: not the district's own text, so import leaves it out.
    """

    finding: Finding
    unknown: tuple[str, ...] = ()
    fragment: int | None = None
    beyond: tuple[int, ...] = ()  # changes the document does not reach (indices): the
    #                               model's text there is not known
    stops_in: int | None = None  # the change holding the block the document stops in


def cut_off(changes: Sequence[Change], model_side: Side) -> Cut | None:
    """The cut in a document diffed against a model on `model_side`, or None when the
    document reads as complete. `changes` are the diff's, categorised against the model."""
    last = _last_block(changes, model_side)
    if last is None:
        return None
    k, unit = last
    return _mid_block(changes, k, unit, model_side) or _mid_list(changes, k, unit, model_side)


def _last_block(changes: Sequence[Change], model_side: Side) -> tuple[int, Unit] | None:
    """The change holding the document's last block (the latest in its reading order)."""
    best: tuple[int, int, Unit] | None = None
    for k, change in enumerate(changes):
        unit, index = _document_side(change, model_side)
        if unit is not None and index is not None and (best is None or index > best[0]):
            best = (index, k, unit)
    if best is None or best[2].kind in HEADER:
        return None
    return best[1], best[2]


def _mid_block(changes: Sequence[Change], k: int, unit: Unit, model_side: Side) -> Cut | None:
    """The document's last block is a strict prefix of a model block: the one it was paired
    with, or else the first the document lacks that starts with its words."""
    text = " ".join(unit.text.split())
    if len(text) < MIN_FRAGMENT or ENDS_SENTENCE.search(text):
        return None
    paired, _ = _model_side(changes[k], model_side)
    candidates = [(k, paired)] if paired is not None else \
        [(n, c_unit) for n, c in enumerate(changes)
         if (c_unit := _model_side(c, model_side)[0]) is not None and
         _document_side(c, model_side)[0] is None and c.category is not Category.DRAFTING_NOTE]
    for n, model_unit in candidates:
        if _strict_prefix(text, " ".join(model_unit.text.split())):
            where = _model_side(changes[n], model_side)[1]
            unknown = _options_after(changes, where, model_side, inclusive=True)
            beyond = set(_unreached(changes, where, model_side, inclusive=True)) - {k}
            return Cut(Finding(FindingKind.CUT_OFF, _in_the_middle(unit, text, unknown)),
                       unknown, None if paired is not None else k, tuple(sorted(beyond)), k)
    return None


def _strict_prefix(text: str, model_text: str) -> bool:
    """`text` is how `model_text` begins and stops short of its words (not merely of its
    last mark: a bullet printed without its ";" is complete)."""
    return model_text.startswith(text) and \
        len(text.rstrip(TRAILING_MARKS)) < len(model_text.rstrip(TRAILING_MARKS))


def _mid_list(changes: Sequence[Change], k: int, unit: Unit, model_side: Side) -> Cut | None:
    """The document's last block is a bullet that does not end the list, options of the
    model follow it, and nothing the model has after it is in the document."""
    if unit.kind is not UnitKind.ITEM or ENDS_SENTENCE.search(unit.text.strip()):
        return None
    where = _model_place(changes, k, model_side)
    if where is None:
        return None
    after = [c for c in changes if _after(_model_side(c, model_side)[1], where)]
    if any(_document_side(c, model_side)[0] is not None for c in after):
        return None  # the policy goes on
    unknown = _options_after(changes, where, model_side, inclusive=False)
    if not unknown or all(c.category is Category.OPTION_NOT_ADOPTED for c in after):
        return None  # not in the middle of the list, or nothing of the policy after it
    return Cut(Finding(FindingKind.CUT_OFF, _after_a_bullet(unit.text, unknown)), unknown,
               beyond=_unreached(changes, where, model_side, inclusive=False))


def _unreached(changes: Sequence[Change], where: int | None, model_side: Side, *,
               inclusive: bool) -> tuple[int, ...]:
    """The changes holding model blocks at or after index `where` that the document lacks:
    it stops before them, so whether the district kept them is not known."""
    if where is None:
        return ()
    return tuple(k for k, c in enumerate(changes)
                 if _document_side(c, model_side)[0] is None and
                 c.category is not Category.DRAFTING_NOTE and
                 (m := _model_side(c, model_side)[1]) is not None and
                 (m >= where if inclusive else m > where))


def _after(index: int | None, where: int) -> bool:
    """A model block's place is after `where` (a drafting note has none: it is set apart)."""
    return index is not None and index > where


def _model_place(changes: Sequence[Change], k: int, model_side: Side) -> int | None:
    """Where in the model the document's last block stands: its own model block's index,
    or that of the latest model block paired before it in the document."""
    own = _model_side(changes[k], model_side)[1]
    if own is not None:
        return own
    last_index = _document_side(changes[k], model_side)[1] or 0
    before = [(d, m) for c in changes
              if (d := _document_side(c, model_side)[1]) is not None and d < last_index and
              (m := _model_side(c, model_side)[1]) is not None]
    return max(before)[1] if before else None


def _options_after(changes: Sequence[Change], where: int | None, model_side: Side, *,
                   inclusive: bool) -> tuple[str, ...]:
    """The model's options at or after index `where` that the document does not have."""
    if where is None:
        return ()
    return tuple(c.id or "" for c in changes if _unchosen_option(c) and
                 (m := _model_side(c, model_side)[1]) is not None and
                 (m >= where if inclusive else m > where))


def _unchosen_option(change: Change) -> bool:
    """An option of the model the document does not have: not adopted, or (in a diff
    already marked past its cut) not known."""
    return change.category is Category.OPTION_NOT_ADOPTED or (
        change.category in (Category.NOT_KNOWN, Category.CUT_OFF) and
        change.kind is UnitKind.ITEM and bool(change.id) and
        (change.old is None or change.new is None))


def _document_side(change: Change, model_side: Side) -> tuple[Unit | None, int | None]:
    """The document's unit of a change and its place among the document's units."""
    if model_side is Side.OLD:
        return (None, None) if isinstance(change, Deleted) else (change.new, change.new_index)
    return (None, None) if isinstance(change, Inserted) else (change.old, change.old_index)


def _model_side(change: Change, model_side: Side) -> tuple[Unit | None, int | None]:
    """The model's unit of a change and its place among the model's units."""
    return _document_side(change, Side.NEW if model_side is Side.OLD else Side.OLD)


# --- the words a clerk reads -----------------------------------------------------------------

def _in_the_middle(unit: Unit, text: str, unknown: tuple[str, ...]) -> str:
    """'the text stops in the middle of the bullet “Accepting th…”: …'."""
    kind = KIND_NAMES.get(unit.kind, str(unit.kind))
    words = text.split()
    if len(words) <= QUOTED_WORDS:
        where = f"the {kind} “{text}…”"
    else:
        where = f"the {kind} beginning “{short(text)}”, at “…{' '.join(words[-4:])}”"
    return f"the text stops in the middle of {where}: it is probably cut off{_unknown(unknown)}"


def _after_a_bullet(text: str, unknown: tuple[str, ...]) -> str:
    return (f"the text stops after the bullet “{short(text)}”, in the middle of the model’s "
            f"list, and the rest of the policy is missing: it is probably cut off"
            f"{_unknown(unknown)}")


def _unknown(unknown: tuple[str, ...]) -> str:
    return "; options after it are not known" if unknown else ""
