"""The diff as a patch-like text: one line per block, '-' old, '+' new, ' ' context."""

from __future__ import annotations

from ...diff.result import Category, Change, Diff, Op
from ...diff.wording import KIND_NAMES, named
from ..visible import visible


def render_unified(diff: Diff, *, context: int = 1) -> str:
    """Each changed block with `context` unchanged blocks around it, in hunks named by the
    change that opens them."""
    kept = [k for k, c in enumerate(diff.changes) if c.category is not Category.DRAFTING_NOTE]
    changes = [diff.changes[k] for k in kept]
    changed = [k for k, c in enumerate(changes) if c.op is not Op.EQUAL]
    lines = [f"--- {diff.old_name}", f"+++ {diff.new_name}", f"# {diff.summary.line()}"]
    lines += [f"# {diff.headline[:1].upper() + diff.headline[1:]}"]
    lines += [f"# Note: {warning}" for warning in diff.warnings]
    described = diff.described()
    shown: set[int] = set()
    for k in changed:
        shown.update(range(max(0, k - context), min(len(changes), k + context + 1)))
    previous = None
    for k in sorted(shown):
        change = changes[k]
        if previous is None or k != previous + 1 or change.op is not Op.EQUAL:
            lines.append(f"@@ {described.get(kept[k]) or _context(change)} @@")
        if change.op is Op.EQUAL:
            lines.append(f" {change.new_text}")
        else:
            if change.old is not None:
                lines.append(f"-{change.old_text}")
            if change.new is not None:
                lines.append(f"+{change.new_text}")
        previous = k
    return "\n".join(visible(line) for line in lines) + "\n"


def _context(change: Change) -> str:
    """A hunk that starts at unchanged text: name it, as the list names changed blocks."""
    return f"the {named(KIND_NAMES.get(change.kind, change.kind), change.new_text)}"
