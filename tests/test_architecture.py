"""The layout rules of docs/architecture.md, checked on the source: layers import only
what the table allows, no module imports itself back through others, modules stay small
and say what they are for, and nothing cites a document outside the repository."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tlkg"
MAX_LINES = 600

# Each layer and the layers it may import (besides itself, the standard library and
# third-party packages). The same table is drawn in docs/architecture.md.
ALLOWED: dict[str, set[str]] = {
    "tlkg.settings": set(),
    "tlkg.ontology": set(),
    "tlkg.loaders": {"tlkg", "tlkg.ontology"},
    "tlkg.graph.rdf": {"tlkg.loaders.records", "tlkg.ontology"},
    "tlkg.graph.store": {"tlkg.graph.rdf", "tlkg.ontology", "tlkg.settings"},
    "tlkg.graph.ingest": {
        "tlkg.loaders",
        "tlkg.graph.rdf",
        "tlkg.graph.store",
        "tlkg.ontology",
        "tlkg.settings",
    },
    "tlkg.graph.analysis": {"tlkg.graph.store", "tlkg.graph.rdf", "tlkg.ontology", "tlkg.settings"},
    "tlkg.graph.services": {
        "tlkg.graph.analysis",
        "tlkg.graph.store",
        "tlkg.graph.rdf",
        "tlkg.ontology",
        "tlkg.settings",
    },
    "tlkg.graph.exports": {
        "tlkg.graph.services",
        "tlkg.graph.store",
        "tlkg.graph.rdf",
        "tlkg.ontology",
        "tlkg.settings",
    },
    "tlkg.api": {
        "tlkg",
        "tlkg.graph.analysis",
        "tlkg.graph.ingest",
        "tlkg.graph.services",
        "tlkg.graph.exports",
        "tlkg.graph.store",
        "tlkg.ontology",
        "tlkg.settings",
        "tlkg.loaders.base",
    },
    "tlkg.cli": {
        "tlkg",
        "tlkg.api",
        "tlkg.graph.analysis",
        "tlkg.graph.ingest",
        "tlkg.graph.services",
        "tlkg.graph.exports",
        "tlkg.graph.store",
        "tlkg.ontology",
        "tlkg.settings",
        "tlkg.loaders.base",
        "tlkg.loaders.ctgov.fetch",
    },
    "tlkg.__main__": {"tlkg.cli"},
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every tlkg module ``name`` imports, at any depth of its code (imports inside
    functions count: a lazy import is still a dependency)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return {m for m in found if m == "tlkg" or m.startswith("tlkg.")}


def layer_of(name: str) -> str:
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if name == layer or name.startswith(layer + "."):
            return layer
    return name


def within(name: str, prefixes: set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_every_module_belongs_to_a_layer() -> None:
    packages = {"tlkg", "tlkg.graph"}  # containers of layers, empty themselves
    unplaced = [m for m in MODULES if m not in packages and layer_of(m) not in ALLOWED]
    assert unplaced == [], f"modules outside every layer of docs/architecture.md: {unplaced}"


def test_layers_import_only_what_the_table_allows() -> None:
    bad = []
    for name in MODULES:
        if name in ("tlkg", "tlkg.graph"):
            continue
        layer = layer_of(name)
        allowed = ALLOWED[layer]
        for target in imports_of(name):
            if within(target, {layer}) or (target == "tlkg" and "tlkg" in allowed):
                continue
            if target != "tlkg" and within(target, allowed - {"tlkg"}):
                continue
            bad.append(f"{name} imports {target}")
    assert bad == [], "imports against docs/architecture.md:\n" + "\n".join(sorted(bad))


def test_no_import_cycles() -> None:
    graph = nx.DiGraph()
    for name in MODULES:
        graph.add_node(name)
        for target in imports_of(name):
            if target in MODULES and target != name:
                graph.add_edge(name, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


def test_every_package_imports_in_a_fresh_interpreter() -> None:
    names = sorted(m for m in MODULES if m != "tlkg.__main__")
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    out = subprocess.run(
        [sys.executable, "-c", code, *names], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_and_say_what_they_are_for(name: str) -> None:
    path = MODULES[name]
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path} has over {MAX_LINES} lines"
    if path.name == "__init__.py" and not text.strip():
        return
    assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"


def lines_matching(paths: list[Path], pattern: re.Pattern[str]) -> list[str]:
    """``path:line: text`` of every line of ``paths`` that ``pattern`` finds."""
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_nothing_cites_a_document_outside_the_repository() -> None:
    pattern = re.compile(r"\bDESIGN\b|\.\./shared|DOMAIN\.md")
    texts = [*PACKAGE.rglob("*.py"), *(ROOT / "bench").rglob("*"), *(ROOT / "docs").rglob("*.md")]
    paths = [p for p in [*texts, ROOT / "README.md"] if p.suffix in (".py", ".md")]
    offenders = lines_matching(paths, pattern)
    assert offenders == [], "\n".join(offenders)


def test_no_backend_class_or_private_store_use_outside_the_store_package() -> None:
    pattern = re.compile(r"isinstance\([^)]*(Oxigraph|Remote)Store|\._store\b|getattr\(store")
    store_package = PACKAGE / "graph" / "store"
    paths = [*PACKAGE.rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    offenders = lines_matching([p for p in paths if store_package not in p.parents], pattern)
    assert offenders == [], "\n".join(offenders)


def test_every_source_path_the_docs_name_exists() -> None:
    pattern = re.compile(r"`?(tlkg/[\w/.-]*\.(?:py|rq|ttl|toml|html))`?")
    missing = []
    for path in [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"]:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for ref in pattern.findall(line):
                if not (ROOT / ref).exists():
                    missing.append(f"{path.relative_to(ROOT)}:{number}: {ref}")
    assert missing == [], "\n".join(missing)
