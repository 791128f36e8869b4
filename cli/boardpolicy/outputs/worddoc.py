"""A python-docx document on the reference package, for the Word outputs that carry Word
comments (the redline and the packet): python-docx writes the comments part and its
relationships. Paragraphs are built with `wordml`, as a policy's are."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from ..document import Document
from ..resources import data_dir
from .wordml import Body, header_and_footer, package

# python-docx's Document: it has no types, so it is Any, kept to this module and its callers
WordDocument = Any


def new_word(document: Document) -> tuple[WordDocument, Body]:
    """The reference document, its header and footer filled in for `document`, and a Body to
    add paragraphs to."""
    from docx import Document as open_docx

    word = open_docx(str(data_dir("templates") / "reference.docx"))
    section = word.sections[0]
    header_and_footer(section.header.paragraphs[0]._p, section.footer.paragraphs[0]._p,
                      document)
    return word, Body(word.element.body)


def finish(word: WordDocument, document: Document, when: datetime, *, kind: str,
           made_from: str) -> bytes:
    """The document saved as a reproducible package dated `when`; its title says what `kind`
    of document it is, its description what it was made from."""
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        parts = {name: saved.read(name) for name in saved.namelist()}
    return package(parts, document, when, kind=kind, made_from=made_from)
