"""Many districts against one model: for each, the edition, the options it forbids, its
similarity to the model and how many local edits it has, as one matrix."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BoardPolicyError


@dataclass(frozen=True)
class Row:
    file: str
    district: str = ""
    edition: str = ""
    similarity: float = 0.0
    choices: dict[str, list[str]] = field(default_factory=dict)
    own_bullets: int = 0
    local_edits: int = 0
    error: str = ""


def compare_one(path: str, roots: tuple[str, ...], model_name: str,
                limit: int = 50_000_000) -> Row:
    """One district file or adopted document -> its row (runs in a worker process)."""
    from .composition import compose, compose_model
    from .diff import diff_documents
    from .district import OwnBullet, load_district
    from .infer import infer
    from .library import parse_ref
    from .parallel import worker_library
    from .readers import read_document

    library = worker_library(roots)
    try:
        if path.lower().endswith((".yaml", ".yml")):
            district, model = load_district(path, library)
            if model.name != parse_ref(model_name).name:
                raise BoardPolicyError(f"follows {model.name}, not {model_name}", path=path)
            document = compose(district, model)
            diff = diff_documents(compose_model(model, district=district.district), document,
                                  old_model=model)
            return Row(path, district.district, model.edition, diff.summary.similarity,
                       district.adopted_options(),
                       sum(isinstance(e, OwnBullet) for _, es in district.choices
                           for e in es or ()),
                       len(district.edits))
        result = infer(read_document(path, limit=limit), library, model_name)
        d = result.district
        return Row(path, d.district, result.model.edition, result.similarity,
                   d.adopted_options(),
                   sum(isinstance(e, OwnBullet) for _, es in d.choices for e in es or ()),
                   len(d.edits))
    except BoardPolicyError as exc:
        return Row(path, error=str(exc) if exc.path else f"{path}: {exc}")
    except Exception as exc:  # one bad file must not stop the others
        return Row(path, error=f"{path}: internal error: {type(exc).__name__}: {exc}")


def compare(files: list[str], library_roots: list[Path], model_name: str, *,
            jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
            limit: int = 50_000_000) -> tuple[list[str], list[Row]]:
    """Rows in the order of `files`, and the option ids that make the matrix's columns."""
    from .library import Library

    library = Library(library_roots)
    library.get(model_name)  # an unknown model is one clear error, not one per file
    roots = tuple(str(r) for r in library_roots)
    from .parallel import run_all

    rows: list[Row] = run_all(compare_one, files, roots, model_name, limit, jobs=jobs,
                              progress=progress, serial_below=8)
    name = model_name.split("@")[0]
    editions = sorted((m for m in library.models() if m.name == name),
                      key=lambda m: not m.default)
    columns: list[str] = []
    for model in editions:
        columns += [o.id for c in model.choices for o in c.options if o.id not in columns]
    return columns, rows


def forbidden(row: Row) -> set[str]:
    return {o for ids in row.choices.values() for o in ids}


def to_csv(columns: list[str], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "district", "edition", "similarity", *columns, "own_bullets",
                     "local_edits", "error"])
    for row in rows:
        chosen = forbidden(row)
        writer.writerow([row.file, row.district, row.edition,
                         f"{row.similarity:.4f}" if not row.error else "",
                         *[("yes" if c in chosen else "no") if not row.error else ""
                           for c in columns],
                         row.own_bullets if not row.error else "",
                         row.local_edits if not row.error else "", row.error])
    return buffer.getvalue()


def to_json(model: str, columns: list[str], rows: list[Row]) -> str:
    documents = []
    for row in rows:
        data = asdict(row)
        data["similarity"] = round(row.similarity, 4)
        data["error"] = row.error or None
        documents.append(data)
    return json.dumps({"schema": "boardpolicy-compare/1", "model": model, "options": columns,
                       "documents": documents}, ensure_ascii=False, indent=2) + "\n"


def to_html(model: str, columns: list[str], rows: list[Row]) -> str:
    from .writers.templated import environment

    return environment().get_template("compare.html.j2").render(
        model=model, columns=columns, rows=rows, forbidden=forbidden,
        counts={c: sum(c in forbidden(r) for r in rows if not r.error) for c in columns},
        good=sum(1 for r in rows if not r.error))
