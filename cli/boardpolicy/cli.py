"""The command line: a thin Typer layer. Each command parses its arguments, calls one library
function, and emits the result through the outputs layer.

Every library error becomes one line on stderr and exit status 2; tracebacks only with --debug.
The environment (the terminal, the user's templates, SOURCE_DATE_EPOCH) is decided once, by
the callback, and passed down; what renderers need of it goes to them in a Context. Heavy
libraries are imported inside the commands that need them, so `--help` starts fast.
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations on
# every run, and as strings it must eval each one (about 9 ms of `--help`).

import contextlib
import os
import signal
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar, overload

import typer

from . import __version__
from .errors import (
    BoardPolicyError,
    ExitStatus,
    InputError,
    InputTooLarge,
    NoChoiceMade,
    OutputError,
    Problems,
)
from .outputs.check import CheckFormat
from .outputs.compare import CompareFormat
from .outputs.diff import DiffFormat
from .outputs.model_import import ModelImportFormat
from .outputs.policy import PolicyFormat
from .outputs.report import ReportFormat
from .outputs.upgrade import UpgradeFormat
from .prose import count
from .readers import MAX_INPUT_BYTES, suffix_names
from .readers.changes import TrackedChanges

if TYPE_CHECKING:  # imported where a command needs them, so that --help stays fast
    from .model_policy import ModelPolicy
    from .roundtrip import Decided
    from .upgrade import Resolve

app = typer.Typer(
    name="boardpolicy",
    help="Adopt, render and compare school-board model policies.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and usage errors: fast to start, pipe-friendly
    context_settings={"help_option_names": ["-h", "--help"]},
)

MAX_SIZE = MAX_INPUT_BYTES


def _placeholders_only() -> None:
    """Recent Typer prints an argument's Python type after its placeholder in help
    ("MODEL <str>", "FILE... <list[str]>"); every argument here has a placeholder that says
    what to give, so show that alone, as options already do."""
    argument = getattr(getattr(typer, "core", None), "TyperArgument", None)
    shown = getattr(argument, "display_type_rich", None)
    if argument is None or shown is None:
        return

    def display_type_rich(self, ctx):
        return None if self.metavar else shown(self, ctx)

    argument.display_type_rich = display_type_rich


def _usage_placeholders() -> None:
    """Usage lines as Click and every man page write them: "FILE..." for an argument that
    repeats, "[FILE]" when optional, a required one bare. Typer prints "{FILE}" for both
    a required and a repeating argument, hiding that `validate` takes many files."""
    argument = getattr(getattr(typer, "core", None), "TyperArgument", None)
    original = getattr(argument, "make_metavar", None)
    if argument is None or original is None:
        return

    def make_metavar(self, ctx, *args, **kwargs):
        if self.metavar is None:
            return original(self, ctx, *args, **kwargs)
        var = self.metavar + ("..." if self.nargs != 1 else "")
        return var if self.required else f"[{var}]"

    argument.make_metavar = make_metavar


_placeholders_only()
_usage_placeholders()


# --- the terminal, asked once ------------------------------------------------------------------

@dataclass(frozen=True)
class Terminal:
    """What the process is attached to: decided once, passed on as settings."""

    stdout_tty: bool
    stderr_tty: bool
    width: int
    no_color: bool

    @classmethod
    def detect(cls) -> "Terminal":
        import shutil

        return cls(sys.stdout.isatty(), sys.stderr.isatty(),
                   shutil.get_terminal_size((100, 24)).columns,
                   bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb")

    def color(self, stderr: bool = False) -> bool:
        return (self.stderr_tty if stderr else self.stdout_tty) and not self.no_color

    def columns(self, stderr: bool = False, piped: int = 400) -> int:
        """The terminal's width; piped, wide enough that each row stays one line."""
        return self.width if (self.stderr_tty if stderr else self.stdout_tty) else piped


@dataclass(frozen=True)
class Environment:
    """What this run works with, decided once by the callback and passed down (httpie's
    Environment): the terminal, the user's templates, and the reproducible-build date."""

    terminal: Terminal
    templates: Path | None = None
    source_date: datetime | None = None  # SOURCE_DATE_EPOCH

    @classmethod
    def detect(cls, templates: Path | None = None) -> "Environment":
        return cls(Terminal.detect(), templates, _source_date())


def _env(ctx: typer.Context) -> Environment:
    """The run's environment; a command invoked without the callback (a test calling it
    alone) detects its own."""
    env = ctx.find_root().obj
    if not isinstance(env, Environment):
        env = ctx.find_root().obj = Environment.detect()
    return env


# --- shared options ----------------------------------------------------------------------------

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option("--library", "-L", envvar="BOARDPOLICY_LIBRARY", metavar="FOLDER",
                 help="A folder of your own model policies, searched before the bundled "
                      "library (repeatable; or set BOARDPOLICY_LIBRARY).",
                 show_default=False),
]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to this file instead of standard output.",
    show_default=False)]
# --max-size: 0 is not "no limit" (it was read as the default, silently); above a terabyte
# is no size a file of policy text has, and past 2**63 the OS cannot be asked for it.
MaxSizeOption = Annotated[int, typer.Option(
    "--max-size", metavar="BYTES", min=1, max=10**12,
    help="Refuse inputs larger than this many bytes (1 to 1,000,000,000,000).")]
AuthorOption = Annotated[str, typer.Option(
    "--author", metavar="NAME", help="The name Word shows on every tracked change.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="The date of the tracked changes, YYYY-MM-DD or "
    "YYYY-MM-DDTHH:MM:SSZ (default: SOURCE_DATE_EPOCH, else the new version's latest "
    "history date).", show_default=False)]
def _changes_option(flag: str, which: str):
    return typer.Option(flag, metavar="accept|reject", show_default=False,
                        autocompletion=lambda: ["accept", "reject"],
                        help=f"{which}: a Word document's tracked changes all accepted (the "
                             "default) or all rejected (the document before them).")


ChangesOption = Annotated[str | None, _changes_option("--changes", "Inputs")]
RawOption = Annotated[bool, typer.Option(
    "--raw", help="Against a model, compare the bare text: no options, notes or filled-in "
                  "names recognised.")]

E = TypeVar("E", bound=Enum)


# --- shell completion: model references and option ids ----------------------------------------

def _completion_library(ctx: typer.Context):
    """The library a completed command would use: its --library folders, else the
    environment's; None when they cannot be read (completion never prints an error)."""
    try:
        return _library(ctx.params.get("library") or None)
    except BoardPolicyError:
        return None


def complete_models(ctx: typer.Context, incomplete: str) -> list[str]:
    """`mtsba/5460`, then each edition as `mtsba/5460@2012`."""
    library = _completion_library(ctx)
    if library is None:
        return []
    try:
        models = library.models()
    except BoardPolicyError:
        return []
    refs = sorted({m.name for m in models} | {m.ref for m in models})
    return [ref for ref in refs if ref.startswith(incomplete)]


def complete_options(ctx: typer.Context, incomplete: str) -> list[str]:
    """The option ids of the model named earlier on the command line."""
    from .library import parse_ref

    library = _completion_library(ctx)
    # while the option's value is being typed, Click leaves the words before it unparsed
    model = ctx.params.get("model") or next((a for a in ctx.args if parse_ref(a)), None)
    if library is None or not model:
        return []
    try:
        ids = library.get(model).option_ids()
    except BoardPolicyError:
        return []
    chosen = set(ctx.params.get("forbid") or ())
    return sorted(i for i in ids if i.startswith(incomplete) and i not in chosen)


def _format_option(enum: type[Enum], default: Enum | None, what: str):
    """A --format option taken as text and checked by `_choose`, so that a wrong value is one
    plain line and the help lists the formats in words."""
    names = ", ".join(str(m.value) for m in enum)
    return typer.Option("--format", "-f", metavar="FORMAT",
                        help=f"{what}: {names}." + (f" [default: {default.value}]"
                                                   if default is not None else ""),
                        show_default=False,
                        autocompletion=lambda: [str(m.value) for m in enum])


@overload
def _choose(enum: type[E], value: str, flag: str = ...) -> E: ...
@overload
def _choose(enum: type[E], value: str | None, flag: str = ...) -> E | None: ...
def _choose(enum: type[E], value: str | None, flag: str = "--format") -> E | None:
    """The member of `enum` that `value` names (any case); None for None."""
    if value is None:
        return None
    for member in enum:
        if member.value == value.lower():
            return member
    names = ", ".join(str(m.value) for m in enum)
    raise InputError(f"{flag}: '{value}' is not one of {names}")


def _changes(value: str | None, flag: str = "--changes") -> TrackedChanges:
    return _choose(TrackedChanges, value, flag) or TrackedChanges.ACCEPT


def _library(paths: list[Path] | None):
    """The model library of this command, built once and passed down (`--library` or
    BOARDPOLICY_LIBRARY, which Typer reads, come first)."""
    from .library import Library

    return Library(paths or [])


def _stamp(author: str, date: str | None):
    """--author and --date checked; the date as a UTC datetime, or None for the default."""
    from datetime import datetime

    if not author.strip() or len(author) > 100 or not author.isprintable():
        raise InputError("--author must be a name of 1 to 100 printable characters")
    if date is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(date.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise InputError(f"--date: '{date}' is not a date (write YYYY-MM-DD or "
                     "YYYY-MM-DDTHH:MM:SSZ)")


def _source_date():
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, as a date (or None)."""
    from datetime import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    # Word and Python know years up to 9999; a day's margin for the zones dates pass through
    if len(epoch) > 12 or int(epoch) > _LAST_EPOCH:
        raise InputError(f"SOURCE_DATE_EPOCH: '{epoch[:20]}' is past the year 9999; give "
                         "seconds since 1970 (e.g. `git log -1 --format=%ct`)")
    return datetime.fromtimestamp(int(epoch), tz=UTC)


_LAST_EPOCH = 253_402_214_400  # 9999-12-31T00:00:00Z


def _context(ctx: typer.Context, output: Path | None = None, *, stderr: bool = False,
             author: str = "boardpolicy", when=None, context_lines: int = 1):
    """The renderers' settings for this run: colour and width only when the result goes to
    a terminal."""
    from .outputs import Context

    env = _env(ctx)
    to_screen = output is None or str(output) == "-"
    return Context(author=author, when=when, source_date=env.source_date,
                   color=to_screen and env.terminal.color(stderr),
                   width=env.terminal.columns(stderr) if to_screen else 400,
                   templates=env.templates, context_lines=context_lines)


def _emit(ctx: typer.Context, data: str | bytes, output: Path | None, *,
          binary: bool = False, quiet: bool = False, exclusive: bool = False) -> None:
    """Write the result; "wrote FILE" on stderr unless the command's report says it.
    `exclusive`: a file that must not exist (no --force), checked as it is put in place."""
    from .outputs import emit

    written = emit(data, output, stdout=sys.stdout.buffer, binary=binary,
                   to_terminal=_env(ctx).terminal.stdout_tty, exclusive=exclusive)
    if written is not None and not quiet:
        _note(f"wrote {written}")


def _check_new_district(text: str, policy) -> None:
    """The file init is about to write, read back as validate would: a district name with an
    escape code, a line break or of megabytes is refused here, not by the next command."""
    from .district import load_district
    from .library import Library

    class _One(Library):  # the model already loaded, not the library read again
        def __init__(self) -> None:
            self.extra, self.roots, self._models = (), [], [policy]

    try:
        load_district("--district", _One(), require_choices=False, text=text)
    except BoardPolicyError as exc:
        message = exc.message.removeprefix("district: ")
        raise InputError(f"--district: {message}") from None


def _new_file(output: Path | None, force: bool) -> None:
    """An output that must be a new file unless --force: a folder is named as such (--force
    would not help), an existing file points to --force."""
    if output is None or str(output) == "-":
        return
    if output.is_dir():
        raise OutputError("is a folder; give the file to write with -o FOLDER/NAME.yaml",
                          path=output)
    if os.path.lexists(output) and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)


def _piped_columns(default: int = 100) -> int:
    """The width of two columns written to a pipe or a file: COLUMNS if set, else 100, as
    `diff -y` and `git diff` users expect (a terminal keeps its own width)."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def _not_an_input(output: Path | None, *inputs: str) -> None:
    """Refuse, before reading anything, an output that is one of the inputs."""
    from .outputs.emit import refuse_inputs

    if output is not None:
        refuse_inputs(output, inputs)


def _note(text: str) -> None:
    """A plain line on stderr ("wrote FILE"): no need to load rich for it."""
    _say(text, sys.stderr)


_LONGEST_LINE = 1000


def _say(text: str, stream=None) -> None:
    """One line as the terminal can show it: a file name's escape codes and line breaks
    shown, never obeyed (`^[`, `^J`), and what the stream's encoding cannot hold (a
    non-ASCII name under PYTHONIOENCODING=ascii, a name that is not UTF-8) escaped."""
    from .outputs.visible import visible

    stream = stream or sys.stdout
    text = visible(text).replace("\n", "^J").replace("\t", "^I")
    if len(text) > _LONGEST_LINE:  # a megabyte of file name or model reference: its ends
        text = f"{text[:_LONGEST_LINE // 2]}…{text[-_LONGEST_LINE // 2:]}"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    print(text.encode(encoding, "backslashreplace").decode(encoding, "replace"), file=stream)


def _warn(warnings) -> None:
    for warning in warnings:
        _note(f"boardpolicy: note: {warning}")


def _version(value: bool) -> None:
    if value:
        print(f"boardpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    templates: Annotated[Path | None, typer.Option(
        "--templates", envvar="BOARDPOLICY_TEMPLATES", metavar="FOLDER",
        help="A folder of your own templates (policy.html.j2, redline.html.j2, ...), used "
             "before the bundled ones.", show_default=False)] = None,
) -> None:
    """Adopt, render and compare school-board model policies.

    Example: boardpolicy render examples/butte/5460.yaml -o butte.docx
    """
    if templates is not None and not templates.is_dir():
        raise InputError("is not a folder of templates", path=templates)
    ctx.obj = Environment.detect(templates.resolve() if templates else None)


# --- the model library -------------------------------------------------------------------------

@app.command()
def models(ctx: typer.Context, library: LibraryOption = None) -> None:
    """List the model policies and their editions.

    Example: boardpolicy models
    """
    from .outputs.library import render_models

    _emit(ctx, render_models(_library(library).models(), _context(ctx)), None)


@app.command(short_help="Show a model's blocks, options and notes.")
def show(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(metavar="MODEL", help="A model reference, e.g. "
                                         "mtsba/5460 or mtsba/5460@2012.",
                                         autocompletion=complete_models)],
    library: LibraryOption = None,
) -> None:
    """Show a model policy with its block ids, choices and drafting notes.

    Example: boardpolicy show mtsba/5460
    """
    from .outputs.library import render_model

    _emit(ctx, render_model(_library(library).get(model), _context(ctx)), None)


model_app = typer.Typer(help="Model policy files: bring one in from an association's document.",
                        no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("import", short_help="Make a model file from an association's document.")
def model_import(
    ctx: typer.Context,
    document: Annotated[str, typer.Argument(
        metavar="DOCUMENT",
        help=f"The association's model document: {suffix_names(last=' or ')}.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PUBLISHER/NUMBER.yaml", help="The model file to write, in a "
        "library's layout (default: standard output, with the report on stderr).",
        show_default=False)] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", metavar="NAME", help="The publisher's short name (default: the folder "
        "of -o).", show_default=False)] = None,
    number: Annotated[str | None, typer.Option(
        "--number", metavar="NUMBER", help="The policy number (default: the header's).",
        show_default=False)] = None,
    edition: Annotated[str | None, typer.Option(
        "--edition", metavar="EDITION", help="The edition's name (default: current).",
        show_default=False)] = None,
    fmt: Annotated[str, _format_option(ModelImportFormat, ModelImportFormat.TEXT,
                                       "The report (see the README)")] = "text",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    max_size: MaxSizeOption = MAX_SIZE,
) -> None:
    """Import an association's model document as a model file: its blanks, alternatives,
    optional text, choices, drafting notes, status and references recognised, ids made from
    the text. The report lists every decision, every bracket left as text, and the model
    rendered as published against the document, block by block.

    Example: boardpolicy model import 4130-model.docx -o library/demo/4130.yaml
    """
    from .model_import import import_model_file
    from .outputs.model_import import render_model_import

    chosen = _choose(ModelImportFormat, fmt)
    _not_an_input(output, document)
    _new_file(output, force)
    result = import_model_file(document, output=output, publisher=publisher or "",
                               number=(number or "").strip(), edition=(edition or "").strip(),
                               limit=max_size)
    if output is not None and str(output) != "-":
        output.parent.mkdir(parents=True, exist_ok=True)  # a new library, a new publisher
    _emit(ctx, result.yaml, output, quiet=True, exclusive=not force)
    on_stderr = output is None or str(output) == "-"
    report = render_model_import(result, chosen, _context(ctx, stderr=on_stderr),
                                 written=None if on_stderr else str(output))
    (sys.stderr if on_stderr else sys.stdout).write(report)


# --- the district policy file ------------------------------------------------------------------

@app.command()
def init(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(metavar="MODEL",
                                         help="The model to adopt, e.g. mtsba/5460.",
                                         autocompletion=complete_models)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write the district policy file "
        "(default: standard output).", show_default=False)] = None,
    district: Annotated[str | None, typer.Option(
        "--district", metavar="NAME", help="The district's name, as printed in the policy.")
    ] = None,
    forbid: Annotated[list[str] | None, typer.Option(
        "--choose", "--forbid", metavar="ID", help="An option the district chooses, by id, in "
        "any of the model's choices, or the wording of an alternative (repeatable; --forbid "
        "says the same for policies like 5460 whose choice is what to forbid).",
        show_default=False, autocompletion=complete_options)] = None,
    settings: Annotated[list[str] | None, typer.Option(
        "--set", metavar="BLANK=VALUE", help="Fill in a blank of the model, e.g. --set "
        "answer-time=\"ten (10)\" (repeatable; a blank not set takes the model's value).",
        show_default=False)] = None,
    omitted: Annotated[list[str] | None, typer.Option(
        "--omit", metavar="ID", help="Leave out an optional sentence or paragraph "
        "(repeatable).", show_default=False)] = None,
    kept: Annotated[list[str] | None, typer.Option(
        "--keep", metavar="ID", help="Keep an optional sentence or paragraph (repeatable).",
        show_default=False)] = None,
    forbid_all: Annotated[bool, typer.Option(
        "--all", "--forbid-all", help="Choose every option of every choice.")] = False,
    forbid_none: Annotated[bool, typer.Option(
        "--none", "--forbid-none", help="Choose no option in any choice.")] = False,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i", help="Ask about each bullet, showing its full text.")] = False,
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite an existing output file.")] = False,
    library: LibraryOption = None,
) -> None:
    """Start a district policy file from a model.

    Without --choose (or --forbid), --all, --none or --interactive the file lists the options
    as comments and every choice stays open; render refuses it until the district chooses.
    Blanks, alternatives and optional text the flags leave alone take the model's
    recommendation; one the model makes none for stays open.

    Example: boardpolicy init mtsba/5460 -o district.yaml --district "Glacier SD" --forbid-all
    """
    from .roundtrip import decide, new_district

    if interactive and (settings or omitted or kept):
        raise InputError("--interactive asks every decision; leave out --set, --omit and "
                         "--keep")
    _new_file(output, force)
    policy = _library(library).get(model)
    # --choose names bullets or an alternative's wording; only bullets clash with --all/--none
    wordings = [i for i in forbid or [] if i in policy.wording_ids()]
    bullets = [i for i in forbid or [] if i not in wordings]
    if sum([bool(bullets), forbid_all, forbid_none, interactive]) > 1 or \
            (interactive and wordings):
        raise InputError("choose the options one way only: --choose (or --forbid), --all, "
                         "--none or --interactive")
    decided = decide(policy, settings or [], omitted or [], kept or [])
    if interactive:
        district, chosen, decided = _ask(ctx, policy, district)
    elif not district:
        raise InputError("give the district's name with --district NAME (or use --interactive)")
    elif forbid_all or forbid_none:
        every = tuple(o.id for c in policy.choices for o in c.options) if forbid_all else ()
        chosen = (*every, *wordings)
    elif forbid:
        chosen = tuple(forbid)
    else:
        chosen = None
    try:
        text, open_choice = new_district(policy, model, district, chosen, decided=decided,
                                         bullets_closed=forbid_all or forbid_none)
    except InputError as exc:
        raise InputError(f"--choose: {exc.message}") from None
    _check_new_district(text, policy)
    _emit(ctx, text, output, exclusive=not force)
    _left_open(policy, output, open_choice)
    if output is not None:
        _next_steps(policy, output, open_choice)


def _ask(ctx: typer.Context, policy: "ModelPolicy", district: str | None
         ) -> tuple[str, tuple[str, ...] | None, "Decided"]:
    """init --interactive: the district's name, its choices and its other decisions."""
    from .prompts import NoAnswers, ask_choices, ask_decisions

    term = _env(ctx).terminal
    try:
        name, chosen = ask_choices(policy, district, color=term.color(stderr=True))
        wordings, decided = ask_decisions(policy, color=term.color(stderr=True))
    except NoAnswers:
        raise InputError("--interactive needs answers on standard input, which ended"
                         ) from None
    return name, (*chosen, *wordings) if policy.choices or wordings else None, decided


def _left_open(policy: "ModelPolicy", output: Path | None, open_choice: list[str]) -> None:
    """A warning for each decision other than bullets left open (the model recommends
    nothing): render refuses the file until the district makes it, so init says so and
    how, whether the file went to -o or to standard output."""
    from .decisions import DecisionKind
    from .model_policy import decision_kind

    where = output or "the file"
    for ident in open_choice:
        decision = policy.decision(ident)
        if decision is None or policy.block(ident) in policy.choices:
            continue  # bullets: the next step says where to list them
        match decision_kind(decision):
            case DecisionKind.OPTIONAL:
                how = f"write keep or omit under 'optional:', or give --keep {ident} or " \
                      f"--omit {ident}"
            case DecisionKind.ALTERNATIVE:
                ids = [w for w, a in policy.wording_ids().items() if a.id == ident]
                how = "write one wording under 'choices:', or give " + \
                      " or ".join(f"--choose {w}" for w in ids)
            case _:
                how = f"fill it in under 'blanks:', or give --set {ident}=VALUE"
        _note(f"boardpolicy: warning: '{ident}' is left open (the model recommends nothing); "
              f"render refuses {where} until the district decides it: {how}")


def _next_steps(policy: "ModelPolicy", output: Path, open_choice: list[str]) -> None:
    """What the clerk does next with a new file: decide what is open, then render (with the
    library folder the model came from, so the command works as printed)."""
    from .library import library_flag

    flag = library_flag(policy)
    render = f"boardpolicy render {output}{flag} -o policy.docx"
    bullets = [cid for cid in open_choice if policy.block(cid) in policy.choices]
    others = [ident for ident in open_choice if ident not in bullets]
    if bullets:
        where = ", ".join(f"'choices: {cid}:'" for cid in bullets)
        _note(f"next: list the options the district chooses under {where} in {output} (the "
              f"model asks the district to choose), then run: {render}")
    if others:
        _note(f"next: decide {', '.join(repr(i) for i in others)} in {output} (the model "
              f"recommends nothing; `boardpolicy show {policy.name}{flag}` lists each), then "
              f"run: {render}")
    if not open_choice:
        _note(f"next: {render}")


@app.command(short_help="Check district policy files; every mistake.")
def validate(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help="District policy files to check (- reads standard input).")],
    library: LibraryOption = None,
) -> None:
    """Check district policy files against their model, naming every mistake with its file,
    line and field.

    Example: boardpolicy validate examples/*/*.yaml
    """
    from .district import load_district

    lib = _library(library)
    failed = 0
    for name in files:
        try:
            district, model = load_district(name, lib)
        except BoardPolicyError as exc:
            for line in _lines(exc):
                _note(f"boardpolicy: {line}")
            failed += 1
            continue
        chosen = sum(len(v) for v in district.adopted_options().values())
        total = sum(len(c.options) for c in model.choices)
        options = f"{chosen} of {count(total, 'option')} chosen; " if total else ""
        _say(f"{name}: ok ({model.ref}; {options}{count(len(district.edits), 'local edit')})")
    if failed:
        raise typer.Exit(ExitStatus.BAD_INPUT)


# --- one policy --------------------------------------------------------------------------------

@app.command(short_help="Render a policy to DOCX, HTML, Markdown or text.")
def render(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", help="A district policy file, a model reference (the model as "
        f"published), or a document ({suffix_names()}; - for standard input).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="The file to write; its extension picks the "
        "format (default: text on standard output).", show_default=False)] = None,
    fmt: Annotated[str | None, _format_option(
        PolicyFormat, None, "The format (default: from -o's extension)")] = None,
    changes: ChangesOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    library: LibraryOption = None,
) -> None:
    """Render an adopted policy (or any document boardpolicy reads) to DOCX, HTML, Markdown or
    plain text.

    Example: boardpolicy render examples/butte/5460.yaml -o butte.docx
    """
    chosen = _choose(PolicyFormat, fmt)
    _not_an_input(output, source)
    from .inputs import load_input  # after the arguments are checked: a wrong one is quick
    from .outputs.policy import render_policy

    if chosen is None:
        chosen = PolicyFormat.from_path(output) if output is not None else PolicyFormat.TXT
        if chosen is None:
            raise OutputError("cannot tell the format from the extension; use --format "
                              "docx, html, md or txt", path=output)
    document = load_input(source, _library(library), limit=max_size,
                          changes=_changes(changes)).document
    _warn(f"{source}: {warning}" for warning in document.warnings)  # as build and check name it
    _emit(ctx, render_policy(document, chosen, _context(ctx, output)), output, binary=chosen.binary)


# --- two versions ------------------------------------------------------------------------------

@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The old version: a model reference (mtsba/5460), a district "
        f"file, a {suffix_names('/')} document, - for standard input, a manual (a folder "
        "of policies), or any file or folder at a git revision (main~5:docs/policies).")],
    new: Annotated[str, typer.Argument(metavar="NEW",
                                       help="The new version, in any of the same forms.")],
    fmt: Annotated[str, _format_option(DiffFormat, DiffFormat.TERMINAL, "How to show the "
                                       "changes (docx: a Word document with tracked changes)")
                   ] = "terminal",
    output: OutputOption = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences, 0 when there are none.")
    ] = False,
    raw: RawOption = False,
    ignore_case: Annotated[bool, typer.Option("--ignore-case", "-i",
                                              help="Upper and lower case are the same.")
                           ] = False,
    ignore_punctuation: Annotated[bool, typer.Option(
        "--ignore-punctuation", help="Punctuation marks do not count.")] = False,
    ignore_typography: Annotated[bool, typer.Option(
        "--ignore-typography", help="Curly and straight quotes, dashes, and a hyphen or a "
                                    "space between words are the same.")] = False,
    context: Annotated[int, typer.Option("--context", "-U", min=0, metavar="N",
                                         help="Unchanged blocks around each change "
                                              "(unified format).")] = 1,
    changes: ChangesOption = None,
    old_changes: Annotated[str | None, _changes_option("--old-changes", "OLD only")] = None,
    new_changes: Annotated[str | None, _changes_option("--new-changes", "NEW only")] = None,
    max_size: MaxSizeOption = MAX_SIZE,
    author: AuthorOption = "boardpolicy",
    date: DateOption = None,
    library: LibraryOption = None,
) -> None:
    """Show what changed between two versions of a policy.

    Against a model (mtsba/5460), bullets the district did not choose are reported as
    options not adopted, the model's drafting notes are not counted as the district's text,
    and the district's name in place of "School District" counts as filled in.

    What a Word redline proposes: boardpolicy diff redline.docx redline.docx --old-changes reject

    Two manuals (folders, or folders at git revisions) are compared policy by policy:
    added, removed, renumbered, changed, metadata only, unchanged.

    Example: boardpolicy diff mtsba/5460 examples/butte/5460.yaml --format html -o changes.html
    """
    chosen = _choose(DiffFormat, fmt)
    _not_an_input(output, old, new)
    when = _stamp(author, date)
    from .diff import DiffOptions  # after the arguments are checked: a wrong one is quick
    from .inputs import both_manuals, compare_inputs
    from .outputs.diff import render_diff

    options = DiffOptions(ignore_case=ignore_case, ignore_punctuation=ignore_punctuation,
                          ignore_typography=ignore_typography, model_aware=not raw)
    settings = _context(ctx, output, author=author, when=when, context_lines=context)
    if chosen is DiffFormat.SIDE_BY_SIDE and \
            not (output is None and _env(ctx).terminal.stdout_tty):
        settings = replace(settings, width=_piped_columns())
    if both_manuals(old, new):
        manual_diff = _diff_manuals(ctx, old, new, library, options)
        from .outputs.manual_diff import render_manual_diff

        _emit(ctx, render_manual_diff(manual_diff, chosen, settings), output,
              binary=chosen.binary)
        if exit_code and manual_diff.has_differences:
            raise typer.Exit(ExitStatus.DIFFERENCES)
        return
    both = _changes(changes)
    result = compare_inputs(old, new, _library(library), options, limit=max_size,
                            old_changes=_changes(old_changes, "--old-changes") if old_changes
                            else both,
                            new_changes=_changes(new_changes, "--new-changes") if new_changes
                            else both)
    if output is not None or chosen in (DiffFormat.DOCX, DiffFormat.JSON):
        _warn(result.diff.warnings)  # the other formats on the screen show them already
    _emit(ctx, render_diff(result.diff, chosen, settings, new=result.new), output,
          binary=chosen.binary)
    if exit_code and result.diff.has_differences:
        raise typer.Exit(ExitStatus.DIFFERENCES)


@app.command(short_help="Make a first-reading packet for the board.")
def packet(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The version the board adopted (or the model); or the manual "
                            "as adopted, a folder or a folder at a git revision "
                            "(v2025-01:docs/policies).")],
    new: Annotated[str, typer.Argument(metavar="NEW",
                                       help="The version for first reading.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="packet.docx or packet.html.",
        show_default=False)],
    author: AuthorOption = "boardpolicy",
    date: DateOption = None,
    raw: RawOption = False,
    changes: ChangesOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    library: LibraryOption = None,
) -> None:
    """Make a first-reading packet: a cover page with a plain-language summary of the
    changes, the redline with tracked changes, and a clean copy of the new text. On two
    manuals: a cover listing every policy added, removed, renumbered or changed, then each
    changed policy's changes, redline and clean copy; metadata-only changes at the end.

    Example: boardpolicy packet mtsba/5460 examples/butte/5460.yaml -o packet.docx
    """
    from .diff import DiffOptions
    from .inputs import compare_inputs
    from .outputs.packet import PacketFormat, render_packet

    fmt = PacketFormat.from_path(output)
    if fmt is None:
        raise OutputError("a packet is written as .docx or .html", path=output)
    _not_an_input(output, old, new)
    when = _stamp(author, date)
    from .inputs import both_manuals

    if both_manuals(old, new):
        from .outputs.packet import render_manual_packet

        manual_diff = _diff_manuals(ctx, old, new, library, DiffOptions(model_aware=not raw))
        _emit(ctx, render_manual_packet(manual_diff, fmt, _context(ctx, output, author=author,
                                                                   when=when)),
              output, binary=fmt.binary)
        return
    result = compare_inputs(old, new, _library(library), DiffOptions(model_aware=not raw),
                            limit=max_size, old_changes=_changes(changes),
                            new_changes=_changes(changes))
    _warn(result.diff.warnings)
    settings = _context(ctx, output, author=author, when=when)
    _emit(ctx, render_packet(result.diff, result.new, fmt, settings), output,
          binary=fmt.binary)


def _diff_manuals(ctx: typer.Context, old: str, new: str, library: list[Path] | None,
                  options):
    """Two manuals compared, with a progress bar while their files are read; the files
    left out of the comparison named on stderr."""
    from .manual_diff import diff_manuals

    update, stop = _progress(ctx, "reading")
    try:
        result = diff_manuals(old, new, _library(library), options, progress=update)
    finally:
        stop()
    _warn(result.warnings)
    return result


# --- import ------------------------------------------------------------------------------------

@app.command("import", short_help="Import an adopted policy as a district file.")
def import_(
    ctx: typer.Context,
    adopted: Annotated[str, typer.Argument(
        metavar="DOCUMENT", help=f"The district's adopted policy: {suffix_names(last=' or ')}, "
                                 "or - for standard input.")],
    model: Annotated[str, typer.Option(
        "--model", "-m", metavar="MODEL", help="The model it adopts, e.g. mtsba/5460 (every "
                                               "edition is tried).",
        autocompletion=complete_models)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="The district policy file to write (default: "
        "standard output, with the report on stderr).", show_default=False)] = None,
    district: Annotated[str | None, typer.Option(
        "--district", metavar="NAME", help="The district's name, when the document does not "
        "print it (its header, its text or its web page's title).", show_default=False)
    ] = None,
    fmt: Annotated[str, _format_option(ReportFormat, ReportFormat.TEXT, "The report (see the "
                                       "README)")] = "text",
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing output file; import a document even when it "
                        "looks like another policy.")] = False,
    changes: ChangesOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    library: LibraryOption = None,
) -> None:
    """Import a district's adopted policy: work out its edition, choices and local edits, and
    write the district policy file that reproduces it.

    Example: boardpolicy import adopted-5460.html --model mtsba/5460 -o district.yaml
    """
    from .infer import NotThisPolicy, district_file, infer
    from .inputs import load_input
    from .outputs.report import render_report

    chosen = _choose(ReportFormat, fmt)
    _not_an_input(output, adopted)
    _new_file(output, force)
    lib = _library(library)
    loaded = load_input(adopted, lib, limit=max_size, changes=_changes(changes))
    document = loaded.document
    if district is not None and district.strip():
        document = replace(document, district=" ".join(district.split()))
    try:
        result = infer(document, lib, model, force=force)
    except NotThisPolicy as exc:
        raise NotThisPolicy(f"{exc.message}; use --force to import it anyway",
                            path=exc.path) from None
    except InputError as exc:
        if exc.path:
            raise
        raise InputError(f"--model: {exc.message}") from None
    if not result.district.district:
        raise InputError("the district's name is not in it (not in its header, its text or "
                         "its page title); give it with --district NAME", path=loaded.name)
    result = replace(result, warnings=(*loaded.document.warnings, *result.warnings))
    _emit(ctx, district_file(result, lib, loaded.name), output, quiet=True,  # the report says it
          exclusive=not force)
    # the report goes where the district file does not: stdout when it went to a file
    on_stderr = output is None
    report = render_report(result, chosen, _context(ctx, stderr=on_stderr), name=loaded.name,
                           written=str(output) if output is not None else None)
    (sys.stderr if on_stderr else sys.stdout).write(report)


@app.command(short_help="Move district files, or a whole manual, to new model editions.")
def upgrade(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help="The district policy file to move; or several, or a manual's "
                             "folder, to apply a release.")],
    to: Annotated[str | None, typer.Option(
        "--to", metavar="MODEL@EDITION", help="The edition to move to (default: the model's "
                                              "default edition).", show_default=False,
        autocompletion=complete_models)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE|FOLDER", help="The new district policy file "
        "(default: standard output, with the report on stderr); for a release, a new "
        "folder for the manual.", show_default=False)] = None,
    in_place: Annotated[bool, typer.Option(
        "--in-place", help="A release: rewrite the manual's files themselves (all or "
                           "none).")] = False,
    resolve: Annotated[str | None, typer.Option(
        "--resolve", metavar="district|model", help="Settle every conflict: keep the "
        "district's side, or take the new edition's.", show_default=False,
        autocompletion=lambda: ["district", "model"])] = None,
    fmt: Annotated[str, _format_option(UpgradeFormat, UpgradeFormat.TEXT, "The report (see "
                                       "the README)")] = "text",
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite an existing output file.")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="A release: files upgraded at once "
                                                 "(default: the machine's cores).",
        show_default=False)] = None,
    library: LibraryOption = None,
) -> None:
    """Move a district policy file to a new edition of its model, keeping the district's own
    edits (a three-way merge by block id). Blocks both changed are conflicts: exit 1, and
    the file holds them until the clerk settles them. Given a manual (a folder, or several
    files), apply a release: every policy moves to its model's default edition, with one
    coded line each (take, decide, conflict, current, withdrawn, missing).

    Example: boardpolicy upgrade docs/examples/cut-bank-5460-2012.yaml -o cut-bank.yaml
    """
    from .upgrade import Resolve

    chosen = _choose(UpgradeFormat, fmt)
    settle = _choose(Resolve, resolve, "--resolve")
    if len(files) > 1 or in_place or Path(files[0]).is_dir():
        if to is not None:
            raise InputError("--to moves one file; a release moves each policy to its "
                             "model's default edition")
        _release(ctx, files, output, in_place, settle, chosen, jobs, library)
        return
    _upgrade_one(ctx, files[0], to, output, settle, chosen, force, library)


def _upgrade_one(ctx: typer.Context, file: str, to: str | None, output: Path | None,
                 settle: "Resolve | None", chosen: UpgradeFormat, force: bool,
                 library: list[Path] | None) -> None:
    """`upgrade FILE`: one district file, its report."""
    from .outputs.upgrade import render_upgrade
    from .upgrade import TargetError, upgrade_file

    _not_an_input(output, file)
    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    try:
        result = upgrade_file(file, _library(library), to, resolve=settle)
    except TargetError as exc:
        raise InputError(f"--to: {exc.message}", path=exc.path) from None
    if result.merge is None:
        _note(f"{file} already follows {result.target}: nothing to do")
        return
    _emit(ctx, result.text, output, quiet=True,  # the report says "wrote FILE"
          exclusive=not force)
    on_stderr = output is None
    report = render_upgrade(result.merge, chosen, _context(ctx, stderr=on_stderr), name=file,
                            written=str(output) if output is not None else None)
    (sys.stderr if on_stderr else sys.stdout).write(report)
    if result.merge.open_conflicts or result.merge.still_open:  # not yet a file render takes
        raise typer.Exit(ExitStatus.DIFFERENCES)


def _release(ctx: typer.Context, files: list[str], output: Path | None, in_place: bool,
             settle: "Resolve | None", chosen: UpgradeFormat, jobs: int | None,
             library: list[Path] | None) -> None:
    """`upgrade MANUAL`: a release applied to a manual; the report on stdout."""
    from .outputs.upgrade import render_release
    from .release import find_sources, upgrade_manual, write_in_place, write_to

    if output is not None and in_place:
        raise InputError("-o writes a new folder and --in-place rewrites the manual: "
                         "choose one")
    sources = find_sources(files)
    update, stop = _progress(ctx, "upgrading")
    try:
        release = upgrade_manual(sources, _library(library), resolve=settle, jobs=jobs,
                                 progress=update)
    finally:
        stop()
    if not release.failures and output is not None:
        release = write_to(release, sources, output)
    elif not release.failures and in_place:
        release = write_in_place(release, sources)
    sys.stdout.write(render_release(release, chosen, _context(ctx)))
    if release.failures:
        raise typer.Exit(ExitStatus.BAD_INPUT)
    if any(line.conflicts for line in release.lines):
        raise typer.Exit(ExitStatus.DIFFERENCES)


# --- many policies -----------------------------------------------------------------------------

def _progress(ctx: typer.Context, label: str):
    """A progress bar on stderr when it is a terminal; nothing when piped."""
    if not _env(ctx).terminal.stderr_tty:
        return None, lambda: None
    from .outputs.progress import progress_bar

    return progress_bar(label, sys.stderr)


@app.command(short_help="Render a whole manual to a website.")
def build(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(
        metavar="FOLDER", help="The manual: a folder of policies (district files and "
                               f"documents: {suffix_names()}), its sub-folders its sections.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER",
                                         help="The site folder to write.",
                                         show_default=False)],
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing: exit 1 naming every output that is missing or out "
                        "of date (for CI).")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Policies rendered at once (default: the "
                                                 "machine's cores).", show_default=False)
    ] = None,
    library: LibraryOption = None,
) -> None:
    """Render a policy manual to a website: each policy's HTML and DOCX, its references to
    the manual's other policies as links, an index.html by section and number, and a search
    box that works offline; a folder that holds one folder per district gets one manual per
    district. The previous site is replaced only when the new one is complete.

    Example: boardpolicy build examples -o site
    """
    from .build import build as build_site

    lib = _library(library)
    update, stop = _progress(ctx, "rendering")
    try:
        result = build_site(folder, output, lib, check=check, jobs=jobs,
                            progress=update, context=_context(ctx, output))
    finally:
        stop()
    for failure in result.failures:
        _note(f"boardpolicy: {failure.error}")
    for note in result.note_lines(str(folder)):
        _note(f"boardpolicy: note: {note}")
    if check:
        for line in result.stale:
            _say(line)
        _say(f"{result.pages_built()}: " +
             ("the site is up to date" if not result.stale else
              f"{count(len(result.stale), 'output')} missing or out of date"))
    elif not result.failures:
        _say(f"wrote {output}: {result.pages_built()}, {count(result.files, 'file')}")
    if result.failures:
        _note(f"boardpolicy: {len(result.failures)} of "
              f"{count(len(result.failures) + len(result.policies), 'policy file')} failed"
              + ("" if check else f"; {output} was left as it was"))
        raise typer.Exit(ExitStatus.BAD_INPUT)
    if check and result.stale:
        raise typer.Exit(ExitStatus.DIFFERENCES)


@app.command(short_help="Audit a manual: references, numbers, dates, editions.")
def check(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(
        metavar="MANUAL", help="The manual: a folder of policies (district files and "
                               f"documents: {suffix_names()}), its sub-folders its sections.")],
    review_every: Annotated[int | None, typer.Option(
        "--review-every", min=1, max=100, metavar="YEARS",
        help="Find policies not adopted, revised or reviewed in the last YEARS years.",
        show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Judge dates as on DATE (YYYY-MM-DD), for a "
                                        "reproducible run. [default: today]",
        show_default=False)] = None,
    fmt: Annotated[str, _format_option(CheckFormat, CheckFormat.TEXT, "The findings")
                   ] = "text",
    output: OutputOption = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Files read at once (default: the "
                                                 "machine's cores).", show_default=False)
    ] = None,
    library: LibraryOption = None,
) -> None:
    """Audit a manual: cross references to policies it lacks, numbers two files claim,
    reviews overdue, dates that are not real or lie in the future, policies with no date,
    district files on an old model edition, files that cannot be read. Exit 1 when there
    are findings, 0 when there are none.

    Example: boardpolicy check examples/butte --review-every 5 --as-of 2025-07-01
    """
    from .check import check_folder
    from .outputs.check import render_check

    chosen = _choose(CheckFormat, fmt)
    lib = _library(library)
    update, stop = _progress(ctx, "checking")
    try:
        report = check_folder(folder, lib, as_of=_as_of(as_of), review_every=review_every,
                              jobs=jobs, progress=update)
    finally:
        stop()
    _emit(ctx, render_check(report, chosen, _context(ctx, output)), output)
    if report.findings:
        raise typer.Exit(ExitStatus.DIFFERENCES)


def _as_of(value: str | None):
    """--as-of as a date (the forms district files take); today when not given."""
    from datetime import date

    from .dates import parse_date

    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}") from None


@app.command(short_help="Compare many districts with one model.")
def compare(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help=f"District policy files or adopted documents ({suffix_names()}).")],
    model: Annotated[str, typer.Option("--model", "-m", metavar="MODEL",
                                       help="The model to compare with, e.g. mtsba/5460.",
                                       autocompletion=complete_models)],
    fmt: Annotated[str, _format_option(CompareFormat, CompareFormat.TABLE, "The result")
                   ] = "table",
    output: OutputOption = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Documents read at once (default: the "
                                                 "machine's cores).", show_default=False)
    ] = None,
    changes: ChangesOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    library: LibraryOption = None,
) -> None:
    """Compare many districts with one model: the edition each follows, the options it
    forbids, its similarity to the model and its number of local edits, one row each.

    Example: boardpolicy compare -m mtsba/5460 examples/*/5460.yaml -f html -o compare.html
    """
    from .compare import compare as compare_all
    from .outputs.compare import render_compare

    chosen = _choose(CompareFormat, fmt)
    _not_an_input(output, *files)
    lib = _library(library)
    update, stop = _progress(ctx, "comparing")
    try:
        matrix = compare_all(files, lib, model, jobs=jobs, progress=update,
                             limit=max_size, changes=_changes(changes))
    finally:
        stop()
    for row in matrix.rows:
        if row.error:
            _note(f"boardpolicy: {row.error}")
    _emit(ctx, render_compare(matrix, chosen, _context(ctx, output)), output)
    if any(row.error for row in matrix.rows):
        raise typer.Exit(ExitStatus.BAD_INPUT)


# --- the entry point ---------------------------------------------------------------------------

def _with_flags(exc: BoardPolicyError) -> str:
    """One mistake, with the flag that answers it where the library cannot name it."""
    if isinstance(exc, InputTooLarge):
        return f"{exc} (raise it with --max-size)"
    if isinstance(exc, NoChoiceMade) and exc.fresh:
        return f"{exc}, or run `boardpolicy init {exc.model} --interactive`"
    return str(exc)


def _lines(exc: BoardPolicyError) -> list[str]:
    """Every mistake of the error, one line each (`validate`)."""
    return [_with_flags(e) for e in exc.errors] if isinstance(exc, Problems) \
        else [_with_flags(exc)]


def _message(exc: BoardPolicyError) -> list[str]:
    """The error's line, with the flag that changes it where the library cannot know it."""
    if isinstance(exc, Problems):
        first = _with_flags(exc.errors[0])
        more = len(exc.errors) - 1
        return [f"{first} (and {more} more mistake{'s' * (more > 1)}); "
                f"`boardpolicy validate {exc.path}` lists them all"]
    return [_with_flags(exc)]


def _click_errors() -> tuple[type[Exception], type[Exception]]:
    """Click's usage error (a missing argument, an unknown option, a value of the wrong
    type: the base class of them all) and its `boardpolicy`-alone error, from the copy of
    Click that Typer runs: its own (typer._click) in recent Typer, else Click itself."""
    import importlib

    try:
        module = importlib.import_module("typer._click.exceptions")
    except ImportError:
        module = importlib.import_module("click.exceptions")
    return module.UsageError, module.NoArgsIsHelpError


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwound like Ctrl-C, so that a temporary file being written is
    removed (`write_atomic`'s clean-up) instead of left behind."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_MAIN_PID = os.getpid()


def _terminate(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:  # a build worker: die as the signal says
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _SIGNALLED.append(signum)
    raise Terminated(signum)


_SIGNALLED: list[int] = []  # Click answers an interrupt with 130 or Abort: the signal is here


def _interrupted() -> int:
    """The line and exit status of a run stopped by Ctrl-C (130) or by a signal (128 + it)."""
    if _SIGNALLED:
        signum = _SIGNALLED.pop()
        print(f"boardpolicy: stopped by signal {signum}", file=sys.stderr)
        return 128 + signum
    print("boardpolicy: interrupted", file=sys.stderr)
    return 130


@contextlib.contextmanager
def _terminations():
    """SIGTERM and SIGHUP raise `Terminated` while a command runs (main thread only)."""
    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {}
    try:
        for signum in wanted:
            previous[signum] = signal.signal(signum, _terminate)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _refuse_folder_outputs(args: list[str]) -> None:
    """`-o newdir/` or `-o x.html/` names a folder: refused before anything is written
    (the path's trailing slash is lost once parsed, and `newdir` would be a file). Build's
    -o is a folder and keeps it."""
    if "build" in args:
        return
    for i, arg in enumerate(args):
        value = args[i + 1] if arg in ("-o", "--output") and i + 1 < len(args) else \
            arg.split("=", 1)[1] if arg.startswith("--output=") else None
        if value and value != "-" and value.endswith(("/", os.sep)):
            raise OutputError("ends in '/', so it names a folder; give the file to write, "
                              "e.g. -o FOLDER/NAME", path=value)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    with _terminations():
        return _main_run(args)


def _main_run(args: list[str]) -> int:
    debug = "--debug" in args or os.environ.get("BOARDPOLICY_DEBUG") == "1"
    try:
        _refuse_folder_outputs(args)
        code = app(args=args, prog_name="boardpolicy", standalone_mode=False)
        if code == 130:  # Typer's silent answer to Ctrl-C inside a command
            return _interrupted()
        return code if isinstance(code, int) else ExitStatus.OK  # --help, typer.Exit
    except SystemExit as exc:  # completion scripts end this way
        return exc.code if isinstance(exc.code, int) else ExitStatus.OK
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return _interrupted()
    except BoardPolicyError as exc:
        if debug:
            raise
        for line in _message(exc):
            _note(f"boardpolicy: {line}")
        return ExitStatus.BAD_INPUT
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM/SIGHUP (Terminated)
        return _interrupted()
    except OSError as exc:  # the OS refusing a name (too long, EOVERFLOW): still one line
        if debug:
            raise
        name = f"{exc.filename}: " if exc.filename is not None else ""
        _note(f"boardpolicy: {name}{exc.strerror or exc}")
        return ExitStatus.BAD_INPUT
    except Exception as exc:  # a usage error; else a bug: still one line, unless --debug
        usage_error, no_args = _click_errors()
        if isinstance(exc, no_args):  # `boardpolicy` alone: the help
            print(exc.format_message())  # type: ignore[attr-defined]
            return ExitStatus.OK
        if isinstance(exc, usage_error):
            ctx = getattr(exc, "ctx", None)
            command = getattr(ctx, "command_path", "") or "boardpolicy"
            print(f"boardpolicy: {exc.format_message()} (see `{command} --help`)",  # type: ignore[attr-defined]
                  file=sys.stderr)
            return ExitStatus.BAD_INPUT
        if debug:
            raise
        _note(f"boardpolicy: internal error: {type(exc).__name__}: {exc} "
              "(run with --debug for the traceback)")
        return ExitStatus.BAD_INPUT


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
