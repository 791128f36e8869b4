"""Two Documents -> Diff. Knows the model's structure when one side is a model policy."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from ..decisions import Alternative, Blank, OptionalText, Recovered
from ..document import Document, Finding, FindingKind, Kind
from ..errors import InputError
from ..model_policy import PLACEHOLDER, ModelPolicy
from . import wording
from .align import Aligned, OnlyNew, OnlyOld, align
from .listing import list_changes
from .normalize import DEFAULT_OPTIONS, DiffOptions, text_key
from .result import (
    Category,
    Change,
    Deleted,
    Diff,
    Equal,
    Inserted,
    Modified,
    Moved,
    Op,
    Side,
    Span,
    Summary,
    Unit,
    UnitKind,
)
from .similar import alike, bag, dice
from .truncation import Cut, cut_off
from .words import Encoder, similarity, word_spans

UNLIKE = 0.4  # below this a document is not an adoption of the model (import refuses it)
# The work limit of a diff (docs/bad-input.md, "Work limits"): a diff holds about 2.3 KB for
# each paragraph it compares (its change, spans and line in the list of changes; the JSON of
# it; 3.6 KB for HTML, 4.5 KB for the Word redline), however short the paragraph: 45 MB of
# one-line paragraphs needed gigabytes. A side may have MAX_UNITS paragraphs and
# MAX_UNITS_PER_KB more for every 1,000 characters of its text: paragraphs of 83 characters
# on average or more are never refused (a policy's average 100-300), and at the limit a diff
# of one-line paragraphs stays within 20 times its input and the interpreter's 150 MB.
MAX_UNITS = 10_000
MAX_UNITS_PER_KB = 12


def units(document: Document) -> list[Unit]:
    """A document as the lines a reader compares: header, title, then every block."""
    out: list[Unit] = []
    if document.district:
        out.append(Unit(UnitKind.DISTRICT, document.district))
    if document.series or document.number:
        out.append(Unit(UnitKind.SERIES, f"{document.series} {document.number}".strip()))
    if document.title:
        out.append(Unit(UnitKind.TITLE, document.title))
    for block in document.blocks:
        if block.kind in (Kind.REFERENCES, Kind.HISTORY):
            if block.label:
                out.append(Unit(UnitKind.LABEL, block.plain, block.id))
            kind = UnitKind.REFERENCE if block.kind is Kind.REFERENCES else UnitKind.ENTRY
            out += [Unit(kind, c.plain, c.id) for c in block.children]
        elif block.children:
            out += [Unit(_UNIT_KIND[c.kind], c.text, c.id) for c in block.children]
        elif block.text:
            out.append(Unit(_UNIT_KIND[block.kind], block.text, block.id))
    return out


def within_work_limit(side: list[Unit], name: str) -> None:
    """Refuse a side of more paragraphs than the diff's work limit allows for its text."""
    characters = sum(len(unit.text) for unit in side)
    limit = MAX_UNITS + MAX_UNITS_PER_KB * characters // 1000
    if len(side) > limit:
        raise InputError(f"has {len(side):,} paragraphs in {characters:,} characters, more than "
                         f"a diff compares: at most {MAX_UNITS:,} and {MAX_UNITS_PER_KB} more "
                         f"for every 1,000 characters ({limit:,} here)", path=name)


# A block's kind as a unit's: a look-up, not an enum made from a string for every block
_UNIT_KIND = {kind: UnitKind(kind.value) for kind in Kind if kind.value in set(UnitKind)}


@dataclass(frozen=True, slots=True)
class _Model:
    """The model policy a diff knows, and which side of the diff it is."""

    policy: ModelPolicy
    side: Side


def diff_documents(old: Document, new: Document, options: DiffOptions = DEFAULT_OPTIONS, *,
                   old_model: ModelPolicy | None = None, new_model: ModelPolicy | None = None,
                   old_name: str = "", new_name: str = "",
                   meanings: dict[str, str] | None = None) -> Diff:
    """Compare two documents; with a model on one side, report choices as choices.

    `meanings` maps option ids to what choosing them means (their choice's id), so that the
    list of changes can say "now forbidden"; the models given add their own."""
    model = _model(old_model, new_model) if options.model_aware else None
    a, b = units(old), units(new)
    within_work_limit(a, old_name or old.source)
    within_work_limit(b, new_name or new.source)
    notes: list[Change] = []
    if model is not None:  # drafting notes are the model's words to the district, not policy
        a, b, notes = _set_notes_apart(a, b, model.side)
    encoder = Encoder()  # one table of words for every paragraph compared
    changes = _fewest_moves([_change(p, a, b, options, encoder)
                             for p in _aligned(a, b, options)])
    if model is not None:
        district_doc = new if model.side is Side.OLD else old
        changes = _categorise(changes, model, district_doc)
    changes += notes
    names = (old_name or old.source, new_name or new.source)
    findings = tuple(f.at(names[0]) for f in old.findings) + \
        tuple(f.at(names[1]) for f in new.findings)
    cut = cut_off(changes, model.side) if model is not None else None
    if model is not None and cut is not None:
        changes = _not_known(changes, cut.beyond, cut.stops_in)
        findings = _with_cut(findings, cut, names[1] if model.side is Side.OLD else names[0])
    summary = _summary(changes)
    if model is not None:
        other = names[1] if model.side is Side.OLD else names[0]
        if summary.similarity < UNLIKE:
            findings += (Finding(FindingKind.NOT_ALIKE, f"only {summary.similarity:.0%} alike: "
                                 f"it does not look like {model.policy.name} at all, so the "
                                 "list of changes says little", other),)
    if encoder.coarse:  # words.MAX_WORD_WORK: long paragraphs too unlike to compare by word
        findings += (Finding(FindingKind.COMPARED_COARSELY,
                             f"{encoder.coarse:,} long paragraph{'s' * (encoder.coarse > 1)} "
                             "too unlike to compare word by word in bounded time: compared "
                             "sentence by sentence (or whole)"),)
    return Diff(names[0], names[1], tuple(changes), summary,
                model.policy.ref if model else None, findings,
                list_changes(tuple(changes), _meanings(meanings, old_model, new_model)))


def _not_known(changes: list[Change], beyond: tuple[int, ...], stops_in: int | None
               ) -> list[Change]:
    """The changes past a cut as not known: the model's blocks the document does not reach
    are neither kept nor dropped, and the fragment it stops in is not the district's own
    text."""
    marked = set(beyond)
    return [replace(c, category=Category.CUT_OFF) if k == stops_in else
            replace(c, category=Category.NOT_KNOWN) if k in marked else c
            for k, c in enumerate(changes)]


def _with_cut(findings: tuple[Finding, ...], cut: Cut, name: str) -> tuple[Finding, ...]:
    """The findings, with the document's cut when the model shows one: it replaces a
    reader's guess from the last line alone, for it says where the text stops."""
    kept = tuple(f for f in findings if not (f.kind is FindingKind.CUT_OFF and f.where == name))
    return (*kept, cut.finding.at(name))


def _model(old_model: ModelPolicy | None, new_model: ModelPolicy | None) -> _Model | None:
    """The model a diff knows: the old side's if both are models."""
    if old_model is not None:
        return _Model(old_model, Side.OLD)
    return _Model(new_model, Side.NEW) if new_model is not None else None


def _meanings(given: dict[str, str] | None, *models: ModelPolicy | None) -> dict[str, str]:
    """Option id -> what choosing it means (its choice's id), the models' added to `given`."""
    meanings = dict(given or {})
    for each in models:
        for choice in each.choices if each else ():
            meanings.update({o.id: choice.id for o in choice.options})
    return meanings


def _set_notes_apart(a: list[Unit], b: list[Unit], side: Side
                     ) -> tuple[list[Unit], list[Unit], list[Change]]:
    """The model's side without its drafting notes, and each note as a change of its own."""
    units = a if side is Side.OLD else b
    kept = [u for u in units if u.kind is not UnitKind.NOTE]
    notes: list[Change] = [_note_change(u, side) for u in units if u.kind is UnitKind.NOTE]
    texts = [u.text for u in units if u.kind is UnitKind.NOTE]
    if side is Side.OLD:
        return kept, _notes_printed(b, texts), notes
    return _notes_printed(a, texts), kept, notes


# The label a printed drafting note may carry before it: our Word, Markdown and web renders of
# a model print "Drafting note: (DISTRICT MUST CHOOSE …)"
NOTE_LABEL = re.compile(r"^(?:drafting\s+)?note\s*[:.\-–—]?$", re.IGNORECASE)


def _notes_printed(units: list[Unit], notes: list[str]) -> list[Unit]:
    """A document's units with the model's drafting notes it prints recognised: a paragraph
    that is a note, or ends in one, is (the rest of it, then) that note. A reader prints such
    a paragraph as written (readers.structure); only the model says it is a note."""
    if not notes:
        return units
    out: list[Unit] = []
    for unit in units:
        text = " ".join(unit.text.split())
        note = next((n for n in (" ".join(t.split()) for t in notes) if n and
                     unit.kind is UnitKind.PARAGRAPH and (text == n or text.endswith(f" {n}"))),
                    None)
        if note is None:
            out.append(unit)
            continue
        rest = text[: -len(note)].rstrip()
        if rest and not NOTE_LABEL.match(rest):  # "Drafting note:" is the note's, as we print it
            out.append(replace(unit, text=rest))
        out.append(Unit(UnitKind.NOTE, note))
    return out


def _aligned(a: list[Unit], b: list[Unit], options: DiffOptions) -> list[Aligned]:
    """The units of both sides paired, in the new side's reading order. Bullets are paired
    without their list marks; when both sides know the model's ids, by id as well."""
    by_id = any(u.id for u in a) and any(u.id for u in b)
    return align([text_key(_unmarked(u), options) for u in a],
                 [text_key(_unmarked(u), options) for u in b],
                 _Bags(a, by_id), _Bags(b, by_id), lambda i, j: _similar(a[i], b[j], by_id))


class _Bags:
    """Each block's bag of words, made when alignment first asks for it: most blocks are
    matched exactly and never need one (a bag costs far more memory than its text)."""

    def __init__(self, units: list[Unit], by_id: bool = False):
        self.units, self.by_id = units, by_id
        self.made: dict[int, Counter[str]] = {}

    def __getitem__(self, k: int, /) -> Counter[str]:
        found = self.made.get(k)
        if found is None:
            found = self.made[k] = _unit_bag(self.units[k], self.by_id)
        return found


def _unit_bag(unit: Unit, by_id: bool = False) -> Counter[str]:
    """The words a block is paired by. When both sides know the model's ids (`by_id`: a
    district file or the model, composed), a block also carries its id, weighing twice its
    words: two blocks of one id pair however reworded, and two of different ids never reach
    the similarity a pair needs (a bullet no longer forbidden and another newly forbidden in
    its place are two choices, not one bullet reworded)."""
    words = bag(_bag_text(unit))
    if by_id and unit.id:
        words["\0" + unit.id] = 2 * max(1, words.total())
    return words


def _similar(old: Unit, new: Unit, by_id: bool) -> float:
    """How alike two blocks are, as `dice` of their bags gives it (ids weighed in)."""
    if by_id and (old.id or new.id):
        return dice(_unit_bag(old, by_id), _unit_bag(new, by_id))
    return alike(_bag_text(old), _bag_text(new))


def _bag_text(unit: Unit) -> str:
    """The text a block is paired by. A history line pairs by its label, so that
    "Adopted on: 5/22/2018" and "Adopted on: November 13, 2012" are one line re-dated."""
    return unit.text.split(":", 1)[0] if unit.kind is UnitKind.ENTRY else unit.text


def _note_change(unit: Unit, side: Side) -> Change:
    if side is Side.OLD:
        return Deleted(old=unit, old_index=None, category=Category.DRAFTING_NOTE)
    return Inserted(new=unit, new_index=None, category=Category.DRAFTING_NOTE)


def _change(aligned: Aligned, a: list[Unit], b: list[Unit], options: DiffOptions,
            encoder: Encoder) -> Change:
    match aligned:
        case OnlyNew(j):
            return Inserted(new=b[j], new_index=j)
        case OnlyOld(i):
            return Deleted(old=a[i], old_index=i)
    i, j = aligned.old, aligned.new
    old, new = a[i], b[j]
    moved = aligned.op is Op.MOVE
    if old.text == new.text:  # most blocks: no words to compare
        return (Moved if moved else Equal)(old, new, (Span(Op.EQUAL, new.text),), 1.0, i, j)
    spans = _spans(old, new, options, encoder)
    edited = any(s.op is not Op.EQUAL for s in spans)  # equal keys may differ in words
    kind = Moved if moved else Modified if edited else Equal
    return kind(old, new, spans, similarity(spans), i, j)


# --- a list's own punctuation ----------------------------------------------------------------

LIST_MARKS = (";", ".")


def _list_mark(unit: Unit) -> str:
    """The ';' or '.' a bullet ends with. A list ends every bullet with ';' and the last with
    '.' (MTSBA's rule, and boardpolicy's when it prints a district's choice), so the mark
    follows the bullet's place in the list, not anyone's wording: a bullet that becomes the
    last is not reworded."""
    return unit.text[-1] if unit.kind is UnitKind.ITEM and unit.text.endswith(LIST_MARKS) \
        else ""


def _unmarked(unit: Unit) -> str:
    """A unit's text as blocks are paired by: a bullet without its list mark."""
    return unit.text[:-1] if _list_mark(unit) else unit.text


def _spans(old: Unit, new: Unit, options: DiffOptions, encoder: Encoder | None
           ) -> tuple[Span, ...]:
    """The word spans of a pair; two bullets' list marks are one equal span, the old mark
    kept as its `old_text`, so the spans still rebuild both texts."""
    old_mark, new_mark = _list_mark(old), _list_mark(new)
    if not (old_mark and new_mark) or old_mark == new_mark:
        return word_spans(old.text, new.text, options, encoder)
    mark = Span(Op.EQUAL, new_mark, old_mark)
    if old.text[:-1] == new.text[:-1]:
        return (Span(Op.EQUAL, new.text, old.text),)
    spans = word_spans(old.text[:-1], new.text[:-1], options, encoder)
    last = spans[-1] if spans else None
    if last is None or last.op is not Op.EQUAL:
        return (*spans, mark)
    old_text = (last.old_text if last.old_text is not None else last.text) + old_mark
    return (*spans[:-1], Span(Op.EQUAL, last.text + new_mark, old_text))


# --- moves -------------------------------------------------------------------------------------

def _fewest_moves(changes: list[Change]) -> list[Change]:
    """Say "moved" of the fewest blocks that explain the new order: the paired blocks that keep
    their order (a longest run of old places, read in new order) stay put, the rest moved.
    Alignment finds moves block by block; a bullet moved to the end could leave a bullet it
    passed marked as moved, and the one that moved named as merely reworded. Of equally few
    moves, those alignment found are kept (an unchanged anchor stays, the edited block moves)."""
    paired = sorted((k for k, c in enumerate(changes) if isinstance(c, Equal | Modified | Moved)),
                    key=lambda k: changes[k].new_index or 0)
    stay = _longest_increasing([changes[k].old_index or 0 for k in paired],
                               [changes[k].op is not Op.MOVE for k in paired])
    out = list(changes)
    for n, k in enumerate(paired):
        change = changes[k]
        assert isinstance(change, Equal | Modified | Moved)
        edited = any(s.op is not Op.EQUAL for s in change.spans)
        if n in stay and isinstance(change, Moved):
            out[k] = _recast(change, Modified if edited else Equal)
        elif n not in stay and isinstance(change, Equal | Modified):
            out[k] = _recast(change, Moved)
    return _deletions_in_place(out)


def _deletions_in_place(changes: list[Change]) -> list[Change]:
    """Each deletion again right after the last block before it in the old document that
    stays in place. Alignment placed deletions beside the blocks it took as unmoved; once
    `_fewest_moves` has said which blocks moved, a deletion can sit beside a block now called
    moved, on the wrong side of its unmoved neighbours, and rejecting every change in a Word
    redline then gives the old text out of order. The unmoved blocks rise in both documents'
    order, so a binary search over their old places finds each deletion's."""
    deleted = sorted((c for c in changes if isinstance(c, Deleted) and c.old_index is not None),
                     key=lambda c: c.old_index or 0)
    rest = [c for c in changes if not (isinstance(c, Deleted) and c.old_index is not None)]
    unmoved = [(c.old_index or 0, k) for k, c in enumerate(rest) if isinstance(c, Equal | Modified)]
    olds = [old for old, _ in unmoved]
    slots: dict[int, list[Change]] = defaultdict(list)
    for deletion in deleted:
        n = bisect.bisect_left(olds, deletion.old_index or 0)
        slots[unmoved[n - 1][1] if n else -1].append(deletion)
    out = list(slots.get(-1, []))
    for k, change in enumerate(rest):
        out.append(change)
        out.extend(slots.get(k, []))
    return out


def _recast(change: Equal | Modified | Moved, kind: type[Equal | Modified | Moved]) -> Change:
    """The same pair of blocks as another kind of change."""
    return kind(change.old, change.new, change.spans, change.similarity, change.old_index,
                change.new_index, category=change.category)


def _longest_increasing(values: list[int], preferred: list[bool]) -> set[int]:
    """The positions of a longest strictly increasing run of `values`, holding as many
    `preferred` positions as such a run can: a weighted longest increasing subsequence over a
    Fenwick tree of prefix maxima, O(n log n) (a manual has thousands of blocks)."""
    n = len(values)
    ranks = {v: r + 1 for r, v in enumerate(sorted(set(values)))}
    tree = [(0, -1)] * (len(ranks) + 1)  # (score, position) best run ending below a rank
    back = [-1] * n
    score = [0] * n
    for k, value in enumerate(values):
        best, at, r = (0, -1), -1, ranks[value] - 1
        while r > 0:  # best run over values smaller than this one
            best = max(best, tree[r])
            r -= r & -r
        at = best[1]
        score[k] = best[0] + (n + 1) + preferred[k]  # length first, then preferred blocks
        back[k] = at
        r = ranks[value]
        while r < len(tree):
            tree[r] = max(tree[r], (score[k], k))
            r += r & -r
    run: set[int] = set()
    k = max(range(n), key=score.__getitem__) if n else -1
    while k != -1:
        run.add(k)
        k = back[k]
    return run


def _categorise(changes: list[Change], model: _Model, district_doc: Document) -> list[Change]:
    """Each change as what it means against the model: an option, a filled-in name, ..."""
    policy = model.policy
    option_ids = policy.option_ids()
    placeholder_ids = {b.id for b in policy.blocks if PLACEHOLDER in b.text} | \
        {o.id for c in policy.choices for o in c.options if PLACEHOLDER in o.text}
    out = []
    for change in changes:
        model_unit, other = _sides(change, model.side)
        decided = _decided(model_unit, other, policy, district_doc.district)
        if decided:
            out.append(replace(change, category=Category.DECIDED, decided=decided))
            continue
        category = _category(change, model_unit, other, option_ids) or \
            _filled_in_or_model(change, model_unit, other, placeholder_ids,
                                district_doc.district)
        if model_unit is not None and other is None and _among(model_unit.id, placeholder_ids):
            # the district left it out: show the model's own words, not a filled-in name
            change = _published(change, policy)
        out.append(replace(change, category=category) if category else change)
    return out


def _decided(model_unit: Unit | None, other: Unit | None, policy: ModelPolicy,
             district: str | None) -> tuple[str, ...]:
    """What a change says of the model's decisions (format v2), in words; () when it is not
    a decision, or says more than deciding (the district also reworded the sentence)."""
    if model_unit is None or not model_unit.id or policy.version < 2:
        return ()
    ident = model_unit.id
    name = district or policy.district_placeholder
    block = policy.block(ident)
    if block is not None and block.inline and other is not None:
        found = block.template().match(other.text, district)
        return () if found is None else tuple(_inline_words(block.inline, found, policy))
    if block is not None and block.optional is not None:
        text = block.text.replace(PLACEHOLDER, name)
        if other is None or _same(other.text, text):
            return (wording.optional_text(False, policy.published(block.text),
                                          other is not None),)
        return ()
    alternative = policy.wording_ids().get(ident)
    if alternative is not None and not alternative.inline:
        text = next(w.text for w in alternative.wordings if w.id == ident)
        if other is None:
            return (wording.not_chosen(policy.published(text)),)
        if _same(other.text, text.replace(PLACEHOLDER, name)):
            return (wording.chose(other.text),)
    return ()


def _inline_words(decisions: tuple[Blank | Alternative | OptionalText, ...], found: Recovered,
                  policy: ModelPolicy) -> list[str]:
    out = []
    for item in decisions:
        match item:
            case Blank() if item.id in found.blanks:
                out.append(wording.filled_blank(item.published,
                                                item.filled(found.blanks[item.id])))
            case Alternative() if item.id in found.alternatives:
                chosen = item.wording(found.alternatives[item.id])
                out.append(wording.chose(chosen.text if chosen else ""))
            case OptionalText() if item.id in found.optional:
                out.append(wording.optional_text(True, policy.published(item.text),
                                                 found.optional[item.id].value == "keep"))
    return out


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _sides(change: Change, model_side: Side) -> tuple[Unit | None, Unit | None]:
    """The change's model unit and the other document's unit (either may be missing)."""
    return (change.old, change.new) if model_side is Side.OLD else (change.new, change.old)


def _among(unit_id: str | None, ids: set[str] | dict[str, str]) -> bool:
    return unit_id is not None and unit_id in ids


def _category(change: Change, model_unit: Unit | None, other: Unit | None,
              option_ids: set[str]) -> Category:
    """A bullet of the model's: adopted if the other side has it, else not adopted."""
    if model_unit is None or not _among(model_unit.id, option_ids):
        return Category.NONE
    return Category.OPTION_ADOPTED if other is not None else Category.OPTION_NOT_ADOPTED


def _filled_in_or_model(change: Change, model_unit: Unit | None, other: Unit | None,
                        placeholder_ids: set[str], district: str | None) -> Category:
    if _filled_in(change, model_unit, other, placeholder_ids, district):
        return Category.FILLED_IN
    if model_unit is not None and model_unit.kind in FURNITURE and \
            (other is None or change.op is Op.EQUAL):
        return Category.MODEL  # as the model gives it, or left out: not a change
    return Category.NONE


# The model's cross references and policy history: given to every district by default.
FURNITURE = (UnitKind.LABEL, UnitKind.REFERENCE, UnitKind.ENTRY)


def _filled_in(change: Change, model_unit: Unit | None, other: Unit | None,
               placeholder_ids: set[str], district: str | None) -> bool:
    """The district's name as a header line, or in a model sentence that is otherwise equal;
    a date in a history line the model leaves blank ("Adopted on:")."""
    if model_unit is not None and other is not None and model_unit.kind is UnitKind.ENTRY \
            and model_unit.text.rstrip().endswith(":") and change.op is not Op.EQUAL:
        return True
    if not district:
        return False
    if model_unit is None:
        return other is not None and other.kind is UnitKind.DISTRICT and \
            other.text == district
    return _among(model_unit.id, placeholder_ids) and change.op is Op.EQUAL


def _published(change: Change, model: ModelPolicy) -> Change:
    """A block of the model's the district left out, in the model's published words."""
    match change:
        case Deleted(old=unit) if unit.id:
            return replace(change, old=replace(unit, text=_published_text(model, unit.id)))
        case Inserted(new=unit) if unit.id:
            return replace(change, new=replace(unit, text=_published_text(model, unit.id)))
    return change


def _published_text(model: ModelPolicy, block_id: str) -> str:
    block = model.block(block_id)
    if block is not None:
        return model.published(block.text)
    option = next(o for c in model.choices for o in c.options if o.id == block_id)
    return model.published(option.text)


def _summary(changes: list[Change]) -> Summary:
    counts = Counter(c.op for c in changes if c.category in (Category.NONE,
                                                             Category.OPTION_ADOPTED))
    tally = Counter(c.category for c in changes)
    as_given = sum(1 for c in changes if c.category is Category.MODEL and c.op is Op.EQUAL)
    return Summary(
        inserted=counts[Op.INSERT], deleted=counts[Op.DELETE], modified=counts[Op.MODIFY],
        moved=counts[Op.MOVE],
        unchanged=counts[Op.EQUAL] + tally[Category.FILLED_IN] + tally[Category.DECIDED] +
        as_given,
        similarity=_similarity(changes),
        options_adopted=_ids(changes, Category.OPTION_ADOPTED),
        options_not_adopted=_ids(changes, Category.OPTION_NOT_ADOPTED),
        filled_in=tally[Category.FILLED_IN], drafting_notes=tally[Category.DRAFTING_NOTE],
        options_not_known=tuple(c.id for c in changes if c.category in (
            Category.NOT_KNOWN, Category.CUT_OFF) and c.kind is UnitKind.ITEM and c.id))


def _ids(changes: list[Change], category: Category) -> tuple[str, ...]:
    """The option ids of the changes in `category` (every option has one)."""
    return tuple(c.id or "" for c in changes if c.category is category)


def _similarity(changes: list[Change]) -> float:
    """The share of characters, old and new, that both texts have (drafting notes aside)."""
    old_chars = new_chars = equal_chars = 0
    for c in changes:
        if c.category in (Category.DRAFTING_NOTE, Category.NOT_KNOWN, Category.CUT_OFF):
            continue
        for s in c.spans:
            if s.op is Op.EQUAL:
                old_text = s.old_text if s.old_text is not None else s.text
                equal_chars += len(old_text) + len(s.text)
                old_chars += len(old_text)
                new_chars += len(s.text)
            elif s.op is Op.DELETE:
                old_chars += len(s.text)
            else:
                new_chars += len(s.text)
    total = old_chars + new_chars
    return 1.0 if total == 0 else equal_chars / total
