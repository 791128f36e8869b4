"""A manual's change as one standalone, accessible web page: the cover, then each changed
policy's list of changes and redline (templates/manual-changes.html.j2); the meeting's
packet adds each policy's clean copy and the metadata-only table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...manual_diff import ManualDiff, Matched, PolicyStatus, title_of
from .cover import changed, cover, front_matter_diff, metadata_rows, with_front_matter


def render_manual_html(manual_diff: ManualDiff, templates: Path | None = None, *,
                       packet: bool = False, date: str = "") -> str:
    """The page; `packet`: the packet for a meeting, dated `date` (in words)."""
    from ...diff.result import Op
    from ...document import Kind
    from ..policy.templated import environment

    heading = "Packet: changes to the policy manual" if packet else \
        "Changes to the policy manual"
    return environment(templates).get_template("manual-changes.html.j2").render(
        md=manual_diff, heading=heading, date=date, packet=packet, Kind=Kind, Op=Op,
        sections=list(cover(manual_diff)), metadata=metadata_rows(manual_diff),
        policies=[_policy(p) for p in changed(manual_diff)],
        added=[dict(anchor=f"policy-{p.number}", number=str(p.number), title=title_of(p),
                    headline=p.headline, doc=with_front_matter(p.file.document))
               for p in manual_diff.with_status(PolicyStatus.ADDED)] if packet else [])


def _policy(policy: Matched) -> dict[str, Any]:
    """One changed policy as the template shows it: its redline with anchors of its own."""
    from ..diff.html import redline_context

    assert policy.diff is not None
    anchor = f"policy-{policy.number}"
    context = redline_context(policy.diff, prefix=f"{anchor}-")
    tail = front_matter_diff(policy)
    if tail is not None:  # its front matter's references and history after its text
        context["groups"] += redline_context(tail, prefix=f"{anchor}-front-")["groups"]
    return dict(context, anchor=anchor, number=str(policy.number), title=title_of(policy),
                headline=policy.headline, doc=with_front_matter(policy.new.document))
