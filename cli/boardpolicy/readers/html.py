"""A web page -> Document, through lxml's HTML parser (libxml2).

Policies are published inside a school website: the policy is kept and the site dropped
(scripts, styles, navigation, banners, site footers, sidebars, search forms, and lists of
links such as "5012 - Sexual Harassment (opens in new window)"). A page boardpolicy wrote is
read back exactly, header included.

The encoding: a byte-order mark, else UTF-8 when the bytes are UTF-8, else the charset the
page declares (Latin-1 and ASCII read as Windows-1252, as browsers do), else Windows-1252 with
a note (libxml2 alone would read an undeclared page as Latin-1, so UTF-8 text became
"donâ€™t" and Windows-1252's ’ became U+0092). Content hidden from readers (`hidden`,
`display:none`, `visibility:hidden`, `opacity:0`, text moved off the screen, a closed
`<dialog>`) is left out and counted in a note.

What is dropped is emptied where it stands rather than taken out of the tree: taking an
element out must move the text that follows it onto its neighbour, and 40,000 removals each
copying the growing neighbour's text took 71 s on a 1 MB page. The tree is walked once, and
what is dropped is not descended into.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TYPE_CHECKING

from ..document import Document, Finding, FindingKind
from ..errors import BoardPolicyError, InputError
from .structure import Hint, Line, build

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Not shown as text, or not the page's text at all (a form's controls, an inert template)
CODE_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "canvas", "button", "select", "input", "textarea", "head", "title", "meta",
             "link", "math")
FURNITURE_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary", "menu",
                   "menubar")
# A class or id names page furniture when every word of it is one of these ("social-share",
# "site-footer", "mainNav"), and not when it also says something else
# ("policy-social-networking", "has-sidebar")
FURNITURE_WORDS = frozenset(
    "nav navbar navigation menu menus breadcrumb breadcrumbs sidebar footer masthead skip "
    "cookie cookies social share sharing".split())
FURNITURE_COMPANIONS = frozenset(
    "site main page global top bottom primary secondary utility left right mobile desktop "
    "header bar links link icons icon buttons button widget widgets area block region wrap "
    "wrapper container inner outer list item items toggle consent notice banner to content "
    "trail tools toolbar sub col column".split())
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
              "tr", "dt", "dd", "section", "article", "main", "header", "footer", "td", "th",
              "ul", "ol", "table", "dl", "body", "address", "figure", "figcaption", "center",
              "thead", "tbody", "tfoot", "caption", "details", "summary", "hr", "form",
              "fieldset", "legend", "nav", "aside", "dialog", "template", "search"}
# A header or footer inside one of these is that part's own, not the site's (HTML-AAM)
SECTIONING = ("article", "aside", "main", "nav", "section")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
MAX_DEPTH = 255  # libxml2's HTML parser keeps at most 256 levels
MAX_RUN = 10_000_000  # libxml2's longest text or attribute value (without XML_PARSE_HUGE)
# An image inlined in a data: URI is not text; a long one is cut before parsing so that it
# neither passes libxml2's limit on an attribute (which ended the page there) nor costs memory
_DATA_URI = re.compile(rb"data:[^\"'\s>)]{4096,}")
HINTS = {"h1": Hint.TITLE, "h2": Hint.HEADING, "h3": Hint.HEADING, "h4": Hint.HEADING,
         "h5": Hint.HEADING, "h6": Hint.HEADING, "li": Hint.ITEM, "dt": Hint.HEADING,
         "p": Hint.PARAGRAPH}


class Drop(Enum):
    """Why an element is not read."""

    CODE = "code"  # scripts, styles, form controls: never text a reader sees
    HIDDEN = "hidden"  # hidden by the page: counted in a note
    FURNITURE = "furniture"  # the site around the policy, guessed from tags, roles and names
    UNSPOKEN = "unspoken"  # aria-hidden: shown, but marked as decoration; counted as hidden


GUESSES = (Drop.FURNITURE, Drop.UNSPOKEN)  # kept when they hold most of the page


def read_html(data: bytes, name: str) -> Document:
    try:
        return _read(data, name)
    except BoardPolicyError:
        raise
    except (ValueError, TypeError, LookupError) as exc:  # lxml's complaints about the bytes
        raise InputError(f"is not a readable web page ({type(exc).__name__}: {exc})",
                         path=name) from None


def _read(data: bytes, name: str) -> Document:
    import lxml.etree
    import lxml.html

    data, findings = _utf8(data)
    data = _DATA_URI.sub(b"data:,", data)
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except lxml.etree.ParserError as exc:
        raise InputError(f"is not a readable web page ({exc})", path=name) from None
    stopped = _stopped(parser.error_log, root, name)
    if stopped:
        findings.append(Finding(FindingKind.TOO_DEEP, stopped))
    district = series = number = ""
    if root.xpath("//meta[@name='generator'][@content='boardpolicy']"):
        # our own page: the header holds district, series and number
        district = _string(root, "//header//p[@class='district']")
        series = _string(root, "//header//p[@class='series']/span[1]")
        number = _string(root, "//header//*[@class='number']").removeprefix("Policy ").strip()
    if not district:  # a school website names the district in the page's <title>
        district = _district_in_title(root.findtext(".//title") or "")
    hidden = _strip(root)
    if hidden:
        findings.append(Finding(FindingKind.HIDDEN_LEFT_OUT,
                                f"left out {hidden} hidden element{'s' * (hidden > 1)} "
                                "(hidden, display:none, opacity:0, off the screen): text a "
                                "reader of the page does not see"))
    lines = list(_collect(_content_root(root)))
    if not any(line.text.strip() for line in lines):
        if stopped:
            raise InputError(f"is nested more than {MAX_DEPTH} elements deep, and no text "
                             "was found before that point", path=name)
        if hidden:
            raise InputError(f"holds no visible text: all its text is in the {hidden} "
                             "element(s) the page hides (hidden, display:none)", path=name)
    return build(lines, source=name, findings=findings, district=district or None,
                 series=series, number=number)


def read_fragment(markup: str) -> tuple[list[Line], int]:
    """A piece of HTML inside another format (a Markdown HTML block or inline tags) -> its
    lines, as a page's body would read, and how many hidden elements it left out."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8")
    data = _DATA_URI.sub(b"data:,", f"<html><body>{markup}</body></html>".encode(
        "utf-8", errors="replace"))
    root = lxml.html.document_fromstring(data, parser=parser)
    hidden = _strip(root, furniture=False)
    body = root.find("body")
    return list(_collect(body if body is not None else root)), hidden


_TITLE_PARTS = re.compile(r"\s+[|–—:-]\s+|\s*\|\s*")


def _district_in_title(title: str) -> str:
    """The part of a page title that names a district: "5460 - Electronic Resources |
    Lone Pine School District" -> "Lone Pine School District"; '' when no part does."""
    from .structure import DISTRICT

    for part in _TITLE_PARTS.split(" ".join(title.split())):
        words = part.split()
        if DISTRICT.search(part) and 2 <= len(words) <= 8 and part[:1].isupper():
            return part
    return ""


def _string(root: HtmlElement, path: str) -> str:
    """The text at `path`, its white space folded."""
    return " ".join(str(root.xpath(f"string({path})")).split())


# --- the encoding ------------------------------------------------------------------------------

# The charset a page declares, found as browsers prescan for it: outside comments
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([^\s\"'>;/]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
# Labels browsers read as Windows-1252 (the WHATWG Encoding Standard)
_AS_1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}


def _utf8(data: bytes) -> tuple[bytes, list[Finding]]:
    """The page's bytes as UTF-8, and a finding when the encoding was a guess."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _recode(data, codec), []
    try:
        data.decode("utf-8")
        return data, []
    except UnicodeDecodeError as exc:
        bad = exc
    label = _declared(data[:4096])
    if label is None:
        return _recode(data, "cp1252"), [Finding(
            FindingKind.CHARSET_GUESSED, "not UTF-8 and no charset declared: read as "
            "Windows-1252")]
    declared = _codec(label)
    if declared is None:
        shown = label[:40].decode("ascii", "replace")
        return _recode(data, "cp1252"), [Finding(
            FindingKind.CHARSET_GUESSED, f"declares the charset '{shown}', which boardpolicy "
            "does not know: read as Windows-1252")]
    if declared == "utf_8":
        return _recode(data, "utf-8"), [Finding(
            FindingKind.CHARSET_GUESSED, f"declares UTF-8 but byte {bad.start:,} "
            f"(0x{data[bad.start]:02X}) is not UTF-8: read as UTF-8, bad bytes shown as �")]
    return _recode(data, declared), []


def _declared(head: bytes) -> bytes | None:
    """The charset label the page's first bytes declare, outside comments."""
    head = _COMMENT.sub(b"", head)
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return found.group(1).strip() if found else None


def _codec(label: bytes) -> str | None:
    """Python's codec for a charset label; Latin-1 and ASCII as Windows-1252, and UTF-16
    in a <meta> as UTF-8 (bytes that declare it in ASCII are not UTF-16), as browsers do."""
    try:
        name = codecs.lookup(label.decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _AS_1252:
        return "cp1252"
    return "utf_8" if name.startswith(("utf_16", "utf_32")) else name


def _recode(data: bytes, codec: str) -> bytes:
    return data.decode(codec, errors="replace").encode("utf-8", errors="replace")


# --- where libxml2 stopped ---------------------------------------------------------------------

def _stopped(log: object, root: HtmlElement, name: str) -> str:
    """Why libxml2 stopped building the page before its end, in words ('' when it did not).
    Past its depth the page is read up to that point; a run of text longer than it keeps
    would lose the rest of the page, so that page is refused."""
    for entry in log:  # type: ignore[attr-defined]
        if entry.type_name != "ERR_RESOURCE_LIMIT":
            continue
        if "depth" in entry.message:
            return (f"nested more than {MAX_DEPTH} elements deep at line {entry.line:,}: "
                    "the page was read up to that point, and the rest was not read")
        raise InputError(f"has a run of text or an attribute longer than {MAX_RUN:,} bytes "
                         f"at line {entry.line:,} (the HTML parser's limit); the page after "
                         "it cannot be read", path=name)
    if root.xpath("boolean(/" + "/".join(["*"] * MAX_DEPTH) + ")"):  # the log was full
        return (f"nested more than {MAX_DEPTH} elements deep: the page was read up to that "
                "point, and the rest was not read")
    return ""


# --- what is not the policy --------------------------------------------------------------------

def _strip(root: HtmlElement, furniture: bool = True) -> int:
    """Empty what is not the policy; returns how many hidden elements held text.
    `furniture`: guess the site around the policy too (a whole page, not a fragment).

    Guessed furniture (a form, a site footer, an element named "sidebar") is kept when it
    holds the page's main content or most of its text: the ASP.NET <form> around a whole
    page, or a wrapper classed "nav-open", is the page itself."""
    for element in list(root.iter(*CODE_TAGS)):
        if not _shadow_root(element):
            _empty(element)
    body = root.find("body")
    page = _chars(body if body is not None else root)
    main = root.xpath("(//main|//*[@role='main']|//article)[1]")
    hidden = 0

    def visit(element: HtmlElement) -> bool:
        nonlocal hidden
        drop = _verdict(element)
        if drop is Drop.FURNITURE and not furniture:
            drop = None
        if drop in GUESSES and (_chars(element) * 2 > page or
                                any(_holds(element, m) for m in main)):
            drop = None
        if drop is None:
            return True
        if drop in (Drop.HIDDEN, Drop.UNSPOKEN) and " ".join(element.text_content().split()):
            hidden += 1
        _empty(element)
        return False

    _walk(root, visit)
    if not furniture:
        return hidden
    for element in list(root.iter("ul", "ol")):
        if element.tag in ("ul", "ol") and _link_list(element):
            _empty(element)
    for element in _link_bars(root):
        _empty(element)
    return hidden


def _holds(element: HtmlElement, other: HtmlElement) -> bool:
    """`other` is `element` or inside it (its ancestors, at most 255 of them)."""
    return other is element or any(a is element for a in other.iterancestors())


def _walk(top: HtmlElement, visit: Callable[[HtmlElement], bool]) -> None:
    """Visit every element under `top` in document order, not descending where `visit`
    says False. Only the current element is held: no list of the page's elements."""
    node: HtmlElement | None = top
    while node is not None:
        descend = isinstance(node.tag, str) and visit(node)
        if descend and len(node):
            node = node[0]
            continue
        while node is not top:
            following = node.getnext()
            if following is not None:
                node = following
                break
            node = node.getparent()
        else:
            return


def _verdict(element: HtmlElement) -> Drop | None:
    tag = element.tag
    if tag in ("html", "body"):
        return None
    if element.get("hidden") is not None or _style_hides(element.get("style") or "") or \
            (tag == "dialog" and element.get("open") is None):
        return Drop.HIDDEN
    if element.get("aria-hidden") == "true":
        return Drop.UNSPOKEN
    role = (element.get("role") or "").lower()
    if role in FURNITURE_ROLES or tag in ("nav", "aside", "form"):
        return Drop.FURNITURE
    if tag in ("header", "footer") and not any(a.tag in SECTIONING
                                               for a in element.iterancestors()):
        return Drop.FURNITURE  # the site's banner or footer; an article's own stays
    if _furniture_name(element.get("class") or "") or _furniture_name(element.get("id") or ""):
        return Drop.FURNITURE
    return None


def _furniture_name(names: str) -> bool:
    """A class or id that names page furniture: "social-share", "site-footer", "mainNav"."""
    for name in names.split():
        words = [w.lower() for w in _NAME_WORDS.findall(name) if not w.isdigit()]
        if any(w in FURNITURE_WORDS for w in words) and \
                all(w in FURNITURE_WORDS or w in FURNITURE_COMPANIONS for w in words):
            return True
    return False


def _shadow_root(element: HtmlElement) -> bool:
    """A declarative shadow root: a <template> whose content the browser shows."""
    return element.tag == "template" and (element.get("shadowrootmode") is not None
                                          or element.get("shadowroot") is not None)


def _chars(element: HtmlElement) -> int:
    """How much text an element holds, counted by libxml2."""
    return int(element.xpath("string-length(normalize-space(.))"))


def _empty(element: HtmlElement) -> None:
    """Drop an element's content where it stands, keeping the text that follows it; a block
    stays a (now empty) block, so the text before and after it stay apart."""
    block = element.tag in BLOCK_TAGS or element.tag in CODE_TAGS
    element.clear(keep_tail=True)
    element.tag = "div" if block else "span"


# --- CSS in a style attribute --------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.DOTALL)
_LENGTH = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(px|em|rem|pt|%|vw|vh|cm|mm|in)?$")
_PX = {"px": 1.0, "em": 16.0, "rem": 16.0, "pt": 4 / 3, "cm": 37.8, "mm": 3.78, "in": 96.0,
       "vw": 12.0, "vh": 8.0, "%": 10.0, None: 1.0}
OFF_SCREEN = -999  # px: "left:-9999px", "text-indent:-9999px" move text out of sight


def _style_hides(style: str) -> bool:
    """An inline style that hides the element: display:none, visibility:hidden, opacity:0,
    font-size:0, or text moved off the screen or clipped to nothing."""
    if not style:
        return False
    rules = _declarations(style)
    if rules.get("display") == "none" or rules.get("visibility") in ("hidden", "collapse"):
        return True
    if _number(rules.get("opacity", "1")) == 0 or _px(rules.get("font-size", "1")) == 0:
        return True
    if _px(rules.get("text-indent", "0")) <= OFF_SCREEN:
        return True
    placed = rules.get("position") in ("absolute", "fixed")
    if placed and any(_px(rules.get(side, "0")) <= OFF_SCREEN
                      for side in ("left", "top", "right", "bottom")):
        return True
    clip = rules.get("clip", "").replace(",", " ")
    if placed and clip.startswith("rect(") and all(
            _px(v) <= 1 for v in clip[5:].rstrip(")").split()):
        return True
    tiny = _px(rules.get("width", "9")) <= 1 or _px(rules.get("height", "9")) <= 1
    return tiny and rules.get("overflow") == "hidden"


def _declarations(style: str) -> dict[str, str]:
    """A style attribute's declarations, lower case, comments and !important left out."""
    rules = {}
    for declaration in _CSS_COMMENT.sub("", style).split(";"):
        prop, colon, value = declaration.partition(":")
        if colon:
            value = value.lower().replace("!important", "")
            rules[prop.strip().lower()] = " ".join(value.split())
    return rules


def _number(value: str) -> float:
    found = _LENGTH.match(value)
    if not found:
        return 1.0
    number = float(found.group(1))
    return number / 100 if found.group(2) == "%" else number


def _px(value: str) -> float:
    """A CSS length in pixels (roughly, for telling 0 and -9999px apart); 9 when unknown."""
    found = _LENGTH.match(value)
    if not found:
        return 9.0
    return float(found.group(1)) * _PX.get(found.group(2), 1.0)


# --- page furniture that only its shape gives away -----------------------------------------------

_SEPARATORS = re.compile(r"[\s|·•/–—-]*")


def _link_bars(root: HtmlElement) -> list[HtmlElement]:
    """Lines above the page's <h1> that are nothing but links ("Print this page | Download
    PDF"): page furniture, which would otherwise be read as the policy's title."""
    if root.find(".//h1") is None:
        return []
    bars: list[HtmlElement] = []
    for element in root.iter():
        if element.tag == "h1":
            break
        if element.tag not in ("p", "div") or element.find(".//a") is None or \
                element.find(".//h1") is not None:
            continue
        text = "".join(element.xpath(".//text()[not(ancestor::a)]"))
        if _SEPARATORS.fullmatch(text) and not any(_holds(bar, element) for bar in bars[-1:]):
            bars.append(element)
    return bars


def _link_list(element: HtmlElement) -> bool:
    """A list whose items are each just a link: a menu, not policy text."""
    items = [li for li in element if li.tag == "li"]
    if len(items) < 3:
        return False
    linky = 0
    for li in items:
        text = " ".join(li.text_content().split())
        link_text = " ".join(" ".join(a.text_content().split()) for a in li.iter("a"))
        if text and len(link_text) >= 0.8 * len(text):
            linky += 1
    return linky >= 0.8 * len(items)


def _content_root(root: HtmlElement) -> HtmlElement:
    for path in ("//main", "//*[@role='main']", "//article", "//*[@id='content']",
                 "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]"):
        found = root.xpath(path)
        if found and " ".join(found[0].text_content().split()):
            return found[0]
    body = root.find("body")
    return body if body is not None else root


# --- the text --------------------------------------------------------------------------------

def _collect(element: HtmlElement, heading_rows: bool = False) -> Iterator[Line]:
    """Walk the tree; every block element's own text becomes lines, <br> splitting them.
    `heading_rows`: a table's rows of headings are read (a table with no data cells)."""
    if element.tag == "tr":
        yield from _table_row(element, heading_rows)
        return
    if element.tag == "dl":
        yield from _definitions(element)
        return
    if element.tag == "table":
        heading_rows = not element.xpath("boolean(.//td)")
    hint = HINTS.get(element.tag, Hint.GUESSED)
    buffer: list[str] = [element.text] if element.text else []
    for child in element:
        if isinstance(child.tag, str):  # not a comment or a processing instruction
            if child.tag in BLOCK_TAGS:
                yield from _split(buffer, hint)
                buffer = []
                yield from _collect(child, heading_rows)
            elif child.tag == "br":
                buffer.append("\n")
            else:
                _inline_text(child, buffer)
        if child.tail:
            buffer.append(child.tail)
    yield from _split(buffer, hint)


def _split(buffer: list[str], hint: Hint) -> Iterator[Line]:
    """Text gathered from a block element, one line per <br>."""
    for part in "".join(buffer).split("\n"):
        if part.strip():
            yield Line(part, hint)


def _table_row(element: HtmlElement, heading_rows: bool) -> Iterator[Line]:
    """A table row reads as one line; a row of column headings over data rows is skipped."""
    cells = [c for c in element if c.tag in ("td", "th")]
    texts = [" ".join(c.text_content().split()) for c in cells]
    if any(texts) and (heading_rows or any(c.tag == "td" for c in cells)):
        yield Line("  ".join(t for t in texts if t))


def _definitions(element: HtmlElement) -> Iterator[Line]:
    """A term and its descriptions read as one line; a list nested in a description
    follows it, read once."""
    line: str | None = None
    nested: list[HtmlElement] = []
    for node in _terms(element):
        text = " ".join(_own_text(node, nested).split())
        if node.tag == "dt" or line is None:
            if line is not None:
                yield Line(line)
            line = text
        else:
            line = f"{line} {text}"
        if nested:
            if line:
                yield Line(line)
            line = None
            for inner in nested:
                yield from _collect(inner)
            nested = []
    if line:
        yield Line(line)


def _terms(element: HtmlElement) -> Iterator[HtmlElement]:
    """A list's own <dt> and <dd>, directly in it or in a <div> grouping them (HTML allows
    both), not those of a list nested in one of them."""
    for child in element:
        if child.tag in ("dt", "dd"):
            yield child
        elif child.tag == "div":
            yield from _terms(child)


def _own_text(node: HtmlElement, nested: list[HtmlElement]) -> str:
    """A term's or description's text without the lists nested in it (put in `nested`)."""
    parts: list[str] = [node.text or ""]
    for child in node:
        if child.tag in ("dl", "ul", "ol", "table"):
            nested.append(child)
        elif isinstance(child.tag, str):
            _inline_text(child, parts)
            parts[-1:] = [p.replace("\n", " ") for p in parts[-1:]]
        parts.append(child.tail or "")
    return "".join(parts).replace("\n", " ")


def _inline_text(element: HtmlElement, out: list[str]) -> None:
    """An inline element's text, appended to `out` (a list, so that text nested deep is
    not copied once a level)."""
    if element.text:
        out.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            if child.tag == "br":
                out.append("\n")
            else:
                _inline_text(child, out)
        if child.tail:
            out.append(child.tail)
