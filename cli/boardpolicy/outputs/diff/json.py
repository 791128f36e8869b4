"""The diff as JSON: the schema documented in the README (stable; keys only ever added)."""

from __future__ import annotations

import json

from ...diff.result import Diff

SCHEMA = "boardpolicy-diff/1"


def render_json(diff: Diff) -> str:
    """Readable and fast: the top level indented, one block per line (json's C encoder is
    only used without `indent`, and a manual's diff has thousands of blocks). Each block is
    made into a dict and encoded in turn, never all at once: 200,000 blocks as dicts held
    together took over half a gigabyte."""
    data = {"schema": SCHEMA, "old": diff.old_name, "new": diff.new_name, "model": diff.model,
            "summary": diff.summary.to_dict(), "headline": diff.headline,
            "changes": [item.to_dict() for item in diff.listed],
            "warnings": list(diff.warnings)}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in data.items()]
    body = ",\n".join(f"    {json.dumps(c.to_dict(), ensure_ascii=False)}"
                      for c in diff.changes)
    lines.append('  "blocks": [' + (f"\n{body}\n  ]" if diff.changes else "]"))
    return "{\n" + ",\n".join(lines) + "\n}\n"
