"""Minimal Word packages written by hand, for what the real files in tests/data/corpus lack.

`package(body)` wraps WordprocessingML body content in the few parts Word and LibreOffice need
([Content_Types].xml, _rels/.rels, word/document.xml and its relationships), plus numbering,
footnotes, comments or a header when given. `p(...)` and `r(...)` keep the test cases short.
"""

from __future__ import annotations

from .conftest import zip_bytes

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
PARTS = {  # name -> (relationship type, content type, root element)
    "numbering": ("numbering", f"{MAIN}.numbering+xml", "numbering"),
    "footnotes": ("footnotes", f"{MAIN}.footnotes+xml", "footnotes"),
    "endnotes": ("endnotes", f"{MAIN}.endnotes+xml", "endnotes"),
    "comments": ("comments", f"{MAIN}.comments+xml", "comments"),
    "header1": ("header", f"{MAIN}.header+xml", "hdr"),
}
REVISION = 'w:id="{id}" w:author="Test" w:date="2024-05-01T00:00:00Z"'


def r(text: str, props: str = "") -> str:
    """A run of text (with run properties, if any)."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*content: str, props: str = "") -> str:
    """A paragraph of runs (plain strings are made runs)."""
    inner = "".join(c if c.startswith("<") else r(c) for c in content)
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{inner}</w:p>"


def ins(content: str, k: int = 1) -> str:
    return f"<w:ins {REVISION.format(id=k)}>{content}</w:ins>"


def deleted(text: str, k: int = 2) -> str:
    return (f'<w:del {REVISION.format(id=k)}><w:r><w:delText xml:space="preserve">{text}'
            "</w:delText></w:r></w:del>")


def num(num_id: int, ilvl: int = 0) -> str:
    """Paragraph properties for a numbered paragraph."""
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, legal: bool = False) -> str:
    lgl = "<w:isLgl/>" if legal else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>{lgl}'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>')


def package(body: str, **parts: str) -> bytes:
    """A .docx holding `body` (w:body content); parts: numbering=, footnotes=, ... (the
    content of the part's root element)."""
    rels = [f'<Relationship Id="rId{k}" Type="{REL}/{PARTS[name][0]}" Target="{name}.xml"/>'
            for k, name in enumerate(parts, start=1)]
    overrides = [f'<Override PartName="/word/{name}.xml" ContentType="{PARTS[name][1]}"/>'
                 for name in parts]
    sect = ""
    if "header1" in parts:
        sect = (f'<w:sectPr><w:headerReference w:type="default" '
                f'r:id="rId{list(parts).index("header1") + 1}"/></w:sectPr>')
    entries = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>'
            f'{"".join(overrides)}</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            '</Relationships>'),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{"".join(rels)}</Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {XMLNS}><w:body>{body}{sect}</w:body></w:document>'),
    }
    for name, content in parts.items():
        root = PARTS[name][2]
        entries[f"word/{name}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:{root} {XMLNS}>{content}</w:{root}>')
    return zip_bytes({k: v.encode("utf-8") for k, v in entries.items()})
