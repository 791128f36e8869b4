"""A built site's pages: a manual's files -> the policy pages (HTML and DOCX, their cross
references linked to the pages the manual has) and the index by section and number.

A document is printed as it was read; what its front matter says (dates, legal and cross
references, fields nobody reads) is added after its text as the blocks a composed policy has
(a cross-reference table, a history), so the Word copy says it too. A district file is
printed as composed. A reference is a link only when the manual has the policy; otherwise it
stays plain text, and `check`'s missing-reference finding says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .check import _MENTION as MENTION  # "Policy 5015", "see policy 1002.10": as check finds them
from .document import Block, DateRole, Document, Kind, PolicyKind
from .manual import PolicyFile, PolicyNumber, parse_number
from .search import INDEX_FILE, SCRIPT_FILE, page_words

if TYPE_CHECKING:
    from .outputs.context import Context

NumberKey = tuple[object, ...]
DATE_ROLES = (DateRole.ADOPTED, DateRole.REVISED, DateRole.REVIEWED)
_LEAD = re.compile(r"\s*(\S+)[\s:.\-–—]+(\S.*)", re.DOTALL)
# A regulation's or exhibit's mark written onto the number a mention ends with ("5460P",
# "0403.80-AR-01"): part of the number, so the link is to that page and covers it whole.
_MARK = re.compile(r"[-_]?(?:AR|AP|EX|R|P|E|F)(?:[-_]?\d{1,3})?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    """A policy the page refers to and the manual has: its page and its title."""

    key: NumberKey
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Page:
    """One file of the manual as a page of the site.

    `name` is its file name in the site without the suffix ("0401.10", "3270P");
    `policy` the name of the policy page it belongs to, for a regulation or exhibit placed
    with its policy ("" otherwise); `dates` the latest adopted, revised and reviewed dates as
    written ("" where none)."""

    source: str
    name: str
    number: str
    title: str
    section: str
    kind: PolicyKind
    dates: tuple[str, str, str]
    document: Document
    policy: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the index: its heading, and its policies each with its attachments."""

    heading: str
    rows: tuple[tuple[Page, tuple[Page, ...]], ...]


def page_name(number: PolicyNumber) -> str:
    """A number as a file name: '0401.10', '3270P', '5460-regulation'."""
    return str(number).replace(" ", "-")


def shown_title(title: str, number: PolicyNumber) -> str:
    """'3280 Search and Seizure' -> 'Search and Seizure': the index and the page print the
    number beside the title already."""
    found = _LEAD.match(title)
    if found is not None:
        lead = parse_number(found[1])
        if lead is not None and lead.policy.key == number.policy.key:
            return found[2].strip()
    return title.strip()


def latest_dates(policy_file: PolicyFile) -> tuple[str, str, str]:
    """The latest adopted, revised and reviewed date, as written; a date that is not a
    real date only when there is no other."""
    out = []
    for role in DATE_ROLES:
        written = [d for d in policy_file.metadata.dates if d.role is role]
        known = [d for d in written if d.value is not None]
        if known:
            out.append(max(known, key=lambda d: d.value or date.min).written)
        else:
            out.append(written[-1].written if written else "")
    return out[0], out[1], out[2]


def section_heading(folder: str, series: list[str]) -> str:
    """A section's heading: the series its policies share, else its folder's name as words
    ('3000-students' -> '3000 Students')."""
    named = {s for s in series if s}
    if len(named) == 1 and len(series) == len([s for s in series if s]):
        return named.pop()
    if not folder:
        return "Policies"
    words = re.sub(r"[-_\s]+", " ", folder.rsplit("/", 1)[-1]).strip()
    return words.title() if words.islower() else words


# --- a page's document -------------------------------------------------------------------------

def page_document(policy_file: PolicyFile, number: PolicyNumber, title: str, series: str,
                  titles: Mapping[NumberKey, str], root: str) -> Document:
    """What the page prints: the document as read, numbered and titled as the index lists
    it; its front matter's fields after its text. Its source is named from the manual's
    folder, so that a site built from another checkout of the manual has the same bytes."""
    document = policy_file.document
    blocks = document.blocks + tuple(front_matter_blocks(document, titles))
    source = document.source
    if source == policy_file.path:  # a document's own path (a district file names its model)
        source = Path(source).relative_to(root).as_posix()
    return replace(document, title=title, number=str(number),
                   series=document.series or series, blocks=blocks, source=source)


def front_matter_blocks(document: Document, titles: Mapping[NumberKey, str]
                        ) -> Iterator[Block]:
    """What the front matter says, as the blocks a composed policy prints after its text."""
    meta = document.metadata
    if meta.cross_references:
        yield Block(Kind.REFERENCES, label="Cross Reference", children=tuple(
            Block(Kind.REFERENCE, text=_title_of(written, titles), label=written)
            for written in meta.cross_references))
    if meta.legal:
        yield Block(Kind.HEADING, "Legal Reference")
        yield from (Block(Kind.PARAGRAPH, legal) for legal in meta.legal)
    if meta.dates:
        yield Block(Kind.HISTORY, label="Policy History", children=tuple(
            Block(Kind.ENTRY, d.written, label=d.role.value.capitalize()) for d in meta.dates))
    if meta.other:
        yield Block(Kind.HISTORY, label="Other Fields", children=tuple(
            Block(Kind.ENTRY, value, label=key) for key, value in meta.other))


def _title_of(written: str, titles: Mapping[NumberKey, str]) -> str:
    number = parse_number(written)
    return titles.get(number.key, "") if number is not None else ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A policy named in a page's text: where ("Policy 5460P" from `start` to `end`), and
    its number with any mark written onto it."""

    start: int
    end: int
    number: PolicyNumber


def mentions(text: str) -> Iterator[Mention]:
    """The policies, regulations and exhibits a text names: "Policy 0410", "Policy 5460P",
    "Regulation 0403.80-AR-01". The mention is found as `check` finds it (that is the
    policy it checks for), then its mark is taken in too."""
    for found in MENTION.finditer(text):
        mark = _MARK.match(text, found.end())
        if mark is None:
            yield Mention(found.start(), found.end(), PolicyNumber(found[1]))
            continue
        number = parse_number(found[1] + mark[0])
        assert number is not None  # a number with a mark is one
        yield Mention(found.start(), mark.end(), number)


def links_of(document: Document, pages: Mapping[NumberKey, tuple[str, str]]
             ) -> tuple[Link, ...]:
    """The references in a page's text and cross-reference tables that the manual has."""
    found: dict[NumberKey, Link] = {}
    for block in document.walk():
        numbers = [parse_number(block.label or "")] if block.kind is Kind.REFERENCE else \
            [m.number for m in mentions(block.text)]
        for number in numbers:
            if number is not None and number.key in pages:
                href, title = pages[number.key]
                found[number.key] = Link(number.key, href, title)
    return tuple(found.values())


# --- rendering (in a worker process) -----------------------------------------------------------

class Linker:
    """The template's two filters: text with "Policy NNNN" linked, and a cross reference's
    code linked, each only to a page the manual has; everything else escaped."""

    def __init__(self, links: tuple[Link, ...]) -> None:
        self.links = {link.key: link for link in links}

    def text(self, text: str) -> Markup:
        out, last = [], 0
        for found in mentions(text):
            link = self.links.get(found.number.key)
            if link is None:  # a regulation the manual lacks is not its policy's page
                continue
            out += [escape(text[last:found.start]), self._a(link, text[found.start:found.end])]
            last = found.end
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def reference(self, label: str) -> Markup:
        number = parse_number(label)
        link = self.links.get(number.key) if number is not None else None
        return self._a(link, label) if link is not None else escape(label)

    @staticmethod
    def _a(link: Link, words: str) -> Markup:
        return Markup('<a href="{}" title="{}">{}</a>').format(link.href, link.title, words)


def render_page(page: Page, context: Context) -> tuple[dict[str, bytes], dict[str, int]]:
    """Worker: a page's HTML and DOCX (site file name -> bytes), and its words for search."""
    from .outputs.policy import PolicyFormat, render_policy
    from .outputs.policy.templated import environment

    linker = Linker(page.links)
    html = environment(context.templates).get_template("site-policy.html.j2").render(
        doc=page.document, Kind=Kind, contents="index.html", linked=linker.text,
        reference=linker.reference, search=SEARCH)
    files = {f"{page.name}.html": html.encode("utf-8"),
             f"{page.name}.docx": render_policy(page.document, PolicyFormat.DOCX, context)}
    return files, page_words(page.document)


@dataclass(frozen=True, slots=True)
class SearchFiles:
    """Where a page finds the search script and its index (beside it, in its manual)."""

    script: str = SCRIPT_FILE
    index: str = INDEX_FILE


SEARCH = SearchFiles()


def render_index(sections: list[Section], districts: list[str], count: int, context: Context,
                 contents: str = "") -> bytes:
    """The manual's table of contents, by section and number, with the search box."""
    from .outputs.policy.templated import environment

    html = environment(context.templates).get_template("index.html.j2").render(
        sections=sections, districts=districts, count=count, contents=contents,
        search=SEARCH, date_labels=[role.value.capitalize() for role in DATE_ROLES])
    return html.encode("utf-8")


def search_script(context: Context) -> bytes:
    """The search box's script (the user's templates folder may replace it)."""
    from .outputs.policy.templated import environment

    env = environment(context.templates)
    assert env.loader is not None
    return env.loader.get_source(env, SCRIPT_FILE)[0].encode("utf-8")
