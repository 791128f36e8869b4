"""The one root exception and the exit statuses every command keeps."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """What the process tells the shell (the README's "Exit statuses")."""

    OK = 0
    DIFFERENCES = 1  # with --exit-code, or `build --check` found stale output
    BAD_INPUT = 2  # bad usage or bad input of any kind


class BoardPolicyError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits 2.

    `where` names the file (and line) so the message stands on its own in a CI log.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        message = " ".join(str(message).split())  # always one line, whatever a library said
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def lines(self) -> list[str]:
        """The error as the lines the CLI prints, one per mistake."""
        return [str(self)]


class InputError(BoardPolicyError):
    """An input file is missing, unreadable or not what it should be."""


class ValidationError(BoardPolicyError):
    """A district policy file or model policy breaks the format's rules."""


class Problems(ValidationError):
    """Several mistakes in one file, each with its own line."""

    def __init__(self, errors: list[ValidationError]):
        more = len(errors) - 1
        super().__init__(f"{errors[0].message} (and {more} more mistake{'s' * (more > 1)})",
                         path=errors[0].path, line=errors[0].line)
        self.errors = errors

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


class InputTooLarge(InputError):
    """An input over the size limit (the CLI says how to raise it)."""


class OutputError(BoardPolicyError):
    """An output cannot be written where the user asked."""


class NoChoiceMade(ValidationError):
    """A choice the district has not made yet; `model` is the model that asks it, as a
    command names it (with `--library FOLDER` when it came from the user's folder; the CLI
    adds how to be asked about each option). `fresh`: the file holds nothing of the district's
    but its choices, so starting it afresh with the questions loses nothing. Here, beside the
    other errors, so that the command line can tell it apart without importing the district
    file's reader."""

    def __init__(self, message: str, *, path: str, line: int | None, model: str,
                 fresh: bool = True):
        super().__init__(message, path=path, line=line)
        self.model = model
        self.fresh = fresh
