"""The first-reading packet as one Word document: cover page, tracked redline, clean copy."""

from __future__ import annotations

from datetime import datetime

from ...diff.result import Diff
from ...document import Document
from .summary import change_sections, cover_facts


def render_packet_docx(diff: Diff, new: Document, *, author: str, when: datetime) -> bytes:
    from docx.enum.text import WD_BREAK

    from ..diff.docx import add_redline
    from ..policy.docx import finish, new_word, paragraph, write_blocks, xml_safe
    from ..tracked import Revisions

    word = new_word(new)
    paragraph(word, f"First reading: {new.number} {new.title}".strip(), "Title")
    for label, value in cover_facts(diff, new, when):
        para = paragraph(word, style="Reference")
        para.add_run(f"{label}: ").bold = True
        para.add_run(xml_safe(value))
    paragraph(word, "Summary of changes", "Heading 1")
    for k, (heading, items) in enumerate(change_sections(diff)):
        paragraph(word, heading, "Heading 2")
        for n, text in enumerate(items, 1):
            paragraph(word, f"{n}. {text}" if k == 0 else text, "Reference")
        if not items:
            paragraph(word, "None: the two versions say the same.", "Body Text")
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    paragraph(word, "Redline: every change tracked", "Heading 1")
    add_redline(word, diff, Revisions(xml_safe(author), when))
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    paragraph(word, "Clean copy", "Heading 1")
    paragraph(word, new.title, "Title")
    write_blocks(word, new)
    return finish(word, new, when)
