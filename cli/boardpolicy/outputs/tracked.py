"""Word's tracked changes (revisions), built as OOXML elements: python-docx has no API.

`w:ins` holds inserted runs; `w:del` holds deleted runs, their text in `w:delText`; a whole
inserted or deleted paragraph also marks its paragraph mark (`w:pPr/w:rPr/w:ins|w:del`), so
that accepting or rejecting removes the paragraph, not just its words. Every revision has a
unique `w:id`, the author and a date. Runs are written as every run is (`wordml.run`).
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from ..diff.result import Op
from .wordml import run, w

_TAGS = {Op.INSERT: "ins", Op.DELETE: "del"}


class Revisions:
    """Makes revision elements with unique ids, one author and one date."""

    def __init__(self, author: str, when: datetime) -> None:
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def _mark(self, parent: etree._Element, tag: str) -> etree._Element:
        element = etree.SubElement(parent, w(tag), {w("id"): str(self.next_id),
                                                    w("author"): self.author,
                                                    w("date"): self.date})
        self.next_id += 1
        return element

    def inserted(self, p: etree._Element, text: str) -> None:
        """`text`, inserted at the end of paragraph `p`."""
        run(self._mark(p, "ins"), text)

    def deleted(self, p: etree._Element, text: str) -> None:
        """`text`, deleted at the end of paragraph `p`."""
        run(self._mark(p, "del"), text, deleted=True)

    def mark_paragraph(self, p: etree._Element, op: Op) -> None:
        """Track paragraph `p`'s mark itself as inserted or deleted (`op`)."""
        ppr = p.find(w("pPr"))
        if ppr is None:  # every paragraph made by wordml.Body has one
            ppr = etree.SubElement(p, w("pPr"))
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        self._mark(rpr, _TAGS[op])
