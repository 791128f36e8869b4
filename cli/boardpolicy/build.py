"""A whole policy manual: every district policy file under a folder -> a website of DOCX and
HTML files with an index, built in parallel, swapped into place only when complete.

Policies are grouped into manuals by district: one district's manual fills the site folder;
several districts' manuals (a folder per district, as `examples/` is) each get a folder of
their own, named after the district, and the site's index lists them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BoardPolicyError, InputError, OutputError
from .outputs.context import Context

if TYPE_CHECKING:
    from .library import Library

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
# The site's own pages: a policy numbered so would be overwritten by the table of contents.
RESERVED_NUMBERS = frozenset({"index"})
# Written into every site boardpolicy makes: only a folder holding it (or an empty one) is
# ever replaced by a build, so `-o docs` never deletes a folder of the user's own.
MARKER = ".boardpolicy-site"


@dataclass(frozen=True)
class Rendered:
    """One policy, rendered (or the reason it could not be)."""

    source: str
    number: str = ""
    title: str = ""
    series: str = ""
    district: str = ""
    dates: tuple[tuple[str, str], ...] = ()  # (label, value) from the policy history
    files: dict[str, bytes] = field(default_factory=dict)  # site file name -> bytes
    error: str = ""


@dataclass
class BuildResult:
    policies: list[Rendered]
    failures: list[Rendered]
    stale: list[str] = field(default_factory=list)  # with check: outputs missing or out of date
    files: int = 0  # files in the site


def find_policy_files(folder: Path) -> list[Path]:
    """District policy files: *.yaml and *.yml below `folder`, hidden ones left out."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(root) / f for f in sorted(files)
                if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return out


def _render_one(path: str, extra: tuple[Path, ...], context: Context) -> Rendered:
    """Worker: one district file -> DOCX and HTML (runs in a separate process)."""
    from .composition import compose
    from .district import load_district
    from .document import Kind
    from .outputs.policy import PolicyFormat, render_policy
    from .parallel import worker_library

    try:
        _regular_file(path)
        district, model = load_district(path, worker_library(extra))
        document = compose(district, model)
        name = model.number
        if not SAFE_NAME.match(name):
            raise OutputError(f"the policy number '{name}' cannot be a file name in the site "
                              "(letters, digits, '.', '_' and '-' only)", path=path)
        if name.lower() in RESERVED_NUMBERS:
            raise OutputError(f"the policy number '{name}' is the name of the site's table of "
                              "contents; number the policy otherwise", path=path)
        dates = tuple((e.label or "", e.text) for b in document.blocks
                      if b.kind is Kind.HISTORY for e in b.children)
        return Rendered(path, name, document.title, document.series, district.district, dates,
                        {f"{name}.docx": render_policy(document, PolicyFormat.DOCX, context),
                         f"{name}.html": render_policy(document, PolicyFormat.HTML,
                                                       replace(context, contents="index.html"))})
    except BoardPolicyError as exc:
        return Rendered(path, error=str(exc) if exc.path else f"{path}: {exc}")
    except Exception as exc:  # a bug must not stop the other policies either
        return Rendered(path, error=f"{path}: internal error: {type(exc).__name__}: {exc}")


def _regular_file(path: str) -> None:
    """A FIFO, socket or device named like a policy file is not read: opening a FIFO waits
    for a writer that may never come, and a build must end."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # the reader names the problem
    if not stat.S_ISREG(mode):
        raise InputError("is not a regular file (a FIFO, socket or device); a manual holds "
                         "files, so it is left out", path=path)


def check_folders(source: Path, site: Path) -> None:
    if not source.is_dir():
        raise InputError("is not a folder of district policy files", path=source)
    src, out = source.resolve(), site.resolve()
    if out == src or src in out.parents:
        raise OutputError(f"the site folder is inside the policy folder {source}; choose a "
                          "folder outside it, so that the site is never read as policies",
                          path=site)
    if out in src.parents:
        raise OutputError(f"the site folder contains the policy folder {source}; a build "
                          "replaces the whole site folder", path=site)


def build(source: Path, site: Path, library: Library, *, check: bool = False,
          jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
          context: Context | None = None) -> BuildResult:
    """Render every policy under `source`; write the site (or, with check, compare it)."""
    context = context or Context()
    check_folders(source, site)
    files = find_policy_files(source)
    if not files:
        raise InputError("holds no district policy files (*.yaml)", path=source)
    from .parallel import run_all

    results: list[Rendered] = run_all(_render_one, [str(f) for f in files], library.extra,
                                      context,
                                      jobs=jobs, progress=progress)
    failures = [r for r in results if r.error]
    manuals: dict[str, list[Rendered]] = {}
    for r in results:
        if not r.error:
            manuals.setdefault(r.district, []).append(r)
    several = len(manuals) > 1
    slugs = _folders(list(manuals))
    files_out: dict[str, bytes] = {}
    good: list[Rendered] = []
    for district, policies in sorted(manuals.items()):
        kept, clashes = _unique_numbers(policies)
        failures += clashes
        folder = f"{slugs[district]}/" if several else ""
        files_out.update({folder + name: data for r in kept for name, data in r.files.items()})
        files_out[f"{folder}index.html"] = render_index(kept, context,
                                                        "../index.html" if several else "")
        good += kept
    if several:
        files_out["index.html"] = render_manuals(
            {d: (slugs[d], len(ps)) for d, ps in sorted(manuals.items())}, context)
    result = BuildResult(good, failures, files=len(files_out))
    if check:
        result.stale = _stale(site, files_out)
    elif not failures:
        publish(site, files_out)
    return result


def _unique_numbers(policies: list[Rendered]) -> tuple[list[Rendered], list[Rendered]]:
    """A manual's policies in number order, and a failure for each file of a number that
    two files claim."""
    claims = Counter(r.number for r in policies)
    failures = []
    for number in sorted(n for n, c in claims.items() if c > 1):
        sources = [r.source for r in policies if r.number == number]
        for source_file in sources:
            others = ", ".join(s for s in sources if s != source_file)
            failures.append(Rendered(source_file, error=f"{source_file}: policy {number} is "
                                                        f"also claimed by {others}"))
    kept = sorted((r for r in policies if claims[r.number] == 1),
                  key=lambda r: _number_key(r.number))
    return kept, failures


def _slug(district: str) -> str:
    """'Butte School District' -> 'butte-school-district': a folder name for a manual.
    Letters of any script are kept (a Cyrillic or Chinese name gets a folder of its own)."""
    slug = re.sub(r"[\W_]+", "-", district.casefold()).strip("-")[:60].strip("-")
    return slug or "district"


def _folders(districts: list[str]) -> dict[str, str]:
    """Each district's folder, distinct even when two names make one slug ("Butte School
    District" and "BUTTE SCHOOL DISTRICT!"): the later in sorted order get -2, -3, ..., so
    no manual is written over another."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for district in sorted(districts):
        base = slug = _slug(district)
        n = 1
        while slug in used or slug == "index.html":
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[district] = slug
    return out


def _number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", number))


def render_index(policies: list[Rendered], context: Context, contents: str = "") -> bytes:
    from .outputs.policy.templated import environment

    grouped: dict[str, list[Rendered]] = {}
    for policy in policies:
        grouped.setdefault(policy.series or "Policies", []).append(policy)
    # series in the order of their numbers (1000 SCHOOL BOARD before 2000 INSTRUCTION)
    series = dict(sorted(grouped.items(),
                         key=lambda kv: min(_number_key(p.number) for p in kv[1])))
    districts = sorted({p.district for p in policies if p.district})
    html = environment(context.templates).get_template("index.html.j2").render(
        series=series, districts=districts, count=len(policies), contents=contents)
    return html.encode("utf-8")


def render_manuals(manuals: dict[str, tuple[str, int]], context: Context) -> bytes:
    """The site's front page when it holds several districts' manuals."""
    from .outputs.policy.templated import environment

    html = environment(context.templates).get_template("manuals.html.j2").render(
        manuals=manuals)
    return html.encode("utf-8")


def _stale(site: Path, files: dict[str, bytes]) -> list[str]:
    out = []
    for name, data in sorted(files.items()):
        path = site / name
        try:
            if path.read_bytes() != data:
                out.append(f"{path}: out of date")
        except FileNotFoundError:
            out.append(f"{path}: missing")
        except OSError as exc:
            out.append(f"{path}: cannot read ({exc.strerror or exc})")
    if site.is_dir():
        folders = {str(Path(name).parent) for name in files}
        for path in sorted(site.rglob("*")):
            name = path.relative_to(site).as_posix()
            if name not in files and name != MARKER and not (path.is_dir() and name in folders):
                out.append(f"{path}: no longer produced by any policy")
    return out


def publish(site: Path, files: dict[str, bytes]) -> None:
    """Write the site into a new folder beside it, then swap the folders under a lock: the
    previous site stays whole until the new one is complete, and two builds at once leave
    one complete site."""
    shown = site
    site = _followed(site)
    parent = site.parent if str(site.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write: the folder {parent} does not exist", path=shown)
    _replaceable(site, shown)
    remove_stale(site)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=site) from None
    swapped = False
    try:
        (staging / MARKER).write_text("This folder is a site built by boardpolicy; the next "
                                      "build replaces it whole.\n", encoding="utf-8")
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staging, 0o755)
        with _lock(parent / f".{site.name}.lock"):
            _replaceable(site, shown)  # again, under the lock: another build may have won
            old = None
            if site.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-{os.getpid()}-",
                                            dir=parent))
                os.rmdir(old)
                os.rename(site, old)
            os.rename(staging, site)
            swapped = True
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"cannot write the site: {exc.strerror or exc}", path=site) from None
    finally:
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)


def _followed(site: Path) -> Path:
    """A site named through a symbolic link is built where the link points; the link
    stays (as a file output's link does)."""
    return Path(os.path.realpath(site)) if site.is_symlink() else site


def _replaceable(site: Path, shown: Path) -> None:
    """Refuse to replace anything but nothing, an empty folder, or a site boardpolicy made
    (its marker file inside): a build never deletes the user's own folder or file."""
    if not os.path.lexists(site):
        return
    if not site.is_dir():
        raise OutputError("is a file, not a site folder; refusing to replace it: choose "
                          "another folder with -o", path=shown)
    if (site / MARKER).is_file():
        return
    try:
        empty = next(os.scandir(site), None) is None
    except OSError as exc:
        raise OutputError(f"cannot read the folder: {exc.strerror or exc}", path=shown) from None
    if not empty:
        raise OutputError(f"is a folder boardpolicy did not make (it has no {MARKER} file); "
                          "refusing to replace it: choose a new or empty folder with -o",
                          path=shown)


def remove_stale(site: Path) -> None:
    """Remove the staging folders of builds that were killed (`.SITE.new-PID-*` and
    `.SITE.old-PID-*` whose process PID no longer runs); a running build's are left."""
    parent = site.parent if str(site.parent) else Path(".")
    pattern = re.compile(rf"^\.{re.escape(site.name)}\.(new|old)-(\d+)-")
    for folder in parent.iterdir():
        found = pattern.match(folder.name)
        if found and folder.is_dir() and not folder.is_symlink() and \
                not _running(int(found[2])):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a number no process has): leave it
    return True


@contextlib.contextmanager
def _lock(path: Path):
    import fcntl

    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
