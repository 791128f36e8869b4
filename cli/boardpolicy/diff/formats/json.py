"""The diff as JSON: the schema documented in the README (stable; keys only ever added)."""

from __future__ import annotations

import json

from ..result import Diff

SCHEMA = "boardpolicy-diff/1"


def render_json(diff: Diff) -> str:
    return json.dumps({"schema": SCHEMA, **diff.to_dict()}, ensure_ascii=False, indent=2) + "\n"
