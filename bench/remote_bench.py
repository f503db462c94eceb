"""Virtuoso (a remote SPARQL 1.1 endpoint, through ``tlkg.graph.store.remote.RemoteStore``) versus
the embedded Oxigraph store, on the same synthetic ClinicalTrials.gov studies
(bench/synth.py).

For each backend: the time to load N studies through ``tlkg.graph.ingest.pipeline.load`` (parse,
map, write; one worker process so that only the store differs), then the end-to-end time
of the services a user calls (``list_therapies``, ``show_therapy``, ``competitors``,
``landscape``; median of ``--repeat`` calls, on-demand facts, no warm index). Virtuoso is
measured with HTTP keep-alive (one connection reused) and without (a new connection per
request). Loading writes one SPARQL update request per source.

Virtuoso is started on 127.0.0.1 from Debian's ``virtuoso-opensource`` (as the tests
do), or ``--endpoint URL`` names a running one whose SPARQL user may update.

``--batch-sizes 1,5,20`` instead measures the write path alone: the first
``--batch-studies`` studies written with that many sources per update request (what a
batching ``write_sources`` would do), against a fresh Virtuoso each time.

Usage::

    python bench/remote_bench.py --studies 2000 --results bench/RESULTS.md
    python bench/remote_bench.py --batch-sizes 1,5,20 --batch-studies 300
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import synth  # noqa: E402

from tlkg.graph.ingest.pipeline import load  # noqa: E402
from tlkg.graph.services import catalog  # noqa: E402
from tlkg.graph.services.competition import competitors  # noqa: E402
from tlkg.graph.services.landscape import landscape  # noqa: E402
from tlkg.graph.store.base import GraphStore  # noqa: E402
from tlkg.graph.store.oxigraph import OxigraphStore  # noqa: E402
from tlkg.graph.store.remote import RemoteStore  # noqa: E402
from tlkg.ontology.namespace import BASE  # noqa: E402
from tlkg.ontology.vocab import Vocabulary, load_vocabulary  # noqa: E402


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break

    def run(cmd: list[str]) -> str:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError:
            return "?"
        return (done.stdout + done.stderr).strip()

    version = next((x for x in run(["virtuoso-t", "-?"]).splitlines() if "Version" in x), "?")

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "nproc": run(["nproc"]),
        "free": run(["free", "-h"]),
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "virtuoso": version,
    }


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # one untimed call: connections, caches of labels and names
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def services(
    store: GraphStore, vocab: Vocabulary, therapy: str, indication: str
) -> dict[str, Callable[[], Any]]:
    return {
        "list_therapies": lambda: catalog.list_therapies(store, vocab),
        "show_therapy": lambda: catalog.show_therapy(store, vocab, therapy),
        "competitors": lambda: competitors(store, vocab, therapy),
        "landscape": lambda: landscape(store, vocab, indication),
    }


def pick(store: GraphStore, vocab: Vocabulary) -> tuple[str, str]:
    """The therapy with the most trials, and its most common indication."""
    items = catalog.list_therapies(store, vocab)
    best = max(items, key=lambda t: (len(t.trials), len(t.indications), t.id))
    return best.id, best.indications[0].id if best.indications else "multiple-myeloma"


def clear(endpoint: str) -> None:
    update = (
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{BASE}")) }}'
    )
    httpx.post(endpoint, data={"update": update}, timeout=600).raise_for_status()


def timed_load(store: GraphStore, data: Path, vocab: Vocabulary) -> tuple[float, int]:
    t0 = time.perf_counter()
    summary = load(store, [data], vocab, workers=1)
    dt = time.perf_counter() - t0
    if summary.errors:
        log(f"  {len(summary.errors)} studies rejected by the loader")
    return dt, summary.triples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--studies", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=10, help="timed calls per service")
    ap.add_argument("--endpoint", default=None, help="a running Virtuoso's /sparql URL")
    ap.add_argument("--results", type=Path, default=None, help="append a section to this file")
    ap.add_argument("--batch-sizes", default=None, help="e.g. 1,5,20: sources per request")
    ap.add_argument("--batch-studies", type=int, default=300)
    args = ap.parse_args(argv)
    if args.batch_sizes:
        return batch_main(args)

    info = machine()
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    vocab = load_vocabulary()
    tmp = Path(tempfile.mkdtemp(prefix="tlkg-remote-bench-"))
    data = tmp / "studies.jsonl"
    synth.write(data, args.studies, args.seed)
    log(f"{args.studies} synthetic studies in {data} ({data.stat().st_size / 1e6:.1f} MB)")

    server = None
    endpoint = args.endpoint
    if endpoint is None:
        from virtuoso_server import ISQL_BINARIES, VirtuosoServer, find_binary

        server = VirtuosoServer(tmp / "virtuoso", isql=find_binary(ISQL_BINARIES)).start()
        endpoint = server.endpoint
        log(f"Virtuoso at {endpoint}")
    try:
        rows: dict[str, dict[str, float]] = {}
        loads: dict[str, float] = {}

        embedded = OxigraphStore(tmp / "oxigraph")
        loads["embedded Oxigraph (on disk)"], triples = timed_load(embedded, data, vocab)
        log(f"embedded: {loads['embedded Oxigraph (on disk)']:.1f} s, {triples:,} triples")
        therapy, indication = pick(embedded, vocab)
        asked = (therapy, indication)
        log(f"asking about therapy {therapy}, indication {indication}")
        rows["embedded"] = {
            name: median_ms(fn, args.repeat)
            for name, fn in services(embedded, vocab, *asked).items()
        }
        n_embedded = embedded.count_triples()

        clear(endpoint)
        remote = RemoteStore(endpoint, timeout_s=600)
        key = "Virtuoso (one update request per source)"
        loads[key], _ = timed_load(remote, data, vocab)
        log(f"virtuoso: {loads[key]:.1f} s")
        n_remote = remote.count_triples()
        for label, keep_alive in (("Virtuoso keep-alive", True), ("Virtuoso no keep-alive", False)):
            store = RemoteStore(endpoint, timeout_s=600, keep_alive=keep_alive)
            rows[label] = {
                name: median_ms(fn, args.repeat)
                for name, fn in services(store, vocab, *asked).items()
            }
            store.close()
        remote.close()
        embedded.close()
    finally:
        if server is not None:
            server.stop()

    info["load"] = (
        f"load average at start {load_start} (at end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}); other processes shared the "
        "machine when the load exceeds the CPU count"
    )
    text = render(args, info, loads, rows, n_embedded, n_remote, triples, asked)
    print(text)
    if args.results:
        with args.results.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
        log(f"appended to {args.results}")
    return 0


def batch_main(args: argparse.Namespace) -> int:
    """Sources per update request: does batching pay on Virtuoso?"""
    from virtuoso_server import ISQL_BINARIES, VirtuosoServer, find_binary

    from tlkg.graph.ingest.workers import prepare_documents
    from tlkg.graph.store.base import Prepared
    from tlkg.loaders.files import iter_documents

    vocab = load_vocabulary()
    tmp = Path(tempfile.mkdtemp(prefix="tlkg-remote-batch-"))
    data = tmp / "studies.jsonl"
    synth.write(data, args.batch_studies, args.seed)
    docs = [d for d in iter_documents([data]) if not hasattr(d, "message")]
    items = [p for p in prepare_documents(docs, vocab) if isinstance(p, Prepared)]  # type: ignore[arg-type]
    lines = [
        f"Sources per update request, {len(items)} synthetic trials "
        f"({sum(p.triples for p in items):,} triples), a fresh Virtuoso per size:",
        "",
        "| sources per request | seconds | sources/s |",
        "| ---: | ---: | ---: |",
    ]
    for n in [int(x) for x in args.batch_sizes.split(",")]:
        server = VirtuosoServer(tmp / f"v{n}", isql=find_binary(ISQL_BINARIES)).start()
        try:
            store = RemoteStore(server.endpoint, timeout_s=600)
            store.ensure_vocabulary(vocab)
            t0 = time.perf_counter()
            try:
                for i in range(0, len(items), n):
                    ops: list[str] = []
                    for p in items[i : i + n]:
                        ops += store._swap_ops(p.graph, p.source, p.data_nt, p.meta_nt)
                    store._write(ops)
                dt = time.perf_counter() - t0
                lines.append(f"| {n} | {dt:.1f} | {len(items) / dt:.1f} |")
            except Exception as exc:  # the engine gave up: that is the finding
                dt = time.perf_counter() - t0
                lines.append(f"| {n} | failed after {dt:.0f} s: {str(exc)[:90]} | |")
            log(lines[-1])
            store.close()
        finally:
            server.stop()
    print("\n".join(lines))
    return 0


def render(
    args: argparse.Namespace,
    info: dict[str, str],
    loads: dict[str, float],
    rows: dict[str, dict[str, float]],
    n_embedded: int,
    n_remote: int,
    triples: int,
    asked: tuple[str, str],
) -> str:
    base = loads["embedded Oxigraph (on disk)"]
    lines = [
        f"## Remote store: Virtuoso vs embedded Oxigraph, {args.studies:,} synthetic trials "
        f"({info['date']})",
        "",
        f"Command: `python bench/remote_bench.py --studies {args.studies} --seed {args.seed} "
        f"--repeat {args.repeat}`",
        "",
        f"Machine: {info['cpu']}, {info['nproc']} CPUs; Python {info['python']}, "
        f"pyoxigraph {info['pyoxigraph']}; Virtuoso: {info['virtuoso'].strip()} "
        f"(Debian package, 127.0.0.1, the test configuration: 10,000 buffers); {info['load']}.",
        "",
        "```",
        info["free"],
        "```",
        "",
        f"Store size after the load: {n_embedded:,} quads embedded, {n_remote:,} in "
        f"Virtuoso's tlkg graphs ({triples:,} source triples written).",
        "",
        "| load (ingest.load, 1 worker) | seconds | studies/s | × embedded |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, s in loads.items():
        lines.append(f"| {name} | {s:.1f} | {args.studies / s:.0f} | {s / base:.1f} |")
    names = list(rows["embedded"])
    lines += [
        "",
        f"Service latency, median of {args.repeat} calls (ms), on-demand facts (no warm "
        f"index); show/competitors of `{asked[0]}` (the therapy with most trials), "
        f"landscape of `{asked[1]}`:",
        "",
        "| service | embedded | Virtuoso keep-alive | × | Virtuoso no keep-alive | × |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        e = rows["embedded"][name]
        k = rows["Virtuoso keep-alive"][name]
        n = rows["Virtuoso no keep-alive"][name]
        lines.append(f"| {name} | {e:.1f} | {k:.1f} | {k / e:.1f} | {n:.1f} | {n / e:.1f} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
