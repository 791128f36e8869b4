"""Turns what the user names on the command line into a Document.

A name is a file when one exists at that path, else a model reference (`mtsba/5460`).
"""

from __future__ import annotations

from pathlib import Path

from .compose import compose, compose_model
from .document import Document
from .errors import InputError
from .library import Library, parse_ref

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
