"""Word's tracked changes (revisions), built as OOXML elements: python-docx has no API.

`w:ins` holds inserted runs; `w:del` holds deleted runs, their text in `w:delText`; a whole
inserted or deleted paragraph also marks its paragraph mark (`w:pPr/w:rPr/w:ins|w:del`), so
that accepting or rejecting removes the paragraph, not just its words. Every revision has a
unique `w:id`, the author and a date.
"""

from __future__ import annotations

from datetime import datetime

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


class Revisions:
    """Makes revision elements with unique ids, one author and one date."""

    def __init__(self, author: str, when: datetime):
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def _mark(self, tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def inserted(self, text: str):
        wrapper = self._mark("w:ins")
        wrapper.append(run(text))
        return wrapper

    def deleted(self, text: str):
        wrapper = self._mark("w:del")
        wrapper.append(run(text, deleted=True))
        return wrapper

    def mark_paragraph(self, p, kind: str) -> None:
        """Track paragraph `p`'s mark itself as inserted ("ins") or deleted ("del")."""
        ppr = p.find(qn("w:pPr"))  # every paragraph made by wordml.Body has one
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._mark(f"w:{kind}"))


def run(text: str, *, deleted: bool = False, bold: bool = False):
    """A run of text; spaces at its ends are kept (xml:space="preserve")."""
    element = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        element.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    element.append(t)
    return element
