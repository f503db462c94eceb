"""Exports of the whole graph (``tlkg export``): the RDF formats the store writes itself,
GraphML and KGX, each written atomically (``files.atomic_file``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tlkg.graph.exports.files import atomic_file
from tlkg.graph.store.base import GraphFormat, GraphStore

RDF_FORMATS: dict[str, GraphFormat] = {
    "turtle": "turtle",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "ntriples": "ntriples",
}


def export(store: GraphStore, fmt: str, out: Path) -> str:
    """Write the store as ``fmt`` to ``out``; returns a description of what was written."""
    if fmt in RDF_FORMATS:
        with atomic_file(out) as fh:
            store.dump(fh, RDF_FORMATS[fmt])
        return f"{out} ({out.stat().st_size:,} bytes, {fmt})"
    writer = _EXTRA_WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}")
    return writer(store, out)


def _graphml(store: GraphStore, out: Path) -> str:
    from tlkg.graph.exports import projection

    graph = projection.project(store)
    with atomic_file(out) as fh:
        projection.write_graphml(graph, fh)
    return f"{out} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, graphml)"


def _kgx(store: GraphStore, out: Path) -> str:
    from tlkg.graph.exports import kgx

    return kgx.write(store, out)


_EXTRA_WRITERS: dict[str, Callable[[GraphStore, Path], str]] = {
    "graphml": _graphml,
    "kgx": _kgx,
}
