"""Many districts against one model: for each, the edition, the options it forbids, its
similarity to the model and how many local edits it has, as one matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BoardPolicyError
from .readers import MAX_INPUT_BYTES
from .readers.changes import TrackedChanges

if TYPE_CHECKING:
    from .district import DistrictPolicy
    from .library import Library
    from .model_policy import ModelPolicy


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
    offered: list[str] = field(default_factory=list)  # the options its edition has
    cut_off: bool = False  # the document ends in mid-sentence
    unknown: list[str] = field(default_factory=list)  # options after the cut: not known
    # blank, alternative and optional text ids -> what the district decided, in words: a
    # blank's value, a wording's id, keep or omit ("" where nothing is decided)
    decisions: dict[str, str] = field(default_factory=dict)


def compare_one(path: str, extra: tuple[Path, ...], model_name: str,
                limit: int = MAX_INPUT_BYTES,
                changes: TrackedChanges = TrackedChanges.ACCEPT) -> Row:
    """One district file or adopted document -> its row (runs in a worker process)."""
    from .composition import compose, compose_model
    from .diff import diff_documents
    from .district import OwnBullet, load_district
    from .infer import infer
    from .library import parse_ref
    from .parallel import worker_library
    from .readers import read_document

    library = worker_library(extra)
    try:
        if path.lower().endswith((".yaml", ".yml")):
            district, model = load_district(path, library)
            wanted = parse_ref(model_name)
            if wanted is None or model.name != wanted.name:
                raise BoardPolicyError(f"follows {model.name}, not {model_name}", path=path)
            document = compose(district, model)
            diff = diff_documents(compose_model(model, district=district.district), document,
                                  old_model=model)
            return Row(path, district.district, model.edition, diff.summary.similarity,
                       district.adopted_options(),
                       sum(isinstance(e, OwnBullet) for _, es in district.choices
                           for e in es or ()),
                       len(district.edits), offered=sorted(model.option_ids()),
                       decisions=decided(district, model))
        result = infer(read_document(path, limit=limit, changes=changes),
                       library, model_name)
        d = result.district
        return Row(path, d.district, result.model.edition, result.similarity,
                   d.adopted_options(),
                   sum(isinstance(e, OwnBullet) for _, es in d.choices for e in es or ()),
                   len(d.edits), offered=sorted(result.model.option_ids()),
                   cut_off=result.cut_off, unknown=list(result.unknown),
                   decisions=decided(d, result.model))
    except BoardPolicyError as exc:
        return Row(path, error=str(exc) if exc.path else f"{path}: {exc}")
    except Exception as exc:  # one bad file must not stop the others
        return Row(path, error=f"{path}: internal error: {type(exc).__name__}: {exc}")


def decided(district: DistrictPolicy, model: ModelPolicy) -> dict[str, str]:
    """Each blank, alternative and optional text of the model, as this district decided it
    (the model's recommended value where it wrote none): blanks show their values."""
    from .decisions import Alternative, Blank, OptionalText

    out: dict[str, str] = {}
    for decision in model.decisions():
        match decision:
            case Blank():
                out[decision.id] = district.value(decision) or ""
            case Alternative():
                out[decision.id] = district.wording(decision) or ""
            case OptionalText():
                keeps = district.keeps(decision)
                out[decision.id] = "" if keeps is None else "keep" if keeps else "omit"
    return out


@dataclass(frozen=True)
class Matrix:
    """Many districts against one model: one row per file, one column per option."""

    model: str
    columns: list[str]  # option ids, over every edition of the model
    rows: list[Row]
    choices: dict[str, str] = field(default_factory=dict)  # option id -> its choice's id
    default_edition: str = ""
    decisions: list[str] = field(default_factory=list)  # blank, alternative, optional ids

    @property
    def chosen_words(self) -> str:
        """'options forbidden' for a model whose one choice is what to forbid."""
        names = sorted(set(self.choices.values()))
        return f"options {names[0].replace('-', ' ')}" if len(names) == 1 else "options chosen"


def compare(files: list[str], library: Library, model_name: str, *,
            jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
            limit: int = MAX_INPUT_BYTES,
            changes: TrackedChanges = TrackedChanges.ACCEPT) -> Matrix:
    """Rows in the order of `files`, and the option ids that make the matrix's columns."""
    library.get(model_name)  # an unknown model is one clear error, not one per file
    from .parallel import run_all

    rows: list[Row] = run_all(compare_one, files, library.extra, model_name, limit, changes,
                              jobs=jobs,
                              progress=progress, serial_below=8)
    name = model_name.split("@")[0]
    editions = sorted((m for m in library.models() if m.name == name),
                      key=lambda m: not m.default)
    columns: list[str] = []
    choices: dict[str, str] = {}
    decisions: list[str] = []
    for model in editions:
        columns += [o.id for c in model.choices for o in c.options if o.id not in columns]
        choices.update({o.id: c.id for c in model.choices for o in c.options})
        decisions += [i for i in decided_ids(model) if i not in decisions]
    default = next((m.edition for m in editions if m.default), "")
    return Matrix(model_name, columns, rows, choices, default, decisions)


def decided_ids(model: ModelPolicy) -> list[str]:
    """The model's blanks, alternatives and optional texts, in the order it asks them."""
    from .decisions import DecisionKind
    from .model_policy import decision_kind

    return [d.id for d in model.decisions() if decision_kind(d) is not DecisionKind.CHOICE]


def cell(row: Row, option: str) -> str:
    """One cell of the matrix: yes, no, unknown (after the end of a cut-off document), or
    n/a (the edition the district follows has no such option)."""
    if option not in row.offered:
        return "n/a"
    if option in row.unknown:
        return "unknown"
    return "yes" if option in forbidden(row) else "no"


def forbidden(row: Row) -> set[str]:
    """The option ids this row's district forbids (adopts), over all its choices."""
    return {o for ids in row.choices.values() for o in ids}
