"""Exports of the whole graph, each written atomically (a temporary file renamed into
place, so a failure never leaves an empty or half-written file)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tlkg.graph.store.oxigraph import GraphStore

RDF_FORMATS = {
    "turtle": "turtle",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "ntriples": "ntriples",
}


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file 0600; give it the mode a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(store: GraphStore, fmt: str, out: Path) -> str:
    """Write the store as ``fmt`` to ``out``; returns a description of what was written."""
    if fmt in RDF_FORMATS:
        with atomic_file(out) as fh:
            store.dump(fh, RDF_FORMATS[fmt])  # type: ignore[arg-type]
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
