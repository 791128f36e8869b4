"""A web page -> Document, through lxml's HTML parser (libxml2).

Policies are published inside a school website: the policy is kept and the site dropped
(scripts, styles, navigation, banners, footers, sidebars, forms, and lists of links such as
"5012 - Sexual Harassment (opens in new window)"). A page boardpolicy wrote is read back
exactly, header included.

The encoding: a byte-order mark, else UTF-8 when the bytes are UTF-8, else the charset the
page declares, else Windows-1252 with a note (libxml2 alone would read an undeclared page as
Latin-1, so UTF-8 text became "donâ€™t"). Content hidden from readers (`hidden`,
`aria-hidden`, `display:none`, `visibility:hidden`) is left out and counted in a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..document import Document, Finding, FindingKind
from ..errors import BoardPolicyError, InputError
from .structure import Hint, Line, build

if TYPE_CHECKING:
    from lxml.html import HtmlElement

DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "canvas", "form", "button", "select", "input", "textarea", "nav", "aside",
             "footer", "head", "title", "meta", "link")
DROP_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary", "menu",
              "menubar", "dialog")
DROP_NAMES = re.compile(r"(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|sidebar|footer|"
                        r"site-header|masthead|skip|cookie|social|share|sharing)($|[\s_-])",
                        re.IGNORECASE)
BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
              "tr", "dt", "dd", "section", "article", "main", "header", "td", "th", "ul", "ol",
              "table", "dl", "body", "address", "figure", "figcaption", "center", "thead",
              "tbody", "tfoot", "caption", "details", "summary", "hr"}
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DECLARED = re.compile(rb"<meta[^>]*charset\s*=|<\?xml[^>]*encoding\s*=", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"(display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
MAX_DEPTH = 255  # libxml2's HTML parser keeps at most 256 levels
HINTS = {"h1": Hint.TITLE, "h2": Hint.HEADING, "h3": Hint.HEADING, "h4": Hint.HEADING,
         "h5": Hint.HEADING, "h6": Hint.HEADING, "li": Hint.ITEM, "dt": Hint.HEADING,
         "p": Hint.PARAGRAPH}


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

    encoding, findings = _encoding(data)
    parser = lxml.html.HTMLParser(encoding=encoding)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except lxml.etree.ParserError as exc:
        raise InputError(f"is not a readable web page ({exc})", path=name) from None
    own = root.xpath("//meta[@name='generator'][@content='boardpolicy']")
    district = series = number = ""
    if own:  # our own page: the header holds district, series and number
        district = _string(root, "//header//p[@class='district']")
        series = _string(root, "//header//p[@class='series']/span[1]")
        number = _string(root, "//header//*[@class='number']").removeprefix("Policy ").strip()
    if not district:  # a school website names the district in the page's <title>
        district = _district_in_title(root.findtext(".//title") or "")
    too_deep = _too_deep(root)
    if too_deep:
        findings.append(Finding(FindingKind.TOO_DEEP, f"nested more than {MAX_DEPTH} elements "
                                "deep: text below that depth was not read"))
    hidden = _strip(root)
    if hidden:
        findings.append(Finding(FindingKind.HIDDEN_LEFT_OUT,
                                f"left out {hidden} hidden element{'s' * (hidden > 1)} (hidden, "
                                "display:none): text a reader of the page does not see"))
    content = _content_root(root)
    lines = list(_collect(content))
    if too_deep and not any(line.text.strip() for line in lines):
        raise InputError(f"is nested more than {MAX_DEPTH} elements deep, and no text was "
                         "found above that depth", path=name)
    return build(lines, source=name, findings=findings, district=district or None,
                 series=series, number=number)


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


def _encoding(data: bytes) -> tuple[str | None, list[Finding]]:
    """The encoding to read the page in (None: the one its byte-order mark or its own
    declaration names), and a finding when it is a guess."""
    if data.startswith(BOMS):
        return None, []
    try:
        data.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError:
        pass
    if _DECLARED.search(data[:4096]):
        return None, []
    return "windows-1252", [Finding(FindingKind.CHARSET_GUESSED,
                                    "not UTF-8 and no charset declared: read as Windows-1252")]


def _too_deep(root: HtmlElement) -> bool:
    """The tree reaches MAX_DEPTH levels (libxml2 stops building it at 256). Asked of libxml2
    in one XPath, so that no Python object is made per element: a wide page of 200,000
    paragraphs would otherwise hold 200,000 of them at once."""
    return bool(root.xpath("boolean(/" + "/".join(["*"] * MAX_DEPTH) + ")"))


def _strip(root: HtmlElement) -> int:
    """Drop what is not the policy; returns how many hidden elements were dropped.

    The tree is walked lazily and only what is dropped is kept hold of: a Python object for
    every element of a page of 200,000 paragraphs would cost more than the tree itself."""
    hidden_count = 0
    for element in list(root.iter(*DROP_TAGS)):
        _remove(element)
    doomed: list = []
    dropped: set = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        role = (element.get("role") or "").lower()
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        hidden = element.get("hidden") is not None or element.get("aria-hidden") == "true" \
            or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
        drop = role in DROP_ROLES or hidden or \
            (element.tag != "body" and DROP_NAMES.search(names)) or \
            (element.tag == "header" and not _inside(element, ("main", "article")))
        if not drop or any(a in dropped for a in element.iterancestors()):
            continue  # kept, or inside something already dropped
        if hidden and " ".join(element.text_content().split()):
            hidden_count += 1
        doomed.append(element)
        dropped.add(element)
    for element in doomed:
        _remove(element)  # a header is the site's banner; an article's own header stays
    for element in list(root.iter("ul", "ol")):
        if element.getparent() is not None and _link_list(element):
            _remove(element)
    for element in _link_bars(root):
        _remove(element)
    return hidden_count


_SEPARATORS = re.compile(r"[\s|·•/–—-]*")


def _link_bars(root: HtmlElement) -> list[HtmlElement]:
    """Lines above the page's <h1> that are nothing but links ("Print this page | Download
    PDF"): page furniture, which would otherwise be read as the policy's title."""
    bars = []
    for element in root.iter():
        if element.tag == "h1":
            break
        if element.tag not in ("p", "div") or element.find(".//h1") is not None:
            continue
        links = list(element.iter("a"))
        text = element.text_content()
        for link in links:
            text = text.replace(link.text_content(), " ", 1)
        if links and _SEPARATORS.fullmatch(text) and \
                not any(b in bars for b in element.iterancestors()):
            bars.append(element)
    return bars if root.find(".//h1") is not None else []


def _remove(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:  # keep the text that follows the element
        tail = _XML_UNSAFE.sub(" ", element.tail)  # lxml refuses to store what it parsed
        previous = element.getprevious()
        if previous is not None:
            previous.tail = _XML_UNSAFE.sub(" ", previous.tail or "") + tail
        else:
            parent.text = _XML_UNSAFE.sub(" ", parent.text or "") + tail
    parent.remove(element)


def _inside(element: HtmlElement, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in element.iterancestors())


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


def _collect(element: HtmlElement) -> Iterator[Line]:
    """Walk the tree; every block element's own text becomes lines, <br> splitting them."""
    if element.tag == "tr":
        yield from _table_row(element)
        return
    if element.tag == "dl":
        yield from _definitions(element)
        return
    hint = HINTS.get(element.tag, Hint.GUESSED)
    buffer: list[str] = [element.text] if element.text else []
    for child in element:
        if isinstance(child.tag, str):  # not a comment or a processing instruction
            if child.tag in BLOCK_TAGS:
                yield from _split(buffer, hint)
                buffer = []
                yield from _collect(child)
            else:
                buffer.append("\n" if child.tag == "br" else _inline_text(child))
        if child.tail:
            buffer.append(child.tail)
    yield from _split(buffer, hint)


def _split(buffer: list[str], hint: Hint) -> Iterator[Line]:
    """Text gathered from a block element, one line per <br>."""
    for part in "".join(buffer).split("\n"):
        if part.strip():
            yield Line(part, hint)


def _table_row(element: HtmlElement) -> Iterator[Line]:
    """A table row reads as one line; a row of headings is skipped."""
    cells = [c for c in element if c.tag in ("td", "th")]
    texts = [" ".join(c.text_content().split()) for c in cells]
    if any(texts) and any(c.tag == "td" for c in cells):
        yield Line("  ".join(t for t in texts if t))


def _definitions(element: HtmlElement) -> Iterator[Line]:
    """A term and its descriptions read as one line."""
    line: str | None = None
    for node in element.iter("dt", "dd"):
        text = " ".join(node.text_content().split())
        if node.tag == "dt" or line is None:
            if line is not None:
                yield Line(line)
            line = text
        else:
            line = f"{line} {text}"
    if line is not None:
        yield Line(line)


def _inline_text(element: HtmlElement) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append("\n" if child.tag == "br" else _inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
