"""What a diff finds, as frozen data independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from ..document import Finding
from .kinds import UnitKind


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    MODIFY = "modify"  # the same block, reworded
    MOVE = "move"  # a block that changed place, edited or not


class Category(StrEnum):
    """What a change means when one side is a model policy (empty in a raw diff)."""

    NONE = ""
    OPTION_ADOPTED = "option-adopted"  # a bullet of the model the district chose
    OPTION_NOT_ADOPTED = "option-not-adopted"  # a bullet the district did not choose
    DRAFTING_NOTE = "drafting-note"  # the model's note to the district: not policy text
    FILLED_IN = "filled-in"  # the district's name, or a date, where the model leaves it blank
    MODEL = "model"  # the model's own cross references and history fields, as it gives them
    NOT_KNOWN = "not-known"  # the model's text after a cut the document stops at: not known
    CUT_OFF = "cut-off"  # the block a cut-off document stops in, a fragment of the model's
    DECIDED = "decided"  # a blank filled, an alternative chosen, optional text kept or not


@dataclass(frozen=True, slots=True)
class Unit:
    """One comparable line of a document: a paragraph, a bullet, a reference, a date line."""

    kind: UnitKind
    text: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A run of words: equal in both, only in the new text, or only in the old.

    An equal span whose old words differ only in what the options ignore (white space, case,
    punctuation, typography) keeps them in `old_text`, so spans rebuild both texts exactly.
    """

    op: Op
    text: str
    old_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op.value, "text": self.text}
        if self.old_text is not None:
            out["old_text"] = self.old_text
        return out


class Side(StrEnum):
    """One of the two documents a diff compares (the model's side, a span's side)."""

    OLD = "old"
    NEW = "new"


# A change is one of five kinds, each a type of its own that holds what its kind has: an
# inserted block only its new unit, a deleted one only its old, and a block found in both (equal,
# reworded or moved) both units, their word spans and their similarity. Code that needs a side
# a kind may lack matches on the type; code that only reads texts uses the accessors all share.

@dataclass(frozen=True, slots=True, kw_only=True)
class _Change:
    category: Category = Category.NONE
    decided: tuple[str, ...] = ()  # DECIDED: each decision the block shows, in words

    @property
    def unit(self) -> Unit:
        """The unit a reader names the change by: the new one where there is one."""
        raise NotImplementedError

    @property
    def kind(self) -> UnitKind:
        return self.unit.kind

    @property
    def departure(self) -> bool:
        """A real change by the district (not a choice, a note, or a filled-in name)."""
        return self.category in (Category.NONE, Category.OPTION_ADOPTED)


@dataclass(frozen=True, slots=True)
class Inserted(_Change):
    """A block only the new document has. No position for a drafting note of the model on the
    new side: it is set apart before the documents are aligned."""

    new: Unit
    new_index: int | None
    op: ClassVar[Op] = Op.INSERT
    old: ClassVar[None] = None
    old_index: ClassVar[None] = None
    similarity: ClassVar[float] = 0.0

    @property
    def unit(self) -> Unit:
        return self.new

    @property
    def id(self) -> str | None:
        return self.new.id

    @property
    def spans(self) -> tuple[Span, ...]:
        return (Span(Op.INSERT, self.new.text),)

    @property
    def old_text(self) -> str:
        return ""

    @property
    def new_text(self) -> str:
        return self.new.text

    def to_dict(self) -> dict[str, Any]:
        return change_dict(self)


@dataclass(frozen=True, slots=True)
class Deleted(_Change):
    """A block only the old document has (a model's drafting note: with no position)."""

    old: Unit
    old_index: int | None
    op: ClassVar[Op] = Op.DELETE
    new: ClassVar[None] = None
    new_index: ClassVar[None] = None
    similarity: ClassVar[float] = 0.0

    @property
    def unit(self) -> Unit:
        return self.old

    @property
    def id(self) -> str | None:
        return self.old.id

    @property
    def spans(self) -> tuple[Span, ...]:
        return (Span(Op.DELETE, self.old.text),)

    @property
    def old_text(self) -> str:
        return self.old.text

    @property
    def new_text(self) -> str:
        return ""

    def to_dict(self) -> dict[str, Any]:
        return change_dict(self)


@dataclass(frozen=True, slots=True)
class _Paired(_Change):
    """A block both documents have, at `old_index` and `new_index` among their units."""

    old: Unit
    new: Unit
    spans: tuple[Span, ...]
    similarity: float
    old_index: int
    new_index: int
    op: ClassVar[Op]

    @property
    def unit(self) -> Unit:
        return self.new

    @property
    def id(self) -> str | None:
        """The model's id where the old side is the model's, else the new side's."""
        return self.old.id or self.new.id or None

    @property
    def old_text(self) -> str:
        return self.old.text

    @property
    def new_text(self) -> str:
        return self.new.text

    def to_dict(self) -> dict[str, Any]:
        return change_dict(self)


@dataclass(frozen=True, slots=True)
class Equal(_Paired):
    """The same words in both (or words that differ only in what the options ignore)."""

    op: ClassVar[Op] = Op.EQUAL

    @property
    def departure(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Modified(_Paired):
    """The same block, reworded where it stands."""

    op: ClassVar[Op] = Op.MODIFY


@dataclass(frozen=True, slots=True)
class Moved(_Paired):
    """A block that changed place, edited or not."""

    op: ClassVar[Op] = Op.MOVE


Change = Inserted | Deleted | Equal | Modified | Moved


def change_dict(change: Inserted | Deleted | _Paired) -> dict[str, Any]:
    """A change as the JSON output writes it (outputs/diff/json.py writes the same faster)."""
    return {
        "op": change.op.value,
        "kind": change.unit.kind.value,
        "old_text": None if change.old is None else change.old.text,
        "new_text": None if change.new is None else change.new.text,
        "similarity": round(change.similarity, 4),
        "old_index": change.old_index,
        "new_index": change.new_index,
        "category": change.category.value or None,
        "id": change.id,
        "spans": [s.to_dict() for s in change.spans],
    }


class Topic(StrEnum):
    DISTRICT = "district"
    OPTION = "option"
    FILLED_IN = "filled-in"
    MODEL = "model"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Listed:
    """One change in the list: `index` points into Diff.changes (its block)."""

    category: Topic
    description: str
    index: int
    by_district: bool  # counted among "N changes by the district"

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category.value, "description": self.description,
                "block": self.index, "by_district": self.by_district}


@dataclass(frozen=True, slots=True)
class Summary:
    inserted: int
    deleted: int
    modified: int
    moved: int
    unchanged: int
    similarity: float
    options_adopted: tuple[str, ...] = ()
    options_not_adopted: tuple[str, ...] = ()
    filled_in: int = 0
    drafting_notes: int = 0
    options_not_known: tuple[str, ...] = ()  # after a cut: neither adopted nor not

    @property
    def changed(self) -> int:
        return self.inserted + self.deleted + self.modified + self.moved

    def to_dict(self) -> dict[str, Any]:
        return {"inserted": self.inserted, "deleted": self.deleted, "modified": self.modified,
                "moved": self.moved, "unchanged": self.unchanged,
                "similarity": round(self.similarity, 4),
                "options_adopted": list(self.options_adopted),
                "options_not_adopted": list(self.options_not_adopted),
                "filled_in": self.filled_in, "drafting_notes": self.drafting_notes,
                **({"options_not_known": list(self.options_not_known)}
                   if self.options_not_known else {})}

    def line(self) -> str:
        """The one-line summary every human format shows."""
        parts = [f"{self.modified} modified", f"{self.inserted} inserted",
                 f"{self.deleted} deleted", f"{self.moved} moved", f"{self.unchanged} unchanged"]
        text = ", ".join(parts) + f"; similarity {_percent(self.similarity)}"
        if self.options_adopted or self.options_not_adopted or self.options_not_known:
            total = len(self.options_adopted) + len(self.options_not_adopted) + \
                len(self.options_not_known)
            text += f"; options adopted {len(self.options_adopted)} of {total}"
            if self.options_not_known:
                text += f", {len(self.options_not_known)} not known (cut off)"
        return text


def _percent(share: float) -> str:
    """A share as a whole percentage that never rounds a difference away: 0.9986 is 99%, not
    the 100% that says the two versions are the same."""
    if share < 1.0:
        return f"{min(round(share * 100), 99)}%"
    return "100%"


@dataclass(frozen=True, slots=True)
class Diff:
    old_name: str
    new_name: str
    changes: tuple[Change, ...]
    summary: Summary
    model: str | None = None  # the model reference, when the diff knows the model
    findings: tuple[Finding, ...] = field(default=())  # each side's, and the diff's own
    listed: tuple[Listed, ...] = ()  # the changes in words (diff/listing.py)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The findings as printed, each led by the name of the input it is about."""
        return tuple(finding.words for finding in self.findings)

    @property
    def none_counted(self) -> str:
        """What the list of changes says when it counts none: "the two versions say the
        same" only when nothing at all differs; a district's choices, filled-in name and
        dates are listed apart, and a board member must not read them away."""
        if not self.listed:
            return "None: the two versions say the same."
        return "None in the policy's text; what else differs is listed below."

    @property
    def by_district(self) -> int:
        return sum(1 for item in self.listed if item.by_district)

    @property
    def headline(self) -> str:
        """'6 changes by the district': the same words in every format."""
        n = self.by_district
        what = f"{n} change{'s' * (n != 1)}"
        return f"{what} by the district" if self.model else what

    def described(self) -> dict[int, str]:
        """Block index -> the sentence that lists its change."""
        return {item.index: item.description for item in self.listed}

    def listed_in(self, *topics: Topic, counted: bool | None = None) -> list[Listed]:
        return [item for item in self.listed if item.category in topics and
                (counted is None or item.by_district is counted)]

    @property
    def has_differences(self) -> bool:
        return self.summary.changed > 0 or bool(self.summary.options_not_adopted)

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old_name, "new": self.new_name, "model": self.model,
                "summary": self.summary.to_dict(), "headline": self.headline,
                "changes": [item.to_dict() for item in self.listed],
                "blocks": [change_dict(c) for c in self.changes],
                "warnings": list(self.warnings)}
