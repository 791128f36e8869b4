"""The first-reading packet: a cover page with a plain-language summary of the changes,
the redline, and a clean copy of the new text, as one Word document or one web page."""

from __future__ import annotations

from datetime import datetime

from ...dates import MONTHS
from ...document import Document
from ..result import Category, Diff, Op
from . import describe


def short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def plain_changes(diff: Diff, meanings: dict[str, str]) -> list[str]:
    """One sentence per change a board member should know of, in reading order.

    `meanings` maps an option id to what choosing it means (its choice's id, "forbidden"),
    so that a bullet removed from the list reads "no longer forbidden".
    """
    out = []
    for change in diff.changes:
        if change.op is Op.EQUAL and change.category is not Category.OPTION_NOT_ADOPTED:
            continue
        if change.category in (Category.DRAFTING_NOTE, Category.FILLED_IN):
            continue
        unit = change.new or change.old
        option = (change.old and change.old.id) or (change.new and change.new.id)
        meaning = meanings.get(option or "")
        if unit.kind == "item":
            name = f"bullet '{short(unit.text)}'"
            if change.category is Category.OPTION_NOT_ADOPTED:
                out.append(f"{name}: option not adopted" +
                           (f" (not {meaning})" if meaning else ""))
                continue
            if change.op is Op.DELETE:
                out.append(f"{name} " + (f"no longer {meaning}" if meaning else "removed"))
                continue
            if change.op is Op.INSERT:
                out.append(f"{name} " + (f"now {meaning}" if meaning else "added"))
                continue
        out.append(describe(change))
    return out


def cover_facts(diff: Diff, new: Document, when: datetime) -> list[tuple[str, str]]:
    s = diff.summary
    return [
        ("Policy", f"{new.number} {new.title}".strip()),
        ("District", new.district or "—"),
        ("Date", _date_words(when)),
        ("Compared", f"{diff.old_name} → {diff.new_name}"),
        ("Changes", f"{s.modified} reworded, {s.inserted} added, {s.deleted} removed, "
                    f"{s.moved} moved; {s.unchanged} unchanged; similarity "
                    f"{s.similarity:.0%}"),
    ]


def _date_words(when: datetime) -> str:
    """The packet's date in words; the reproducible stand-in date is not shown as one."""
    from ...writers.docx import FALLBACK_DATE

    if when == FALLBACK_DATE:
        return "not given (use --date, or a date in the policy's history)"
    return f"{MONTHS[when.month - 1].title()} {when.day}, {when.year}"


def render_packet_docx(diff: Diff, new: Document, meanings: dict[str, str], *, author: str,
                       when: datetime | None = None) -> bytes:
    from docx.enum.text import WD_BREAK

    from ...writers.docx import document_date, finish, new_word, paragraph, write_blocks, xml_safe
    from ...writers.tracked import Revisions
    from .docx import add_redline

    when = when or document_date(new)
    word = new_word(new)
    paragraph(word, f"First reading: {new.number} {new.title}".strip(), "Title")
    for label, value in cover_facts(diff, new, when):
        para = paragraph(word, style="Reference")
        para.add_run(f"{label}: ").bold = True
        para.add_run(xml_safe(value))
    paragraph(word, "Summary of changes", "Heading 2")
    changes = plain_changes(diff, meanings)
    for n, text in enumerate(changes, 1):
        paragraph(word, f"{n}. {text}", "Reference")
    if not changes:
        paragraph(word, "No changes.", "Body Text")
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    paragraph(word, "Redline: every change tracked", "Heading 1")
    add_redline(word, diff, Revisions(xml_safe(author), when))
    word.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    paragraph(word, "Clean copy", "Heading 1")
    paragraph(word, new.title, "Title")
    write_blocks(word, new)
    return finish(word, new, when)


def render_packet_html(diff: Diff, new: Document, meanings: dict[str, str], *,
                       when: datetime) -> str:
    from ...document import Kind
    from ...writers.templated import environment
    from .html import redline_context

    template = environment().get_template("packet.html.j2")
    return template.render(doc=new, facts=cover_facts(diff, new, when),
                           changes=plain_changes(diff, meanings), Kind=Kind,
                           **redline_context(diff))


