"""The architecture's rules, held against every import in the package (also the lazy ones
inside functions) and every string literal: a forbidden arrow fails here, naming the module.

The layers, lowest first (docs/architecture.md draws them): foundation → graph → ingest,
extract, synth, analysis → visualizations → service → api, cli. A module may import its own
layer and those below it; the rules below add what the layer picture alone does not say.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "partnernet"

# Which partnernet layers each layer may import (its own always).
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "graph": {"foundation"},
    "ingest": {"foundation", "graph"},
    "extract": {"foundation", "graph", "ingest"},
    "synth": {"foundation", "graph", "ingest"},
    "analysis": {"foundation", "graph"},
    "visualizations": {"foundation", "graph", "analysis"},
    "service": {"foundation", "graph", "ingest", "extract", "synth", "analysis", "visualizations"},
    "api": {"foundation", "graph", "ingest", "analysis", "visualizations", "service"},
    "cli": {
        "foundation",
        "graph",
        "ingest",
        "extract",
        "synth",
        "analysis",
        "visualizations",
        "service",
        "api",
    },
}
# Modules that hold a store or driver: only the graph layer's own modules, the service, the
# API's composition (app/state) and the CLI's store option may touch them.
STORE_MODULES = (
    "partnernet.graph.sqlite_store",
    "partnernet.graph.neo4j_store",
    "partnernet.graph.neo4j_tx",
    "partnernet.graph.connect",
)
STORE_USERS = ("graph", "service")
STORE_OPENERS = {"partnernet.api.app", "partnernet.api.state", "partnernet.cli.common"}
DRIVERS = ("neo4j", "sqlite3")
CYPHER_HOMES = {"partnernet.graph.cypher", "partnernet.graph.neo4j_tx"}
# A string that reads like a Cypher statement (clause words in Cypher's order).
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE)\s*\(|\bUNWIND\s+\$|\bCALL\s*\{")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "partnernet" or len(parts) < 2:
        return None
    return "cli" if parts[1] == "cli" else parts[1]


def _imports(path: Path, module: str) -> Iterator[tuple[int, str, bool]]:
    """(line, imported module, at top level) for every import, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base, id(node) in top
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}", id(node) in top


MODULES = list(_modules())


def test_the_package_has_the_layers_we_draw() -> None:
    layers = {_layer(name) for name, _ in MODULES} - {None}
    assert layers - {"__version__"} <= set(ALLOWED) | {"partnernet"}
    assert {"foundation", "graph", "service", "api", "extract", "synth"} <= layers


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_follow_the_layers(module: str, path: Path) -> None:
    own = _layer(module)
    if own not in ALLOWED:
        return  # partnernet/__init__.py
    problems: list[str] = []
    for line, target, top_level in _imports(path, module):
        where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}"
        other = _layer(target)
        if other is not None and other != own and other in ALLOWED and other not in ALLOWED[own]:
            problems.append(f"{where}: {own}/ may not import {other}/")
        opener = module in STORE_OPENERS and target.startswith("partnernet.graph.connect")
        if target.startswith(STORE_MODULES) and own not in STORE_USERS and not opener:
            problems.append(f"{where}: only graph/ and service/ touch a store's backend")
        if target.split(".")[0] in DRIVERS and own != "graph":
            problems.append(f"{where}: drivers belong to graph/")
        if target.split(".")[0] == "pyvis" and top_level:
            problems.append(f"{where}: pyvis is imported lazily, inside the function using it")
        if module == "partnernet.graph.model" and target.split(".")[0] in (
            "neo4j",
            "fastapi",
            "pyvis",
        ):
            problems.append(f"{where}: the model is pure pydantic")
        if (
            ".routers." in module
            and target.startswith("partnernet.graph.")
            and not target.startswith(
                (
                    "partnernet.graph.model",
                    "partnernet.graph.store",
                    "partnernet.graph.cypher.EXAMPLE",
                )
            )
        ):
            problems.append(f"{where}: routers reach the store only through the service")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_cypher_lives_in_one_place(module: str, path: Path) -> None:
    if module in CYPHER_HOMES:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CYPHER.search(node.value)
    ]
    assert not found, "Cypher outside graph/cypher.py:\n" + "\n".join(found)


def test_the_rules_catch_a_forbidden_import(tmp_path: Path) -> None:
    # The checks above must be able to fail: an analysis module importing the SQLite store.
    bad = tmp_path / "partnernet" / "analysis" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from partnernet.graph.sqlite_store import SqliteStore\n")
    found = list(_imports(bad, "partnernet.analysis.bad"))
    assert ("partnernet.graph.sqlite_store.SqliteStore", False) in {(t, top) for _, t, top in found}
    assert found and any(t.startswith(STORE_MODULES) for _, t, _ in found)


LONG_MODULE_LINES = 620


@pytest.mark.parametrize(("module", "path"), list(_modules()))
def test_a_long_module_says_why_at_its_top(module: str, path: Path) -> None:
    """Issue 16's bar: no module over ~600 lines without a reason written at its top."""
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= LONG_MODULE_LINES:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert "Size:" in doc, f"{module} has {text.count(chr(10))} lines and no 'Size:' reason"


def test_every_module_has_its_line_in_the_architecture_doc() -> None:
    """docs/architecture.md lists every module (one line each): the picture stays true."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(PACKAGE))
        for _, path in _modules()
        if path.name != "__init__.py" and f"`{path.relative_to(PACKAGE)}`" not in doc
    ]
    assert not missing, f"add a line for each to docs/architecture.md: {missing}"


def test_no_module_imports_itself_around_a_circle() -> None:
    """No circle of imports between the package's modules, lazy ones inside functions
    included: a circle hides which module is below which (a lazy import only hides it from
    the interpreter)."""
    import networkx as nx

    names = {module for module, path in MODULES if path.name != "__init__.py"}
    graph = nx.DiGraph()
    for module, path in MODULES:
        if module not in names:
            continue
        for _, imported, _ in _imports(path, module):
            if imported in names and imported != module:
                graph.add_edge(module, imported)
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, f"import circles: {circles}"
