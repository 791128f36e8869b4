"""Readers: a document in any format boardpolicy reads (or on standard input) -> Document.

One table, READERS, names every reader once (as pandoc's Readers.hs does): its name, its file
suffixes, how its bytes are recognised, and its function. Dispatch, sniffing unnamed input, the
suffixes the command line takes for documents and the formats its help names all come from
the table, so a new input format is one module and one row.

A Word 97-2003 file (.doc) or a password-protected Word file is an OLE2 compound file, not a
zip; it is named as such, with what to do, whatever it is called and however it arrives. A PDF
or a Word document is read as one whatever it is called, too: its bytes say so.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import files
from ..errors import InputError
from .changes import TrackedChanges

if TYPE_CHECKING:  # the command line imports this package before any reading: keep it light
    from ..document import Document

MAX_INPUT_BYTES = 50_000_000  # a policy is kilobytes; a whole manual a few megabytes
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or an encrypted .docx
ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
WORD_PART = "word/document.xml"  # what makes a zip a Word document


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a command asks of every reader (a reader uses what concerns its format)."""

    changes: TrackedChanges = TrackedChanges.ACCEPT  # a Word document's tracked changes


ReadFunction = Callable[[bytes, str, ReadOptions], "Document"]


@dataclass(frozen=True, slots=True)
class Reader:
    """One row of the table: an input format boardpolicy reads.

    `suffixes`: the file names it takes, the first the one help names. `sniff`: whether bytes
    are this format (None: known by name only, as Markdown, which is also plain text).
    `bytes_decide`: its bytes win over the file's name (a PDF called .txt is a PDF).
    """

    name: str
    suffixes: tuple[str, ...]
    read: ReadFunction
    sniff: Callable[[bytes], bool] | None = None
    bytes_decide: bool = False


# --- the readers' functions: each imports its module when first used ---------------------------

def _read_text(data: bytes, name: str, options: ReadOptions) -> Document:
    from .text import read_text

    return read_text(data, name)


def _read_markdown(data: bytes, name: str, options: ReadOptions) -> Document:
    from .markdown import read_markdown_bytes

    return read_markdown_bytes(data, name)


def _read_html(data: bytes, name: str, options: ReadOptions) -> Document:
    from .html import read_html

    return read_html(data, name)


def _read_docx(data: bytes, name: str, options: ReadOptions) -> Document:
    from .docx import read_docx

    return read_docx(data, name, changes=options.changes)


def _read_pdf(data: bytes, name: str, options: ReadOptions) -> Document:
    from .pdf import read_pdf

    return read_pdf(data, name, changes=options.changes)


# --- how bytes are recognised ------------------------------------------------------------------

def is_pdf(data: bytes) -> bool:
    """A PDF starts with %PDF- (readers accept it within the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def is_html(data: bytes) -> bool:
    """A web page says so in its first bytes: a doctype, <html>, an XML declaration, <body>."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


WORD_TYPES = (b"wordprocessingml.document.main", b"wordprocessingml.template.main",
              b"ms-word.document.macroenabled.main", b"ms-word.template.macroenabledtemplate.main")


def is_word(data: bytes) -> bool:
    """A zip holding word/document.xml (in any case), or whose [Content_Types].xml names a
    Word main part wherever it is; a damaged zip that names that part is one too (the Word
    reader then says it is damaged)."""
    if not data.startswith(b"PK"):
        return False
    names = zip_names(data)
    if names is None:
        return WORD_PART.encode() in data
    lower = {name.lower(): name for name in names}
    if WORD_PART in lower:
        return True
    types = lower.get("[content_types].xml")
    if types is None:
        return False
    import zipfile  # here, not at start-up: the command line imports this table for --help
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(types) as entry:
            head = entry.read(65536).lower()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError,
            RuntimeError, zlib.error):  # RuntimeError: an encrypted entry
        return False
    return any(kind in head for kind in WORD_TYPES)


def zip_names(data: bytes) -> set[str] | None:
    """The names a zip's directory lists; None when it cannot be read."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        return None


OPEN_DOCUMENT = {b"application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)",
                 b"application/vnd.oasis.opendocument.spreadsheet":
                     "an OpenDocument spreadsheet (.ods)",
                 b"application/vnd.oasis.opendocument.presentation":
                     "an OpenDocument presentation (.odp)",
                 b"application/epub+zip": "an EPUB e-book"}
OFFICE_PARTS = {"xl/workbook.xml": "an Excel workbook (.xlsx)",
                "ppt/presentation.xml": "a PowerPoint presentation (.pptx)"}


def zip_kind(data: bytes) -> str:
    """What a zip that is not a Word document is, in a person's words."""
    names = zip_names(data) or set()
    for part, what in OFFICE_PARTS.items():
        if part in names:
            return what
    if "mimetype" in names:
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = archive.read("mimetype").strip()
        if mimetype in OPEN_DOCUMENT:
            return OPEN_DOCUMENT[mimetype]
    return "a zip archive"


# --- the table ---------------------------------------------------------------------------------

TEXT = Reader("txt", (".txt", ".text"), _read_text)  # what no other reader claims is text
READERS: tuple[Reader, ...] = (  # in the order help names them
    TEXT,
    Reader("md", (".md", ".markdown"), _read_markdown),
    Reader("html", (".html", ".htm", ".xhtml"), _read_html, is_html),
    Reader("docx", (".docx", ".doc"), _read_docx, is_word, bytes_decide=True),
    Reader("pdf", (".pdf",), _read_pdf, is_pdf, bytes_decide=True),
)


def suffixes() -> tuple[str, ...]:
    """Every file suffix a reader takes (".txt", ".text", ".md" ...)."""
    return tuple(suffix for reader in READERS for suffix in reader.suffixes)


def suffix_names(sep: str = ", ", last: str | None = None) -> str:
    """The formats as help names them, each by its first suffix: ".txt, .md, ... .pdf"."""
    names = [reader.suffixes[0] for reader in READERS]
    if last is None or len(names) < 2:
        return sep.join(names)
    return sep.join(names[:-1]) + last + names[-1]


def by_name(name: str) -> Reader:
    """The reader called `name` ("docx")."""
    for reader in READERS:
        if reader.name == name:
            return reader
    raise KeyError(name)


def by_suffix(path: str | Path) -> Reader | None:
    """The reader a file's suffix names, if any."""
    suffix = Path(str(path)).suffix.lower()
    return next((reader for reader in READERS if suffix in reader.suffixes), None)


def sniff(data: bytes) -> str:
    """The format of unnamed input (standard input), from its first bytes."""
    return _sniffed(data).name


def _sniffed(data: bytes) -> Reader:
    """The first reader whose bytes decide and recognise `data`, else the first that
    recognises it, else plain text."""
    ranked = sorted(READERS, key=lambda reader: not reader.bytes_decide)  # a stable sort
    return next((reader for reader in ranked if reader.sniff and reader.sniff(data)), TEXT)


def reader_for(name: str, data: bytes, fmt: str | None = None) -> Reader:
    """The reader for `data`: one whose bytes decide, else the format asked for, else the
    name's suffix, else what the bytes look like. A zip that is not a Word document is named
    as what it is rather than read as text."""
    decided = next((reader for reader in READERS
                    if reader.bytes_decide and reader.sniff and reader.sniff(data)), None)
    if decided is not None:
        return decided
    if fmt:
        return by_name(fmt)
    named = by_suffix(name)
    if named is not None:
        return named
    sniffed = _sniffed(data)
    if sniffed is TEXT and data.startswith(b"PK\x03\x04"):
        raise InputError(f"is {zip_kind(data)}, not a document boardpolicy reads "
                         f"({suffix_names(last=' or ')})", path=name)
    return sniffed


# --- reading -----------------------------------------------------------------------------------

def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A document's bytes, or standard input's for "-"."""
    return files.read_bytes(path, limit=limit)


def read_document(path: str | Path, *, data: bytes | None = None, fmt: str | None = None,
                  limit: int = MAX_INPUT_BYTES,
                  changes: TrackedChanges = TrackedChanges.ACCEPT) -> Document:
    """Read a policy document; the format comes from the suffix, else from the content.

    `changes`: a Word document's tracked changes are all accepted (the default) or all
    rejected (the document as it was before them)."""
    name = str(path)
    if data is None:
        data = read_bytes(path, limit)
    if not data.strip():
        raise InputError("is empty", path=name)
    refuse_compound(data, name)
    document = reader_for(name, data, fmt).read(data, name, ReadOptions(changes))
    if not document.title and not document.blocks:
        raise InputError("holds no text boardpolicy can read as a policy", path=name)
    return document


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
