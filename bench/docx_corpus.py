"""How many of LibreOffice's words the DOCX reader keeps, file by file, for the real Word files.

    python bench/docx_corpus.py [CORPUS_DIR]      # default: tests/data/corpus

For each NAME.docx beside ref-lo/NAME.txt (LibreOffice's text with every change accepted) it
prints a Markdown table: the words in LibreOffice's text, the words boardpolicy reads (what the
diff compares), how many of LibreOffice's words boardpolicy lost and how many it has beyond
LibreOffice's (text boxes and notes, which LibreOffice's text export leaves out, count here
too), and the time to read the file. Words are compared as a multiset, case-folded, with
punctuation dropped (see `words`).
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    """Case-folded runs of letters and digits (NFKC, so a non-breaking space splits words)."""
    return Counter(WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def boardpolicy_text(path: Path) -> str:
    from boardpolicy.diff import units
    from boardpolicy.readers import read_document

    return "\n".join(u.text for u in units(read_document(path)))


def row(docx: Path) -> tuple[str, int, int, int, int, float]:
    reference = words((docx.parent / "ref-lo" / f"{docx.stem}.txt").read_text(encoding="utf-8"))
    start = time.perf_counter()
    try:
        ours = words(boardpolicy_text(docx))
    except Exception as exc:  # the old reader refuses some files; count them as all lost
        print(f"{docx.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        ours = Counter()
    seconds = time.perf_counter() - start
    lost = sum((reference - ours).values())
    added = sum((ours - reference).values())
    return docx.name, sum(reference.values()), sum(ours.values()), lost, added, seconds


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/corpus")
    print("| file | LibreOffice words | boardpolicy words | lost | added | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    for docx in sorted(corpus.glob("*.docx")):
        name, ref, ours, lost, added, seconds = row(docx)
        totals = [t + v for t, v in zip(totals, (ref, ours, lost, added), strict=True)]
        print(f"| {name} | {ref} | {ours} | {lost} | {added} | {seconds:.3f} |")
    print(f"| **total** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | |")


if __name__ == "__main__":
    main()
