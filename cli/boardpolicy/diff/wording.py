"""Changes in the words a board member reads: which paragraph, by its opening words, and what
changed in it, quoted.

Kept in the diff package (not in an output format) so that the list of changes, the redline
labels, the packet and every format say the same thing. No "¶" numbers (the documents print
none), no percentages, no option ids: a bullet is named by its own words, and a change of
punctuation is said in words ("drops the hyphen in “technology-based”").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .result import Category, Change, Op, Span, UnitKind

KIND_NAMES = {UnitKind.PARAGRAPH: "paragraph", UnitKind.ITEM: "bullet",
              UnitKind.HEADING: "heading", UnitKind.REFERENCE: "cross reference",
              UnitKind.ENTRY: "history line", UnitKind.LABEL: "section heading",
              UnitKind.TITLE: "title", UnitKind.DISTRICT: "district name",
              UnitKind.SERIES: "series and number", UnitKind.NOTE: "drafting note",
              UnitKind.FOOTNOTE: "footnote"}

MARKS = {"-": "hyphen", "‐": "hyphen", "–": "dash", "—": "dash", ";": "semicolon",
         ",": "comma", ".": "period", ":": "colon", "!": "exclamation mark",
         "?": "question mark", "'": "apostrophe", "’": "apostrophe", '"': "quotation mark",
         "“": "quotation mark", "”": "quotation mark", "(": "parenthesis", ")": "parenthesis",
         "/": "slash", "&": "ampersand", " ": "space"}
OPENING_WORDS = 6  # a paragraph is named by this many of its first words
QUOTED_WORDS = 14  # a longer quotation is cut, with "…"


def short(text: str, words: int = OPENING_WORDS) -> str:
    """The first few words of a text, for naming it in a sentence."""
    parts = text.split(None, words)  # a part more than `words`: the text goes on
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def quote(text: str, words: int = QUOTED_WORDS) -> str:
    """A text quoted, cut to a readable length."""
    return f"“{short(text, words)}”"


def opening(text: str) -> str:
    """“Public school employees are held…”: how a paragraph is named."""
    return quote(text, OPENING_WORDS)


def named(kind: str, text: str) -> str:
    """How a block is named in a sentence, after "the": “paragraph beginning “Public school
    employees are held…””, or, when its whole text is quoted, “heading “Cross Reference””."""
    whole = len(text.split()) <= OPENING_WORDS
    return f"{kind} {opening(text)}" if whole else f"{kind} beginning {opening(text)}"


def kind_name(change: Change) -> str:
    return KIND_NAMES.get(change.kind, str(change.kind))


def describe(change: Change, meanings: dict[str, str] | None = None, *,
             own_bullet: bool = False) -> str:
    """One sentence for one change. `meanings` maps an option id to what choosing it means
    (its choice's id, "forbidden"), so that a bullet reads "is forbidden"."""
    return _sentence(change, meanings, own_bullet).replace(".”.", ".”")


def _sentence(change: Change, meanings: dict[str, str] | None, own_bullet: bool) -> str:
    meaning = (meanings or {}).get(change.id or "", "").replace("-", " ")
    match change.category:
        case Category.OPTION_ADOPTED | Category.OPTION_NOT_ADOPTED:
            return _option(change, meaning)
        case Category.FILLED_IN:
            return _filled_in(change)
        case Category.DECIDED:
            return " ".join(change.decided)
        case Category.DRAFTING_NOTE:
            return f"The model’s drafting note {quote(change.old_text or change.new_text)} " \
                   f"is {'not printed' if change.new is None else 'printed'}."
        case Category.NOT_KNOWN:
            return f"{quote(change.unit.text)} is not known: the document is cut off " \
                   "before it."
        case Category.CUT_OFF:
            return _cut_off(change)
        case Category.MODEL:
            unit = change.old or change.unit
            return f"The model’s {kind_name(change)} {quote(unit.text)} is not printed." \
                if change.new is None or change.old is None else \
                f"The model’s {kind_name(change)} {quote(unit.text)}, as the model gives it."
    if own_bullet:
        return f"Adds a bullet of its own: {quote(change.new_text, 30)}."
    if meaning and change.kind is UnitKind.ITEM and change.op in (Op.INSERT, Op.DELETE):
        now = "now" if change.op is Op.INSERT else "no longer"
        return f"{quote(change.new_text or change.old_text)} is {now} {meaning}."
    if change.kind in (UnitKind.DISTRICT, UnitKind.SERIES, UnitKind.ENTRY, UnitKind.TITLE) \
            and change.op is Op.MODIFY:
        return f"The {kind_name(change)} changes from {quote(change.old_text)} to " \
               f"{quote(change.new_text)}."
    return _edited(change)


def _cut_off(change: Change) -> str:
    """The block a cut-off document stops in: paired with the model block it begins, or
    alone (then the model's block is among those not known)."""
    texts = [t for t in (change.old_text, change.new_text) if t]
    fragment = " ".join(min(texts, key=len).split())
    if len(texts) == 2:
        return f"{quote(max(texts, key=len))} is not known: the document stops in it, at " \
               f"“{fragment}…” (cut off)."
    return f"The document stops in the middle of “{fragment}…”: it is cut off."


def _option(change: Change, meaning: str) -> str:
    text = change.new_text or change.old_text
    if change.category is Category.OPTION_NOT_ADOPTED:
        state = f"not {meaning}" if meaning else "not adopted"
        return f"{quote(change.old_text or text)} is {state} (an option the district did " \
               "not adopt)."
    state = meaning or "adopted"
    if change.op is Op.MOVE and not _edits(change.spans):
        return f"{quote(text)} is {state}, moved in the list."
    if change.op is Op.EQUAL or not _edits(change.spans):
        return f"{quote(text)} is {state}."
    moved = ", moved in the list," if change.op is Op.MOVE else ""
    return f"{opening(text)} is {state}{moved} in the district’s words: " \
           f"{_edits_in_words(change.spans)}."


def _filled_in(change: Change) -> str:
    unit = change.unit
    if unit.kind is UnitKind.DISTRICT:
        return f"The district’s name is filled in: {quote(unit.text)}."
    if unit.kind is UnitKind.ENTRY:
        return f"The policy history is filled in: {quote(change.new_text)}."
    return f"The district’s name is filled in where the model says “School District”, in " \
           f"the {named(kind_name(change), change.new_text)}."


def _edited(change: Change) -> str:
    kind = kind_name(change)
    if change.op is Op.INSERT:
        return f"Adds a {kind}: {quote(change.new_text, 30)}." \
            if change.kind is not UnitKind.TITLE else \
            f"Adds the title {quote(change.new_text)}."
    if change.op is Op.DELETE:
        return f"Removes the {named(kind, change.old_text)}."
    if change.op is Op.MOVE:
        edits = _edits(change.spans)
        tail = f" and {_edits_in_words(change.spans)}" if edits else ""
        return f"Moves the {named(kind, change.old_text)}{tail}."
    if change.op is Op.MODIFY:
        return f"The {named(kind, change.old_text)} " \
               f"{_edits_in_words(change.spans)}."
    return f"The {named(kind, change.new_text)} is unchanged."


# --- the words of a reworded block -------------------------------------------------------------

def _edits(spans: tuple[Span, ...]) -> list[tuple[int, int]]:
    """(start, end) of each run of spans that are not equal."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        if spans[k].op is Op.EQUAL:
            k += 1
            continue
        start = k
        while k < len(spans) and spans[k].op is not Op.EQUAL:
            k += 1
        out.append((start, k))
    return out


def _edits_in_words(spans: tuple[Span, ...]) -> str:
    """'adds “x”; replaces “a” with “b”; and removes the comma after “c”': every edit, for
    the list of changes is what a board member reads instead of the redline ("and 1 more
    change" hid a comma removed)."""
    texts = _Texts.of(spans)
    phrases = [_edit(spans, texts, start, end) for start, end in _joined(spans, _edits(spans))]
    if not phrases:
        return "changes only in white space"
    if len(phrases) == 1:
        return phrases[0]
    return "; ".join(phrases[:-1]) + "; and " + phrases[-1]


@dataclass(frozen=True, slots=True)
class _Texts:
    """The old and new texts the spans rebuild, and where each span starts in each, so that
    an edit is quoted as it stands in one of the two versions."""

    old: str
    new: str
    old_at: tuple[int, ...]  # span k starts at old_at[k]; one more entry: the end
    new_at: tuple[int, ...]

    @classmethod
    def of(cls, spans: tuple[Span, ...]) -> _Texts:
        old: list[str] = []
        new: list[str] = []
        old_at, new_at = [0], [0]
        for span in spans:
            in_old = "" if span.op is Op.INSERT else \
                span.old_text if span.old_text is not None else span.text
            in_new = "" if span.op is Op.DELETE else span.text
            old.append(in_old)
            new.append(in_new)
            old_at.append(old_at[-1] + len(in_old))
            new_at.append(new_at[-1] + len(in_new))
        return cls("".join(old), "".join(new), tuple(old_at), tuple(new_at))


def _joined(spans: tuple[Span, ...], edits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Edits within one word are one edit: “out-of-school” to “out of school” is one change
    of hyphens, however the word diff cut it."""
    out: list[tuple[int, int]] = []
    for start, end in edits:
        if out and not any(ch.isspace() for ch in "".join(s.text for s in spans[out[-1][1]:start])):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _edit(spans: tuple[Span, ...], texts: _Texts, start: int, end: int) -> str:
    removed = "".join(s.text for s in spans[start:end] if s.op is Op.DELETE)
    added = "".join(s.text for s in spans[start:end] if s.op is Op.INSERT)
    old = texts.old[texts.old_at[start]:texts.old_at[end]]
    new = texts.new[texts.new_at[start]:texts.new_at[end]]
    if _letters(old) == _letters(new):
        return _marks(texts, start, end, old, new)
    if not removed.strip():
        return f"adds {quote(added)}"
    if not added.strip():
        return f"removes {quote(removed)}"
    return f"replaces {quote(removed)} with {quote(added)}"


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _mark_names(marks: Counter[str]) -> str:
    """“comma”, “hyphens”, “comma and semicolon”: the marks in words."""
    names = [MARKS.get(ch, f"“{ch}”") + "s" * (n > 1) for ch, n in marks.items()]
    return " and ".join(dict.fromkeys(names))


def _a(marks: Counter[str]) -> str:
    """“a comma”, “an apostrophe”, “hyphens”: the article a mark takes."""
    name = _mark_names(marks)
    if marks.total() > 1:
        return name
    return ("an " if name[:1] in "aeiou" else "a ") + name


def _marks(texts: _Texts, start: int, end: int, old: str, new: str) -> str:
    """A change of punctuation or spacing, said with the words it stands by, quoted from the
    version it stands in: "removes the comma after “medium”", "changes the hyphens in
    “out-of-school” to spaces"."""
    gone = Counter(ch for ch in old if not ch.isalnum())
    came = Counter(ch for ch in new if not ch.isalnum())
    gone, came = gone - came, came - gone
    a0, a1 = texts.old_at[start], texts.old_at[end]
    b0, b1 = texts.new_at[start], texts.new_at[end]
    if gone and not came:
        word = _word_before(texts.old, a0, a1)
        return f"removes the {_mark_names(gone)} after “{word}”" if word else \
            f"removes the {_mark_names(gone)} in “{_around(texts.old, a0, a1)}”"
    if came and not gone:
        word = _word_before(texts.new, b0, b1)
        return f"adds {_a(came)} after “{word}”" if word else \
            f"adds {_a(came)} in “{_around(texts.new, b0, b1)}”"
    word = _word_before(texts.old, a0, a1)
    if word and _word_before(texts.new, b0, b1) == word:
        return f"changes the {_mark_names(gone)} after “{word}” to {_a(came)}"
    return f"changes the {_mark_names(gone)} in “{_around(texts.old, a0, a1)}” to {_a(came)}"


def _word_before(text: str, start: int, end: int) -> str:
    """The word an edit at text[start:end] follows, when the edit ends that word (a mark at
    the end of a word, not inside it); "" otherwise."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end < len(text) and not text[end].isspace():
        return ""
    if any(ch.isspace() for ch in text[start:end]):
        return ""
    k = start
    while k > 0 and not text[k - 1].isspace():
        k -= 1
    return text[k:start] if _letters(text[k:start]) else ""


def _around(text: str, start: int, end: int) -> str:
    """The words an edit at text[start:end] stands in: from the start of the word it begins
    in to the end of the word it ends in."""
    first, last = start, end
    while first > 0 and not text[first - 1].isspace():
        first -= 1
    while last < len(text) and not text[last].isspace():
        last += 1
    while first < start and not text[first].isalnum():  # "(during": not the parenthesis
        first += 1
    while last > end and not text[last - 1].isalnum():
        last -= 1
    return " ".join(text[first:last].split()) or text[first:last]


def marked(spans: tuple[Span, ...]) -> str:
    """Spans as readable plain text: [-deleted-]{+inserted+}."""
    out = []
    for span in spans:
        if span.op is Op.DELETE:
            out.append(f"[-{span.text}-]")
        elif span.op is Op.INSERT:
            out.append(f"{{+{span.text}+}}")
        else:
            out.append(span.text)
    return "".join(out)


def edits_in_words(spans: tuple[Span, ...]) -> str:
    """What changed within a reworded text, in words ('replaces “a” with “b”')."""
    return _edits_in_words(spans)


# --- the decisions a model asks (format v2), said in words --------------------------------------

def chose(wording: str) -> str:
    """An alternative: "The district chose “shall”."."""
    return f"The district chose {quote(wording)}."


def not_chosen(wording: str) -> str:
    """A whole-paragraph alternative's other wording."""
    return f"The option {quote(wording)} is not the district’s choice."


def filled_blank(published: str, filled: str) -> str:
    """A blank: "The blank “[five (5)] working days” is filled in: ten (10) working days."."""
    return f"The blank {quote(published)} is filled in: {filled}."


def optional_text(inline: bool, text: str, kept: bool) -> str:
    """Optional text: "The optional paragraph “The District may …” is not adopted."."""
    what = "sentence" if inline else "paragraph"
    return f"The optional {what} {quote(text, OPENING_WORDS)} is " \
           f"{'adopted' if kept else 'not adopted'}."
