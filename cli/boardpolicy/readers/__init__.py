"""Readers: a document in .txt, .md, .html, .docx or .pdf (or on standard input) -> Document.

A Word 97-2003 file (.doc) or a password-protected Word file is an OLE2 compound file, not a
zip; it is named as such, with what to do, whatever it is called and however it arrives. A PDF
is read as a PDF whatever it is called, too: its first bytes say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import files
from ..errors import InputError
from .changes import TrackedChanges

if TYPE_CHECKING:  # the command line imports TrackedChanges from here before any reading
    from ..document import Document, Finding

MAX_INPUT_BYTES = 50_000_000  # a policy is kilobytes; a whole manual a few megabytes
SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
            ".htm": "html", ".xhtml": "html", ".docx": "docx", ".doc": "docx",
            ".pdf": "pdf"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or an encrypted .docx
ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A document's bytes, or standard input's for "-"."""
    return files.read_bytes(path, limit=limit)


def sniff(data: bytes) -> str:
    """The format of unnamed input (standard input), from its first bytes."""
    head = data[:2048].lstrip().lower()
    if is_pdf(data):
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "txt"


def read_document(path: str | Path, *, data: bytes | None = None, fmt: str | None = None,
                  limit: int = MAX_INPUT_BYTES,
                  changes: TrackedChanges = TrackedChanges.ACCEPT) -> Document:
    """Read a policy document; the format comes from the suffix, else from the content.

    `changes`: a Word document's tracked changes are all "accept"ed (the default) or all
    "reject"ed (the document as it was before them)."""
    name = str(path)
    if data is None:
        data = read_bytes(path, limit)
    if not data.strip():
        raise InputError("is empty", path=name)
    refuse_compound(data, name)
    fmt = "pdf" if is_pdf(data) else fmt or SUFFIXES.get(Path(name).suffix.lower()) or sniff(data)
    if fmt == "pdf":
        from .pdf import read_pdf

        document = read_pdf(data, name)
    elif fmt == "docx":
        from .docx import read_docx

        document = read_docx(data, name, changes=changes)
    elif fmt == "html":
        from .html import read_html

        document = read_html(data, name)
    else:
        from .text import decode, read_text, unicode_bom

        if data.startswith(b"PK\x03\x04") or (_binary(data) and not unicode_bom(data)):
            raise InputError("is not a text document (it looks like a binary file)", path=name)
        if fmt == "md":
            from .markdown import read_markdown

            findings: list[Finding] = []
            document = read_markdown(decode(data, name, findings), name, findings)
        else:
            document = read_text(data, name)
    if not document.title and not document.blocks:
        raise InputError("holds no text boardpolicy can read as a policy", path=name)
    return document


def is_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF- (readers accept it within the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def refuse_compound(data: bytes, name: str) -> None:
    """An OLE2 compound file is a Word 97-2003 document or an encrypted Word document."""
    if not data.startswith(OLE2):
        return
    if any(marker in data for marker in ENCRYPTED):  # stream names in the compound directory
        raise InputError("is a password-protected (encrypted) Word document; remove the "
                         "password in Word (File > Info > Protect Document) and save it again",
                         path=name)
    raise InputError("is a Word 97-2003 document (.doc) or another Office compound file, "
                     "which boardpolicy does not read; open it in Word and save it as .docx",
                     path=name)


def _binary(data: bytes) -> bool:
    """Images, archives, executables: control bytes a text never has."""
    head = data[:4096]
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\x7fELF", b"MZ")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20
