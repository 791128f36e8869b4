"""The comparison as JSON (schema boardpolicy-compare/1, documented in the README)."""

from __future__ import annotations

import json
from dataclasses import asdict

from ...compare import Matrix


def render_json(matrix: Matrix) -> str:
    documents = []
    for row in matrix.rows:
        data = asdict(row)
        data["similarity"] = round(row.similarity, 4)
        data["error"] = row.error or None
        documents.append(data)
    for data, row in zip(documents, matrix.rows, strict=True):
        data["default_edition"] = not row.error and row.edition == matrix.default_edition
    return json.dumps({"schema": "boardpolicy-compare/1", "model": matrix.model,
                       "default_edition": matrix.default_edition,
                       "options": matrix.columns, "decisions": matrix.decisions,
                       "documents": documents},
                      ensure_ascii=False, indent=2) + "\n"
