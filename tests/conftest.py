"""Shared fixtures: the real seed texts, the example district files, and a CLI runner that
runs the real entry point in-process (so tests see exactly what a user sees)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from boardpolicy import Library
from boardpolicy.cli import main
from boardpolicy.outputs import Context
from boardpolicy.outputs.diff import DiffFormat, render_diff

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = DATA / "seeds"
GOLDEN = DATA / "golden"
EXAMPLES = ROOT / "examples"
BUTTE = EXAMPLES / "butte" / "5460.yaml"  # Butte's adoption, word for word
VALLEY = EXAMPLES / "example-valley" / "5460.yaml"  # a fictional district using every field


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `boardpolicy ARGS...`; returns exit code, stdout and stderr."""
    monkeypatch.delenv("BOARDPOLICY_LIBRARY", raising=False)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(int(code), captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def library() -> Library:
    return Library()


def require_tool(name: str) -> str:
    """The path of an external judge (soffice, chromium); CI must have it, others may skip."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; scripts/test installs it")
    pytest.skip(f"{name} is not installed (scripts/test installs it)")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip archive holding `entries` (name -> bytes), as test input."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/data/golden/NAME; UPDATE_GOLDENS=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDENS=1 once"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file"


def format_diff(diff, fmt: DiffFormat, **settings) -> str:
    """A diff rendered with these renderer settings (color, width, ...)."""
    return render_diff(diff, fmt, Context(**settings))


def render_docx(diff, new, *, author: str = "boardpolicy", when=None) -> bytes:
    """The Word redline of a diff, drawn on `new`."""
    return render_diff(diff, DiffFormat.DOCX, Context(author=author, when=when), new=new)
