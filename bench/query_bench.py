"""Latency of the analysis services (competitors, landscape, search) on a registry-sized
store built from synthetic ClinicalTrials.gov studies (bench/synth.py).

The store is built the way ``tlkg load`` maps studies (the CT.gov v2 loader's
``build_trial`` and ``tlkg.graph.rdf.triples``), written ~200,000 triples at a time
through ``GraphStore.write_sources`` without the load pipeline's hash checks;
``--sample-ingest N`` also times N studies through ``tlkg.graph.ingest.pipeline.load``
for the loader's own throughput.

Each service is timed end to end (name resolution, facts, scoring, pydantic models):

- "index": the in-process index is warm (``tlkg.graph.services.facts.warm``), as in the API server;
- "on demand": no index, every call runs its SPARQL queries (as one ``tlkg competitors``
  command does).

Usage::

    python bench/query_bench.py --studies 100000 --results bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

from tlkg.graph.ingest.workers import prepare_record
from tlkg.graph.services import facts as facts_mod
from tlkg.graph.services.catalog import NotFound
from tlkg.graph.services.competition import competitors, rank
from tlkg.graph.services.landscape import build as build_landscape
from tlkg.graph.services.landscape import landscape
from tlkg.graph.services.search import name_index, search
from tlkg.graph.store.base import GraphStore, Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov.fields import StudyError
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.ontology.namespace import key_of
from tlkg.ontology.vocab import load_vocabulary


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build(store: GraphStore, n: int, seed: int) -> dict[str, Any]:
    vocab = load_vocabulary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    t0 = time.perf_counter()
    batch: list[Prepared] = []
    pending = quads = errors = 0
    for i, study in enumerate(synth.generate(n, seed), start=1):
        try:
            rec = build_trial(study, vocab, path=None, loader="ctgov-v2", loader_version="1")
        except StudyError:
            errors += 1
            continue
        prepared = prepare_record(rec, loaded_at)
        triples = prepared.triples
        batch.append(prepared)
        pending += triples
        if pending > 200_000:
            store.write_sources(batch, [])
            quads += pending
            batch, pending = [], 0
        if i % 10_000 == 0:
            log(f"  {i:,} studies mapped and stored ({time.perf_counter() - t0:.0f} s)")
    store.write_sources(batch, [])
    quads += pending
    store.flush()
    return {"studies": n, "errors": errors, "quads": quads, "load_s": time.perf_counter() - t0}


def sample_ingest(n: int, seed: int) -> dict[str, Any]:
    """Time ``tlkg.graph.ingest.pipeline.load`` (parse + map + one atomic update per source)."""
    from tlkg.graph.ingest.pipeline import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "studies.jsonl"
        nbytes = synth.write(path, n, seed + 1)
        store = OxigraphStore(None)
        t0 = time.perf_counter()
        summary = load(store, [path], load_vocabulary())
        dt = time.perf_counter() - t0
    return {
        "studies": n,
        "loaded": summary.loaded,
        "errors": len(summary.errors),
        "seconds": dt,
        "per_s": n / dt,
        "kb_per_study": nbytes / n / 1024,
    }


def timeit(fn: Callable[[], Any], repeat: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms of this process) per call. The CPU time is what a call costs when
    the machine is not shared; on a busy machine wall time also counts waiting for a CPU."""
    out = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        out.append(((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000))
    return out


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def stats(samples: list[tuple[float, float]]) -> dict[str, float]:
    wall = sorted(w for w, _c in samples)
    cpu = sorted(c for _w, c in samples)
    return {
        "n": len(wall),
        "p50": statistics.median(wall),
        "p95": _pct(wall, 0.95),
        "mean": statistics.fmean(wall),
        "max": wall[-1],
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": _pct(cpu, 0.95),
    }


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "nproc": run(["nproc"]),
        "free": run(["free", "-h"]),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--studies", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--store", type=Path, default=None, help="on-disk store (default: memory)")
    ap.add_argument("--repeat", type=int, default=300, help="timed calls per service (index)")
    ap.add_argument("--cold-repeat", type=int, default=20, help="timed calls without the index")
    ap.add_argument("--sample-ingest", type=int, default=2000, help="studies through ingest.load")
    ap.add_argument("--results", type=Path, default=None, help="append a section to this file")
    ap.add_argument("--reuse", action="store_true", help="use --store as it is if it has data")
    ap.add_argument("--built-seconds", type=float, default=0.0, help="(with --reuse) build time")
    args = ap.parse_args(argv)

    info = machine()
    log(f"building a store of {args.studies:,} synthetic studies")
    store = OxigraphStore(args.store)
    if args.reuse and args.store and store.state_token() is not None:
        built = {
            "studies": args.studies,
            "errors": 0,
            "quads": store.count_triples(),
            "load_s": args.built_seconds,
        }
        log("reusing the store as it is")
    else:
        built = build(store, args.studies, args.seed)
    log(f"built: {built['quads']:,} quads in {built['load_s']:.0f} s")
    vocab = load_vocabulary()

    # Which therapies and indications to ask about: the mentioned products of the
    # haematology groups (seed and invented), and the indications with most therapies.
    t0 = time.perf_counter()
    idx = facts_mod.warm(store)
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    names = name_index(store)
    search_index_s = time.perf_counter() - t0
    log(f"index warm in {warm_s:.1f} s; name index in {search_index_s:.1f} s")
    rng = random.Random(args.seed)
    mentioned = [t for t, r in idx.raw.items() if r.mentions and r.trials]
    haem_ind = {
        i
        for i, ts in idx.treating.items()
        if any(w in i for w in ("myeloma", "lymphoma", "leukaemia", "leukemia"))
    }
    haem = sorted({t for i in haem_ind for t in idx.treating[i]} & set(mentioned))
    seed_like = [t for t in haem if not any(ch.isdigit() for ch in key_of(t))]
    therapies = [key_of(t) for t in rng.sample(haem, k=min(60, len(haem)))]
    therapies += [key_of(t) for t in rng.sample(seed_like, k=min(20, len(seed_like)))]
    by_size = sorted(idx.treating, key=lambda i: -len(idx.treating[i]))
    indications = [key_of(i) for i in by_size[:15]] + ["multiple-myeloma", "large-b-cell-lymphoma"]
    queries = [
        "teclistamab",
        "Carvykti",
        "cilta",
        "abecma",
        "BCMA",
        "multiple myeloma",
        "lymphoma",
        "Bristol Myers",
        "in vivo car-t",
        "glofit",
    ]
    queries += [n for _iri, n, _k in rng.sample(names.entities, k=min(40, len(names.entities)))]
    queries += [q[: max(4, len(q) // 2)] for q in queries[10:30]]
    ncands = {
        key_of(t): len(
            {
                c
                for i in idx.raw[t].facts
                if i[0] in (facts_mod.P_INDICATION, facts_mod.P_APPROVED)
                for c in idx.treating.get(i[1], ())
            }
        )
        for t in (f"https://w3id.org/tlkg/id/therapy/{k}" for k in therapies)
        if t in idx.raw
    }

    results: dict[str, dict[str, float]] = {}
    cycle = iter(range(10**9))

    def pick(items: list[str]) -> str:
        return items[next(cycle) % len(items)]

    for therapy in therapies[:5]:  # first calls fill the per-therapy summaries
        competitors(store, vocab, therapy, limit=20)
    log("timing competitors (index)")
    results["competitors, limit 20 (index)"] = stats(
        timeit(lambda: competitors(store, vocab, pick(therapies), limit=20), args.repeat)
    )

    def as_of_call() -> None:
        # A therapy first mentioned after that day is "not found": that is an answer too.
        with contextlib.suppress(NotFound):
            competitors(store, vocab, pick(therapies), limit=20, as_of="2015-01-01")

    results["competitors, --as-of 2015-01-01 (index)"] = stats(
        timeit(as_of_call, max(args.repeat // 5, 10))
    )
    log("timing landscape (index)")
    results["landscape (index)"] = stats(
        timeit(lambda: landscape(store, vocab, pick(indications)), max(args.repeat // 3, 10))
    )
    log("timing search")
    results["search, limit 10"] = stats(
        timeit(lambda: search(store, vocab, pick(queries), limit=10), args.repeat)
    )
    if args.cold_repeat > 0:
        log("timing on-demand (no index) calls")
        iri_of = {k: f"https://w3id.org/tlkg/id/therapy/{k}" for k in therapies}
        results["competitors, limit 20 (on demand, SPARQL)"] = stats(
            timeit(
                lambda: rank(facts_mod.SparqlFacts(store), iri_of[pick(therapies)], 20),
                args.cold_repeat,
            )
        )
        ind_iri = {k: f"https://w3id.org/tlkg/id/indication/{k}" for k in indications}
        results["landscape (on demand, SPARQL)"] = stats(
            timeit(
                lambda: build_landscape(facts_mod.SparqlFacts(store), ind_iri[pick(indications)]),
                args.cold_repeat,
            )
        )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, st in results.items():
        log(f"{name}: p50 {st['p50']:.2f} ms, p95 {st['p95']:.2f} ms")
    ingest = None
    if args.sample_ingest:
        log(f"timing ingest.load on {args.sample_ingest:,} studies")
        try:
            ingest = sample_ingest(args.sample_ingest, args.seed)
        except Exception as exc:  # report the query numbers anyway
            log(f"ingest sample failed: {type(exc).__name__}: {exc}")
    therapies_n = sum(1 for r in idx.raw.values() if r.mentions)
    report = render(
        args,
        info,
        built,
        warm_s,
        search_index_s,
        results,
        rss_mb,
        therapies_n,
        len(names.entities),
        ncands,
        ingest,
    )
    print(report)
    if args.results:
        with open(args.results, "a", encoding="utf-8") as fh:
            fh.write("\n" + report)
        log(f"appended to {args.results}")
    store.close()
    return 0


def render(
    args: argparse.Namespace,
    info: dict[str, str],
    built: dict[str, Any],
    warm_s: float,
    search_index_s: float,
    results: dict[str, dict[str, float]],
    rss_mb: float,
    therapies_n: int,
    names_n: int,
    ncands: dict[str, int],
    ingest: dict[str, Any] | None,
) -> str:
    load_now = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"## Query latency, {args.studies:,} synthetic trials ({info['date']})",
        "",
        f"Command: `python bench/query_bench.py --studies {args.studies} --seed {args.seed}"
        f"{' --store ' + str(args.store) if args.store else ''} --repeat {args.repeat}`",
        "",
        f"Machine: {info['cpu']}, {info['nproc']} CPUs; Python {info['python']}, "
        f"pyoxigraph {info['pyoxigraph']}; store: {'on disk' if args.store else 'in memory'}; "
        f"load average at start {info['load']} (at end {load_now}); other processes shared "
        "the machine when the load exceeds the CPU count.",
        "",
        "```",
        info["free"],
        "```",
        "",
        f"- store: {built['quads']:,} quads from {args.studies:,} studies "
        f"({built['errors']} rejected), mapped with the CT.gov v2 loader and written in bulk "
        f"in {built['load_s']:.0f} s",
        f"- therapies mentioned: {therapies_n:,}; searchable names: {names_n:,}",
        f"- analysis index warm-up (`tlkg.graph.services.facts.warm`): {warm_s:.1f} s; "
        f"name index: {search_index_s:.1f} s; peak RSS {rss_mb:,.0f} MB",
        f"- candidates per asked therapy (therapies sharing an indication): median "
        f"{statistics.median(ncands.values()) if ncands else 0:.0f}, max "
        f"{max(ncands.values()) if ncands else 0}",
    ]
    if ingest:
        lines.append(
            f"- `tlkg.graph.ingest.pipeline.load` (parse, map, one atomic update per source, "
            f"in-memory "
            f"store): {ingest['studies']:,} studies of {ingest['kb_per_study']:.1f} KB in "
            f"{ingest['seconds']:.1f} s = {ingest['per_s']:.0f} studies/s"
        )
    lines += [
        "",
        "Wall-clock milliseconds per call, and the CPU time of the benchmark process per call",
        "(what a call costs when it has a CPU to itself):",
        "",
        "| service | calls | p50 ms | p95 ms | mean ms | max ms | CPU p50 ms | CPU p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s['n']:.0f} | {s['p50']:.2f} | {s['p95']:.2f} | {s['mean']:.2f} | "
            f"{s['max']:.2f} | {s['cpu_p50']:.2f} | {s['cpu_p95']:.2f} |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
