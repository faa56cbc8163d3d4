"""Issue 30's layout, kept: no import cycle, small modules, a solver that stands alone."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.helpers import ROOT
from tests.layout_graph import Graph, cycles, import_graph, module_files

PACKAGES = ("scheduler", "solver")
MAX_TOP_LEVEL_MODULES = 13  # .py files directly in scheduler/, __init__.py included
MAX_LINES = 600
# numpy comes with ortools; the solver stays free of pandas, FastAPI and the application.
SOLVER_MAY_IMPORT = {"ortools", "numpy", "solver"}


def import_cycles(root: Path, packages: tuple[str, ...]) -> tuple[Graph, list[list[str]]]:
    graph = import_graph(module_files(root, packages))
    return graph, cycles(graph)


def one_loop(graph: Graph, component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, for the message."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return component  # not reached: a strongly connected component has a loop


def describe(graph: Graph, found: list[list[str]]) -> str:
    return "\n".join(f"{' -> '.join(one_loop(graph, c))}  (all of: {', '.join(c)})" for c in found)


def python_files(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def test_scheduler_and_solver_have_no_import_cycle():
    graph, found = import_cycles(ROOT, PACKAGES)
    assert not found, (
        "module-level import cycles (import inside the function that needs it, or import a "
        "sibling as `from package.module import name`):\n" + describe(graph, found)
    )


def write_modules(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_planted_cycle_is_found(tmp_path):
    write_modules(
        tmp_path,
        {
            # Two modules that import each other.
            "mutual/__init__.py": "",
            "mutual/ping.py": "from mutual.pong import PONG\n\nPING = 1\n",
            "mutual/pong.py": "from mutual import ping\n\nPONG = 2\n",
            # A package that re-exports a submodule which imports the package for a sibling.
            "reexport/__init__.py": "from reexport.parts import Part\n",
            "reexport/helpers.py": "RATE = 3\n",
            "reexport/parts.py": "from reexport import helpers\n\nPart = helpers.RATE\n",
            # Imports that run later are no edges: no cycle here.
            "lazy/__init__.py": "from lazy.tasks import run\n",
            "lazy/tasks.py": (
                "from typing import TYPE_CHECKING\n\n"
                "if TYPE_CHECKING:\n    import lazy\n\n\n"
                "def run():\n    import lazy\n\n    return lazy\n"
            ),
        },
    )
    graph, found = import_cycles(tmp_path, ("mutual", "reexport", "lazy"))
    assert found == [["mutual.ping", "mutual.pong"], ["reexport", "reexport.parts"]]
    assert "mutual.ping -> mutual.pong -> mutual.ping" in describe(graph, found)


def test_siblings_imported_by_module_make_no_cycle(tmp_path):
    write_modules(
        tmp_path,
        {
            "mutual/__init__.py": "from mutual.pong import PONG\n",
            "mutual/ping.py": "PING = 1\n",
            "mutual/pong.py": "from mutual.ping import PING\n\nPONG = PING + 1\n",
            "lazy/__init__.py": "from lazy.tasks import run\n",
            "lazy/tasks.py": "def run():\n    import lazy\n\n    return lazy\n",
        },
    )
    assert import_cycles(tmp_path, ("mutual", "lazy"))[1] == []


def test_scheduler_holds_at_most_13_modules_at_its_top():
    top = sorted(path.name for path in (ROOT / "scheduler").glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_no_module_of_scheduler_or_solver_is_over_600_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in python_files(*PACKAGES)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split by idea: {long}"


def test_solver_imports_only_ortools_numpy_the_standard_library_and_itself():
    allowed = SOLVER_MAY_IMPORT | set(sys.stdlib_module_names)
    foreign = []
    for path in python_files("solver"):
        # Every import counts here, module level or not: the solver must install alone.
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            foreign += [f"{where}: {n}" for n in names if n.split(".")[0] not in allowed]
    assert not foreign, foreign
