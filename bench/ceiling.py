"""Where ingest time goes, stage by stage, in one process: what bounds ``tlkg load``.

For the same synthetic studies (bench/synth.py) it times, one after the other:

1. reading: zip entries inflated (``iter_documents``);
2. parsing and mapping: ``prepare_documents`` (JSON, the CT.gov loader's records, the
   RDF mapping, N-Triples text) -- the work ``tlkg load`` spreads over worker processes;
3. writing: the same N-Quads into a fresh on-disk Oxigraph store with ``bulk_load`` in
   batches the size ``tlkg load`` uses, and, for reference, into an in-memory store and
   through Oxigraph's parser alone.

From these it prints the per-study CPU cost of each stage and the ceilings they imply on
this machine: the store alone (one writer process) and all stages shared over every core.

Usage::

    python bench/ceiling.py --studies 10000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox
import synth

from tlkg.graph.ingest.pipeline import BATCH_DOCUMENTS
from tlkg.graph.ingest.workers import prepare_documents
from tlkg.graph.store.base import Prepared
from tlkg.graph.store.updates import as_quads
from tlkg.loaders.base import Document
from tlkg.loaders.files import iter_documents
from tlkg.ontology.namespace import META_GRAPH
from tlkg.ontology.vocab import load_vocabulary


def cpu() -> float:
    return time.process_time()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--studies", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--data", type=Path, default=Path("bench/out"))
    args = ap.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    zip_path = args.data / f"studies-{args.studies}-{args.seed}.zip"
    if not zip_path.exists():
        synth.write(zip_path, args.studies, args.seed)
    vocab = load_vocabulary()

    t0 = cpu()
    docs = [d for d in iter_documents([zip_path]) if isinstance(d, Document)]
    read_s = cpu() - t0

    t0 = cpu()
    batches: list[bytes] = []
    meta = str(META_GRAPH)
    for i in range(0, len(docs), BATCH_DOCUMENTS):
        items = prepare_documents(docs[i : i + BATCH_DOCUMENTS], vocab)
        text = "".join(
            as_quads(p.data_nt, p.graph) + as_quads(p.meta_nt, meta)
            for p in items
            if isinstance(p, Prepared)
        )
        batches.append(text.encode())
    map_s = cpu() - t0
    n = len(docs)
    del docs
    quads = sum(b.count(b"\n") for b in batches)

    parse_s = _timed(
        lambda: [sum(1 for _ in ox.parse(b, format=ox.RdfFormat.N_QUADS)) for b in batches]
    )
    memory = ox.Store()
    memory_s = _timed(lambda: [memory.load(b, format=ox.RdfFormat.N_QUADS) for b in batches])
    with tempfile.TemporaryDirectory(dir=args.data) as tmp:
        disk = ox.Store(str(Path(tmp) / "store"))
        w0 = time.perf_counter()
        disk_cpu = _timed(lambda: [disk.bulk_load(b, format=ox.RdfFormat.N_QUADS) for b in batches])
        disk_wall = time.perf_counter() - w0

    cores = os.cpu_count() or 1
    per = {k: v / n * 1e6 for k, v in {"read": read_s, "map": map_s}.items()}
    store_us = disk_wall / n * 1e6
    total_cpu_us = per["read"] + per["map"] + disk_cpu / n * 1e6
    print(f"{n:,} studies, {quads:,} quads ({quads / n:.1f} per study); {cores} cores")
    print(f"reading (inflate zip entries)        {per['read']:8.0f} µs CPU per study")
    print(f"parsing + mapping + N-Triples        {per['map']:8.0f} µs CPU per study")
    print(f"Oxigraph parser only                 {parse_s / quads * 1e6:8.2f} µs per quad")
    print(f"Oxigraph in-memory store (load)      {memory_s / quads * 1e6:8.2f} µs per quad")
    print(
        f"Oxigraph on-disk bulk_load           {disk_wall / quads * 1e6:8.2f} µs per quad wall, "
        f"{disk_cpu / quads * 1e6:.2f} µs CPU ({quads / disk_wall:,.0f} quads/s)"
    )
    print(f"ceiling, store alone (one writer):   {1e6 / store_us:8,.0f} studies/s")
    print(
        f"ceiling, all CPU over {cores} cores:        {cores * 1e6 / total_cpu_us:8,.0f} studies/s"
    )
    return 0


def _timed(fn: Callable[[], object]) -> float:
    """CPU seconds of the whole process (Oxigraph's own threads included)."""
    t0 = cpu()
    fn()
    return cpu() - t0


if __name__ == "__main__":
    raise SystemExit(main())
