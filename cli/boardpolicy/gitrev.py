"""Names written as git writes a file at a revision, `REV:PATH` (`main~5:docs/policies`,
`HEAD~1:docs/policies/0401.10.md`) -> the bytes of that file, or of every file of that
folder, read from the git repository around the current folder.

Three git processes answer for a whole manual, whatever its number of files:
`cat-file --batch-check` says what the name is (git resolves the revision and the path, `./`
included, as `git show` does), `ls-tree` lists a folder's files, and one `cat-file --batch`
sends all their bytes. A file that exists under a name with ':' in it is that file, never a
revision; a revision that does not exist, or a name outside a repository, is one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from .errors import InputError


class ObjectType(StrEnum):
    """What a revision's path names, as git calls it."""

    BLOB = "blob"
    TREE = "tree"


@dataclass(frozen=True, slots=True)
class Revision:
    """A name as git writes it: `rev` the revision (a branch, a tag, `HEAD~1`), `path` the
    file or folder in it (from the repository's top, or `./`-relative to the current
    folder, as git reads it)."""

    rev: str
    path: str

    def __str__(self) -> str:
        return f"{self.rev}:{self.path}"


@dataclass(frozen=True, slots=True)
class Blob:
    """A file of a revision's folder: `name` as shown (`main:docs/policies/0100.md`), its
    git object id and its size in bytes."""

    name: str
    oid: str
    size: int


def parse_revision(name: str) -> Revision | None:
    """The revision a name writes, or None: a file of that name exists (it wins), the name
    has no ':', or nothing stands before it (git's `:path` is the index, not a revision)."""
    if ":" not in name or name == "-" or os.path.lexists(name):
        return None
    rev, _, path = name.partition(":")
    if not rev or "\n" in name or "\0" in name:
        return None
    return Revision(rev, path)


def resolve(revision: Revision) -> tuple[ObjectType, str, int]:
    """(blob or tree, object id, size) of what the revision names; one line naming it when
    git does not know the revision or the path, or there is no repository here."""
    out = _git(["cat-file", "--batch-check"], revision, stdin=f"{revision}\n".encode())
    line = out.decode("utf-8", "replace").strip()
    fields = line.split()
    if len(fields) == 3 and fields[1] in (ObjectType.BLOB, ObjectType.TREE):
        return ObjectType(fields[1]), fields[0], int(fields[2])
    if len(fields) == 3:
        raise InputError(f"is a git {fields[1]}, not a file or a folder", path=str(revision))
    if not _exists(revision.rev):
        raise InputError(f"no revision '{revision.rev}' in this git repository",
                         path=str(revision))
    raise InputError(f"no file or folder '{revision.path}' at revision {revision.rev}",
                     path=str(revision))


def _exists(rev: str) -> bool:
    """Whether git knows the revision (a commit, or a tag of one)."""
    done = subprocess.run([_git_program(), "rev-parse", "--verify", "--quiet", "--end-of-options",
                           f"{rev}^{{commit}}"], capture_output=True, check=False)
    return done.returncode == 0


def list_tree(revision: Revision, oid: str) -> list[Blob]:
    """The regular files below a folder of a revision, in git's (sorted) order, named as
    `REV:PATH/sub/file`; symbolic links and submodules are left out, as a folder's walk
    leaves out what is not a regular file."""
    out = _git(["ls-tree", "-r", "-z", "-l", oid], revision)
    base = PurePosixPath(revision.path.rstrip("/")) if revision.path.strip("/") else None
    blobs = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        head, _, path = entry.decode("utf-8", "surrogateescape").partition("\t")
        mode, kind, object_id, size = head.split()
        if kind != ObjectType.BLOB or mode not in ("100644", "100755"):
            continue
        inside = str(base / path) if base is not None else path
        blobs.append(Blob(f"{revision.rev}:{inside}", object_id, int(size)))
    return blobs


def read_blobs(oids: list[str], revision: Revision) -> list[bytes]:
    """The bytes of many objects, in order, from one `git cat-file --batch`."""
    if not oids:
        return []
    out = _git(["cat-file", "--batch"], revision, stdin="".join(f"{o}\n" for o in oids).encode())
    found: list[bytes] = []
    at = 0
    for oid in oids:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:
            raise InputError(f"git could not read object {oid}", path=str(revision))
        size = int(header[2])
        found.append(out[end + 1:end + 1 + size])
        at = end + 1 + size + 1  # the content, then a newline
    return found


def read_file(revision: Revision, limit: int) -> bytes:
    """The bytes of one file at a revision; a folder, or a file over `limit`, is refused."""
    from .errors import InputTooLarge

    kind, oid, size = resolve(revision)
    if kind is ObjectType.TREE:
        raise InputError("is a folder at that revision: a manual, which only diff and packet "
                         "compare with another manual", path=str(revision))
    if size > limit:
        raise InputTooLarge(f"is {size:,} bytes; the limit is {limit:,}", path=str(revision))
    return read_blobs([oid], revision)[0]


def _git_program() -> str:
    program = shutil.which("git")
    if program is None:
        raise InputError("reading a git revision needs git, which is not installed")
    return program


def _git(args: list[str], revision: Revision, *, stdin: bytes | None = None) -> bytes:
    """git's output; its own complaint, first line only, when it fails (no repository)."""
    done = subprocess.run([_git_program(), *args], input=stdin, capture_output=True,
                          check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        words = reason[0].removeprefix("fatal: ") if reason else f"git {args[0]} failed"
        if "not a git repository" in words:
            words = "names a git revision, and the current folder is in no git repository"
        raise InputError(words, path=str(revision))
    return done.stdout
