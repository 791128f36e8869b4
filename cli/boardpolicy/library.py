"""The model policy library: finds models by reference (`mtsba/5460`, `mtsba/5460@2012`).

Folders are searched in order: those the caller names (the command line takes them from its
library option or the BOARDPOLICY_LIBRARY variable), then the library bundled with
boardpolicy, so a district can add or override a model without touching the package.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model_policy import ModelPolicy, load_model
from .resources import data_dir
from .yamlfile import nearest, shown

# Each part starts with a letter or digit (so never '.' or '..', which would lead outside
# the library) and is at most 100 characters (a file name, not a megabyte of text).
_PART = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"
REF_PATTERN = re.compile(rf"^(?P<publisher>{_PART})/(?P<number>{_PART})"
                         rf"(?:@(?P<edition>{_PART}))?$")


@dataclass(frozen=True)
class ModelRef:
    publisher: str
    number: str
    edition: str | None = None

    @property
    def name(self) -> str:
        return f"{self.publisher}/{self.number}"

    def __str__(self) -> str:
        return f"{self.name}@{self.edition}" if self.edition else self.name


def parse_ref(text: str) -> ModelRef | None:
    """`mtsba/5460@2012` -> ModelRef; None when `text` is not shaped like a reference."""
    match = REF_PATTERN.match(text.strip())
    if not match:
        return None
    return ModelRef(match["publisher"], match["number"], match["edition"])


class Library:
    """The model policies available to this run, loaded lazily and once."""

    def __init__(self, extra: list[Path] | tuple[Path, ...] = ()):
        # the user's folders: all a worker process needs to build the same library
        self.extra: tuple[Path, ...] = tuple(Path(p) for p in extra)
        self.roots: list[Path] = [*self.extra, data_dir("model_policies")]
        for root in self.roots:
            if not root.is_dir():
                raise InputError("model library folder does not exist", path=root)
        self._models: list[ModelPolicy] | None = None

    def models(self) -> list[ModelPolicy]:
        """Every edition of every model, first root winning for the same reference."""
        if self._models is None:
            found: dict[str, ModelPolicy] = {}
            for root in self.roots:
                models = [load_model(path) for path in sorted(root.glob("*/*.yaml"))]
                for model in _one_per_ref(models).values():
                    found.setdefault(model.ref, model)
            self._models = sorted(found.values(), key=lambda m: (m.name, not m.default, m.edition))
        return self._models

    def _editions(self, ref: ModelRef) -> list[ModelPolicy]:
        """The editions of one policy, reading only its own files (a manual's library holds
        hundreds of models, and every build worker asks for one at a time)."""
        if self._models is not None:
            return [m for m in self._models if m.name == ref.name]
        found: dict[str, ModelPolicy] = {}
        for root in self.roots:
            folder = root / ref.publisher
            if not folder.is_dir():
                continue
            paths = [folder / f"{ref.number}.yaml", *sorted(folder.glob(f"{ref.number}@*.yaml"))]
            models = [load_model(path) for path in paths if path.is_file()]
            for model in _one_per_ref([m for m in models if m.name == ref.name]).values():
                found.setdefault(model.ref, model)
        if not found:  # a file named otherwise may still hold it: look through them all
            return self._one_default([m for m in self.models() if m.name == ref.name])
        return self._one_default(sorted(found.values(), key=lambda m: (not m.default, m.edition)))

    def _one_default(self, editions: list[ModelPolicy]) -> list[ModelPolicy]:
        """The editions of one policy, the default first. Two editions of one folder that
        both say `default: true` are refused (which one a district got would depend on the
        order of file names); across folders, the first folder's default wins, as its
        models do."""
        rank = {root: i for i, root in enumerate(self.roots)}
        defaults = sorted((m for m in editions if m.default),
                          key=lambda m: rank.get(Path(m.path).parent.parent, len(rank)))
        if len(defaults) < 2:
            return editions
        first, second = defaults[:2]
        if Path(first.path).parent.parent == Path(second.path).parent.parent:
            raise InputError(f"says `default: true`, as {second.path} does for {second.ref}; "
                             f"only one edition of {first.name} can be the default",
                             path=first.path)
        return [first, *(m for m in editions if m is not first)]

    def get(self, ref: str | ModelRef) -> ModelPolicy:
        """The model named by `ref`; its default edition when none is named."""
        parsed = parse_ref(ref) if isinstance(ref, str) else ref
        if parsed is None:
            raise InputError(f"'{shown(str(ref))}' is not a model reference (write it as "
                             "publisher/number, e.g. mtsba/5460 or mtsba/5460@2012)")
        editions = self._editions(parsed)
        if not editions:
            hint = nearest(parsed.name, {m.name for m in self.models()})
            tip = f"; did you mean {hint}?" if hint else "; run `boardpolicy models` to list them"
            raise InputError(f"unknown model policy '{parsed.name}'{tip}")
        if parsed.edition is None:
            return next((m for m in editions if m.default), editions[0])
        for model in editions:
            if model.edition == parsed.edition:
                return model
        known = ", ".join(m.edition for m in editions)
        raise InputError(f"model policy {parsed.name} has no edition '{parsed.edition}'; "
                         f"editions: {known}")


def library_flag(model: ModelPolicy) -> str:
    """` --library FOLDER` when `model` came from a folder of the user's, else "": added to
    every command a hint prints about the model (`boardpolicy show`, `render`, `validate`),
    so the command finds the model when pasted as printed."""
    if not model.path:
        return ""
    root = Path(model.path).parent.parent  # a library holds publisher/number.yaml
    try:
        if root.resolve() == data_dir("model_policies").resolve():
            return ""
    except OSError:
        return ""
    return f" --library {shlex.quote(str(root))}"


def show_command(model: ModelPolicy) -> str:
    """The command that lists the model's blocks and options, as a hint prints it."""
    return f"boardpolicy show {model.name}{library_flag(model)}"


def _one_per_ref(models: list[ModelPolicy]) -> dict[str, ModelPolicy]:
    """One library folder's models by reference; two files of one folder claiming the same
    edition are refused, naming both (an earlier folder overriding a later one is meant)."""
    out: dict[str, ModelPolicy] = {}
    for model in models:
        if model.ref in out:
            raise InputError(f"claims the model {model.ref}, as {out[model.ref].path} does; "
                             "keep one of the two files", path=model.path)
        out[model.ref] = model
    return out

