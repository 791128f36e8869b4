"""Changes in the words a board member reads: which paragraph, by its opening words, and what
changed in it, quoted.

Kept in the diff package (not in an output format) so that the list of changes, the redline
labels, the packet and every format say the same thing. No "¶" numbers (the documents print
none), no percentages, no option ids: a bullet is named by its own words, and a change of
punctuation is said in words ("drops the hyphen in “technology-based”").
"""

from __future__ import annotations

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
LISTED_EDITS = 3  # edits named in one sentence; the rest are counted


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
        case Category.DRAFTING_NOTE:
            return f"The model’s drafting note {quote(change.old_text or change.new_text)} " \
                   f"is {'not printed' if change.new is None else 'printed'}."
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


def _option(change: Change, meaning: str) -> str:
    text = change.new_text or change.old_text
    if change.category is Category.OPTION_NOT_ADOPTED:
        state = f"not {meaning}" if meaning else "not adopted"
        return f"{quote(change.old_text or text)} is {state} (an option the district did " \
               "not adopt)."
    state = meaning or "adopted"
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
    """'adds “x”; replaces “a” with “b”; and 2 more changes'."""
    phrases = [_edit(spans, start, end) for start, end in _edits(spans)]
    if not phrases:
        return "changes only in white space"
    named = phrases[:LISTED_EDITS]
    rest = len(phrases) - len(named)
    if rest:
        named.append(f"{rest} more change{'s' * (rest > 1)}")
    if len(named) == 1:
        return named[0]
    return "; ".join(named[:-1]) + "; and " + named[-1]


def _edit(spans: tuple[Span, ...], start: int, end: int) -> str:
    removed = "".join(s.text for s in spans[start:end] if s.op is Op.DELETE)
    added = "".join(s.text for s in spans[start:end] if s.op is Op.INSERT)
    if _marks_only(removed) and _marks_only(added):
        return _marks(spans, start, end, removed, added)
    if not removed.strip():
        return f"adds {quote(added)}"
    if not added.strip():
        return f"removes {quote(removed)}"
    return f"replaces {quote(removed)} with {quote(added)}"


def _marks_only(text: str) -> bool:
    return all(ch in MARKS or ch.isspace() for ch in text)


def _mark_name(text: str) -> str:
    text = text.strip() or " "
    names = [MARKS.get(ch, f"“{ch}”") for ch in text]
    return names[0] if len(set(names)) == 1 and len(names) == 1 else \
        " and ".join(dict.fromkeys(names))


def _marks(spans: tuple[Span, ...], start: int, end: int, removed: str, added: str) -> str:
    """A change of punctuation or spacing, in words, with the words around it."""
    before = spans[start - 1].text.split()[-1:] if start > 0 else []
    after = spans[end].text.split()[:1] if end < len(spans) else []
    place = f"“{''.join(before)}{removed or added}{''.join(after)}”" if before or after \
        else "the text"
    if not removed:
        return f"adds a {_mark_name(added)} in {place}"
    if not added:
        return f"drops the {_mark_name(removed)} in {place}"
    return f"changes the {_mark_name(removed)} in {place} to a {_mark_name(added)}"


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
