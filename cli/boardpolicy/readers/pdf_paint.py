"""How a PDF's pages are painted, as far as reading them needs: pdfminer.six's interpreter and
layout device, bounded in work and told what a reader of the page cannot see.

pdfminer draws whatever a content stream says: a glyph for every byte of a string, a saved
graphics state for every `q`, a form for every `Do` however deep, and every glyph as text
whether it is invisible, white on white, off the page, clipped away, a hundredth of a point
high or painted over. Here

- work is counted against limits that grow with the file (`Limits`): glyphs drawn, operators
  run, saved states nested, forms nested; past one the read stops with `Refused` naming it;
- each glyph a person could not see is left out and counted by why (`Hidden`): text render
  mode 3 or 7 or an opacity of 0, white with nothing under it but the page, its middle
  off the page or outside the clipping path, smaller than `SMALLEST` points, or under an
  opaque rectangle painted later; invisible text over an image stays (that is an OCR layer:
  the image shows it);
- a glyph drawn again at nearly the same place (faux bold: a title drawn twice 0.2 points
  apart) is read once;
- a glyph without a Unicode mapping is left out and counted instead of "(cid:146)", and a
  Symbol font without a map of its own is read in its own encoding ("≥", not "‡");
- the pages' annotations that show text (a FreeText box, a filled-in form field) are drawn
  from their appearance streams, as a viewer draws them; a filled text or choice field
  without one (a form saved for the viewer to draw) is read where its widget stands
  (`Field`), and an XFA form's values, which no page holds, are counted (`xfa_values`);
- a redline's changes are applied as `--changes` says: a page with text struck through (a
  thin line through the middle of the glyphs) is a redline, whose struck text is deleted
  and underlined text inserted; accepted, the struck glyphs are left out, rejected, the
  underlined ones (`Mark`, counted by passage);
- a page whose text runs sideways (a /Rotate the text does not follow) is read in the
  text's own direction, as poppler's pdftotext does.

Only `pdf.py` uses this module; pdfminer's objects stay between the two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.psparser import PSEOF, PSKeyword, keyword_name
from pdfminer.utils import apply_matrix_pt, mult_matrix

from .changes import TrackedChanges
from .pdf_limits import SMALLEST, Limits

INVISIBLE_MODES = {3, 7}  # text render modes that paint nothing (7 only adds to the clip)
TRANSPARENT = 0.01  # an opacity (/ca, /CA) this low paints nothing either
FILLED_MODES = {0, 2, 4, 6}
STROKED_MODES = {1, 2, 5, 6}
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's own space
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


class Refused(Exception):
    """A work limit was passed; the message says which (one line, no file name)."""


class Mark(Enum):
    """How a redline marks changed text: deleted struck through, inserted underlined."""

    STRUCK = "struck-through"
    UNDERLINED = "underlined"


class Hidden(Enum):
    """Why a glyph on the page cannot be seen."""

    INVISIBLE = "drawn invisible"
    WHITE = "white on white"
    OFF_PAGE = "off the page"
    CLIPPED = "clipped away"
    TINY = f"under {SMALLEST:g} points high"
    COVERED = "painted over"


@dataclass
class Work:
    """What a read has left to spend, and what it has noticed so far."""

    limits: Limits
    glyphs: int
    operators: int
    hidden: Counter[Hidden] = field(default_factory=Counter)
    unmapped: int = 0
    page_glyphs: int = 0

    @classmethod
    def for_file(cls, size: int, limits: Limits) -> Work:
        return cls(limits, limits.glyphs(size), limits.operators(size))

    def glyph(self) -> None:
        self.glyphs -= 1
        self.page_glyphs += 1
        if self.glyphs < 0:
            raise Refused(f"draws more characters than the limit for a PDF of its size "
                          f"({self.limits.glyphs_floor:,} and {self.limits.glyphs_per_kb:,} "
                          "more a kilobyte); refused")
        if self.page_glyphs > self.limits.glyphs_per_page:
            raise Refused(f"draws more than {self.limits.glyphs_per_page:,} characters on one "
                          "page; refused")

    def operator(self, n: int = 1) -> None:
        self.operators -= n
        if self.operators < 0:
            raise Refused(f"runs more drawing operators than the limit for a PDF of its size "
                          f"({self.limits.operators_floor:,} and "
                          f"{self.limits.operators_per_kb:,} more a kilobyte); refused")


@dataclass
class PageRead:
    """One page as read: pdfminer's layout and what was hidden or unmapped on it."""

    layout: Any  # LTPage
    hidden: Counter[Hidden]
    unmapped: int
    marked: Counter[Mark] = field(default_factory=Counter)  # passages of a redline, by mark
    fields: list[Field] = field(default_factory=list)  # filled form fields nothing draws


@dataclass(frozen=True)
class Field:
    """A filled form field's value that no appearance stream draws, and where it stands."""

    value: str
    box: Rect  # in the page's own space, as the glyphs' boxes are
    size: float  # the font size its default appearance names (0: fitted to the box)


def read_pages(document: Any, work: Work, max_pages: int,
               changes: TrackedChanges = TrackedChanges.ACCEPT) -> Iterator[PageRead]:
    """Each page of a pdfminer PDFDocument -> PageRead, read within `work`'s limits, a
    redline's changes accepted or rejected."""
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager(caching=True)
    device = Device(resources, work, changes)
    interpreter = Interpreter(resources, device, work)
    for n, page in enumerate(PDFPage.create_pages(document)):
        if n >= max_pages:
            raise Refused(f"has more than {max_pages:,} pages; refused (a policy manual is "
                          "a few hundred; split the PDF)")
        yield interpreter.read_page(page)


# ---------------------------------------------------------------------------------------------
# The interpreter: counts operators, tracks the clip and fill opacity, draws annotations


class Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, with work counted and the clip and fill opacity followed."""

    def __init__(self, rsrcmgr: PDFResourceManager, device: Device, work: Work | None = None,
                 depth: int = 0) -> None:
        super().__init__(rsrcmgr, device)
        self.paint = device
        self.work = work if work is not None else device.work
        self.depth = depth
        self.inherited: Rect | None = None
        self.inherited_alpha = (1.0, 1.0)  # a form is drawn with the opacities it is drawn in
        self.clip: Rect | None = None
        self.alpha = 1.0  # the fill opacity (/ca)
        self.stroke_alpha = 1.0  # the stroke opacity (/CA)
        self.saved: list[tuple[Rect | None, float, float]] = []

    def dup(self) -> Interpreter:
        return Interpreter(self.rsrcmgr, self.paint, self.work, self.depth)

    def subinterp(self) -> Interpreter:
        """A form's interpreter: one level deeper, inside this one's clip."""
        if self.depth + 1 > self.work.limits.form_depth:
            raise Refused(f"draws forms inside forms more than {self.work.limits.form_depth} "
                          "deep; refused")
        self.work.operator(self.work.limits.form_cost)
        sub = super().subinterp()
        assert isinstance(sub, Interpreter)
        sub.depth = self.depth + 1
        sub.inherited = self.clip
        sub.inherited_alpha = (self.alpha, self.stroke_alpha)
        return sub

    def _sync(self) -> None:
        """Tell the device the clip and opacities text is drawn with now."""
        self.paint.clip, self.paint.alpha = self.clip, self.alpha
        self.paint.stroke_alpha = self.stroke_alpha

    def read_page(self, page: Any) -> PageRead:
        """The page as the text on it reads: read again turned when its text runs sideways."""
        self.process_page(page)
        turn = self.paint.turn
        if turn:
            page.rotate = (page.rotate + turn) % 360
            self.process_page(page)
        return PageRead(self.paint.get_result(), self.paint.page_hidden, self.paint.page_unmapped,
                        self.paint.page_marked, self.paint.fields)

    def process_page(self, page: Any) -> None:
        self.work.page_glyphs = 0
        x0, y0, x1, y1 = page.mediabox
        ctm: Matrix = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                       270: (0, 1, -1, 0, y1, -x0)}.get(page.rotate, (1, 0, 0, 1, -x0, -y0))
        self.device.begin_page(page, ctm)
        self.render_contents(page.resources, page.contents, ctm=ctm)
        self.draw_annotations(page, ctm)
        self.device.end_page(page)

    def draw_annotations(self, page: Any, ctm: Matrix) -> None:
        """Each annotation a viewer shows, drawn from its normal appearance (PDF 32000-1
        12.5.5: the form's box, through its matrix, fitted to the annotation's Rect)."""
        from pdfminer.pdftypes import PDFStream, resolve1

        for ref in resolve1(page.annots) or []:
            self.work.operator()  # each annotation is work, drawn or not
            annot = resolve1(ref)
            if not isinstance(annot, dict) or _int(annot.get("F")) & (2 | 32):
                continue  # Hidden or NoView
            appearance = resolve1(resolve1(annot.get("AP") or {}).get("N")) \
                if isinstance(resolve1(annot.get("AP")), dict) else None
            if isinstance(appearance, dict):  # one appearance per state: the one it is in
                state = annot.get("AS")
                appearance = resolve1(appearance.get(getattr(state, "name", ""), None))
            drawn = len(self.paint.glyphs)
            if isinstance(appearance, PDFStream):
                self._draw_appearance(page, annot, appearance, ctm)
            if len(self.paint.glyphs) == drawn:  # nothing drawn: a field's value, if filled
                self._remember_field(annot, ctm)

    def _draw_appearance(self, page: Any, annot: Any, appearance: Any, ctm: Matrix) -> None:
        from pdfminer.pdftypes import resolve1

        fitted = _fit(appearance, resolve1(annot.get("Rect")))
        if fitted is None:
            return
        sub = self.subinterp()
        sub.inherited_alpha = (1.0, 1.0)  # a viewer draws an annotation on its own
        own = appearance.get("Resources")
        self.device.begin_figure("annotation", _box(appearance), fitted)
        sub.render_contents(resolve1(own) if own else page.resources, [appearance],
                            ctm=mult_matrix(fitted, ctm))
        self.device.end_figure("annotation")
        self._sync()

    def _remember_field(self, annot: Any, ctm: Matrix) -> None:
        """A text or choice field's value that its widget does not draw (a form saved for
        the viewer to draw, NeedAppearances): read where the widget stands."""
        from pdfminer.pdftypes import resolve1

        value, size = _field_value(annot)
        rect = resolve1(annot.get("Rect"))
        if not value or not (isinstance(rect, list) and len(rect) == 4 and all(
                isinstance(resolve1(v), (int, float)) for v in rect)):
            return
        corners = [apply_matrix_pt(ctm, (float(resolve1(rect[i])), float(resolve1(rect[j]))))
                   for i in (0, 2) for j in (1, 3)]
        box = (min(c[0] for c in corners), min(c[1] for c in corners),
               max(c[0] for c in corners), max(c[1] for c in corners))
        self.paint.fields.append(Field(value, box, size))

    def init_state(self, ctm: Matrix) -> None:
        super().init_state(ctm)
        self.clip, self.saved = self.inherited, []
        self.alpha, self.stroke_alpha = self.inherited_alpha
        self._sync()

    def do_Do(self, xobjid_arg: Any) -> None:
        super().do_Do(xobjid_arg)
        self._sync()  # the form had its own

    def do_q(self) -> None:
        if len(self.gstack) >= self.work.limits.saved_states:
            raise Refused(f"saves graphics states (q) more than "
                          f"{self.work.limits.saved_states:,} deep; refused")
        super().do_q()
        self.saved.append((self.clip, self.alpha, self.stroke_alpha))

    def do_Q(self) -> None:
        super().do_Q()
        if self.saved:
            self.clip, self.alpha, self.stroke_alpha = self.saved.pop()
            self._sync()

    def do_W(self) -> None:
        """Clip to the current path's box (its shape inside the box is not followed: a
        glyph whose middle is outside the box is surely clipped away)."""
        points = [apply_matrix_pt(self.ctm, (float(seg[k]), float(seg[k + 1])))
                  for seg in self.curpath for k in range(1, len(seg) - 1, 2)]
        if not points:
            return
        box = (min(p[0] for p in points), min(p[1] for p in points),
               max(p[0] for p in points), max(p[1] for p in points))
        self.clip = box if self.clip is None else _intersect(self.clip, box)
        self.paint.clip = self.clip

    def do_W_a(self) -> None:
        self.do_W()

    def do_gs(self, name: Any) -> None:
        """Follow the fill opacity (/ca): a translucent highlight over text hides nothing."""
        from pdfminer.pdftypes import resolve1
        from pdfminer.psparser import literal_name

        states = resolve1(self.resources.get("ExtGState")) if self.resources else None
        state = resolve1(states.get(literal_name(name))) if isinstance(states, dict) else None
        if not isinstance(state, dict):
            return
        if isinstance(resolve1(state.get("ca")), (int, float)):
            self.alpha = float(resolve1(state["ca"]))
        if isinstance(resolve1(state.get("CA")), (int, float)):
            self.stroke_alpha = float(resolve1(state["CA"]))
        self._sync()

    def execute(self, streams: Sequence[object]) -> None:
        """pdfminer's own loop (circular streams skipped), with every operator counted."""
        from pdfminer.pdfinterp import PDFContentParser
        from pdfminer.pdftypes import stream_value

        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            parser = PDFContentParser(valid)
        except PSEOF:
            return
        while True:
            try:
                _, obj = parser.nextobject()
            except PSEOF:
                break
            if isinstance(obj, PSKeyword):
                self.work.operator()
                self.run(keyword_name(obj))
            else:
                if len(self.argstack) > 1_000:  # operands no operator takes: drop them
                    del self.argstack[:-100]
                self.push(obj)

    def run(self, name: str) -> None:
        method = getattr(self, "do_" + name.replace("*", "_a").replace('"', "_w")
                         .replace("'", "_q"), None)
        if method is None:
            return
        nargs = method.__code__.co_argcount - 1
        if not nargs:
            method()
            return
        args = self.pop(nargs)
        if len(args) == nargs:
            method(*args)


def _field_value(annot: Any) -> tuple[str, float]:
    """A widget's field value (its own or inherited from its parents: PDF 32000-1 12.7.3.1)
    if it is a text or choice field, and the font size its /DA names."""
    import re

    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name
    from pdfminer.utils import decode_text

    kind = value = appearance = None
    node = annot
    for _ in range(32):  # a parent chain is short; a loop in it is damage
        if not isinstance(node, dict):
            break
        kind = kind or node.get("FT")
        value = value if value is not None else resolve1(node.get("V"))
        appearance = appearance or resolve1(node.get("DA"))
        node = resolve1(node.get("Parent"))
    if kind is None or literal_name(resolve1(kind)) not in ("Tx", "Ch"):
        return "", 0.0
    values = value if isinstance(value, list) else [value]
    texts = [decode_text(v) if isinstance(v, bytes) else v for v in map(resolve1, values)]
    text = " ".join(" ".join(t.split()) for t in texts if isinstance(t, str) and t.strip())
    found = re.search(rb"([\d.]+)\s+Tf", appearance) if isinstance(appearance, bytes) else None
    try:
        size = float(found[1]) if found else 0.0
    except ValueError:
        size = 0.0
    return text, size


def xfa_values(document: Any) -> int:
    """How many filled values an XFA form's datasets hold (0 without XFA): an XFA form's
    values are drawn by the viewer from this XML, not by the pages."""
    from lxml import etree
    from pdfminer.pdftypes import PDFStream, resolve1

    form = resolve1(document.catalog.get("AcroForm"))
    xfa = resolve1(form.get("XFA")) if isinstance(form, dict) else None
    packets: list[Any] = []
    if isinstance(xfa, PDFStream):  # the whole XDP in one stream
        packets = [xfa]
    elif isinstance(xfa, list):  # name, stream, name, stream …: the datasets packet
        packets = [resolve1(xfa[k + 1]) for k in range(0, len(xfa) - 1, 2)
                   if resolve1(xfa[k]) in (b"datasets", "datasets")]
    filled = 0
    for packet in packets:
        if not isinstance(packet, PDFStream):
            continue
        try:
            root = etree.fromstring(packet.get_data(), etree.XMLParser(
                resolve_entities=False, no_network=True, huge_tree=False))
        except etree.XMLSyntaxError:
            continue
        for data in root.iter("{http://www.xfa.org/schema/xfa-data/1.0/}data"):
            filled += sum(1 for e in data.iter() if isinstance(e.tag, str) and len(e) == 0
                          and (e.text or "").strip())
    return filled


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _box(form: Any) -> Rect:
    from pdfminer.pdftypes import resolve1

    box = resolve1(form.get("BBox"))
    if isinstance(box, list) and len(box) == 4 and all(
            isinstance(resolve1(v), (int, float)) for v in box):
        x0, y0, x1, y1 = (float(resolve1(v)) for v in box)
        return (x0, y0, x1, y1)
    return (0.0, 0.0, 0.0, 0.0)


def _fit(form: Any, rect: Any) -> Matrix | None:
    """The matrix that draws an appearance form into an annotation's Rect."""
    from pdfminer.pdftypes import resolve1

    if not (isinstance(rect, list) and len(rect) == 4 and all(
            isinstance(resolve1(v), (int, float)) for v in rect)):
        return None
    rx0, ry0, rx1, ry1 = (float(resolve1(v)) for v in rect)
    matrix = resolve1(form.get("Matrix"))
    own: Matrix = tuple(float(v) for v in matrix) if isinstance(matrix, list) and len(
        matrix) == 6 and all(isinstance(v, (int, float)) for v in matrix) else IDENTITY  # type: ignore[assignment]
    x0, y0, x1, y1 = _box(form)
    corners = [apply_matrix_pt(own, p) for p in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    bx0, by0 = min(c[0] for c in corners), min(c[1] for c in corners)
    bx1, by1 = max(c[0] for c in corners), max(c[1] for c in corners)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0:
        return None
    sx, sy = (max(rx0, rx1) - min(rx0, rx1)) / (bx1 - bx0), (max(ry0, ry1) - min(ry0, ry1)) / (
        by1 - by0)
    fit: Matrix = (sx, 0, 0, sy, min(rx0, rx1) - bx0 * sx, min(ry0, ry1) - by0 * sy)
    return mult_matrix(own, fit)


def _intersect(a: Rect, b: Rect) -> Rect:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _inside(x: float, y: float, box: Rect) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# ---------------------------------------------------------------------------------------------
# The device: glyphs counted and judged, filled rectangles remembered for what they cover


@dataclass(slots=True)
class _Shape:
    order: int
    box: Rect
    white: bool
    covers: bool  # an opaque rectangle: what was painted before under it is not seen


@dataclass(slots=True)
class _Glyph:
    order: int
    char: Any  # LTChar
    parent: Any  # the LTContainer it was added to
    white: bool


class Device(PDFPageAggregator):
    """pdfminer's layout device, leaving out the glyphs nobody sees."""

    def __init__(self, rsrcmgr: PDFResourceManager, work: Work,
                 changes: TrackedChanges = TrackedChanges.ACCEPT) -> None:
        super().__init__(rsrcmgr, laparams=LAParams(all_texts=True, boxes_flow=None))
        self.work = work
        self.changes = changes
        self.symbol_fonts: dict[int, bool] = {}  # id(font) -> in Symbol's own encoding
        self.clip: Rect | None = None
        self.alpha = 1.0
        self.stroke_alpha = 1.0
        self.mode = 0
        self.turn = 0
        self._reset()

    def _reset(self) -> None:
        self.order = 0
        self.shapes: list[_Shape] = []
        self.images: list[Rect] = []
        self.glyphs: list[_Glyph] = []
        self.drawn: dict[tuple[str, int, int], list[Any]] = {}  # LTChars by text and place
        self.invisible: list[_Glyph] = []
        self.directions: Counter[int] = Counter()
        self.page_hidden: Counter[Hidden] = Counter()
        self.page_unmapped = 0
        self.too_many_shapes = False
        self.rules: list[_Rule] = []  # thin horizontal lines: underlines, strike-throughs
        self.fields: list[Field] = []
        self.page_marked: Counter[Mark] = Counter()

    def begin_page(self, page: Any, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        self._reset()

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self.mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)

    def handle_undefined_char(self, font: Any, cid: int) -> str:
        self.page_unmapped += 1
        return ""

    def render_char(self, matrix: Matrix, font: Any, fontsize: float, scaling: float,
                    rise: float, cid: int, ncs: Any, graphicstate: Any) -> float:
        self.work.glyph()
        symbol = self.symbol_fonts.get(id(font))
        if symbol is None:
            symbol = self.symbol_fonts[id(font)] = _builtin_symbol(font)
        try:
            text = _symbol(font, cid) if symbol else font.to_unichr(cid)
        except Exception:  # PDFUnicodeNotDefined, or a broken ToUnicode map
            text = self.handle_undefined_char(font, cid)
        char = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid),
                      font.char_disp(cid), ncs, graphicstate)
        if text.strip():
            self._judge(char, matrix)
        elif text:
            self.cur_item.add(char)  # a space: the layout's word breaks use it
        return float(char.adv)

    def _judge(self, char: Any, matrix: Matrix) -> None:
        """Add the glyph to the page unless it is plainly unseen; remember it for the checks
        that need the whole page (what is painted over it, what is under it)."""
        self.order += 1
        a, b = matrix[0], matrix[1]
        self.directions[(0 if a > 0 else 180) if abs(a) >= abs(b) else (90 if b > 0 else 270)] \
            += 1
        x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
        page = self.cur_item if not self._stack else self._stack[0]
        reason = (Hidden.TINY if char.size < SMALLEST else
                  Hidden.OFF_PAGE if not _inside(x, y, page.bbox) else
                  Hidden.CLIPPED if self.clip is not None and not _inside(x, y, self.clip)
                  else None)
        if reason is not None:
            self.page_hidden[reason] += 1
            return
        color = char.graphicstate.ncolor
        glyph = _Glyph(self.order, char, self.cur_item, color != 0 and _white(color))
        if self.mode in INVISIBLE_MODES or not self._painted():
            self.invisible.append(glyph)
            return
        self.cur_item.add(char)
        self.glyphs.append(glyph)

    def _painted(self) -> bool:
        """Whether the render mode paints the glyph with an opacity anyone sees: filled
        (modes 0, 2, 4, 6) with a fill opacity, or stroked (1, 2, 5, 6) with a stroke one."""
        return (self.mode in FILLED_MODES and self.alpha > TRANSPARENT) or (
            self.mode in STROKED_MODES and self.stroke_alpha > TRANSPARENT)

    def _drawn_again(self, dropped: set[int]) -> set[int]:
        """The seen glyphs drawn again at nearly the same place as one seen before them (a
        hidden copy under them does not count: the seen one is kept)."""
        return {id(glyph.char) for glyph in self.glyphs
                if id(glyph.char) not in dropped and self._drawn_before(glyph.char)}

    def _drawn_before(self, char: Any) -> bool:
        """Whether the same character was drawn at nearly the same place already: a title
        drawn two or three times a fraction of a point apart to look bold (faux bold) is
        one title, as poppler reads it (within a tenth of its size either way). Glyphs are
        kept in cells a fifth of their size wide, so four cells hold every near one."""
        text, x0, y0 = char.get_text(), char.x0, char.y0
        cell = max(1.0, 0.2 * char.size)
        gx, gy = x0 / cell, y0 / cell
        ix, iy = int(gx), int(gy)
        nx, ny = ix - 1 if gx - ix < 0.5 else ix + 1, iy - 1 if gy - iy < 0.5 else iy + 1
        tolerance = 0.1 * char.size
        drawn = self.drawn
        for key in ((text, ix, iy), (text, nx, iy), (text, ix, ny), (text, nx, ny)):
            for other in drawn.get(key, ()):
                if abs(other.x0 - x0) <= tolerance and abs(other.y0 - y0) <= tolerance and \
                        abs(other.size - char.size) <= 1:
                    return True
        drawn.setdefault((text, ix, iy), []).append(char)
        return False

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool,
                   path: Sequence[Any]) -> None:
        if stroke:
            self._remember_rules(gstate, path)
        if fill and sum(1 for seg in path if seg[0] == "m") == 1:
            self._remember_shape(gstate, path)
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def _remember_rules(self, gstate: Any, path: Sequence[Any]) -> None:
        """Each stroke of the path that is one straight horizontal segment (`x y m x' y l S`,
        as word processors draw an underline or a strike-through), as a rule; a box's
        edges are not rules (a header's frame is not struck through its text)."""
        width = abs(float(gstate.linewidth or 0) * self.ctm[3]) or 1.0
        if width > 3:
            return
        for k, seg in enumerate(path):
            if seg[0] != "m" or len(seg) != 3 or k + 1 >= len(path):
                continue
            after = path[k + 1]
            if after[0] != "l" or len(after) != 3 or (
                    k + 2 < len(path) and path[k + 2][0] != "m"):
                continue  # not a lone segment: a box, a polyline
            start = apply_matrix_pt(self.ctm, (float(seg[1]), float(seg[2])))
            end = apply_matrix_pt(self.ctm, (float(after[1]), float(after[2])))
            if abs(end[1] - start[1]) <= 0.2 and abs(end[0] - start[0]) >= 2 and \
                    len(self.rules) < self.work.limits.shapes_per_page:
                self.rules.append(_Rule(min(start[0], end[0]), max(start[0], end[0]),
                                        (start[1] + end[1]) / 2))

    def _remember_shape(self, gstate: Any, path: Sequence[Any]) -> None:
        if len(self.shapes) >= self.work.limits.shapes_per_page:
            self.too_many_shapes = True
            return
        points = [apply_matrix_pt(self.ctm, (float(seg[k]), float(seg[k + 1])))
                  for seg in path for k in range(1, len(seg) - 1, 2)]
        if not points:
            return
        xs, ys = {round(p[0], 1) for p in points}, {round(p[1], 1) for p in points}
        box = (min(xs), min(ys), max(xs), max(ys))
        rectangle = len(xs) <= 2 and len(ys) <= 2  # axis-aligned: `re`, or m l l l h
        high, wide = box[3] - box[1], box[2] - box[0]
        if rectangle and high <= 3 and wide >= 4 * high and wide >= 2:
            # a thin bar: a rule (an underline, a strike-through), which covers no text
            if len(self.rules) < self.work.limits.shapes_per_page:
                self.rules.append(_Rule(box[0], box[2], (box[1] + box[3]) / 2))
            return
        self.order += 1
        self.shapes.append(_Shape(self.order, box, _white(gstate.ncolor),
                                  rectangle and self.alpha >= 0.9))

    def render_image(self, name: str, stream: Any) -> None:
        super().render_image(name, stream)
        item = self.cur_item
        self.order += 1
        self.images.append((item.x0, item.y0, item.x1, item.y1))

    def end_page(self, page: Any) -> None:
        """Judge what needed the whole page, then lay it out (pdfminer's analysis)."""
        self.turn = self._turn()
        dropped = self._covered_and_white() | self._changed() if not self.turn else set()
        dropped |= self._drawn_again(dropped)
        if dropped:
            _remove(self.cur_item, dropped)
        for glyph in self.invisible:  # invisible over an image: an OCR layer, kept
            x, y = (glyph.char.x0 + glyph.char.x1) / 2, (glyph.char.y0 + glyph.char.y1) / 2
            if any(_inside(x, y, box) for box in self.images):
                glyph.parent.add(glyph.char)
            else:
                self.page_hidden[Hidden.INVISIBLE] += 1
        super().end_page(page)

    def _turn(self) -> int:
        """How far (degrees, counter-clockwise) to turn the page so most glyphs stand
        upright; 0 when they already do."""
        if not self.directions:
            return 0
        direction, _ = self.directions.most_common(1)[0]
        return 0 if direction == 0 else direction

    def _changed(self) -> set[int]:
        """A redline's changed glyphs to leave out: struck-through ones when its changes are
        accepted, underlined ones when rejected. A page is a redline when some of its text is
        struck through; without that, underlining is emphasis (a heading, a link) and stays."""
        if not self.rules:
            return set()
        rules = sorted(self.rules, key=lambda r: r.y)
        heights = [r.y for r in rules]
        self.work.operator(len(self.glyphs) * len(rules) // 64)  # its bound, charged first
        found = [(glyph, _mark(glyph.char, rules, heights)) for glyph in self.glyphs]
        inked: Counter[int] = Counter()  # how much of each rule runs under marked glyphs
        for glyph, hit in found:
            if hit is not None:
                inked[hit[1]] += glyph.char.x1 - glyph.char.x0
        marks: list[tuple[_Glyph, Mark | None]] = [
            (glyph, hit[0] if hit is not None and _mostly_text(rules[hit[1]], inked[hit[1]])
             else None) for glyph, hit in found]
        if not any(mark is Mark.STRUCK for _, mark in marks):
            return set()
        previous: Mark | None = None
        for _, mark in marks:
            if mark is not None and mark is not previous:
                self.page_marked[mark] += 1
            previous = mark
        out = Mark.STRUCK if self.changes is TrackedChanges.ACCEPT else Mark.UNDERLINED
        return {id(glyph.char) for glyph, mark in marks if mark is out}

    def _covered_and_white(self) -> set[int]:
        """Glyphs under an opaque rectangle painted later, and white glyphs with nothing but
        the (white) page under them."""
        dropped: set[int] = set()
        later = [s for s in self.shapes if s.covers]
        backs = [s.box for s in self.shapes if not s.white]
        for glyph in self.glyphs:
            c = glyph.char
            x, y = (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2
            self.work.operator(len(later) // 64)  # the check is work too, on a bound
            if any(s.order > glyph.order and _inside(x, y, s.box) for s in later):
                self.page_hidden[Hidden.COVERED] += 1
                dropped.add(id(c))
            elif glyph.white and not any(_inside(x, y, b) for b in backs + self.images):
                self.page_hidden[Hidden.WHITE] += 1
                dropped.add(id(c))
        return dropped


# The Symbol font's own encoding (PDF 32000-1, Annex D.5), codes 0x20-0x7E and 0xA0-0xFE; \0
# where the glyph has no Unicode character (pieces of large brackets, the Apple logo).
_SYMBOL_LOW = (" !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧ∆ΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_\0"
               "αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼")
_SYMBOL_HIGH = ("€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…\0\0↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇\0\0\0∏√⋅¬∧∨⇔⇐⇑⇒⇓"
                "◊〈\0\0\0∑\0\0\0\0\0\0\0\0\0\0\0〉∫⌠\0⌡\0\0\0\0\0\0\0\0\0\0")
SYMBOL_ENCODING = {code: char for code, char in [*zip(range(0x20, 0x7F), _SYMBOL_LOW,
                                                      strict=True),
                                                 *zip(range(0xA0, 0x100), _SYMBOL_HIGH,
                                                      strict=True)] if char != "\0"}


def _builtin_symbol(font: Any) -> bool:
    """The Type 1 Symbol font without a ToUnicode map or an encoding of the PDF's own: it is
    in its own encoding, which pdfminer does not know (it reads StandardEncoding, where ≥ is
    "‡" and ≤ "£"; WinAnsi would make ≥ "³"). Poppler reads it as here. (A TrueType SymbolMT
    without a map is left to pdfminer's WinAnsi, as poppler leaves it.)"""
    from pdfminer.encodingdb import EncodingDB
    from pdfminer.pdffont import PDFTrueTypeFont, PDFType1Font

    if not isinstance(font, PDFType1Font) or isinstance(font, PDFTrueTypeFont):
        return False
    name = font.basefont.split("+", 1)[-1].split(",", 1)[0]
    return name == "Symbol" and font.unicode_map is None and any(
        font.cid2unicode is table for table in EncodingDB.encodings.values())


def _symbol(font: Any, cid: int) -> str:
    from pdfminer.pdffont import PDFUnicodeNotDefined

    if cid not in SYMBOL_ENCODING:
        raise PDFUnicodeNotDefined(None, cid)
    return SYMBOL_ENCODING[cid]


def _mostly_text(rule: _Rule, inked: float) -> bool:
    """A rule that marks text runs under or through it for most of its length (a frame's
    edge or a table's border runs far past the words it happens to cross)."""
    return inked >= 0.6 * (rule.x1 - rule.x0)


@dataclass(slots=True)
class _Rule:
    """A thin horizontal line on the page: from x0 to x1 at height y."""

    x0: float
    x1: float
    y: float


def _mark(char: Any, rules: list[_Rule], heights: list[float]) -> tuple[Mark, int] | None:
    """Whether a rule runs through the glyph's middle (a strike-through: 0.15 to 0.5 of its
    size above the baseline; two there are a double strike-through) or just under its
    baseline (an underline), and which rule; upright text only. Two rules about one glyph
    otherwise are a frame, not a mark. `rules` are
    sorted by height, `heights` their heights."""
    a, b, _, _, _, baseline = char.matrix
    size = char.size
    if a <= 0 or abs(b) > 0.01 * a or size <= 0:
        return None
    middle = (char.x0 + char.x1) / 2
    found: tuple[Mark, int] | None = None
    near = struck = 0
    for k in range(bisect_left(heights, baseline - 0.6 * size), len(rules)):
        rule = rules[k]
        above = (rule.y - baseline) / size
        if above > 1.1:
            break
        if not rule.x0 <= middle <= rule.x1:
            continue
        near += 1
        if 0.15 <= above <= 0.5:
            found = (Mark.STRUCK, k)
            struck += 1
        elif -0.3 <= above <= 0.02:
            found = (Mark.UNDERLINED, k)
    # a double strike-through is two rules through the middle; two rules otherwise are a frame
    return found if near == 1 or near == struck == 2 else None


def _white(color: Any) -> bool:
    """A fill colour that is white in DeviceGray, DeviceRGB or DeviceCMYK."""
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:
        return all(v <= 0.01 for v in values)
    return len(values) in (1, 3) and all(v >= 0.99 for v in values)


def _remove(container: Any, dropped: set[int]) -> None:
    """Take the dropped glyphs out of the page and the figures inside it."""
    stack = [container]
    while stack:
        item = stack.pop()
        item._objs = [o for o in item._objs if id(o) not in dropped]
        stack.extend(o for o in item._objs if isinstance(o, LTContainer) and not isinstance(
            o, LTChar))
