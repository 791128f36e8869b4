"""Model policy (+ a district's choices and edits) -> Document.

The district's own words are inserted as data and never interpreted: only the model's
`{district}` placeholder is filled, by plain replacement.
"""

from __future__ import annotations

from collections import defaultdict

from .dates import DATE_SEPARATOR
from .decisions import DISTRICT, Alternative, Blank, OptionalText
from .decisions import fill as fill_markers
from .district import DistrictPolicy, Edit, EditAction, OwnBullet
from .document import Block, Document, Kind
from .model_policy import PLACEHOLDER, BlockType, ModelBlock, ModelPolicy
from .prose import fold


def compose_model(model: ModelPolicy, district: str | None = None) -> Document:
    """The model as its publisher prints it: every option, drafting notes kept.

    Blocks the publisher does not print (`published: false`) are left out. With `district`,
    the model reads as it would for that district, which is what a choice-aware diff compares
    against: its `{district}` placeholders are the district's name, and the blocks every
    district gets by default (cross references, an empty policy history) are there too.
    """
    def text(raw: str) -> str:
        return raw.replace(PLACEHOLDER, district) if district else model.published(raw)

    blocks: list[Block | None] = []
    for block in model.blocks:
        if not block.published and not district:
            continue
        if block.type is BlockType.CHOICE:
            items = tuple(Block(Kind.ITEM, text(o.text), o.id) for o in block.options)
            blocks.append(Block(Kind.LIST, "", block.id, children=items))
        elif block.alternative is not None:  # every wording, numbered as associations do
            blocks += [Block(Kind.PARAGRAPH, f"[OPTION {n}: {text(w.text)}]", w.id)
                       for n, w in enumerate(block.alternative.wordings, 1)]
        elif block.optional is not None:
            blocks.append(Block(Kind.PARAGRAPH, text(block.optional.published), block.id))
        elif block.inline:
            blocks.append(_plain_block(model, block, _published(model, block, district)))
        else:
            blocks.append(_plain_block(model, block, text(block.text)))
    return Document(title=model.title, blocks=tuple(b for b in blocks if b is not None),
                    number=model.number, series=model.series, source=model.ref,
                    status=model.status)


def _published(model: ModelPolicy, block: ModelBlock, district: str | None) -> str:
    """A paragraph's text with its decisions as the association prints them: "[five (5)]
    working days", "[shall] [may]", "[OPTIONAL: …]"."""
    decisions = {d.id: d for d in block.inline}

    def value(ident: str) -> str | None:
        if ident == DISTRICT:
            return district or model.district_placeholder
        item = decisions.get(ident)
        return item.published if item is not None else None

    return fill_markers(block.text, value)


def decided_text(block: ModelBlock, district: DistrictPolicy) -> str:
    """A paragraph's text with the district's decisions (or the model's defaults) and name,
    filled in one pass: a value the district wrote is never read for markers."""
    decisions = {d.id: d for d in block.inline}

    def value(ident: str) -> str | None:
        if ident == DISTRICT:
            return district.district
        item = decisions.get(ident)
        match item:
            case Blank():
                chosen = district.value(item)
                return item.filled(chosen) if chosen else item.published
            case Alternative():
                wording = item.wording(district.wording(item) or "")
                return wording.text if wording else item.published
            case OptionalText():
                keeps = district.keeps(item)
                return item.text if keeps else "" if keeps is False else item.published
        return None

    return fill_markers(block.text, value)


def compose(district: DistrictPolicy, model: ModelPolicy) -> Document:
    """The district's adopted policy: chosen bullets, local edits, no drafting notes."""
    # A district's text is printed as one paragraph however its file breaks the lines (a YAML
    # `|` block keeps them, and a final newline): every format prints it alike.
    replaced = {e.target: fold(e.text) for e in district.edits
                if e.action is EditAction.REPLACE}
    dropped = {e.target for e in district.edits if e.action is EditAction.DROP}
    kept = {e.target for e in district.edits if e.action is EditAction.KEEP}
    around: dict[tuple[EditAction, str], list[Edit]] = defaultdict(list)
    for edit in district.edits:
        if edit.action in (EditAction.ADD_AFTER, EditAction.ADD_BEFORE):
            around[(edit.action, edit.target)].append(edit)
    lead_ins = {c.lead_in: c.id for c in model.choices if c.lead_in}

    def fill(text: str) -> str:
        return text.replace(PLACEHOLDER, district.district)

    printed: set[int] = set()  # added edits already placed: each prints once, never in a loop

    def placed(block_id: str, block: Block | None) -> list[Block]:
        """A block with the paragraphs the district added before and after it."""
        before = [b for e in around.get((EditAction.ADD_BEFORE, block_id), ()) for b in added(e)]
        after = [b for e in around.get((EditAction.ADD_AFTER, block_id), ()) for b in added(e)]
        return [*before, *([block] if block is not None else []), *after]

    def added(edit: Edit) -> list[Block]:
        if id(edit) in printed:  # validation refuses circles; a caller that skipped it
            return []
        printed.add(id(edit))
        paragraph = Block(Kind.PARAGRAPH, fold(edit.text), edit.id or None)
        return placed(edit.id, paragraph) if edit.id else [paragraph]

    blocks: list[Block] = []
    for mb in model.blocks:
        block: Block | None
        if mb.type is BlockType.NOTE and mb.id in kept:
            block = Block(Kind.PARAGRAPH, fill(mb.text), mb.id)  # printed as the district did
        elif mb.id in dropped or mb.type is BlockType.NOTE:
            block = None
        elif mb.id in lead_ins and not district.chosen(lead_ins[mb.id]):
            block = None  # "the following ... are forbidden:" with nothing following
        elif mb.type is BlockType.CHOICE:
            block = _chosen_list(mb, district, replaced, fill)
        elif mb.type is BlockType.REFERENCES:
            refs = district.cross_references
            block = _references(mb, refs if refs is not None else mb.references)
        elif mb.type is BlockType.HISTORY:
            block = _history(mb, dict(district.history))
        elif mb.alternative is not None:
            block = _alternative(mb, mb.alternative, district, replaced, fill)
        elif mb.optional is not None:
            keeps = district.keeps(mb.optional)
            text = replaced.get(mb.id) or fill(mb.text)
            block = None if keeps is False else Block(
                Kind.PARAGRAPH, text if keeps else mb.optional.published, mb.id)
        elif mb.inline and mb.id not in replaced:
            block = Block(_KIND[mb.type], decided_text(mb, district), mb.id)
        else:
            block = _plain_block(model, mb, replaced.get(mb.id) or fill(mb.text))
        blocks += placed(mb.id, block)
    return Document(title=model.title, blocks=tuple(blocks), number=model.number,
                    series=model.series, district=district.district, source=model.ref,
                    status=model.status)


def _alternative(mb: ModelBlock, alt: Alternative, district: DistrictPolicy,
                 replaced: dict[str, str], fill) -> Block:
    """The wording the district adopted, or its own words for it (`replace`)."""
    if mb.id in replaced:
        return Block(Kind.PARAGRAPH, replaced[mb.id], mb.id)
    wording = alt.wording(district.wording(alt) or "")
    if wording is None:  # not decided: validate refuses this; shown as the model prints it
        return Block(Kind.PARAGRAPH, " ".join(f"[OPTION {n}: {fill(w.text)}]" for n, w in
                                              enumerate(alt.wordings, 1)), mb.id)
    return Block(Kind.PARAGRAPH, fill(wording.text), wording.id)


_KIND = {BlockType.HEADING: Kind.HEADING, BlockType.PARAGRAPH: Kind.PARAGRAPH,
         BlockType.NOTE: Kind.NOTE}


def _plain_block(model: ModelPolicy, mb: ModelBlock, text: str) -> Block | None:
    if mb.type in (BlockType.REFERENCES, BlockType.LEGAL):
        return _references(mb, mb.references)
    if mb.type is BlockType.HISTORY:
        return _history(mb, {})
    return Block(_KIND[mb.type], text, mb.id)


def _chosen_list(mb: ModelBlock, district: DistrictPolicy, replaced: dict[str, str],
                 fill) -> Block | None:
    options = {o.id: o for o in mb.options}
    items = []
    for entry in district.chosen(mb.id) or ():
        if isinstance(entry, OwnBullet):
            items.append(Block(Kind.ITEM, fold(entry.text)))
        else:
            items.append(Block(Kind.ITEM, replaced.get(entry) or fill(options[entry].text), entry))
    if not items:
        return None
    if mb.punctuate:
        items = punctuate(items)
    return Block(Kind.LIST, "", mb.id, children=tuple(items))


def punctuate(items: list[Block]) -> list[Block]:
    """End every bullet with ';' and the last with '.', as the model's full list does.

    Only a bullet that already ends in ';' or '.' is touched, so a district's question mark
    or closing parenthesis stays as written.
    """
    out = []
    for i, item in enumerate(items):
        text = item.text.rstrip()
        if text.endswith((";", ".")):
            text = text[:-1] + ("." if i == len(items) - 1 else ";")
        out.append(Block(item.kind, text, item.id, item.label, item.children))
    return out


def _references(mb: ModelBlock, refs) -> Block | None:
    if not refs:
        return None
    children = tuple(Block(Kind.REFERENCE, r.title, label=r.code) for r in refs)
    default = "Legal Reference" if mb.type is BlockType.LEGAL else "Cross Reference"
    return Block(Kind.REFERENCES, "", mb.id, label=mb.label or default, children=children)


def _history(mb: ModelBlock, values: dict[str, tuple[str, ...]]) -> Block:
    children = tuple(Block(Kind.ENTRY, DATE_SEPARATOR.join(values.get(f.key, ())), label=f.label)
                     for f in mb.history)
    return Block(Kind.HISTORY, "", mb.id, label=mb.label or "Policy History", children=children)
