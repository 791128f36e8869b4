"""A release at once: every district policy file of a manual moved to its model's newest
default edition (`upgrade.py`, one file per worker process), each policy coded for the board,
and the new files written all together or not at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from .document import PolicyStatus
from .errors import BoardPolicyError, InputError, OutputError
from .library import Library, ModelRef
from .model_policy import ModelPolicy
from .upgrade import Merge, Merged, Resolve, upgrade_file

DISTRICT_SUFFIXES = (".yaml", ".yml")
# steps that leave the district something to decide: a new option, choice or decision
_TO_DECIDE = (Merged.CHOICE_NEW, Merged.OPTION_NEW, Merged.DECISION_NEW)


class ReleaseCode(StrEnum):
    """What a release means for one policy, in the words a board knows (`CODE_WORDS`)."""

    TAKE = "take"
    DECIDE = "decide"
    CONFLICT = "conflict"
    CURRENT = "current"
    WITHDRAWN = "withdrawn"
    MISSING = "missing"


CODE_WORDS = {
    ReleaseCode.TAKE: "text updated by the association, no local edits in the way — take it",
    ReleaseCode.DECIDE: "new option or blank to decide",
    ReleaseCode.CONFLICT: "conflict with a local edit",
    ReleaseCode.CURRENT: "already current",
    ReleaseCode.WITHDRAWN: "policy withdrawn by the association",
    ReleaseCode.MISSING: "new required policy the manual lacks",
}


@dataclass(frozen=True)
class PolicyLine:
    """One policy of the release: the file (relative to the manual; "" for a policy the
    manual lacks), its model, the editions, its code, what the upgrade did (counted), and
    the new file's text ("" when nothing is written)."""

    path: str
    model: str
    title: str
    code: ReleaseCode
    edition: str = ""  # the edition the file follows
    to: str = ""  # the edition it moves to
    changes: int = 0  # the new edition's changes taken
    decide: tuple[str, ...] = ()  # what the district has to decide (ids)
    conflicts: tuple[str, ...] = ()  # blocks in conflict
    text: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "model": self.model, "title": self.title,
                "code": self.code.value, "words": CODE_WORDS[self.code],
                "edition": self.edition or None, "to": self.to or None,
                "changes": self.changes, "decide": list(self.decide),
                "conflicts": list(self.conflicts)}


@dataclass(frozen=True)
class Failure:
    """A file of the manual that could not be upgraded, with the one-line reason."""

    path: str
    message: str


@dataclass(frozen=True)
class Release:
    """`upgrade_manual`'s result: a line per policy, in the manual's order, then the
    required policies it lacks; the files that failed; where the files were written."""

    manual: str
    lines: tuple[PolicyLine, ...]
    failures: tuple[Failure, ...] = ()
    written: str | None = None

    def counts(self) -> dict[ReleaseCode, int]:
        return {code: sum(1 for line in self.lines if line.code is code) for code in ReleaseCode}

    def to_dict(self) -> dict[str, Any]:
        return {"manual": self.manual, "written": self.written,
                "counts": {code.value: n for code, n in self.counts().items()},
                "policies": [line.to_dict() for line in self.lines],
                "errors": [{"path": f.path, "message": f.message} for f in self.failures]}


@dataclass(frozen=True)
class Sources:
    """The district files of a manual: `root` the folder the relative paths start from."""

    root: Path
    files: tuple[Path, ...]
    folder: bool  # the manual was named as one folder

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def find_sources(names: Sequence[str]) -> Sources:
    """A folder (its district files, found in every subfolder but hidden ones) or several
    district files (relative to the folder they share)."""
    paths = [Path(n) for n in names]
    if len(paths) == 1 and paths[0].is_dir():
        root = paths[0]
        files = sorted(p for p in root.rglob("*") if p.suffix in DISTRICT_SUFFIXES
                       and p.is_file() and not _hidden(p.relative_to(root)))
        if not files:
            raise InputError("has no district policy files (*.yaml) to upgrade", path=root)
        return Sources(root, tuple(files), True)
    for path in paths:
        if path.is_dir():
            raise InputError("is a folder: name one manual folder, or district files",
                             path=path)
        if not path.is_file():
            raise InputError("no such file", path=path)
    root = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    return Sources(root, tuple(p.resolve() for p in paths), False)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def upgrade_manual(sources: Sources, library: Library, *, resolve: Resolve | None = None,
                   jobs: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Release:
    """Every district file moved to its model's default edition, one process per core."""
    from .parallel import run_all

    results = run_all(_one, [str(p) for p in sources.files], library.extra, resolve,
                      jobs=jobs, progress=progress, serial_below=8)
    lines: list[PolicyLine] = []
    failures: list[Failure] = []
    for path, result in zip(sources.files, results, strict=True):
        if isinstance(result, Failure):
            failures.append(Failure(sources.relative(path), result.message))
        else:
            lines.append(replace(result, path=sources.relative(path)))
    lines += _missing(lines, library)
    return Release(str(sources.root), tuple(lines), tuple(failures))


class _Editions(Library):
    """A library that reads each model's editions once: a release asks for the same two
    editions several times per file (its base, its target, the merged file's check)."""

    def __init__(self, extra: tuple[Path, ...]):
        super().__init__(extra)
        self._seen: dict[str, list[ModelPolicy]] = {}

    def _editions(self, ref: ModelRef) -> list[ModelPolicy]:
        if ref.name not in self._seen:
            self._seen[ref.name] = super()._editions(ref)
        return self._seen[ref.name]


_WORKER: _Editions | None = None


def _one(path: str, extra: tuple[Path, ...], resolve: Resolve | None) -> PolicyLine | Failure:
    """One file of the release (in a worker: picklable in and out)."""
    global _WORKER
    if _WORKER is None or _WORKER.extra != extra:
        _WORKER = _Editions(extra)
    library = _WORKER
    try:
        return code_file(path, library, resolve)
    except BoardPolicyError as exc:
        return Failure(path, exc.message)


def code_file(path: str, library: Library, resolve: Resolve | None = None) -> PolicyLine:
    """One district file upgraded (or not) and coded."""
    result = upgrade_file(path, library, resolve=resolve)
    new = library.get(result.target)
    old = library.get(result.current)
    base = PolicyLine(path, new.name, new.title, ReleaseCode.CURRENT, old.edition,
                      new.edition)
    if new.status is PolicyStatus.WITHDRAWN:
        return replace(base, code=ReleaseCode.WITHDRAWN)
    if result.merge is None:
        return replace(base, to="")
    return _coded(base, result.merge, result.text)


def _coded(base: PolicyLine, merge: Merge, text: str) -> PolicyLine:
    decide = tuple(dict.fromkeys([*merge.undecided, *(
        s.block for s in merge.steps if s.what in _TO_DECIDE and not (
            s.what is Merged.DECISION_NEW and s.new_text))]))
    conflicts = tuple(c.block for c in merge.open_conflicts)
    taken = sum(1 for s in merge.steps if s.what not in (Merged.KEPT, Merged.CONFLICT))
    code = ReleaseCode.CONFLICT if conflicts else ReleaseCode.DECIDE if decide \
        else ReleaseCode.TAKE
    return replace(base, code=code, changes=taken, decide=decide, conflicts=conflicts,
                    text=text)


def _missing(lines: list[PolicyLine], library: Library) -> list[PolicyLine]:
    """The required policies of the manual's publishers that no file of it follows."""
    have = {line.model for line in lines}
    publishers = {m.split("/")[0] for m in have}
    return [PolicyLine("", m.name, m.title, ReleaseCode.MISSING, to=m.edition)
            for m in library.models()
            if m.default and m.status is PolicyStatus.REQUIRED
            and m.publisher in publishers and m.name not in have]


# --- writing ------------------------------------------------------------------------------------

def write_to(release: Release, sources: Sources, out: Path) -> Release:
    """The manual with its upgraded files into the new folder `out` (same relative paths):
    written in a folder beside it, then renamed into place, so `out` is whole or absent.
    From a folder, the rest of the manual is copied too, so `out` is the manual after the
    release (for `diff` and `packet` against the manual before it)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputError("already exists and is not empty; name a new folder", path=out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write: the folder {parent} does not exist", path=out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        if sources.folder:
            shutil.copytree(sources.root, staging, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".*"))
        else:
            for path in sources.files:
                _write(staging / sources.relative(path), path.read_bytes())
        for line in release.lines:
            if line.text:
                _write(staging / line.path, line.text.encode("utf-8"))
        os.sync()
        if out.exists():
            out.rmdir()
        os.rename(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=out) from None
    return _written(release, str(out))


def write_in_place(release: Release, sources: Sources) -> Release:
    """Every upgraded file written beside itself first, then each renamed over its old
    self: a failure while writing leaves every file as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for line in release.lines:
            if line.text:
                target = sources.root / line.path
                fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=target.parent)
                staged.append((Path(name), target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(line.text.encode("utf-8"))
                shutil.copymode(target, name)
        os.sync()
    except OSError as exc:
        for staged_file, _ in staged:
            staged_file.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=sources.root) from None
    for staged_file, target in staged:
        os.replace(staged_file, target)
    return _written(release, str(sources.root))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _written(release: Release, where: str) -> Release:
    return replace(release, written=where)
