"""boardpolicy: adopt, render and compare school-board model policies.

The library is usable without the command line::

    from boardpolicy import Library, load_district, compose, render, Format
    district, model = load_district("examples/butte/5460.yaml", Library())
    docx_bytes = render(compose(district, model), Format.DOCX)

Names are imported on first use, so `boardpolicy --help` does not pay for the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "compose": "composition", "compose_model": "composition",
    "DistrictPolicy": "district", "Edit": "district", "OwnBullet": "district",
    "dump_district": "roundtrip", "load_district": "district",
    "Block": "document", "Document": "document", "Kind": "document",
    "BoardPolicyError": "errors", "ExitStatus": "errors", "InputError": "errors",
    "OutputError": "errors", "ValidationError": "errors",
    "Library": "library", "parse_ref": "library",
    "ModelPolicy": "model_policy", "load_model": "model_policy",
    "Format": "outputs.policy", "render": "outputs.policy",
    "PolicyFormat": "outputs.policy", "render_policy": "outputs.policy",
    "Context": "outputs",
}

__all__ = [  # noqa: RUF022 -- grouped as in _EXPORTS
    "compose", "compose_model",
    "DistrictPolicy", "Edit", "OwnBullet", "dump_district", "load_district",
    "Block", "Document", "Kind",
    "BoardPolicyError", "ExitStatus", "InputError", "OutputError", "ValidationError",
    "Library", "parse_ref",
    "ModelPolicy", "load_model",
    "Format", "render", "PolicyFormat", "render_policy", "Context",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'boardpolicy' has no attribute {name!r}")


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .composition import compose, compose_model
    from .district import DistrictPolicy, Edit, OwnBullet, load_district
    from .document import Block, Document, Kind
    from .errors import BoardPolicyError, ExitStatus, InputError, OutputError, ValidationError
    from .library import Library, parse_ref
    from .model_policy import ModelPolicy, load_model
    from .outputs import Context
    from .outputs.policy import Format, PolicyFormat, render, render_policy
    from .roundtrip import dump_district
