"""Two versions of a manual (folders, or revisions of a folder in git) -> what became of each
policy: added, removed, renumbered, changed in its text, changed in its front matter only, or
unchanged; a changed policy with its single diff, the same one `diff` shows for two files.

Policies are matched by number. A number gone from the old manual and a new number whose text
is the same, or at least RENUMBERED_ALIKE alike, is one policy renumbered; a file renamed
with the same number (`0401_10.md` -> `0401.10.md`) is the same policy. Files read the same
on both sides (same place, same bytes) are read once; every file is read, and every changed
policy diffed, in one process per core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .gitrev import ObjectType, Revision, parse_revision
from .manual import PolicyFile, PolicyNumber, Unreadable, place

if TYPE_CHECKING:
    from .diff import Diff, DiffOptions
    from .document import Document, Metadata
    from .library import Library
    from .manual import Manual

RENUMBERED_ALIKE = 0.9  # the "≥ 90% alike": a reworded policy under a new number
MAX_PAIRS = 250_000  # numbers gone × numbers new compared by their words; past it, exact only
SERIAL_BELOW = 24  # fewer policies diff faster in this process than a pool starts


class PolicyStatus(StrEnum):
    """What became of a policy between the two versions of its manual."""

    ADDED = "added"
    REMOVED = "removed"
    RENUMBERED = "renumbered"
    CHANGED = "changed"
    METADATA = "metadata"  # only its front matter: listed, not counted as a change of policy
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a policy's metadata that changed: its name and the two values as text
    ("" where the field is not given)."""

    field: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "old": self.old, "new": self.new}

    @property
    def words(self) -> str:
        if not self.old:
            return f"{self.field} added: {self.new}"
        if not self.new:
            return f"{self.field} removed (was {self.old})"
        return f"{self.field}: {self.old} → {self.new}"


@dataclass(frozen=True, slots=True)
class Added:
    """A policy only the new manual has."""

    new: PolicyFile

    status = PolicyStatus.ADDED

    @property
    def number(self) -> PolicyNumber:
        return _number(self.new)

    @property
    def old_number(self) -> PolicyNumber | None:
        return None

    @property
    def file(self) -> PolicyFile:
        return self.new

    @property
    def headline(self) -> str:
        return "new policy"


@dataclass(frozen=True, slots=True)
class Removed:
    """A policy only the old manual has."""

    old: PolicyFile

    status = PolicyStatus.REMOVED

    @property
    def number(self) -> PolicyNumber:
        return _number(self.old)

    @property
    def old_number(self) -> PolicyNumber | None:
        return _number(self.old)

    @property
    def file(self) -> PolicyFile:
        return self.old

    @property
    def headline(self) -> str:
        return "removed"


@dataclass(frozen=True, slots=True)
class Matched:
    """A policy both manuals have: under the same number, or renumbered. `diff` is its
    single diff when its text differs (None when it reads the same); `metadata` the fields
    of its front matter that changed."""

    old: PolicyFile
    new: PolicyFile
    diff: Diff | None = None
    metadata: tuple[FieldChange, ...] = ()

    @property
    def status(self) -> PolicyStatus:
        if _number(self.old).key != _number(self.new).key:
            return PolicyStatus.RENUMBERED
        if self.changed:
            return PolicyStatus.CHANGED
        return PolicyStatus.METADATA if self.metadata else PolicyStatus.UNCHANGED

    @property
    def changed(self) -> bool:
        """Its text changed (its front matter alone does not count)."""
        return self.diff is not None and self.diff.has_differences

    @property
    def number(self) -> PolicyNumber:
        return _number(self.new)

    @property
    def old_number(self) -> PolicyNumber | None:
        return _number(self.old)

    @property
    def file(self) -> PolicyFile:
        return self.new

    @property
    def headline(self) -> str:
        """"3 changes", "renumbered from 0401.10; 1 change", "metadata only: title"."""
        parts = []
        if self.status is PolicyStatus.RENUMBERED:
            parts.append(f"renumbered from {self.old_number}")
        if self.changed and self.diff is not None:
            parts.append(self.diff.headline)
        elif parts:
            parts.append("same text")
        elif self.metadata:
            parts.append("metadata only: " + ", ".join(f.field for f in self.metadata))
        return "; ".join(parts) or "unchanged"


PolicyChange = Added | Removed | Matched

STATUS_ORDER = tuple(PolicyStatus)


@dataclass(frozen=True, slots=True)
class ManualDiff:
    """Every policy of two manuals and what became of it, in the new manual's number order
    (a removed policy where its number falls); `warnings` name files left out of the
    comparison (unreadable, unnumbered, or a number two files claim)."""

    old_name: str
    new_name: str
    policies: tuple[PolicyChange, ...]
    warnings: tuple[str, ...] = ()

    def with_status(self, *statuses: PolicyStatus) -> list[PolicyChange]:
        return [p for p in self.policies if p.status in statuses]

    def counts(self) -> dict[str, int]:
        """How many policies of each status, every status present (0 when none)."""
        found = {status.value: 0 for status in PolicyStatus}
        for policy in self.policies:
            found[policy.status.value] += 1
        return found

    @property
    def has_differences(self) -> bool:
        """A policy added, removed, renumbered, or changed in text or front matter."""
        return any(p.status is not PolicyStatus.UNCHANGED for p in self.policies)

    @property
    def headline(self) -> str:
        """'2 added, 1 removed, 1 renumbered, 3 changed; 1 with metadata only; 24 unchanged'."""
        counts = self.counts()
        moved = [f"{counts[s]} {s}" for s in ("added", "removed", "renumbered", "changed")
                 if counts[s]]
        text = ", ".join(moved) or "no policy changed"
        if counts["metadata"]:
            text += f"; {counts['metadata']} with metadata only"
        return text + f"; {counts['unchanged']} unchanged"


# --- reading both manuals ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Source:
    """A manual's files before they are read: its root as named, and per file its name and
    bytes, or the reason it cannot be read."""

    root: str
    files: tuple[tuple[str, bytes | str], ...]


def is_manual(name: str) -> bool:
    """Whether a name on the command line is a manual: a folder, or a folder at a git
    revision."""
    from .gitrev import resolve

    if Path(name).is_dir():
        return True
    revision = parse_revision(name)
    return revision is not None and resolve(revision)[0] is ObjectType.TREE


def _source(name: str) -> _Source:
    revision = parse_revision(name)
    if revision is not None:
        return _revision_source(revision)
    folder = Path(name)
    if not folder.is_dir():
        raise InputError("is not a folder of policies", path=name)
    return _folder_source(folder)


def _folder_source(folder: Path) -> _Source:
    from .manual import find_files, read_bytes
    from .readers import MAX_INPUT_BYTES

    files: list[tuple[str, bytes | str]] = []
    for path in find_files(folder):
        try:
            files.append((str(path), read_bytes(path, MAX_INPUT_BYTES)))
        except InputError as exc:
            files.append((str(path), exc.message))
    return _Source(str(folder), tuple(files))


def _revision_source(revision: Revision) -> _Source:
    """A folder at a revision: the files a folder's walk would find, read by one git."""
    from .gitrev import list_tree, read_blobs, resolve
    from .manual import DISTRICT_SUFFIXES, MAX_BYTES, MAX_FILES
    from .readers import MAX_INPUT_BYTES, suffixes

    kind, oid, _ = resolve(revision)
    if kind is not ObjectType.TREE:
        raise InputError("is a file at that revision, not a folder of policies",
                         path=str(revision))
    wanted = (*suffixes(), *DISTRICT_SUFFIXES)
    root = PurePosixPath(revision.path.rstrip("/") or ".")
    blobs = [b for b in list_tree(revision, oid) if b.name.lower().endswith(wanted) and
             not any(part.startswith(".") for part in
                     PurePosixPath(b.name.partition(":")[2]).relative_to(root).parts)]
    if len(blobs) > MAX_FILES or sum(b.size for b in blobs) > MAX_BYTES:
        raise InputError(f"holds more than {MAX_FILES:,} policy files or {MAX_BYTES:,} bytes; "
                         "a manual is a few hundred policies", path=str(revision))
    fits = [b for b in blobs if b.size <= MAX_INPUT_BYTES]
    data = dict(zip([b.oid for b in fits], read_blobs([b.oid for b in fits], revision),
                    strict=True))
    files = tuple((b.name, data.get(b.oid, f"is {b.size:,} bytes; the limit is "
                                           f"{MAX_INPUT_BYTES:,}")) for b in blobs)
    return _Source(f"{revision.rev}:{root}" if str(root) != "." else f"{revision.rev}:",
                   files)


def _read_one(item: tuple[str, str, bytes], extra: tuple[Path, ...]
              ) -> PolicyFile | Unreadable:
    """Worker: one file's bytes -> PolicyFile, or Unreadable with its reason."""
    from .manual import read_file

    path, root, data = item
    return read_file(path, root, extra, data)


def _relative(name: str, root: str) -> str:
    return PurePosixPath(name).relative_to(PurePosixPath(root)).as_posix() \
        if not root.endswith(":") else name.removeprefix(root)


def read_manuals(old: str, new: str, library: Library, *, jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Manual, Manual]:
    """Both manuals, each file read once in one pool: a file at the same place with the same
    bytes on both sides (most of a manual) is read for the old side and shared."""
    from .manual import run_warmed

    sources = (_source(old), _source(new))
    for name, source in zip((old, new), sources, strict=True):
        if not source.files:
            raise InputError("holds no policies (district files or documents in a form "
                             "boardpolicy reads)", path=name)
    unique: dict[tuple[str, bytes], int] = {}
    work: list[tuple[str, str, bytes]] = []
    for source in sources:
        for name, data in source.files:
            if not isinstance(data, bytes):
                continue
            key = (_relative(name, source.root), data)
            if key not in unique:
                unique[key] = len(work)
                work.append((name, _root_of(source.root), data))
    read: list[PolicyFile | Unreadable] = run_warmed(
        _read_one, work, library.extra, jobs=jobs, progress=progress,
        first_of=[PurePosixPath(name).suffix.lower() for name, _, _ in work])
    manuals = []
    for source in sources:
        files: list[PolicyFile | Unreadable] = []
        for name, data in source.files:
            section = _section(name, source.root)
            if isinstance(data, str):
                files.append(Unreadable(name, section, data))
                continue
            found = read[unique[(_relative(name, source.root), data)]]
            files.append(replace(found, path=name, section=section))
        manuals.append(place(source.root, files))
    return manuals[0], manuals[1]


def _root_of(root: str) -> str:
    """The root the reader takes a file's section relative to: the top of a revision's tree
    (`HEAD:`) is no folder; the section is set from `_section` after reading anyway."""
    return root if not root.endswith(":") else ""


def _section(name: str, root: str) -> str:
    section = PurePosixPath(_relative(name, root)).parent.as_posix()
    return "" if section == "." else section


def _left_out(manual: Manual) -> list[str]:
    """Why files of a manual are not compared: one sentence each."""
    notes = [f"{u.path}: {u.reason}" for u in manual.unreadable]
    notes += [f"{number}: claimed by {len(files)} files ({', '.join(f.path for f in files)}); "
              "none of them is compared" for number, files in manual.duplicates]
    notes += [f"{f.path}: has no policy number (front matter, header or file name)"
              for f in manual.unnumbered]
    return notes


# --- matching and comparing ----------------------------------------------------------------

def diff_manuals(old: str, new: str, library: Library, options: DiffOptions | None = None, *,
                 jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ManualDiff:
    """The change of a manual between two versions, policy by policy."""
    a, b = read_manuals(old, new, library, jobs=jobs, progress=progress)
    return compare_manuals(a, b, options, old_name=old, new_name=new, jobs=jobs)


def compare_manuals(old: Manual, new: Manual, options: DiffOptions | None = None, *,
                    old_name: str = "", new_name: str = "",
                    jobs: int | None = None) -> ManualDiff:
    """Two manuals read -> a ManualDiff: matched by number, renumbering found, every policy
    whose text differs diffed (in parallel)."""
    from .diff import DiffOptions
    from .manual import run_warmed

    options = options or DiffOptions()
    before, after = _numbered(old), _numbered(new)
    pairs = [(before.pop(key), after.pop(key)) for key in list(before) if key in after]
    pairs += _renumbered(before, after)
    changed = [k for k, (o, n) in enumerate(pairs) if _text(o.document) != _text(n.document)]
    diffs: list[Diff] = run_warmed(_diff_one, [(pairs[k][0], pairs[k][1]) for k in changed],
                                   options, jobs=jobs, serial_below=SERIAL_BELOW)
    by_pair = dict(zip(changed, diffs, strict=True))
    policies: list[PolicyChange] = [
        Matched(o, n, by_pair.get(k), _metadata_changes(o.metadata, n.metadata))
        for k, (o, n) in enumerate(pairs)]
    policies += [Removed(f) for f in before.values()]
    policies += [Added(f) for f in after.values()]
    policies.sort(key=_order)
    return ManualDiff(old_name or old.root, new_name or new.root, tuple(policies),
                      tuple(dict.fromkeys(_left_out(old) + _left_out(new))))


def _order(policy: PolicyChange) -> tuple[object, ...]:
    return (policy.number.key, policy.file.path)


def _number(policy_file: PolicyFile) -> PolicyNumber:
    assert policy_file.number is not None  # only numbered files are compared
    return policy_file.number


def _numbered(manual: Manual) -> dict[tuple[object, ...], PolicyFile]:
    """Every file of a manual compared, by its number's key: policies, their regulations
    and exhibits, and regulations whose policy is missing."""
    files = [f for p in manual.policies for f in p.files] + list(manual.orphans)
    return {f.number.key: f for f in files if f.number is not None}


def _text(document: Document) -> tuple[object, ...]:
    """What the diff compares, to tell quickly that two documents read the same."""
    return (document.title, tuple((b.kind, b.label, b.text) for b in document.walk()))


def _words(document: Document) -> str:
    return "\n".join([document.title, *(b.text for b in document.walk() if b.text)])


def _renumbered(gone: dict[tuple[object, ...], PolicyFile],
                fresh: dict[tuple[object, ...], PolicyFile]
                ) -> list[tuple[PolicyFile, PolicyFile]]:
    """Pairs of a number gone and a new one whose texts are the same or RENUMBERED_ALIKE
    alike (of the same kind: a policy with a policy), best first; matched ones leave the two
    dicts. Past MAX_PAIRS candidates, only texts that are the same are paired."""
    from .diff.similar import alike

    exact: dict[tuple[object, ...], tuple[object, ...]] = {}
    texts = {key: _text(f.document) for key, f in fresh.items()}
    by_text = {text: key for key, text in texts.items()}
    for key, f in gone.items():
        match = by_text.get(_text(f.document))
        if match is not None and match not in exact.values() and \
                _number(fresh[match]).kind is _number(f).kind:
            exact[key] = match
    scored: list[tuple[float, tuple[object, ...], tuple[object, ...]]] = \
        [(1.0, old, new) for old, new in exact.items()]
    if len(gone) * len(fresh) <= MAX_PAIRS:
        words = {key: _words(f.document) for key, f in fresh.items()}
        for key, f in gone.items():
            if key in exact:
                continue
            mine = _words(f.document)
            for other, theirs in words.items():
                if _number(fresh[other]).kind is not _number(f).kind:
                    continue
                score = alike(mine, theirs)
                if score >= RENUMBERED_ALIKE:
                    scored.append((score, key, other))
    pairs = []
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    for _, old, new in scored:
        if old in gone and new in fresh:
            pairs.append((gone.pop(old), fresh.pop(new)))
    return pairs


def _diff_one(pair: tuple[PolicyFile, PolicyFile], options: DiffOptions) -> Diff:
    """Worker: one policy's single diff, its two sides named by their files."""
    from .diff import diff_documents

    old, new = pair
    return diff_documents(old.document, new.document, options, old_name=old.path,
                          new_name=new.path)


# --- metadata ------------------------------------------------------------------------------

def _metadata_changes(old: Metadata, new: Metadata) -> tuple[FieldChange, ...]:
    """The fields of front matter that differ (the number aside: a new number is a
    renumbering, and a title's leading number is its number)."""
    fields = [("title", plain_title(old.title), plain_title(new.title)),
              ("series", old.series, new.series),
              ("kind", old.kind.value if old.kind else "", new.kind.value if new.kind else "")]
    old_dates, new_dates = _dates(old), _dates(new)
    fields += [(role, old_dates.get(role, ""), new_dates.get(role, ""))
               for role in sorted(set(old_dates) | set(new_dates), key=_ROLE_ORDER.index)]
    fields += [("legal", "; ".join(old.legal), "; ".join(new.legal)),
               ("cross references", "; ".join(old.cross_references),
                "; ".join(new.cross_references))]
    old_other, new_other = dict(old.other), dict(new.other)
    fields += [(key, old_other.get(key, ""), new_other.get(key, ""))
               for key in sorted(set(old_other) | set(new_other))]
    return tuple(FieldChange(name, a, b) for name, a, b in fields if a != b)


_ROLE_ORDER = ["adopted", "revised", "reviewed"]


def _dates(metadata: Metadata) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for date in metadata.dates:
        found.setdefault(date.role.value, []).append(date.written)
    for role in found:
        if role not in _ROLE_ORDER:
            _ROLE_ORDER.append(role)
    return {role: ", ".join(values) for role, values in found.items()}


def plain_title(title: str) -> str:
    """A title without the number it may start with ("0401.10 Contracts" -> "Contracts")."""
    from .manual import parse_number

    number = parse_number(title)
    if number is None:
        return title.strip()
    rest = title.strip()[len(str(number.base)):].lstrip(" -–—:.")
    return rest if rest and not rest[:1].isdigit() else title.strip()


def title_of(policy: PolicyChange) -> str:
    """The policy's title as a board member reads it: its metadata's, without its number."""
    return plain_title(policy.file.title)


def policy_dict(policy: PolicyChange) -> dict[str, Any]:
    """One policy as the JSON lists it: `number` its number (a removed policy's last one),
    `old_number` its number in the old manual (None when added); a changed policy's
    `changes` are exactly its single diff's."""
    diff = policy.diff if isinstance(policy, Matched) else None
    return {"number": str(policy.number),
            "old_number": str(policy.old_number) if policy.old_number else None,
            "title": title_of(policy), "status": policy.status.value,
            "headline": policy.headline,
            "old_file": policy.old.path if not isinstance(policy, Added) else None,
            "new_file": policy.new.path if not isinstance(policy, Removed) else None,
            "changes": [item.to_dict() for item in diff.listed] if diff is not None else [],
            "metadata": [f.to_dict() for f in policy.metadata]
            if isinstance(policy, Matched) else []}


def changed_policies(manual_diff: ManualDiff) -> Iterable[Matched]:
    """The policies whose text changed (renumbered ones whose text changed too)."""
    return (p for p in manual_diff.policies if isinstance(p, Matched) and p.changed)
