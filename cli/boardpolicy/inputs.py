"""Turns what the user names on the command line into a Document.

A name is a file when one exists at that path (or it names a document by its extension),
else a model reference (`mtsba/5460`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .composition import compose, compose_model
from .document import Document
from .errors import InputError
from .library import Library, parse_ref
from .model_policy import ModelPolicy

DISTRICT_SUFFIXES = (".yaml", ".yml")


def load_document(name: str, library: Library) -> Document:
    """A district policy file or a model reference -> its Document."""
    from .district import load_district

    path = Path(name)
    if path.suffix.lower() in DISTRICT_SUFFIXES or path.exists():
        if path.suffix.lower() not in DISTRICT_SUFFIXES and path.is_file():
            raise InputError("is not a district policy file (.yaml)", path=name)
        district, model = load_district(path, library)
        return compose(district, model)
    if parse_ref(name):
        return compose_model(library.get(name))
    raise InputError("no such file, and not a model reference like mtsba/5460", path=name)


@dataclass(frozen=True)
class Loaded:
    """An input of `diff` (or `import`): its Document, and its model when it is a model."""

    document: Document
    name: str
    model: ModelPolicy | None = None  # the input is this model itself
    policy_model: ModelPolicy | None = None  # the input is a district file following it


def load_input(name: str, library: Library, *, limit: int | None = None,
               changes: str = "accept") -> Loaded:
    """Any input DESIGN.md names: a model reference, a district file, a document, or "-".

    `changes`: a Word document's tracked changes are all "accept"ed or all "reject"ed."""
    from .readers import MAX_INPUT_BYTES, read_document

    limit = limit or MAX_INPUT_BYTES
    path = Path(name)
    if name == "-":
        return Loaded(read_document("-", limit=limit, changes=changes), "<stdin>")
    if path.suffix.lower() in DISTRICT_SUFFIXES:
        from .district import load_district

        district, model = load_district(path, library)
        return Loaded(compose(district, model), name, policy_model=model)
    if path.exists() or path.suffix.lower() in (".txt", ".md", ".html", ".htm", ".docx",
                                                ".doc"):
        return Loaded(read_document(path, limit=limit, changes=changes), name)
    if parse_ref(name):
        model = library.get(name)
        return Loaded(compose_model(model), model.ref, model)
    raise InputError("no such file, and not a model reference like mtsba/5460", path=name)
