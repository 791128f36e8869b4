"""The release report: a line per policy with its code, as text for the clerk and the board
or as JSON (`release.ReleaseCode` is the JSON's `code`)."""

from __future__ import annotations

import io
import json

from ...prose import count
from ...release import CODE_WORDS, PolicyLine, Release, ReleaseCode
from ..console import sayer, text_console

STYLE = {ReleaseCode.TAKE: "green", ReleaseCode.DECIDE: "yellow", ReleaseCode.CONFLICT: "red",
         ReleaseCode.CURRENT: "", ReleaseCode.WITHDRAWN: "magenta",
         ReleaseCode.MISSING: "bold red"}


def render_release_text(release: Release, *, color: bool, width: int) -> str:
    buffer = io.StringIO()
    say = sayer(text_console(buffer, width=width, color=color))
    say(f"Release applied to {release.manual}: {_counted(release)}", "bold")
    shown = max((len(_name(line)) for line in release.lines), default=0)
    for line in release.lines:
        say(f"  {_name(line).ljust(shown)}  {line.code.value:<9}  {_detail(line)}",
            STYLE[line.code])
    for failure in release.failures:
        say(f"  {failure.path}: not upgraded: {failure.message}", "bold red")
    counts = release.counts()
    say("; ".join(f"{n} {CODE_WORDS[code]}" for code, n in counts.items() if n), "bold")
    if release.failures:
        say(f"{count(len(release.failures), 'file')} could not be upgraded: nothing written",
            "bold red")
    elif release.written:
        say(f"wrote the upgraded files to {release.written}", "green")
    elif any(line.text for line in release.lines):
        say("nothing written: use -o FOLDER or --in-place to write the upgraded files")
    return buffer.getvalue()


def _counted(release: Release) -> str:
    """The manual's files, and apart from them the required policies it lacks (a line of
    the report each, but no file of the folder)."""
    missing = sum(line.code is ReleaseCode.MISSING for line in release.lines)
    files = len(release.lines) - missing + len(release.failures)
    lacks = f"; {count(missing, 'new required policy', 'new required policies')} missing" \
        if missing else ""
    return f"{count(files, 'policy file')}{lacks}"


def _name(line: PolicyLine) -> str:
    return line.path or f"({line.model})"


def _detail(line: PolicyLine) -> str:
    """The code in words, and what it rests on."""
    words = CODE_WORDS[line.code]
    editions = f"{line.model}@{line.edition} -> @{line.to}" if line.edition and line.to \
        else f"{line.model}@{line.edition or line.to}"
    match line.code:
        case ReleaseCode.CONFLICT:
            why = f"settle {', '.join(line.conflicts)}"
        case ReleaseCode.DECIDE:
            why = f"decide {', '.join(line.decide)}"
        case ReleaseCode.TAKE:
            why = count(line.changes, "change")
        case ReleaseCode.MISSING:
            why = f"{line.title}: boardpolicy init {line.model}"
        case _:
            why = line.title
    return f"{words} ({editions}; {why})"


def render_release_json(release: Release) -> str:
    return json.dumps(release.to_dict(), ensure_ascii=False, indent=2) + "\n"
