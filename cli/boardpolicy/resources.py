"""Finds the folders that ship with the package: templates and the model library.

An installed wheel carries them inside the package; a checkout keeps them at the top of the
repository (cli/boardpolicy/ -> ../../). Either way the code asks here and gets a real folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The bundled folder `name` ("templates" or "model_policies")."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"boardpolicy is installed without its {name} folder")
