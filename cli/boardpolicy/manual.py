"""A manual: a folder of a district's policies in any form boardpolicy reads -> policies by
number, each with its regulations and exhibits, and what could not be placed.

Every file is read (district files through composition, documents through the table of
readers) in one process per core. A policy's number comes from its metadata, else its
document's header ("PERSONNEL 5460"), else its file name (`0401_10.md` and `0401.10.md` are
both 0401.10); its section is the sub-folder it sits in. A regulation or exhibit (`5460P`,
`5460F`, `0403.80-AR-01`, or `kind: Regulation` in front matter) belongs to its policy. Files
that fail to read, and numbers two files claim, are kept as values for `check` and `build` to
report; none of them stops the others.
"""

from __future__ import annotations

import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .document import DateRole, Document, Kind, Metadata, PolicyDate, PolicyKind
from .errors import BoardPolicyError, InputError

if TYPE_CHECKING:
    from .library import Library

MAX_FILES = 5_000  # the largest manuals hold about 600 policies, with their regulations
MAX_BYTES = 500_000_000  # all files together; one file is held to the readers' own limit
DISTRICT_SUFFIXES = (".yaml", ".yml")

# A number as file names, headers and front matter write it: digits with '.' or '_' parts,
# then the mark of a regulation or exhibit ("P", "F", "-AR-01").
_NUMBER = re.compile(r"(?P<base>\d{2,5}(?:[._]\d{1,4})*)"
                     r"(?P<mark>[-_ ]?(?:AR|AP|EX|R|P|E|F)(?:[-_]?\d{1,3})?)?"
                     r"(?=$|[\s._,;:)-])", re.IGNORECASE)
MARK_KINDS = {"AR": PolicyKind.REGULATION, "AP": PolicyKind.REGULATION,
              "R": PolicyKind.REGULATION, "P": PolicyKind.REGULATION,
              "E": PolicyKind.EXHIBIT, "EX": PolicyKind.EXHIBIT, "F": PolicyKind.EXHIBIT}
HISTORY_ROLES = (("adopt", DateRole.ADOPTED), ("creat", DateRole.ADOPTED),
                 ("revis", DateRole.REVISED), ("amend", DateRole.REVISED),
                 ("updat", DateRole.REVISED), ("review", DateRole.REVIEWED))


class NumberSource(StrEnum):
    """Where a file's number was read: the first of these that gives one."""

    METADATA = "metadata"
    HEADER = "header"
    FILE_NAME = "file name"
    NONE = "none"


@dataclass(frozen=True, slots=True, order=True)
class PolicyNumber:
    """A number in a manual: its policy's number, and for a regulation or exhibit its mark.

    `base` is as written with '.' between parts ("0401.10"); `mark` as written without a
    leading separator ("P", "AR-01"). Two numbers are the same when their `key`s are."""

    base: str
    mark: str = ""
    kind: PolicyKind = PolicyKind.POLICY

    def __str__(self) -> str:
        if not self.mark:
            return self.base if self.kind is PolicyKind.POLICY else f"{self.base} {self.kind}"
        joiner = "-" if len(self.mark) > 1 and not self.mark.isdigit() else ""
        return f"{self.base}{joiner}{self.mark}"

    @property
    def key(self) -> tuple[object, ...]:
        """What compares: leading zeros of the first part and the case of a mark do not
        ("401.10" is "0401.10")."""
        return (number_key(self.base), self.kind.value, self.mark.upper())

    @property
    def policy(self) -> PolicyNumber:
        """The number of the policy this belongs to (itself for a policy)."""
        return PolicyNumber(self.base)


def number_key(base: str) -> tuple[int, ...]:
    """'0401.10' -> (401, 10): the order of a manual and what two writings share."""
    return tuple(int(part) for part in re.split(r"[._]", base) if part.isdigit())


def parse_number(text: str, kind: PolicyKind | None = None) -> PolicyNumber | None:
    """The number a text starts with ("0401_10", "5460P", "0403.80-AR-01 Title"), if any;
    `kind` (from metadata) wins over the kind a mark says."""
    found = _NUMBER.match(text.strip())
    if found is None:
        return None
    base = found["base"].replace("_", ".")
    mark = (found["mark"] or "").lstrip("-_ ").upper()
    marked = MARK_KINDS.get(re.sub(r"[-_]?\d+$", "", mark)) if mark else None
    return PolicyNumber(base, mark, kind or marked or PolicyKind.POLICY)


def is_number(text: str) -> bool:
    """Whether a text is a policy number and nothing else ("5460P", "0401.10"), as a
    cross reference's code is and a legal reference's ("20-5-101 MCA") is not."""
    return _NUMBER.fullmatch(text.strip()) is not None


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """One file of a manual, read: the document, its number, section and metadata.

    `edition` is set for a district file on a model edition that is not the default: the
    edition it follows and the current one."""

    path: str
    section: str
    number: PolicyNumber | None
    numbered_by: NumberSource
    document: Document
    metadata: Metadata
    edition: tuple[str, str] | None = None

    @property
    def title(self) -> str:
        return self.metadata.title or self.document.title


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file of a manual that failed to read, and the one-line reason."""

    path: str
    section: str
    reason: str

    @property
    def number(self) -> PolicyNumber | None:
        """The number its name suggests, so the finding is listed with its policy."""
        return parse_number(Path(self.path).stem)


@dataclass(frozen=True, slots=True)
class Policy:
    """A policy of a manual, with its regulations and exhibits in number order."""

    number: PolicyNumber
    file: PolicyFile
    attachments: tuple[PolicyFile, ...] = ()

    @property
    def files(self) -> tuple[PolicyFile, ...]:
        return (self.file, *self.attachments)


@dataclass(frozen=True, slots=True)
class Manual:
    """A district's policies by number, and the files that could not be placed among them:
    numbers two files claim (each claimant kept), files with no number, regulations and
    exhibits whose policy is missing, and files that failed to read."""

    root: str
    policies: tuple[Policy, ...]
    duplicates: tuple[tuple[PolicyNumber, tuple[PolicyFile, ...]], ...] = ()
    unnumbered: tuple[PolicyFile, ...] = ()
    orphans: tuple[PolicyFile, ...] = ()  # regulations and exhibits with no policy placed
    unreadable: tuple[Unreadable, ...] = ()

    def files(self) -> list[PolicyFile]:
        """Every file read, placed or not."""
        placed = [f for p in self.policies for f in p.files]
        claimed = [f for _, files in self.duplicates for f in files]
        return [*placed, *claimed, *self.unnumbered, *self.orphans]

    def keys(self) -> set[tuple[object, ...]]:
        """The keys of every number the manual holds (claimed twice or not)."""
        return {f.number.key for f in self.files() if f.number is not None}

    def has(self, number: PolicyNumber) -> bool:
        return number.key in self.keys()


# --- finding the files -------------------------------------------------------------------------

def find_files(folder: Path) -> list[Path]:
    """The files of a manual below `folder`: regular files only (never a FIFO or a device),
    with a suffix boardpolicy reads, hidden files and folders left out, in a stable order;
    past MAX_FILES or MAX_BYTES the manual is refused."""
    from .readers import suffixes

    wanted = (*suffixes(), *DISTRICT_SUFFIXES)
    found: list[Path] = []
    total = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(wanted):
                continue
            path = Path(root) / name
            try:
                info = path.stat()
            except OSError:
                found.append(path)  # the reader says why it cannot be read
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            total += info.st_size
            found.append(path)
            if len(found) > MAX_FILES or total > MAX_BYTES:
                raise InputError(f"holds more than {MAX_FILES:,} policy files or "
                                 f"{MAX_BYTES:,} bytes; a manual is a few hundred policies",
                                 path=folder)
    return found


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes, opened without waiting (a FIFO put in place of a file never blocks)
    and read only if it is still a regular file."""
    from .errors import InputTooLarge

    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file", path=path)
        if info.st_size > limit:
            raise InputTooLarge(f"is {info.st_size:,} bytes; the limit is {limit:,}", path=path)
        return stream.read(limit + 1)


# --- reading one file (in a worker process) ----------------------------------------------------

def read_file(path: str, root: str, extra: tuple[Path, ...], data: bytes | None = None
              ) -> PolicyFile | Unreadable:
    """Worker: one file of the manual -> PolicyFile, or Unreadable with its reason; `data`:
    its bytes, when they do not come from the disk (a git revision's file)."""
    section = Path(path).parent.relative_to(root).as_posix()
    section = "" if section == "." else section
    try:
        if path.lower().endswith(DISTRICT_SUFFIXES):
            document, metadata, edition = _read_district(path, extra, data)
        else:
            document, metadata, edition = _read_document(path, data), None, None
        metadata = metadata or metadata_of(document)
        number, source = numbered(metadata, document, Path(path).stem)
        return PolicyFile(path, section, number, source, document, metadata, edition)
    except BoardPolicyError as exc:
        return Unreadable(path, section, _reason(exc))
    except RecursionError:
        return Unreadable(path, section, "is nested too deeply to read")
    except Exception as exc:  # a bug must not stop the other files: it is named, not hidden
        return Unreadable(path, section, f"internal error: {type(exc).__name__}: {exc}")


def _reason(exc: BoardPolicyError) -> str:
    """The error's words without the file's name (the finding names the file)."""
    return f"line {exc.line}: {exc.message}" if exc.line else exc.message


def _read_document(path: str, data: bytes | None = None) -> Document:
    from .readers import MAX_INPUT_BYTES, read_document

    return read_document(path, data=read_bytes(Path(path), MAX_INPUT_BYTES)
                         if data is None else data)


def _read_district(path: str, extra: tuple[Path, ...], data: bytes | None = None
                   ) -> tuple[Document, Metadata, tuple[str, str] | None]:
    """A district file, composed; its metadata from the file and its model; and, when its
    model edition is not the default, (that edition, the current one)."""
    from .composition import compose
    from .district import load_district
    from .parallel import worker_library
    from .yamlfile import MAX_YAML_BYTES, decode_text

    library = worker_library(extra)
    text = decode_text(read_bytes(Path(path), MAX_YAML_BYTES) if data is None else data, path,
                       what="district policy file")
    district, model = load_district(path, library, text=text)
    document = compose(district, model)
    roles = {role.value: role for role in DateRole}
    dates = tuple(PolicyDate(roles[key], written) for key, values in district.history
                  if key in roles for written in values)
    refs = tuple(b.label for b in document.walk() if b.kind is Kind.REFERENCE and b.label)
    metadata = Metadata(title=model.title, number=model.number, series=model.series,
                        kind=PolicyKind.POLICY, dates=dates, cross_references=refs)
    edition = None
    if not model.default:
        edition = (model.ref, library.get(model.name).ref)
    return document, metadata, edition


def metadata_of(document: Document) -> Metadata:
    """A document's metadata: its front matter, with what its header, history and cross
    reference blocks say where the front matter is silent."""
    meta = document.metadata
    dates = meta.dates or tuple(_history_dates(document))
    refs = meta.cross_references or tuple(
        b.label for b in document.walk() if b.kind is Kind.REFERENCE and b.label)
    return Metadata(title=meta.title or document.title, number=meta.number,
                    series=meta.series or document.series, kind=meta.kind, dates=dates,
                    legal=meta.legal, cross_references=refs, other=meta.other)


def _history_dates(document: Document) -> Iterable[PolicyDate]:
    """The dates of a printed policy history ("Adopted on: 5/22/2018")."""
    from .dates import split_dates

    for block in document.walk():
        if block.kind is not Kind.ENTRY or not block.text:
            continue
        label = (block.label or "").lower()
        role = next((r for stem, r in HISTORY_ROLES if stem in label), None)
        if role is not None:
            yield from (PolicyDate(role, written) for written in split_dates(block.text))


def numbered(metadata: Metadata, document: Document, stem: str
             ) -> tuple[PolicyNumber | None, NumberSource]:
    """A file's number: its metadata's (number, else the title's lead), else its header's,
    else its file name's. A number YAML read as a decimal (`code: 1102.10` -> 1102.1) that
    the file name writes in full is the file name's."""
    named = parse_number(stem, metadata.kind)
    meta = parse_number(metadata.number, metadata.kind) if metadata.number else None
    if meta is not None and named is not None and _same_decimal(meta.base, named.base):
        meta = named
    if meta is None and metadata.title:
        meta = parse_number(metadata.title, metadata.kind)
    if meta is not None:
        if named is not None and not meta.mark and named.policy.key == meta.policy.key:
            meta = PolicyNumber(meta.base, named.mark, meta.kind)  # 5460P.md, kind: procedure
        return meta, NumberSource.METADATA
    header = parse_number(document.number, metadata.kind) if document.number else None
    if header is not None:
        return header, NumberSource.HEADER
    if named is not None:
        return named, NumberSource.FILE_NAME
    return None, NumberSource.NONE


def _same_decimal(read: str, written: str) -> bool:
    """'1102.1' read from a bare YAML decimal, '1102.10' written in the file's name."""
    if read == written or read.count(".") != 1 or written.count(".") != 1:
        return False
    try:
        return float(read) == float(written)
    except ValueError:
        return False


# --- the manual --------------------------------------------------------------------------------

def read_manual(folder: Path, library: Library, *, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> Manual:
    """Every file of the manual under `folder`, read in parallel and placed by number."""
    if not folder.is_dir():
        raise InputError("is not a folder of policies", path=folder)
    paths = find_files(folder)
    if not paths:
        raise InputError("holds no policies (district files or documents in a form "
                         "boardpolicy reads)", path=folder)
    names = [str(p) for p in paths]
    read: list[PolicyFile | Unreadable] = run_warmed(
        read_file, names, str(folder), library.extra, jobs=jobs, progress=progress,
        first_of=[Path(name).suffix.lower() for name in names])
    return place(str(folder), read)


SERIAL_BELOW = 64  # fewer files read faster in this process than a pool starts
R = TypeVar("R")


def run_warmed(func: Callable[..., R], items: Sequence[Any], *args: Any, jobs: int | None,
               progress: Callable[[int, int], None] | None = None,
               first_of: Sequence[Hashable] | None = None,
               serial_below: int = SERIAL_BELOW) -> list[R]:
    """`parallel.run_all`, with the first item of each kind (`first_of`: the items' kinds,
    such as their suffixes; by default the first item alone) done here before the pool
    starts: its workers are forked from this process and inherit the modules and parsers
    that item loaded, which each worker otherwise loaded for itself (for Markdown, 44 ms of
    CPU per worker: the reader's modules, YAML and the parser built)."""
    from .parallel import run_all

    if len(items) < serial_below or (jobs or os.cpu_count() or 1) == 1:
        return run_all(func, items, *args, jobs=jobs, progress=progress,
                       serial_below=serial_below)
    kinds = first_of if first_of is not None else [None] * len(items)
    firsts = {kind: k for k, kind in reversed(list(enumerate(kinds)))}
    here = {k: func(items[k], *args) for k in sorted(firsts.values())}
    rest = [k for k in range(len(items)) if k not in here]
    done = len(here)
    results = iter(run_all(func, [items[k] for k in rest], *args, jobs=jobs,
                           progress=(lambda k, _: progress(done + k, len(items)))
                           if progress else None))
    return [here[k] if k in here else next(results) for k in range(len(items))]


def place(root: str, read: list[PolicyFile | Unreadable]) -> Manual:
    """Files read -> a Manual: policies by number, each with its attachments."""
    unreadable = tuple(r for r in read if isinstance(r, Unreadable))
    files = [r for r in read if isinstance(r, PolicyFile)]
    unnumbered = tuple(f for f in files if f.number is None)
    claims: dict[tuple[object, ...], list[PolicyFile]] = defaultdict(list)
    for f in files:
        if f.number is not None:
            claims[f.number.key].append(f)
    duplicates = tuple((group[0].number, tuple(group)) for group in claims.values()
                       if len(group) > 1 and group[0].number is not None)
    single = [group[0] for group in claims.values() if len(group) == 1]
    policies = {f.number.key: f for f in single
                if f.number is not None and f.number.kind is PolicyKind.POLICY}
    attached: dict[tuple[object, ...], list[PolicyFile]] = defaultdict(list)
    orphans: list[PolicyFile] = []  # whose policy is missing, or claimed by two files
    for f in single:
        if f.number is None or f.number.kind is PolicyKind.POLICY:
            continue
        if f.number.policy.key in policies:
            attached[f.number.policy.key].append(f)
        else:
            orphans.append(f)
    placed = tuple(Policy(f.number, f, tuple(sorted(attached[key], key=_order)))
                   for key, f in policies.items() if f.number is not None)
    return Manual(root, tuple(sorted(placed, key=lambda p: _order(p.file))),
                  tuple(sorted(duplicates, key=lambda d: d[0].key)), unnumbered,
                  tuple(sorted(orphans, key=_order)), unreadable)


def _order(policy_file: PolicyFile) -> tuple[object, ...]:
    number = policy_file.number
    return (number.key if number is not None else (), policy_file.path)
