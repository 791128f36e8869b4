"""A PDF's pages as PDFium paints them: the fast way to read a plain PDF.

pdfminer.six (`pdf_paint.py`) reads a page glyph by glyph in Python: about 40 ms a page, 40
times poppler's `pdftotext`, and a district's manual as one PDF is hundreds of pages. PDFium
(Chromium's PDF engine, through pypdfium2) parses the same page in C and gives each text
object — one text-showing operator: a run of glyphs on one baseline — with its text, place,
font size, fill colour and render mode, so a plain page is read from a few dozen objects
rather than thousands of glyphs.

"Plain" is decided here, page by page, and conservatively: every rule of `pdf_paint.py` that
judges a glyph (hidden text, a redline's marks, text painted over, clipped or off the page,
glyphs without a Unicode character, sideways text, annotations and form fields, the work
limits) is either met the same way on objects (faux bold: the same text drawn again within a
tenth of its size; a drawn list disc) or, when a page holds anything it would have to judge,
the whole file is handed back (`NotPlain`, naming why) and `pdf.py` reads it with pdfminer,
whose rules and refusals stay the one definition. A Word or LibreOffice export of a policy
manual is plain; a redline, a form or a scan's OCR layer is not.

Only `pdf.py` uses this module; PDFium's handles stay here.
"""

from __future__ import annotations

import ctypes
import re
import zlib
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise, repeat
from typing import Any

from .pdf_limits import SMALLEST, Limits

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's own space
Matrix = tuple[float, float, float, float, float, float]
WHITE = 252  # a fill colour channel (0-255) this light is white (pdfminer's 0.99)
FAINT = 3  # an opacity (0-255) this low may be pdfminer's "paints nothing" (0.01): it judges
PLAIN_ANNOTATIONS = {2, 16}  # link and popup annotations show no text of their own
STREAM = re.compile(rb"stream\r?\n")
CHUNK = 1 << 16
# What PDFium prints for a glyph it has no character for (its code as one), beside \x02,
# its mark for a hyphen that ends a line
UNMAPPED = re.compile("[\x00\x01\x03-\x1f\x7f-\x9f\ufffd]")
FORM = re.compile(rb"/Subtype\s*/Form\b")
FILTER = re.compile(rb"/(\w+Decode)\b")
# Flate is inflated and counted here; images' own codecs are not decoded to read text
# `Do`s inside forms: d of them make at most 3^(d/3) forms of one drawn (12: 81); 2^24 of
# them need 48
FORMS_IN_FORMS = 12
COUNTED_FILTERS = {b"FlateDecode", b"DCTDecode", b"JPXDecode", b"CCITTFaxDecode",
                   b"JBIG2Decode"}
DRAWS = re.compile(rb"/[^\s/\[\]()<>{}%]+\s*Do\b")  # `/Name Do`: an XObject drawn
LARGE_STREAM = 1 << 20  # a content stream this large and …
SWELL = 40  # … inflating to this many times its size is mostly repetition: judged by pdfminer
LONGEST_RUN = 2 * 32_768  # bytes: PDFium gives at most 32,767 characters of a text object
BULLET_LIKE = (1.5, 9.0)  # a list disc's or square's size in points, as `pdf.py` has it


class NotPlain(Exception):
    """The page holds something only pdfminer's glyph-by-glyph rules can judge; the message
    says what (for the tests: a user never sees it, since pdfminer then reads the file)."""


@dataclass(slots=True)
class Run:
    """One text object: its text, the box of its glyphs' advances (x0, x1) on its baseline,
    and its font size, in points from the page's bottom left."""

    text: str
    x0: float
    x1: float  # where its last glyph's advance ends (spaces at the end not included)
    baseline: float
    size: float
    descent: float  # below the baseline, negative: the font's own, as pdfminer boxes glyphs
    trailing: int  # spaces that end the run
    space: float  # a space's width in its font, at its size


@dataclass
class PlainPage:
    """What `pdf.py` needs of a page: its size, text runs, drawn discs and images."""

    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    discs: list[Rect] = field(default_factory=list)
    images: int = 0


def open_pdf(data: bytes, budget: int) -> Any:
    """The PDFium document, or NotPlain when PDFium will not open it (pdfminer then says
    what is wrong in its own words: damaged, encrypted, password) or when its streams
    inflate past `budget` or far past their size (a bomb, or millions of operators in a
    few kilobytes: pdfminer counts them against its limits and refuses)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    _check_streams(data, budget)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise NotPlain(f"PDFium cannot open it ({exc})") from None
    if b"/XFA" in data or raw.FPDF_GetFormType(document.raw) in (
            raw.FORMTYPE_XFA_FULL, raw.FORMTYPE_XFA_FOREGROUND):  # pdfminer counts its values
        document.close()  # an AcroForm's fields are widgets: `_plain_annotations` sees them
        raise NotPlain("it has an XFA form")
    return document


def _check_streams(data: bytes, budget: int) -> None:
    """Inflate every Flate stream of the file, in pieces, keeping none of it (C's zlib, a
    few milliseconds a megabyte), so that a bomb is found before PDFium inflates it whole;
    and count the XObjects forms draw (forms drawing forms twice, 24 deep, are 16 million
    forms, which PDFium would draw for a minute before a page is open; a dozen such draws
    make at most 81). A stream is
    found by its `stream` keyword, not by a parse: whatever this misses, pdfminer's budget
    and limits are the one definition, and a file they would refuse is handed to them."""
    if b"/Encrypt" in data:  # its streams are not zlib's until decrypted: uncounted here
        raise NotPlain("it is encrypted")
    view = memoryview(data)
    drawn_in_forms = 0
    for found in STREAM.finditer(data):
        at = found.start()
        if data[at - 3:at] == b"end":
            continue
        head = data[max(0, at - 1024):at]
        head = head[head.rfind(b"obj") + 1:]
        form = FORM.search(head) is not None
        filters = set(FILTER.findall(head))
        if filters - COUNTED_FILTERS:
            raise NotPlain("a stream packed in a way only pdfminer's budget counts")
        if b"FlateDecode" not in filters:
            if form:
                end = data.find(b"endstream", found.end())
                drawn_in_forms += len(DRAWS.findall(data, found.end(),
                                                    end if end >= 0 else len(data)))
            continue
        inflated, read, kept = _inflate(view, found.end(), budget, keep=form)
        budget -= inflated
        if budget < 0:
            raise NotPlain("its streams inflate past the budget")
        if inflated > LARGE_STREAM and inflated > SWELL * read:
            raise NotPlain("a stream inflates far past its size")
        drawn_in_forms += len(DRAWS.findall(kept))
    if drawn_in_forms > FORMS_IN_FORMS:
        raise NotPlain("forms draw other forms")


def _inflate(view: memoryview, start: int, limit: int,
             keep: bool = False) -> tuple[int, int, bytes]:
    """How many bytes the Flate stream at `start` inflates to (stopping past `limit`), how
    many it took, and (when `keep`) its first megabyte; nothing when none starts there."""
    inflater = zlib.decompressobj()
    total, pos = 0, start
    piece: bytes | memoryview = view[start:start + CHUNK]
    pos += len(piece)
    kept = bytearray()
    try:
        while True:
            out = inflater.decompress(piece, LARGE_STREAM)
            total += len(out)
            if keep and len(kept) < LARGE_STREAM:
                kept += out
            if total > limit or inflater.eof:
                break
            piece = inflater.unconsumed_tail
            if not piece:
                if pos >= len(view):
                    break
                piece = view[pos:pos + CHUNK]
                pos += len(piece)
    except zlib.error:
        if not total:
            return 0, 0, b""
        return total, pos - start, bytes(kept)
    used = pos - start - len(inflater.unconsumed_tail) - len(inflater.unused_data)
    return total, used, bytes(kept)


def read_pages(document: Any, size: int, limits: Limits) -> Iterator[PlainPage]:
    """Each page of a plain PDF; NotPlain as soon as one is not."""
    import pypdfium2 as pdfium

    glyphs = limits.glyphs(size)
    for n in range(len(document)):
        try:
            page = document[n]
        except pdfium.PdfiumError as exc:
            raise NotPlain(f"PDFium cannot open page {n + 1} ({exc})") from None
        try:
            plain = _page(page, limits)
        finally:
            page.close()
        glyphs -= sum(len(run.text) for run in plain.runs)
        if glyphs < 0:
            raise NotPlain("past the glyph limit (pdfminer's read refuses it)")
        yield plain


def _page(page: Any, limits: Limits) -> PlainPage:
    import pypdfium2.raw as raw

    if page.get_rotation() % 360:
        raise NotPlain("a page is rotated")
    if raw.FPDFPage_GetAnnotCount(page.raw):
        _plain_annotations(page)
    x0, y0, x1, y1 = page.get_mediabox()
    box = (x0, y0, x1, y1)
    textpage = page.get_textpage()
    try:
        if raw.FPDFText_CountChars(textpage.raw) > limits.glyphs_per_page:
            raise NotPlain("a page past the glyph limit (pdfminer's read refuses it)")
        reader = _Objects(textpage, box, limits)
        reader.page_text = textpage.get_text_range().replace("\ufffe", "\x02")
        reader.walk(page.raw, (1, 0, 0, 1, 0, 0), 0)
        if reader.unplaced:
            _all_mapped(textpage)
    finally:
        textpage.close()
    reader.check_rules_and_covers()
    return PlainPage(x1 - x0, y1 - y0, reader.runs_in_page_space(x0, y0), reader.discs,
                     reader.images)


def _all_mapped(textpage: Any) -> None:
    """NotPlain if a glyph has no Unicode character (PDFium would print its code as if it
    were one; pdfminer leaves such glyphs out and counts them). One call a glyph, in C's
    loop through `map`: about 0.3 microseconds each."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    total = raw.FPDFText_CountChars(handle)
    if any(map(raw.FPDFText_HasUnicodeMapError, repeat(handle, total), range(total))):
        raise NotPlain("a glyph without a Unicode character")


def _plain_annotations(page: Any) -> None:
    import pypdfium2.raw as raw

    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        try:
            kind = raw.FPDFAnnot_GetSubtype(annot)
        finally:
            raw.FPDFPage_CloseAnnot(annot)
        if kind not in PLAIN_ANNOTATIONS:
            raise NotPlain(f"a page has an annotation of type {kind} that may show text")


class _Objects:
    """A walk over a page's objects (into forms), keeping runs, discs, rules and covers."""

    def __init__(self, textpage: Any, box: Rect, limits: Limits) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.textpage = textpage
        self.box = box
        self.limits = limits
        self.runs: list[tuple[int, Run]] = []  # in painting order
        self.discs: list[Rect] = []
        self.rules: list[tuple[float, float, float]] = []  # x0, x1, y
        self.covers: list[tuple[int, Rect]] = []  # filled shapes, by when they were painted
        self.images = 0
        self.order = 0
        self.objects = 0
        self.clips: dict[int, Rect] = {}
        self.fonts: dict[tuple[int, float], tuple[float, float]] = {}
        self.blanks: list[tuple[int, float, float]] = []  # runs of spaces: order, x, baseline
        self.inked_blanks: list[tuple[float, float, float]] = []  # x0, x1, baseline
        self.whites: list[tuple[float, float]] = []  # the middles of white runs
        self.backs: list[Rect] = []  # filled shapes in a colour, and images: what text is on
        self.mapped: dict[int, set[str]] = {}  # by font: characters its glyphs were mapped to
        self.unplaced = False  # a run was not found in PDFium's text of the page
        self.page_text = ""  # PDFium's text of the page: its word breaks, between runs
        self.cursor = 0
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._matrix = raw.FS_MATRIX()
        self._size = ctypes.c_float()
        self._rgba = [ctypes.c_uint() for _ in range(4)]
        self._float = ctypes.c_float()
        self._loose = raw.FS_RECTF()
        self._text_buffer = ctypes.create_string_buffer(4096)  # one, reused for every run
        self._text_pointer = ctypes.cast(self._text_buffer, ctypes.POINTER(raw.FPDF_WCHAR))

    def walk(self, parent: Any, ctm: Matrix, depth: int) -> None:
        raw = self.raw
        inside_form = depth > 0
        count = raw.FPDFFormObj_CountObjects(parent) if inside_form else \
            raw.FPDFPage_CountObjects(parent)
        self.objects += count
        if self.objects > self.limits.shapes_per_page * 10:
            raise NotPlain("a page draws very many objects")
        for k in range(count):
            obj = raw.FPDFFormObj_GetObject(parent, k) if inside_form else \
                raw.FPDFPage_GetObject(parent, k)
            kind = raw.FPDFPageObj_GetType(obj)
            self.order += 1
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self._text(obj, ctm)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, ctm)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
                self.backs.append(self._box_of(obj, ctm))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                if depth + 1 >= self.limits.form_depth:
                    raise NotPlain("forms nest deeper than the limit")
                self.walk(obj, _times(self._matrix_of(obj), ctm), depth + 1)

    def _matrix_of(self, obj: Any) -> Matrix:
        m = self._matrix
        if not self.raw.FPDFPageObj_GetMatrix(obj, m):
            raise NotPlain("an object without a matrix")
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _box_of(self, obj: Any, ctm: Matrix) -> Rect:
        left, bottom, right, top = self._bounds
        self.raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        a, b, c, d, e, f = ctm
        if b or c or a <= 0 or d <= 0:
            raise NotPlain("a form is drawn turned or mirrored")
        return (a * left.value + e, d * bottom.value + f, a * right.value + e,
                d * top.value + f)

    def _text(self, obj: Any, ctm: Matrix) -> None:
        """A text object: a run of the page, a blank to place, or NotPlain."""
        raw = self.raw
        mode = raw.FPDFTextObj_GetTextRenderMode(obj)
        if mode not in (raw.FPDF_TEXTRENDERMODE_FILL, raw.FPDF_TEXTRENDERMODE_STROKE,
                        raw.FPDF_TEXTRENDERMODE_FILL_STROKE):
            raise NotPlain(f"text drawn in render mode {mode} (invisible or a clip)")
        a, b, c, d, e, f = _times(self._matrix_of(obj), ctm)
        if abs(b) > 0.01 * abs(a) or abs(c) > 0.01 * abs(d) or a <= 0 or d <= 0:
            raise NotPlain("text that is not upright")
        text = self._string(obj)
        raw.FPDFTextObj_GetFontSize(obj, self._size)
        size = self._size.value * d
        if not text.strip():
            self._blank(obj, ctm, size, e, f)
            return
        if UNMAPPED.search(text):
            raise NotPlain("a glyph without a Unicode character")
        if size < SMALLEST:
            raise NotPlain("text smaller than the smallest read")
        white = self._seen(obj, mode)
        x0, y0, x1, y1 = self._box_of(obj, ctm)
        if white:
            self.whites.append(((x0 + x1) / 2, (y0 + y1) / 2))
        page = self.box
        if not (page[0] <= (x0 + x1) / 2 <= page[2] and page[1] <= (y0 + y1) / 2 <= page[3]):
            raise NotPlain("text off the page")
        self._clipped(obj, (x0, y0, x1, y1), ctm)
        descent, space, font = self._font(obj, d)
        start, end = self._place(text, font) or (  # else the origin, and the ink's end
            e + (len(text) - len(text.lstrip(" "))) * space, x1)
        self.runs.append((self.order, Run(text.replace("\x02", "-"), start, end, f, size,
                                          descent, len(text) - len(text.rstrip(" ")), space)))

    def _blank(self, obj: Any, ctm: Matrix, size: float, x: float, baseline: float) -> None:
        """A text object PDFium gives no characters for: spaces (their box is a line), a
        faux-bold copy PDFium's text leaves out (ink over a run), or a column of glyphs
        (vertical writing, which PDFium's text leaves out: NotPlain)."""
        x0, y0, x1, y1 = self._box_of(obj, ctm)
        if y1 - y0 > 1.5 * size:
            raise NotPlain("glyphs PDFium gives no characters for (vertical writing?)")
        if x1 - x0 > size and y1 - y0 > 0.5:
            self.inked_blanks.append((x0, x1, baseline))
        else:
            self.blanks.append((self.order, x, baseline))

    def _seen(self, obj: Any, mode: int) -> bool:
        """Whether the run is filled white (judged later, against what is under it); NotPlain
        when its opacity may paint nothing: filled (or outlined) at 0.012 or less."""
        raw = self.raw
        white, alpha = self._fill(obj)
        stroke = 255
        if mode != raw.FPDF_TEXTRENDERMODE_FILL:
            red, green, blue, opacity = self._rgba
            if raw.FPDFPageObj_GetStrokeColor(obj, red, green, blue, opacity):
                stroke = opacity.value
        if (mode == raw.FPDF_TEXTRENDERMODE_STROKE or alpha <= FAINT) and (
                mode == raw.FPDF_TEXTRENDERMODE_FILL or stroke <= FAINT):
            raise NotPlain("fully transparent text")  # pdfminer judges its opacity
        return white

    def _font(self, obj: Any, scale: float) -> tuple[float, float, int]:
        """The run's font's descent and a space's width, at its size, in points; and the
        font's handle."""
        raw = self.raw
        font = raw.FPDFTextObj_GetFont(obj)
        key = (ctypes.cast(font, ctypes.c_void_p).value or 0, self._size.value * scale)
        known = self.fonts.get(key)
        if known is None:
            size, out = self._size.value, self._float
            raw.FPDFFont_GetDescent(font, size, out)
            descent = out.value * scale
            width = out.value * scale if raw.FPDFFont_GetGlyphWidth(font, 32, size, out) \
                else 0.0
            known = self.fonts[key] = (descent, width if width > 0 else 0.25 * key[1])
        return (*known, key[0])

    def _place(self, text: str, font: int) -> tuple[float, float] | None:
        """The run in PDFium's own text of the page: where its first glyph's advance starts
        and its last one's ends (glyph boxes as pdfminer's layout has them, where the
        object's box is its ink); None when the run is not where the text so far leads
        (drawn twice, reordered) or PDFium has no box for it.
        Found there, its glyphs are checked for a Unicode character (PDFium prints a glyph
        without one as its code): each character once a font on the page, since a font maps
        a code the same way wherever it stands; not found, every glyph of the page is."""
        page, cursor, core = self.page_text, self.cursor, text.strip()
        at = page.find(core, cursor, cursor + len(text) + 16)
        if at < 0:
            self.unplaced = True
            return None
        self.cursor = at + len(core)
        raw, handle = self.raw, self.textpage.raw
        first = raw.FPDFText_GetCharIndexFromTextIndex(handle, at)
        last = raw.FPDFText_GetCharIndexFromTextIndex(handle, at + len(core) - 1)
        checked = self.mapped.setdefault(font, set())
        new = set(core) - checked
        for char in new:
            glyph = raw.FPDFText_GetCharIndexFromTextIndex(handle, at + core.index(char))
            if glyph < 0 or raw.FPDFText_HasUnicodeMapError(handle, glyph):
                raise NotPlain("a glyph without a Unicode character")
        checked |= new
        box = self._loose
        if last < first or not raw.FPDFText_GetLooseCharBox(handle, first, box):
            return None
        start = box.left
        if not raw.FPDFText_GetLooseCharBox(handle, last, box):
            return None
        return start, box.right

    def _string(self, obj: Any) -> str:
        raw = self.raw
        length = raw.FPDFTextObj_GetText(obj, self.textpage, None, 0)
        if length <= 2:
            return ""
        if length >= LONGEST_RUN:
            raise NotPlain("a run longer than PDFium gives the text of")
        if length > len(self._text_buffer):
            self._text_buffer = ctypes.create_string_buffer(length)
            self._text_pointer = ctypes.cast(self._text_buffer, ctypes.POINTER(raw.FPDF_WCHAR))
        raw.FPDFTextObj_GetText(obj, self.textpage, self._text_pointer, length)
        return ctypes.string_at(self._text_buffer, length - 2).decode("utf-16-le",
                                                                      errors="replace")

    def _clipped(self, obj: Any, box: Rect, ctm: Matrix) -> None:
        """NotPlain unless the object's clip (if any) holds the whole of its box: text cut by
        a clip is judged glyph by glyph. Objects share a clip, so each is measured once."""
        raw = self.raw
        clip = raw.FPDFPageObj_GetClipPath(obj)
        address = ctypes.cast(clip, ctypes.c_void_p).value
        if not address or raw.FPDFClipPath_CountPaths(clip) <= 0:
            return  # no clip (PDFium hands every object a clip handle, mostly empty)
        bounds = self.clips.get(address)
        if bounds is None:
            bounds = self.clips[address] = _transform(_clip_bounds(raw, clip), ctm)
        if not _contains(bounds, box):
            raise NotPlain("text cut by a clipping path")

    def _path(self, obj: Any, ctm: Matrix) -> None:
        raw = self.raw
        x0, y0, x1, y1 = self._box_of(obj, ctm)
        high, wide = y1 - y0, x1 - x0
        mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, mode, stroke)
        filled = mode.value != raw.FPDF_FILLMODE_NONE
        if high <= 3 and wide >= 2 and (stroke.value or filled):
            if len(self.rules) >= self.limits.shapes_per_page:
                raise NotPlain("a page draws very many rules")
            self.rules.append((x0, x1, (y0 + y1) / 2))
            return
        if not filled:
            return
        if not self._fill(obj)[0]:
            self.backs.append((x0, y0, x1, y1))
        low, top = BULLET_LIKE
        if low <= wide <= top and low <= high <= top and 0.6 <= wide / high <= 1.6:
            self.discs.append((x0, y0, x1, y1))
        if len(self.covers) >= self.limits.shapes_per_page:
            raise NotPlain("a page fills very many shapes")
        self.covers.append((self.order, (x0, y0, x1, y1)))

    def check_rules_and_covers(self) -> None:
        """NotPlain if a rule runs through any run's middle (a possible strike-through: the
        page may be a redline) or a shape painted after a run covers its middle."""
        if self.runs and (self.rules or self.covers):
            self._check_marks()
        if self.blanks:
            self._check_blanks()
        for x, y in self.whites:
            if not any(_inside(x, y, back) for back in self.backs):
                raise NotPlain("white text with nothing but the page under it")
        self._drop_faux_bold()
        self._check_overprint()

    def _fill(self, obj: Any) -> tuple[bool, int]:
        """Whether the object is filled white (as pdfminer's rule has it: 0.99 and up), and
        its fill's opacity (0-255); opaque black when PDFium does not say."""
        red, green, blue, alpha = self._rgba
        if not self.raw.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha):
            return False, 255
        return min(red.value, green.value, blue.value) >= WHITE, alpha.value

    def _check_blanks(self) -> None:
        """Spaces drawn as objects of their own (a justified line's stretched spaces, a tab,
        a text file's layout) have no text in PDFium: one just after a run on its baseline
        ends that run with a space, as pdfminer counts it in the line's width; one at a
        line's start or far from any run is nothing pdfminer reads either."""
        orders = [order for order, _ in self.runs]
        for order, x, baseline in self.blanks:
            at = bisect_left(orders, order)
            before = self.runs[at - 1][1] if at else None
            if before is not None and abs(before.baseline - baseline) <= 0.1 * before.size \
                    and x - (before.x1 + before.trailing * before.space) <= 2 * before.space:
                before.trailing += 1

    def _check_marks(self) -> None:
        if len(self.runs) * (len(self.rules) + len(self.covers)) > 4_000_000:
            raise NotPlain("too many shapes to check against the text")
        for order, run in self.runs:
            for x0, x1, y in self.rules:
                above = (y - run.baseline) / run.size
                if 0.1 <= above <= 0.6 and x0 < run.x1 and run.x0 < x1:
                    raise NotPlain("a line through text (a redline's strike-through?)")
            middle_x = (run.x0 + run.x1) / 2
            middle_y = run.baseline + run.descent + run.size / 2
            for painted, (x0, y0, x1, y1) in self.covers:
                if painted > order and x0 <= middle_x <= x1 and y0 <= middle_y <= y1:
                    raise NotPlain("a shape painted over text")

    def _drop_faux_bold(self) -> None:
        """A run drawn again with the same text within a tenth of its size (faux bold) is
        one run, as pdfminer's glyph rule and poppler read it."""
        seen: dict[str, list[Run]] = {}
        kept = []
        for order, run in self.runs:
            tolerance = 0.1 * run.size
            if any(abs(other.x0 - run.x0) <= tolerance and
                   abs(other.baseline - run.baseline) <= tolerance
                   for other in seen.get(run.text, ())):
                continue
            seen.setdefault(run.text, []).append(run)
            kept.append((order, run))
        self.runs = kept

    def _check_overprint(self) -> None:
        """NotPlain if text is drawn over other text on its baseline in pieces that differ
        (faux bold drawn once whole and once in two runs; a shadow), or glyphs wider than a
        space have no characters in PDFium and are not over a run (PDFium's text leaves out
        a faux-bold copy, which is right, and nothing else should be): pdfminer judges those
        glyph by glyph."""
        lines: dict[int, list[Run]] = {}
        for _, run in self.runs:
            lines.setdefault(round(run.baseline), []).append(run)
        for runs in lines.values():
            runs.sort(key=lambda r: r.x0)
            for left, right in pairwise(runs):
                overlap = left.x1 - right.x0  # a glyph's kerning overlaps its neighbour a little
                if (overlap > 0.8 * min(left.x1 - left.x0, right.x1 - right.x0) or
                        overlap > 2 * right.size) and \
                        abs(left.baseline - right.baseline) <= 0.1 * left.size:
                    raise NotPlain("text drawn over other text")
        for x0, x1, baseline in self.inked_blanks:
            if not any(run.x0 - 0.5 * run.size <= x0 and x1 <= run.x1 + 0.5 * run.size and
                       abs(run.baseline - baseline) <= 0.1 * run.size
                       for run in lines.get(round(baseline), ())):
                raise NotPlain("glyphs PDFium gives no characters for, over no text")

    def runs_in_page_space(self, x0: float, y0: float) -> list[Run]:
        if not (x0 or y0):
            return [run for _, run in self.runs]
        return [replace(run, x0=run.x0 - x0, x1=run.x1 - x0, baseline=run.baseline - y0)
                for _, run in self.runs]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as PDF matrices compose."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _transform(box: Rect, m: Matrix) -> Rect:
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (box[0], box[2]) for y in (box[1], box[3])]
    ys = [b * x + d * y + f for x in (box[0], box[2]) for y in (box[1], box[3])]
    return (min(xs), min(ys), max(xs), max(ys))


def _contains(outer: Rect, inner: Rect, slack: float = 1.0) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1] and
            inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _clip_bounds(raw: Any, clip: Any) -> Rect:
    """The box around every path of a clip (an empty box when it has none): a clip is
    an intersection, so its box holds all that it lets through."""
    xs: list[float] = []
    ys: list[float] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    box: Rect | None = None
    for k in range(raw.FPDFClipPath_CountPaths(clip)):
        xs.clear()
        ys.clear()
        for n in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, k, n)
            if raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        mine = (min(xs), min(ys), max(xs), max(ys))
        box = mine if box is None else (max(box[0], mine[0]), max(box[1], mine[1]),
                                        min(box[2], mine[2]), min(box[3], mine[3]))
    return box if box is not None else (0.0, 0.0, 0.0, 0.0)


def _inside(x: float, y: float, box: Rect) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
