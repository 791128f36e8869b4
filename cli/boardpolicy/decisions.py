"""What a model asks a district to decide, beyond its lists of bullets: blanks, alternatives
and optional text (model format v2, docs/model-format.md), and how each is printed.

A decision lives in a block's text as a marker, `{id}`, the same way `{district}` does. The
text is filled in one pass over the model's words (`fill`), so a district's value is data and
never read for markers. The same markers give the pattern that recovers each decision from an
adopted document's words (`Template.match`), which `diff` and `import` use alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .dates import parse_date

MARKER = re.compile(r"\{([a-z0-9][a-z0-9-]*)\}")
DISTRICT = "district"
EMPTY_BLANK = "___"  # how a blank with no recommended value is printed as published


class DecisionKind(StrEnum):
    """The kinds of decision a model asks of a district."""

    CHOICE = "choice"  # bullets of a list, any number of them
    ALTERNATIVE = "alternative"  # one wording of several ("[shall] [may]", OPTION 1 / 2)
    BLANK = "blank"  # a value to fill in ("within [five (5)] working days")
    OPTIONAL = "optional"  # a sentence or paragraph the district keeps or leaves out


class BlankKind(StrEnum):
    """What a blank holds; `validate` checks a value by its kind."""

    TEXT = "text"
    DAYS = "days"  # a number of days: "ten (10)", "10", "ten"
    TITLE = "title"  # a person's title: "Technology Director"
    DATE = "date"  # a date, in a form policy-history dates take


class Keep(StrEnum):
    """What a district decides of optional text."""

    KEEP = "keep"
    OMIT = "omit"


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty "
                 "fifty sixty seventy eighty ninety hundred").split()
_WORDS = "|".join(_NUMBER_WORDS)


@cache
def number_pattern() -> re.Pattern[str]:
    """A number of days as written: "10", "ten (10)", "twenty-one"; compiled on first use."""
    return re.compile(rf"^(?:\d+|(?:(?:{_WORDS})[ -]?)+)(?:\s*\(\d+\))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Blank:
    """A value the district fills in. `unit` follows the value outside the brackets:
    "[five (5)] working days" is recommended "five (5)", unit "working days"."""

    id: str
    label: str  # what is asked: "Days to answer a complaint"
    kind: BlankKind = BlankKind.TEXT
    recommended: str = ""  # the model's value; "" when the model prints "___"
    unit: str = ""

    @property
    def published(self) -> str:
        """As the association prints it: "[five (5)] working days", "___ days"."""
        value = f"[{self.recommended}]" if self.recommended else EMPTY_BLANK
        return f"{value} {self.unit}" if self.unit else value

    def filled(self, value: str) -> str:
        """As an adopted policy prints it: "ten (10) working days"."""
        return f"{value} {self.unit}" if self.unit else value

    def problem(self, value: str) -> str | None:
        """Why `value` is not a value of this blank's kind, or None."""
        if self.kind is BlankKind.DAYS and not number_pattern().match(value.strip()):
            return f"'{value}' is not a number of days; write it as the model does, e.g. " \
                   f"'{self.recommended or 'ten (10)'}'"
        if self.kind is BlankKind.DATE:
            try:
                parse_date(value)
            except ValueError as exc:
                return f"is not a date: {exc}"
        if "\n" in value:
            return "must be one line"
        return None


@dataclass(frozen=True, slots=True)
class Wording:
    """One wording of an alternative, with the id a district chooses it by."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Alternative:
    """One wording of several. `inline`: words in a sentence ("[shall] [may]"); otherwise
    whole paragraphs ("[OPTION 1: …]")."""

    id: str
    wordings: tuple[Wording, ...]
    question: str = ""
    recommended: str = ""  # a wording id, or "" when the model recommends none
    inline: bool = True

    def wording(self, wording_id: str) -> Wording | None:
        return next((w for w in self.wordings if w.id == wording_id), None)

    @property
    def published(self) -> str:
        """An inline alternative as printed: "[shall] [may]"."""
        return " ".join(f"[{w.text}]" for w in self.wordings)


@dataclass(frozen=True, slots=True)
class OptionalText:
    """Text the district keeps or leaves out. `inline`: a sentence inside a paragraph."""

    id: str
    text: str
    recommended: Keep | None = None
    inline: bool = True

    @property
    def published(self) -> str:
        """As printed: "[OPTIONAL: The District may …]" in a sentence, "[OPTIONAL] …" alone."""
        return f"[OPTIONAL: {self.text}]" if self.inline else f"[OPTIONAL] {self.text}"


Inline = Blank | Alternative | OptionalText


def markers(text: str) -> list[str]:
    """The ids a text names with `{id}`, in order."""
    return MARKER.findall(text)


def fill(text: str, value: Callable[[str], str | None]) -> str:
    """The text with each marker replaced by `value(id)` in one pass; a marker `value` does
    not know (None) is left as written. An omitted sentence (value "") takes one space
    with it, so that no double space is left."""
    out: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        filled = value(m[1])
        if filled is None:
            continue
        before, end = text[last:m.start()], m.end()
        if filled == "" and before.endswith(" "):
            before = before[:-1]
        elif filled == "" and text[end:end + 1] == " ":
            end += 1
        out += [before, filled]
        last = end
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Recovered:
    """What an adopted sentence says of each inline decision of its model paragraph:
    blank id -> value, alternative id -> wording id, optional id -> Keep."""

    blanks: Mapping[str, str]
    alternatives: Mapping[str, str]
    optional: Mapping[str, Keep]


@dataclass(frozen=True, slots=True)
class Template:
    """A model paragraph with inline decisions, as a pattern an adopted text can match."""

    text: str
    decisions: Mapping[str, Inline]

    def pattern(self, district: str | None) -> re.Pattern[str]:
        """Literal words, `{district}` as the district's name (any name when None), each
        blank any words, each alternative one of its wordings, each optional text or none."""
        parts: list[str] = []
        last = 0
        text = self.text
        for m in MARKER.finditer(text):
            literal = text[last:m.start()]
            ident = m[1]
            item = self.decisions.get(ident)
            if isinstance(item, OptionalText):
                # the sentence and the space before it go together
                trailing = literal.endswith(" ")
                parts.append(_loose(literal[:-1] if trailing else literal))
                space = r"\s+" if trailing else r"\s*"
                parts.append(f"(?:{space}(?P<o_{_g(ident)}>{_loose(item.text)}))?")
                if not trailing:
                    parts.append(r"\s*")
            else:
                parts.append(_loose(literal))
                parts.append(_marker_pattern(ident, item, district))
            last = m.end()
        parts.append(_loose(text[last:]))
        return re.compile("".join(parts), re.IGNORECASE)

    def match(self, adopted: str, district: str | None = None) -> Recovered | None:
        """The decisions an adopted text makes, or None when it says more than deciding."""
        m = self.pattern(district).fullmatch(" ".join(adopted.split()))
        if m is None:
            return None
        blanks, alternatives, optional = {}, {}, {}
        for ident, item in self.decisions.items():
            if isinstance(item, Blank):
                value = m.group(f"b_{_g(ident)}")
                if value is not None:
                    blanks[ident] = _strip_unit(value, item)
            elif isinstance(item, Alternative):
                said = m.group(f"a_{_g(ident)}")
                if said is not None:
                    alternatives[ident] = next(
                        w.id for w in item.wordings if _same(w.text, said))
            else:
                optional[ident] = Keep.KEEP if m.group(f"o_{_g(ident)}") else Keep.OMIT
        return Recovered(blanks, alternatives, optional)


def _g(ident: str) -> str:
    """An id as a regex group name (hyphens are not allowed there)."""
    return ident.replace("-", "_")


def _loose(literal: str) -> str:
    """Literal words, any run of spaces matching any other (spaces at either end too)."""
    if not literal.strip():
        return r"\s*" if literal else ""
    words = r"\s+".join(re.escape(w) for w in literal.split())
    before = r"\s+" if literal[0].isspace() else ""
    after = r"\s+" if literal[-1].isspace() else ""
    return before + words + after


def _marker_pattern(ident: str, item: Inline | None, district: str | None) -> str:
    if ident == DISTRICT or item is None:
        return re.escape(district) if district else r".+?"
    if isinstance(item, Blank):
        unit = rf"\s+{_loose(item.unit)}" if item.unit else ""
        return rf"(?P<b_{_g(ident)}>.+?){unit}"
    if isinstance(item, Alternative):
        options = "|".join(_loose(w.text) for w in sorted(item.wordings,
                                                           key=lambda w: -len(w.text)))
        return rf"(?P<a_{_g(ident)}>{options})"
    return ""


def _strip_unit(value: str, blank: Blank) -> str:
    return value.strip().strip("[]").strip()


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()
