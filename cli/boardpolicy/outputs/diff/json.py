"""The diff as JSON: the schema documented in the README (stable; keys only ever added)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # in C: a string as json.dumps(ensure_ascii=False)

from ...diff.result import Category, Change, Diff, Op, Span, UnitKind

SCHEMA = "boardpolicy-diff/1"


def render_json(diff: Diff) -> str:
    """Readable and fast: the top level indented, one block per line (json's C encoder is
    only used without `indent`, and a manual's diff has thousands of blocks). Each block is
    written in turn, never all at once: 200,000 blocks as dicts held together took over half
    a gigabyte."""
    data = {"schema": SCHEMA, "old": diff.old_name, "new": diff.new_name, "model": diff.model,
            "summary": diff.summary.to_dict(), "headline": diff.headline,
            "changes": [item.to_dict() for item in diff.listed],
            "warnings": list(diff.warnings)}
    head = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                      for key, value in data.items())
    if not diff.changes:
        return "{\n" + head + ',\n  "blocks": []\n}\n'
    # the blocks are most of the text: joined once, and copied once more
    blocks = ",\n    ".join(map(_block, diff.changes))
    return "".join(("{\n", head, ',\n  "blocks": [\n    ', blocks, "\n  ]\n}\n"))


def _block(change: Change) -> str:
    """json.dumps(change.to_dict(), ensure_ascii=False), written out so that a text is
    encoded once where the block repeats it (an equal block's old, new and only span): half
    the time, on a manual’s 12 MB. tests/test_diff.py holds it to json.dumps."""
    old, new = change.old, change.new
    old_text = _string(old.text) if old else "null"
    new_text = old_text if old and new and new.text == old.text else \
        _string(new.text) if new else "null"
    kind = _VALUE[change.kind]
    ident = change.id
    spans = change.spans
    if len(spans) == 1 and new and spans[0].text == new.text and spans[0].old_text is None:
        listed = _span(spans[0], new_text)
    else:
        listed = ", ".join([_span(s) for s in spans])
    return (f'{{"op": {_VALUE[change.op]}, "kind": {kind}, '
            f'"old_text": {old_text}, "new_text": {new_text}, '
            f'"similarity": {round(change.similarity, 4)!r}, '
            f'"old_index": {_number(change.old_index)}, '
            f'"new_index": {_number(change.new_index)}, '
            f'"category": {_VALUE[change.category]}, '
            f'"id": {_string(ident)}, "spans": [{listed}]}}')


def _span(span: Span, text: str | None = None) -> str:
    """Span.to_dict() as JSON; `text`: its text already encoded."""
    text = text or _string(span.text)
    if span.old_text is None:
        return f'{{"op": {_VALUE[span.op]}, "text": {text}}}'
    return f'{{"op": {_VALUE[span.op]}, "text": {text}, ' \
           f'"old_text": {_string(span.old_text)}}}'


def _string(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


def _number(n: int | None) -> str:
    return "null" if n is None else repr(n)


# An enum's value as to_dict gives it (Category.NONE's as None), encoded once, not per block
_VALUE = {member: _string(member.value or None) for enum in (Op, UnitKind, Category)
          for member in enum}

