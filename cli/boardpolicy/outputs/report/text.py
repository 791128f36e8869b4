"""The import report for a person: the edition found, each option, each local edit in words,
and whether the district file renders back to the document's text."""

from __future__ import annotations

import io

from ...diff.wording import short
from ...district import OwnBullet
from ...infer import Finding, Found, ImportResult, OptionStatus
from ..console import sayer, text_console


def alike(similarity: float) -> str:
    """A percentage that never says 100% of texts that differ (the clerk's report gives
    the figure; the board's formats do not)."""
    return f"{min(int(similarity * 100), 99)}%" if similarity < 1 else "100%"


def describe(finding: Finding) -> str:
    """One local edit in words: 'paragraph purpose dropped'."""
    block, text = finding.block, short(finding.text, 8)
    match finding.what:
        case Found.OPTION_REWORDED:
            return f"bullet {block} reworded ({alike(finding.similarity)} alike)"
        case Found.OWN_BULLET:
            return f"bullet of the district's own: {text}"
        case Found.PUNCTUATION:
            return f"paragraph {block}: punctuation changed"
        case Found.DROPPED:
            return f"paragraph {block} dropped"
        case Found.REWORDED:
            return f"paragraph {block} reworded ({alike(finding.similarity)} alike)"
        case Found.MOVED:
            return f"paragraph {block} moved after {finding.after or 'the start'}: {text}"
        case Found.NOTE_PRINTED:
            return (f"drafting note {block} printed by the district (recognised as the "
                    "model's note, not policy text)")
        case Found.ADDED:
            return f"paragraph added after {block or 'the start'}: {text}"


def render_text(result: ImportResult, *, name: str, written: str | None, color: bool,
                width: int) -> str:
    buffer = io.StringIO()
    say = sayer(text_console(buffer, width=width, color=color))

    say(f"{name}: {result.model.ref}, {result.similarity:.0%} similar", "bold")
    others = ", ".join(f"{e} {s:.0%}" for e, s in result.editions[1:])
    if others:
        say(f"  other editions: {others}")
    say(f"  district: {result.district.district or '(not found)'}")
    for warning in result.warnings:
        say(f"  note: {warning}", "yellow")
    if result.decisions:
        say("Decisions:", "bold")
        for decision in result.decisions:
            say(f"  {decision.kind.value} {decision.id}: {decision.value} "
                f"(from: {short(decision.evidence, 12)})")
    if result.options:
        say("Options:", "bold")
        for option in result.options:
            detail = {OptionStatus.EXACT: "adopted, as in the model",
                      OptionStatus.REWORDED: f"adopted, reworded ({option.similarity:.0%} alike)",
                      OptionStatus.NOT_ADOPTED: "not adopted",
                      OptionStatus.UNKNOWN: "not known (after the cut)"}[option.status]
            say(f"  {option.id}: {detail}")
    own = [e for _, entries in result.district.choices for e in entries or ()
           if isinstance(e, OwnBullet)]
    if not result.options and not own:
        say("Options: none chosen")
    findings = result.findings
    say(f"Local edits ({len(findings)}):" if findings else "Local edits: none", "bold")
    for finding in findings:
        say(f"  {describe(finding)}")
    if result.unplaced:
        say("Could not place:", "bold red")
        for text in result.unplaced:
            say(f"  {text}", "red")
    verdict = "renders back to the same text" if result.reproduced else \
        "does NOT render back to exactly the same text (see above)"
    say((f"wrote {written}: " if written else "the file ") + verdict,
        "green" if result.reproduced else "bold red")
    return buffer.getvalue()
