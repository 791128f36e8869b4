"""The diff as JSON: the schema documented in the README (stable; keys only ever added)."""

from __future__ import annotations

import json

from ...diff.result import Diff

SCHEMA = "boardpolicy-diff/1"


def render_json(diff: Diff) -> str:
    """Readable and fast: the top level indented, one block per line (json's C encoder is
    only used without `indent`, and a manual's diff has thousands of blocks)."""
    data = {"schema": SCHEMA, **diff.to_dict()}
    blocks = data.pop("blocks")
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in data.items()]
    body = ",\n".join(f"    {json.dumps(b, ensure_ascii=False)}" for b in blocks)
    lines.append('  "blocks": [' + (f"\n{body}\n  ]" if blocks else "]"))
    return "{\n" + ",\n".join(lines) + "\n}\n"
