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
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .composition import compose, compose_model
from .dates import parse_date, split_dates
from .diff import Category, Change, Diff, DiffOptions, Op, Side, diff_documents, units
from .diff.engine import UNLIKE
from .diff.result import UnitKind
from .diff.similar import alike
from .diff.truncation import cut_off
from .diff.wording import short
from .district import DistrictPolicy, Edit, EditAction, Entry, OwnBullet
from .document import Document, FindingKind, Kind
from .errors import InputError
from .library import Library, parse_ref
from .model_policy import PLACEHOLDER, BlockType, ModelPolicy, Reference
from .prose import fold, unpunctuated
from .xmlchars import BIDI_CONTROLS, INVISIBLE_CONTROLS, XML_FORBIDDEN, char_class

MIN_SIMILARITY = UNLIKE  # below this the document is not this policy (unless --force)
NOTE_SIMILARITY = 0.8  # a paragraph this close to a drafting note is that note, printed
# What a district file may not hold (yamlfile.check_text refuses it), and a carriage return:
# a reader's line end is never the district's text.
UNSAFE = re.compile(char_class(XML_FORBIDDEN | INVISIBLE_CONTROLS | BIDI_CONTROLS | {0x0D}))


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


@dataclass
class ImportResult:
    district: DistrictPolicy
    model: ModelPolicy
    similarity: float
    editions: list[tuple[str, float]]
    options: list[OptionFinding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # one per local edit, in order
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cut_off: bool = False
    unknown: list[str] = field(default_factory=list)  # options after the cut: not known
    reproduced: bool = False

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
            "unplaced": self.unplaced, "cut_off": self.cut_off, "unknown": self.unknown,
            "reproduced": self.reproduced, "warnings": self.warnings,
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
    result = _build(document, model, diff, similarity, editions)
    if removed:
        result.warnings.append(f"removed {removed} control character{'s' * (removed > 1)} "
                               "(escape codes, bidirectional overrides, U+FFFE, NUL ...) that "
                               "a district policy file cannot hold")
    return result


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
        text, n = UNSAFE.subn("", text)
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
           editions: list[tuple[str, float]]) -> ImportResult:
    result = ImportResult(DistrictPolicy(model="", district=""), model, similarity, editions)
    builder = _Builder(document, model, diff, result)
    cut = cut_off(diff.changes, Side.OLD) if _ends_in_body(document) else None
    for k, change in enumerate(diff.changes):
        if cut is None or k != cut.fragment:  # a cut-off fragment is no bullet of its own
            builder.take(change)
    district_name = document.district or _district_from_text(model, diff) or ""
    if not district_name:
        result.unplaced.append("the district's name: not found; write it under 'district:'")
    result.district = DistrictPolicy(
        model=model.name if model.default else model.ref,
        district=district_name,
        choices=tuple((cid, tuple(entries)) for cid, entries in builder.chosen.items()),
        edits=builder.edits(),
        cross_references=_references(document, model),
        history=_history(document, model, result),
    )
    result.cut_off = cut is not None or document.has(FindingKind.CUT_OFF)
    if cut is not None and not document.has(FindingKind.CUT_OFF):
        result.warnings.append(cut.finding.text)
    if result.cut_off:
        result.unknown = list(cut.unknown) if cut is not None else _after_the_cut(diff)
        result.options = [replace(o, status=OptionStatus.UNKNOWN) if o.id in result.unknown
                          else o for o in result.options]
    result.reproduced = _reproduces(result, document)
    return result


class _Builder:
    """Walks the diff against the model once, turning each change into what the district
    file says (choices and edits) and a Finding for the report."""

    def __init__(self, document: Document, model: ModelPolicy, diff: Diff,
                 result: ImportResult):
        self.model, self.diff, self.result = model, diff, result
        self.option_choice = {o.id: c.id for c in model.choices for o in c.options}
        self.options = {o.id: o for c in model.choices for o in c.options}
        self.notes = {b.id: b for b in model.blocks if b.type is BlockType.NOTE}
        self.chosen: dict[str, list[Entry]] = {c.id: [] for c in model.choices}
        self._edits: list[Edit] = []
        self.anchor: str | None = None  # the model block the text has most recently reached
        self.pending_before: list[str] = []  # paragraphs before any model block
        self.current_choice = model.choices[0].id if model.choices else None
        self.choice_items = _choice_list(document, diff, model)
        self.reordered = _reordered_options(diff, self.choice_items)
        self.reordered_ids = {o for o, _ in self.reordered.values()}

    def edits(self) -> tuple[Edit, ...]:
        first = next((b.id for b in self.model.blocks
                      if b.type in (BlockType.PARAGRAPH, BlockType.HEADING)), None)
        before = [Edit(EditAction.ADD_BEFORE, first, t) for t in self.pending_before] \
            if first else []
        return (*before, *self._edits)

    def found(self, what: Found, block: str | None = None, text: str = "",
              similarity: float = 1.0, after: str | None = None) -> None:
        self.result.findings.append(Finding(what, block, text, similarity, after))

    def take(self, change: Change) -> None:
        unit = change.new or change.old
        if change.category is Category.DRAFTING_NOTE or \
                unit.kind in (UnitKind.DISTRICT, UnitKind.SERIES):
            return
        if unit.kind is UnitKind.TITLE:
            if change.op is not Op.EQUAL:
                self.result.unplaced.append(f"title: {change.new_text or '(none)'}")
            return
        model_id = change.old.id if change.old else None
        if change.new is not None and id(change) in self.reordered:
            self._reordered(change)
        elif model_id in self.option_choice:
            self._option(change, model_id)
        elif unit.kind is UnitKind.ITEM and change.old is None and self.current_choice and \
                fold(change.new_text) in self.choice_items:
            self.chosen[self.current_choice].append(OwnBullet(change.new_text))
            self.found(Found.OWN_BULLET, self.current_choice, change.new_text)
        elif model_id:
            self._model_block(change, model_id)
        else:
            self._own_text(change)

    def _adopt(self, option_id: str, text: str, similarity: float, same: bool = False) -> None:
        """An option the district chose, as printed (`same`) or reworded."""
        self.chosen[self.option_choice[option_id]].append(option_id)
        if same or unpunctuated(text) == unpunctuated(self.options[option_id].text):
            self.result.options.append(OptionFinding(option_id, OptionStatus.EXACT, 1.0))
            return
        self.result.options.append(OptionFinding(option_id, OptionStatus.REWORDED, similarity))
        self._edits.append(Edit(EditAction.REPLACE, option_id, text))
        self.found(Found.OPTION_REWORDED, option_id, text, similarity)

    def _reordered(self, change: Change) -> None:
        """An option the district moved within its list and reworded."""
        option_id, score = self.reordered[id(change)]
        self.current_choice = self.option_choice[option_id]
        self._adopt(option_id, change.new_text, score)

    def _option(self, change: Change, model_id: str) -> None:
        self.current_choice = self.option_choice[model_id]
        self.anchor = self.current_choice
        if model_id in self.reordered_ids:
            return  # found elsewhere in the list
        if change.category is Category.OPTION_NOT_ADOPTED:
            self.result.options.append(OptionFinding(model_id, OptionStatus.NOT_ADOPTED, 0.0))
            return
        self._adopt(model_id, change.new_text, change.similarity,
                    same=change.new_text == change.old_text)

    def _model_block(self, change: Change, model_id: str) -> None:
        """A paragraph or heading of the model: kept, reworded, dropped or moved."""
        if change.op is not Op.DELETE:
            self.anchor = model_id
        if change.op is Op.EQUAL and change.old_text != change.new_text and \
                change.category is not Category.FILLED_IN:
            self._edits.append(Edit(EditAction.REPLACE, model_id, change.new_text))
            self.found(Found.PUNCTUATION, model_id, change.new_text)
        elif change.op is Op.DELETE:
            self._edits.append(Edit(EditAction.DROP, model_id))
            self.found(Found.DROPPED, model_id)
            self.anchor = model_id
        elif change.op is Op.MODIFY:
            self._edits.append(Edit(EditAction.REPLACE, model_id, change.new_text))
            self.found(Found.REWORDED, model_id, change.new_text, change.similarity)
        elif change.op is Op.MOVE:
            self._edits.append(Edit(EditAction.DROP, model_id))
            before = self.anchor
            self.anchor = _previous_anchor(self.diff, change) or before
            self._place(change.new_text)
            self.found(Found.MOVED, model_id, change.new_text, after=self.anchor)
            self.anchor = model_id if self.anchor is None else self.anchor

    def _own_text(self, change: Change) -> None:
        """Text of the district's own: a printed drafting note, or an added paragraph."""
        note = _matching_note(change.new_text, self.notes)
        if note:
            self._edits.append(Edit(EditAction.KEEP, note))
            self.found(Found.NOTE_PRINTED, note)
            self.anchor = note
            return
        self._place(change.new_text)
        self.found(Found.ADDED, self.anchor, change.new_text)

    def _place(self, text: str) -> None:
        if self.anchor is None:
            self.pending_before.append(text)
        else:
            self._edits.append(Edit(EditAction.ADD_AFTER, self.anchor, text))



def _choice_list(document: Document, diff: Diff, model: ModelPolicy) -> set[str]:
    """The texts of the bulleted lists that hold the district's choices, one per choice of
    the model: every list holding one of the model's options; else the list right after a
    choice's lead-in (its `lead_in` block); else the document's only list."""
    lists = [b for b in document.blocks if b.kind is Kind.LIST]
    if not lists:
        return set()
    adopted = {fold(c.new_text) for c in diff.changes
               if c.category is Category.OPTION_ADOPTED and c.new is not None}
    found = [b for b in lists if any(fold(i.text) in adopted for i in b.children)]
    lead_in_ids = {c.lead_in for c in model.choices if c.lead_in}
    lead_ins = {fold(c.new_text) for c in diff.changes
                if c.new is not None and c.old is not None and c.old.id in lead_in_ids}
    found += [document.blocks[k + 1] for k, b in enumerate(document.blocks[:-1])
              if fold(b.text) in lead_ins and document.blocks[k + 1].kind is Kind.LIST and
              document.blocks[k + 1] not in found]
    if not found and len(lists) == 1:
        found = lists
    return {fold(i.text) for b in found for i in b.children}


def _reordered_options(diff: Diff, choice_items: set[str]) -> dict[int, tuple[str, float]]:
    """Bullets of the choice list that the alignment could not pair because the district
    put them in another order: each is paired with a not-adopted option by word similarity
    (Dice ≥ 0.5), best pairs first. Keys are ids of the inserted changes."""
    from .diff.align import MODIFY_THRESHOLD
    from .diff.words import similarity, word_spans

    missing = [c for c in diff.changes if c.category is Category.OPTION_NOT_ADOPTED]
    extra = [c for c in diff.changes if c.old is None and c.new is not None and
             c.new.kind is UnitKind.ITEM and fold(c.new_text) in choice_items]
    scored = sorted(((alike(m.old_text, e.new_text), k, j)
                     for k, m in enumerate(missing) for j, e in enumerate(extra)),
                    reverse=True)
    out: dict[int, tuple[str, float]] = {}
    used: set[int] = set()
    for score, k, j in scored:
        if score < MODIFY_THRESHOLD:
            break
        if k in used or id(extra[j]) in out:
            continue
        used.add(k)
        spans = word_spans(missing[k].old_text, extra[j].new_text)
        out[id(extra[j])] = (missing[k].old.id, similarity(spans))
    return out


def _previous_anchor(diff: Diff, moved) -> str | None:
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


def _references(document: Document, model: ModelPolicy) -> tuple[Reference, ...] | None:
    found = [b for b in document.blocks if b.kind is Kind.REFERENCES]
    if not found:
        return ()
    refs = tuple(Reference(c.label or "", c.text) for b in found for c in b.children)
    defaults = next((b.references for b in model.blocks if b.type is BlockType.REFERENCES), ())
    return None if refs == tuple(defaults) else refs


def _history(document: Document, model: ModelPolicy, result: ImportResult):
    fields = [f for b in model.blocks if b.type is BlockType.HISTORY for f in b.history]
    by_label = {_label_key(f.label): f.key for f in fields} | {f.key: f.key for f in fields}
    by_label.setdefault("approved", "adopted")
    out = []
    for block in (b for b in document.blocks if b.kind is Kind.HISTORY):
        for entry in block.children:
            key = by_label.get(_label_key(entry.label or ""))
            if key is None:
                result.unplaced.append(f"history line: {entry.plain}")
                continue
            dates = split_dates(entry.text)
            good = []
            for value in dates:
                try:
                    parse_date(value)
                    good.append(value)
                except ValueError:
                    result.unplaced.append(f"{entry.label}: '{value}' is not a date")
            if good:
                out.append((key, tuple(good)))
    return tuple(out)


def _label_key(label: str) -> str:
    return label.lower().replace(" on", "").strip(" :")


def _ends_in_body(document: Document) -> bool:
    """The document ends in its body (the part import compares with the model), not in its
    cross references or history: only then can its last body block be where it was cut."""
    return bool(document.blocks) and \
        document.blocks[-1].kind not in (Kind.REFERENCES, Kind.HISTORY)


def _after_the_cut(diff: Diff) -> list[str]:
    """Options the document does not reach: not adopted, and after the last text it has."""
    last = max((k for k, c in enumerate(diff.changes) if c.new is not None), default=-1)
    return [c.old.id for c in diff.changes[last + 1:]
            if c.category is Category.OPTION_NOT_ADOPTED and c.old is not None]


def _reproduces(result: ImportResult, document: Document) -> bool:
    """Compose the imported file and compare it with the document, block by block."""
    if not result.district.district:
        return False
    composed = compose(result.district, result.model)
    ours = [" ".join(u.text.split()) for u in units(composed) if u.kind is not UnitKind.NOTE]
    theirs = [" ".join(u.text.split()) for u in units(document)]
    # the header: ours always has district, series and number; compare from the title on
    ours = ours[ours.index(composed.title):] if composed.title in ours else ours
    theirs = theirs[theirs.index(document.title):] if document.title in theirs else theirs
    missing = [t for t in theirs if t not in ours]
    extra = [t for t in ours if t not in theirs]
    for text in missing:
        result.unplaced.append(f"not reproduced: {short(text, 12)}")
    for text in extra:
        result.unplaced.append(f"would be added: {short(text, 12)}")
    if not missing and not extra and ours == theirs:
        # the same words must also be the same kinds of block: a bullet stays a bullet
        kinds = _kinds(composed, composed.title), _kinds(document, document.title)
        for (mine, text), (kind, _) in zip(*kinds, strict=False):
            if mine is not kind:
                result.unplaced.append(f"a {kind.value} would become a {mine.value}: "
                                       f"{short(text, 12)}")
        return kinds[0] == kinds[1]
    return False


def _kinds(document: Document, title: str) -> list[tuple[UnitKind, str]]:
    """(kind, text) of the units from the title on, as the reproduction check compares."""
    out = [(u.kind, " ".join(u.text.split())) for u in units(document)
           if u.kind is not UnitKind.NOTE]
    start = next((k for k, (_, t) in enumerate(out) if t == title), 0)
    return out[start:]
