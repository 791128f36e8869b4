"""A model policy: a publisher's template with stable block ids, its decisions (choices of
bullets; in format v2 also blanks, alternatives and optional text), drafting notes, status and
legal references.

The YAML format is documented in docs/model-format.md; this module reads it and checks it.
Version 1 files read exactly as before: the v2 fields are refused in them, so that a v1 model
means what it always meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from .decisions import (
    DISTRICT,
    Alternative,
    Blank,
    BlankKind,
    DecisionKind,
    Inline,
    Keep,
    OptionalText,
    Template,
    Wording,
    markers,
)
from .document import PolicyStatus
from .yamlfile import YamlDoc, check_list, check_mapping, check_text, load_yaml, nearest

FORMAT = "boardpolicy-model/1"
FORMAT_V2 = "boardpolicy-model/2"
FORMATS = {FORMAT: 1, FORMAT_V2: 2}
PLACEHOLDER = "{district}"


class BlockType(StrEnum):
    """What a model block is; the district file's edits and compose treat each differently."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    NOTE = "note"  # a drafting note: addressed to the district, never printed when adopted
    CHOICE = "choice"  # options the district chooses among
    REFERENCES = "references"
    HISTORY = "history"
    # format v2
    ALTERNATIVE = "alternative"  # whole paragraphs, one of which the district adopts
    OPTIONAL = "optional"  # a paragraph the district keeps or leaves out
    LEGAL = "legal"  # legal references: printed like cross references, under their own label


V2_TYPES = {BlockType.ALTERNATIVE, BlockType.OPTIONAL, BlockType.LEGAL}


@dataclass(frozen=True, slots=True)
class Option:
    """One bullet of a choice, with the stable id districts name it by."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class HistoryField:
    key: str  # adopted, reviewed, revised: the district file's names
    label: str  # "Adopted on": the printed words


@dataclass(frozen=True, slots=True)
class ModelBlock:
    """One block of a model. Only the fields of its `type` are filled."""

    id: str
    type: BlockType
    text: str = ""
    label: str = ""
    options: tuple[Option, ...] = ()
    question: str = ""
    lead_in: str = ""  # for a choice: the paragraph printed only when something is chosen
    note: str = ""  # for a choice: its drafting note
    punctuate: bool = False
    references: tuple[Reference, ...] = ()
    history: tuple[HistoryField, ...] = ()
    published: bool = True  # False: not in the publisher's text (a default for districts)
    # format v2: the decisions inside a paragraph's text, each named there by `{id}`
    inline: tuple[Inline, ...] = ()
    # format v2: a whole-paragraph decision (type alternative or optional)
    alternative: Alternative | None = None
    optional: OptionalText | None = None

    def template(self) -> Template:
        """The paragraph's text as a pattern of its inline decisions."""
        return Template(self.text, {d.id: d for d in self.inline})


@dataclass(frozen=True, slots=True)
class ModelPolicy:
    publisher: str
    number: str
    edition: str
    title: str
    blocks: tuple[ModelBlock, ...]
    series: str = ""
    publisher_name: str = ""
    source: str = ""
    default: bool = False
    district_placeholder: str = "School District"
    path: str = ""
    status: PolicyStatus | None = None  # format v2: required, recommended or optional
    version: int = 1  # the format version the file is written in

    @property
    def name(self) -> str:
        """`mtsba/5460`: how users name the policy."""
        return f"{self.publisher}/{self.number}"

    @property
    def ref(self) -> str:
        """`mtsba/5460@current`: the policy and its edition."""
        return f"{self.name}@{self.edition}"

    def block(self, block_id: str) -> ModelBlock | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    @property
    def choices(self) -> tuple[ModelBlock, ...]:
        return tuple(b for b in self.blocks if b.type is BlockType.CHOICE)

    def block_ids(self) -> set[str]:
        return {b.id for b in self.blocks}

    @property
    def blanks(self) -> tuple[Blank, ...]:
        return tuple(d for b in self.blocks for d in b.inline if isinstance(d, Blank))

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        """Inline and whole-paragraph alternatives, in the model's order."""
        return tuple(d for b in self.blocks for d in (*b.inline, b.alternative)
                     if isinstance(d, Alternative))

    @property
    def optionals(self) -> tuple[OptionalText, ...]:
        """Optional sentences and paragraphs, in the model's order."""
        return tuple(d for b in self.blocks for d in (*b.inline, b.optional)
                     if isinstance(d, OptionalText))

    def decisions(self) -> tuple[Decision, ...]:
        """Every decision the model asks of a district, in the order its text asks them."""
        out: list[Decision] = []
        for block in self.blocks:
            if block.type is BlockType.CHOICE:
                out.append(block)
            out += [d for d in (*block.inline, block.alternative, block.optional)
                    if d is not None]
        return tuple(out)

    def decision(self, ident: str) -> Decision | None:
        return next((d for d in self.decisions() if d.id == ident), None)

    def wording_ids(self) -> dict[str, Alternative]:
        """Wording id -> its alternative: `--choose` names either options or wordings."""
        return {w.id: a for a in self.alternatives for w in a.wordings}

    def option_ids(self) -> set[str]:
        return {o.id for c in self.choices for o in c.options}

    def published(self, text: str) -> str:
        """Model text as the publisher prints it (placeholder in its published words)."""
        return text.replace(PLACEHOLDER, self.district_placeholder)


Decision = ModelBlock | Blank | Alternative | OptionalText  # a ModelBlock: a choice of bullets


def decision_kind(decision: Decision) -> DecisionKind:
    """What kind of decision this is."""
    match decision:
        case Blank():
            return DecisionKind.BLANK
        case Alternative():
            return DecisionKind.ALTERNATIVE
        case OptionalText():
            return DecisionKind.OPTIONAL
    return DecisionKind.CHOICE


E = TypeVar("E", bound=StrEnum)

TOP_FIELDS = {"format", "publisher", "publisher_name", "number", "series", "title", "edition",
              "default", "source", "district_placeholder", "blocks"}
TOP_FIELDS_V2 = TOP_FIELDS | {"status"}
BLOCK_FIELDS = {"id", "type", "text", "label", "options", "question", "lead_in", "note",
                "punctuate", "entries", "published"}
BLOCK_FIELDS_V2 = BLOCK_FIELDS | {"blanks", "alternatives", "optional", "wordings",
                                  "recommended"}


def load_model(path: str | Path) -> ModelPolicy:
    return parse_model(load_yaml(path, what="model policy file"))


def parse_model(doc: YamlDoc) -> ModelPolicy:
    check_mapping(doc, (), doc.data)
    version = FORMATS.get(str(doc.data.get("format")))
    if version is None:
        raise doc.error(("format",), f"must be '{FORMAT}' or '{FORMAT_V2}'")
    top = check_mapping(doc, (), doc.data, TOP_FIELDS_V2 if version == 2 else TOP_FIELDS)

    def text(name: str, required: bool = True) -> str:
        return check_text(doc, (name,), top.get(name), required=required)

    blocks = tuple(_parse_block(doc, i, raw, version)
                   for i, raw in enumerate(check_list(doc, ("blocks",), top.get("blocks"))))
    model = ModelPolicy(
        publisher=text("publisher"), number=text("number"), edition=text("edition"),
        title=text("title"), blocks=blocks, series=text("series", False),
        publisher_name=text("publisher_name", False), source=text("source", False),
        default=bool(top.get("default", False)),
        district_placeholder=text("district_placeholder", False) or "School District",
        path=doc.path,
        status=_enum(doc, ("status",), top.get("status"), PolicyStatus),
        version=version,
    )
    _check_ids(doc, model)
    _check_markers(doc, model)
    doc.raise_problems()
    return model


def _parse_block(doc: YamlDoc, i: int, raw: Any, version: int) -> ModelBlock:
    key = ("blocks", i)
    raw = check_mapping(doc, key, raw, BLOCK_FIELDS_V2 if version == 2 else BLOCK_FIELDS)
    name = check_text(doc, (*key, "type"), raw.get("type"))
    known = [t.value for t in BlockType if version == 2 or t not in V2_TYPES]
    if name not in known:
        v2 = f" ('{name}' needs format: {FORMAT_V2})" if name in {t.value for t in V2_TYPES} \
            else ""
        raise doc.error((*key, "type"), f"unknown block type '{name}'; known: "
                                        f"{', '.join(known)}{v2}")
    kind = BlockType(name)
    block_id = check_text(doc, (*key, "id"), raw.get("id"))
    fields: dict[str, Any] = {"id": block_id, "type": kind,
                              "label": check_text(doc, (*key, "label"), raw.get("label"),
                                                  required=False),
                              "published": raw.get("published", True) is not False}
    if kind in (BlockType.HEADING, BlockType.PARAGRAPH, BlockType.NOTE, BlockType.OPTIONAL):
        fields["text"] = check_text(doc, (*key, "text"), raw.get("text"))
    if kind is BlockType.PARAGRAPH and version == 2:
        fields["inline"] = _inline(doc, key, raw)
    elif kind is BlockType.ALTERNATIVE:
        fields["alternative"] = _alternative(doc, key, raw, inline=False)
        fields["note"] = check_text(doc, (*key, "note"), raw.get("note"), required=False)
    elif kind is BlockType.OPTIONAL:
        fields["optional"] = OptionalText(block_id, fields["text"], _keep(doc, key, raw),
                                          inline=False)
        fields["note"] = check_text(doc, (*key, "note"), raw.get("note"), required=False)
    elif kind is BlockType.CHOICE:
        fields["options"] = tuple(
            Option(e["id"], e["text"])
            for e in _entries(doc, (*key, "options"), raw.get("options"), {"id": 1, "text": 1}))
        for name in ("question", "lead_in", "note"):
            fields[name] = check_text(doc, (*key, name), raw.get(name), required=False)
        fields["punctuate"] = bool(raw.get("punctuate", False))
    elif kind in (BlockType.REFERENCES, BlockType.LEGAL):
        fields["references"] = tuple(
            Reference(e["code"], e["title"])
            for e in _entries(doc, (*key, "entries"), raw.get("entries"), {"code": 0, "title": 1}))
    elif kind is BlockType.HISTORY:
        fields["history"] = tuple(
            HistoryField(e["key"], e["label"])
            for e in _entries(doc, (*key, "entries"), raw.get("entries"), {"key": 1, "label": 1}))
    return ModelBlock(**fields)


def _inline(doc: YamlDoc, key: tuple, raw: dict) -> tuple[Inline, ...]:
    """A paragraph's blanks, alternatives and optional sentences, each named in its text."""
    out: list[Inline] = []
    for j, entry in enumerate(check_list(doc, (*key, "blanks"), raw.get("blanks") or [])):
        k = (*key, "blanks", j)
        check_mapping(doc, k, entry, {"id", "label", "kind", "recommended", "unit"})
        out.append(Blank(check_text(doc, (*k, "id"), entry.get("id")),
                         check_text(doc, (*k, "label"), entry.get("label")),
                         _enum(doc, (*k, "kind"), entry.get("kind"), BlankKind)
                         or BlankKind.TEXT,
                         check_text(doc, (*k, "recommended"), entry.get("recommended"),
                                    required=False),
                         check_text(doc, (*k, "unit"), entry.get("unit"), required=False)))
    for j, entry in enumerate(check_list(doc, (*key, "alternatives"),
                                         raw.get("alternatives") or [])):
        out.append(_alternative(doc, (*key, "alternatives", j), entry, inline=True))
    for j, entry in enumerate(check_list(doc, (*key, "optional"), raw.get("optional") or [])):
        k = (*key, "optional", j)
        check_mapping(doc, k, entry, {"id", "text", "recommended"})
        out.append(OptionalText(check_text(doc, (*k, "id"), entry.get("id")),
                                check_text(doc, (*k, "text"), entry.get("text")),
                                _keep(doc, k, entry)))
    return tuple(out)


def _alternative(doc: YamlDoc, key: tuple, raw: Any, *, inline: bool) -> Alternative:
    fields = {"id", "question", "recommended", "wordings"}
    if inline:
        check_mapping(doc, key, raw, fields)
    wordings = tuple(Wording(e["id"], e["text"]) for e in _entries(
        doc, (*key, "wordings"), raw.get("wordings"), {"id": 1, "text": 1}))
    if len(wordings) < 2:
        raise doc.error((*key, "wordings"), "an alternative needs at least two wordings")
    recommended = check_text(doc, (*key, "recommended"), raw.get("recommended"),
                             required=False)
    if recommended and recommended not in {w.id for w in wordings}:
        raise doc.error((*key, "recommended"), f"'{recommended}' is not one of its wordings "
                        f"({', '.join(w.id for w in wordings)})")
    return Alternative(check_text(doc, (*key, "id"), raw.get("id")), wordings,
                       check_text(doc, (*key, "question"), raw.get("question"),
                                  required=False), recommended, inline)


def _keep(doc: YamlDoc, key: tuple, raw: dict) -> Keep | None:
    return _enum(doc, (*key, "recommended"), raw.get("recommended"), Keep)


def _enum(doc: YamlDoc, key: tuple, raw: Any, enum: type[E]) -> E | None:
    """An enum's value, or None when not given; a wrong one names the known values."""
    if raw is None or raw == "":
        return None
    text = check_text(doc, key, raw)
    known = [e.value for e in enum]
    if text not in known:
        hint = nearest(text, known)
        tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(known)}"
        raise doc.error(key, f"unknown value '{text}'; {tip}")
    return enum(text)


def _entries(doc: YamlDoc, key: tuple, raw: Any, names: dict[str, int]) -> list[dict[str, str]]:
    """A list of small mappings of text fields; `names` maps each field to 1 if required."""
    out = []
    for j, entry in enumerate(check_list(doc, key, raw)):
        check_mapping(doc, (*key, j), entry, set(names))
        out.append({n: check_text(doc, (*key, j, n), entry.get(n), required=bool(req))
                    for n, req in names.items()})
    return out


def _check_ids(doc: YamlDoc, model: ModelPolicy) -> None:
    """Block and option ids are one namespace: edits name either."""
    seen: set[str] = set()
    for i, block in enumerate(model.blocks):
        for ident in (block.id, *(o.id for o in block.options), *_decision_ids(block)):
            if ident in seen:
                raise doc.error(("blocks", i), f"the id '{ident}' is used twice")
            seen.add(ident)
    for i, block in enumerate(model.blocks):
        for name in ("lead_in", "note"):
            target = getattr(block, name)
            if target and target not in seen:
                raise doc.error(("blocks", i, name), f"names no block: '{target}'")


def _decision_ids(block: ModelBlock) -> list[str]:
    """The ids a block's v2 decisions add: inline decisions and every wording (a whole
    alternative or optional paragraph is named by the block's own id)."""
    out = [d.id for d in block.inline]
    for alt in (*block.inline, block.alternative):
        if isinstance(alt, Alternative):
            out += [w.id for w in alt.wordings]
    return out


def _check_markers(doc: YamlDoc, model: ModelPolicy) -> None:
    """In a v2 file, every `{id}` of a paragraph names one of its inline decisions (or the
    district), and each inline decision is named exactly once."""
    if model.version < 2:
        return
    for i, block in enumerate(model.blocks):
        named = markers(block.text) if block.type is BlockType.PARAGRAPH else []
        own = {d.id for d in block.inline}
        for ident in named:
            if ident != DISTRICT and ident not in own:
                doc.report(doc.error(("blocks", i, "text"), f"'{{{ident}}}' names no blank, "
                                     "alternative or optional sentence of this paragraph"))
        for ident in own:
            if named.count(ident) != 1:
                doc.report(doc.error(("blocks", i, "text"), f"must say '{{{ident}}}' once, "
                                     "where the district's decision is printed"))
