"""The first-reading packet as one Word document: cover page, tracked redline, clean copy."""

from __future__ import annotations

from datetime import datetime

from ...diff.result import Diff
from ...document import Document
from .summary import change_sections, cover_facts


def render_packet_docx(diff: Diff, new: Document, *, author: str, when: datetime,
                       from_history: bool = False) -> bytes:
    from ..diff.docx import add_redline
    from ..policy.docx import write_blocks
    from ..tracked import Revisions
    from ..worddoc import finish, new_word
    from ..wordml import run, xml_safe

    word, body = new_word(new)
    body.paragraph("Title", f"First reading: {new.number} {new.title}".strip())
    for label, value in cover_facts(diff, new, when, from_history):
        p = body.paragraph("Reference")
        run(p, f"{label}: ", bold=True)
        run(p, value)
    body.paragraph("Heading1", "Summary of changes")
    for k, (heading, items) in enumerate(change_sections(diff)):
        body.paragraph("Heading2", heading)
        for n, text in enumerate(items, 1):
            body.paragraph("Reference", f"{n}. {text}" if k == 0 else text)
        if not items:
            body.paragraph("BodyText", diff.none_counted)
    body.page_break()
    body.paragraph("Heading1", "Redline: every change tracked")
    add_redline(word, body, diff, Revisions(xml_safe(author), when))
    body.page_break()
    body.paragraph("Heading1", "Clean copy")
    body.paragraph("Title", new.title)
    write_blocks(body, new)
    return finish(word, new, when, kind="First reading",
                  made_from=f"{diff.old_name} → {diff.new_name}")
