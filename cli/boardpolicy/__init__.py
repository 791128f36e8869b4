"""boardpolicy: adopt, render and compare school-board model policies.

The library is usable without the command line::

    from boardpolicy import Library, load_district, compose, render, Format
    district, model = load_district("examples/butte.yaml", Library())
    docx_bytes = render(compose(district, model), Format.DOCX)
"""

from __future__ import annotations

from .compose import compose, compose_model
from .district import DistrictPolicy, Edit, OwnBullet, dump_district, load_district
from .document import Block, Document, Kind
from .errors import BoardPolicyError, ExitStatus, InputError, OutputError, ValidationError
from .library import Library, parse_ref
from .model_policy import ModelPolicy, load_model
from .writers import Format, render

__version__ = "0.1.0"

__all__ = [
    "Block", "BoardPolicyError", "DistrictPolicy", "Document", "Edit", "ExitStatus", "Format",
    "InputError", "Kind", "Library", "ModelPolicy", "OutputError", "OwnBullet",
    "ValidationError", "__version__", "compose", "compose_model", "dump_district",
    "load_district", "load_model", "parse_ref", "render",
]
