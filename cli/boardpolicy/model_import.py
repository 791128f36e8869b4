"""An association's model document (any format the readers take) -> a model file (format v2).

Associations mark what a district decides in the text itself, in conventions boards know:
"[OPTIONAL]", "[shall] [may]", "[OPTION 1: …]", "[five (5)] working days", "___", a
"(DISTRICT MUST CHOOSE …)" note over a list, bracketed and footnoted drafting notes, the status
mark beside the number ("4120 — R"), "Legal Reference:", "Cross Reference:", "Policy History:".
This module reads those marks from a Document and writes the model they describe, with ids
made from the text. Nothing is dropped: a bracket it cannot classify stays in the text and is
named in the report, and the report ends with the model rendered "as published" against the
document, block by block, so a clerk sees what the file reproduces.
"""

from __future__ import annotations

import difflib
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .decisions import BlankKind, number_pattern
from .document import Block, Document, Kind, PolicyStatus
from .errors import InputError
from .model_policy import FORMAT_V2, ModelPolicy, parse_model
from .prose import fold
from .yamlfile import load_yaml

# --- the conventions ---------------------------------------------------------------------------

STATUS_MARKS = {"r": PolicyStatus.REQUIRED, "required": PolicyStatus.REQUIRED,
                "essential": PolicyStatus.REQUIRED, "rec": PolicyStatus.RECOMMENDED,
                "recommended": PolicyStatus.RECOMMENDED, "encouraged": PolicyStatus.RECOMMENDED,
                "op": PolicyStatus.OPTIONAL, "optional": PolicyStatus.OPTIONAL,
                "discretionary": PolicyStatus.OPTIONAL}
_MARK_WORDS = "R|REC|OP|Required|Recommended|Optional|Essential|Encouraged|Discretionary"
# "PERSONNEL 4120 — R", "4120 - REC", "Policy 4120 OP": the number, then the status mark
_HEADER = re.compile(rf"^(?:(?P<series>[A-Z][A-Z &,-]*[A-Z])\s*·?\s+)?(?:Policy\s+)?"
                     rf"(?P<number>\d{{3,5}}(?:\.\d+)*(?:-[A-Z]+)?)"
                     rf"(?:\s*[—–·|-]\s*|\s+)(?P<mark>{_MARK_WORDS})\.?$")
_HEADER_NUMBER = re.compile(r"^(?:(?P<series>[A-Z][A-Z &,-]*[A-Z])\s+)?(?:Policy\s+)?"
                            r"(?P<number>\d{3,5}(?:\.\d+)*)$")
_BRACKET = re.compile(r"\[([^\[\]]*)\]|_{3,}")
_OPTION = re.compile(r"^\[?\s*OPTION\s+(\d+)\s*[:.\]]\s*(.*?)\]?$", re.IGNORECASE | re.DOTALL)
_OPTIONAL_PARAGRAPH = re.compile(r"^\[OPTIONAL\]\s*(.+)$|^\[OPTIONAL:\s*(.+)\]$",
                                 re.IGNORECASE | re.DOTALL)
_NOTE_WRAPPER = re.compile(r"^\[?\s*Drafting note:\s*(.*?)\]?$", re.IGNORECASE | re.DOTALL)
_NOTE_WORDS = re.compile(r"^(?:drafting\s+)?notes?\b|^note to\b|^comment\b|^insert\b|"
                         r"^districts?\s+(?:must|should|may)\b|^the district (?:must|should)\b|"
                         r"^see\b|^footnote\b", re.IGNORECASE)
_MUST_CHOOSE = re.compile(r"^\(?\s*DISTRICTS?\s+(?:MUST|SHOULD|MAY)\s+(?:CHOOSE|SELECT|PICK)\b"
                          r"|^\(?\s*CHOOSE\b", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,2}|\*{1,3}|[a-z])$")
_FOOTNOTE_LEAD = re.compile(r"^\[?(\d{1,2}|\*{1,3})\]?\s+")
_DAYS_UNIT = re.compile(r"^\s+((?:(?:working|school|business|calendar|instructional)\s+)?"
                        r"days?)\b", re.IGNORECASE)
# the publisher's words for the district's name; "school district" in lower case is prose
_PLACEHOLDER = re.compile(r"(?i:\[(?:name of (?:the )?district|district(?:'s)? name|"
                          r"school district)\])|\bSchool District\b")
_MAX_BLANK_WORDS = 6  # "[Director of Human Resources]": longer is a sentence, not a value
_TITLE_SMALL = {"of", "and", "or", "the", "for", "to", "in", "a", "an", "&", "or/and"}
STOP_WORDS = set("""a an the and or of to in on at for by with from as is are be been being
shall may will must should can could would not no any all each every this that these those it
its their his her they them who whom which what when where than then there also such upon into
within about after before over under between during if so do does did has have had our your
per via later""".split())
HISTORY_KEYS = {"adopted": "adopted", "reviewed": "reviewed", "revised": "revised",
                "amended": "revised"}
LEGAL_LABEL = re.compile(r"^legal\s+ref", re.IGNORECASE)
CROSS_LABEL = re.compile(r"^cross[\s-]+ref", re.IGNORECASE)
HISTORY_LABEL = re.compile(r"^policy\s+history", re.IGNORECASE)


class BracketRole(StrEnum):
    """What a bracket of the document turned out to be; the report counts them by role."""

    BLANK = "blank"
    ALTERNATIVE = "alternative"
    OPTIONAL = "optional"
    NOTE = "drafting note"
    FOOTNOTE = "footnote mark"
    PLACEHOLDER = "district's name"
    UNCLASSIFIED = "unclassified"


class RoundTripOp(StrEnum):
    """How one block of the document compares with the model rendered as published."""

    EQUAL = "equal"
    MODIFIED = "modified"
    MISSING = "missing"  # in the document, not in the model as published
    EXTRA = "extra"  # in the model as published, not in the document
    # a drafting note inside a sentence of the document, a note block of its own in the model:
    # what the import does by design, so not a difference
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class Unclassified:
    """A bracket no convention explains: kept in the text as written, named in the report."""

    text: str
    block: str  # the id of the block whose text keeps it


@dataclass(frozen=True, slots=True)
class FoundDecision:
    """One decision the document asks of a district, as the report lists it."""

    id: str
    kind: str  # choice, blank, alternative, optional (a DecisionKind's value)
    words: str  # as the document prints it
    block: str


@dataclass(frozen=True, slots=True)
class RoundTripLine:
    op: RoundTripOp
    document: str = ""
    published: str = ""


@dataclass(frozen=True, slots=True)
class ModelImport:
    """What `model import` made of a document: the model, its file, and what the report says."""

    source: str
    model: ModelPolicy
    yaml: str
    decisions: tuple[FoundDecision, ...]
    notes: tuple[str, ...]  # drafting notes, as the model keeps them
    unclassified: tuple[Unclassified, ...]
    round_trip: tuple[RoundTripLine, ...]
    warnings: tuple[str, ...] = ()

    @property
    def round_trip_clean(self) -> bool:
        """Every block the same, a drafting note moved out of its sentence aside."""
        return all(line.op in (RoundTripOp.EQUAL, RoundTripOp.MOVED)
                   for line in self.round_trip)

    def round_trip_count(self, op: RoundTripOp) -> int:
        return sum(line.op is op for line in self.round_trip)

    def to_dict(self) -> dict[str, Any]:
        m = self.model
        return {
            "schema": "boardpolicy-model-import/1",
            "file": self.source,
            "model": m.name, "edition": m.edition, "title": m.title, "number": m.number,
            "series": m.series, "status": m.status.value if m.status else None,
            "decisions": [{"id": d.id, "kind": d.kind, "text": d.words, "block": d.block}
                          for d in self.decisions],
            "notes": list(self.notes),
            "unclassified": [{"text": u.text, "block": u.block} for u in self.unclassified],
            "round_trip": {
                "clean": self.round_trip_clean,
                "equal": self.round_trip_count(RoundTripOp.EQUAL),
                "moved": self.round_trip_count(RoundTripOp.MOVED),
                "blocks": [{"op": line.op.value, "document": line.document,
                            "published": line.published} for line in self.round_trip]},
            "warnings": list(self.warnings),
        }


# --- the header --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Header:
    """What the document's header says of the policy: its number, series and status mark."""

    number: str = ""
    series: str = ""
    status: PolicyStatus | None = None


def header_lines(data: bytes, name: str) -> list[str]:
    """The lines a document prints above its text, which readers leave out as furniture or
    read as the header: a Word document's page header, the first lines of any other."""
    if data.startswith(b"PK"):
        return _word_header_lines(data)
    if data[:1024].lstrip().startswith(b"%PDF"):
        return []
    text = data[:4096].decode("utf-8", "replace")
    text = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    return [fold(line).strip("#*_ ") for line in text.splitlines() if line.strip()][:8]


def _word_header_lines(data: bytes) -> list[str]:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = sorted(n for n in package.namelist() if re.match(r"word/header\d*\.xml$", n))
            xml = [package.read(n).decode("utf-8", "replace") for n in parts[:6]]
            with package.open("word/document.xml") as body:  # a mark above the title
                xml.append(body.read(65536).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return []
    lines = []
    for part in xml:
        for para in re.findall(r"<w:p[ >].*?</w:p>", part, re.DOTALL)[:4]:
            words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para))
            if words.strip():
                lines.append(fold(html.unescape(words)))
    return lines


def read_header(lines: list[str]) -> Header:
    """The first line that names the number with a status mark, or the number alone."""
    for line in lines:
        m = _HEADER.match(line.strip())
        if m:
            return Header(m["number"], (m["series"] or "").strip(),
                          STATUS_MARKS[m["mark"].lower()])
    for line in lines:
        m = _HEADER_NUMBER.match(line.strip())
        if m:
            return Header(m["number"], (m["series"] or "").strip())
    return Header()


# --- ids ---------------------------------------------------------------------------------------

class Ids:
    """Short readable slugs made from the text, unique across the model (one namespace)."""

    def __init__(self) -> None:
        self.used: set[str] = {"district"}

    def make(self, text: str, words: int = 3, fallback: str = "block", *,
             raw: bool = False) -> str:
        """A new id from `text` (`raw`: `text` is a slug already, kept whole)."""
        base = (text if raw else slug(text, words)) or fallback
        ident, n = base, 2
        while ident in self.used:
            ident, n = f"{base}-{n}", n + 1
        self.used.add(ident)
        return ident


def slug(text: str, words: int = 3) -> str:
    """The first `words` words that carry meaning, lower case, joined by hyphens."""
    found = [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'s", ""))
             if w not in STOP_WORDS and not (w.isdigit() and len(w) < 3)]
    return "-".join(found[:words])[:40].strip("-")


def _word_slug(text: str) -> str:
    """Every word, stop words too: a wording is often one ("shall", "may")."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:3]) or "wording"


def significant(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS]


# --- the blocks --------------------------------------------------------------------------------

@dataclass
class _Builder:
    """The model's blocks as they are recognised, with what the report will say."""

    ids: Ids = field(default_factory=Ids)
    blocks: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[FoundDecision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unclassified: list[Unclassified] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, block: dict[str, Any]) -> dict[str, Any]:
        self.blocks.append(block)
        return block

    def note(self, text: str) -> dict[str, Any]:
        self.notes.append(text)
        return self.add({"id": self.ids.make(text, 3, "note") + "-note"
                         if not text else self._note_id(text), "type": "note", "text": text})

    def _note_id(self, text: str) -> str:
        base = slug(re.sub(r"(?i)district\s+must\s+choose|districts?|choose|which|drafting|"
                           r"\bnotes?\b", " ", text), 2)
        return self.ids.make(f"{base} note" if base else "note", 4, "note")

    def last(self) -> dict[str, Any] | None:
        return self.blocks[-1] if self.blocks else None


def import_model(document: Document, *, name: str, header: list[str] | None = None,
                 publisher: str = "", number: str = "", edition: str = "",
                 publisher_name: str = "", fallback_number: str = "") -> ModelImport:
    """The model a model document describes, checked as `validate` checks a model file, with
    the round trip of its "as published" rendering against the document."""
    found = read_header([*(header or []), *_first_lines(document)])
    number = number or found.number or document.number or _number_in(name) or fallback_number
    if not number:
        raise InputError("no policy number in its header or its name; give it with --number",
                         path=name)
    if not publisher:
        raise InputError("no publisher given; name the output PUBLISHER/NUMBER.yaml or give "
                         "--publisher", path=name)
    body = _body(document, number)
    builder = _Builder()
    _blocks(body, builder)
    data: dict[str, Any] = {
        "format": FORMAT_V2, "publisher": publisher,
        **({"publisher_name": publisher_name} if publisher_name else {}),
        "number": number,
        **({"series": series} if (series := _series(found, document)) else {}),
        "title": document.title or f"Policy {number}",
        "edition": edition or "current", "default": True,
        **({"status": found.status.value} if found.status else {}),
        "source": f"Imported from {Path(name).name} by boardpolicy model import.",
        "district_placeholder": "School District",
        "blocks": builder.blocks,
    }
    text = dump_model(data)
    model = parse_model(load_yaml(name, text=text, what="model policy file"))
    warnings = [*document.warnings, *builder.warnings]
    if not found.status:
        warnings.append("no status mark (R, REC, OP) beside the number in its header")
    return ModelImport(name, model, text, tuple(builder.decisions), tuple(builder.notes),
                       tuple(builder.unclassified), round_trip(body, model), tuple(warnings))


def _series(found: Header, document: Document) -> str:
    """The header's series; a reader's only when it is words ("PERSONNEL"), not the mark."""
    if found.series:
        return found.series
    return "" if re.search(r"\d", document.series) else document.series


def _first_lines(document: Document) -> list[str]:
    return [b.text for b in document.blocks[:3] if b.kind in (Kind.PARAGRAPH, Kind.HEADING)]


def _number_in(name: str) -> str:
    m = re.search(r"(?<!\d)(\d{3,5}(?:\.\d+)?)(?!\d)", Path(name).stem)
    return m[1] if m else ""


def _body(document: Document, number: str) -> list[Block]:
    """The document's blocks without a header line the reader kept as a paragraph."""
    blocks = list(document.blocks)
    while blocks and blocks[0].kind in (Kind.PARAGRAPH, Kind.HEADING) and (
            _HEADER.match(blocks[0].text) or _HEADER_NUMBER.match(blocks[0].text)
            or fold(blocks[0].text) == document.title):
        blocks.pop(0)
    return blocks


def _blocks(body: list[Block], b: _Builder) -> None:
    i = 0
    while i < len(body):
        block = body[i]
        if _option(block):
            run = []
            while i < len(body) and _option(body[i]):
                run.append(body[i])
                i += 1
            _alternative_paragraphs(run, b)
            continue
        _one(block, b)
        i += 1


def _option(block: Block) -> re.Match[str] | None:
    return _OPTION.match(block.text) if block.kind is Kind.PARAGRAPH else None


def _one(block: Block, b: _Builder) -> None:
    text = fold(block.text)
    match block.kind:
        case Kind.HEADING:
            b.add({"id": b.ids.make(text), "type": "heading", "text": text})
        case Kind.NOTE:
            b.note(_note_text(text))
        case Kind.FOOTNOTE:
            b.note(_FOOTNOTE_LEAD.sub("", text))
        case Kind.LIST:
            _list(block, b)
        case Kind.REFERENCES:
            _references(block, b)
        case Kind.HISTORY:
            _history([(c.label or "", c.text) for c in block.children], block.label, b)
        case _:
            _paragraph(text, b)


def _note_text(text: str) -> str:
    m = _NOTE_WRAPPER.match(text)
    return fold(m[1]) if m else text


def _is_note(text: str) -> bool:
    if _NOTE_WRAPPER.match(text) or (text.startswith("(") and text.endswith(")")
                                     and _MUST_CHOOSE.match(text)):
        return True
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else ""
    return bool(inner) and "[" not in inner and not _OPTION.match(text) and \
        not inner.upper().startswith("OPTIONAL")


def _paragraph(text: str, b: _Builder) -> None:
    m = _OPTIONAL_PARAGRAPH.match(text)
    if m:
        words = fold(m[1] or m[2])
        ident = b.ids.make(words)
        block = {"id": ident, "type": "optional", "text": words}
        _note_before(block, b)
        b.add(block)
        b.decisions.append(FoundDecision(ident, "optional", text, ident))
        return
    if _is_note(text):
        b.note(_note_text(text) if _NOTE_WRAPPER.match(text) else
               (text if text.startswith("(") else text[1:-1]))
        return
    for label, kind in ((LEGAL_LABEL, "legal"), (CROSS_LABEL, "references")):
        if label.match(text) and ":" in text:
            head, rest = text.split(":", 1)
            entries = [e.strip() for e in re.split(r";", rest) if e.strip()]
            b.add({"id": b.ids.make(head), "type": kind, "label": fold(head),
                   "entries": [_entry("", e) for e in entries]})
            return
    _inline_paragraph(text, b)


def _note_before(block: dict[str, Any], b: _Builder) -> None:
    """A drafting note right before a decision is its note, as a choice's is."""
    last = b.last()
    if last is not None and last["type"] == "note":
        block["note"] = last["id"]


def _alternative_paragraphs(run: list[Block], b: _Builder) -> None:
    texts = [fold(m[2]) for m in (_OPTION.match(p.text) for p in run) if m]
    common = _common_words(texts)
    ident = b.ids.make(" ".join(common) or "options", 2, "options")
    wordings = []
    for n, words in enumerate(texts, 1):
        own = _own_words(words, texts)
        wordings.append({"id": b.ids.make(f"{ident}-{_word_slug(own)}" if own else
                                          f"{ident}-{n}", raw=True), "text": words})
    block: dict[str, Any] = {"id": ident, "type": "alternative",
                             "question": "Which option does the district adopt?"}
    _note_before(block, b)
    block["wordings"] = wordings
    b.add(block)
    published = " ".join(f"[OPTION {n}: …]" for n in range(1, len(texts) + 1))
    b.decisions.append(FoundDecision(ident, "alternative", published, ident))


def _common_words(texts: list[str]) -> list[str]:
    lists = [significant(t) for t in texts]
    out = []
    for words in zip(*lists, strict=False):
        if len(set(words)) > 1:
            break
        out.append(words[0])
    return out


def _own_words(text: str, texts: list[str]) -> str:
    others = {w for t in texts if t != text for w in significant(t)}
    return " ".join([w for w in significant(text) if w not in others][:2])


def _list(block: Block, b: _Builder) -> None:
    items = [fold(c.text) for c in block.children if c.text.strip()]
    last = b.last()
    if last is None or last["type"] != "note" or not _MUST_CHOOSE.match(last["text"]):
        b.warnings.append(f"a list with no \"(DISTRICT MUST CHOOSE …)\" note before it is kept "
                          f"as {len(items)} paragraphs: “{_short(items[0] if items else '')}”")
        for item in items:
            _inline_paragraph(item, b)
        return
    lead = b.blocks[-2] if len(b.blocks) > 1 and b.blocks[-2]["type"] == "paragraph" \
        and b.blocks[-2]["text"].rstrip().endswith(":") else None
    base = last["id"].removesuffix("-note")
    ident = base if base not in b.ids.used else b.ids.make(base, 3, "choice")
    b.ids.used.add(ident)
    choice: dict[str, Any] = {"id": ident, "type": "choice",
                              "question": "Does the district adopt this item?",
                              **({"lead_in": lead["id"]} if lead else {}), "note": last["id"],
                              "punctuate": _punctuated(items),
                              "options": [{"id": b.ids.make(t, 2, "option"), "text": t}
                                          for t in items]}
    b.add(choice)
    b.decisions.append(FoundDecision(ident, "choice", f"{last['text']} "
                                     f"({len(items)} items)", ident))


def _punctuated(items: list[str]) -> bool:
    return len(items) > 1 and all(t.endswith(";") for t in items[:-1]) and \
        items[-1].endswith(".")


def _references(block: Block, b: _Builder) -> None:
    label = fold(block.label or "Cross Reference")
    kind = "legal" if LEGAL_LABEL.match(label) else "references"
    entries = [_entry(c.label or "", c.text) for c in block.children if c.plain.strip()]
    if not entries:
        b.warnings.append(f"“{label}” lists nothing; left out")
        return
    b.add({"id": b.ids.make(label, 2), "type": kind, "label": label, "entries": entries})


def _entry(code: str, title: str) -> dict[str, str]:
    title = fold(title)
    return {"code": fold(code), "title": title} if code else {"title": title}


def _history(entries: list[tuple[str, str]], label: str | None, b: _Builder) -> None:
    fields = []
    for line_label, _ in entries:
        word = next((k for k in HISTORY_KEYS if k in line_label.lower()), "")
        fields.append({"key": HISTORY_KEYS.get(word) or slug(line_label, 1) or "date",
                       "label": fold(line_label)})
    b.add({"id": b.ids.make("history", 1), "type": "history",
           "label": fold(label or "Policy History"), "entries": fields})


# --- inline decisions --------------------------------------------------------------------------

@dataclass
class _Inline:
    """A paragraph's text as it is rewritten with markers, and its decisions."""

    parts: list[str] = field(default_factory=list)
    blanks: list[dict[str, str]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    optional: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unclassified: list[str] = field(default_factory=list)


def _inline_paragraph(text: str, b: _Builder) -> None:
    text = _PLACEHOLDER.sub("{district}", text.replace("{", "(").replace("}", ")"))
    ident = b.ids.make(_BRACKET.sub(" ", text.replace("{district}", "")), 3, "paragraph")
    found = _Inline()
    pos = 0
    groups = list(_groups(text))
    for start, end, brackets in groups:
        found.parts.append(text[pos:start])
        pos = _decide(text, start, end, brackets, found, b, ident)
    found.parts.append(text[pos:])
    new_text = fold("".join(found.parts))
    new_text = re.sub(r"\s+([.,;:])", r"\1", new_text) if found.notes else new_text
    block: dict[str, Any] = {"id": ident, "type": "paragraph", "text": new_text}
    for key in ("blanks", "alternatives", "optional"):
        if getattr(found, key):
            block[key] = getattr(found, key)
    b.add(block)
    for kind, items in (("blank", found.blanks), ("alternative", found.alternatives),
                        ("optional", found.optional)):
        b.decisions += [FoundDecision(d["id"], kind, d.get("_words", ""), ident) for d in items]
        for d in items:
            d.pop("_words", None)
    b.unclassified += [Unclassified(u, ident) for u in found.unclassified]
    for note in found.notes:
        b.note(note)


def _groups(text: str) -> Iterator[tuple[int, int, list[re.Match[str]]]]:
    """Brackets and blanks, adjacent brackets ("[shall] [may]", "[shall] or [may]") as one
    group: each group is one decision."""
    matches = list(_BRACKET.finditer(text))
    i = 0
    while i < len(matches):
        run = [matches[i]]
        while i + 1 < len(matches) and matches[i].group(0).startswith("[") and \
                matches[i + 1].group(0).startswith("[") and \
                re.fullmatch(r"\s*(?:or|/)?\s*", text[run[-1].end():matches[i + 1].start()]):
            i += 1
            run.append(matches[i])
        yield run[0].start(), run[-1].end(), run
        i += 1


def _decide(text: str, start: int, end: int, run: list[re.Match[str]], found: _Inline,
            b: _Builder, block: str) -> int:
    """Classify one group and append its marker (or its words) to `found.parts`; the
    position in `text` where the rest continues."""
    words = text[start:end]
    if len(run) > 1 and all(_short_value(m[1]) for m in run):
        context = _context(text, start, end)
        ident = b.ids.make(context or "wording", 2, "wording")
        wordings = [{"id": b.ids.make(f"{ident}-{_word_slug(m[1])}", raw=True),
                     "text": fold(m[1])} for m in run]
        found.alternatives.append({"id": ident, "question": "Which wording: " + " or ".join(
            f"“{w['text']}”" for w in wordings) + "?", "wordings": wordings, "_words": words})
        found.parts.append(f"{{{ident}}}")
        return end
    if len(run) > 1:  # brackets side by side that are not short wordings: one at a time
        pos = start
        for m in run:
            found.parts.append(text[pos:m.start()])
            pos = _decide(text, m.start(), m.end(), [m], found, b, block)
        return pos
    inner = run[0][1]
    if inner is None:  # "___"
        return _blank(text, start, end, "", found, b)
    inner = fold(inner)
    if re.match(r"(?i)^OPTIONAL\s*:", inner):
        sentence = fold(inner.split(":", 1)[1])
        ident = b.ids.make(sentence, 3, "optional")
        found.optional.append({"id": ident, "text": sentence, "_words": words})
        found.parts.append(f"{{{ident}}}")
        return end
    if _FOOTNOTE_MARK.match(inner) and start > 0 and not text[start - 1].isspace() \
            and not _DAYS_UNIT.match(text[end:]):
        return end  # a footnote's mark: the footnote is its own note block
    if _inline_note(inner):
        found.notes.append(inner)
        return end
    if _short_value(inner):
        return _blank(text, start, end, inner, found, b)
    found.unclassified.append(words)
    found.parts.append(words)
    return end


def _inline_note(inner: str) -> bool:
    """A bracket inside a sentence that is a drafting note: the import moves it into a note
    block of its own, and the round trip sets it apart the same way."""
    return bool(_NOTE_WORDS.match(inner)) or (inner.isupper() and len(inner.split()) > 2)


def _short_value(inner: str | None) -> bool:
    return inner is not None and 0 < len(inner.split()) <= _MAX_BLANK_WORDS and \
        not inner.rstrip().endswith((".", "!", "?")) and ":" not in inner


def _blank(text: str, start: int, end: int, value: str, found: _Inline, b: _Builder) -> int:
    unit_match = _DAYS_UNIT.match(text[end:])
    unit = fold(unit_match[1]) if unit_match else ""
    kind = _blank_kind(value, unit)
    if kind is not BlankKind.DAYS:
        unit = ""
    after = end + (unit_match.end() if unit and unit_match else 0)
    context = _context(text, start, after)
    base = slug(value, 2) if kind is BlankKind.TITLE else context
    ident = b.ids.make(f"{base} days" if kind is BlankKind.DAYS and "day" not in base
                       else base or "blank", 3, "blank")
    before = " ".join(_unbracketed(text[:start]).split()[-6:])
    after_words = " ".join(re.split(r"(?<=[.;:?!])\s", _unbracketed(text[after:]))[0]
                           .split()[:5])
    label = re.sub(r"\s+([.,;:])", r"\1", fold(f"{before} ___ {unit} {after_words}"))
    found.blanks.append({"id": ident, "label": label, "kind": kind.value,
                         **({"recommended": value} if value else {}),
                         **({"unit": unit} if unit else {}), "_words": text[start:after]})
    found.parts.append(f"{{{ident}}}")
    return after


def _unbracketed(text: str) -> str:
    return re.sub(r"\[(?:OPTIONAL:\s*)?([^\[\]]*)\]", r"\1", text)


def _blank_kind(value: str, unit: str) -> BlankKind:
    from .dates import parse_date

    if unit and (not value or number_pattern().match(value)):
        return BlankKind.DAYS
    if value and re.search(r"\d{4}", value):
        try:
            parse_date(value)
            return BlankKind.DATE
        except ValueError:
            pass
    words = value.split()
    if words and words[0][:1].isupper() and not number_pattern().match(value) and \
            all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words):
        return BlankKind.TITLE
    return BlankKind.TEXT


def _context(text: str, start: int, end: int) -> str:
    """The two words that carry meaning nearest before a decision (after it when none)."""
    before = significant(_BRACKET.sub(" ", text[:start]).replace("{district}", ""))
    if before:
        return " ".join(before[-2:])
    return " ".join(significant(_BRACKET.sub(" ", text[end:]))[:2])


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


# --- the file ----------------------------------------------------------------------------------

def dump_model(data: dict[str, Any]) -> str:
    """The model as YAML, in the order docs/model-format.md shows its fields."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096  # prose is folded where `scalar` says, nowhere else
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    out.write("# A model policy file (docs/model-format.md), made by `boardpolicy model import`.\n"
              "# Read it through: ids are made from the text, labels and questions are plain.\n")
    yaml.dump(_scalars(data), out)
    return out.getvalue()


def _scalars(node: Any) -> Any:
    """Every string written as the district files are: plain, folded prose, or quoted."""
    from .roundtrip import scalar

    if isinstance(node, dict):
        return {k: _scalars(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_scalars(v) for v in node]
    return scalar(node) if isinstance(node, str) else node


# --- the round trip ----------------------------------------------------------------------------

def round_trip(body: list[Block], model: ModelPolicy) -> tuple[RoundTripLine, ...]:
    """The model rendered as published against the document's text, block by block (a list
    item, a reference, a history line each a block)."""
    from .composition import compose_model

    published = _lines(list(compose_model(model).blocks))
    document, moved = _set_apart(_lines(body))
    out: list[RoundTripLine] = []
    matcher = difflib.SequenceMatcher(None, document, published, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [RoundTripLine(RoundTripOp.MOVED if i in moved else RoundTripOp.EQUAL,
                                  document[i], document[i]) for i in range(i1, i2)]
            continue
        olds, news = document[i1:i2], published[j1:j2]
        for k in range(max(len(olds), len(news))):
            old = olds[k] if k < len(olds) else ""
            new = news[k] if k < len(news) else ""
            op_k = RoundTripOp.MODIFIED if old and new else \
                RoundTripOp.MISSING if old else RoundTripOp.EXTRA
            out.append(RoundTripLine(op_k, old, new))
    return tuple(out)


def _lines(blocks: list[Block]) -> list[str]:
    out = []
    for block in blocks:
        for b in _walk(block):
            line = fold(b.plain)
            if b.kind is Kind.FOOTNOTE:
                line = _FOOTNOTE_LEAD.sub("", line)
            elif b.kind is Kind.NOTE or _is_note(line):
                line = _note_text(line)
                line = line[1:-1] if line.startswith("[") and line.endswith("]") else line
            line = fold(line)
            if line:
                out.append(line)
    return out


def _set_apart(lines: list[str]) -> tuple[list[str], set[int]]:
    """The document's lines with each drafting note inside a sentence set apart as a line
    after it, as the import moves it into a note block; and the indexes of those notes."""
    out: list[str] = []
    moved: set[int] = set()
    for line in lines:
        notes = [m for m in _BRACKET.finditer(line) if m[1] is not None
                 and _inline_note(fold(m[1])) and fold(line) != fold(m[0])]
        if not notes:
            out.append(line)
            continue
        sentence = fold(" ".join(line[a:b] for a, b in zip(
            [0, *(m.end() for m in notes)], [*(m.start() for m in notes), len(line)],
            strict=True)))
        out.append(re.sub(r"\s+([.,;:])", r"\1", sentence))
        for m in notes:
            moved.add(len(out))
            out.append(fold(_note_text(fold(m[1]))))
    return out, moved


def _walk(block: Block) -> Iterator[Block]:
    yield block
    for child in block.children:
        yield from _walk(child)


# --- from a file -------------------------------------------------------------------------------

def import_model_file(path: str | Path, *, output: str | Path | None = None,
                      publisher: str = "", number: str = "", edition: str = "",
                      limit: int | None = None) -> ModelImport:
    """Read a model document through the table of readers and import it. What the header
    does not say comes from the output's name, PUBLISHER/NUMBER.yaml, as a library keeps it."""
    from .readers import MAX_INPUT_BYTES, read_bytes, read_document

    name = str(path)
    data = read_bytes(path, limit or MAX_INPUT_BYTES)
    document = read_document(path, data=data)
    out = Path(output) if output is not None and str(output) != "-" else None
    if out is not None:
        publisher = publisher or out.parent.name
    return import_model(document, name=name, header=header_lines(data, name),
                        publisher=_checked_publisher(publisher), number=number,
                        edition=edition, fallback_number=_number_in(out.name) if out else "")


def _checked_publisher(publisher: str) -> str:
    if publisher and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", publisher):
        raise InputError(f"--publisher: '{publisher}' is not a publisher's short name "
                         "(lower-case letters, digits and hyphens, e.g. mtsba)")
    return publisher
