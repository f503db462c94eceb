"""HTTP latency of the tlkg server on the bundled demo corpus.

Starts ``tlkg --store DIR serve`` (a real server process, as users run it) on a free
port of 127.0.0.1 over a fresh store holding the demo corpus, then times N sequential
requests per route with one keep-alive httpx client, and prints p50/p95/max. Also
measures the SPARQL worker pool on its own: the round trip of a trivial ASK through a
worker process, against the same query run in-process.

    python bench/api_latency.py [-n 300]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import httpx


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(name: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(
        f"{name:<52} n={len(ms):<4} p50 {statistics.median(ms):7.2f} ms  "
        f"p95 {pct(ms, 0.95):7.2f} ms  max {max(ms):7.2f} ms"
    )


def timed(n: int, call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append(time.perf_counter() - t)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_demo_store(path: Path) -> None:
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.store.oxigraph import OxigraphStore
    from tlkg.ontology.vocab import load_vocabulary

    demo = Path(str(resources.files("tlkg").joinpath("demo")))
    store = OxigraphStore(path)
    try:
        summary = load(store, [demo / "trials", demo / "articles"], load_vocabulary())
        print(f"demo store: {summary.loaded} sources, {store.count_triples()} quads")
    finally:
        store.close()


def bench_http(store: Path, n: int) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TLKG_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tlkg", "--store", str(store), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/sparql", params={"query": "ASK {}"}).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.1)
            time.sleep(2)  # let the second SPARQL worker finish starting
            routes = {
                "GET /api/therapies/ide-cel/competitors": (
                    "/api/therapies/ide-cel/competitors",
                    {},
                ),
                "GET /api/therapies/ide-cel": ("/api/therapies/ide-cel", {}),
                "GET /api/therapies": ("/api/therapies", {}),
                "GET /api/indications/multiple-myeloma/landscape": (
                    "/api/indications/multiple-myeloma/landscape",
                    {},
                ),
                "GET /api/search?q=abecma": ("/api/search", {"q": "abecma"}),
                "GET /sparql ASK {} (worker pool)": ("/sparql", {"query": "ASK {}"}),
                "GET /sparql SELECT 5 therapies (worker pool)": (
                    "/sparql",
                    {
                        "query": "PREFIX tlkg: <https://w3id.org/tlkg/ontology#> "
                        "SELECT ?t WHERE { ?t a tlkg:Therapy } LIMIT 5"
                    },
                ),
            }
            for name, (path, params) in routes.items():
                for _ in range(5):  # warm-up
                    assert client.get(path, params=params).status_code == 200
                report(name, timed(n, lambda p=path, q=params: client.get(p, params=q)))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def bench_pool(store_path: Path, n: int) -> None:
    """The worker pool's own cost: ASK {} via a worker vs in the calling process."""
    from tlkg.api.workers import SnapshotPool
    from tlkg.graph.store.base import QueryJob
    from tlkg.graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(store_path)
    pool = SnapshotPool(store, timeout_s=10, size=2)
    try:
        pool.start()
        assert pool.wait_ready()
        job = QueryJob("ASK {}")
        for _ in range(5):
            pool.run(job)
        # Interleaved, so that load from other processes weighs on both alike.
        via_pool: list[float] = []
        inline: list[float] = []
        for _ in range(n):
            via_pool += timed(1, lambda: pool.run(job))
            inline += timed(1, lambda: store.run_query_job(job))
        report("pool.run(ASK {}) (pipe round trip + worker)", via_pool)
        report("store.run_query_job(ASK {}) in-process (check + run)", inline)
        diffs = [a - b for a, b in zip(via_pool, inline, strict=True)]
        print(
            "worker round-trip overhead: median of paired differences "
            f"{statistics.median(diffs) * 1000:.2f} ms"
        )
        t = time.perf_counter()
        pool.refresh()
        print(f"snapshot refresh (Store.backup): {(time.perf_counter() - t) * 1000:.1f} ms")
    finally:
        pool.close()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="requests per route")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tlkg-bench-api-") as tmp:
        store = Path(tmp) / "store"
        build_demo_store(store)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, n={args.n}")
        bench_http(store, args.n)
        bench_pool(store, args.n)


if __name__ == "__main__":
    main()
