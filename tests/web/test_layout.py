"""The web app's layout: the JSON API is not shaped by the pages' contexts."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import ROOT
from tests.layout_graph import import_graph, module_files


def _graph() -> dict[str, set[str]]:
    return import_graph(module_files(Path(ROOT), ("scheduler",)))


def test_the_json_schemas_do_not_import_the_page_contexts():
    graph = _graph()
    assert not {m for m in graph["scheduler.web.schemas"] if m.startswith("scheduler.web.contexts")}


def test_the_http_side_never_imports_the_web_package_itself():
    # `from scheduler.web import x` runs scheduler/web/__init__, which imports the app back.
    http_side = ("api", "pages", "contexts", "app", "deps", "errors", "render", "schemas")
    graph = _graph()
    offenders = {
        name
        for name, targets in graph.items()
        if name.split(".")[:3][-1] in http_side
        and name.startswith("scheduler.web.")
        and "scheduler.web" in targets
    }
    assert offenders == set()
