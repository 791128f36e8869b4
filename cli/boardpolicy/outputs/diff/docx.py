"""The diff as a Word document with real tracked changes: the new text, rendered with the
same styles as `render`, every change a revision a reviewer can accept or reject."""

from __future__ import annotations

from datetime import datetime

from ...diff.redline import rows
from ...diff.result import Diff, Op
from ...document import Document


def render_docx(diff: Diff, new: Document, *, author: str, when: datetime) -> bytes:
    """The new document, every change from the old one a revision by `author` on `when`."""
    from ..policy.docx import finish, new_word, xml_safe
    from ..tracked import Revisions

    word = new_word(new)
    add_redline(word, diff, Revisions(xml_safe(author), when))
    return finish(word, new, when)


def add_redline(word, diff: Diff, revisions) -> None:
    """Append the diff's rows to a Word document, every change a tracked revision."""
    from docx.shared import Pt

    from ..policy.docx import STYLES, paragraph, xml_safe
    from ..tracked import run

    previous = None
    for row in rows(diff):
        if previous is not None and previous[0] == "item" and row.kind != "item":
            previous[1].paragraph_format.space_after = Pt(10)  # a list ends like a paragraph
        para = paragraph(word, style=STYLES.get(row.kind, "Body Text"))
        previous = (row.kind, para)
        for span in row.spans:
            text = xml_safe(span.text)
            if span.op is Op.INSERT:
                para._p.append(revisions.inserted(text))
            elif span.op is Op.DELETE:
                para._p.append(revisions.deleted(text))
            else:
                para._p.append(run(text))
        if row.whole is Op.INSERT:
            revisions.mark_paragraph(para, "ins")
        elif row.whole is Op.DELETE:
            revisions.mark_paragraph(para, "del")
    # A tracked paragraph mark must never be the last one of the part, which cannot be
    # removed: end with an untracked, empty paragraph.
    paragraph(word, style="Body Text")
