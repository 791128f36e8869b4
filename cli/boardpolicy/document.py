"""The Document: one composed policy as an ordered tree of blocks with plain text.

Every writer renders a Document and the diff compares two of them, so nothing here knows about
file formats. Blocks are frozen so that a Document can be shared, hashed and compared safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum, auto
from typing import Any


class Kind(StrEnum):
    """What a block is; writers choose their markup by kind."""

    HEADING = auto()
    PARAGRAPH = auto()
    LIST = auto()  # children: ITEM
    ITEM = auto()
    NOTE = auto()  # a drafting note: addressed to the district, never in an adopted policy
    REFERENCES = auto()  # children: REFERENCE (label = policy code, text = title)
    REFERENCE = auto()
    HISTORY = auto()  # children: ENTRY (label = "Adopted on", text = the dates)
    ENTRY = auto()
    FOOTNOTE = auto()  # a footnote or endnote, its mark first: "[1] The note's text"


class FindingKind(StrEnum):
    """What a reader or a command noticed; code tests the kind, people read a Finding's text."""

    CUT_OFF = "cut-off"  # the text ends in mid-sentence: the document was truncated
    NAVIGATION_LEFT_OUT = "navigation-left-out"  # a website's menus and link lists
    FURNITURE_LEFT_OUT = "furniture-left-out"  # running headers and footers, page numbers
    CHARSET_GUESSED = "charset-guessed"  # not UTF-8: read as Windows-1252
    HIDDEN_LEFT_OUT = "hidden-left-out"  # text a reader of the page or document does not see
    TOO_DEEP = "too-deep"  # a page nested past what the parser builds: text below not read
    PAGES_NOT_READ = "pages-not-read"  # PDF pages that are images without text
    COLUMNS_UNCLEAR = "columns-unclear"  # PDF text side by side read across: order in doubt
    TRACKED_CHANGES_APPLIED = "tracked-changes-applied"  # all accepted or all rejected
    COMMENTS_LEFT_OUT = "comments-left-out"
    IMAGES_LEFT_OUT = "images-left-out"
    OBJECTS_LEFT_OUT = "objects-left-out"  # embedded objects, imported chunks
    SYMBOLS_UNKNOWN = "symbols-unknown"  # symbol-font characters with no Unicode equivalent
    NUMBERS_IN_DIGITS = "numbers-in-digits"  # list numbers too long in their own format
    CONTROLS_REMOVED = "controls-removed"  # characters a district policy file cannot hold
    NOT_ALIKE = "not-alike"  # a document compared with a model it hardly resembles
    COMPARED_COARSELY = "compared-coarsely"  # paragraphs too unlike to diff word by word
    # what reading front matter, and `check` of a manual, notice
    BAD_FRONT_MATTER = "bad-front-matter"  # a front matter block that is not YAML fields
    BAD_DATE = "bad-date"  # a date that is not a real date, or lies in the future
    NO_DATE = "no-date"  # no adopted, revised or reviewed date at all
    REVIEW_OVERDUE = "review-overdue"  # last adopted, revised or reviewed too long ago
    MISSING_REFERENCE = "missing-reference"  # a policy referred to that the manual lacks
    DUPLICATE_NUMBER = "duplicate-number"  # two files of a manual claim one number
    NO_NUMBER = "no-number"  # neither metadata, header nor file name gives a number
    NO_POLICY = "no-policy"  # a regulation or exhibit whose policy the manual lacks
    OLD_EDITION = "old-edition"  # a district file on a model edition that is not the default
    UNREADABLE = "unreadable"  # a file of a manual that fails to read


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader or a command noticed that a person should know.

    `text` is the sentence a person reads ("left out 3 images"); `where` names what it
    applies to (a document's name when a diff reports it), and leads the words when given.
    """

    kind: FindingKind
    text: str
    where: str = ""

    @property
    def words(self) -> str:
        """The finding as printed: "butte.txt: left out 3 images"."""
        return f"{self.where}: {self.text}" if self.where else self.text

    def at(self, where: str) -> Finding:
        """The same finding, said of `where`."""
        return Finding(self.kind, self.text, where)


class PolicyKind(StrEnum):
    """What a file of a manual is to its policy (front matter's `kind`)."""

    POLICY = "policy"
    REGULATION = "regulation"  # a regulation or procedure: how the policy is carried out
    EXHIBIT = "exhibit"  # an exhibit or form that goes with the policy


class PolicyStatus(StrEnum):
    """A model policy's status, as associations mark it (MTSBA's R, REC, OP)."""

    REQUIRED = "required"  # required by law or rule
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"
    WITHDRAWN = "withdrawn"  # the association no longer publishes it: districts repeal it

    @property
    def label(self) -> str:
        """As a header prints it: "Required"."""
        return self.value.capitalize()


class DateRole(StrEnum):
    """Which date of a policy's history: the three a review cycle is counted from."""

    ADOPTED = "adopted"
    REVISED = "revised"
    REVIEWED = "reviewed"


@dataclass(frozen=True, slots=True)
class PolicyDate:
    """One date of a policy's history, kept as written ("5/22/2018", "2012-03-13")."""

    role: DateRole
    written: str

    @property
    def value(self) -> date | None:
        """The date, or None when it is not a real date in a form boardpolicy reads."""
        from .dates import parse_date

        try:
            return parse_date(self.written)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a policy says about itself: from Markdown front matter, a district file, or a
    document's header and history. Text as written; fields no one reads are kept in `other`
    (key, value as text) so that nothing a district wrote is silently dropped."""

    title: str = ""
    number: str = ""
    series: str = ""
    kind: PolicyKind | None = None
    dates: tuple[PolicyDate, ...] = ()
    legal: tuple[str, ...] = ()
    cross_references: tuple[str, ...] = ()
    other: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return any((self.title, self.number, self.series, self.kind, self.dates, self.legal,
                    self.cross_references, self.other))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "number": self.number,
            "series": self.series,
            "kind": self.kind.value if self.kind else None,
            "dates": [{"role": d.role.value, "written": d.written} for d in self.dates],
            "legal": list(self.legal),
            "cross_references": list(self.cross_references),
            "other": dict(self.other),
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a policy.

    `id` is the model's stable block id (or option id) when the block comes from a model,
    so a diff and an import can say which part of the model a block is.
    `label` is the lead of a labelled line, as the document wrote it: a policy code, a heading
    such as "Cross Reference" or "Cross-reference", a history label such as "Adopted on", or
    a list item's number as Word printed it ("1.1", "(a)"; the item's text starts with it too).
    """

    kind: Kind
    text: str = ""
    id: str | None = None
    label: str | None = None
    children: tuple[Block, ...] = ()

    @property
    def plain(self) -> str:
        """The block's own text as one line, as a reader would say it aloud."""
        if self.kind is Kind.ENTRY:
            return f"{self.label}: {self.text}".rstrip()
        if self.kind is Kind.REFERENCE:
            return f"{self.label} {self.text}".strip() if self.label else self.text
        if self.kind in (Kind.REFERENCES, Kind.HISTORY):
            return f"{self.label}:" if self.label else ""
        return self.text

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        if self.id:
            out["id"] = self.id
        if self.label is not None:
            out["label"] = self.label
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


@dataclass(frozen=True, slots=True)
class Document:
    """A whole policy: what it is (title, number, district) and its blocks in order."""

    title: str
    blocks: tuple[Block, ...]
    number: str = ""
    series: str = ""
    district: str | None = None
    source: str = ""  # where it came from: "mtsba/5460@current", a file name
    findings: tuple[Finding, ...] = ()  # what a reader noticed and worked around
    metadata: Metadata = Metadata()  # what the policy says about itself (front matter...)
    status: PolicyStatus | None = None  # the model's status, printed in the header

    def has(self, kind: FindingKind) -> bool:
        """Whether a reader noticed something of this kind (`FindingKind.CUT_OFF`...)."""
        return any(finding.kind is kind for finding in self.findings)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The findings as a person reads them, one sentence each."""
        return tuple(finding.words for finding in self.findings)

    def walk(self) -> list[Block]:
        """Every block, depth first, in reading order."""
        out: list[Block] = []
        stack = list(reversed(self.blocks))
        while stack:
            block = stack.pop()
            out.append(block)
            stack.extend(reversed(block.children))
        return out

    def printed(self) -> list[Block]:
        """The blocks a rendered policy prints: all but a list with no items (an edition
        whose options are not known, like MTSBA's 2012 5460), which would print as nothing
        but a gap."""
        return [b for b in self.blocks if b.children or b.kind is not Kind.LIST]

    def plain_lines(self) -> list[str]:
        """The text a reader sees, one line per block (no header: title first)."""
        lines = [self.title] if self.title else []
        lines += [b.plain for b in self.walk() if b.plain]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "number": self.number,
            "series": self.series,
            "district": self.district,
            "source": self.source,
            "blocks": [b.to_dict() for b in self.blocks],
            **({"status": self.status.value} if self.status else {}),
            **({"metadata": self.metadata.to_dict()} if self.metadata else {}),
        }
