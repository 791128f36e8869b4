"""Lines of text (with what the format knew about them) -> a Document.

Every reader ends here, so a policy reads the same from text, Markdown, a web page or Word:
the header (district, series, number), the title, bullets, drafting notes, cross references
and policy history are recognised once, and a website's navigation lists are dropped.
Recognition only classifies: every word of the input stays in the Document as written (a label
keeps its spelling, a header line that says nothing new stays as a paragraph), so a changed
word is always a change to the diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum, auto
from typing import NamedTuple

from ..document import Block, Document, Finding, FindingKind, Kind
from ..prose import fold


class Hint(StrEnum):
    """What a format said a line is, before the structure pass decides what block it makes."""

    GUESSED = auto()  # plain text: the format said nothing, the structure is guessed
    TITLE = auto()
    HEADING = auto()
    ITEM = auto()
    NOTE = auto()  # a drafting note
    FOOTNOTE = auto()
    PARAGRAPH = "para"  # marked as a paragraph, so "1." at its start is text, not a number


MARKED = (Hint.GUESSED, Hint.PARAGRAPH)  # prose lines, which a broken line may continue


class Line(NamedTuple):
    """One unit of text as a reader found it (immutable; a tuple because readers make one
    per paragraph and a frozen dataclass takes twice as long to make).

    `hint`: what the format said it is.
    `label`: the list number the format printed before an item ("1.1", "(a)"); the text starts
    with it too, so a renumbered item reads as changed.
    """

    text: str
    hint: Hint = Hint.GUESSED
    label: str = ""


BULLET = re.compile(r"^\s*(?:[-•·*–—▪◦●○■□➢►✓]|o(?=\s))\s+")
NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s+(?=\S)")
# The head of a table of references as our HTML writes it ("Policy | Title"), read back from
# a page printed to PDF or copied as text
COLUMN_HEADINGS = re.compile(r"^\s*(?:policy|reference)\s+title\s*$", re.IGNORECASE)
REFERENCE_LABEL = re.compile(r"^(cross|legal)[\s-]*references?\s*:?\s*(.*)$", re.IGNORECASE)
HISTORY_LABEL = re.compile(r"^policy\s+history\s*:?\s*$", re.IGNORECASE)
HISTORY_ENTRY = re.compile(r"^(adopted|reviewed|revised|approved|amended)(\s+on)?\s*:\s*(.*)$",
                           re.IGNORECASE)
# What REFERENCE_LABEL, HISTORY_LABEL and HISTORY_ENTRY can start with: most lines do not,
# and a look at the first character saves trying the three (tests/test_readers.py checks it)
LABEL_STARTS = frozenset("cClLpPaArR")
POLICY_CODE = re.compile(r"^(\d{3,4}(?:\.\d+)?[A-Z]?(?:[ -]?[A-Z]?-?\d+)?)\s*[-–:]?\s+(\S.*)$")
NAV_HINT = re.compile(r"\(opens in new window\)|^\d{3,4}[A-Z]?[\s-]", re.IGNORECASE)
DISTRICT = re.compile(r"\b(school district|public schools|schools|district|unified|"
                      r"community school)\b", re.IGNORECASE)
NUMBER_ONLY = re.compile(r"^(?:policy\s+(?:code\s+)?(?:no\.?|number)?\s*)?"
                         r"(\d{3,4}(?:\.\d+)?[A-Z]?\d*)$", re.IGNORECASE)
SERIES_AND_NUMBER = re.compile(r"^([A-Z][A-Z &/-]{3,}?)\s*(?:·\s*)?(?:Policy\s+)?"
                               r"(\d{3,4}(?:\.\d+)?[A-Z]?\d*)$")
# A model's status, as rendered policies print it after the series and number
STATUS = re.compile(r"\s+[—·]\s+(?:Required|Recommended|Optional)$")
SENTENCE_END = re.compile(r"[.;:?!][\"”’')\]]*$")
# A policy's last sentence may end in a footnote mark: "... of this policy.1"
LAST_SENTENCE_END = re.compile(r"[.;:?!][\"”’')\]]*$|[.;:?!]\d*$")


def clean(text: str) -> str:
    return fold(text)


def ends_sentence(text: str) -> bool:
    """SENTENCE_END.search(text), read from the end: ten times faster on a paragraph, where
    the search tries every punctuation mark in it."""
    text = text[:-1] if text.endswith("\n") else text  # "$" matches before a last newline
    return text.rstrip("\"”’')]")[-1:] in (".", ";", ":", "?", "!")


def build(lines: list[Line], *, source: str = "", findings: Sequence[Finding] = (),
          district: str | None = None, series: str = "", number: str = "") -> Document:
    """Recognise a policy's parts in `lines`; `findings`: what the format's reader noticed."""
    lines = [ln if (text := clean(ln.text)) is ln.text else Line(text, ln.hint, ln.label)
             for ln in lines]  # most are clean already: no new Line for them
    lines = _join_broken(ln for ln in lines if ln.text)
    lines, navigation = _drop_navigation(lines)
    header, title, body = _split_header(lines)
    said, kept = _read_header(header, Header(district, series, number))
    blocks = _blocks(kept + body)
    found = (*findings, *navigation, *_cut_off_findings(blocks))
    return Document(title=title, blocks=tuple(blocks), number=said.number, series=said.series,
                    district=said.district, source=source, findings=found)


@dataclass(frozen=True, slots=True)
class Header:
    """What a policy's header says: its district, series and number."""

    district: str | None = None
    series: str = ""
    number: str = ""

    def read(self, text: str) -> Header | None:
        """This header with what the header line `text` says; None when the line says
        something else than the header already holds (it is then kept as text)."""
        found = _header_parts(text)
        if not found or any(getattr(self, k) and getattr(self, k) != v for k, v in found):
            return None
        values = dict(found)
        return Header(values.get("district", self.district), values.get("series", self.series),
                      values.get("number", self.number))


def _header_parts(text: str) -> list[tuple[str, str]]:
    """(field, value) for each of the district, series and number a header line names;
    [] when it is not a header line."""
    text = STATUS.sub("", text)
    if " · " in text and not SERIES_AND_NUMBER.match(text):
        return _own_header_parts(text)
    if m := SERIES_AND_NUMBER.match(text):
        return [("series", m[1].strip()), ("number", m[2])]
    if m := NUMBER_ONLY.match(text):
        return [("number", m[1])]
    if text.isupper():
        return [("series", text)]
    if DISTRICT.search(text):
        return [("district", text)]
    return []


def _own_header_parts(text: str) -> list[tuple[str, str]]:
    """Our own Markdown's header: "**District** · SERIES · Policy 5460"."""
    found: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.split(" · ")):
        if m := NUMBER_ONLY.match(part):
            found.append(("number", m[1]))
        elif part.isupper():
            found.append(("series", part))
        elif DISTRICT.search(part) or not any(k == "district" for k, _ in found):
            found.append(("district", part))
        else:
            return []
    return found


def _read_header(texts: list[str], header: Header) -> tuple[Header, list[Line]]:
    """The header lines read into `header`; the lines that say something else, as text."""
    kept: list[Line] = []
    for text in texts:
        read = header.read(text)
        if read is None:
            kept.append(Line(text, Hint.PARAGRAPH))
        else:
            header = read
    return header, kept


def _join_broken(lines: Iterable[Line]) -> list[Line]:
    """A line that continues a sentence in lower case joins the one before (a <br> or a
    paragraph mark in mid-sentence, as text pasted from a PDF has them)."""
    out: list[Line] = []
    for line in lines:
        if out and line.hint in MARKED and out[-1].hint in MARKED and \
                line.text[:1].islower() and \
                not ends_sentence(out[-1].text) and not BULLET.match(line.text):
            out[-1] = Line(f"{out[-1].text} {line.text}", out[-1].hint, out[-1].label)
        else:
            out.append(line)
    return out


def _split_header(lines: list[Line]) -> tuple[list[str], str, list[Line]]:
    """The short lines before the first paragraph: district, series, number, then title."""
    header: list[str] = []
    title = ""
    for i, line in enumerate(lines[:8]):
        if line.hint is Hint.TITLE and not title:
            title = line.text
            continue
        if line.hint in (Hint.ITEM, Hint.NOTE, Hint.FOOTNOTE) or len(line.text) > 120 or \
                (ends_sentence(line.text) and not line.text.endswith(":")) or \
                HISTORY_ENTRY.match(line.text) or REFERENCE_LABEL.match(line.text):
            return header, title or _title_from(header), lines[i:]
        if title and line.text == title and line.hint is not Hint.PARAGRAPH:
            continue  # web pages often repeat the title
        if title and line.hint is not Hint.TITLE and not _header_like(line.text):
            return header, title, lines[i:]
        if not title and not _header_like(line.text):
            title = line.text
            continue
        header.append(line.text)
    return header, title or _title_from(header), lines[min(len(lines), 8):]


def _header_like(text: str) -> bool:
    text = STATUS.sub("", text)
    return bool(SERIES_AND_NUMBER.match(text) or NUMBER_ONLY.match(text) or text.isupper()
                or (DISTRICT.search(text) and len(text.split()) <= 12) or " · " in text)


def _title_from(header: list[str]) -> str:
    return header.pop() if header else ""


def _drop_navigation(lines: list[Line]) -> tuple[list[Line], list[Finding]]:
    """Website menus: after the policy history, and runs of index-like link entries; the
    lines kept, and a finding for each part left out."""
    out: list[Line] = []
    findings: list[Finding] = []
    # furniture[i]: how many of lines[i:] look like navigation or page furniture
    nav = [_nav_like(line) for line in lines]
    furniture = [0] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        furniture[k] = furniture[k + 1] + (nav[k] or len(lines[k].text) < 60)
    i = 0
    in_history = False
    while i < len(lines):
        line = lines[i]
        if HISTORY_LABEL.match(line.text):
            in_history = True
        elif in_history and not HISTORY_ENTRY.match(line.text):
            in_history = False
            rest = lines[i:]
            if furniture[i] >= 0.6 * len(rest):
                findings.append(Finding(
                    FindingKind.NAVIGATION_LEFT_OUT,
                    f"ignored {len(rest)} line{'s' * (len(rest) != 1)} after the policy "
                    "history (website navigation or page furniture)"))
                break  # a site's menu after the policy; another policy would be prose
        j = i
        while j < len(lines) and nav[j]:
            j += 1
        if j - i >= 4:
            findings.append(Finding(FindingKind.NAVIGATION_LEFT_OUT,
                                    f"ignored a list of {j - i} links (website navigation)"))
            i = j
            continue
        out.append(line)
        i += 1
    return out, findings


def _nav_like(line: Line) -> bool:
    if line.hint is not Hint.ITEM and BULLET.match(line.text) is None:  # the cheap test first
        return False
    text = BULLET.sub("", line.text)
    return len(text) < 120 and bool(NAV_HINT.search(text))


class _Piece(NamedTuple):
    """A part of a list or section a line makes: an item of a LIST, or a part of REFERENCES
    or HISTORY (its label when it `opens` one, then its entries). A block that stands alone
    is made as the Block itself."""

    block: Block | None
    container: Kind
    opens: bool = False
    label: str = ""


def _blocks(lines: list[Line]) -> list[Block]:
    """The lines' blocks: items gathered into lists, entries into their sections."""
    out: list[Block] = []
    run: list[_Piece] = []  # the list or section being gathered
    for line in lines:
        open_ = run[0].container if run else None
        for piece in _section_pieces(line, open_) or _body_pieces(line):
            if isinstance(piece, Block):  # a block alone
                if run:
                    out.append(_assemble(run))
                    run = []
                out.append(piece)
                continue
            if run and (piece.opens or piece.container is not run[0].container):
                out.append(_assemble(run))
                run = []
            run.append(piece)
    if run:
        out.append(_assemble(run))
    return out


def _section_pieces(line: Line, section: Kind | None) -> tuple[_Piece, ...]:
    """A cross-reference or history label, a history entry, or an entry of the open
    cross references; () for any other line."""
    text = line.text
    if text[:1] in LABEL_STARTS:
        if m := REFERENCE_LABEL.match(text):
            first = _reference(m[2]) if m[2] and not COLUMN_HEADINGS.match(m[2]) else None
            return (_Piece(first, Kind.REFERENCES, True, _label(text[: m.start(2)])),)
        if HISTORY_LABEL.match(text):
            return (_Piece(None, Kind.HISTORY, True, _label(text)),)
        if m := HISTORY_ENTRY.match(text):
            return (_Piece(_entry(m), Kind.HISTORY, section is not Kind.HISTORY),)
    if section is Kind.REFERENCES and COLUMN_HEADINGS.match(text):
        return (_Piece(None, Kind.REFERENCES),)  # the head of the table, not an entry
    if section is Kind.REFERENCES and _reference_like(text):
        return (_Piece(_reference(BULLET.sub("", text)), Kind.REFERENCES),)
    return ()


def _body_pieces(line: Line) -> tuple[Block | _Piece, ...]:
    """A footnote, a drafting note the format marks as one, or prose. An all-capitals
    parenthetical ("(OSHA 29 CFR 1910)", "(DISTRICT MUST CHOOSE ...)") is prose as written:
    a drafting note is a model's idea, and a document read as a document prints its words
    as they are; the diff recognises a model's note printed in a document (diff.engine)."""
    text = line.text
    if line.hint is Hint.FOOTNOTE:
        return (Block(Kind.FOOTNOTE, text),)
    if line.hint is Hint.NOTE:
        return (Block(Kind.NOTE, text),)
    return (_prose_piece(line, text),)


def _prose_piece(line: Line, text: str) -> Block | _Piece:
    """A list item, a heading or a paragraph, as the format said or the text looks."""
    guessed = line.hint is Hint.GUESSED
    if line.hint is Hint.ITEM or BULLET.match(text) or (guessed and NUMBERED.match(text)):
        return _Piece(Block(Kind.ITEM, BULLET.sub("", text), label=line.label or None), Kind.LIST)
    if line.hint in (Hint.HEADING, Hint.TITLE) or (guessed and _heading_like(text)):
        return Block(Kind.HEADING, text)
    return Block(Kind.PARAGRAPH, text)


def _entry(m: re.Match[str]) -> Block:
    """A history entry: "Adopted on: 5/22/2018"; a dash is how pages show "no date"."""
    value = clean(m[3])
    return Block(Kind.ENTRY, "" if value in ("—", "–", "-") else value,
                 label=clean(m[1] + (m[2] or "")))


def _assemble(run: list[_Piece]) -> Block:
    """A list's or a section's pieces as its block."""
    first = run[0]
    children = tuple(piece.block for piece in run if piece.block is not None)
    if first.container is Kind.LIST:
        return Block(Kind.LIST, children=children)
    return Block(first.container, label=first.label, children=children)


def _label(text: str) -> str:
    """A section label as written, without the colon that ends it: "Cross-reference"."""
    return clean(text).rstrip(":").rstrip()


def _heading_like(text: str) -> bool:
    """A short line in title case with no sentence punctuation: "Practical Guidelines"."""
    words = text.split(None, 8)  # nine parts: more than eight words
    if not 1 <= len(words) <= 8 or ends_sentence(text) or not text[:1].isupper():
        return False
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to",
             "with", "&"}
    return all(w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words)


def _reference_like(text: str) -> bool:
    """A cross-reference entry: a policy code and title, or a short title without a period."""
    text = BULLET.sub("", text)
    return bool(POLICY_CODE.match(text)) or (len(text) < 90 and not ends_sentence(text))


def _reference(text: str) -> Block:
    text = clean(text)
    if m := POLICY_CODE.match(text):
        return Block(Kind.REFERENCE, m[2], label=m[1])
    return Block(Kind.REFERENCE, text, label="")


CUT_OFF_WORDS = 15  # shorter last lines (a heading, a label, a short list item) are not judged


def _cut_off_findings(blocks: list[Block]) -> tuple[Finding, ...]:
    """A finding when the document was probably truncated."""
    if not _cut_off(blocks):
        return ()
    return (Finding(FindingKind.CUT_OFF,
                    "the text ends in the middle of a sentence: it is probably cut off"),)


def _cut_off(blocks: list[Block]) -> bool:
    """The body's last paragraph or bullet is prose that ends in mid-sentence: a page that
    was truncated. A short last line proves nothing: real documents end in lists of single
    words, form labels and headings without a period."""
    body = [b for b in blocks if b.kind in (Kind.PARAGRAPH, Kind.LIST)]
    if not body:
        return False
    last = body[-1].children[-1] if body[-1].kind is Kind.LIST and body[-1].children \
        else body[-1]
    return len(last.text.split()) >= CUT_OFF_WORDS and \
        not LAST_SENTENCE_END.search(last.text.strip())


SUPERSCRIPT = str.maketrans("0123456789ivx", "⁰¹²³⁴⁵⁶⁷⁸⁹ⁱᵛˣ")
# A note's number or numbers, in digits or small roman numerals (Word's endnotes: i, ii, iii)
NOTE_NUMBERS = re.compile(r"^(?:[\d,\-–\s]*\d[\d,\-–\s]*|[ivx]+(?:[,\-–\s]+[ivx]+)*)$")


def superscript(text: str) -> str:
    """A note's number set raised (after a citation: "§ 20-1-1012³"; an endnote's: "Ouchⁱ")
    in Unicode's superscript characters, so that it never runs into the number or word before
    it ("20-1-10123", "Ouchi"); other raised text ("1st", "TM") as written."""
    return text.translate(SUPERSCRIPT) if NOTE_NUMBERS.match(text) else text

