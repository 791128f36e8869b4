"""Diff outputs, one module per format."""

from __future__ import annotations

from enum import Enum

from ..result import Category, Change, Diff, Op, Span

KIND_NAMES = {"paragraph": "paragraph", "item": "bullet", "heading": "heading",
              "reference": "cross reference", "entry": "history line", "label": "section label",
              "title": "title", "district": "district name", "series": "series and number",
              "note": "drafting note", "footnote": "footnote"}


class DiffFormat(str, Enum):
    TERMINAL = "terminal"
    SIDE_BY_SIDE = "side-by-side"
    UNIFIED = "unified"
    HTML = "html"
    JSON = "json"


def where(change: Change) -> str:
    """'paragraph 5' in the new document, or in the old one for a deletion."""
    unit = change.new or change.old
    index = change.new_index if change.new is not None else change.old_index
    name = KIND_NAMES.get(unit.kind, unit.kind) if unit else "block"
    option = (change.old and change.old.id) or (change.new and change.new.id)
    if unit is not None and option and unit.kind == "item":
        name += f" '{option}'"
    if index is None:
        return name
    side = "" if change.new is not None else "old "
    return f"{name} ({side}¶{index + 1})"


def describe(change: Change) -> str:
    """A plain-language description: 'paragraph 5 reworded (88% alike)'."""
    what = where(change)
    if change.category is Category.OPTION_NOT_ADOPTED:
        return f"{what}: option not adopted"
    if change.category is Category.DRAFTING_NOTE:
        return f"{what}: the model's drafting note, not policy text"
    if change.category is Category.FILLED_IN:
        return f"{what}: filled in with the district's name"
    verb = {Op.EQUAL: "unchanged", Op.INSERT: "added", Op.DELETE: "removed",
            Op.MODIFY: "reworded", Op.MOVE: "moved"}[change.op]
    if change.op is Op.MOVE:
        verb = f"moved from ¶{(change.old_index or 0) + 1}"
        if any(s.op is not Op.EQUAL for s in change.spans):
            verb += " and reworded"
    if change.op in (Op.MODIFY, Op.MOVE) and change.similarity < 1:
        verb += f" ({alike(change.similarity)} alike)"
    if change.category is Category.OPTION_ADOPTED:
        verb = "adopted, " + verb
    return f"{what} {verb}"


def alike(similarity: float) -> str:
    """A percentage that never says 100% of texts that differ."""
    percent = int(similarity * 100)
    return f"{min(percent, 99)}%" if similarity < 1 else "100%"


def runs(changes: list[Change]) -> list[list[Change]]:
    """Consecutive additions (or removals) of adjacent blocks, as one group each."""
    out: list[list[Change]] = []
    for change in changes:
        if out and change.op in (Op.INSERT, Op.DELETE) and _continues(out[-1][-1], change):
            out[-1].append(change)
        else:
            out.append([change])
    return out


def _continues(previous: Change, change: Change) -> bool:
    if previous.op is not change.op or previous.category is not change.category:
        return False
    if change.op is Op.INSERT:
        return change.new_index == (previous.new_index or 0) + 1
    return change.old_index == (previous.old_index or 0) + 1


def describe_run(run: list[Change]) -> str:
    """'9 blocks added (¶17–¶25)', or the one change's description."""
    if len(run) == 1:
        return describe(run[0])
    first, last = run[0], run[-1]
    if first.op is Op.INSERT:
        span = f"¶{(first.new_index or 0) + 1}–¶{(last.new_index or 0) + 1}"
        return f"{len(run)} blocks added ({span})"
    span = f"old ¶{(first.old_index or 0) + 1}–¶{(last.old_index or 0) + 1}"
    return f"{len(run)} blocks removed ({span})"


def grouped(diff: Diff) -> tuple[list[Change], list[Change], list[Change]]:
    """(the district's departures, its choices, the rest) — departures first for reviewers."""
    departures = [c for c in diff.changes if c.departure]
    choices = [c for c in diff.changes if c.category in (Category.OPTION_ADOPTED,
                                                         Category.OPTION_NOT_ADOPTED)]
    other = [c for c in diff.changes if c.category in (Category.FILLED_IN,
                                                       Category.DRAFTING_NOTE)]
    return departures, choices, other


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


def format_diff(diff: Diff, fmt: DiffFormat, *, color: bool = False, width: int = 100,
                context: int = 1) -> str:
    if fmt is DiffFormat.JSON:
        from .json import render_json

        return render_json(diff)
    if fmt is DiffFormat.HTML:
        from .html import render_html

        return render_html(diff)
    if fmt is DiffFormat.UNIFIED:
        from .unified import render_unified

        return render_unified(diff, context=context)
    if fmt is DiffFormat.SIDE_BY_SIDE:
        from .side_by_side import render_side_by_side

        return render_side_by_side(diff, color=color, width=width)
    from .terminal import render_terminal

    return render_terminal(diff, color=color, width=width)
