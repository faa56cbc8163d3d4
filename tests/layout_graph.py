"""The module-level import graph of the project's packages, and its cycles.

An edge A -> B means that importing A runs B's code at import time:
- `import x.y.z` and `from x.y.z import n` run `x.y.z` (and `x.y.z.n` when that is a module);
- `from x.y import n` also counts `x.y` itself, even when it is a package A lives in: a
  package whose `__init__` imports A back is a cycle, whichever module is imported first;
- a target's enclosing packages run too, unless A lives in them (they are already running).
Imports inside functions and under `if TYPE_CHECKING:` run later, so they are not edges.
"""

from __future__ import annotations

import ast
from pathlib import Path

Graph = dict[str, set[str]]


def module_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Every module of `packages` under `root`, by dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                found += _top_level_imports(block)
            for handler in node.handlers:
                found += _top_level_imports(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            found += _top_level_imports(node.body)
    return found


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(modules: dict[str, Path]) -> Graph:
    """The module-level edges between `modules` (see the module docstring)."""
    graph: Graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        own = {*_ancestors(name), package}
        targets: set[str] = set()

        def run(target: str, *, own: set[str] = own, targets: set[str] = targets) -> None:
            targets.add(target)
            targets.update(p for p in _ancestors(target) if p not in own)

        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    run(alias.name)
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            run(base)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    run(f"{base}.{alias.name}")
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
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
    return sorted(found)
