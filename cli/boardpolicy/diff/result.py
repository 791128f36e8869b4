"""What a diff finds, as frozen data independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..document import Finding


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


class UnitKind(StrEnum):
    """What a comparable line is: the header's lines, the title, or one kind of block."""

    DISTRICT = "district"
    SERIES = "series"  # series and number, as the header prints them
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    NOTE = "note"
    LABEL = "label"  # the label of cross references or policy history
    REFERENCE = "reference"
    ENTRY = "entry"  # a policy-history line
    FOOTNOTE = "footnote"


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


@dataclass(frozen=True, slots=True)
class Change:
    op: Op
    old: Unit | None
    new: Unit | None
    spans: tuple[Span, ...]
    similarity: float
    old_index: int | None = None  # position among the old document's units
    new_index: int | None = None
    category: Category = Category.NONE

    @property
    def old_text(self) -> str:
        return self.old.text if self.old else ""

    @property
    def new_text(self) -> str:
        return self.new.text if self.new else ""

    @property
    def kind(self) -> UnitKind:
        return (self.new or self.old).kind  # type: ignore[union-attr]

    @property
    def departure(self) -> bool:
        """A real change by the district (not a choice, a note, or a filled-in name)."""
        return self.op is not Op.EQUAL and self.category in (Category.NONE,
                                                              Category.OPTION_ADOPTED)

    def to_dict(self) -> dict[str, Any]:
        unit = self.new or self.old
        out: dict[str, Any] = {
            "op": self.op.value,
            "kind": unit.kind.value if unit else "",
            "old_text": self.old_text if self.old else None,
            "new_text": self.new_text if self.new else None,
            "similarity": round(self.similarity, 4),
            "old_index": self.old_index,
            "new_index": self.new_index,
            "category": self.category.value or None,
            "id": (self.old and self.old.id) or (self.new and self.new.id) or None,
            "spans": [s.to_dict() for s in self.spans],
        }
        return out


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

    @property
    def changed(self) -> int:
        return self.inserted + self.deleted + self.modified + self.moved

    def to_dict(self) -> dict[str, Any]:
        return {"inserted": self.inserted, "deleted": self.deleted, "modified": self.modified,
                "moved": self.moved, "unchanged": self.unchanged,
                "similarity": round(self.similarity, 4),
                "options_adopted": list(self.options_adopted),
                "options_not_adopted": list(self.options_not_adopted),
                "filled_in": self.filled_in, "drafting_notes": self.drafting_notes}

    def line(self) -> str:
        """The one-line summary every human format shows."""
        parts = [f"{self.modified} modified", f"{self.inserted} inserted",
                 f"{self.deleted} deleted", f"{self.moved} moved", f"{self.unchanged} unchanged"]
        text = ", ".join(parts) + f"; similarity {self.similarity:.0%}"
        if self.options_adopted or self.options_not_adopted:
            total = len(self.options_adopted) + len(self.options_not_adopted)
            text += f"; options adopted {len(self.options_adopted)} of {total}"
        return text


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
                "blocks": [c.to_dict() for c in self.changes],
                "warnings": list(self.warnings)}
