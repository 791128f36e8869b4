"""The model import report as text: what the model is, every decision found, every bracket
left as text, and the round trip, read top to bottom by the clerk who checks the new file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...prose import count

if TYPE_CHECKING:
    from ...model_import import ModelImport, RoundTripLine

BOLD, GREEN, RED, RESET = "\x1b[1m", "\x1b[32m", "\x1b[31m", "\x1b[0m"
SIGNS = {"equal": "=", "modified": "~", "missing": "-", "extra": "+", "moved": ">"}


def render_text(result: ModelImport, *, color: bool = False,
                written: str | None = None) -> str:
    def bold(text: str) -> str:
        return f"{BOLD}{text}{RESET}" if color else text

    m = result.model
    status = f", {m.status.label.lower()}" if m.status else ""
    lines = [bold(f"{result.source}: {m.ref} “{m.title}”{status}")]
    if written:
        lines.append(f"wrote {written}")
    lines += ["", bold(f"{count(len(result.decisions), 'decision')} found")]
    lines += [f"  {d.kind:<11} {d.id}: {d.words}" for d in result.decisions]
    lines += ["", bold(f"{count(len(result.notes), 'drafting note')}")]
    lines += [f"  {note}" for note in result.notes]
    lines += ["", bold(f"{count(len(result.unclassified), 'bracket')} not classified "
                       "(kept as text)")]
    lines += [f"  {u.block}: {u.text}" for u in result.unclassified]
    for warning in result.warnings:
        lines.append(f"note: {warning}")
    lines += ["", bold("Round trip: the model as published against the document")]
    lines += [_line(line, color) for line in result.round_trip]
    lines.append(_verdict(result))
    return "\n".join(lines) + "\n"


def _verdict(result: ModelImport) -> str:
    """The round trip's last line. A drafting note the import moved out of its sentence, as
    the README says it does, is named as that: the sentence and the note are each the same,
    and a clerk must not read the move as a failed import."""
    from ...model_import import RoundTripOp

    moved = result.round_trip_count(RoundTripOp.MOVED)
    same = result.round_trip_count(RoundTripOp.EQUAL) + moved
    blocks = f"{same} of {count(len(result.round_trip), 'block')} the same"
    if not result.round_trip_clean:
        also = f"; {count(moved, 'drafting note')} moved into a block of its own" \
            if moved else ""
        return f"differs: {blocks}{also}"
    if moved:
        return (f"clean: same text; {count(moved, 'drafting note')} moved into a block of "
                f"its own ({blocks})")
    return f"clean: {blocks}"


def _line(line: RoundTripLine, color: bool) -> str:
    sign = SIGNS[line.op.value]
    if line.op.value == "modified":
        text = f"  {sign} {line.document}\n      as published: {line.published}"
    else:
        text = f"  {sign} {line.document or line.published}"
    if not color or sign in "=>":  # a note moved out of its sentence is not a difference
        return text
    return f"{RED if sign != '+' else GREEN}{text}{RESET}"
