"""The model import report as JSON (schema boardpolicy-model-import/1, in the README)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...model_import import ModelImport


def render_json(result: ModelImport, *, written: str | None = None) -> str:
    return json.dumps({**result.to_dict(), "written": written}, ensure_ascii=False,
                      indent=2) + "\n"
