"""Two Documents -> Diff. Knows the model's structure when one side is a model policy."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..document import Document, Kind
from ..model_policy import ModelPolicy
from .align import align, dice
from .listing import list_changes
from .normalize import DEFAULT_OPTIONS, DiffOptions, text_key, words
from .result import Category, Change, Diff, Op, Span, Summary, Unit, UnitKind
from .words import Encoder, shared_ends, similarity, word_spans

UNLIKE = 0.4  # below this a document is not an adoption of the model (import refuses it)


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


# A block's kind as a unit's: a look-up, not an enum made from a string for every block
_UNIT_KIND = {kind: UnitKind(kind.value) for kind in Kind if kind.value in set(UnitKind)}


def diff_documents(old: Document, new: Document, options: DiffOptions = DEFAULT_OPTIONS, *,
                   old_model: ModelPolicy | None = None, new_model: ModelPolicy | None = None,
                   old_name: str = "", new_name: str = "",
                   meanings: dict[str, str] | None = None) -> Diff:
    """Compare two documents; with a model on one side, report choices as choices.

    `meanings` maps option ids to what choosing them means (their choice's id), so that the
    list of changes can say "now forbidden"; the models given add their own."""
    model, model_side = (old_model, "old") if old_model else (new_model, "new")
    if not options.model_aware:
        model = None
    a, b = units(old), units(new)
    notes: list[Change] = []
    if model is not None:  # drafting notes are the model's words to the district, not policy
        side = a if model_side == "old" else b
        kept = [u for u in side if u.kind is not UnitKind.NOTE]
        notes = [_note_change(u, model_side) for u in side if u.kind is UnitKind.NOTE]
        if model_side == "old":
            a = kept
        else:
            b = kept
    by_id = any(u.id for u in a) and any(u.id for u in b)  # both sides know the model's ids
    pairs = align([text_key(_unmarked(u), options) for u in a],
                  [text_key(_unmarked(u), options) for u in b],
                  _Bags(a, by_id), _Bags(b, by_id),
                  lambda i, j: _similar(a[i], b[j], by_id))
    encoder = Encoder()
    changes = _fewest_moves([_change(p.op, p.old, p.new, a, b, options, encoder)
                             for p in pairs])
    if model is not None:
        changes = _categorise(changes, model, model_side, old if model_side == "new" else new)
    changes += notes
    warnings = tuple(f"{old_name or old.source}: {w}" for w in old.warnings) + \
        tuple(f"{new_name or new.source}: {w}" for w in new.warnings)
    summary = _summary(changes)
    if model is not None and summary.similarity < UNLIKE:
        other = new_name or new.source if model_side == "old" else old_name or old.source
        warnings += (f"{other}: only {summary.similarity:.0%} alike: it does not look like "
                     f"{model.name} at all, so the list of changes says little",)
    meanings = dict(meanings or {})
    for each in (old_model, new_model):
        for choice in each.choices if each else ():
            meanings.update({o.id: choice.id for o in choice.options})
    return Diff(old_name or old.source, new_name or new.source, tuple(changes),
                summary, model.ref if model else None, warnings,
                list_changes(tuple(changes), meanings))


class _Bags:
    """Each block's bag of words, made when alignment first asks for it: most blocks are
    matched exactly and never need one (a bag costs far more memory than its text)."""

    def __init__(self, units: list[Unit], by_id: bool = False):
        self.units, self.made, self.by_id = units, {}, by_id

    def __getitem__(self, k: int) -> Counter:
        bag = self.made.get(k)
        if bag is None:
            bag = self.made[k] = _bag(self.units[k], self.by_id)
        return bag


def _bag(unit: Unit, by_id: bool = False) -> Counter:
    """The words a block is paired by. When both sides know the model's ids (`by_id`: a
    district file or the model, composed), a block also carries its id, weighing twice its
    words: two blocks of one id pair however reworded, and two of different ids never reach
    the similarity a pair needs (a bullet no longer forbidden and another newly forbidden in
    its place are two choices, not one bullet reworded)."""
    bag = Counter(words(_bag_text(unit)))
    if by_id and unit.id:
        bag["\0" + unit.id] = 2 * max(1, bag.total())
    return bag


def _bag_text(unit: Unit) -> str:
    """The text a block is paired by. A history line pairs by its label, so that
    "Adopted on: 5/22/2018" and "Adopted on: November 13, 2012" are one line re-dated."""
    return unit.text.split(":", 1)[0] if unit.kind is UnitKind.ENTRY else unit.text


def _similar(old: Unit, new: Unit, by_id: bool) -> float:
    """How alike two blocks are, as `dice` of their bags gives it (ids weighed in)."""
    if by_id and (old.id or new.id):
        return dice(_bag(old, by_id), _bag(new, by_id))
    return _dice(_bag_text(old), _bag_text(new))


def _dice(old: str, new: str) -> float:
    """`dice` of the two texts' bags of words, reading the text they share at the start and
    the end once, not twice: a reworded paragraph is mostly that. The words of a text cut
    after white space are the words of its two pieces, so the shared words just count."""
    p, m = shared_ends(old, new)
    shared = len(words(old[:p])) + len(words(old[len(old) - m:]))
    a, b = Counter(words(old[p:len(old) - m])), Counter(words(new[p:len(new) - m]))
    total = 2 * shared + a.total() + b.total()
    if total == 0:
        return 1.0
    return 2 * (shared + sum((a & b).values())) / total


def _note_change(unit: Unit, side: str) -> Change:
    op = Op.DELETE if side == "old" else Op.INSERT
    return Change(op, unit if side == "old" else None, unit if side == "new" else None,
                  (Span(op, unit.text),), 0.0, category=Category.DRAFTING_NOTE)


def _change(op: Op, i: int | None, j: int | None, a: list[Unit], b: list[Unit],
            options: DiffOptions, encoder: Encoder | None = None) -> Change:
    old = a[i] if i is not None else None
    new = b[j] if j is not None else None
    if old is None:
        return Change(Op.INSERT, None, new, (Span(Op.INSERT, new.text),), 0.0, None, j)
    if new is None:
        return Change(Op.DELETE, old, None, (Span(Op.DELETE, old.text),), 0.0, i, None)
    if old.text == new.text:  # most blocks: no words to compare
        return Change(Op.EQUAL if op is Op.MODIFY else op, old, new,
                      (Span(Op.EQUAL, new.text),), 1.0, i, j)
    spans = _spans(old, new, options, encoder)
    score = similarity(spans)
    edited = any(s.op is not Op.EQUAL for s in spans)
    kind = op
    if kind is Op.EQUAL and edited:  # equal keys, but words that the options do not ignore
        kind = Op.MODIFY
    if kind is Op.MODIFY and not edited:
        kind = Op.EQUAL
    return Change(kind, old, new, spans, score, i, j)


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


def _spans(old: Unit, new: Unit, options: DiffOptions, encoder: Encoder | None) -> tuple[
        Span, ...]:
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
    paired = sorted((k for k, c in enumerate(changes) if c.old is not None and
                     c.new is not None), key=lambda k: changes[k].new_index or 0)
    stay = _longest_increasing([changes[k].old_index or 0 for k in paired],
                               [changes[k].op is not Op.MOVE for k in paired])
    out = list(changes)
    for n, k in enumerate(paired):
        change = changes[k]
        edited = any(s.op is not Op.EQUAL for s in change.spans)
        if n in stay and change.op is Op.MOVE:
            out[k] = replace(change, op=Op.MODIFY if edited else Op.EQUAL)
        elif n not in stay and change.op is not Op.MOVE:
            out[k] = replace(change, op=Op.MOVE)
    return out


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


def _categorise(changes: list[Change], model: ModelPolicy, side: str,
                district_doc: Document) -> list[Change]:
    option_ids = model.option_ids()
    placeholder_ids = {b.id for b in model.blocks if "{district}" in b.text} | \
        {o.id for c in model.choices for o in c.options if "{district}" in o.text}
    out = []
    for change in changes:
        model_unit = change.old if side == "old" else change.new
        other = change.new if side == "old" else change.old
        category = Category.NONE
        if model_unit is not None and model_unit.id in option_ids:
            category = Category.OPTION_ADOPTED if other is not None else \
                Category.OPTION_NOT_ADOPTED
        elif _filled_in(change, model_unit, other, placeholder_ids, district_doc.district):
            category = Category.FILLED_IN
        elif model_unit is not None and model_unit.kind in FURNITURE and \
                (other is None or change.op is Op.EQUAL):
            category = Category.MODEL  # as the model gives it, or left out: not a change
        if model_unit is not None and other is None and model_unit.id in placeholder_ids:
            # the district left it out: show the model's own words, not a filled-in name
            published = replace(model_unit, text=_published_text(model, model_unit.id))
            change = replace(change, spans=(Span(change.op, published.text),),
                             **{"old" if side == "old" else "new": published})
        out.append(replace(change, category=category) if category else change)
    return out


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
    return model_unit.id in placeholder_ids and change.op is Op.EQUAL


def _published_text(model: ModelPolicy, block_id: str) -> str:
    block = model.block(block_id)
    if block is not None:
        return model.published(block.text)
    option = next(o for c in model.choices for o in c.options if o.id == block_id)
    return model.published(option.text)


def _summary(changes: list[Change]) -> Summary:
    counts = Counter(c.op for c in changes if c.category in (Category.NONE,
                                                             Category.OPTION_ADOPTED))
    adopted = tuple(c.old.id if c.old and c.old.id else c.new.id for c in changes
                    if c.category is Category.OPTION_ADOPTED)
    not_adopted = tuple((c.old or c.new).id for c in changes
                        if c.category is Category.OPTION_NOT_ADOPTED)
    old_chars = new_chars = equal_chars = 0
    for c in changes:
        if c.category is Category.DRAFTING_NOTE:
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
    return Summary(
        inserted=counts[Op.INSERT], deleted=counts[Op.DELETE], modified=counts[Op.MODIFY],
        moved=counts[Op.MOVE], unchanged=counts[Op.EQUAL] + sum(
            1 for c in changes if c.category is Category.FILLED_IN or
            (c.category is Category.MODEL and c.op is Op.EQUAL)),
        similarity=1.0 if total == 0 else equal_chars / total,
        options_adopted=adopted, options_not_adopted=not_adopted,
        filled_in=sum(1 for c in changes if c.category is Category.FILLED_IN),
        drafting_notes=sum(1 for c in changes if c.category is Category.DRAFTING_NOTE))
