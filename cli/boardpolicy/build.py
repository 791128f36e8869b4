"""A whole manual -> a website: every policy's HTML and DOCX page, its cross references
linked to the pages the manual has, an index by section and number, and a search box that
works from the files alone; built in parallel and swapped into place only when complete.

The manual is read by `manual.py` (a folder of policies in any form boardpolicy reads, one
process per core), its pages made by `pages.py` and its search index by `search.py`. When
the folder's district files name several districts (as `examples/` does, a folder per
district), each district's manual gets a folder of its own, named after the district, and
the site's index lists them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .document import FindingKind, PolicyKind
from .errors import InputError, OutputError
from .manual import DISTRICT_SUFFIXES, Manual, PolicyFile, PolicyNumber, Unreadable, place
from .outputs.context import Context
from .pages import (
    Page,
    Section,
    latest_dates,
    links_of,
    page_document,
    page_name,
    render_index,
    render_page,
    search_script,
    section_heading,
    shown_title,
)
from .prose import count
from .search import INDEX_FILE, SCRIPT_FILE, Entry, index_script

if TYPE_CHECKING:
    from .check import CheckFinding
    from .library import Library

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
# The site's own pages: a policy numbered so would be overwritten by the table of contents.
RESERVED_NUMBERS = frozenset({"index"})
# Written into every site boardpolicy makes: only a folder holding it (or an empty one) is
# ever replaced by a build, so `-o docs` never deletes a folder of the user's own.
MARKER = ".boardpolicy-site"


@dataclass(frozen=True)
class Failure:
    """A file of the manual that gets no page, and why (one line, naming the file)."""

    source: str
    error: str


@dataclass
class BuildResult:
    policies: list[Page]  # every page built: policies, regulations and exhibits
    failures: list[Failure]
    # findings `check` also makes: references the manual lacks, regulations without policy
    notes: list[CheckFinding] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # with check: outputs missing or out of date
    files: int = 0  # files in the site

    def note_lines(self, manual: str) -> list[str]:
        """The notes as a clerk reads them: one line per kind (see `note_lines`)."""
        return note_lines(self.notes, manual)

    def pages_built(self) -> str:
        """'30 policies, 4 regulations and exhibits': what the site's pages are."""
        policies = sum(1 for p in self.policies if p.kind is PolicyKind.POLICY)
        text = count(policies, "policy", "policies")
        others = len(self.policies) - policies
        if others:
            text += f", {count(others, 'regulation or exhibit', 'regulations and exhibits')}"
        return text


NOTES_NAMED = 3  # notes named on a kind's line; `boardpolicy check` lists them all


def note_lines(notes: list[CheckFinding], manual: str) -> list[str]:
    """One line per kind of note, in the order the kinds first come: a single note as
    `check` words it; several counted, the first NOTES_NAMED named, and the rest left to
    `boardpolicy check` (a generated manual gave over a thousand lines, which nobody reads)."""
    by_kind: dict[FindingKind, list[CheckFinding]] = {}
    for note in notes:
        by_kind.setdefault(note.kind, []).append(note)
    lines = []
    for kind, found in by_kind.items():
        if len(found) == 1:
            lines.append(f"{found[0].file}: {kind}: {found[0].message}")
            continue
        named = "; ".join(f"{f.file}: {f.message}" for f in found[:NOTES_NAMED])
        rest = len(found) - NOTES_NAMED
        more = (f"; and {rest:,} more (boardpolicy check {manual} lists every one)"
                if rest > 0 else "")
        lines.append(f"{len(found):,} {kind} findings: {named}{more}")
    return lines


def build(source: Path, site: Path, library: Library, *, check: bool = False,
          jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
          context: Context | None = None) -> BuildResult:
    """Read the manual under `source`, render every page; write the site (or, with check,
    compare it)."""
    from .manual import find_files, read_file, run_warmed

    context = context or Context()
    check_folders(source, site)
    paths = [str(p) for p in find_files(source)]
    if not paths:
        raise InputError("holds no policies (district files or documents in a form "
                         f"boardpolicy reads: {_suffix_names()})", path=source)
    total = 2 * len(paths)
    read: list[PolicyFile | Unreadable] = run_warmed(
        read_file, paths, str(source), library.extra, jobs=jobs,
        progress=(lambda k, _: progress(k, total)) if progress else None,
        first_of=[Path(path).suffix.lower() for path in paths])
    failures = [Failure(r.path, _unreadable(r)) for r in read if isinstance(r, Unreadable)]
    manuals = _by_district([r for r in read if isinstance(r, PolicyFile)])
    several = len(manuals) > 1
    slugs = _folders(list(manuals))
    planned: list[tuple[str, list[Page]]] = []
    notes: list[CheckFinding] = []
    for district, group in sorted(manuals.items()):
        manual = place(str(source), list[PolicyFile | Unreadable](group))
        pages, failed = plan_pages(manual)
        failures += failed
        notes += _notes(manual)
        planned.append((district, pages))
    every = [page for _, pages in planned for page in pages]
    done = len(paths)
    rendered: list[tuple[dict[str, bytes], dict[str, int]]] = run_warmed(
        render_page, every, context, jobs=jobs,
        progress=(lambda k, n: progress(done + k * done // max(n, 1), total))
        if progress else None)
    outputs = iter(rendered)
    files_out: dict[str, bytes] = {}
    for district, pages in planned:
        folder = f"{slugs[district]}/" if several else ""
        entries = []
        for page in pages:
            files, words = next(outputs)
            files_out.update({folder + name: data for name, data in files.items()})
            entries.append(Entry(f"{page.name}.html", page.number, page.title, words))
        files_out[f"{folder}index.html"] = render_index(
            sections(pages), [district] if district else [], _policy_count(pages), context,
            "../index.html" if several else "")
        files_out[f"{folder}{INDEX_FILE}"] = index_script(entries)
        files_out[f"{folder}{SCRIPT_FILE}"] = search_script(context)
    if several:
        files_out["index.html"] = render_manuals(
            {d: (slugs[d], _policy_count(ps)) for d, ps in planned}, context)
    result = BuildResult(every, failures, notes, files=len(files_out))
    if check:
        result.stale = _stale(site, files_out)
    elif not failures:
        publish(site, files_out)
    return result


def _suffix_names() -> str:
    from .readers import suffixes

    return ", ".join(sorted({*suffixes(), ".yaml"}))


def _unreadable(bad: Unreadable) -> str:
    """'broken.yaml:3: malformed YAML': the reason with its file, as errors name them."""
    found = re.match(r"line (\d+): ", bad.reason)
    if found:
        return f"{bad.path}:{found[1]}: {bad.reason[found.end():]}"
    return f"{bad.path}: {bad.reason}"


def _by_district(files: list[PolicyFile]) -> dict[str, list[PolicyFile]]:
    """The manuals a folder holds: one, unless its district files name several districts;
    then one per district, a document going with the district its header names (or with
    the policies that name none)."""
    named = {f.document.district or "" for f in files
             if f.path.lower().endswith(DISTRICT_SUFFIXES)}
    if len(named) <= 1:
        return {min(named, default="") or _district_of(files): files}
    out: dict[str, list[PolicyFile]] = {}
    for f in files:
        district = f.document.district or ""
        out.setdefault(district if district in named else "", []).append(f)
    return out


def _district_of(files: list[PolicyFile]) -> str:
    """A manual's district, when every file that names one names the same."""
    named = {f.document.district for f in files if f.document.district}
    return named.pop() if len(named) == 1 else ""


def _policy_count(pages: list[Page]) -> int:
    return sum(1 for p in pages if p.kind is PolicyKind.POLICY)


def plan_pages(manual: Manual) -> tuple[list[Page], list[Failure]]:
    """Every file of a manual that can have a page, in the index's order (each policy, then
    its regulations and exhibits), and a failure for each that cannot."""
    failures = [Failure(f.path, f"{f.path}: policy {number} is also claimed by "
                                + ", ".join(o.path for o in files if o is not f))
                for number, files in manual.duplicates for f in files]
    failures += [Failure(f.path, _unnumbered(f)) for f in manual.unnumbered]
    placed: list[tuple[PolicyFile, PolicyNumber, str]] = []
    for policy in manual.policies:
        placed.append((policy.file, policy.number, ""))
        placed += [(a, a.number, page_name(policy.number)) for a in policy.attachments
                   if a.number is not None]
    placed += [(o, o.number, "") for o in manual.orphans if o.number is not None]
    titles = {number.key: shown_title(f.title, number) for f, number, _ in placed}
    named = Counter(page_name(number).lower() for _, number, _ in placed)
    good: list[tuple[PolicyFile, PolicyNumber, str]] = []
    for f, number, owner in placed:
        name = page_name(number)
        if not SAFE_NAME.match(name):
            failures.append(Failure(f.path, f"{f.path}: the policy number '{name}' cannot be a "
                                            "file name in the site (letters, digits, '.', "
                                            "'_' and '-' only)"))
        elif named[name.lower()] > 1:
            failures.append(Failure(f.path, f"{f.path}: another policy's page is also named "
                                            f"{name}.html"))
        else:
            good.append((f, number, owner))
    hrefs = {number.key: (f"{page_name(number)}.html", titles[number.key])
             for _, number, _ in good}
    series = _section_headings(good)
    pages = []
    for f, number, owner in good:
        document = page_document(f, number, titles[number.key], series[f.path], titles,
                                 manual.root)
        pages.append(Page(f.path, page_name(number), str(number), titles[number.key],
                          series[f.path], number.kind, latest_dates(f), document, owner,
                          links_of(document, hrefs)))
    return pages, failures


def _unnumbered(f: PolicyFile) -> str:
    """Why a file has no page: no number, or a number the site cannot use."""
    written = f.metadata.number.strip()
    if written.lower() in RESERVED_NUMBERS:
        return (f"{f.path}: the policy number '{written}' is the name of the site's table of "
                "contents; number the policy otherwise")
    if written:
        return (f"{f.path}: the policy number '{written}' cannot be a file name in the site "
                "(letters, digits, '.', '_' and '-' only)")
    return f"{f.path}: no policy number in its metadata, its header or its file name"


def _section_headings(placed: list[tuple[PolicyFile, PolicyNumber, str]]
                      ) -> dict[str, str]:
    """Each file's section heading (by path): its folder's, or, for a file at the top of the
    manual, its series ("Policies" when it has none)."""
    folders: dict[str, list[str]] = {}
    for f, _, _ in placed:
        folders.setdefault(_section_key(f), []).append(f.metadata.series or f.document.series)
    headings = {key: section_heading(key.removeprefix("/"), series)
                for key, series in folders.items()}
    return {f.path: headings[_section_key(f)] for f, _, _ in placed}


def _section_key(f: PolicyFile) -> str:
    return f.section or "/" + (f.metadata.series or f.document.series)


# The index's last section: regulations and exhibits whose policy the manual lacks (or two
# files claim), listed apart so that none reads as a policy of its section.
WITHOUT_POLICY = "Without their policy"


def sections(pages: list[Page]) -> list[Section]:
    """The index: pages by section (in the order of their first numbers), each policy with
    its regulations and exhibits under it; those without their policy in a section last."""
    grouped: dict[str, list[tuple[Page, tuple[Page, ...]]]] = {}
    attached: dict[str, list[Page]] = {}
    apart: list[tuple[Page, tuple[Page, ...]]] = []
    for page in pages:
        if page.policy:
            attached.setdefault(page.policy, []).append(page)
    for page in pages:
        if page.kind is not PolicyKind.POLICY and not page.policy:
            apart.append((page, ()))
        elif not page.policy:
            grouped.setdefault(page.section, []).append(
                (page, tuple(attached.get(page.name, ()))))
    out = [Section(heading, tuple(rows)) for heading, rows in grouped.items()]
    return [*out, Section(WITHOUT_POLICY, tuple(apart))] if apart else out


def _notes(manual: Manual) -> list[CheckFinding]:
    """What `check` would say of the manual's references and placement: a reference to a
    policy the manual lacks (its text is printed plain), a regulation without its policy."""
    from datetime import date

    from .check import check_manual

    report = check_manual(manual, as_of=date.max)
    return [f for f in report.findings
            if f.kind in (FindingKind.MISSING_REFERENCE, FindingKind.NO_POLICY)]


def check_folders(source: Path, site: Path) -> None:
    if not source.is_dir():
        raise InputError("is not a folder of policies", path=source)
    src, out = source.resolve(), site.resolve()
    if out == src or src in out.parents:
        raise OutputError(f"the site folder is inside the policy folder {source}; choose a "
                          "folder outside it, so that the site is never read as policies",
                          path=site)
    if out in src.parents:
        raise OutputError(f"the site folder contains the policy folder {source}; a build "
                          "replaces the whole site folder", path=site)


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
        base = slug = _slug(district) if district else "other-policies"
        n = 1
        while slug in used or slug == "index.html":
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[district] = slug
    return out


def render_manuals(manuals: dict[str, tuple[str, int]], context: Context) -> bytes:
    """The site's front page when it holds several districts' manuals."""
    from .outputs.policy.templated import environment

    html = environment(context.templates).get_template("manuals.html.j2").render(
        manuals={d or "Other policies": v for d, v in manuals.items()})
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
            (staging / name).write_bytes(data)
        _sync()
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


def _sync() -> None:
    """Every file of the new site on disk before the swap, so that even a machine that loses
    power leaves the old site or the new one whole. One sync for the whole batch: a sync
    after each file made publishing 1,200 files wait 5.5 s on a busy disk, this about 0.5 s."""
    os.sync()


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
