"""The command line: a thin Typer layer. Each command parses its arguments, calls one library
function, and emits the result through the outputs layer.

Every library error becomes one line on stderr and exit status 2; tracebacks only with --debug.
The terminal is asked about once (`Terminal`), and what renderers need of it goes to them in a
Context. Heavy libraries are imported inside the commands that need them, so `--help` starts
fast.
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations on
# every run, and as strings it must eval each one (about 9 ms of `--help`).

import os
import sys
from dataclasses import dataclass
from datetime import UTC
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__
from .errors import BoardPolicyError, ExitStatus, InputError, InputTooLarge, OutputError, Problems
from .outputs.compare import CompareFormat
from .outputs.diff import DiffFormat
from .outputs.policy import PolicyFormat
from .outputs.report import ReportFormat
from .outputs.upgrade import UpgradeFormat
from .readers import MAX_INPUT_BYTES, suffix_names
from .readers.changes import TrackedChanges

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
    if shown is None:
        return

    def display_type_rich(self, ctx):
        return None if self.metavar else shown(self, ctx)

    argument.display_type_rich = display_type_rich


_placeholders_only()


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


def _terminal() -> Terminal:
    return Terminal.detect()


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
MaxSizeOption = Annotated[int, typer.Option(
    "--max-size", metavar="BYTES", help="Refuse inputs larger than this many bytes.")]
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


def _format_option(enum: type[Enum], default: Enum | None, what: str):
    """A --format option taken as text and checked by `_choose`, so that a wrong value is one
    plain line and the help lists the formats in words."""
    names = ", ".join(str(m.value) for m in enum)
    return typer.Option("--format", "-f", metavar="FORMAT",
                        help=f"{what}: {names}." + (f" [default: {default.value}]"
                                                   if default is not None else ""),
                        show_default=False,
                        autocompletion=lambda: [str(m.value) for m in enum])


def _choose(enum: type[E], value: str | None, flag: str = "--format") -> E | None:
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
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else None


def _context(ctx: typer.Context, output: Path | None = None, *, stderr: bool = False,
             author: str = "boardpolicy", when=None, context_lines: int = 1):
    """The renderers' settings for this run: colour and width only when the result goes to
    a terminal."""
    from .outputs import Context

    term = _terminal()
    to_screen = output is None or str(output) == "-"
    return Context(author=author, when=when, source_date=_source_date(),
                   color=to_screen and term.color(stderr),
                   width=term.columns(stderr) if to_screen else 400,
                   templates=(ctx.obj or {}).get("templates"), context_lines=context_lines)


def _emit(data: str | bytes, output: Path | None, *, binary: bool = False) -> None:
    from .outputs import emit

    written = emit(data, output, stdout=sys.stdout.buffer, binary=binary,
                   to_terminal=_terminal().stdout_tty)
    if written is not None:
        _note(f"wrote {written}")


def _not_an_input(output: Path | None, *inputs: str) -> None:
    """Refuse, before reading anything, an output that is one of the inputs."""
    from .outputs.emit import refuse_inputs

    if output is not None:
        refuse_inputs(output, inputs)


def _note(text: str) -> None:
    """A plain line on stderr ("wrote FILE"): no need to load rich for it."""
    print(text, file=sys.stderr)


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
    ctx.obj = {"templates": templates.resolve() if templates else None}


# --- the model library -------------------------------------------------------------------------

@app.command()
def models(ctx: typer.Context, library: LibraryOption = None) -> None:
    """List the model policies and their editions.

    Example: boardpolicy models
    """
    from .outputs.library import render_models

    _emit(render_models(_library(library).models(), _context(ctx)), None)


@app.command(short_help="Show a model's blocks, options and notes.")
def show(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(metavar="MODEL", help="A model reference, e.g. "
                                         "mtsba/5460 or mtsba/5460@2012.")],
    library: LibraryOption = None,
) -> None:
    """Show a model policy with its block ids, choices and drafting notes.

    Example: boardpolicy show mtsba/5460
    """
    from .outputs.library import render_model

    _emit(render_model(_library(library).get(model), _context(ctx)), None)


# --- the district policy file ------------------------------------------------------------------

@app.command()
def init(
    model: Annotated[str, typer.Argument(metavar="MODEL",
                                         help="The model to adopt, e.g. mtsba/5460.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write the district policy file "
        "(default: standard output).", show_default=False)] = None,
    district: Annotated[str | None, typer.Option(
        "--district", metavar="NAME", help="The district's name, as printed in the policy.")
    ] = None,
    forbid: Annotated[list[str] | None, typer.Option(
        "--choose", "--forbid", metavar="ID", help="An option the district chooses, by id, in "
        "any of the model's choices (repeatable; --forbid says the same for policies like "
        "5460 whose choice is what to forbid).", show_default=False)] = None,
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

    Example: boardpolicy init mtsba/5460 -o district.yaml --district "Glacier SD" --forbid-all
    """
    from .district import new_district

    if sum([bool(forbid), forbid_all, forbid_none, interactive]) > 1:
        raise InputError("choose the options one way only: --choose (or --forbid), --all, "
                         "--none or --interactive")
    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    policy = _library(library).get(model)
    chosen: tuple[str, ...] | None = None
    if interactive:
        from .prompts import ask_choices

        term = _terminal()
        district, chosen = ask_choices(policy, district, color=not term.no_color,
                                       wrap=term.stdout_tty)
    elif not district:
        raise InputError("give the district's name with --district NAME (or use --interactive)")
    elif forbid:
        chosen = tuple(forbid)
    elif forbid_all or forbid_none:
        chosen = tuple(o.id for c in policy.choices for o in c.options) if forbid_all else ()
    try:
        text, open_choice = new_district(policy, model, district, chosen)
    except InputError as exc:
        raise InputError(f"--choose: {exc.message}") from None
    _emit(text, output)
    if output is None:
        return
    if open_choice:
        where = ", ".join(f"'choices: {cid}:'" for cid in open_choice)
        _note(f"next: list the options the district chooses under {where} in {output} (the "
              f"model asks the district to choose), then run: "
              f"boardpolicy render {output} -o policy.docx")
    else:
        _note(f"next: boardpolicy render {output} -o policy.docx")


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
            for line in exc.lines():
                _note(f"boardpolicy: {line}")
            failed += 1
            continue
        chosen = sum(len(v) for v in district.adopted_options().values())
        total = sum(len(c.options) for c in model.choices)
        print(f"{name}: ok ({model.ref}; {chosen} of {total} options chosen; "
              f"{len(district.edits)} local edits)")
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
    _warn(document.warnings)
    _emit(render_policy(document, chosen, _context(ctx, output)), output, binary=chosen.binary)


# --- two versions ------------------------------------------------------------------------------

@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The old version: a model reference (mtsba/5460), a district "
        f"file, a {suffix_names('/')} document, or - for standard input.")],
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

    Example: boardpolicy diff mtsba/5460 examples/butte/5460.yaml --format html -o changes.html
    """
    chosen = _choose(DiffFormat, fmt)
    _not_an_input(output, old, new)
    when = _stamp(author, date)
    from .diff import DiffOptions  # after the arguments are checked: a wrong one is quick
    from .inputs import compare_inputs
    from .outputs.diff import render_diff

    options = DiffOptions(ignore_case=ignore_case, ignore_punctuation=ignore_punctuation,
                          ignore_typography=ignore_typography, model_aware=not raw)
    both = _changes(changes)
    result = compare_inputs(old, new, _library(library), options, limit=max_size,
                            old_changes=_changes(old_changes, "--old-changes") if old_changes
                            else both,
                            new_changes=_changes(new_changes, "--new-changes") if new_changes
                            else both)
    if output is not None or chosen in (DiffFormat.DOCX, DiffFormat.JSON):
        _warn(result.diff.warnings)  # the other formats on the screen show them already
    settings = _context(ctx, output, author=author, when=when, context_lines=context)
    _emit(render_diff(result.diff, chosen, settings, new=result.new), output,
          binary=chosen.binary)
    if exit_code and result.diff.has_differences:
        raise typer.Exit(ExitStatus.DIFFERENCES)


@app.command(short_help="Make a first-reading packet for the board.")
def packet(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The version the board adopted (or the model).")],
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
    changes, the redline with tracked changes, and a clean copy of the new text.

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
    result = compare_inputs(old, new, _library(library), DiffOptions(model_aware=not raw),
                            limit=max_size, old_changes=_changes(changes),
                            new_changes=_changes(changes))
    _warn(result.diff.warnings)
    settings = _context(ctx, output, author=author, when=when)
    _emit(render_packet(result.diff, result.new, fmt, settings), output,
          binary=fmt.binary)


# --- import ------------------------------------------------------------------------------------

@app.command("import", short_help="Import an adopted policy as a district file.")
def import_(
    ctx: typer.Context,
    adopted: Annotated[str, typer.Argument(
        metavar="DOCUMENT", help=f"The district's adopted policy: {suffix_names(last=' or ')}, "
                                 "or - for standard input.")],
    model: Annotated[str, typer.Option(
        "--model", "-m", metavar="MODEL", help="The model it adopts, e.g. mtsba/5460 (every "
                                               "edition is tried).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="The district policy file to write (default: "
        "standard output, with the report on stderr).", show_default=False)] = None,
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
    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    lib = _library(library)
    loaded = load_input(adopted, lib, limit=max_size, changes=_changes(changes))
    try:
        result = infer(loaded.document, lib, model, force=force)
    except NotThisPolicy as exc:
        raise NotThisPolicy(f"{exc.message}; use --force to import it anyway",
                            path=exc.path) from None
    except InputError as exc:
        if exc.path:
            raise
        raise InputError(f"--model: {exc.message}") from None
    result.warnings[:0] = list(loaded.document.warnings)
    _emit(district_file(result, lib, loaded.name), output)
    # the report goes where the district file does not: stdout when it went to a file
    on_stderr = output is None
    report = render_report(result, chosen, _context(ctx, stderr=on_stderr), name=loaded.name,
                           written=str(output) if output is not None else None)
    (sys.stderr if on_stderr else sys.stdout).write(report)


@app.command(short_help="Move a district file to a new model edition.")
def upgrade(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE",
                                        help="The district policy file to move.")],
    to: Annotated[str | None, typer.Option(
        "--to", metavar="MODEL@EDITION", help="The edition to move to (default: the model's "
                                              "default edition).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="The new district policy file (default: "
        "standard output, with the report on stderr).", show_default=False)] = None,
    resolve: Annotated[str | None, typer.Option(
        "--resolve", metavar="district|model", help="Settle every conflict: keep the "
        "district's side, or take the new edition's.", show_default=False,
        autocompletion=lambda: ["district", "model"])] = None,
    fmt: Annotated[str, _format_option(UpgradeFormat, UpgradeFormat.TEXT, "The report (see "
                                       "the README)")] = "text",
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite an existing output file.")] = False,
    library: LibraryOption = None,
) -> None:
    """Move a district policy file to a new edition of its model, keeping the district's own
    edits (a three-way merge by block id). Blocks both changed are conflicts: exit 1, and
    the file holds them until the clerk settles them.

    Example: boardpolicy upgrade cut-bank-2012.yaml -o cut-bank.yaml
    """
    from .outputs.upgrade import render_upgrade
    from .upgrade import Resolve, upgrade_file

    chosen = _choose(UpgradeFormat, fmt)
    settle = _choose(Resolve, resolve, "--resolve")
    _not_an_input(output, file)
    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    result = upgrade_file(file, _library(library), to, resolve=settle)
    if result.merge is None:
        _note(f"{file} already follows {result.target}: nothing to do")
        return
    _emit(result.text, output)
    on_stderr = output is None
    report = render_upgrade(result.merge, chosen, _context(ctx, stderr=on_stderr), name=file,
                            written=str(output) if output is not None else None)
    (sys.stderr if on_stderr else sys.stdout).write(report)
    if result.merge.open_conflicts:
        raise typer.Exit(ExitStatus.DIFFERENCES)


# --- many policies -----------------------------------------------------------------------------

def _progress(label: str):
    """A progress bar on stderr when it is a terminal; nothing when piped."""
    if not _terminal().stderr_tty:
        return None, lambda: None
    from .outputs.progress import progress_bar

    return progress_bar(label, sys.stderr)


@app.command(short_help="Render a whole manual to a website.")
def build(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(
        metavar="FOLDER", help="The folder of district policy files (*.yaml, searched below "
                               "it).")],
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
    """Render a policy manual to DOCX and HTML, with an index.html by series and number; a
    folder that holds one folder per district gets one manual per district. The previous site
    is replaced only when the new one is complete.

    Example: boardpolicy build examples -o site
    """
    from .build import build as build_site

    lib = _library(library)
    update, stop = _progress("rendering")
    try:
        result = build_site(folder, output, lib.roots[:-1], check=check, jobs=jobs,
                            progress=update, context=_context(ctx, output))
    finally:
        stop()
    for failure in result.failures:
        _note(f"boardpolicy: {failure.error}")
    if check:
        for line in result.stale:
            print(line)
        print(f"{len(result.policies)} policies: " +
              ("the site is up to date" if not result.stale else
               f"{len(result.stale)} outputs missing or out of date"))
    elif not result.failures:
        print(f"wrote {output}: {len(result.policies)} policies, {result.files} files")
    if result.failures:
        _note(f"boardpolicy: {len(result.failures)} of "
              f"{len(result.failures) + len(result.policies)} policy files failed"
              + ("" if check else f"; {output} was left as it was"))
        raise typer.Exit(ExitStatus.BAD_INPUT)
    if check and result.stale:
        raise typer.Exit(ExitStatus.DIFFERENCES)


@app.command(short_help="Compare many districts with one model.")
def compare(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help=f"District policy files or adopted documents ({suffix_names()}).")],
    model: Annotated[str, typer.Option("--model", "-m", metavar="MODEL",
                                       help="The model to compare with, e.g. mtsba/5460.")],
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
    update, stop = _progress("comparing")
    try:
        matrix = compare_all(files, lib.roots[:-1], model, jobs=jobs, progress=update,
                             limit=max_size, changes=_changes(changes))
    finally:
        stop()
    for row in matrix.rows:
        if row.error:
            _note(f"boardpolicy: {row.error}")
    _emit(render_compare(matrix, chosen, _context(ctx, output)), output)
    if any(row.error for row in matrix.rows):
        raise typer.Exit(ExitStatus.BAD_INPUT)


# --- the entry point ---------------------------------------------------------------------------

def _message(exc: BoardPolicyError) -> list[str]:
    """The error's lines, with the flag that changes it where the library cannot know it."""
    if isinstance(exc, InputTooLarge):
        return [f"{exc} (raise it with --max-size)"]
    if isinstance(exc, Problems):
        return [f"{exc}; `boardpolicy validate {exc.path}` lists them all"]
    return [str(exc)]


def _usage_error(exc: Exception) -> bool:
    """Click's (or Typer's own copy of Click's) usage errors: a missing argument, an unknown
    option, a value of the wrong type."""
    return hasattr(exc, "format_message") and hasattr(exc, "exit_code") and \
        type(exc).__name__ in ("UsageError", "BadParameter", "MissingParameter", "NoSuchOption",
                               "BadOptionUsage", "BadArgumentUsage")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("BOARDPOLICY_DEBUG") == "1"
    try:
        code = app(args=args, prog_name="boardpolicy", standalone_mode=False)
        if code == 130:  # Typer's silent answer to Ctrl-C inside a command
            print("boardpolicy: interrupted", file=sys.stderr)
        return code if isinstance(code, int) else ExitStatus.OK  # --help, typer.Exit
    except SystemExit as exc:  # completion scripts end this way
        return exc.code if isinstance(exc.code, int) else ExitStatus.OK
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("boardpolicy: interrupted", file=sys.stderr)
        return 130
    except BoardPolicyError as exc:
        if debug:
            raise
        for line in _message(exc):
            print(f"boardpolicy: {line}", file=sys.stderr)
        return ExitStatus.BAD_INPUT
    except KeyboardInterrupt:
        print("boardpolicy: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a usage error; else a bug: still one line, unless --debug
        if type(exc).__name__ == "NoArgsIsHelpError":  # `boardpolicy` alone: the help
            print(exc.format_message())
            return ExitStatus.OK
        if _usage_error(exc):
            ctx = getattr(exc, "ctx", None)
            command = getattr(ctx, "command_path", "") or "boardpolicy"
            print(f"boardpolicy: {exc.format_message()} (see `{command} --help`)",
                  file=sys.stderr)
            return ExitStatus.BAD_INPUT
        if debug:
            raise
        print(f"boardpolicy: internal error: {type(exc).__name__}: {exc} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return ExitStatus.BAD_INPUT
    return ExitStatus.OK


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
