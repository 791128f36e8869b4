"""The command line: a thin Typer layer that parses arguments, calls the library, and prints.

Every library error becomes one line on stderr and exit status 2; tracebacks only with --debug.
Heavy libraries are imported inside the commands that need them, so `--help` starts fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import BoardPolicyError, ExitStatus, InputError, OutputError
from .writers import Format

app = typer.Typer(
    name="boardpolicy",
    help="Adopt, render and compare school-board model policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and usage errors: fast to start, pipe-friendly
    context_settings={"help_option_names": ["-h", "--help"]},
)

class DiffFormatOption(str, Enum):
    """Mirrors diff.formats.DiffFormat without importing the diff package at start-up."""

    TERMINAL = "terminal"
    SIDE_BY_SIDE = "side-by-side"
    UNIFIED = "unified"
    HTML = "html"
    JSON = "json"
    DOCX = "docx"


LibraryOption = Annotated[
    list[Path] | None,
    typer.Option("--library", "-L", envvar="BOARDPOLICY_LIBRARY",
                 help="A folder of your own model policies, searched before the bundled "
                      "library (repeatable; or set BOARDPOLICY_LIBRARY).",
                 show_default=False),
]


AuthorOption = Annotated[str, typer.Option(
    "--author", help="The name Word shows on every tracked change.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="The date of the tracked changes, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ "
                   "(default: SOURCE_DATE_EPOCH, else the new version's latest history date).",
    show_default=False)]


def _revision_stamp(author: str, date: str | None):
    """Check --author and --date; the date as a UTC datetime, or None for the default."""
    from datetime import datetime, timezone

    if not author.strip() or len(author) > 100 or not author.isprintable():
        raise InputError("--author must be a name of 1 to 100 printable characters")
    if date is None:
        return None
    text = date.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise InputError(f"--date: '{date}' is not a date (write YYYY-MM-DD or "
                     "YYYY-MM-DDTHH:MM:SSZ)")


def _compare(old: str, new: str, lib, options, max_size: int):
    """Load both sides and diff them; the model, when one side is one, as it reads for the
    other side's district. Also returns the new Document and what each option means."""
    from .composition import compose_model
    from .diff import diff_documents
    from .inputs import load_input

    if old == "-" and new == "-":
        raise InputError("only one of OLD and NEW can be standard input (-)")
    a, b = load_input(old, lib, limit=max_size), load_input(new, lib, limit=max_size)
    old_doc, new_doc = a.document, b.document
    if options.model_aware:
        if a.model and new_doc.district:
            old_doc = compose_model(a.model, district=new_doc.district)
        if b.model and old_doc.district:
            new_doc = compose_model(b.model, district=old_doc.district)
    result = diff_documents(old_doc, new_doc, options, old_model=a.model, new_model=b.model,
                            old_name=a.name, new_name=b.name)
    meanings = {}
    for model in (a.model, b.model, a.policy_model, b.policy_model):
        for choice in model.choices if model else ():
            meanings.update({o.id: choice.id for o in choice.options})
    return result, new_doc, meanings


def _write_output(output: Path | None, data: bytes, binary: bool) -> None:
    if output is None or str(output) == "-":
        if binary and sys.stdout.isatty():
            raise OutputError("a Word document is binary: write it to a file with -o FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from .output import write_atomic

    write_atomic(output, data)
    _note(f"wrote {output}")


def _library(paths: list[Path] | None):
    from .library import Library

    return Library(paths or [])


def _console(stderr: bool = False):
    """A rich console on the real streams: colour only on a terminal, NO_COLOR respected."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    # piped: no wrapping at 80 columns, so that each row stays one line for grep and cut
    return Console(file=stream, highlight=False, soft_wrap=not tty, width=None if tty else 400)


def _note(text: str) -> None:
    """A plain line on stderr ("wrote FILE"): no need to load rich for it."""
    print(text, file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"boardpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    templates: Annotated[Path | None, typer.Option(
        "--templates", envvar="BOARDPOLICY_TEMPLATES",
        help="A folder of your own templates (policy.html.j2, redline.html.j2, ...), used "
             "before the bundled ones.", show_default=False)] = None,
) -> None:
    """Adopt, render and compare school-board model policies.

    Example: boardpolicy render examples/butte.yaml -o butte.docx
    """
    if templates is not None:
        if not templates.is_dir():
            raise InputError("is not a folder of templates", path=templates)
        os.environ["BOARDPOLICY_TEMPLATES"] = str(templates.resolve())


@app.command()
def models(library: LibraryOption = None) -> None:
    """List the model policies and their editions.

    Example: boardpolicy models
    """
    from rich.table import Table

    lib = _library(library)
    console = _console()
    table = Table("model", "edition", "title", "publisher", box=None, pad_edge=False,
                  expand=False)
    for model in lib.models():
        edition = model.edition + (" (default)" if model.default else "")
        table.add_row(model.name, edition, model.title, model.publisher_name or model.publisher)
    console.print(table)


@app.command()
def show(
    model: Annotated[str, typer.Argument(help="A model reference, e.g. mtsba/5460 or "
                                              "mtsba/5460@2012.")],
    library: LibraryOption = None,
) -> None:
    """Show a model policy with its block ids, choices and drafting notes.

    Example: boardpolicy show mtsba/5460
    """
    from rich.text import Text

    policy = _library(library).get(model)
    console = _console()
    console.print(Text(f"{policy.ref}  {policy.number} {policy.title}", style="bold"))
    if policy.source:
        console.print(Text(policy.source, style="dim"))
    for block in policy.blocks:
        console.print()
        head = Text(f"[{block.id}] ", style="cyan")
        if block.type == "note":
            console.print(head + Text(f"drafting note: {block.text}", style="yellow"))
        elif block.type == "choice":
            console.print(head + Text(f"choice: {block.question or 'choose options'}",
                                      style="bold"))
            for option in block.options:
                console.print(Text("  ") + Text(option.id, style="green") +
                              Text(f"\n      {policy.published(option.text)}"))
        elif block.type == "references":
            console.print(head + Text(f"{block.label}:", style="bold"))
            for ref in block.references:
                console.print(Text(f"  {ref.code:6} {ref.title}"))
        elif block.type == "history":
            console.print(head + Text(f"{block.label}:", style="bold"))
            for entry in block.history:
                console.print(Text(f"  {entry.key:9} {entry.label}:"))
        else:
            console.print(head + Text(policy.published(block.text)))


@app.command()
def init(
    model: Annotated[str, typer.Argument(help="The model to adopt, e.g. mtsba/5460.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write the district policy file (default: stdout).",
        show_default=False)] = None,
    district: Annotated[str | None, typer.Option(
        "--district", help="The district's name, as printed in the policy.")] = None,
    forbid: Annotated[list[str] | None, typer.Option(
        "--forbid", help="An option id the district forbids (repeatable).",
        show_default=False)] = None,
    forbid_all: Annotated[bool, typer.Option("--forbid-all",
                                             help="Forbid every option.")] = False,
    forbid_none: Annotated[bool, typer.Option("--forbid-none",
                                              help="Forbid none of the options.")] = False,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i", help="Ask about each bullet, showing its full text.")] = False,
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite an existing output file.")] = False,
    library: LibraryOption = None,
) -> None:
    """Start a district policy file from a model.

    Without --forbid, --forbid-all, --forbid-none or --interactive the file lists the options
    as comments and the choice stays open; render refuses it until the district chooses.

    Example: boardpolicy init mtsba/5460 -o district.yaml --district "Glacier SD" --forbid-all
    """
    from .district import DistrictPolicy, dump_district
    from .yamlfile import nearest

    policy = _library(library).get(model)
    ways = sum([bool(forbid), forbid_all, forbid_none, interactive])
    if ways > 1:
        raise InputError("choose the bullets one way only: --forbid, --forbid-all, "
                         "--forbid-none or --interactive")
    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    if not policy.choices and (forbid or forbid_all or forbid_none):
        raise InputError(f"{policy.ref} has no choices to make")
    choice = policy.choices[0] if policy.choices else None
    option_ids = [o.id for o in choice.options] if choice else []
    for ident in forbid or []:
        if ident not in option_ids:
            hint = nearest(ident, option_ids)
            tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(option_ids)}"
            raise InputError(f"--forbid: unknown option id '{ident}' for {policy.name}; {tip}")

    if interactive:
        district, chosen = _ask(policy, district)
    else:
        if not district:
            raise InputError("give the district's name with --district NAME (or use "
                             "--interactive)")
        chosen = None
        if forbid:
            chosen = tuple(i for i in option_ids if i in forbid)
        elif forbid_all:
            chosen = tuple(option_ids)
        elif forbid_none:
            chosen = ()
    choices = ((choice.id, chosen),) if choice else ()
    text = dump_district(DistrictPolicy(model=model, district=district, choices=choices),
                         policy)
    if output is None:
        sys.stdout.write(text)
        return
    from .output import write_atomic

    write_atomic(output, text.encode("utf-8"))
    _note(f"wrote {output}")
    if chosen is None and choice is not None:
        _note(f"next: choose the bullets the district forbids under 'choices: {choice.id}:' "
              f"in {output} (the model says the district must choose), then run: "
              f"boardpolicy render {output} -o policy.docx")
    else:
        _note(f"next: boardpolicy render {output} -o policy.docx")


def _ask(policy, district: str | None) -> tuple[str, tuple[str, ...]]:
    """Interactive init: the district's name, then yes/no for each bullet with its full text."""
    from rich.prompt import Confirm, Prompt
    from rich.text import Text

    console = _console()
    try:
        while not district:
            district = Prompt.ask("District name (e.g. Butte School District)",
                                  console=console).strip()
        chosen = []
        for choice in policy.choices:
            note = policy.block(choice.note).text if choice.note else ""
            if note:
                console.print(Text(f"\nThe model says: {note}", style="yellow"))
            for n, option in enumerate(choice.options, 1):
                console.print(Text(f"\n{n}. ", style="bold") + Text(option.id, style="green"))
                console.print(Text(policy.published(option.text)))
                if Confirm.ask(choice.question or "Choose this option?", console=console):
                    chosen.append(option.id)
    except EOFError:
        raise InputError("--interactive needs answers on standard input, which ended") from None
    return district, tuple(chosen)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="District policy files to check.")],
    library: LibraryOption = None,
) -> None:
    """Check district policy files against their model, naming file, line and field.

    Example: boardpolicy validate examples/*.yaml
    """
    from .district import load_district

    lib = _library(library)
    out, err = _console(), _console(stderr=True)
    failed = 0
    for path in files:
        try:
            district, model = load_district(path, lib)
        except BoardPolicyError as exc:
            err.print(f"boardpolicy: {exc}", markup=False, highlight=False)
            failed += 1
            continue
        chosen = sum(len(v) for v in district.adopted_options().values())
        total = sum(len(c.options) for c in model.choices)
        out.print(f"{path}: ok ({model.ref}; {chosen} of {total} options chosen; "
                  f"{len(district.edits)} local edits)", markup=False)
    if failed:
        raise typer.Exit(ExitStatus.BAD_INPUT)


@app.command()
def render(
    source: Annotated[str, typer.Argument(help="A district policy file, or a model reference "
                                               "to print the model as published.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The file to write; its extension picks the format "
                               "(default: text on stdout).", show_default=False)] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="docx, html, md or txt (default: from -o's extension).",
        case_sensitive=False, show_default=False)] = None,
    library: LibraryOption = None,
) -> None:
    """Render an adopted policy to DOCX, HTML, Markdown or plain text.

    Example: boardpolicy render examples/butte.yaml -o butte.docx
    """
    from .inputs import load_document
    from .writers import render as render_document

    if fmt is None:
        fmt = Format.from_path(output) if output is not None else Format.TXT
        if fmt is None:
            raise OutputError("cannot tell the format from the extension; use --format "
                              "docx, html, md or txt", path=output)
    if output is None and fmt is Format.DOCX and sys.stdout.isatty():
        raise OutputError("a DOCX is binary: write it to a file with -o FILE.docx")
    if output is not None and not output.parent.is_dir():
        raise OutputError(f"cannot write: the folder {output.parent} does not exist",
                          path=output)
    data = render_document(load_document(source, _library(library)), fmt)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from .output import write_atomic

    write_atomic(output, data)
    _note(f"wrote {output}")


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The old version: a model reference (mtsba/5460), "
                                            "a district file, a .txt/.md/.html/.docx "
                                            "document, or - for standard input.")],
    new: Annotated[str, typer.Argument(help="The new version, in any of the same forms.")],
    fmt: Annotated[DiffFormatOption, typer.Option(
        "--format", "-f", help="terminal, side-by-side, unified, html, json, or docx (a Word "
                               "document with tracked changes).",
        case_sensitive=False)] = DiffFormatOption.TERMINAL,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.",
        show_default=False)] = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences, 0 when there are none.")
    ] = False,
    raw: Annotated[bool, typer.Option(
        "--raw", help="Against a model, compare the bare text: no options, notes or "
                      "filled-in names recognised.")] = False,
    ignore_case: Annotated[bool, typer.Option("--ignore-case", "-i",
                                              help="Upper and lower case are the same.")
                           ] = False,
    ignore_punctuation: Annotated[bool, typer.Option(
        "--ignore-punctuation", help="Punctuation marks do not count.")] = False,
    ignore_typography: Annotated[bool, typer.Option(
        "--ignore-typography", help="Curly and straight quotes, dashes, and a hyphen or a "
                                    "space between words are the same.")] = False,
    context: Annotated[int, typer.Option("--context", "-U", min=0,
                                         help="Unchanged blocks around each change "
                                              "(unified format).")] = 1,
    max_size: Annotated[int, typer.Option(
        "--max-size", help="Refuse inputs larger than this many bytes.",
        show_default=True)] = 50_000_000,
    author: AuthorOption = "boardpolicy",
    date: DateOption = None,
    library: LibraryOption = None,
) -> None:
    """Show what changed between two versions of a policy.

    Against a model (mtsba/5460), bullets the district did not choose are reported as
    options not adopted, the model's drafting notes are not counted as the district's text,
    and the district's name in place of "School District" counts as filled in.

    Example: boardpolicy diff mtsba/5460 examples/butte.yaml --format html -o changes.html
    """
    from .diff import DiffOptions
    from .diff.formats import DiffFormat, format_diff

    when = _revision_stamp(author, date)
    options = DiffOptions(ignore_case=ignore_case, ignore_punctuation=ignore_punctuation,
                          ignore_typography=ignore_typography, model_aware=not raw)
    result, new_doc, _ = _compare(old, new, _library(library), options, max_size)
    for warning in result.warnings:
        _note(f"boardpolicy: note: {warning}")
    if fmt is DiffFormatOption.DOCX:
        from .diff.formats.docx import render_docx

        data = render_docx(result, new_doc, author=author, when=when)
        _write_output(output, data, binary=True)
    else:
        out_format = DiffFormat(fmt.value)
        to_terminal = output is None and sys.stdout.isatty()
        color = to_terminal and not os.environ.get("NO_COLOR") and \
            out_format in (DiffFormat.TERMINAL, DiffFormat.SIDE_BY_SIDE)
        width = _terminal_width(100) if to_terminal else 100
        text = format_diff(result, out_format, color=color, width=width, context=context)
        _write_output(output, text.encode("utf-8"), binary=False)
    if exit_code and result.has_differences:
        raise typer.Exit(ExitStatus.DIFFERENCES)


class ImportFormat(str, Enum):
    TEXT = "text"
    JSON = "json"


@app.command("import")
def import_(
    adopted: Annotated[str, typer.Argument(help="The district's adopted policy: .txt, .md, "
                                                ".html or .docx, or - for standard input.")],
    model: Annotated[str, typer.Option("--model", "-m", help="The model it adopts, e.g. "
                                                             "mtsba/5460 (every edition is "
                                                             "tried).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The district policy file to write (default: standard output, "
                               "with the report on stderr).", show_default=False)] = None,
    fmt: Annotated[ImportFormat, typer.Option(
        "--format", "-f", help="The report: text, or json (see the README).",
        case_sensitive=False)] = ImportFormat.TEXT,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing output file; import a document even when it "
                        "looks like another policy.")] = False,
    max_size: Annotated[int, typer.Option("--max-size", help="Refuse inputs larger than this "
                                                             "many bytes.")] = 50_000_000,
    library: LibraryOption = None,
) -> None:
    """Import a district's adopted policy: work out its edition, choices and local edits, and
    write the district policy file that reproduces it.

    Example: boardpolicy import adopted-5460.html --model mtsba/5460 -o district.yaml
    """
    import json

    from .district import dump_district
    from .infer import NotThisPolicy, infer
    from .inputs import load_input

    if output is not None and output.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=output)
    lib = _library(library)
    loaded = load_input(adopted, lib, limit=max_size)
    try:
        result = infer(loaded.document, lib, model, force=force)
    except NotThisPolicy as exc:
        raise NotThisPolicy(f"{exc.message}; use --force to import it anyway",
                            path=exc.path) from None
    result.warnings[:0] = list(loaded.document.warnings)
    text = dump_district(result.district, result.model)
    if output is not None:
        from .output import write_atomic

        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    report_stream = sys.stdout if output is not None else sys.stderr
    if fmt is ImportFormat.JSON:
        data = {"file": str(output) if output else None, **result.to_dict()}
        report_stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_import_report(result, loaded.name, output, stderr=output is None)


def _print_import_report(result, name: str, output: Path | None, *, stderr: bool) -> None:
    from rich.text import Text

    console = _console(stderr=stderr)

    def say(text: str, style: str = "") -> None:
        console.print(Text(text, style=style))

    say(f"{name}: {result.model.ref}, {result.similarity:.0%} similar", "bold")
    others = ", ".join(f"{e} {s:.0%}" for e, s in result.editions[1:])
    if others:
        say(f"  other editions: {others}")
    say(f"  district: {result.district.district or '(not found)'}")
    for warning in result.warnings:
        say(f"  note: {warning}", "yellow")
    if result.options:
        say("Options:", "bold")
        for option in result.options:
            detail = {"exact": "adopted, as in the model",
                      "reworded": f"adopted, reworded ({option.similarity:.0%} alike)",
                      "not adopted": "not adopted"}[option.status]
            say(f"  {option.id}: {detail}")
    own = [e.text for _, entries in result.district.choices for e in entries or ()
           if not isinstance(e, str)]
    if not result.options and not own:
        say("Options: none chosen")
    say(f"Local edits ({len(result.edits)}):" if result.edits else "Local edits: none",
        "bold")
    for edit in result.edits:
        say(f"  {edit}")
    if result.unplaced:
        say("Could not place:", "bold red")
        for text in result.unplaced:
            say(f"  {text}", "red")
    verdict = "renders back to the same text" if result.reproduced else \
        "does NOT render back to exactly the same text (see above)"
    say(("wrote " + str(output) + ": " if output else "the file ") + verdict,
        "green" if result.reproduced else "bold red")


def _progress(label: str):
    """A rich progress bar on a terminal; nothing when piped. Returns (callback, stop)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                   console=_console(stderr=True), transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop


@app.command()
def build(
    folder: Annotated[Path, typer.Argument(help="The folder of district policy files "
                                                "(*.yaml, searched below it).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The site folder to write.",
                                         show_default=False)],
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing: exit 1 naming every output that is missing or out "
                        "of date (for CI).")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Policies rendered at once (default: the machine's "
                                    "cores).", show_default=False)] = None,
    library: LibraryOption = None,
) -> None:
    """Render a whole policy manual to DOCX and HTML, with an index.html by series and
    number. The previous site is replaced only when the new one is complete.

    Example: boardpolicy build policies/ -o site/
    """
    from .build import build as build_site

    lib = _library(library)
    update, stop = _progress("rendering")
    try:
        result = build_site(folder, output, lib.roots[:-1], check=check, jobs=jobs,
                            progress=update)
    finally:
        stop()
    out, err = _console(), _console(stderr=True)
    for failure in result.failures:
        err.print(f"boardpolicy: {failure.error}", markup=False)
    if check:
        for line in result.stale:
            out.print(line, markup=False)
        fresh = not result.stale
        out.print(f"{len(result.policies)} policies: " +
                  ("the site is up to date" if fresh else f"{len(result.stale)} outputs "
                   "missing or out of date"), markup=False)
    elif not result.failures:
        out.print(f"wrote {output}: {len(result.policies)} policies, "
                  f"{2 * len(result.policies) + 1} files", markup=False)
    if result.failures:
        err.print(f"boardpolicy: {len(result.failures)} of "
                  f"{len(result.failures) + len(result.policies)} policy files failed"
                  + ("" if check else f"; {output} was left as it was"), markup=False)
        raise typer.Exit(ExitStatus.BAD_INPUT)
    if check and result.stale:
        raise typer.Exit(ExitStatus.DIFFERENCES)


class CompareFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    HTML = "html"


@app.command()
def compare(
    files: Annotated[list[str], typer.Argument(help="District policy files or adopted "
                                                    "documents (.txt, .md, .html, .docx).")],
    model: Annotated[str, typer.Option("--model", "-m", help="The model to compare with, "
                                                             "e.g. mtsba/5460.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", case_sensitive=False,
                                               help="table, csv, json or html.")
                   ] = CompareFormat.TABLE,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.",
        show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Documents read at "
                                             "once (default: the machine's cores).",
                                             show_default=False)] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="Refuse inputs larger than this "
                                                             "many bytes.")] = 50_000_000,
    library: LibraryOption = None,
) -> None:
    """Compare many districts with one model: the edition each follows, the options it
    forbids, its similarity to the model and its number of local edits, one row each.

    Example: boardpolicy compare --model mtsba/5460 districts/*.yaml --format html -o compare.html
    """
    from .compare import compare as compare_all
    from .compare import forbidden, to_csv, to_html, to_json

    lib = _library(library)
    update, stop = _progress("comparing")
    try:
        columns, rows = compare_all(files, lib.roots[:-1], model, jobs=jobs, progress=update,
                                    limit=max_size)
    finally:
        stop()
    for row in rows:
        if row.error:
            _note(f"boardpolicy: {row.error}")
    if fmt is CompareFormat.TABLE:
        from rich.table import Table

        table = Table("district", "edition", "similarity", *columns, "own", "edits",
                      box=None, pad_edge=False, title=f"{model}: options forbidden")
        for row in rows:
            if row.error:
                continue
            chosen = forbidden(row)
            table.add_row(row.district or row.file, row.edition, f"{row.similarity:.0%}",
                          *["yes" if c in chosen else "·" for c in columns],
                          str(row.own_bullets), str(row.local_edits))
        import io

        from rich.console import Console

        buffer = io.StringIO()
        to_tty = output is None and sys.stdout.isatty()
        Console(file=buffer, width=_terminal_width() if to_tty else 200, highlight=False,
                force_terminal=to_tty, no_color=not to_tty).print(table)
        text = buffer.getvalue()
    elif fmt is CompareFormat.CSV:
        text = to_csv(columns, rows)
    elif fmt is CompareFormat.JSON:
        text = to_json(model, columns, rows)
    else:
        text = to_html(model, columns, rows)
    _write_output(output, text.encode("utf-8"), binary=False)
    if any(row.error for row in rows):
        raise typer.Exit(ExitStatus.BAD_INPUT)


def _terminal_width(default: int = 120) -> int:
    import shutil

    return shutil.get_terminal_size((default, 24)).columns


@app.command()
def packet(
    old: Annotated[str, typer.Argument(help="The version the board adopted (or the model).")],
    new: Annotated[str, typer.Argument(help="The version for first reading.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="packet.docx or packet.html.", show_default=False)],
    author: AuthorOption = "boardpolicy",
    date: DateOption = None,
    raw: Annotated[bool, typer.Option("--raw", help="Against a model, compare the bare "
                                                    "text.")] = False,
    max_size: Annotated[int, typer.Option("--max-size", help="Refuse inputs larger than this "
                                                             "many bytes.")] = 50_000_000,
    library: LibraryOption = None,
) -> None:
    """Make a first-reading packet: a cover page with a plain-language summary of the
    changes, the redline with tracked changes, and a clean copy of the new text.

    Example: boardpolicy packet adopted-2018.docx examples/butte.yaml -o packet.docx
    """
    from .diff import DiffOptions
    from .diff.formats.packet import render_packet_docx, render_packet_html
    from .writers.docx import document_date

    fmt = Format.from_path(output)
    if fmt not in (Format.DOCX, Format.HTML):
        raise OutputError("a packet is written as .docx or .html", path=output)
    when = _revision_stamp(author, date)
    result, new_doc, meanings = _compare(old, new, _library(library),
                                         DiffOptions(model_aware=not raw), max_size)
    for warning in result.warnings:
        _note(f"boardpolicy: note: {warning}")
    if fmt is Format.DOCX:
        data = render_packet_docx(result, new_doc, meanings, author=author, when=when)
    else:
        data = render_packet_html(result, new_doc, meanings,
                                  when=when or document_date(new_doc)).encode("utf-8")
    _write_output(output, data, binary=fmt is Format.DOCX)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("BOARDPOLICY_DEBUG") == "1"
    try:
        app(args=args, prog_name="boardpolicy")
    except SystemExit as exc:  # Typer's own ending: usage errors, --help, typer.Exit
        code = exc.code
        return code if isinstance(code, int) else (ExitStatus.OK if code is None else 2)
    except BoardPolicyError as exc:
        if debug:
            raise
        print(f"boardpolicy: {exc}", file=sys.stderr)
        return ExitStatus.BAD_INPUT
    except KeyboardInterrupt:
        print("boardpolicy: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
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
