"""A PDF -> Document: the text its pages show, as paragraphs in reading order.

pdfminer.six's layout analysis gives each page's text lines with their boxes and font sizes
(pdfminer's objects stay in `_extract` and `pdf_paint.py`, which runs its interpreter within
work limits and leaves out the glyphs nobody sees); from there on the reader works on its own
`Row`s, so each rule below is a small function tested without a PDF:

- a page whose body stands in columns (clear gutters, running text on each side) is read
  column by column (`in_columns`); text side by side without a clear gutter is read across
  the page with a COLUMNS_UNCLEAR note;
- lines on one baseline form a row (a header's district at the left and number at the right;
  a cross reference's code and title);
- page furniture is left out and counted: rows in the top or bottom margin band that repeat
  on most pages (digits aside: "Page 2 of 3"), and, even on a single page, a band row that is
  a page number, a URL, a browser's printed date or a policy service's header ("Board Policy
  Manual   Butte School District", which names the district);
- rows join into paragraphs unless the gap above is wider than the document's line spacing,
  the font size changes, the row starts a bullet, or the first word of the row would have fit
  on the line before (so that line ended its paragraph): the same test joins a paragraph
  across a page break;
- a word broken at a line's end is mended only with evidence (a soft hyphen, or the word
  written whole elsewhere in the document): policies' line-end hyphens are mostly real
  ("in-service", "e-mail"), and one before a capital or a digit always is ("Non-" +
  "Discrimination", "208-350-" + "5800": joined with the hyphen, without a space);
- bullets in any glyph (•, ·, -, o, Symbol and Wingdings private-use glyphs) become "•", and a
  bullet drawn as a shape (a browser's list disc) is read as one; ligatures are unfolded.

A PDF without a text layer (a scan), with a password, damaged, over the page limit or past
a work limit (glyphs, operators, nested states and forms: `pdf_paint.Limits`) is refused in
one line; one whose text is all hidden says so rather than asking for OCR. Streams are
inflated within a byte budget, so a compression bomb is refused before it fills memory.
"""

from __future__ import annotations

import io
import re
import statistics
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import Enum
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..document import Document, Finding, FindingKind
from ..errors import BoardPolicyError, InputError
from ..prose import count
from .changes import TrackedChanges
from .structure import BULLET, NUMBERED, Header, Hint, Line, build, superscript

if TYPE_CHECKING:
    from .pdf_paint import Field, Hidden, Mark
    from .pdf_pdfium import PlainPage, Run

MAX_PAGES = 2000  # a whole policy manual is a few hundred pages
MAX_DECODED = 200_000_000  # bytes all of a PDF's streams may inflate to, together
BAND = 0.15  # the top and bottom share of a page where running headers and footers live
# Scripts written without spaces between words (CJK ideographs, kana, their punctuation and
# full-width forms), whose lines break between any two characters
UNSPACED = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# … and no line of theirs starts with a closing mark, a stop or a prolonged sound (kinsoku)
NO_LINE_START = re.compile("[、。，．：；！？）」』】〕〉》ー…・]*")
RAISED_SIZE = 0.8  # a superscript is set at most this share of its line's size
FOOTER_LABEL_WORDS = 5  # "Policy 3270", "Butte School District": beside a page number
OCR_HINT = "run OCR on it first (for example `ocrmypdf IN.pdf OUT.pdf`) and read the result"

# Private-use glyphs that Symbol and Wingdings fonts use for bullets, as Word exports them.
PRIVATE_BULLETS = "\uf0b7\uf0a7\uf0a8\uf076\uf0d8\uf0fc\uf06e\uf0d9\uf0e0\uf071\uf0a1\uf0b2"
BULLET_GLYPHS = "•·▪◦●○■□➢►✓‣⁃∙" + PRIVATE_BULLETS
LEADING_GLYPH = re.compile(f"^[{re.escape(BULLET_GLYPHS)}]\\s*")
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
UNFOLD = str.maketrans(LIGATURES)
PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
                         re.IGNORECASE)
URL = re.compile(r"^(?:https?|file|\ufb01le|ftp)://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$",
                 re.IGNORECASE)
PRINTED_AT = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?\b",
                        re.IGNORECASE)
WORD = re.compile(r"[A-Za-z]+")
# What a policy service's running header calls the manual, beside the district's name.
MANUAL_NAME = re.compile(r"^(?:board\s+)?(?:policy|policies)(?:\s+(?:manual|book|and\s+"
                         r"(?:administrative\s+)?(?:procedures|regulations)))?$|^board\s+policy"
                         r"\s+manual$", re.IGNORECASE)
Shape = tuple[float, float, float, float]  # a drawn shape's x0, x1, top, bottom


class Band(Enum):
    """The margin band of a page where running headers and footers live."""

    TOP = "top"
    BOTTOM = "bottom"


@dataclass
class Row:
    """One line of text on a page, with where it is (points, from the page's top left)."""

    text: str
    x0: float
    x1: float  # spaces laid out at the line's end count: they filled the line as much as ink
    top: float
    bottom: float
    size: float  # the font size most of its characters have
    bullet: bool = False  # a shape (a list disc) is drawn just before it
    parts: tuple[str, ...] = ()  # the separate pieces of text on the row, left to right
    ink: float = 0.0  # where its last visible character ends
    column: int = 0  # which column of its page, in reading order (0: the page is not in columns)
    edge: float = 0.0  # where full lines of its column end (0: the document's right margin)


@dataclass
class Page:
    width: float
    height: float
    rows: list[Row] = field(default_factory=list)
    images: int = 0
    side_by_side: bool = False  # text set side by side that could not be told into columns


def read_pdf(data: bytes, name: str, *, max_pages: int = MAX_PAGES,
             changes: TrackedChanges = TrackedChanges.ACCEPT) -> Document:
    """Read a PDF's text layer as a policy; a redline's struck-through and underlined text
    is deleted and inserted text, all accepted (the default) or all rejected."""
    if b"%PDF-" not in data[:1024]:
        raise InputError("is not a PDF (it has no %PDF header)", path=name)
    pages, unseen = _extract(data, name, max_pages, TrackedChanges(changes))
    return document_from_pages(pages, name, unseen)


def document_from_pages(pages: list[Page], name: str,
                        unseen: Sequence[Finding] = ()) -> Document:
    """Pages of rows -> Document: furniture out, paragraphs joined, structure recognised;
    `unseen` says what the pages hold that was left out (hidden, or without a character)."""
    findings: list[Finding] = list(unseen)
    if not any(page.rows for page in pages):
        if unseen:  # text there, but none a reader sees: OCR would not help
            raise InputError(f"shows no text a reader can see: boardpolicy {_what(unseen)}",
                             path=name)
        what = "a scan: its pages are images" if any(p.images for p in pages) else "no text"
        raise InputError(f"has no text layer ({what}); {OCR_HINT}", path=name)
    blank = [n + 1 for n, page in enumerate(pages) if not page.rows and page.images]
    if blank:
        findings.append(Finding(
            FindingKind.PAGES_NOT_READ,
            f"{count(len(blank), 'page')} ({_numbers(blank)}) "
            f"{'is an image' if len(blank) == 1 else 'are images'} without text "
            "(scanned?) and could not be read; run OCR on the PDF to read them"))
    bodies, furniture = strip_furniture(pages)
    findings += furniture
    unclear = [n + 1 for n, page in enumerate(pages) if page.side_by_side]
    if unclear:
        findings.append(Finding(
            FindingKind.COLUMNS_UNCLEAR,
            f"{_numbers(unclear)} set{'s' * (len(unclear) == 1)} text side by side (columns "
            "or a table) whose columns could not be told apart; read across the page, line "
            "by line, so the order of its words may be wrong there"))
    header = running_header(pages, bodies)
    lines = paragraphs(bodies, pages)
    return build(lines, source=name, findings=findings, district=header.district,
                 series=header.series, number=header.number)


# ---------------------------------------------------------------------------------------------
# Page furniture


def strip_furniture(pages: list[Page]) -> tuple[list[list[Row]], list[Finding]]:
    """Each page's rows without its running header and footer, and a finding that counts
    the rows left out."""
    seen: dict[tuple[Band, str], list[tuple[int, float]]] = defaultdict(list)
    for n, page in enumerate(pages):
        for row in page.rows:
            if side := _band(row, page):
                seen[(side, _shape(row.text))].append((n, row.top))
    need = max(2, (len(pages) + 1) // 2)
    bodies: list[list[Row]] = []
    dropped = 0
    for page in pages:
        body = []
        for row in page.rows:
            side = _band(row, page)
            if side and (_furniture_row(row) or _service_header(row) or
                         _repeats(seen[(side, _shape(row.text))], row.top, need)):
                dropped += 1
            else:
                body.append(row)
        bodies.append(body)
    if not dropped:
        return bodies, []
    return bodies, [Finding(FindingKind.FURNITURE_LEFT_OUT,
                            f"left out {count(dropped, 'line')} of page furniture (running "
                            "headers and footers, page numbers, a browser's date, title and "
                            "URL)")]


def _what(unseen: Sequence[Finding]) -> str:
    """The findings' sentences, for a refusal: "left out 3 characters …; left out …"."""
    return "; ".join(finding.text for finding in unseen)


def running_header(pages: list[Page], bodies: list[list[Row]]) -> Header:
    """The district, series and number a running header names, as a Word header in our own
    layout gives them ("Butte School District      PERSONNEL 5460"), or as a hosted policy
    service does ("Board Policy Manual      Butte School District", often drawn in a form):
    only a header that names a policy number, or a district beside the manual's name, counts,
    so a bare series heading stays furniture alone."""
    kept = {id(row) for row in bodies[0]}
    for row in pages[0].rows:
        if id(row) in kept or _band(row, pages[0]) is not Band.TOP:
            continue
        header = _read_header_row(row)
        if header is not None and (header.number or header.district):
            return header
    return Header()


def _read_header_row(row: Row) -> Header | None:
    """What a header row says; None unless it names a number, or a district beside the
    manual's name."""
    header: Header | None = Header()
    manual = False
    for part in _header_pieces(row):
        if MANUAL_NAME.match(part):
            manual = True
        else:
            header = header.read(part) if header is not None else None
    if header is None or not (header.number or (manual and header.district)):
        return None
    return header


def _service_header(row: Row) -> bool:
    """A policy service's running header ("Board Policy Manual / Butte School District"):
    furniture even on a single page."""
    header = _read_header_row(row)
    return header is not None and not header.number


def _header_pieces(row: Row) -> list[str]:
    """The pieces of a header row: its parts, each split at a " / " or " | " between them."""
    return [piece.strip() for part in row.parts or (row.text,)
            for piece in re.split(r"\s+[/|]\s+", part) if piece.strip()]


def _band(row: Row, page: Page) -> Band | None:
    """The margin band the row is in, if any."""
    if row.bottom <= page.height * BAND:
        return Band.TOP
    if row.top >= page.height * (1 - BAND):
        return Band.BOTTOM
    return None


def _shape(text: str) -> str:
    """What a running line keeps from page to page: its words, with any number as #."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _repeats(places: list[tuple[int, float]], top: float, need: int) -> bool:
    """On `need` pages or more, at about the same height."""
    return len({n for n, t in places if abs(t - top) <= 12}) >= need


def _furniture_row(row: Row) -> bool:
    """A page number, a URL or a browser's printed date, or a footer that gives a page
    number beside a short label ("Policy 3270        Page 1 of 1", as our Word files and
    many a district's have it): furniture even on one page. (A printer's header of three
    pieces, date, file name and page, stays: it may be all that names the document.)"""
    if _furniture_text(row.text):
        return True
    parts = [" ".join(part.split()) for part in row.parts]
    return len(parts) == 2 and any(PAGE_NUMBER.match(part) for part in parts) and all(
        PAGE_NUMBER.match(part) or len(part.split()) <= FOOTER_LABEL_WORDS for part in parts)


def _furniture_text(text: str) -> bool:
    """A page number, a URL or a browser's printed date."""
    text = " ".join(text.split())
    return bool(PAGE_NUMBER.match(text) or URL.match(text) or PRINTED_AT.match(text))


# ---------------------------------------------------------------------------------------------
# Paragraphs


def paragraphs(bodies: list[list[Row]], pages: list[Page]) -> list[Line]:
    """Rows in reading order -> one Line per paragraph, heading or bullet."""
    rows = [row for body in bodies for row in body]
    if not rows:
        return []
    body_size = _body_size(rows)
    pitch = _pitches(bodies)
    words = _whole_words(rows)
    out: list[tuple[list[Row], str]] = []  # (rows, text so far)
    previous: Row | None = None
    previous_page = -1
    right = _right_edge(rows, pages[0])
    for n, body in enumerate(bodies):
        for row in body:
            text = _row_text(row)
            same_page = n == previous_page and previous is not None and \
                row.column == previous.column  # a new column is read like a new page
            if previous is not None and out and _continues(
                    out[-1][0], row, text, pitch, row.edge or right, same_page=same_page):
                out[-1] = (out[-1][0] + [row], _join(out[-1][1], text, words))
            else:
                out.append(([row], text))
            previous, previous_page = row, n
    return [Line(text, _hint(rows_, text, body_size)) for rows_, text in out]


def _continues(para: list[Row], row: Row, text: str, pitch: dict[float, float], right: float,
               *, same_page: bool) -> bool:
    """Whether `row` carries on the paragraph whose rows so far are `para`."""
    last, first = para[-1], para[0]
    if row.bullet or LEADING_GLYPH.match(text) or BULLET.match(text) or NUMBERED.match(text):
        return False
    if abs(row.size - last.size) > 0.6:
        return False
    if same_page:
        gap = row.top - last.top
        if gap <= 0 or gap > 1.3 * pitch.get(round(last.size, 1), 1.25 * last.size):
            return False
    item = first.bullet or bool(LEADING_GLYPH.match(first.text) or BULLET.match(first.text))
    if not item and len(para) > 1 and row.x0 > last.x0 + 1.5 * row.size:
        return False  # indented more than the paragraph's own lines: a first-line indent
    if item and row.x0 < first.x0 - 1:
        return False
    return not _fits(last, text, right)


def _fits(last: Row, text: str, right: float) -> bool:
    """Whether the next row's first word would have fitted on `last`: then `last` ended its
    paragraph on purpose (a short line)."""
    chars = max(1, len(last.text))
    advance = (last.ink - last.x0) / chars  # the line's average character width
    word = text.split()[0] if text.split() else ""
    if UNSPACED.match(word):  # Chinese and Japanese break between any two characters, but
        closing = NO_LINE_START.match(word, 1)  # never before "。", "」", "ー"…
        word = word[:1] + (closing[0] if closing else "")
    return last.x1 + advance * (len(word) + 1) < right


def _join(text: str, more: str, words: set[str]) -> str:
    """Two lines of one paragraph; a word broken at the line's end is mended only with
    evidence that the hyphen is not part of it."""
    if text.endswith("\u00ad"):
        return text[:-1] + more
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and more[:1].islower():
        head = WORD.search(text[::-1][1:])
        tail = WORD.match(more)
        if head and tail and (head[0][::-1] + tail[0]).lower() in words:
            return text[:-1] + more
        return text + more  # a real hyphen: "in-" + "service"
    if text.endswith("-") and len(text) > 1 and text[-2].isalnum() and (
            more[:1].isupper() or more[:1].isdigit()):
        return text + more  # a real hyphen too: "Non-" + "Discrimination", "208-350-" + "5800"
    if UNSPACED.match(text[-1:]) and UNSPACED.match(more):
        return text + more  # Chinese and Japanese lines join without a space
    return f"{text} {more}"


def _whole_words(rows: list[Row]) -> set[str]:
    return {w.lower() for row in rows for w in WORD.findall(row.text)}


def _row_text(row: Row) -> str:
    text = " ".join(row.text.translate(UNFOLD).split())
    if row.bullet:
        return f"• {text}"
    return LEADING_GLYPH.sub("• ", text)


def _hint(rows: list[Row], text: str, body_size: float) -> Hint:
    """A paragraph set larger than the body text is a heading (the structure pass decides
    which one is the title); otherwise the structure is guessed from the text."""
    if rows[0].size >= body_size * 1.12 and len(text) < 150 and not LEADING_GLYPH.match(text):
        return Hint.HEADING
    return Hint.GUESSED


def _body_size(rows: list[Row]) -> float:
    """The font size of most of the text (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for row in rows:
        sizes[round(row.size, 1)] += len(row.text)
    return sizes.most_common(1)[0][0]


# ---------------------------------------------------------------------------------------------
# Columns


MIN_GUTTER = 8.0  # points of clear space between two columns (journals use 12 to 18)


@dataclass(frozen=True)
class Gutter:
    """A clear vertical band between columns of text, from x0 to x1."""

    x0: float
    x1: float


def in_columns(lines: list[Row], width: float, height: float) -> tuple[list[Row], bool]:
    """A page's text lines -> its rows in reading order, and whether text set side by side
    was left read across the page. When the body's lines stand in columns (clear gutters
    running down the page, each column of several lines of running text), each column is
    read top to bottom, left to right; a line across a gutter (a title, a full-width
    paragraph) ends the columns above it and is read in its place."""
    body = [ln for ln in lines if height * BAND < ln.top and ln.bottom < height * (1 - BAND)]
    gutters = _gutters(body, width)
    if not gutters:
        rows = _rows(lines)
        return rows, _side_by_side(rows, height)
    out: list[Row] = []
    columns: list[list[Row]] = [[] for _ in range(len(gutters) + 1)]
    number = 0
    inside = {id(line) for line in body}

    def flush() -> None:
        nonlocal number
        for column in columns:
            if column:
                number += 1
                edge = max(row.ink for row in column)
                out.extend(replace(row, column=number, edge=edge) for row in _rows(column))
                column.clear()

    for line in sorted(lines, key=lambda r: (r.top, r.x0)):
        place = _column_of(line, gutters)
        if place is None or id(line) not in inside:
            flush()
            out.append(line)
        else:
            columns[place].append(line)
    flush()
    return _merge_spanning(out), False


def _merge_spanning(rows: list[Row]) -> list[Row]:
    """Lines outside the columns that share a baseline joined into rows, as on any page."""
    out: list[Row] = []
    run: list[Row] = []
    for row in rows:
        if row.column:
            out += _rows(run) if run else []
            run = []
            out.append(row)
        else:
            run.append(row)
    return out + (_rows(run) if run else [])


def _column_of(line: Row, gutters: list[Gutter]) -> int | None:
    """Which column the line stands in (the one it starts in); None when it runs across a
    gutter."""
    for k, gutter in enumerate(gutters):
        if line.x0 < gutter.x0:  # it starts left of the gutter: in the column there
            return None if line.ink > gutter.x1 else k
    return len(gutters)


def _gutters(body: list[Row], width: float) -> list[Gutter]:
    """The gutters between the body's columns: bands at least MIN_GUTTER wide that hardly
    any line crosses, with columns of running text on both sides (at least 6 lines and a
    fifth of the body each, most lines of 3 words or more, each column 90 points wide)."""
    if len(body) < 12:
        return []
    step = 2.0
    bins = [0] * (int(width / step) + 2)
    for line in body:
        for k in range(max(0, int(line.x0 / step)), min(len(bins), int(line.ink / step) + 1)):
            bins[k] += 1
    allowed = max(1, len(body) // 12)
    left, right = min(ln.x0 for ln in body), max(ln.ink for ln in body)
    found: list[Gutter] = []
    start = None
    for k, n in enumerate([*bins, len(body)]):
        x = k * step
        if n <= allowed and left < x < right:
            start = x if start is None else start
        elif start is not None:
            if x - start >= MIN_GUTTER:
                found.append(Gutter(start, x))
            start = None
    return _real_gutters(found, body)


def _real_gutters(found: list[Gutter], body: list[Row]) -> list[Gutter]:
    """The candidate gutters that have columns of running text on both sides."""
    kept: list[Gutter] = []
    for gutter in found:
        trial = sorted([*kept, gutter], key=lambda g: g.x0)
        columns: list[list[Row]] = [[] for _ in range(len(trial) + 1)]
        for line in body:
            place = _column_of(line, trial)
            if place is not None:
                columns[place].append(line)
        if all(_running_text(column, len(body)) for column in columns):
            kept = trial
    return kept


def _running_text(column: list[Row], total: int) -> bool:
    """Several lines of prose: not a column of labels, numbers or a table's cells."""
    if len(column) < 6 or len(column) < total / 5:
        return False
    if max(ln.ink for ln in column) - min(ln.x0 for ln in column) < 90:
        return False
    return statistics.median(len(ln.text.split()) for ln in column) >= 3


def _side_by_side(rows: list[Row], height: float) -> bool:
    """Whether many of the page's rows hold pieces of prose far apart on one baseline (text
    in columns or a table that no gutter separates): read across, the order is in doubt."""
    body = [r for r in rows if height * BAND < r.top and r.bottom < height * (1 - BAND)]
    wide = [r for r in body if len(r.parts) > 1 and
            sum(len(p.split()) >= 3 for p in r.parts) >= 2]
    return len(wide) >= 5 and len(wide) >= 0.3 * len(body)


def _pitches(bodies: list[list[Row]]) -> dict[float, float]:
    """Font size -> the usual distance from one line's top to the next's, within a paragraph
    (the median: most neighbouring lines of a policy are in the same paragraph)."""
    gaps: dict[float, list[float]] = defaultdict(list)
    for body in bodies:
        for a, b in pairwise(body):
            if abs(a.size - b.size) <= 0.6 and b.top > a.top:
                gaps[round(a.size, 1)].append(b.top - a.top)
    return {size: statistics.median(values) for size, values in gaps.items()}


def _right_edge(rows: list[Row], page: Page) -> float:
    """Where full lines end: the right margin of the text (the longest line's ink; a
    document of a few short lines is taken to run to the usual 1-inch margin)."""
    edge = max(row.ink for row in rows)
    return edge if len(rows) >= 10 else max(edge, page.width - 72)



def _numbers(pages: list[int]) -> str:
    shown = ", ".join(map(str, pages[:10]))
    return f"page {shown}" if len(pages) == 1 else f"pages {shown}{', …' * (len(pages) > 10)}"


# ---------------------------------------------------------------------------------------------
# pdfminer.six: the only part of boardpolicy that knows it


def _extract(data: bytes, name: str, max_pages: int,
             changes: TrackedChanges) -> tuple[list[Page], list[Finding]]:
    """The pages through PDFium when the file is plain (`pdf_pdfium.py`), else through
    pdfminer, whose rules judge every glyph and whose refusals name every limit."""
    plain = _plain_pages(data, max_pages)
    if plain is not None:
        return plain, []
    return _judged_pages(data, name, max_pages, changes)


def _plain_pages(data: bytes, max_pages: int) -> list[Page] | None:
    """A plain PDF's pages read by PDFium; None when it is not plain (or PDFium is missing
    or cannot open it): pdfminer reads it then."""
    try:
        from .pdf_pdfium import NotPlain, open_pdf, read_pages
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency; pdfminer still reads
        return None
    from .pdf_limits import Limits

    try:
        document = open_pdf(data, MAX_DECODED)
    except NotPlain:
        return None
    try:
        if not 0 < len(document) <= max_pages:
            return None
        return [_plain_page(page) for page in read_pages(document, len(data), Limits())]
    except NotPlain:
        return None
    finally:
        document.close()


def _plain_page(plain: PlainPage) -> Page:
    """PDFium's runs -> rows, as pdfminer's layout joins glyphs into lines: runs in painting
    order that share a baseline and stand within two characters' width of each other are one
    line, with a space between them where a gap a tenth of their size or wider stands."""
    height = plain.height
    lines: list[Row] = []
    current: list[Run] = []
    for run in plain.runs:
        if current and not _same_line(current[-1], run):
            lines.append(_run_row(current, height))
            current = []
        current.append(run)
    if current:
        lines.append(_run_row(current, height))
    shapes = [(x0, x1, height - y1, height - y0) for x0, y0, x1, y1 in plain.discs]
    rows, side_by_side = in_columns([ln for ln in lines if ln.text], plain.width, height)
    return Page(plain.width, height, _with_drawn_bullets(rows, shapes), plain.images,
                side_by_side)


def _same_line(last: Run, run: Run) -> bool:
    low = max(last.baseline + last.descent, run.baseline + run.descent)
    high = min(last.baseline + last.descent + last.size, run.baseline + run.descent + run.size)
    if high - low <= 0.5 * min(last.size, run.size):
        return False
    if run.x0 < last.x1 - 0.5 * run.size:
        return False  # drawn back to the left: its own line, put in place by `_rows`
    gap = max(run.x0 - (last.x1 + last.trailing * last.space), 0.0)
    return gap < 2 * max(_char_width(last), _char_width(run))


def _char_width(run: Run) -> float:
    return (run.x1 - run.x0) / max(1, len(run.text.rstrip(" ")))


def _run_row(runs: list[Run], height: float) -> Row:
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[round(run.size, 1)] += len(run.text.strip())
    main = max(runs, key=lambda r: len(r.text.strip()))
    texts = [_raised_text(run.text) if _raised(run.size, run.baseline, main.size,
                                               main.baseline) else run.text for run in runs]
    text = texts[0]
    for (last, run), more in zip(pairwise(runs), texts[1:], strict=True):
        gap = run.x0 - (last.x1 + last.trailing * last.space)
        spaced = gap > 0.1 * run.size  # pdfminer's word margin, on the glyphs' advances
        if spaced and not (text.endswith(" ") or more.startswith(" ")):
            text += " "
        text += more
    inked = [run for run in runs if run.text.strip()]
    first, last = inked[0], inked[-1]
    x0 = first.x0
    end = runs[-1].x1 + runs[-1].trailing * runs[-1].space
    top = height - max(r.baseline + r.descent + r.size for r in runs)
    bottom = height - min(r.baseline + r.descent for r in runs)
    return Row(text.strip(), x0, max(end, last.x1), top, bottom,
               sizes.most_common(1)[0][0], ink=last.x1)


def _judged_pages(data: bytes, name: str, max_pages: int,
                  changes: TrackedChanges) -> tuple[list[Page], list[Finding]]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from .pdf_paint import Refused

    _quiet_pdfminer()
    _bound_decoders()
    token = _BUDGET.set([MAX_DECODED])
    try:
        return _pages(data, name, max_pages, changes)
    except BoardPolicyError:
        raise
    except Refused as exc:
        raise InputError(str(exc), path=name) from None
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        if isinstance(exc, PDFPasswordIncorrect) or "password" in str(exc).lower():
            raise InputError("is password-protected; it needs the password to be read: open "
                             "it with the password and save or print a copy without one",
                             path=name) from None
        raise InputError(f"is encrypted in a way boardpolicy cannot read ({exc})",
                         path=name) from None
    except _TooLarge:
        raise InputError(f"inflates past {MAX_DECODED:,} bytes when its streams are "
                         "unpacked; refused", path=name) from None
    except RecursionError:
        raise InputError("is damaged (its objects refer to each other without end)",
                         path=name) from None
    except Exception as exc:
        # pdfminer raises many kinds of errors on a broken file, some only when a damaged
        # object is first touched; this is their adapter, so each one is a damaged PDF.
        raise InputError(f"is a damaged PDF ({type(exc).__name__}: {exc})"[:300],
                         path=name) from None
    finally:
        _BUDGET.reset(token)


def _pages(data: bytes, name: str, max_pages: int,
           changes: TrackedChanges) -> tuple[list[Page], list[Finding]]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from .pdf_paint import Limits, Work, read_pages, xfa_values

    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    work = Work.for_file(len(data), Limits())
    pages: list[Page] = []
    marked: Counter[Mark] = Counter()
    for read in read_pages(document, work, max_pages, changes):
        pages.append(_page(read.layout, read.fields))
        work.hidden += read.hidden
        work.unmapped += read.unmapped
        marked += read.marked
    if not pages:
        raise InputError("is a PDF with no pages", path=name)
    findings = unseen_findings(work.hidden, work.unmapped) + changes_findings(marked, changes)
    if xfa := xfa_values(document):
        findings.append(Finding(FindingKind.OBJECTS_LEFT_OUT,
                                f"left out an XFA form's {count(xfa, 'filled field')}: the "
                                "viewer draws them from the form's data, not from the pages; "
                                "print the filled form to a new PDF to read them"))
    return pages, findings


def changes_findings(marked: Counter[Mark], changes: TrackedChanges) -> list[Finding]:
    """What a redline's marks were taken to say, as the Word reader says its tracked changes."""
    if not marked:
        return []
    from .pdf_paint import Mark

    held = " and ".join(f"{count(marked[mark], f'{mark.value} passage')}" for mark in Mark
                        if marked[mark])
    return [Finding(FindingKind.TRACKED_CHANGES_APPLIED,
                    f"held {held} (a redline: struck-through text deleted, underlined "
                    f"inserted); read with all "
                    f"{'accepted' if changes is TrackedChanges.ACCEPT else 'rejected'}")]


def unseen_findings(hidden: Counter[Hidden], unmapped: int) -> list[Finding]:
    """What was left out because nobody sees it, or because no character is known for it."""
    findings = []
    if hidden:
        why = ", ".join(f"{n:,} {reason.value}" for reason, n in hidden.most_common())
        findings.append(Finding(FindingKind.HIDDEN_LEFT_OUT,
                                f"left out {count(hidden.total(), 'character')} of text a "
                                f"reader of the PDF cannot see ({why})"))
    if unmapped:
        findings.append(Finding(FindingKind.SYMBOLS_UNKNOWN,
                                f"left out {count(unmapped, 'character')} whose font gives "
                                "no Unicode character for them (the PDF does not say what "
                                "they are)"))
    return findings


# pdfminer's layout objects (LTPage, LTTextLine, LTChar, LTCurve) come untyped: Any here.
Layout = Any


def _page(layout: Layout, fields: Sequence[Field] = ()) -> Page:
    from pdfminer.layout import LTCurve, LTImage, LTTextLine

    height = layout.height
    images = 0
    lines: list[Row] = []
    shapes: list[Shape] = []
    for item in _walk(layout):
        if isinstance(item, LTTextLine):
            row = _line_row(item, height)
            if row is not None:
                lines.append(row)
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTCurve) and _bullet_sized(item):
            shapes.append((item.x0, item.x1, height - item.y1, height - item.y0))
    lines += [_field_row(each, height) for each in fields]
    rows, side_by_side = in_columns(lines, layout.width, height)
    return Page(layout.width, height, _with_drawn_bullets(rows, shapes), images, side_by_side)


def _walk(layout: Layout) -> Iterator[Layout]:
    """Every text line, image and drawn shape, inside figures and text boxes too."""
    from pdfminer.layout import LTContainer, LTTextLine

    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine) or not isinstance(item, LTContainer):
            yield item
        else:
            stack.extend(reversed(list(item)))


def _line_row(line: Layout, height: float) -> Row | None:
    from pdfminer.layout import LTChar

    text = line.get_text().rstrip("\n")
    if not text.strip():
        return None
    inked = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    sizes = Counter(round(c.size, 1) for c in inked)
    size = sizes.most_common(1)[0][0] if sizes else line.height
    if inked and any(c.size < RAISED_SIZE * size for c in inked):
        text = _with_raised(line, size).rstrip("\n")
    x0, ink = (inked[0].x0, inked[-1].x1) if inked else (line.x0, line.x1)
    return Row(text.strip(), x0, max(line.x1, ink), height - line.y1, height - line.y0, size,
               ink=ink)


def _with_raised(line: Layout, size: float) -> str:
    """The line's text with each run of raised, smaller glyphs (a footnote's number after a
    citation) as `_raised_text` writes it."""
    from pdfminer.layout import LTChar

    bottoms = Counter(round(c.y0, 1) for c in line
                      if isinstance(c, LTChar) and round(c.size, 1) == size)
    base = bottoms.most_common(1)[0][0] if bottoms else line.y0
    pieces: list[tuple[str, bool]] = []
    for item in line:
        raised = isinstance(item, LTChar) and _raised(item.size, item.y0, size, base)
        if pieces and pieces[-1][1] == raised:
            pieces[-1] = (pieces[-1][0] + item.get_text(), raised)
        else:
            pieces.append((item.get_text(), raised))
    return "".join(_raised_text(text) if raised else text for text, raised in pieces)


def _raised(size: float, bottom: float, main_size: float, main_bottom: float) -> bool:
    """Set smaller and raised above the line's own text: a superscript."""
    return size < RAISED_SIZE * main_size and bottom > main_bottom + 0.2 * main_size


def _raised_text(text: str) -> str:
    """A superscript's text, its spaces kept where they were."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return text[:start] + superscript(core) + text[start + len(core):]


def _field_row(field: Field, height: float) -> Row:
    """A filled form field's value as a line where the field stands (at its font size, or
    fitted to its box)."""
    x0, y0, _, y1 = field.box
    size = field.size or min(12.0, 0.7 * (y1 - y0))
    ink = x0 + 2 + 0.5 * size * len(field.value)
    return Row(field.value, x0 + 2, ink, height - y1, height - y0, size, ink=ink)


def _bullet_sized(shape: Layout) -> bool:
    """A list disc or square: small, about as wide as high, filled."""
    w, h = shape.width, shape.height
    return 1.5 <= w <= 9 and 1.5 <= h <= 9 and 0.6 <= w / h <= 1.6 and bool(
        getattr(shape, "fill", True))


def _rows(lines: list[Row]) -> list[Row]:
    """Lines that share a baseline -> one row, left to right; rows top to bottom."""
    rows: list[list[Row]] = []
    for line in sorted(lines, key=lambda r: (r.top, r.x0)):
        for row in reversed(rows[-3:]):
            anchor = row[0]
            overlap = min(anchor.bottom, line.bottom) - max(anchor.top, line.top)
            if overlap >= 0.5 * min(anchor.bottom - anchor.top, line.bottom - line.top):
                row.append(line)
                break
        else:
            rows.append([line])
    out = []
    for parts in rows:
        parts.sort(key=lambda r: r.x0)
        size = max(parts, key=lambda r: len(r.text)).size
        out.append(Row(" ".join(p.text for p in parts), parts[0].x0, parts[-1].x1,
                       min(p.top for p in parts), max(p.bottom for p in parts), size,
                       parts=tuple(p.text for p in parts), ink=parts[-1].ink))
    out.sort(key=lambda r: (r.top, r.x0))
    return out


def _with_drawn_bullets(rows: list[Row], shapes: list[Shape]) -> list[Row]:
    """The rows, each that a drawn disc or square stands just before marked as a bullet."""
    bulleted: set[int] = set()
    for x0, x1, top, bottom in shapes:
        middle = (top + bottom) / 2
        for k, row in enumerate(rows):
            if row.top <= middle <= row.bottom and 0 <= row.x0 - x1 <= 3 * row.size and \
                    x0 < row.x0:
                bulleted.add(k)
                break
    return [replace(row, bullet=True) if k in bulleted else row for k, row in enumerate(rows)]


def _quiet_pdfminer() -> None:
    """pdfminer logs what it works around in a broken file; without a handler Python would
    print those lines on the user's terminal, beside our one-line message."""
    import logging

    logger = logging.getLogger("pdfminer")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


# ---------------------------------------------------------------------------------------------
# A byte budget for inflating streams. pdfminer inflates a stream whole (zlib.decompress, its
# LZW and run-length decoders): a few kilobytes can claim gigabytes. Its module's decoders are
# swapped, once, for ones that count against the budget of the read in progress.

_BUDGET: ContextVar[list[int] | None] = ContextVar("pdf_budget", default=None)


class _TooLarge(Exception):
    """A stream inflates past what is left of the budget."""


def _spend(n: int) -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    budget[0] -= n
    if budget[0] < 0:
        raise _TooLarge


def _room() -> int:
    budget = _BUDGET.get()
    return max(0, budget[0]) + 1 if budget is not None else 0  # 0: no limit for zlib


class _BoundedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, _room())
        if inflater.unconsumed_tail:
            raise _TooLarge
        _spend(len(out))
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says
        return out

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _CountingInflater:
        return _CountingInflater(zlib.decompressobj(*args, **kwargs))


class _CountingInflater:
    def __init__(self, inflater: Any) -> None:  # a zlib Decompress object
        self.inflater = inflater

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self.inflater.decompress(data, max_length)
        _spend(len(out))
        return out

    def flush(self, *args: int) -> bytes:
        out = self.inflater.flush(*args)
        _spend(len(out))
        return out


def _bounded_lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    chunks = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        _spend(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


def _bounded_runlength(data: bytes) -> bytes:
    from pdfminer.runlength import rldecode

    _spend(_runlength_size(data))
    return rldecode(data)


def _runlength_size(data: bytes) -> int:
    """How many bytes run-length data decodes to, without decoding it."""
    size = i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            i += length + 2
        else:
            size += 257 - length
            i += 2
    return size


def _bound_decoders() -> None:
    from pdfminer import pdftypes

    if getattr(pdftypes, "_boardpolicy_bounded", False):
        return
    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
    pdftypes.lzwdecode = _bounded_lzw
    pdftypes.rldecode = _bounded_runlength
    pdftypes._boardpolicy_bounded = True  # type: ignore[attr-defined]
