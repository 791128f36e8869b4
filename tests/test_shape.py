"""The package's shape: no import cycle, a CLI that renders nothing itself, and every format of
every product reachable through its renderer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from boardpolicy.outputs import Context
from boardpolicy.outputs.compare import CompareFormat, render_compare
from boardpolicy.outputs.diff import DiffFormat, render_diff
from boardpolicy.outputs.packet import PacketFormat, render_packet
from boardpolicy.outputs.policy import PolicyFormat, render_policy
from boardpolicy.outputs.report import ReportFormat, render_report

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


@pytest.mark.parametrize("product", [PolicyFormat, DiffFormat, PacketFormat, CompareFormat,
                                     ReportFormat])
def test_every_format_has_a_renderer(product, library, tmp_path):
    """Exhaustive dispatch: no member falls through to assert_never."""
    from boardpolicy import compose_model
    from boardpolicy.compare import Matrix, Row
    from boardpolicy.diff import diff_documents
    from boardpolicy.infer import infer

    model = library.get("mtsba/5460")
    document = compose_model(model)
    diff = diff_documents(document, document)
    context = Context(width=80)
    for fmt in product:
        if product is PolicyFormat:
            out = render_policy(document, fmt, context)
        elif product is DiffFormat:
            out = render_diff(diff, fmt, context, new=document)
        elif product is PacketFormat:
            out = render_packet(diff, document, fmt, context)
        elif product is CompareFormat:
            out = render_compare(Matrix("mtsba/5460", ["a"], [Row("f.yaml", "X")]), fmt,
                                 context)
        else:
            result = infer(document, library, "mtsba/5460")
            out = render_report(result, fmt, context, name="model.txt")
        assert out, fmt
