"""How many of poppler's words the PDF reader keeps, and in what order, file by file.

    python bench/pdf_corpus.py CORPUS_DIR [--changes reject]

For each NAME.pdf in CORPUS_DIR it prints a Markdown table: the words `pdftotext` (poppler,
its default reading order) gives, the words boardpolicy reads (what the diff compares), how
many of poppler's words boardpolicy lost and how many it has beyond poppler's, which engine
read it (PDFium for a plain file, pdfminer for the rest: `readers/pdf.py`), recall (1 -
lost / poppler's) and precision (1 - added / ours), how much of poppler's text boardpolicy
has in the same order (the words in the matching blocks of Python's difflib, over poppler's
words), and the time to read the file. Words are compared as a multiset, case-folded, with
punctuation dropped (as bench/docx_corpus.py does). Running headers, footers and page numbers,
which the reader leaves out on purpose, count as lost; a refused file counts as all lost (its
message goes to standard error).

The files are any real PDFs at hand: the issue 25 figures in the README came from the sample
and test PDFs of pdfplumber and pdfminer.six and two of Debian's documentation PDFs.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Case-folded runs of letters and digits (NFKC: ligatures unfolded, a non-breaking space
    splits words)."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def poppler_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=False, timeout=300).stdout


def boardpolicy_text(pdf: Path, changes: str) -> str:
    from boardpolicy.diff import units
    from boardpolicy.readers import read_document
    from boardpolicy.readers.changes import TrackedChanges

    document = read_document(pdf, changes=TrackedChanges(changes))
    return "\n".join(u.text for u in units(document))


def engine(pdf: Path) -> str:
    """Which engine reads the file: PDFium when it is plain, else pdfminer (untimed)."""
    from boardpolicy.readers import pdf as reader

    data = pdf.read_bytes()
    try:
        plain = reader._plain_pages(data, reader.MAX_PAGES) is not None
    except Exception:  # whatever PDFium's way raises, pdfminer reads the file
        plain = False
    return "PDFium" if plain else "pdfminer"


def in_order(reference: list[str], ours: list[str]) -> float:
    """The share of the reference's words that `ours` has in the same order."""
    if not reference:
        return 1.0
    matcher = difflib.SequenceMatcher(None, reference, ours, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(reference)


def row(pdf: Path, changes: str) -> tuple[int, int, int, int, float, float]:
    """poppler's words, ours, lost, added, in-order share, seconds."""
    reference = tokens(poppler_text(pdf))
    start = time.perf_counter()
    try:
        ours = tokens(boardpolicy_text(pdf, changes))
    except Exception as exc:  # a refusal: count every word as lost
        print(f"{pdf.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        ours = []
    seconds = time.perf_counter() - start
    theirs, mine = Counter(reference), Counter(ours)
    lost = sum((theirs - mine).values())
    added = sum((mine - theirs).values())
    return len(reference), len(ours), lost, added, in_order(reference, ours), seconds


def share(part: int, whole: int) -> str:
    return f"{1 - part / whole:.3f}" if whole else "-"


def main() -> None:
    args = sys.argv[1:]
    changes = "accept"
    if "--changes" in args:
        at = args.index("--changes")
        changes = args[at + 1]
        del args[at:at + 2]
    corpus = Path(args[0] if args else ".")
    print("| file | engine | pdftotext words | boardpolicy words | lost | added | recall "
          "| precision | in order | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    engines: list[str] = []
    totals = [0, 0, 0, 0]
    ordered = 0.0
    seconds = 0.0
    for pdf in sorted(corpus.glob("*.pdf")):
        ref, ours, lost, added, order, took = row(pdf, changes)
        totals = [t + v for t, v in zip(totals, (ref, ours, lost, added), strict=True)]
        ordered += order * ref
        seconds += took
        engines.append(engine(pdf))
        print(f"| {pdf.name} | {engines[-1]} | {ref} | {ours} | {lost} | {added} | "
              f"{share(lost, ref)} | {share(added, ours)} | {order:.3f} | {took:.2f} |")
    ref, ours, lost, added = totals
    fast = engines.count("PDFium")
    print(f"| **total** | PDFium {fast}, pdfminer {len(engines) - fast} | {ref} | {ours} | "
          f"{lost} | {added} | {share(lost, ref)} | {share(added, ours)} | "
          f"{ordered / ref if ref else 0:.3f} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
