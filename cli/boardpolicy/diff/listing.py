"""The one list of changes every format shows: each change with its category and a sentence a
board member reads, computed once from the Diff.

Categories: `district` (the district's own edits), `option` (a bullet adopted, not adopted,
reworded, or the district's own; a blank filled, an alternative chosen, optional text kept or
not: what a model asks of a district, listed and never counted), `filled-in` (the district's
name and dates where the model leaves them blank), `model` (the model's own cross references
and history left out), `note` (the model's drafting notes). "Changes by the district" counts
the district's own edits, its reworded, moved or own bullets, and between two versions a bullet
newly chosen or no longer chosen: the same number, in the same words, in every format.
"""

from __future__ import annotations

from .result import Category, Change, Listed, Op, Topic, UnitKind
from .wording import describe


def list_changes(changes: tuple[Change, ...], meanings: dict[str, str]) -> tuple[Listed, ...]:
    """Every change a reader should know of, in reading order (equal blocks are left out,
    and so are the model's cross references and history as the model gives them)."""
    out = []
    for k, change in enumerate(changes):
        if change.op is Op.EQUAL and change.category is Category.NONE:
            continue
        if change.category is Category.MODEL and change.op is Op.EQUAL:
            continue
        own = _own_bullet(changes, k, meanings)
        topic = _topic(change, meanings, own)
        out.append(Listed(topic, describe(change, meanings, own_bullet=own), k,
                          _by_district(change, topic, own)))
    return tuple(out)


def _by_district(change: Change, topic: Topic, own: bool) -> bool:
    """Counted among "N changes": the district's own edits and bullets, a bullet reworded or
    moved, and, between two versions of a policy, a bullet newly chosen or no longer chosen
    (the policy says something else). Against the model, choosing among its bullets is what
    the model asks of a district: listed under the options, not counted."""
    if change.category in (Category.NOT_KNOWN, Category.CUT_OFF):
        return False
    if topic is Topic.DISTRICT or own:
        return True
    if topic is not Topic.OPTION or change.category is Category.DECIDED:
        return False
    return change.op in (Op.MODIFY, Op.MOVE) or (
        change.category is Category.NONE and change.op in (Op.INSERT, Op.DELETE))


def _topic(change: Change, meanings: dict[str, str], own: bool) -> Topic:
    match change.category:
        case Category.OPTION_ADOPTED | Category.OPTION_NOT_ADOPTED | Category.DECIDED:
            return Topic.OPTION
        case Category.FILLED_IN:
            return Topic.FILLED_IN
        case Category.DRAFTING_NOTE:
            return Topic.NOTE
        case Category.MODEL:
            return Topic.MODEL
        case Category.NOT_KNOWN | Category.CUT_OFF:  # bullets after a cut beside the others
            return Topic.OPTION if change.kind is UnitKind.ITEM else Topic.MODEL
    unit = change.unit
    if own or (unit.kind is UnitKind.ITEM and unit.id is not None and unit.id in meanings):
        return Topic.OPTION  # between two versions: a bullet now, or no longer, chosen
    if unit.kind in (UnitKind.DISTRICT, UnitKind.SERIES, UnitKind.ENTRY):
        return Topic.FILLED_IN
    if unit.kind is UnitKind.NOTE:
        return Topic.NOTE
    return Topic.DISTRICT


def _own_bullet(changes: tuple[Change, ...], k: int, meanings: dict[str, str]) -> bool:
    """An inserted bullet among the model's options: one of the district's own."""
    change = changes[k]
    if not meanings or change.op is not Op.INSERT or change.kind is not UnitKind.ITEM or \
            change.unit.id:
        return False
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(changes) and changes[j].kind is UnitKind.ITEM:
            unit_id = changes[j].unit.id
            if unit_id is not None and unit_id in meanings:
                return True
            j += step
    return False
