"""HTML, Markdown and plain text through the Jinja2 templates in templates/.

District text reaches the templates only as data: HTML autoescapes it, Markdown escapes it with
`md`, and nothing the district wrote is ever compiled as a template.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...document import Document, Kind
from ...manual import is_number
from ...resources import data_dir
from ..visible import visible
from . import PolicyFormat

if TYPE_CHECKING:
    import jinja2

TEMPLATES = {PolicyFormat.HTML: "policy.html.j2", PolicyFormat.MD: "policy.md.j2",
             PolicyFormat.TXT: "policy.txt.j2"}
# Only what CommonMark (and GitHub's tables and strike-through) would read as markup.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+=#])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape Markdown's special characters so district text prints literally."""
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_BLOCK_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def environment(templates: Path | None = None) -> jinja2.Environment:
    """Templates come from the user's folder (if given), then the bundled ones; from nowhere
    else."""
    return _environment(str(templates) if templates else "")


@cache
def _environment(user_folder: str) -> jinja2.Environment:
    import jinja2

    from .template_errors import guarded

    folders = ([user_folder] if user_folder else []) + [str(data_dir("templates"))]
    # The user's templates are code boardpolicy did not write: each mistake in them is one line
    # naming the template and its line. The bundled ones failing is a bug, reported as one.
    environment_class, loader_class = (guarded() if user_folder else
                                       (jinja2.Environment, jinja2.FileSystemLoader))
    env = environment_class(
        loader=loader_class(folders),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.globals["Kind"] = Kind
    env.tests["policy_number"] = is_number  # a references table headed "Policy", or not
    return env


def write_templated(document: Document, fmt: PolicyFormat, templates: Path | None = None,
                    contents: str = "") -> bytes:
    """`contents`: a link to the manual's table of contents, for a page in a built site."""
    text = environment(templates).get_template(TEMPLATES[fmt]).render(
        doc=document, Kind=Kind, contents=contents)
    if fmt is not PolicyFormat.HTML:  # text for a terminal or an editor: no raw control characters
        text = visible(text)
    return text.encode("utf-8")
