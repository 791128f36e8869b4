"""Mistakes in the user's `--templates` as one line naming the template and its line.

A template of the user's can fail in Jinja2's ways (a syntax error, an undefined name, a file
that is not UTF-8, an include of a template that is not there or of `../`), and in Python's (an
expression that raises, a template including itself until the stack runs out). Each used to
reach the user as "internal error"; here each becomes an `InputError` at `FILE:LINE`. Jinja2
rewrites a failing render's traceback so that its frames are the templates' own lines, which
is how the line of a failure at render time is found.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ...errors import BoardPolicyError, InputError

if TYPE_CHECKING:
    import jinja2

_QUOTE = 80  # the most of a library's message or a name quoted back


@cache
def guarded() -> tuple[type[jinja2.Environment], type[jinja2.FileSystemLoader]]:
    """An Environment and a loader whose failures are `InputError`s naming the template;
    built on first use so that importing this module does not import Jinja2."""
    import jinja2

    class Loader(jinja2.FileSystemLoader):
        def get_source(self, environment: jinja2.Environment,
                       template: str) -> tuple[str, str, Any]:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                raise _not_utf8(self.searchpath, template, exc) from None

    class Template(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            try:
                return super().render(*args, **kwargs)
            except BoardPolicyError:
                raise
            except Exception as exc:  # the user's template: its failure is theirs
                raise _at_render(exc, self.filename, _folders(self.environment)) from None

    class Environment(jinja2.Environment):
        template_class = Template

        def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                         globals: Any = None) -> jinja2.Template:
            try:
                return super().get_template(name, parent, globals)
            except jinja2.TemplateSyntaxError as exc:
                raise _syntax(exc) from None

    return Environment, Loader


def _syntax(exc: jinja2.TemplateSyntaxError) -> InputError:
    return InputError(f"template syntax error: {_short(exc.message or str(exc))}",
                      path=exc.filename or exc.name, line=exc.lineno)


def _not_utf8(folders: list[str], name: str, exc: UnicodeDecodeError) -> InputError:
    """The template file found where the loader found it, and the line of the bad byte."""
    from jinja2.loaders import split_template_path

    for folder in folders:
        path = Path(folder, *split_template_path(name))
        if path.is_file():
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            return InputError(f"is not UTF-8 text (bad byte 0x{exc.object[exc.start]:02X}); "
                              "save the template as UTF-8", path=path, line=line)
    return InputError(f"template {name!r} is not UTF-8 text")


def _folders(environment: jinja2.Environment) -> tuple[str, ...]:
    searchpath = getattr(environment.loader, "searchpath", [])
    return tuple(os.path.join(folder, "") for folder in searchpath)


def _at_render(exc: Exception, filename: str | None, folders: tuple[str, ...]) -> InputError:
    """A failure while a template ran, at the deepest template line on its traceback."""
    import jinja2

    path, line = _template_frame(exc.__traceback__, folders) or (filename, None)
    if isinstance(exc, RecursionError):
        problem = ("includes itself, directly or through other templates (the templates "
                   "nest past Python's recursion limit)")
    elif isinstance(exc, jinja2.TemplateNotFound):
        problem = (f"includes {_short(str(exc.name or exc))!r}, which is neither in the "
                   "--templates folder nor bundled (a template can include only templates "
                   "of those folders, by a name without '..')")
    elif isinstance(exc, jinja2.UndefinedError):
        problem = f"undefined: {_short(exc.message or str(exc))}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax(exc)
    else:
        problem = f"an expression raised {type(exc).__name__}: {_short(str(exc))}"
    return InputError(problem, path=path, line=line)


def _template_frame(tb: TracebackType | None,
                    folders: tuple[str, ...]) -> tuple[str, int] | None:
    """The file and line of the last frame on `tb` that runs a template: Jinja2 has rewritten
    those frames to the template's file name and line."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folders):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _short(text: str) -> str:
    return text if len(text) <= _QUOTE else text[:_QUOTE - 1] + "…"
