"""Front matter: the YAML block at the top of a Markdown (or text) policy -> its Metadata.

Districts that keep their manual in git write each policy as Markdown with a `---` block of
fields first (the convention of mkdocs, Jekyll, Hugo and pandoc). That block is what the policy
says about itself, never its text: read as text, every edit of a date would show up as a
change of policy. markdown-it-py's front-matter plugin (mdit-py-plugins) finds the block; the
YAML in it is read by the loader district files use (`yamlfile.py`: no aliases, no tags, a
depth limit, a key written twice refused), under a size limit of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from .dates import split_dates
from .document import DateRole, Document, Finding, FindingKind, Metadata, PolicyDate, PolicyKind
from .errors import BoardPolicyError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .yamlfile import YamlDoc

MAX_FRONT_MATTER_BYTES = 64_000  # a policy's fields are a few hundred bytes
_OPENING = re.compile(r"\A\ufeff?---[ \t]*\r?\n")

# Each field's names as districts and static-site generators write them (lower case, '-' and
# ' ' read as '_'), and what it is.
TITLE = ("title",)
NUMBER = ("code", "number", "policy", "policy_number", "policy_code", "policy_no", "no")
SERIES = ("series", "section", "chapter")
KIND = ("kind", "type", "category")
DATES = {
    DateRole.ADOPTED: ("adopted", "created", "date_adopted", "adopted_on", "date"),
    DateRole.REVISED: ("revised", "updated", "date_revised", "revised_on", "amended",
                       "last_revised"),
    DateRole.REVIEWED: ("reviewed", "date_reviewed", "reviewed_on", "last_reviewed"),
}
LEGAL = ("legal", "legal_references", "legal_reference", "legal_refs", "legal_ref")
CROSS = ("cross_references", "cross_reference", "cross_refs", "cross_ref", "xref", "xrefs",
         "related", "see_also")
KINDS = {"policy": PolicyKind.POLICY, "bylaw": PolicyKind.POLICY,
         "regulation": PolicyKind.REGULATION, "procedure": PolicyKind.REGULATION,
         "administrative_regulation": PolicyKind.REGULATION,
         "administrative_procedure": PolicyKind.REGULATION,
         "exhibit": PolicyKind.EXHIBIT, "form": PolicyKind.EXHIBIT}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A text split into its front matter (as Metadata) and the body a reader reads.

    `body` keeps the block's lines as blank lines, so a line number in the body is the
    file's. `findings` say what could not be read (the block is still never text)."""

    metadata: Metadata
    body: str
    findings: tuple[Finding, ...] = ()

    def apply(self, document: Document) -> Document:
        """The document with this metadata; its number, series and title, when its text
        gave none, come from the metadata."""
        if not self.metadata and not self.findings:
            return document
        meta = self.metadata
        return replace(document, metadata=meta,
                       title=document.title or meta.title,
                       number=document.number or meta.number,
                       series=document.series or meta.series,
                       findings=(*document.findings, *self.findings))


def split_front_matter(text: str, name: str) -> FrontMatter:
    """`text` without its front matter, and the front matter read; a text that does not
    open with a `---` line, or never closes the block, has none."""
    if not opens_front_matter(text):
        return FrontMatter(Metadata(), text)
    found = _block(text.removeprefix("\ufeff"))
    if found is None:
        return FrontMatter(Metadata(), text)
    content, end = found
    lines = text.splitlines(keepends=True)
    return read_front_matter(content, name, "\n" * end + "".join(lines[end:]))


def opens_front_matter(text: str) -> bool:
    """Whether a text opens with a `---` line alone, as a front matter block does."""
    return _OPENING.match(text) is not None


def read_front_matter(content: str, name: str, body: str = "") -> FrontMatter:
    """A block's YAML -> FrontMatter; YAML that cannot be read is a finding naming its line
    in the file (the block's first line is the file's second), never an error."""
    try:
        metadata = read_fields(content, name)
    except BoardPolicyError as exc:
        line = exc.line + 1 if exc.line else 1
        finding = Finding(FindingKind.BAD_FRONT_MATTER,
                          f"line {line}: the front matter is not read: {exc.message}")
        return FrontMatter(Metadata(), body, (finding,))
    return FrontMatter(metadata, body, date_findings(metadata))


@cache
def markdown_parser(front_matter: bool) -> MarkdownIt:
    """The CommonMark parser the Markdown reader uses, with the front-matter rule or
    without: built once per process (building one cost a third of reading a policy)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark")
    return parser.use(front_matter_plugin) if front_matter else parser


@cache
def _parser() -> MarkdownIt:
    """Only the front-matter rule (and paragraphs, which "zero" keeps): built once."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("zero").use(front_matter_plugin)


# A line that can close the block, as the plugin's rule closes it: dashes (indented less than
# a code block) or YAML's "..." at the margin, with nothing after but spaces.
_CLOSING = re.compile(r"^(?: {0,3}-{3,}|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def _block(text: str) -> tuple[str, int] | None:
    """The block's YAML and the number of lines it takes with its fences, if closed.

    Only the text up to the first line that can close the block is given to the parser:
    the rest is the policy, which the text reader reads by lines."""
    first = text.find("\n") + 1
    closing = _CLOSING.search(text, first) if first else None
    if closing is None:
        return None
    for token in _parser().parse(text[:closing.end()] + "\n"):
        if token.type == "front_matter" and token.map:
            return token.content, token.map[1]
    return None


def read_fields(content: str, name: str) -> Metadata:
    """The YAML of a front matter block -> Metadata; BoardPolicyError (with the line in the
    block) when it is not YAML, is too big, or is not a mapping of fields."""
    from .errors import ValidationError
    from .yamlfile import check_mapping, load_yaml

    if len(content.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise ValidationError(f"it is more than {MAX_FRONT_MATTER_BYTES:,} bytes", path=name)
    doc = load_yaml(name, text=content, what="front matter")
    if doc.data is None:
        return Metadata()
    fields = check_mapping(doc, (), doc.data)
    return _metadata(doc, fields)


def _metadata(doc: YamlDoc, fields: dict[Any, Any]) -> Metadata:
    """Each field where it belongs; the others kept, as text, in `other`."""
    taken: dict[str, tuple[Any, tuple[Any, ...]]] = {}  # normalised name -> (value, key)
    for key, value in fields.items():
        taken.setdefault(_normal(str(key)), (value, (key,)))

    def first(names: tuple[str, ...], read: Callable[[YamlDoc, tuple[Any, ...], Any], Any]
              ) -> Any:
        for field_name in names:
            if field_name in taken:
                value, key = taken[field_name]
                return read(doc, key, value)
        return None

    known = {*TITLE, *NUMBER, *SERIES, *KIND, *LEGAL, *CROSS,
             *(n for names in DATES.values() for n in names)}
    dates = tuple(PolicyDate(role, written)
                  for role, names in DATES.items() for n in names if n in taken
                  for written in _dates(doc, taken[n][1], taken[n][0]))
    return Metadata(
        title=first(TITLE, _text) or "",
        number=first(NUMBER, _text) or "",
        series=first(SERIES, _text) or "",
        kind=first(KIND, _kind),
        dates=dates,
        legal=first(LEGAL, _texts) or (),
        cross_references=first(CROSS, _numbers) or (),
        other=tuple((str(key), _shown(value)) for key, value in fields.items()
                    if _normal(str(key)) not in known),
    )


def _normal(name: str) -> str:
    """'Cross-References' -> 'cross_references'."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _text(doc: YamlDoc, key: tuple[Any, ...], value: Any) -> str:
    """A field as the text written (a number such as 1102.10 as the YAML loader keeps it)."""
    from .yamlfile import check_text

    if isinstance(value, (list, dict)):
        return _shown(value)
    return check_text(doc, key, value, required=False, one_line=False).strip()


def _texts(doc: YamlDoc, key: tuple[Any, ...], value: Any) -> tuple[str, ...]:
    """A YAML list of texts; a text alone is one item, whatever it holds: a legal reference
    such as "Code of Idaho 33-501; 33-506" is one citation, not two."""
    if isinstance(value, list):
        return tuple(t for i, item in enumerate(value) if (t := _text(doc, (*key, i), item)))
    text = _text(doc, key, value)
    return (text,) if text else ()


def _numbers(doc: YamlDoc, key: tuple[Any, ...], value: Any) -> tuple[str, ...]:
    """Cross references: a YAML list, or policy numbers in one text separated by ';' (a
    number never holds one)."""
    return tuple(p.strip() for text in _texts(doc, key, value) for p in text.split(";")
                 if p.strip())


def _kind(doc: YamlDoc, key: tuple[Any, ...], value: Any) -> PolicyKind | None:
    return KINDS.get(_normal(_text(doc, key, value)))


def _dates(doc: YamlDoc, key: tuple[Any, ...], value: Any) -> list[str]:
    """The dates a field holds, as written: one, a list, or several separated by ';'."""
    if isinstance(value, list):
        return [w for i, item in enumerate(value) for w in _dates(doc, (*key, i), item)]
    text = _text(doc, key, value)
    return split_dates(text) if text else []


def _shown(value: Any) -> str:
    """A field nobody reads, as one line of text a person recognises."""
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def date_findings(metadata: Metadata) -> tuple[Finding, ...]:
    """A finding for each date that is not a real date in a form boardpolicy reads."""
    from .dates import parse_date

    out = []
    for policy_date in metadata.dates:
        try:
            parse_date(policy_date.written)
        except ValueError as exc:
            out.append(Finding(FindingKind.BAD_DATE, f"{policy_date.role.value}: {exc}"))
    return tuple(out)
