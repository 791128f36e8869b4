"""A manual's change as JSON: schema boardpolicy-manual-diff/1, documented in the README
(stable; keys only ever added). A changed policy's `changes` are its single diff's."""

from __future__ import annotations

import json

from ...manual_diff import ManualDiff, policy_dict

SCHEMA = "boardpolicy-manual-diff/1"


def render_manual_json(manual_diff: ManualDiff) -> str:
    """Every policy of both manuals, one per line, with the summary by status."""
    head = {"schema": SCHEMA, "old": manual_diff.old_name, "new": manual_diff.new_name,
            "headline": manual_diff.headline, "summary": manual_diff.counts(),
            "warnings": list(manual_diff.warnings)}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in head.items()]
    policies = ",\n    ".join(json.dumps(policy_dict(p), ensure_ascii=False)
                              for p in manual_diff.policies)
    lines.append(f'  "policies": [\n    {policies}\n  ]' if policies else '  "policies": []')
    return "{\n" + ",\n".join(lines) + "\n}\n"
