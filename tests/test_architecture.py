"""The package's shape: dependencies point one way, and no module imports itself through others.

Layers, lowest first (a module may import its own layer and the layers below it):

    foundations   errors, columns, paths, metrics, periods,    the shared vocabulary (and memory:
                  memory                                       freed blocks back to the system)
    params        strict client params, the event calendar
    loaders       Amazon exports in, canonical frames out
    present       formatting, tables, charts, notebook display, the print template
    measures      shared analysis: search terms, listings, inventory
    playbooks     qbr, onboarding, launch, seasonal, portfolio
    demo          the demo clients' generated exports
    run           runner, render, batch, inspection, command line

Read with the standard library's ``ast``: every ``import`` counts, including the lazy ones inside
functions, because a lazy import is still a dependency. Imports under ``if TYPE_CHECKING:`` are
annotations only and never run, so they are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "helpers"

LAYERS = ["foundations", "params", "loaders", "pull", "present", "measures", "playbooks", "demo", "run"]
FOUNDATIONS = {"errors", "columns", "paths", "metrics", "periods", "memory"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of the helpers modules (or packages) a file imports."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "helpers")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "helpers":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    found.discard(name)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {t for t in _imports(path) if t in MODULES} for name, path in MODULES.items()}


def layer(module: str) -> str | None:
    """The layer a module belongs to; ``None`` for the package root and ``__main__``."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return None
    return "foundations" if parts[1] in FOUNDATIONS else parts[1]


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in MODULES if layer(m) is not None and layer(m) not in LAYERS)
    assert not unplaced, f"modules outside the known layers: {unplaced}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) is not None))
def test_imports_point_down(module):
    here = LAYERS.index(layer(module))
    upward = sorted(t for t in GRAPH[module] if layer(t) is not None and LAYERS.index(layer(t)) > here)
    assert not upward, f"{module} ({layer(module)}) imports a higher layer: {upward}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exporting its own modules is not a circle: drop child -> parent edges."""
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_no_import_circles():
    assert _cycles(_parents(GRAPH)) == []


def test_the_checker_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
