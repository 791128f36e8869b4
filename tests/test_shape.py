"""The package's shape: no import cycle, a CLI that renders nothing itself, and every format of
every product reachable through its renderer."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from boardpolicy.outputs import Context
from boardpolicy.outputs.check import CheckFormat, render_check
from boardpolicy.outputs.compare import CompareFormat, render_compare
from boardpolicy.outputs.diff import DiffFormat, render_diff
from boardpolicy.outputs.formats import OutputFormat
from boardpolicy.outputs.model_import import ModelImportFormat, render_model_import
from boardpolicy.outputs.packet import PacketFormat, render_packet
from boardpolicy.outputs.policy import PolicyFormat, render_policy
from boardpolicy.outputs.report import ReportFormat, render_report
from boardpolicy.outputs.upgrade import UpgradeFormat, render_upgrade

from .conftest import ROOT

PACKAGE = ROOT / "cli" / "boardpolicy"


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The package modules `module` imports (relative or absolute), at any depth of the file."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            for alias in node.names:
                for target in (f"{base_name}.{alias.name}", base_name):
                    if target in known and target != module and \
                            not module.startswith(target + "."):
                        out.add(target)
                        break
    return out


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.with_suffix("").relative_to(PACKAGE.parent).parts
        name = ".".join(parts).removesuffix(".__init__")
        modules[name] = path
    return {name: _imports(path, name, set(modules)) for name, path in modules.items()}


def test_no_import_cycle_in_the_package():
    graph = _graph()
    assert graph.get("boardpolicy.diff.redline")
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycle.extend([*stack[stack.index(dep):], dep])
                return
            if dep not in state:
                visit(dep, [*stack, dep])
            if cycle:
                return
        state[node] = 2

    for node in sorted(graph):
        if node not in state and not cycle:
            visit(node, [node])
    assert not cycle, " -> ".join(cycle)


def test_the_diff_engine_knows_no_output_format():
    graph = _graph()
    for name, deps in graph.items():
        if name.startswith("boardpolicy.diff"):
            assert not any(d.startswith("boardpolicy.outputs") for d in deps), name


def test_cli_renders_nothing_itself():
    """cli.py imports no rendering library and writes no format of its own: it parses
    arguments, calls the library and emits what a renderer returned."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for library in ("rich", "jinja2", "json", "csv", "docx", "lxml"):
        assert not any(m == library or m.startswith(library + ".") for m in imported), library
    renderers = {m for m in imported if m.startswith("outputs.")}
    assert renderers >= {"outputs.policy", "outputs.diff", "outputs.packet", "outputs.compare",
                         "outputs.report", "outputs.library"}
    calls = [n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
             for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert calls.count("isatty") == 2  # once for each stream, in Terminal.detect


def test_only_the_cli_reads_the_environment_and_the_terminal():
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("cli.py", "library.py"):  # library: BOARDPOLICY_LIBRARY
            continue
        source = path.read_text(encoding="utf-8")
        assert "os.environ" not in source, path
        assert "isatty" not in source, path


# --- every format of every product: reachable, and holding what it must ------------------------

TITLE = "Electronic Resources and Social Networking"
MODEL = "mtsba/5460"
# The keys the README documents for each JSON output.
JSON_KEYS = {
    DiffFormat: {"schema", "old", "new", "summary", "headline", "changes", "blocks"},
    CompareFormat: {"schema", "model", "options", "documents"},
    ReportFormat: {"file", "model", "edition", "similarity", "editions", "district", "choices",
                   "own_bullets", "options", "edits", "cross_references", "history",
                   "unplaced", "cut_off", "reproduced", "warnings"},
    UpgradeFormat: {"file", "written", "district", "from", "to", "choices", "steps",
                    "conflicts", "resolved"},
    CheckFormat: {"schema", "findings"},
    ModelImportFormat: {"schema", "file", "model", "edition", "status", "decisions", "notes",
                        "unclassified", "round_trip", "warnings", "written"},
}
SUMMARY_KEYS = {"inserted", "deleted", "modified", "moved", "unchanged", "similarity"}
CSV_HEADER = "file,district,edition,similarity,phone-numbers,own_bullets,local_edits,cut_off,error"
PRODUCTS = [PolicyFormat, DiffFormat, PacketFormat, CompareFormat, ReportFormat, UpgradeFormat,
            CheckFormat, ModelImportFormat]


def test_every_product_is_in_this_test():
    """A new product (a package under outputs/ with a format enum) is tested below too."""
    import importlib

    from boardpolicy.outputs.formats import OutputFormat

    packages = [p.name for p in (PACKAGE / "outputs").iterdir() if (p / "__init__.py").exists()]
    enums = {value for name in packages
             for value in vars(importlib.import_module(f"boardpolicy.outputs.{name}")).values()
             if isinstance(value, type) and issubclass(value, OutputFormat)
             and value is not OutputFormat}
    assert enums == set(PRODUCTS)


@pytest.fixture(scope="module")
def rendered(library) -> dict[type[OutputFormat], dict[OutputFormat, str | bytes]]:
    """Every format of every product, rendered from the same Butte policy against the model
    (a Butte import, its diff, an upgrade of Cut Bank's 2012 file, a compare row)."""
    from boardpolicy.check import check_folder
    from boardpolicy.compare import Matrix, Row
    from boardpolicy.composition import compose, compose_model
    from boardpolicy.diff import diff_documents
    from boardpolicy.district import load_district
    from boardpolicy.infer import infer
    from boardpolicy.model_import import import_model
    from boardpolicy.upgrade import upgrade_file

    district, model = load_district(ROOT / "examples" / "butte" / "5460.yaml", library)
    old, new = compose_model(model), compose(district, model)
    diff = diff_documents(old, new, old_model=model)
    upgraded = upgrade_file(str(ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml"),
                            library)
    assert upgraded.merge is not None
    matrix = Matrix(MODEL, ["phone-numbers"],
                    [Row("butte.yaml", "Butte School District", "current", 0.9,
                         {"forbidden": ["phone-numbers"]})])
    imported = infer(new, library, MODEL)
    modelled = import_model(old, name="5460.txt", publisher="mtsba")
    checked = check_folder(ROOT / "tests" / "data" / "manual", library, as_of=date(2025, 7, 1),
                           jobs=1)  # the test manual: its 5460 follows mtsba/5460@2012
    context = Context(width=80)
    return {
        PolicyFormat: {f: render_policy(new, f, context) for f in PolicyFormat},
        DiffFormat: {f: render_diff(diff, f, context, new=new) for f in DiffFormat},
        PacketFormat: {f: render_packet(diff, new, f, context) for f in PacketFormat},
        CompareFormat: {f: render_compare(matrix, f, context) for f in CompareFormat},
        ReportFormat: {f: render_report(imported, f, context, name="butte.txt")
                       for f in ReportFormat},
        UpgradeFormat: {f: render_upgrade(upgraded.merge, f, context, name="cut-bank.yaml")
                        for f in UpgradeFormat},
        CheckFormat: {f: render_check(checked, f, context) for f in CheckFormat},
        ModelImportFormat: {f: render_model_import(modelled, f, context)
                            for f in ModelImportFormat},
    }


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p.__name__)
def test_every_format_has_a_renderer_and_holds_what_it_must(product, rendered):
    """Exhaustive dispatch (no member falls through to assert_never), and each format holds
    what its readers rely on: a text format names the policy's title or the model, JSON
    parses with the documented keys, CSV starts with its header, DOCX is a Word package."""
    outputs = rendered[product]
    assert set(outputs) == set(product)
    for fmt, out in outputs.items():
        match fmt.value:  # the kind of file, which every product's enum spells alike
            case "docx":
                assert isinstance(out, bytes), fmt
                with zipfile.ZipFile(io.BytesIO(out)) as package:
                    body = package.read("word/document.xml").decode("utf-8")
                assert "<w:body>" in body and TITLE in body, fmt
            case "json":
                assert isinstance(out, str), fmt
                data = json.loads(out)
                assert JSON_KEYS[product] <= set(data), (fmt, JSON_KEYS[product] - set(data))
                if product is DiffFormat:
                    assert set(data["summary"]) >= SUMMARY_KEYS
                    assert all({"op", "old_text", "new_text", "spans"} <= set(b)
                               for b in data["blocks"])
            case "csv":
                assert isinstance(out, str), fmt
                assert out.splitlines()[0] == CSV_HEADER
            case _:
                text = out.decode("utf-8") if isinstance(out, bytes) else out
                assert TITLE in text or MODEL in text, fmt
