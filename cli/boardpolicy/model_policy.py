"""A model policy: a publisher's template with stable block ids, choices and drafting notes.

The YAML format is documented in docs/model-format.md; this module reads it and checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .yamlfile import YamlDoc, check_list, check_mapping, check_text, load_yaml

FORMAT = "boardpolicy-model/1"
PLACEHOLDER = "{district}"


class BlockType(StrEnum):
    """What a model block is; the district file's edits and compose treat each differently."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    NOTE = "note"  # a drafting note: addressed to the district, never printed when adopted
    CHOICE = "choice"  # options the district chooses among
    REFERENCES = "references"
    HISTORY = "history"


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

    def option_ids(self) -> set[str]:
        return {o.id for c in self.choices for o in c.options}

    def published(self, text: str) -> str:
        """Model text as the publisher prints it (placeholder in its published words)."""
        return text.replace(PLACEHOLDER, self.district_placeholder)


TOP_FIELDS = {"format", "publisher", "publisher_name", "number", "series", "title", "edition",
              "default", "source", "district_placeholder", "blocks"}
BLOCK_FIELDS = {"id", "type", "text", "label", "options", "question", "lead_in", "note",
                "punctuate", "entries", "published"}


def load_model(path: str | Path) -> ModelPolicy:
    return parse_model(load_yaml(path, what="model policy file"))


def parse_model(doc: YamlDoc) -> ModelPolicy:
    top = check_mapping(doc, (), doc.data, TOP_FIELDS)
    if top.get("format") != FORMAT:
        raise doc.error(("format",), f"must be '{FORMAT}'")

    def text(name: str, required: bool = True) -> str:
        return check_text(doc, (name,), top.get(name), required=required)

    blocks = tuple(_parse_block(doc, i, raw)
                   for i, raw in enumerate(check_list(doc, ("blocks",), top.get("blocks"))))
    model = ModelPolicy(
        publisher=text("publisher"), number=text("number"), edition=text("edition"),
        title=text("title"), blocks=blocks, series=text("series", False),
        publisher_name=text("publisher_name", False), source=text("source", False),
        default=bool(top.get("default", False)),
        district_placeholder=text("district_placeholder", False) or "School District",
        path=doc.path,
    )
    _check_ids(doc, model)
    doc.raise_problems()
    return model


def _parse_block(doc: YamlDoc, i: int, raw: Any) -> ModelBlock:
    key = ("blocks", i)
    raw = check_mapping(doc, key, raw, BLOCK_FIELDS)
    name = check_text(doc, (*key, "type"), raw.get("type"))
    known = [t.value for t in BlockType]
    if name not in known:
        raise doc.error((*key, "type"), f"unknown block type '{name}'; known: {', '.join(known)}")
    kind = BlockType(name)
    block_id = check_text(doc, (*key, "id"), raw.get("id"))
    fields: dict[str, Any] = {"id": block_id, "type": kind,
                              "label": check_text(doc, (*key, "label"), raw.get("label"),
                                                  required=False),
                              "published": raw.get("published", True) is not False}
    if kind in (BlockType.HEADING, BlockType.PARAGRAPH, BlockType.NOTE):
        fields["text"] = check_text(doc, (*key, "text"), raw.get("text"))
    elif kind is BlockType.CHOICE:
        fields["options"] = tuple(
            Option(e["id"], e["text"])
            for e in _entries(doc, (*key, "options"), raw.get("options"), {"id": 1, "text": 1}))
        for name in ("question", "lead_in", "note"):
            fields[name] = check_text(doc, (*key, name), raw.get(name), required=False)
        fields["punctuate"] = bool(raw.get("punctuate", False))
    elif kind is BlockType.REFERENCES:
        fields["references"] = tuple(
            Reference(e["code"], e["title"])
            for e in _entries(doc, (*key, "entries"), raw.get("entries"), {"code": 0, "title": 1}))
    elif kind is BlockType.HISTORY:
        fields["history"] = tuple(
            HistoryField(e["key"], e["label"])
            for e in _entries(doc, (*key, "entries"), raw.get("entries"), {"key": 1, "label": 1}))
    return ModelBlock(**fields)


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
        for ident in (block.id, *(o.id for o in block.options)):
            if ident in seen:
                raise doc.error(("blocks", i), f"the id '{ident}' is used twice")
            seen.add(ident)
    for i, block in enumerate(model.blocks):
        for name in ("lead_in", "note"):
            target = getattr(block, name)
            if target and target not in seen:
                raise doc.error(("blocks", i, name), f"names no block: '{target}'")
