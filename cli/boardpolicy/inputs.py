"""Turns what the user names on the command line into a Document.

A name is a file when one exists at that path, else a file at a git revision when written as
git writes one (`HEAD~1:docs/policies/0401.10.md`), else a document by its extension, else a
model reference (`mtsba/5460`). Two folders (or folders at revisions) are two manuals.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .composition import compose, compose_model
from .document import Document
from .errors import InputError
from .library import Library, parse_ref
from .model_policy import ModelPolicy
from .readers.changes import TrackedChanges

if TYPE_CHECKING:
    from .diff import Diff, DiffOptions
    from .gitrev import Revision

DISTRICT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Loaded:
    """An input of `diff` (or `import`): its Document, and its model when it is a model."""

    document: Document
    name: str
    model: ModelPolicy | None = None  # the input is this model itself
    policy_model: ModelPolicy | None = None  # the input is a district file following it


def load_input(name: str, library: Library, *, limit: int | None = None,
               changes: TrackedChanges = TrackedChanges.ACCEPT) -> Loaded:
    """Any input DESIGN.md names: a model reference, a district file, a document, or "-".

    `changes`: a Word document's tracked changes are all "accept"ed or all "reject"ed."""
    from .readers import MAX_INPUT_BYTES, by_suffix, read_bytes, read_document

    limit = limit or MAX_INPUT_BYTES
    path = Path(name)
    if name == "-":
        data = read_bytes("-", limit=limit)
        if _district_file(data):
            from .district import load_district
            from .yamlfile import decode_text

            text = decode_text(data, "<stdin>", what="district policy file")
            district, model = load_district("<stdin>", library, text=text)
            return Loaded(compose(district, model), "<stdin>", policy_model=model)
        return Loaded(read_document("<stdin>", data=data, limit=limit, changes=changes),
                      "<stdin>")
    revision = _revision(name)
    if revision is not None:
        return _load_revision(revision, library, limit=limit, changes=changes)
    if path.suffix.lower() in DISTRICT_SUFFIXES:
        from .district import load_district

        district, model = load_district(path, library)
        return Loaded(compose(district, model), name, policy_model=model)
    if path.exists() or by_suffix(path) is not None:
        return Loaded(read_document(path, limit=limit, changes=changes), name)
    if parse_ref(name):
        model = library.get(name)
        return Loaded(compose_model(model), model.ref, model)
    raise InputError("no such file, and not a model reference like mtsba/5460", path=name)


def _revision(name: str) -> Revision | None:
    """The git revision a name writes (`HEAD~1:docs/policies`), or None; git's module (and
    its subprocess) is imported only for a name that could be one."""
    if ":" not in name:
        return None
    from .gitrev import parse_revision

    return parse_revision(name)


def _load_revision(revision: Revision, library: Library, *, limit: int,
                   changes: TrackedChanges) -> Loaded:
    """A file at a git revision (`HEAD~1:docs/policies/0401.10.md`), read as the file
    itself would be: a district file composed, a document by its reader."""
    from .gitrev import read_file
    from .readers import read_document

    name = str(revision)
    data = read_file(revision, limit)
    if Path(revision.path).suffix.lower() in DISTRICT_SUFFIXES:
        from .district import load_district
        from .yamlfile import decode_text

        text = decode_text(data, name, what="district policy file")
        district, model = load_district(name, library, text=text)
        return Loaded(compose(district, model), name, policy_model=model)
    return Loaded(read_document(name, data=data, limit=limit, changes=changes), name)


def both_manuals(old: str, new: str) -> bool:
    """Whether OLD and NEW are two manuals (folders, or folders at git revisions) rather
    than two policies; one of each is refused, naming the manual."""
    from .manual_diff import is_manual

    if old == "-" or new == "-":
        return False
    kinds = (is_manual(old), is_manual(new))
    if kinds[0] != kinds[1]:
        folder = old if kinds[0] else new
        raise InputError("is a manual (a folder of policies), and the other a single policy: "
                         "compare two manuals, or two policies", path=folder)
    return kinds[0]


_DISTRICT_KEYS = re.compile(rb"^model:[ \t]*\S", re.MULTILINE)


def _district_file(data: bytes) -> bool:
    """Standard input holds a district policy file (not a document): YAML with `model:`."""
    return bool(_DISTRICT_KEYS.search(data[:4096])) and b"\0" not in data[:4096] and \
        re.search(rb"^district:", data[:8192], re.MULTILINE) is not None


@dataclass(frozen=True)
class Comparison:
    """Two inputs diffed: the Diff (its list of changes knows what each option means), and
    the new Document (a Word redline is drawn on it)."""

    diff: Diff
    new: Document


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading and diffing a whole manual makes about a million objects (lines, blocks,
    units, pairs, spans, changes), none in a reference cycle: the cyclic collector's passes
    over them freed nothing and took 5% of the time. Reference counting frees as usual."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_no_cycle_collection()
def compare_inputs(old: str, new: str, library: Library, options: DiffOptions | None = None,
                   *, limit: int | None = None,
                   old_changes: TrackedChanges = TrackedChanges.ACCEPT,
                   new_changes: TrackedChanges = TrackedChanges.ACCEPT) -> Comparison:
    """Load both sides and diff them; a model, when one side is one, as it reads for the
    other side's district. A Word document's tracked changes are accepted or rejected per
    side, so one redlined file against itself shows what its changes propose."""
    from .diff import DiffOptions, diff_documents

    options = options or DiffOptions()
    if old == "-" and new == "-":
        raise InputError("only one of the two versions can be standard input (-)")
    a = load_input(old, library, limit=limit, changes=old_changes)
    b = load_input(new, library, limit=limit, changes=new_changes)
    old_doc, new_doc = a.document, b.document
    editions = bool(a.model and b.model)
    if editions:  # two editions (or models): block by block, no district side
        from dataclasses import replace

        options = replace(options, model_aware=False)
    if options.model_aware:
        if a.model and new_doc.district:
            old_doc = compose_model(a.model, district=new_doc.district)
        if b.model and old_doc.district:
            new_doc = compose_model(b.model, district=old_doc.district)
    meanings = {}
    for model in (a.policy_model, b.policy_model) if editions else \
            (a.model, b.model, a.policy_model, b.policy_model):
        for choice in model.choices if model else ():
            meanings.update({o.id: choice.id for o in choice.options})
    diff = diff_documents(old_doc, new_doc, options,
                          old_model=None if editions else a.model,
                          new_model=None if editions else b.model,
                          old_name=a.name, new_name=b.name, meanings=meanings)
    return Comparison(diff, new_doc)
