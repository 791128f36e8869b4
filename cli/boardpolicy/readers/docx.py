"""A Word document (.docx) -> Document: the text Word shows, read from the package's XML.

The zip is checked before it is opened, so a damaged file or a zip bomb is refused without
being inflated; then the main part (the one _rels/.rels names, part names in any case) and the
parts it uses (styles, numbering, footnotes, endnotes, comments, headers and footers, imported
chunks) are parsed with lxml and walked once, in reading order:

- content controls (`w:sdt`) and custom XML at block, row, cell and run level are read through;
- a table is read once, row by row (a row is one line, its cells in order; a table nested in a
  cell is read as part of that cell);
- a text box is read once (the DrawingML choice of `mc:AlternateContent`, never also its VML
  fallback), as its own paragraphs right after the paragraph that anchors it;
- a list number is computed from numbering.xml as Word prints it ("1.1", "(a)", "Article I.")
  and starts the item's text, so a renumbered item is a changed item; bullets have no number;
- fields show their result, never their code; symbols, tabs, breaks and hyphens as Word shows;
- footnotes and endnotes become FOOTNOTE blocks at the end. The convention: the reference mark
  stays in the text in brackets, "...the policy[1]", and the note's block starts with the same
  mark, "[1] The note's text". Footnotes are numbered 1, 2, 3 and endnotes i, ii, iii (Word's
  defaults), in the order the body refers to them;
- tracked changes are all accepted (the default) or all rejected: insertions, deletions, moves,
  inserted or deleted paragraph marks (a removed mark joins the paragraph to the next one) and
  table rows; formatting-only changes leave the text as it is.

What Word shows but a policy's text leaves out (comments, header and footer text, images,
embedded objects, imported chunks it cannot read) and what Word does not show (hidden text,
by the run, its styles or docDefaults; white text on a white page) is counted and named in
the Document's findings, never dropped silently. Work is bounded besides bytes: list labels
(MAX_LETTER_NUMBER), nesting (MAX_DEPTH), styles resolved once each. Every lxml object stays
in this module.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..document import Document, Finding, FindingKind, Kind
from ..errors import BoardPolicyError, InputError
from ..prose import count
from . import zip_kind
from .changes import TrackedChanges
from .structure import STATUS, Hint, Line, build, superscript

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

Shown = str | Line  # what a run shows: text, or a line of a text box anchored in it

MAX_UNPACKED = 100_000_000  # bytes a DOCX may inflate to (a long policy is well under 1 MB)
MAX_RATIO = 200  # inflated / compressed, per entry
# A letter list number repeats its letter once per 26 ("z", "aa" ... "zz", "aaa"): number
# 999,999,999 would be 38 million letters. Past 780 (30 letters) it is printed in digits, noted.
MAX_LETTER_NUMBER = 780
# Elements nested in one part: libxml2's own default (its huge_tree mode allows 2,048, deeper
# than the reader's walk may recurse). Word's deepest real nesting, tables in tables, is far less.
MAX_DEPTH = 256

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VML = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Namespaces Word (2016 and later) understands, for mc:AlternateContent's Requires.
_MSO = "http://schemas.microsoft.com/office/"
UNDERSTOOD = {
    W[1:-1], VML[1:-1], OFFICE[1:-1], MATH[1:-1], WPS[1:-1], PIC[1:-1],
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    *(f"{_MSO}{path}" for path in (
        "word/2010/wordml", "word/2012/wordml", "word/2015/wordml/symex",
        "word/2016/wordml/cid", "word/2018/wordml", "word/2018/wordml/cex",
        "word/2020/wordml/sdtdatahash", "word/2023/wordml/word16du",
        "word/2010/wordprocessingGroup", "word/2010/wordprocessingCanvas",
        "word/2010/wordprocessingInk", "word/2010/wordprocessingDrawing",
        "drawing/2010/main", "drawing/2014/chartex", "drawing/2015/9/8/chartex",
        "drawing/2015/10/21/chartex", "drawing/2016/5/9/chartex", "drawing/2016/5/10/chartex",
        "drawing/2016/5/11/chartex", "drawing/2016/5/12/chartex", "drawing/2016/5/13/chartex",
        "drawing/2016/5/14/chartex", "drawing/2016/ink", "drawing/2017/model3d",
        "drawing/2014/main", "drawing/2016/SVG/main", "mac/office/2008/main")),
}

# Containers read straight through, at any level: their content is what Word shows.
TRANSPARENT = {f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{W}hyperlink",
               f"{W}fldSimple", f"{W}dir", f"{W}bdo", f"{W}rubyBase"}
INSERTED = {f"{W}ins", f"{W}moveTo"}
DELETED = {f"{W}del", f"{W}moveFrom"}
REVISIONS = {f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange",
                                 "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                                 "numberingChange", "cellIns", "cellDel")}


def check_zip(data: bytes, name: str) -> None:
    """A DOCX is a zip with a main document part, of sane size when inflated."""
    if not data.startswith(b"PK"):
        raise InputError("is not a Word document (.docx): it is not a zip archive", path=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if any(info.flag_bits & 0x1 for info in infos):
                raise InputError("is an encrypted zip (a password is needed to read it); save "
                                 "the document again without a password", path=name)
            main = main_part(archive)
    except (zipfile.BadZipFile, ValueError, EOFError, zlib.error, NotImplementedError,
            RuntimeError) as exc:
        raise InputError(f"is a damaged Word document ({exc})", path=name) from None
    except SyntaxError:  # lxml's XMLSyntaxError: _rels/.rels is not XML
        raise InputError("is a damaged Word document (_rels/.rels is not XML)",
                         path=name) from None
    if main is None:
        raise InputError(f"is {zip_kind(data)}, not a Word document (no word/document.xml)",
                         path=name)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise InputError(f"would unpack to {total:,} bytes; refused (the limit is "
                         f"{MAX_UNPACKED:,})", path=name)
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and \
                info.file_size > 10_000_000:
            raise InputError(f"looks like a zip bomb ({info.filename} inflates "
                             f"{info.file_size // info.compress_size}×); refused", path=name)
    _inflate_bounded(data, name)
    _refuse_strict(data, name, main)


OFFICE_DOCUMENT = "/officeDocument"  # the relationship type's last step, Transitional or Strict
MAIN_PART = "word/document.xml"  # where Word writes the main part, when _rels/.rels says nothing


def main_part(archive: zipfile.ZipFile) -> str | None:
    """The main document part's name in the zip, as the package's _rels/.rels names it (a
    part elsewhere than word/document.xml is still the document; a stray word/document.xml
    beside it is not). Part names are case-insensitive in a package, as Word reads them."""
    names = {n.lower(): n for n in archive.namelist()}
    rels = names.get("_rels/.rels")
    if rels is not None:
        root = _parse(archive.read(rels))
        for rel in root.iter(f"{REL}Relationship"):
            if (rel.get("Type") or "").endswith(OFFICE_DOCUMENT) and \
                    rel.get("TargetMode") != "External":
                target = posixpath.normpath("/" + (rel.get("Target") or "")).lstrip("/")
                if target.lower() in names:
                    return names[target.lower()]
    return names.get(MAIN_PART)


def _parse(data: bytes) -> Element:
    """An XML part parsed safely: no entities, no network. huge_tree lifts libxml2's 10 MB
    limit on one text node (a long paragraph is not damage; the inflate limit bounds the
    whole), and with it the depth limit rises from 256 to 2,048: MAX_DEPTH restores it."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            raise TooDeep
    return root


class TooDeep(Exception):
    """A part nests elements past MAX_DEPTH."""


STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _refuse_strict(data: bytes, name: str, main: str) -> None:
    """Strict Open XML (Word's "Strict Open XML Document" format) uses other namespaces,
    which boardpolicy does not read: say so, rather than call the file damaged."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(main) as entry:
        head = entry.read(8192)
    if STRICT in head:
        raise InputError("is a Strict Open XML document, which boardpolicy does not read; "
                         "open it in Word and save it as a Word Document (.docx)", path=name)


def _inflate_bounded(data: bytes, name: str) -> None:
    """Inflate every entry in chunks, stopping at its declared size or the limit: a zip that
    lies about its sizes is refused before anything reads it whole into memory."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                inflated = 0
                with archive.open(info) as entry:
                    while chunk := entry.read(1 << 20):
                        inflated += len(chunk)
                        total += len(chunk)
                        if inflated > info.file_size or total > MAX_UNPACKED:
                            raise InputError(f"inflates past {MAX_UNPACKED:,} bytes (or past "
                                             "the sizes it declares); refused", path=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
            zlib.error, NotImplementedError) as exc:
        raise InputError(f"is a damaged Word document ({exc})", path=name) from None


def read_docx(data: bytes, name: str, *,
              changes: TrackedChanges = TrackedChanges.ACCEPT) -> Document:
    """Read a .docx with its tracked changes all accepted or all rejected."""
    changes = TrackedChanges(changes)  # "accept" and "reject" work too
    check_zip(data, name)
    try:
        return _read(data, name, changes)
    except BoardPolicyError:
        raise
    except TooDeep:
        raise InputError(f"nests its XML more than {MAX_DEPTH} elements deep; refused (the "
                         "limit)", path=name) from None
    except Exception as exc:
        # lxml and zipfile raise many kinds of errors, some only when a damaged part is
        # first touched; this module is their adapter, so each one is a damaged document.
        raise InputError(f"is a damaged Word document ({type(exc).__name__}: {exc})",
                         path=name) from None


# ---------------------------------------------------------------------------------------------
# The package: parts by relationship


class Package:
    """The zip's XML parts: the main part _rels/.rels names, and the parts its relationships
    name (looked up without regard to case, as Word does)."""

    def __init__(self, data: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.names = {n.lower(): n for n in self.archive.namelist()}
        self.main = main_part(self.archive) or MAIN_PART
        folder, base = posixpath.split(self.main)
        self.targets: dict[str, list[str]] = {}
        self.ids: dict[str, str] = {}  # relationship id -> part name
        self.types: Element | None = None  # [Content_Types].xml, parsed when first asked
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        for rel in rels.iter(f"{REL}Relationship") if rels is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = posixpath.normpath(posixpath.join("/" + folder, rel.get("Target") or ""))
            self.targets.setdefault(kind, []).append(target.lstrip("/"))
            self.ids[rel.get("Id") or ""] = target.lstrip("/")

    def bytes(self, name: str) -> bytes | None:
        """A part's bytes, or None when the package has no such part."""
        actual = self.names.get(name.lower())
        return self.archive.read(actual) if actual is not None else None

    def content_type(self, name: str) -> str:
        """A part's content type, from [Content_Types].xml (an Override, else the Default for
        its extension), lower case; "" when none is given."""
        if self.types is None:
            self.types = self.xml("[Content_Types].xml")
        types = self.types
        if types is None:
            return ""
        for element in types:
            if str(element.tag).endswith("Override") and \
                    (element.get("PartName") or "").lstrip("/").lower() == name.lower():
                return (element.get("ContentType") or "").lower()
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        for element in types:
            if str(element.tag).endswith("Default") and \
                    (element.get("Extension") or "").lower() == extension:
                return (element.get("ContentType") or "").lower()
        return ""

    def xml(self, name: str) -> Element | None:
        data = self.bytes(name)
        return _parse(data) if data is not None else None

    def part(self, kind: str, default: str) -> Element | None:
        """The first part of a relationship type ("styles", "numbering"...)."""
        return self.xml(self.targets.get(kind, [default])[0])

    def parts(self, kind: str) -> list[Element]:
        return [x for x in (self.xml(n) for n in self.targets.get(kind, [])) if x is not None]


def _val(element: Element | None, attr: str = "val") -> str | None:
    return element.get(f"{W}{attr}") if element is not None else None


def _on(element: Element | None) -> bool:
    """A Word on/off property: present and not switched off."""
    return element is not None and _val(element) not in ("0", "false", "off")


# ---------------------------------------------------------------------------------------------
# Styles and numbering


@dataclass
class Style:
    hint: Hint = Hint.PARAGRAPH
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None


def _styles(root: Element | None) -> dict[str, Style]:
    """Paragraph style id -> what it says about a paragraph (hint, numbering, parent)."""
    styles: dict[str, Style] = {}
    for element in root.iter(f"{W}style") if root is not None else ():
        if element.get(f"{W}type", "paragraph") not in ("paragraph", "numbering"):
            continue  # numbering styles matter too: a list may follow one (numStyleLink)
        name = (_val(element.find(f"{W}name")) or "").lower()
        num = element.find(f"{W}pPr/{W}numPr")
        hint = Hint.PARAGRAPH
        if name == "title":
            hint = Hint.TITLE
        elif name.startswith("heading"):
            hint = Hint.HEADING
        elif num is not None or name.startswith(("list bullet", "list number")):
            hint = Hint.ITEM
        ilvl = _val(num.find(f"{W}ilvl")) if num is not None else None
        styles[element.get(f"{W}styleId") or ""] = Style(
            hint, _val(element.find(f"{W}basedOn")),
            _val(num.find(f"{W}numId")) if num is not None else None,
            int(ilvl) if ilvl and ilvl.isdigit() else None)
    return styles


@dataclass(frozen=True)
class Look:
    """The run properties that decide whether text can be seen: hidden (w:vanish), its color,
    and whether something behind it (highlight, shading) is not white; and its language
    (w:lang), which decides how a spelled list number reads. None: not said here."""

    hidden: bool | None = None
    color: str | None = None
    backed: bool | None = None
    lang: str | None = None

    def over(self, base: Look) -> Look:
        """These properties, with `base` filling in what these do not say."""
        return Look(base.hidden if self.hidden is None else self.hidden,
                    base.color if self.color is None else self.color,
                    base.backed if self.backed is None else self.backed,
                    base.lang if self.lang is None else self.lang)


def _look(rpr: Element | None) -> Look:
    if rpr is None:
        return Look()
    vanish = rpr.find(f"{W}vanish")
    color = _val(rpr.find(f"{W}color"))
    highlight = _val(rpr.find(f"{W}highlight"))
    fill = _val(rpr.find(f"{W}shd"), "fill")
    backed = None
    if highlight is not None or fill is not None:
        backed = (highlight not in (None, "none", "white")
                  or (fill or "auto").lower() not in ("auto", "ffffff"))
    return Look(_on(vanish) if vanish is not None else None,
                color.lower() if color else None, backed, _val(rpr.find(f"{W}lang")) or None)


class Looks:
    """Run properties through styles, as Word applies them: the run's own, then its character
    style's (and what that is based on), then its paragraph style's, then docDefaults."""

    def __init__(self, root: Element | None) -> None:
        self.own: dict[str, tuple[Look, str | None]] = {}  # style id -> (its rPr, basedOn)
        self.default_paragraph: str | None = None
        self.defaults = Look()
        self.resolved: dict[str, Look] = {}
        if root is None:
            return
        self.defaults = _look(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for style in root.iter(f"{W}style"):
            key = style.get(f"{W}styleId") or ""
            self.own[key] = (_look(style.find(f"{W}rPr")), _val(style.find(f"{W}basedOn")))
            if style.get(f"{W}type") == "paragraph" and _on_attr(style.get(f"{W}default")):
                self.default_paragraph = key

    def style(self, key: str | None) -> Look:
        """A style's run properties with those of the styles it is based on (memoised: a
        chain of thousands is walked once, a cycle stops)."""
        if key is None or key not in self.own:
            return Look()
        if key in self.resolved:
            return self.resolved[key]
        chain: list[str] = []
        while key is not None and key in self.own and key not in chain and \
                key not in self.resolved:
            chain.append(key)
            key = self.own[key][1]
        look = self.resolved.get(key, Look()) if key is not None else Look()
        for step in reversed(chain):
            look = self.own[step][0].over(look)
            self.resolved[step] = look
        return look

    def run(self, rpr: Element | None, paragraph_style: str | None) -> Look:
        character = _val(rpr.find(f"{W}rStyle")) if rpr is not None else None
        paragraph = paragraph_style if paragraph_style in self.own else self.default_paragraph
        return _look(rpr).over(self.style(character).over(
            self.style(paragraph).over(self.defaults)))


def _raised(rpr: Element | None) -> bool:
    """A run set as a superscript (w:vertAlign): a footnote's or a citation's number."""
    return rpr is not None and _val(rpr.find(f"{W}vertAlign")) == "superscript"


def _on_attr(value: str | None) -> bool:
    return value in ("1", "true", "on")


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    restart: int | None = None  # restart after this (1-based) level; 0: never
    style: str | None = None
    lang: str | None = None  # the language of its number (its w:rPr's w:lang), if it says


class Numbering:
    """numbering.xml: list numbers as Word prints them, counted in reading order."""

    def __init__(self, root: Element | None, styles: dict[str, Style]) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style it follows
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.overridden: set[tuple[str, int]] = set()
        self.long_labels = 0  # letter numbers past MAX_LETTER_NUMBER, printed in digits
        # spelled numbers (One, First) printed in digits, by the language Word spells them in
        self.unspelled: Counter[str] = Counter()
        for element in root.iter(f"{W}abstractNum") if root is not None else ():
            key = _val(element, "abstractNumId") or ""
            self.abstract[key] = {int(_val(lvl, "ilvl") or 0): _level(lvl)
                                  for lvl in element.iter(f"{W}lvl")}
            link = _val(element.find(f"{W}numStyleLink"))
            if link:
                self.links[key] = link
        for element in root.iter(f"{W}num") if root is not None else ():
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in element.iter(f"{W}lvlOverride"):
                ilvl = int(_val(override, "ilvl") or 0)
                if (start := _val(override.find(f"{W}startOverride"))) is not None:
                    starts[ilvl] = int(start)
                if (lvl := override.find(f"{W}lvl")) is not None:
                    levels[ilvl] = _level(lvl)
            abstract = _val(element.find(f"{W}abstractNumId")) or ""
            self.nums[_val(element, "numId") or ""] = (abstract, starts, levels)

    def abstract_of(self, num_id: str) -> str:
        abstract = self.nums[num_id][0]
        if abstract in self.links:  # follows a numbering style: that style's list
            linked = self.styles.get(self.links[abstract])
            if linked and linked.num_id in self.nums and linked.num_id != num_id:
                abstract = self.nums[linked.num_id][0]
        return abstract

    def levels(self, num_id: str) -> dict[int, Level]:
        return {**self.abstract.get(self.abstract_of(num_id), {}), **self.nums[num_id][2]}

    def label(self, num_id: str, ilvl: int, lang: str | None = None
              ) -> tuple[str, bool] | None:
        """The number text for the next paragraph of list `num_id` at level `ilvl`, and whether
        it is a bullet; None when the paragraph is not numbered after all. `lang`: the
        paragraph's language, for numbers Word spells (its level's own language comes first)."""
        if num_id not in self.nums:
            return None
        levels = self.levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return None
        starts = self.nums[num_id][1]
        abstract = self.abstract_of(num_id)
        # Lists sharing an abstract list continue one another; a list with a start override
        # restarts the count where it is first used, and the others continue from there.
        counts = self.counters.setdefault(abstract, [None] * 10)
        if ilvl in starts and (num_id, ilvl) not in self.overridden:
            self.overridden.add((num_id, ilvl))
            counts[ilvl] = starts[ilvl]
        elif (current := counts[ilvl]) is None:
            counts[ilvl] = starts.get(ilvl, level.start)
        else:
            counts[ilvl] = current + 1
        self._use_skipped(num_id, ilvl, levels, counts)
        for deeper in range(ilvl + 1, 10):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart and ilvl < restart):
                counts[deeper] = None
        if level.fmt == "bullet":
            return "", True
        printed = _format_label(level, levels, counts, starts, level.lang or lang)
        self.long_labels += printed.long
        if printed.unspelled:
            self.unspelled[printed.unspelled] += 1
        return printed.text, False

    def _use_skipped(self, num_id: str, ilvl: int, levels: dict[int, Level],
                     counts: list[int | None]) -> None:
        """The levels above `ilvl` not yet used count as used at their start, as Word,
        LibreOffice and docling count them: a heading list whose first heading is a level-2
        one prints "1.1", and its first level-1 heading after it "2.", not "1."."""
        starts = self.nums[num_id][1]
        for shallower in range(ilvl):
            if counts[shallower] is None:
                if shallower in starts:
                    self.overridden.add((num_id, shallower))
                counts[shallower] = starts.get(
                    shallower, levels[shallower].start if shallower in levels else 0)


def _level(lvl: Element) -> Level:
    start = _val(lvl.find(f"{W}start"))
    restart = _val(lvl.find(f"{W}lvlRestart"))
    return Level(_val(lvl.find(f"{W}numFmt")) or "decimal",
                 _val(lvl.find(f"{W}lvlText")) or "",
                 int(start) if start and start.lstrip("-").isdigit() else 0,  # as Word
                 _on(lvl.find(f"{W}isLgl")),
                 int(restart) if restart and restart.isdigit() else None,
                 _val(lvl.find(f"{W}pStyle")), _val(lvl.find(f"{W}rPr/{W}lang")) or None)


@dataclass(frozen=True, slots=True)
class Printed:
    """A list number as printed, and what was printed in digits instead of Word's format:
    `long`, a letter number past MAX_LETTER_NUMBER; `unspelled`, a spelled one (One, First)
    in a language this reader does not spell (its language tag), or too large to spell."""

    text: str
    long: bool = False
    unspelled: str = ""


SPELLED = ("cardinalText", "ordinalText")
TOO_LARGE = "too large"  # Printed.unspelled for a number past MAX_SPELLED


def _format_label(level: Level, levels: dict[int, Level], counts: list[int | None],
                  starts: dict[int, int], lang: str | None) -> Printed:
    """The label, with what of it was printed in digits instead."""
    out = level.text
    long = False
    unspelled = ""
    for k in range(9):
        if f"%{k + 1}" not in out:
            continue
        other = levels.get(k, Level())
        counted = counts[k]
        value = counted if counted is not None else starts.get(k, other.start)
        fmt = "decimal" if level.legal and other.fmt != "decimalZero" else other.fmt
        if fmt in ("lowerLetter", "upperLetter") and value > MAX_LETTER_NUMBER:
            fmt, long = "decimal", True
        if fmt in SPELLED and (reason := _unspelled(value, lang)):
            fmt, unspelled = "decimal", reason
        out = out.replace(f"%{k + 1}", _number(value, fmt))
    return Printed(out.strip(), long, unspelled)


def _unspelled(value: int, lang: str | None) -> str:
    """Why a number Word spells is printed in digits here ("" when it is spelled): its
    language is not English (the language tag), or it is past MAX_SPELLED."""
    if lang and lang.lower() not in ("x-none", "") and \
            lang.lower().split("-")[0] not in ("en", "eng"):
        return lang
    return TOO_LARGE if value > MAX_SPELLED else ""


def _number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            value % 10, "th")
        return f"{value}{suffix}"
    if fmt == "none":
        return ""
    if fmt == "cardinalText" and value >= 0:
        return _capitalised(_cardinal(value))
    if fmt == "ordinalText" and value >= 0:
        return _capitalised(_ordinal(value))
    return str(value)  # decimal, and formats a policy does not use, as decimal


# Numbers spelled as Word spells a list's cardinalText and ordinalText in English: the first
# word capitalised ("Twenty-one", as LibreOffice prints them), no "and" ("One hundred one").
MAX_SPELLED = 10**15 - 1  # "Nine hundred ninety-nine trillion ..."; past it, digits, noted
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"),
          (100, "hundred"))
IRREGULAR_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                      "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def _cardinal(value: int) -> str:
    """0 <= value <= MAX_SPELLED in English words, lower case: "three hundred forty-two"."""
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    size, name = next((size, name) for size, name in SCALES if value >= size)
    high, rest = divmod(value, size)
    return f"{_cardinal(high)} {name}" + (f" {_cardinal(rest)}" if rest else "")


def _ordinal(value: int) -> str:
    """The ordinal words: the cardinal's last word made ordinal ("forty-second")."""
    words = _cardinal(value)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in IRREGULAR_ORDINALS:
        return head + IRREGULAR_ORDINALS[last]
    return head + (last[:-1] + "ieth" if last.endswith("y") else last + "th")


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = ""
    for amount, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                            (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= amount:
            out += letters
            value -= amount
    return out


# ---------------------------------------------------------------------------------------------
# Symbols: fonts whose characters are pictures, not Unicode

SYMBOL = {0x22: "∀", 0x24: "∃", 0x27: "∋", 0x40: "≅", 0x5C: "∴", 0x5E: "⊥", 0xA3: "≤",
          0xA5: "∞", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°",
          0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷",
          0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩",
          0xC8: "∪", 0xCE: "∈", 0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™",
          0xD5: "∏", 0xD6: "√", 0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔",
          0xDE: "⇒", 0xE2: "®", 0xE3: "©", 0xE4: "™", 0xE5: "∑", 0xF2: "∫"}
GREEK = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
WINGDINGS = {0x21: "✏", 0x22: "✂", 0x28: "☎", 0x2A: "✉", 0x4A: "☺", 0x4B: "😐", 0x4C: "☹",
             0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x76: "❖", 0x9F: "•", 0xA7: "▪",
             0xA8: "◻", 0xD8: "➢", 0xE0: "→", 0xE8: "➔", 0xF0: "⇨", 0xFB: "✗", 0xFC: "✓",
             0xFD: "☒", 0xFE: "☑"}


def _symbol(font: str, code: int) -> str | None:
    """The Unicode character a symbol font shows, or None when there is none to name."""
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    font = font.lower()
    if font == "symbol":
        if 0x41 <= low <= 0x5A:
            return GREEK[low - 0x41]
        if 0x61 <= low <= 0x7A:
            return GREEK[low - 0x61].lower().replace("ϑ", "ϕ").replace("ς", "ϖ")
        if low in SYMBOL:
            return SYMBOL[low]
        return chr(low) if 0x20 <= low < 0x7F else None
    if font.startswith("wingdings"):
        return WINGDINGS.get(low)
    if 0xF000 <= code <= 0xF8FF:  # private use: only its font can draw it
        return None
    if not _printable(code):
        return None
    return chr(code)


def _printable(code: int) -> bool:
    """Whether a code point is a character a document can hold: not a surrogate half (no
    text encoding writes one alone), not beyond Unicode, not a control character XML forbids."""
    return (0x20 <= code < 0xD800 or 0xE000 <= code <= 0x10FFFF) and code not in (0xFFFE, 0xFFFF)


# ---------------------------------------------------------------------------------------------
# The walk


@dataclass
class Para:
    """A paragraph as read, before paragraphs whose marks are gone are joined."""

    text: str
    ppr: Element | None  # its w:pPr
    extras: list[Line]  # text boxes anchored in it
    joins_next: bool  # its paragraph mark is deleted (accepted) or inserted (rejected)


@dataclass
class Tally:
    """What the reader did not put in the text, or changed as asked."""

    changes: int = 0
    hidden: int = 0
    white: int = 0
    chunks_missing: int = 0  # imported chunks whose part is not in the package
    chunks_left: list[str] = field(default_factory=list)  # imported chunks not read, named
    chunk_findings: list[Finding] = field(default_factory=list)  # what their reader noticed
    images: int = 0
    objects: int = 0
    symbols: Counter[str] = field(default_factory=Counter)


class Reader:
    def __init__(self, package: Package, changes: TrackedChanges, root: Element) -> None:
        self.accept = changes is TrackedChanges.ACCEPT
        self.package = package
        styles = package.part("styles", "word/styles.xml")
        self.styles = _styles(styles)
        self.looks = Looks(styles)
        self.paragraph_style: str | None = None  # the style of the paragraph being read
        self.backed = 0  # shaded cells and paragraphs around the text being read
        self.page_white = _page_white(root)
        self.in_table = 0
        self.numbering = Numbering(package.part("numbering", "word/numbering.xml"),
                                   self.styles)
        self.notes = {kind: _notes(package.part(f"{kind}s", f"word/{kind}s.xml"), kind)
                      for kind in ("footnote", "endnote")}
        self.marks: dict[tuple[str, str], str] = {}  # (kind, id) -> "[1]"
        self.order: list[tuple[str, str]] = []
        self.counted: Counter[str] = Counter()  # notes marked so far, by kind
        self.fields: list[bool] = []  # open fields: True while in the field's code
        self.tally = Tally()

    # blocks ---------------------------------------------------------------------------------

    def blocks(self, container: Element) -> list[Line]:
        """Block-level content (body, cell, text box, note) -> lines, in reading order."""
        lines: list[Line] = []
        pending: Para | None = None
        for element in self._children(container, block=True):
            if element.tag == f"{W}p":
                para = self.paragraph(element)
                if pending is not None:  # the previous mark is gone: one paragraph
                    # with the first one's properties, unless none of its text is left:
                    # then it is gone, and this paragraph stands as it is (as LibreOffice
                    # accepts and rejects: a rejected bullet leaves no bullet behind).
                    ppr = pending.ppr if pending.text else para.ppr
                    para = Para(pending.text + para.text, ppr,
                                pending.extras + para.extras, para.joins_next)
                if para.joins_next:
                    pending = para
                    continue
                pending = None
                lines += self._emit(para)
            elif element.tag == f"{W}tbl":
                lines += self._flush(pending)
                pending = None
                lines += self.table(element)
            elif element.tag == f"{W}altChunk":
                lines += self._flush(pending)
                pending = None
                lines += self.chunk(element)
        return lines + self._flush(pending)

    def chunk(self, alt: Element) -> list[Line]:
        """An imported chunk (w:altChunk), which Word shows converted: a web page is read by
        the HTML reader and plain text as text; any other kind is named in a finding."""
        rid = alt.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        name = self.package.ids.get(rid or "")
        data = self.package.bytes(name) if name else None
        if name is None or data is None:
            self.tally.chunks_missing += 1
            return []
        kind = self.package.content_type(name)
        try:
            if kind in HTML_TYPES:
                return _html_lines(data, name, self.tally)
            if kind == "text/plain":
                return [Line(line) for line in _decode_text(data).splitlines() if line.strip()]
        except BoardPolicyError:
            pass  # nothing readable in it: named below
        self.tally.chunks_left.append(f"{CHUNK_KINDS.get(kind, kind or 'unknown')} "
                                      f"({name}, {len(data):,} bytes)")
        return []

    def _flush(self, pending: Para | None) -> list[Line]:
        return self._emit(pending) if pending is not None else []

    def _children(self, container: Element, *, block: bool) -> Iterator[Element]:
        """Children, with content controls, custom XML and tracked containers read through
        (or skipped, as the tracked change is accepted or rejected)."""
        for element in container:
            tag: object = element.tag  # an entity's tag is not a name
            if not isinstance(tag, str):
                continue
            if tag == f"{W}sdt":
                content = element.find(f"{W}sdtContent")
                if content is not None:
                    yield from self._children(content, block=block)
            elif tag in TRANSPARENT:
                yield from self._children(element, block=block)
            elif tag in INSERTED or tag in DELETED:
                if (tag in INSERTED) == self.accept:
                    yield from self._children(element, block=block)
            elif tag == f"{MC}AlternateContent":
                choice = _alternative(element)
                if choice is not None:
                    yield from self._children(choice, block=block)
            else:
                yield element

    def _emit(self, para: Para) -> list[Line]:
        hint, label = self._numbering(para.ppr)
        text = para.text
        if label:
            text = f"{label} {text}"
        lines = [Line(text, hint, label)] if text.strip() else []
        return lines + para.extras

    def table(self, tbl: Element) -> list[Line]:
        """One line per row: its cells' text in order, a nested table inside its cell."""
        lines: list[Line] = []
        for row in self._children(tbl, block=True):
            if row.tag != f"{W}tr" or self._row_gone(row):
                continue
            cells = [c for c in self._children(row, block=True) if c.tag == f"{W}tc"]
            self.in_table += 1
            try:
                read = [self.blocks(cell) for cell in cells]
            finally:
                self.in_table -= 1
            if any(next(cell.iter(f"{W}tbl"), None) is not None for cell in cells):
                # a row holding a table: its cells' lines as they are, so that each row of the
                # inner table stays a line of its own
                lines += [Line(ln.text) for cell_lines in read for ln in cell_lines]
                continue
            texts = [" ".join(ln.text.strip() for ln in cell_lines) for cell_lines in read]
            text = "  ".join(t for t in texts if t.strip())
            if text.strip():
                lines.append(Line(text))
        return lines

    def _row_gone(self, row: Element) -> bool:
        trpr = row.find(f"{W}trPr")
        if trpr is None:
            return False
        if trpr.find(f"{W}del") is not None:
            return self.accept
        if trpr.find(f"{W}ins") is not None:
            return not self.accept
        return False

    # paragraphs -----------------------------------------------------------------------------

    def paragraph(self, p: Element) -> Para:
        ppr = p.find(f"{W}pPr")
        saved, self.paragraph_style = self.paragraph_style, \
            _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        shaded = _shaded(ppr)
        self.backed += shaded
        try:
            shown = list(self.inline(p))
        finally:
            self.paragraph_style = saved
            self.backed -= shaded
        self.fields = [False for _ in self.fields]  # a field's code never spans paragraphs
        return Para("".join(x for x in shown if isinstance(x, str)), ppr,
                    [x for x in shown if isinstance(x, Line)], self._mark_gone(ppr))

    def _mark_gone(self, ppr: Element | None) -> bool:
        rpr = ppr.find(f"{W}rPr") if ppr is not None else None
        if rpr is None:
            return False
        if rpr.find(f"{W}del") is not None or rpr.find(f"{W}moveFrom") is not None:
            return self.accept
        if rpr.find(f"{W}ins") is not None or rpr.find(f"{W}moveTo") is not None:
            return not self.accept
        return False

    def inline(self, container: Element) -> Iterator[Shown]:
        """What a paragraph's runs show: text, and the lines of text boxes anchored there."""
        for element in self._children(container, block=False):
            tag = element.tag
            if tag == f"{W}r":
                yield from self.run(element)
            elif tag == f"{MATH}oMathPara" or tag == f"{MATH}oMath":
                yield "".join(t.text or "" for t in element.iter(f"{MATH}t"))
            elif tag == f"{W}ruby":
                base = element.find(f"{W}rubyBase")
                if base is not None:
                    yield from self.inline(base)

    def run(self, r: Element) -> Iterator[Shown]:
        rpr = r.find(f"{W}rPr")
        look = self.looks.run(rpr, self.paragraph_style)
        if look.hidden or (rpr is not None and _on(rpr.find(f"{W}specVanish"))):
            if any(t.text for t in r.iter(f"{W}t", f"{W}delText")):
                self.tally.hidden += 1
            return
        if self._white_on_white(look) and \
                any((t.text or "").strip() for t in r.iter(f"{W}t", f"{W}delText")):
            self.tally.white += 1
            return
        if not _raised(rpr):
            for element in self._children(r, block=False):
                yield from self.run_content(element)
            return
        shown = [piece for element in self._children(r, block=False)
                 for piece in self.run_content(element)]
        yield from (superscript(piece) if isinstance(piece, str) else piece for piece in shown)

    def _white_on_white(self, look: Look) -> bool:
        """White text on a white page with nothing behind it. Inside a table it is read: a
        cell's fill may come from a table style's banding, which this reader does not follow."""
        return (look.color in ("ffffff", "white") and not look.backed and not self.backed
                and self.page_white and not self.in_table)

    def run_content(self, element: Element) -> Iterator[Shown]:
        tag = element.tag
        if tag == f"{W}fldChar":
            kind = _val(element, "fldCharType")
            if kind == "begin":
                self.fields.append(True)
            elif kind == "separate" and self.fields:
                self.fields[-1] = False
            elif kind == "end" and self.fields:
                self.fields.pop()
            return
        if any(self.fields):
            return  # a field's code: Word shows its result instead
        if tag in (f"{W}t", f"{W}delText"):
            yield element.text or ""
        elif tag in (f"{W}tab", f"{W}ptab"):
            yield "\t"
        elif tag in (f"{W}br", f"{W}cr"):
            yield "\n"
        elif tag == f"{W}noBreakHyphen":
            yield "-"
        elif tag == f"{W}sym":
            yield self.symbol(element)
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            yield self.note_mark(element)
        elif tag in (f"{W}footnoteRef", f"{W}endnoteRef"):
            yield self.current_mark
        elif tag == f"{W}drawing":
            yield from self.drawing(element)
        elif tag == f"{W}pict":
            yield from self.vml(element)
        elif tag == f"{W}object":
            self.tally.objects += 1
            yield from self.vml(element)

    def symbol(self, sym: Element) -> str:
        font = _val(sym, "font") or ""
        try:
            code = int(_val(sym, "char") or "", 16)
        except ValueError:
            code = 0
        char = _symbol(font, code)
        if char is None:
            self.tally.symbols[font or "a symbol font"] += 1
            return "\ufffd"
        return char

    def drawing(self, drawing: Element) -> list[Line]:
        """A DrawingML drawing: its text boxes' lines; an image or a shape is counted."""
        boxes = list(drawing.iter(f"{W}txbxContent"))
        if boxes:
            return [line for box in _outermost(boxes) for line in self._box(box)]
        if next(drawing.iter(f"{PIC}pic"), None) is not None:
            self.tally.images += 1
        else:
            self.tally.objects += 1
        return []

    def vml(self, pict: Element) -> list[Line]:
        """A VML picture or object: its text boxes' lines; an image is counted."""
        boxes = list(pict.iter(f"{W}txbxContent"))
        if boxes:
            return [line for box in _outermost(boxes) for line in self._box(box)]
        if pict.tag != f"{W}object" and next(pict.iter(f"{VML}imagedata"), None) is not None:
            self.tally.images += 1
        return []

    def _box(self, box: Element) -> list[Line]:
        saved, self.fields = self.fields, []
        try:
            return [Line(ln.text, Hint.PARAGRAPH if ln.hint in (Hint.GUESSED, Hint.TITLE)
                         else ln.hint, ln.label)
                    for ln in self.blocks(box)]
        finally:
            self.fields = saved

    # numbering ------------------------------------------------------------------------------

    def _numbering(self, ppr: Element | None) -> tuple[Hint, str]:
        """(hint, list number) for a paragraph, from its own numbering or its style's."""
        style_id = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        style_hint = self.styles[style_id].hint if style_id in self.styles else Hint.PARAGRAPH
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id = _val(num.find(f"{W}numId")) if num is not None else None
        ilvl_text = _val(num.find(f"{W}ilvl")) if num is not None else None
        from_style = self._style_numbering(style_id)
        if num_id is None and from_style[0] is not None:
            num_id = from_style[0]
            if ilvl_text is None and from_style[1] is not None:
                ilvl_text = str(from_style[1])
        if num_id is None or num_id == "0":
            return style_hint, ""
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else \
            self._level_of_style(num_id, style_id)
        mark = ppr.find(f"{W}rPr") if ppr is not None else None
        label = self.numbering.label(num_id, min(ilvl, 8), self.looks.run(mark, style_id).lang)
        if label is None:
            return style_hint, ""
        text, _bullet = label
        direct = num is not None and num.find(f"{W}numId") is not None
        hint = Hint.ITEM if direct or style_hint is Hint.PARAGRAPH else style_hint
        return hint, text

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            if style.num_id is not None:
                return style.num_id, style.ilvl
            style_id = style.based_on
        return None, None

    def _level_of_style(self, num_id: str, style_id: str | None) -> int:
        if num_id in self.numbering.nums and style_id:
            for ilvl, level in self.numbering.levels(num_id).items():
                if level.style == style_id:
                    return ilvl
        return 0

    # notes ----------------------------------------------------------------------------------

    current_mark = ""

    def note_mark(self, reference: Element) -> str:
        kind = "footnote" if reference.tag == f"{W}footnoteReference" else "endnote"
        key = (kind, _val(reference, "id") or "")
        if _on(reference.find(f"{W}customMarkFollows")) or \
                reference.get(f"{W}customMarkFollows") in ("1", "true", "on"):
            mark = ""  # the run after it holds the mark the author typed
        else:
            count = self.counted[kind] + 1
            mark = f"[{count}]" if kind == "footnote" else f"[{_roman(count).lower()}]"
        if key not in self.marks:
            self.marks[key] = mark
            self.order.append(key)
            self.counted[kind] += 1
        return self.marks[key]

    def note_lines(self) -> list[Line]:
        """Every note the text refers to, in the order it refers to them, as one line each."""
        lines: list[Line] = []
        for key in self.order:
            note = self.notes[key[0]].get(key[1])
            if note is None:
                continue
            self.current_mark = self.marks[key] or "[*]"
            text = " ".join(ln.text.strip() for ln in self.blocks(note))
            if text.strip():
                lines.append(Line(text, Hint.FOOTNOTE))
        return lines


HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK_KINDS = {"application/rtf": "an RTF chunk", "text/rtf": "an RTF chunk",
               "message/rfc822": "a web archive (MHT) chunk",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
                   "a Word document chunk",
               "application/vnd.ms-word.document.macroenabled.main+xml":
                   "a Word document chunk"}


def _html_lines(data: bytes, name: str, tally: Tally) -> list[Line]:
    """An imported web page's text, as the HTML reader reads it, as lines of this document."""
    from .html import read_html

    document = read_html(data, name)
    tally.chunk_findings += [finding.at(name) for finding in document.findings]
    hints = {Kind.HEADING: Hint.HEADING, Kind.ITEM: Hint.ITEM, Kind.NOTE: Hint.NOTE,
             Kind.FOOTNOTE: Hint.FOOTNOTE}
    lines = [Line(document.title, Hint.HEADING)] if document.title else []
    return lines + [Line(block.plain, hints.get(block.kind, Hint.PARAGRAPH))
                    for block in document.walk() if block.plain]


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if not data.startswith(b"\xff\xfe") else ("utf-16",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _alternative(alternate: Element) -> Element | None:
    """The branch of mc:AlternateContent Word shows: the first Choice whose Requires names
    only namespaces Word understands, else the Fallback (as Word and LibreOffice do)."""
    for branch in alternate:
        if branch.tag == f"{MC}Choice":
            prefixes = (branch.get("Requires") or "").split()
            if all(branch.nsmap.get(prefix) in UNDERSTOOD for prefix in prefixes):
                return branch
        elif branch.tag == f"{MC}Fallback":
            return branch
    return None


def _shaded(ppr: Element | None) -> bool:
    """A paragraph with a fill that is not white behind its text."""
    fill = _val(ppr.find(f"{W}shd"), "fill") if ppr is not None else None
    return (fill or "auto").lower() not in ("auto", "ffffff")


def _page_white(root: Element | None) -> bool:
    """Whether the page is white: no w:background, or a white one."""
    background = root.find(f"{W}background") if root is not None else None
    color = _val(background, "color") if background is not None else None
    return (color or "auto").lower() in ("auto", "ffffff")


def _outermost(boxes: list) -> list:
    """Text boxes not inside another of `boxes` (that one reads them)."""
    inside = set()
    for box in boxes:
        for other in box.iter(f"{W}txbxContent"):
            if other is not box:
                inside.add(other)
    return [b for b in boxes if b not in inside]


def _notes(root: Element | None, kind: str) -> dict[str, Element]:
    """Note id -> its element; the separators Word keeps with ids -1 and 0 are not notes."""
    out: dict[str, Element] = {}
    for note in root.iter(f"{W}{kind}") if root is not None else ():
        if _val(note, "type") in (None, "normal"):
            out[_val(note, "id") or ""] = note
    return out


# ---------------------------------------------------------------------------------------------
# The document


def _read(data: bytes, name: str, changes: TrackedChanges) -> Document:
    package = Package(data)
    root = package.xml(package.main)
    # One w:body is the schema's; a file with several is malformed, but Word opens it and
    # LibreOffice shows every one, in order: read them all rather than the first alone.
    bodies = root.findall(f"{W}body") if root is not None else []
    if root is None or not bodies:
        raise InputError(f"is a damaged Word document ({package.main} has no body)",
                         path=name)
    reader = Reader(package, changes, root)
    lines = [line for body in bodies for line in reader.blocks(body)]
    lines += reader.note_lines()
    district, series, number = _header(package, root)
    findings = _findings(package, root, reader, changes, district is not None)
    return build(lines, source=name, findings=findings, district=district, series=series,
                 number=number)


def _findings(package: Package, root: Element, reader: Reader, changes: TrackedChanges,
              own_header: bool) -> list[Finding]:
    """What Word shows but the text leaves out, and the tracked changes applied."""
    tally = reader.tally
    out: list[Finding] = []
    revisions = sum(1 for el in root.iter(*REVISIONS))
    for notes in reader.notes.values():
        revisions += sum(1 for note in notes.values() for _ in note.iter(*REVISIONS))
    if revisions:
        out.append(Finding(FindingKind.TRACKED_CHANGES_APPLIED,
                           f"held {count(revisions, 'tracked change')}; read with all "
                           f"{'accepted' if changes is TrackedChanges.ACCEPT else 'rejected'}"))
    comments = sum(len(part.findall(f"{W}comment")) for part in package.parts("comments"))
    if comments:
        out.append(Finding(FindingKind.COMMENTS_LEFT_OUT, f"left out {count(comments, 'comment')}"))
    if tally.hidden:
        out.append(Finding(FindingKind.HIDDEN_LEFT_OUT,
                           f"left out hidden text ({count(tally.hidden, 'run')})"))
    if tally.white:
        out.append(Finding(FindingKind.HIDDEN_LEFT_OUT, "left out white text on a white page "
                           f"({count(tally.white, 'run')}), which no reader sees"))
    furniture = _furniture_left_out(package, root, own_header)
    if furniture and not own_header:
        out.append(Finding(FindingKind.FURNITURE_LEFT_OUT, "left out the header and footer text"))
    elif furniture:
        first = " ".join(furniture[0].split())
        out.append(Finding(FindingKind.FURNITURE_LEFT_OUT, "left out text in the header or "
                           f"footer: \u201c{first[:80]}{'…' if len(first) > 80 else ''}\u201d"
                           + (f" and {count(len(furniture) - 1, 'line')} more"
                              if len(furniture) > 1 else "")))
    if tally.images:
        out.append(Finding(FindingKind.IMAGES_LEFT_OUT, f"left out {count(tally.images, 'image')}"))
    for chunk in tally.chunks_left:
        out.append(Finding(FindingKind.OBJECTS_LEFT_OUT, f"left out {chunk}, imported "
                           "text (altChunk) that Word shows; boardpolicy does not read that "
                           "kind"))
    if tally.chunks_missing:
        out.append(Finding(FindingKind.OBJECTS_LEFT_OUT, "left out "
                           f"{count(tally.chunks_missing, 'imported chunk')} (altChunk) whose "
                           "part is missing from the package"))
    out += tally.chunk_findings
    if tally.objects:
        out.append(Finding(FindingKind.OBJECTS_LEFT_OUT,
                           f"left out {count(tally.objects, 'embedded object')}"))
    if reader.numbering.long_labels:
        out.append(Finding(FindingKind.NUMBERS_IN_DIGITS, "prints "
                           f"{count(reader.numbering.long_labels, 'list number')} in digits: "
                           f"lettered list numbers past {MAX_LETTER_NUMBER} (30 letters) would "
                           "run to thousands of letters"))
    for lang, n in sorted(reader.numbering.unspelled.items()):
        out.append(Finding(FindingKind.NUMBERS_IN_DIGITS, f"prints {count(n, 'list number')} "
                           "in digits that Word spells out (One, First)"
                           + (f" past {MAX_SPELLED:,}" if lang == TOO_LARGE else
                              f" in {lang}: boardpolicy spells them in English only")))
    for font, n in sorted(tally.symbols.items()):
        out.append(Finding(FindingKind.SYMBOLS_UNKNOWN, f"shows {count(n, 'symbol')} from "
                           f"{font} as \ufffd (no Unicode character for it)"))
    return out



def _header(package: Package, root: Element) -> tuple[str | None, str, str]:
    """Our own layout: "District<tab>SERIES NUMBER", the first paragraph of the first
    section's default header (a second line is not part of it)."""
    header = _default_header(package, root)
    paragraphs = _paragraph_texts(header) if header is not None else []
    if not paragraphs:
        return None, "", ""
    left, _, right = paragraphs[0].partition("\t")
    series, _, number = STATUS.sub("", right.strip()).rpartition(" ")
    if left.strip() and number[:1].isdigit() and "\t" not in right:
        return left.strip(), series.strip(), number.strip()
    return None, "", ""


def _default_header(package: Package, root: Element) -> Element | None:
    name = _default_header_name(package, root)
    return package.xml(name) if name is not None else None


def _default_header_name(package: Package, root: Element) -> str | None:
    """The part name of the first section's default header."""
    sect = next(root.iter(f"{W}sectPr"), None)
    refs = sect.findall(f"{W}headerReference") if sect is not None else []
    ref = next((r for r in refs if _val(r, "type") in (None, "default")), None)
    if ref is None:
        return None
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    return package.ids.get(rid or "")


def _paragraph_texts(part: Element) -> list[str]:
    """A header's or footer's paragraphs as text, tabs kept (fields show their result)."""
    return ["".join("\t" if el.tag == f"{W}tab" else (el.text or "")
                    for r in p.iter(f"{W}r") for el in r.iter(f"{W}t", f"{W}tab"))
            for p in part.iter(f"{W}p")]


OWN_FOOTER = re.compile(r"(Policy \S+)?\tPage [^\t]* of [^\t]*")


def _furniture_left_out(package: Package, root: Element, own_header: bool) -> list[str]:
    """Header and footer text the policy's text leaves out: all of it, or, in boardpolicy's
    own layout, what is not that layout (its header line and "Policy N<tab>Page X of Y")."""
    own = _default_header_name(package, root) if own_header else None
    left: list[str] = []
    for kind in ("header", "footer"):
        for name in package.targets.get(kind, []):
            part = package.xml(name)
            texts = _paragraph_texts(part) if part is not None else []
            if name == own:
                texts = texts[1:]  # the line _header read
            left += [t.strip() for t in texts if t.strip() and not
                     (own_header and OWN_FOOTER.fullmatch(t.strip(" ")))]
    return left
