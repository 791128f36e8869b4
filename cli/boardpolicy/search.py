"""A built site's search: each page's words -> one static index the pages' small script reads.

The index is a script file (`search-index.js`, one assignment of a JSON object), not a JSON
file fetched by the page: a site opened from a folder (`file://`) may load a script beside
it but not fetch a file, and a clerk opens the site from a USB stick or a shared drive as
often as from a web server. Words are cut and folded here exactly as `templates/search.js`
cuts and folds a query (NFKD, accents dropped, lower case, runs of letters and digits).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .document import Document

INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"
TITLE_WEIGHT = 10  # a word of the title counts as ten in the text: the policy about it first
_WORD = re.compile(r"[^\W_]+")
_GLOBAL = "boardpolicySearch"


def words(text: str) -> list[str]:
    """'Négociations, 5460' -> ['negociations', '5460']: the words a query can match."""
    if text.isascii():  # nearly every policy: nothing to fold (a third of a build's time)
        return _WORD.findall(text.lower())
    folded = "".join(c for c in unicodedata.normalize("NFKD", text)
                     if not unicodedata.combining(c))
    return _WORD.findall(folded.lower())


def page_words(document: Document) -> dict[str, int]:
    """A page's words and how often each occurs, its title's counted TITLE_WEIGHT times."""
    counts = Counter(w for line in document.plain_lines()[1:] for w in words(line))
    for word in words(f"{document.number} {document.title}"):
        counts[word] += TITLE_WEIGHT
    return dict(counts)


@dataclass(frozen=True, slots=True)
class Entry:
    """One page of the index: where it is, what the results list shows, its words."""

    href: str
    number: str
    title: str
    words: dict[str, int]


def index_script(entries: list[Entry]) -> bytes:
    """The index as a script: `{"pages": [[href, number, title]...], "words": {word:
    [page, count, page, count...]}}`, words sorted, so the same pages give the same bytes."""
    postings: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        for word, count in sorted(entry.words.items()):
            postings.setdefault(word, []).extend((position, count))
    data = {"pages": [[e.href, e.number, e.title] for e in entries],
            "words": dict(sorted(postings.items()))}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{_GLOBAL} = {text};\n".encode()
