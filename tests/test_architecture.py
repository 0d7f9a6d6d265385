"""The shape of the source tree (docs/architecture.md): no import circle, no
module over 700 lines, and every rule findable from its code.

The import graph is built from the source with ``ast``, not by importing it,
and counts every import: at module level, inside functions (the lazy imports
that keep start-up light) and under ``if TYPE_CHECKING:``. A lazy import still
ties two modules together, so a circle through one is a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from perfgoals.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "perfgoals"
MAX_LINES = 700


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project's modules that ``name`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    targets.add(submodule)  # from perfgoals.read import convert
                elif base in known:
                    targets.add(base)
    targets.discard(name)
    return targets


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_lazy_and_type_only_imports() -> None:
    graph = import_graph()
    assert "perfgoals.engine" in graph["perfgoals.runner"]  # inside a function
    assert "perfgoals.runner" in graph["perfgoals.progress"]  # under TYPE_CHECKING
    assert "perfgoals.read.convert" in graph["perfgoals.read.dispatch"]  # from a package


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    assert cycles(import_graph()) == []


def long_modules() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }


def test_no_module_over_700_lines() -> None:
    assert long_modules() == {}


def test_only_the_command_line_imports_the_commands() -> None:
    """Config, baseline, reports and the rest sit below the command layer."""
    above = {"perfgoals.cli", "perfgoals.launch", "perfgoals.__main__"}
    for name, targets in import_graph().items():
        if name in above or name.startswith("perfgoals.commands"):
            continue
        assert not {t for t in targets if t.startswith("perfgoals.commands")}, name


def test_every_rule_is_findable_from_its_code() -> None:
    """The registry names each rule's module; its tests are in the module named alike."""
    for code, spec in all_rules().items():
        source = ROOT / spec.source_file
        assert source.is_file(), code
        assert f'code="{code}"' in source.read_text("utf-8"), code
        tests = ROOT / spec.test_file
        assert tests.is_file(), (code, spec.test_file)
        assert code in tests.read_text("utf-8"), (code, spec.test_file)
