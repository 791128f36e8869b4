"""Import: an adopted policy (any Document) + the model -> the district policy file behind it.

The document is compared with every edition of the model; the closest edition wins. Each
change then becomes what the district file says: an option adopted (reworded or not), a
bullet of the district's own, a paragraph dropped, reworded, added or moved, a drafting note
the district printed, its cross references and its policy history. Finally the file is
composed again and compared with the document, so the report says plainly whether the
import reproduces the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Any

from .composition import compose, compose_model
from .dates import parse_date, split_dates
from .decisions import DecisionKind, Keep
from .diff import Category, Change, Diff, DiffOptions, Op, diff_documents, units
from .diff.engine import UNLIKE
from .diff.result import UnitKind
from .diff.similar import alike
from .diff.wording import short
from .district import DistrictPolicy, Edit, EditAction, Entry, OwnBullet
from .document import Block, Document, FindingKind, Kind
from .errors import InputError
from .library import Library, parse_ref
from .model_policy import PLACEHOLDER, BlockType, ModelPolicy, Reference
from .prose import fold, unpunctuated
from .xmlchars import BIDI_CONTROLS, INVISIBLE_CONTROLS, XML_FORBIDDEN, char_class

MIN_SIMILARITY = UNLIKE  # below this the document is not this policy (unless --force)
NOTE_SIMILARITY = 0.8  # a paragraph this close to a drafting note is that note, printed
# What a district file may not hold (yamlfile.check_text refuses it), and a carriage return:
# a reader's line end is never the district's text.
@cache
def _unsafe() -> re.Pattern[str]:
    """What a district file cannot hold; compiled on first use, not at import."""
    return re.compile(char_class(XML_FORBIDDEN | INVISIBLE_CONTROLS | BIDI_CONTROLS | {0x0D}))


class NotThisPolicy(InputError):
    """The document is too unlike every edition of the model to be an adoption of it."""


class OptionStatus(StrEnum):
    EXACT = "exact"  # adopted as the model prints it
    REWORDED = "reworded"  # adopted in the district's words
    NOT_ADOPTED = "not adopted"
    UNKNOWN = "unknown"  # after the end of a cut-off document: not known either way


@dataclass(frozen=True)
class OptionFinding:
    id: str
    status: OptionStatus
    similarity: float


class Found(StrEnum):
    """What import found one block to be, for the report (outputs/report words it)."""

    OPTION_REWORDED = "option-reworded"
    OWN_BULLET = "own-bullet"
    PUNCTUATION = "punctuation"  # a model paragraph whose punctuation the district changed
    DROPPED = "dropped"
    REWORDED = "reworded"
    MOVED = "moved"
    NOTE_PRINTED = "note-printed"  # the model's drafting note, printed by the district
    ADDED = "added"


@dataclass(frozen=True)
class Finding:
    what: Found
    block: str | None  # the block or option id; for an added paragraph, the one it follows
    text: str = ""
    similarity: float = 1.0
    after: str | None = None  # for a moved paragraph: the block it now follows


@dataclass(frozen=True)
class DecisionFound:
    """A decision of the model recovered from the document, with its evidence: the
    document's words that show it."""

    id: str
    kind: DecisionKind
    value: str  # a wording id, a blank's value, keep or omit
    evidence: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind.value, "value": self.value,
                "evidence": self.evidence}


@dataclass(frozen=True)
class ImportResult:
    """What import found: the district file behind the document, and what the report says
    about it. Built once, from what each step of the import returned."""

    district: DistrictPolicy
    model: ModelPolicy
    similarity: float
    editions: tuple[tuple[str, float], ...]
    options: tuple[OptionFinding, ...] = ()
    findings: tuple[Finding, ...] = ()  # one per local edit, in order
    unplaced: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cut_off: bool = False
    unknown: tuple[str, ...] = ()  # options after the cut: not known
    reproduced: bool = False
    decisions: tuple[DecisionFound, ...] = ()  # blanks, alternatives, optional text (v2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model.name, "edition": self.model.edition,
            "similarity": round(self.similarity, 4),
            "editions": [{"edition": e, "similarity": round(s, 4)} for e, s in self.editions],
            "district": self.district.district,
            "choices": self.district.adopted_options(),
            "own_bullets": {cid: [e.text for e in entries or () if isinstance(e, OwnBullet)]
                            for cid, entries in self.district.choices},
            "options": [{"id": o.id, "status": o.status.value,
                         "similarity": round(o.similarity, 4)}
                        for o in self.options],
            "edits": [_edit_dict(e) for e in self.district.edits],
            "cross_references": None if self.district.cross_references is None else
            [{"code": r.code, "title": r.title} for r in self.district.cross_references],
            "history": {k: list(v) for k, v in self.district.history},
            "decisions": [d.to_dict() for d in self.decisions],
            "unplaced": list(self.unplaced), "cut_off": self.cut_off,
            "unknown": list(self.unknown), "reproduced": self.reproduced,
            "warnings": list(self.warnings),
        }


def _edit_dict(edit: Edit) -> dict[str, str]:
    out = {edit.action.value: edit.target}
    if edit.text:
        out["text"] = edit.text
    if edit.id:
        out["id"] = edit.id
    return out


def infer(document: Document, library: Library, model_name: str, *,
          force: bool = False) -> ImportResult:
    ref = parse_ref(model_name)
    if ref is None:
        raise InputError(f"'{model_name}' is not a model reference like mtsba/5460")
    candidates = [m for m in library.models() if m.name == ref.name]
    if ref.edition:
        candidates = [library.get(model_name)]
    if not candidates:
        library.get(model_name)  # raises the library's own "unknown model" message
    document, removed = clean(document)
    body = _body(document)
    scored = []
    for model in candidates:
        diff = _compare(model, body)
        scored.append((diff.summary.similarity, model, diff))
    scored.sort(key=lambda t: (-t[0], not t[1].default))
    similarity, model, diff = scored[0]
    editions = [(m.edition, s) for s, m, _ in scored]
    if similarity < MIN_SIMILARITY and not force:
        raise NotThisPolicy(f"does not look like {model.name}: {similarity:.0%} similar to "
                            f"the closest edition ({model.ref})", path=document.source or None)
    warnings = (f"removed {removed} control character{'s' * (removed > 1)} (escape codes, "
                "bidirectional overrides, U+FFFE, NUL ...) that a district policy file cannot "
                "hold",) if removed else ()
    return _build(document, model, diff, similarity, tuple(editions), warnings)


def district_file(result: ImportResult, library: Library, name: str) -> str:
    """The district policy file import writes, checked as `validate` checks it: import never
    writes a file its own validate refuses. A district's name import could not find is the
    one gap allowed (the report asks for it)."""
    from .district import parse_district
    from .errors import BoardPolicyError
    from .roundtrip import dump_district
    from .yamlfile import load_yaml

    text = dump_district(result.district, result.model)
    checked = text if result.district.district else dump_district(
        replace(result.district, district="District"), result.model)
    try:
        parse_district(load_yaml("<import>", text=checked, what="district policy file"),
                       library)
    except BoardPolicyError as exc:
        raise InputError(f"cannot be imported: the district policy file it would make is "
                         f"not valid ({exc.message})", path=name) from None
    return text


def clean(document: Document) -> tuple[Document, int]:
    """The document without the characters a district file refuses, and how many there were;
    a district's name is one line."""
    removed = 0

    def scrub(text: str) -> str:
        nonlocal removed
        text, n = _unsafe().subn("", text)
        removed += n
        return text

    def block(b):
        return replace(b, text=scrub(b.text), label=scrub(b.label) if b.label else b.label,
                       children=tuple(block(c) for c in b.children))

    district = " ".join(scrub(document.district).split()) if document.district else None
    cleaned = replace(document, title=scrub(document.title), district=district,
                      blocks=tuple(block(b) for b in document.blocks))
    return (cleaned, removed) if removed else (document, 0)


def _body(document: Document) -> Document:
    """The document without its cross references and history, which are read directly."""
    blocks = tuple(b for b in document.blocks if b.kind not in (Kind.REFERENCES, Kind.HISTORY))
    return Document(title=document.title, blocks=blocks, number=document.number,
                    series=document.series, district=document.district,
                    source=document.source)


def _compare(model: ModelPolicy, body: Document) -> Diff:
    old = compose_model(model, district=body.district)
    old = Document(title=old.title, blocks=tuple(
        b for b in old.blocks if b.kind not in (Kind.REFERENCES, Kind.HISTORY)),
        number=old.number, series=old.series, source=old.source)
    # Punctuation does not anchor or separate blocks here: a list's last bullet ends in "."
    # where the model's ends in ";". Every difference is still recorded (see _build).
    return diff_documents(old, body, DiffOptions(ignore_punctuation=True), old_model=model)


def _build(document: Document, model: ModelPolicy, diff: Diff, similarity: float,
           editions: tuple[tuple[str, float], ...], warnings: tuple[str, ...]) -> ImportResult:
    """The result, assembled once from what each step found."""
    read = _Builder(document, model, diff).walk()
    # the diff against the model knows where a cut-off document stops (diff/truncation.py)
    cut_words = [f.text for f in diff.findings if f.kind is FindingKind.CUT_OFF]
    is_cut = bool(cut_words) or document.has(FindingKind.CUT_OFF)
    district_name = document.district or _district_from_text(model, diff) or ""
    nameless = () if district_name else (
        "the district's name: not found; write it under 'district:'",)
    history, undated = _history(document, model)
    district = DistrictPolicy(
        model=model.name if model.default else model.ref,
        district=district_name,
        choices=read.choices(model),
        edits=read.all_edits(model),
        # a document cut off before its cross references does not say it has none
        cross_references=_references(document, model, cut=is_cut),
        history=history,
        alternatives=tuple((d.id, d.value) for d in read.decisions
                           if d.kind is DecisionKind.ALTERNATIVE),
        blanks=tuple((d.id, d.value) for d in read.decisions if d.kind is DecisionKind.BLANK),
        optional=tuple((d.id, Keep(d.value)) for d in read.decisions
                       if d.kind is DecisionKind.OPTIONAL),
    )
    if cut_words and not document.has(FindingKind.CUT_OFF):  # the model's evidence
        warnings = (*warnings, cut_words[0])
    unknown = (diff.summary.options_not_known or _after_the_cut(diff)) if is_cut else ()
    options = tuple(replace(o, status=OptionStatus.UNKNOWN) if o.id in unknown else o
                    for o in read.options)
    reproduced, unreproduced = _reproduces(district, model, document)
    return ImportResult(
        district, model, similarity, editions, options=options, findings=read.findings,
        unplaced=(*read.unplaced, *nameless, *undated, *unreproduced), warnings=warnings,
        cut_off=is_cut, unknown=unknown, reproduced=reproduced, decisions=read.decisions)


@dataclass(frozen=True)
class _Read:
    """What one change of the diff against the model is in the district file, and in the
    report; the reads of every change are added up into one (`_gathered`)."""

    chosen: tuple[tuple[str, Entry], ...] = ()  # (choice id, entry)
    edits: tuple[Edit, ...] = ()
    before: tuple[str, ...] = ()  # paragraphs before any model block
    options: tuple[OptionFinding, ...] = ()
    findings: tuple[Finding, ...] = ()
    unplaced: tuple[str, ...] = ()
    decisions: tuple[DecisionFound, ...] = ()

    def choices(self, model: ModelPolicy) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
        return tuple((c.id, tuple(e for cid, e in self.chosen if cid == c.id))
                     for c in model.choices)

    def all_edits(self, model: ModelPolicy) -> tuple[Edit, ...]:
        """The edits, with the paragraphs before any model block added before the first."""
        first = next((b.id for b in model.blocks
                      if b.type in (BlockType.PARAGRAPH, BlockType.HEADING)), None)
        before = [Edit(EditAction.ADD_BEFORE, first, t) for t in self.before] \
            if first else []
        return (*before, *self.edits)


NONE_READ = _Read()


def _gathered(reads: list[_Read]) -> _Read:
    return _Read(*(tuple(x for r in reads for x in getattr(r, f.name))
                   for f in fields(_Read)))


@dataclass(frozen=True)
class _Place:
    """Where the walk through the document is: the model block the text has most recently
    reached, and the choice its bullets belong to."""

    anchor: str | None
    choice: str | None


class _Builder:
    """Walks the diff against the model once, turning each change into what the district
    file says (choices and edits) and a Finding for the report."""

    def __init__(self, document: Document, model: ModelPolicy, diff: Diff):
        self.model, self.diff = model, diff
        self.district = document.district
        self.wordings = model.wording_ids()
        self.option_choice = {o.id: c.id for c in model.choices for o in c.options}
        self.options = {o.id: o for c in model.choices for o in c.options}
        self.notes = {b.id: b for b in model.blocks if b.type is BlockType.NOTE}
        self.choice_items = _choice_list(document, diff, model)
        self.reordered = _reordered_options(diff, self.choice_items)
        self.reordered_ids = {o for o, _ in self.reordered.values()}

    def walk(self) -> _Read:
        """Every change's read, added up (past a cut, nothing is read: not known)."""
        place = _Place(None, self.model.choices[0].id if self.model.choices else None)
        reads = []
        for change in self.diff.changes:
            read, place = self.take(change, place)
            reads.append(read)
        return _gathered(reads)

    def take(self, change: Change, place: _Place) -> tuple[_Read, _Place]:
        unit = change.unit
        if change.category in (Category.NOT_KNOWN, Category.CUT_OFF):  # past the cut
            option = change.old.id if change.old else None
            if option in self.option_choice:
                return _Read(options=(OptionFinding(option, OptionStatus.UNKNOWN, 0.0),)), place
            return NONE_READ, place
        if change.category is Category.DRAFTING_NOTE or \
                unit.kind in (UnitKind.DISTRICT, UnitKind.SERIES):
            return NONE_READ, place
        if unit.kind is UnitKind.TITLE:
            if change.op is not Op.EQUAL:
                return _Read(unplaced=(f"title: {change.new_text or '(none)'}",)), place
            return NONE_READ, place
        model_id = change.old.id if change.old else None
        if change.category is Category.DECIDED and model_id:
            return self._decided(change, model_id), replace(place, anchor=model_id)
        if change.new is not None and id(change) in self.reordered:
            return self._reordered(change, place)
        if model_id in self.option_choice:
            return self._option(change, model_id)
        if unit.kind is UnitKind.ITEM and change.old is None and place.choice and \
                fold(change.new_text) in self.choice_items:
            return _Read(chosen=((place.choice, OwnBullet(change.new_text)),),
                         findings=(Finding(Found.OWN_BULLET, place.choice,
                                           change.new_text),)), place
        if model_id:
            return self._model_block(change, model_id, place)
        return self._own_text(change, place)

    def _decided(self, change: Change, model_id: str) -> _Read:
        """The decisions a block shows (the diff has matched it to the model's template):
        which wording, the blanks' values, whether optional text is there."""
        block = self.model.block(model_id)
        evidence = change.new_text or f"(not in the document: {short(change.old_text, 8)})"
        found: list[DecisionFound] = []
        if block is not None and block.inline:
            recovered = block.template().match(change.new_text, self.district)
            if recovered is not None:
                found += [DecisionFound(k, DecisionKind.BLANK, v, evidence)
                          for k, v in recovered.blanks.items()]
                found += [DecisionFound(k, DecisionKind.ALTERNATIVE, v, evidence)
                          for k, v in recovered.alternatives.items()]
                found += [DecisionFound(k, DecisionKind.OPTIONAL, v.value, evidence)
                          for k, v in recovered.optional.items()]
        elif block is not None and block.optional is not None:
            kept = Keep.KEEP if change.new is not None else Keep.OMIT
            found.append(DecisionFound(model_id, DecisionKind.OPTIONAL, kept.value, evidence))
        elif change.new is not None and model_id in self.wordings:
            found.append(DecisionFound(self.wordings[model_id].id, DecisionKind.ALTERNATIVE,
                                       model_id, evidence))
        return _Read(decisions=tuple(found))

    def _adopt(self, option_id: str, text: str, similarity: float,
               same: bool = False) -> _Read:
        """An option the district chose, as printed (`same`) or reworded."""
        chosen = ((self.option_choice[option_id], option_id),)
        if same or unpunctuated(text) == unpunctuated(self.options[option_id].text):
            return _Read(chosen=chosen,
                         options=(OptionFinding(option_id, OptionStatus.EXACT, 1.0),))
        return _Read(chosen=chosen,
                     options=(OptionFinding(option_id, OptionStatus.REWORDED, similarity),),
                     edits=(Edit(EditAction.REPLACE, option_id, text),),
                     findings=(Finding(Found.OPTION_REWORDED, option_id, text, similarity),))

    def _reordered(self, change: Change, place: _Place) -> tuple[_Read, _Place]:
        """An option the district moved within its list and reworded."""
        option_id, score = self.reordered[id(change)]
        read = self._adopt(option_id, change.new_text, score)
        displaced = change.old.id if change.old is not None else None
        if displaced in self.option_choice and displaced not in self.reordered_ids:
            read = _gathered([read, _Read(options=(
                OptionFinding(displaced, OptionStatus.NOT_ADOPTED, 0.0),))])
        return read, replace(place, choice=self.option_choice[option_id])

    def _option(self, change: Change, model_id: str) -> tuple[_Read, _Place]:
        choice = self.option_choice[model_id]
        place = _Place(choice, choice)
        if model_id in self.reordered_ids:
            return NONE_READ, place  # found elsewhere in the list
        if change.category is Category.OPTION_NOT_ADOPTED:
            return _Read(options=(OptionFinding(model_id, OptionStatus.NOT_ADOPTED, 0.0),)), \
                place
        return self._adopt(model_id, change.new_text, change.similarity,
                           same=change.new_text == change.old_text), place

    def _model_block(self, change: Change, model_id: str,
                     place: _Place) -> tuple[_Read, _Place]:
        """A paragraph or heading of the model: kept, reworded, dropped or moved. The text
        has now reached it (a moved one: the block before its new place)."""
        here = replace(place, anchor=model_id)
        if change.op is Op.EQUAL and change.old_text != change.new_text and \
                change.category is not Category.FILLED_IN:
            return _Read(edits=(Edit(EditAction.REPLACE, model_id, change.new_text),),
                         findings=(Finding(Found.PUNCTUATION, model_id, change.new_text),)), here
        match change.op:
            case Op.DELETE:
                return _Read(edits=(Edit(EditAction.DROP, model_id),),
                             findings=(Finding(Found.DROPPED, model_id),)), here
            case Op.MODIFY:
                return _Read(edits=(Edit(EditAction.REPLACE, model_id, change.new_text),),
                             findings=(Finding(Found.REWORDED, model_id, change.new_text,
                                               change.similarity),)), here
            case Op.MOVE:
                anchor = _previous_anchor(self.diff, change) or model_id
                return _Read(edits=(Edit(EditAction.DROP, model_id),
                                    Edit(EditAction.ADD_AFTER, anchor, change.new_text)),
                             findings=(Finding(Found.MOVED, model_id, change.new_text,
                                               after=anchor),)), replace(place, anchor=anchor)
        return NONE_READ, here

    def _own_text(self, change: Change, place: _Place) -> tuple[_Read, _Place]:
        """Text of the district's own: a printed drafting note, or an added paragraph."""
        note = _matching_note(change.new_text, self.notes)
        if note:
            return _Read(edits=(Edit(EditAction.KEEP, note),),
                         findings=(Finding(Found.NOTE_PRINTED, note),)), replace(place,
                                                                                 anchor=note)
        added = Finding(Found.ADDED, place.anchor, change.new_text)
        if place.anchor is None:
            return _Read(before=(change.new_text,), findings=(added,)), place
        return _Read(edits=(Edit(EditAction.ADD_AFTER, place.anchor, change.new_text),),
                     findings=(added,)), place


def _choice_list(document: Document, diff: Diff, model: ModelPolicy) -> set[str]:
    """The texts of the bulleted lists that hold the district's choices, one per choice of
    the model: every list holding one of the model's options; else the list right after a
    choice's lead-in (its `lead_in` block); else the document's only list."""
    lists = [b for b in document.blocks if b.kind is Kind.LIST]
    if not lists:
        return set()
    found = _lists_with_options(lists, diff)
    found += [b for b in _lists_after_lead_ins(document, diff, model) if b not in found]
    if not found and len(lists) == 1:
        found = lists
    return {fold(i.text) for b in found for i in b.children}


def _lists_with_options(lists: list[Block], diff: Diff) -> list[Block]:
    """The lists holding a bullet the diff found to be one of the model's options."""
    adopted = {fold(c.new_text) for c in diff.changes
               if c.category is Category.OPTION_ADOPTED and c.new is not None}
    return [b for b in lists if any(fold(i.text) in adopted for i in b.children)]


def _lists_after_lead_ins(document: Document, diff: Diff, model: ModelPolicy) -> list[Block]:
    """The lists right after a paragraph the diff paired with a choice's lead-in."""
    lead_in_ids = {c.lead_in for c in model.choices if c.lead_in}
    lead_ins = {fold(c.new_text) for c in diff.changes
                if c.new is not None and c.old is not None and c.old.id in lead_in_ids}
    return [following for block, following in pairwise(document.blocks)
            if fold(block.text) in lead_ins and following.kind is Kind.LIST]


CLEARLY = 0.2  # how much more alike another option must be to take a bullet already paired


def _reordered_options(diff: Diff, choice_items: set[str]) -> dict[int, tuple[str, float]]:
    """Bullets of the choice list that the alignment could not pair because the district
    put them in another order: each is paired with a not-adopted option by word similarity
    (Dice ≥ 0.5), best pairs first. Keys are ids of the inserted changes."""
    from .diff.align import MODIFY_THRESHOLD
    from .diff.words import similarity, word_spans

    missing = [(c.old.id, c.old_text) for c in diff.changes
               if c.category is Category.OPTION_NOT_ADOPTED and c.old is not None and c.old.id]
    extra = [c for c in diff.changes if c.new is not None and c.new.kind is UnitKind.ITEM
             and fold(c.new_text) in choice_items and
             (c.old is None or (c.op is Op.MODIFY and c.category is Category.OPTION_ADOPTED))]
    # a bullet the alignment paired, in its place, with an option it hardly resembles is
    # taken by a not-adopted option it is clearly more alike (moved and reworded)
    paired = [alike(e.old_text, e.new_text) + CLEARLY if e.old is not None else 0.0
              for e in extra]
    scored = sorted(((alike(text, e.new_text), k, j)
                     for k, (_, text) in enumerate(missing) for j, e in enumerate(extra)),
                    reverse=True)
    scored = [(score, k, j) for score, k, j in scored if score > paired[j]]
    out: dict[int, tuple[str, float]] = {}
    used: set[int] = set()
    for score, k, j in scored:
        if score < MODIFY_THRESHOLD:
            break
        if k in used or id(extra[j]) in out:
            continue
        used.add(k)
        option_id, text = missing[k]
        out[id(extra[j])] = (option_id, similarity(word_spans(text, extra[j].new_text)))
    return out


def _previous_anchor(diff: Diff, moved: Change) -> str | None:
    """The model block just before a moved paragraph's new place."""
    previous = None
    for change in diff.changes:
        if change is moved:
            return previous
        if change.old is not None and change.old.id and change.op is not Op.DELETE and \
                change.category is not Category.OPTION_NOT_ADOPTED:
            previous = change.old.id
    return previous


def _matching_note(text: str, notes: dict) -> str | None:
    for note_id, block in notes.items():
        if alike(text, block.text) >= NOTE_SIMILARITY:
            return note_id
    return None


def _district_from_text(model: ModelPolicy, diff: Diff) -> str | None:
    """The name the district put where the model says "School District"."""
    for block in model.blocks:
        if PLACEHOLDER not in block.text:
            continue
        before, _, after = block.text.partition(PLACEHOLDER)
        pattern = re.escape(before[-30:]) + r"(.{3,80}?)" + re.escape(after[:30])
        for change in diff.changes:
            if change.new is not None and (m := re.search(pattern, change.new_text)) and \
                    _a_name(m[1], model):
                return m[1].strip()
    return None


def _a_name(text: str, model: ModelPolicy) -> bool:
    """Words that name a district: "Lone Pine School District", not the model's own
    "School District" nor "District" alone ("The District recognizes...")."""
    generic = {"the", "a", "this", "our", "school", "schools", "district", "public"}
    return text.strip() != model.district_placeholder and \
        any(word.lower() not in generic for word in text.split())


def _references(document: Document, model: ModelPolicy, *, cut: bool = False
                ) -> tuple[Reference, ...] | None:
    """The document's cross references; None for the model's own (as given, or not known
    because the document is cut off before them), () for none."""
    legal = {fold(b.label).lower() for b in model.blocks if b.type is BlockType.LEGAL}
    found = [b for b in document.blocks if b.kind is Kind.REFERENCES and
             fold(b.label or "").lower() not in legal]  # the model's own legal references
    if not found:
        return None if cut else ()
    refs = tuple(Reference(c.label or "", c.text) for b in found for c in b.children)
    defaults = next((b.references for b in model.blocks if b.type is BlockType.REFERENCES), ())
    return None if refs == tuple(defaults) else refs


def _history(document: Document, model: ModelPolicy) -> tuple[
        tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """The document's policy history as the model's fields, and the lines that are not."""
    fields_ = [f for b in model.blocks if b.type is BlockType.HISTORY for f in b.history]
    by_label = {_label_key(f.label): f.key for f in fields_} | {f.key: f.key for f in fields_}
    by_label.setdefault("approved", "adopted")
    out = []
    unplaced: list[str] = []
    for block in (b for b in document.blocks if b.kind is Kind.HISTORY):
        for entry in block.children:
            key = by_label.get(_label_key(entry.label or ""))
            if key is None:
                unplaced.append(f"history line: {entry.plain}")
                continue
            good, bad = _dates(entry.text)
            unplaced += [f"{entry.label}: '{value}' is not a date" for value in bad]
            if good:
                out.append((key, good))
    return tuple(out), tuple(unplaced)


def _dates(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dates of one history line, and the values that are not dates."""
    good, bad = [], []
    for value in split_dates(text):
        try:
            parse_date(value)
            good.append(value)
        except ValueError:
            bad.append(value)
    return tuple(good), tuple(bad)


def _label_key(label: str) -> str:
    return label.lower().replace(" on", "").strip(" :")


def _after_the_cut(diff: Diff) -> tuple[str, ...]:
    """Options the document does not reach: not adopted, and after the last text it has."""
    last = max((k for k, c in enumerate(diff.changes) if c.new is not None), default=-1)
    return tuple(c.old.id for c in diff.changes[last + 1:]
                 if c.category is Category.OPTION_NOT_ADOPTED and c.old is not None
                 and c.old.id is not None)


def _reproduces(district: DistrictPolicy, model: ModelPolicy,
                document: Document) -> tuple[bool, tuple[str, ...]]:
    """Compose the imported file and compare it with the document, block by block: whether
    it reproduces the text, and what it does not reproduce."""
    if not district.district:
        return False, ()
    composed = compose(district, model)
    ours = [" ".join(u.text.split()) for u in units(composed) if u.kind is not UnitKind.NOTE]
    theirs = [" ".join(u.text.split()) for u in units(document)]
    # the header: ours always has district, series and number; compare from the title on
    ours = ours[ours.index(composed.title):] if composed.title in ours else ours
    theirs = theirs[theirs.index(document.title):] if document.title in theirs else theirs
    missing = [t for t in theirs if t not in ours]
    extra = [t for t in ours if t not in theirs]
    unplaced = (*(f"not reproduced: {short(text, 12)}" for text in missing),
                *(f"would be added: {short(text, 12)}" for text in extra))
    if missing or extra or ours != theirs:
        return False, unplaced
    # the same words must also be the same kinds of block: a bullet stays a bullet
    mine, kinds = _kinds(composed, composed.title), _kinds(document, document.title)
    unplaced += tuple(f"a {kind.value} would become a {ours_.value}: {short(text, 12)}"
                      for (ours_, text), (kind, _) in zip(mine, kinds, strict=False)
                      if ours_ is not kind)
    return mine == kinds, unplaced


def _kinds(document: Document, title: str) -> list[tuple[UnitKind, str]]:
    """(kind, text) of the units from the title on, as the reproduction check compares."""
    out: list[tuple[UnitKind, str]] = [(u.kind, " ".join(u.text.split())) for u in units(document)
           if u.kind is not UnitKind.NOTE]
    start = next((k for k, (_, t) in enumerate(out) if t == title), 0)
    return out[start:]
