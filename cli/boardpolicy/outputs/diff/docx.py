"""The diff as a Word document with real tracked changes: the new text, rendered with the
same styles as `render`, every change a revision a reviewer can accept or reject."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ...diff.redline import Place, Row, rows
from ...diff.result import Diff, Op, Span, UnitKind
from ...document import Document, FindingKind

if TYPE_CHECKING:
    from lxml import etree

    from ..tracked import Revisions
    from ..worddoc import WordDocument
    from ..wordml import Body


def render_docx(diff: Diff, new: Document, *, author: str, when: datetime) -> bytes:
    """The new document, every change from the old one a revision by `author` on `when`."""
    from ..tracked import Revisions
    from ..worddoc import finish, new_word
    from ..wordml import xml_safe

    word, body = new_word(new)
    add_redline(word, body, diff, Revisions(xml_safe(author), when))
    return finish(word, new, when, kind="Redline",
                  made_from=f"{diff.old_name} → {diff.new_name}")


def add_redline(word: WordDocument, body: Body, diff: Diff, revisions: Revisions) -> None:
    """Append the diff's rows to a Word document, every change a tracked revision, laid out
    as the clean copy lays the policy out; a row with a reviewer's note gets a Word comment.
    The district's name and the policy number are in the page header, not repeated here."""
    from ..policy.docx import LIST_END, STYLES, reference_columns
    from ..wordml import space_after

    previous: tuple[UnitKind, etree._Element] | None = None
    written: list[tuple[Row, etree._Element]] = []
    for row in rows(diff, header=False):
        if previous is not None and previous[0] is UnitKind.ITEM and \
                row.kind is not UnitKind.ITEM:
            space_after(previous[1], LIST_END)
        p = body.paragraph(STYLES.get(row.kind, "BodyText"))
        previous = (row.kind, p)
        if row.kind is UnitKind.REFERENCE:
            reference_columns(p)
        _write_spans(p, _laid_out(row), revisions, bold_label=row.kind is UnitKind.ENTRY)
        if row.whole is not None:
            revisions.mark_paragraph(p, row.whole)
        if row.comment:
            _comment(word, p, row.comment, revisions)
        written.append((row, p))
    for finding in (f for f in diff.findings if f.kind is FindingKind.CUT_OFF):
        at = _last_of(written, new=finding.where != diff.old_name)
        if at is not None:
            _comment(word, at, finding.words, revisions)
    # A tracked paragraph mark must never be the last one of the part, which cannot be
    # removed: end with an untracked, empty paragraph.
    body.paragraph("BodyText")


def _last_of(written: list[tuple[Row, etree._Element]], *, new: bool
             ) -> etree._Element | None:
    """The paragraph of a side's last block (the new side's or the old's): where a document
    cut off stops, and where Word shows the warning as a comment."""
    for row, p in reversed(written):
        if new and row.change.new is not None and row.moved is not Place.AWAY:
            return p
        if not new and row.change.old is not None and row.moved is not Place.HERE:
            return p
    return None


def _laid_out(row: Row) -> tuple[Span, ...]:
    """The row's spans as the clean copy prints its block: a section heading without its
    colon, a cross reference's code and title apart by a tab."""
    spans = list(row.spans)
    if not spans or (spans[0].op is not Op.EQUAL and len(spans) > 1):
        return tuple(spans)  # the first words changed: left as they are
    first = spans[0]
    if row.kind is UnitKind.LABEL and len(spans) == 1 and first.text.endswith(":"):
        spans[0] = Span(first.op, first.text[:-1])
    elif row.kind is UnitKind.REFERENCE:
        code, _, rest = first.text.partition(" ")
        if code[:1].isdigit() and rest:
            spans[0] = Span(first.op, f"{code}\t{rest}")
        else:  # no policy code: the title in its column, as the clean copy has it
            spans[0] = Span(first.op, f"\t{first.text}")
    return tuple(spans)


def _write_spans(p: etree._Element, spans: tuple[Span, ...], revisions: Revisions, *,
                 bold_label: bool) -> None:
    """Runs for the spans: inserted and deleted ones tracked; a history line's label bold."""
    from ..wordml import run

    for k, span in enumerate(spans):
        if span.op is Op.INSERT:
            revisions.inserted(p, span.text)
        elif span.op is Op.DELETE:
            revisions.deleted(p, span.text)
        elif k == 0 and bold_label and ":" in span.text:
            label, _, rest = span.text.partition(":")
            run(p, f"{label}:", bold=True)
            if rest:
                run(p, rest)
        else:
            run(p, span.text)


def _comment(word: WordDocument, p: etree._Element, text: str, revisions: Revisions) -> None:
    """A Word comment on the whole paragraph. Its range marks stand in the paragraph itself,
    outside any tracked insertion or deletion (LibreOffice 7.4 crashes accepting a deletion
    that holds them). python-docx writes the comments part; the marks are ours."""
    from lxml import etree

    from ..wordml import w

    author = revisions.author
    initials = "".join(name[0] for name in author.split()[:2]).upper()
    comment = word.comments.add_comment(text=text, author=author, initials=initials)
    comment._comment_elm.set(w("date"), revisions.date)  # the revisions' date, not now
    ident = {w("id"): str(comment.comment_id)}
    ppr = p.find(w("pPr"))
    p.insert(0 if ppr is None else 1, p.makeelement(w("commentRangeStart"), ident))
    etree.SubElement(p, w("commentRangeEnd"), ident)
    etree.SubElement(etree.SubElement(p, w("r")), w("commentReference"), ident)
