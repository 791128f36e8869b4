"""A manual's change as text (terminal, side-by-side, unified): the list of policies by what
became of them, then each changed policy's diff in the single diff's own text format."""

from __future__ import annotations

from ...manual_diff import ManualDiff, title_of
from ..context import Context
from ..diff import DiffFormat
from ..visible import visible
from .cover import MARKERS, changed, cover, metadata_rows


def render_text(manual_diff: ManualDiff, fmt: DiffFormat, context: Context) -> str:
    """The cover as plain lines, then every changed policy's diff as `fmt` draws it."""
    from ..diff import render_diff

    lines = [f"--- {manual_diff.old_name}", f"+++ {manual_diff.new_name}",
             f"Policies: {manual_diff.headline}"]
    lines += [f"Note: {warning}" for warning in manual_diff.warnings]
    for heading, rows in cover(manual_diff):
        lines += ["", heading]
        lines += [f"{MARKERS[r.status]} {r.number} {r.title}: {r.headline}" for r in rows]
    table = metadata_rows(manual_diff)
    if table:
        lines += ["", "Metadata only (not counted as changes)"]
        lines += [f"= {number} {title}: {field} {old} → {new}"
                  for number, title, field, old, new in table]
    out = "\n".join(visible(line) for line in lines) + "\n"
    for policy in changed(manual_diff):
        assert policy.diff is not None
        rule = "=" * min(context.width, 78)
        out += f"\n{rule}\n{visible(f'{policy.number} {title_of(policy)}: {policy.headline}')}" \
               f"\n{rule}\n"
        text = render_diff(policy.diff, fmt, context)
        assert isinstance(text, str)
        out += text
    return out

