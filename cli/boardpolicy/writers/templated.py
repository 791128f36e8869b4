"""HTML, Markdown and plain text through the Jinja2 templates in templates/.

District text reaches the templates only as data: HTML autoescapes it, Markdown escapes it with
`md`, and nothing the district wrote is ever compiled as a template.
"""

from __future__ import annotations

import re
from functools import cache

from ..document import Document, Kind
from ..resources import data_dir

TEMPLATES = {"html": "policy.html.j2", "md": "policy.md.j2", "txt": "policy.txt.j2"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+|!~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Escape Markdown's special characters so district text prints literally."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


@cache
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.globals["Kind"] = Kind
    return env


def write_templated(document: Document, fmt: str) -> bytes:
    text = environment().get_template(TEMPLATES[fmt]).render(doc=document, Kind=Kind)
    return text.encode("utf-8")
