"""The first-reading packet as one web page: cover, redline and clean copy."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ...diff.result import Diff
from ...document import Document
from .summary import change_sections, cover_facts


def render_packet_html(diff: Diff, new: Document, *, when: datetime,
                       from_history: bool = False, templates: Path | None = None) -> str:
    from ...document import Kind
    from ..diff.html import redline_context
    from ..policy.templated import environment

    template = environment(templates).get_template("packet.html.j2")
    return template.render(doc=new, facts=cover_facts(diff, new, when, from_history),
                           sections=change_sections(diff), Kind=Kind,
                           **redline_context(diff, header=False))
