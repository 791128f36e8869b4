"""The upgrade report for a clerk: in words, what the new edition changes for this district,
what of the district's own it keeps, and each conflict with its three texts."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable

from ...diff.wording import edits_in_words, quote
from ...diff.words import word_spans
from ...library import library_flag
from ...prose import count
from ...upgrade import CLASH_WORDS, Merge, Merged, Resolve, Step, settle_words
from ..console import sayer, text_console

Say = Callable[..., None]  # what `sayer` returns: say(text, style)

ORDER = [Merged.CONFLICT, Merged.TAKEN, Merged.OPTION_TAKEN, Merged.NEW, Merged.REMOVED,
         Merged.AGREED, Merged.SAME, Merged.RENAMED, Merged.MOVED, Merged.KEPT,
         Merged.OPTION_MATCHED, Merged.OPTION_GONE, Merged.OPTION_NEW, Merged.CHOICE_NEW,
         Merged.RECOMMENDED_TAKEN, Merged.DECISION_REWORDED, Merged.DECISION_GONE,
         Merged.DECISION_NEW]


def changed(old: str, new: str) -> str:
    """'replaces “cites” with “sites”': what changed between two texts, in words."""
    return edits_in_words(word_spans(old, new))


def describe(step: Step) -> str:
    """One step in words."""
    block = step.block
    match step.what:
        case Merged.TAKEN:
            return (f"{block}: the new edition's text is taken; it "
                    f"{changed(step.old_text, step.new_text)}")
        case Merged.OPTION_TAKEN:
            return (f"bullet {block}: the new edition's words are taken; it "
                    f"{changed(step.old_text, step.new_text)}")
        case Merged.NEW if step.note:
            return f"{block}: a drafting note new in this edition (never printed): " \
                   f"{quote(step.new_text)}"
        case Merged.REMOVED if step.note:
            return f"{block}: a drafting note the new edition removed: {quote(step.old_text)}"
        case Merged.NEW:
            return f"{block}: new in this edition, taken: {quote(step.new_text)}"
        case Merged.REMOVED:
            return f"{block}: removed by the new edition: {quote(step.old_text)}"
        case Merged.AGREED:
            return f"{block}: removed by the new edition; the district had dropped it too"
        case Merged.SAME:
            return (f"{block}: the new edition now says what the district had written; its "
                    "edit is no longer needed")
        case Merged.RENAMED:
            return (f"{step.other} is {block} in the new edition (matched by its words, "
                    f"{step.similarity:.0%} alike); the district's edits follow it")
        case Merged.MOVED:
            return (f"the district's paragraph after {step.other}, which the new edition "
                    f"removed, now follows {block}: {quote(step.new_text)}")
        case Merged.KEPT:
            return f"{block}: unchanged by the new edition; the district's edit is kept"
        case Merged.OPTION_MATCHED:
            return (f"the district's own bullet {quote(step.old_text)} is the new option "
                    f"{block} ({step.similarity:.0%} alike)")
        case Merged.OPTION_GONE:
            return (f"bullet {block}: removed by the new edition; the district's policy keeps "
                    f"it as a bullet of its own")
        case Merged.OPTION_NEW:
            return f"option {block}, new in this edition, not chosen: {quote(step.new_text)}"
        case Merged.CHOICE_NEW:
            return (f"choice {block}: the district must choose among this edition's options "
                    "(render waits until it does)")
        case Merged.DECISION_NEW if step.new_text:
            return f"{block}: new in this edition; the model's value is taken: " \
                   f"{quote(step.new_text)}"
        case Merged.DECISION_NEW:
            return f"{block}: new in this edition, with no value recommended: the district " \
                   "must decide it (written empty in the file)"
        case Merged.RECOMMENDED_TAKEN:
            return (f"{block}: the district took the model's value; the new edition recommends "
                    f"{quote(step.new_text)} instead of {quote(step.old_text)}, which is taken")
        case Merged.DECISION_REWORDED:
            return f"{block}: the words the district adopted are reworded by the new edition; " \
                   f"it {changed(step.old_text, step.new_text)}"
        case Merged.DECISION_GONE:
            return f"{block}: a decision the new edition no longer asks; the district had left " \
                   "it to the model"
        case Merged.CONFLICT:
            return f"{block}: conflict"


HEADINGS = {
    Merged.TAKEN: "What the new edition changes for this district",
    Merged.OPTION_TAKEN: "What the new edition changes for this district",
    Merged.NEW: "What the new edition changes for this district",
    Merged.REMOVED: "What the new edition changes for this district",
    Merged.AGREED: "Where the district and the new edition agree",
    Merged.SAME: "Where the district and the new edition agree",
    Merged.RENAMED: "Blocks the new edition renamed",
    Merged.MOVED: "Paragraphs of the district's own, moved",
    Merged.KEPT: "The district's own edits, kept",
    Merged.OPTION_MATCHED: "Bullets",
    Merged.OPTION_GONE: "Bullets",
    Merged.OPTION_NEW: "Options new in this edition the district has not considered",
    Merged.CHOICE_NEW: "Options new in this edition the district has not considered",
    Merged.RECOMMENDED_TAKEN: "Decisions the district left to the model",
    Merged.DECISION_REWORDED: "Decisions the district left to the model",
    Merged.DECISION_GONE: "Decisions the district left to the model",
    Merged.DECISION_NEW: "Decisions new in this edition",
}


def render_text(merge: Merge, *, name: str, written: str | None, color: bool,
                width: int) -> str:
    buffer = io.StringIO()
    say = sayer(text_console(buffer, width=width, color=color))

    say(f"{name}: {merge.district.district}, {merge.old.ref} -> {merge.new.ref}", "bold")
    _steps(merge, say)
    if merge.conflicts:
        _conflicts(merge, say, width)
    if any(dates for _, dates in merge.district.history):
        say("The policy history still gives the dates of the version the board adopted: add "
            "the date it adopts this one (history: revised) once it does.", "yellow")
    if merge.open_conflicts:
        where = f"in {written}" if written else "in the file"
        say(f"{count(len(merge.open_conflicts), 'conflict')} written {where} under 'conflicts:'; "
            "validate and render refuse it until each is settled and deleted (or run again "
            "with --resolve district|model)", "bold red")
    elif written and merge.still_open:
        say(f"wrote {written}: on {merge.new.ref}; still to decide: "
            f"{', '.join(merge.still_open)}; validate and render refuse it until the district "
            f"decides ({_where(merge)} in {written}, or see `boardpolicy validate "
            f"{written}{library_flag(merge.new)}`)", "bold yellow")
    elif written:
        say(f"wrote {written}: on {merge.new.ref}", "green")
    return buffer.getvalue()


def _where(merge: Merge) -> str:
    """Where in the file each open decision is written: choices and wordings under
    'choices:', blanks under 'blanks:', optional text under 'optional:'."""
    sections = {**{b.id: "blanks" for b in merge.new.blanks},
                **{o.id: "optional" for o in merge.new.optionals}}
    return ", ".join(f"'{sections.get(i, 'choices')}: {i}:'" for i in merge.still_open)


def _steps(merge: Merge, say: Say) -> None:
    """The steps, conflicts aside, under a heading for each kind."""
    heading = ""
    unprinted = {c.lead_in for c in merge.new.choices
                 if c.lead_in and merge.district.chosen(c.id) == ()}
    for what in ORDER[1:]:
        for step in (s for s in merge.steps if s.what is what):
            if HEADINGS[what] != heading:
                heading = HEADINGS[what]
                say(f"{heading}:", "bold")
            say(f"  {describe(step)}")
            if step.block in unprinted:
                say("    (it is printed only when the district chooses a bullet of its list; "
                    "this district chooses none, so it is not printed)")


SETTLED = {None: "", Resolve.DISTRICT: "; settled: the district's side kept",
           Resolve.MODEL: "; settled: the new edition's side taken"}


def _conflicts(merge: Merge, say: Say, width: int) -> None:
    """Each conflict with its three texts and, once written, how to settle it."""
    say(f"Conflicts ({len(merge.conflicts)}){SETTLED[merge.resolved]}:", "bold red")
    for conflict in merge.conflicts:
        say(f"  {conflict.block}: {CLASH_WORDS[conflict.clash]}", "red")
        for label, text in (("old model", conflict.old_model),
                            ("new model", conflict.new_model or "(removed)"),
                            ("district", conflict.district or "(dropped)"),
                            ("to settle", settle_words(conflict) if not merge.resolved else "")):
            if text:
                body = textwrap.fill(text, max(56, min(width, 100)), initial_indent=" " * 16,
                                     subsequent_indent=" " * 16)
                say(f"    {label + ':':<12}{body[16:]}")
