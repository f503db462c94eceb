"""Registry-scale ingest benchmark: tlkg against a plain-rdflib baseline, in one run, on
the same synthetic ClinicalTrials.gov studies (bench/synth.py).

tlkg: ``tlkg load STUDIES.zip`` as a user runs it (a subprocess: parallel workers, the
embedded on-disk Oxigraph store), with the resident memory of the whole process tree
sampled every 0.2 s. Then query latency on that store, p50/p95, for competitors,
landscape and a therapy lookup (``show``), through the same service functions the CLI and
the API use, two ways:

- **on demand** (one CLI command: each call runs its SPARQL queries), ``--cold-repeat``
  timed calls;
- **indexed** (the API server: the in-process index built once by
  ``tlkg.graph.services.facts.warm``, whose time and memory are reported), ``--repeat`` calls.

Baseline: the same studies through the same loader and mapping, but the triples go into an
rdflib ``Dataset`` (Memory store, ``Graph.add``) and the same service functions query it
through rdflib's SPARQL engine (on demand: rdflib has no index of ours). rdflib needs ~1.2
KB per triple and its SPARQL takes tens of seconds per call at a few thousand studies, so
the baseline loads the first ``--baseline-studies`` studies (default 5,000; its rates are
per study and per triple, which is what the ratios compare) and is queried after the first
``--baseline-query-studies`` (default 500; the loading clock is paused meanwhile). Query
ratios therefore compare tlkg on the full store with rdflib on a much smaller one.

Usage::

    python bench/run.py --studies 10000
    python bench/run.py --studies 100000 --results bench/RESULTS.md
    python bench/run.py --studies 600000 --cold-repeat 0 --keep-store /tmp/reg600k
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson
import synth
from rdflib import Dataset, URIRef
from rdflib.term import Node

from tlkg.graph.ingest.workers import prepare_documents
from tlkg.graph.rdf.terms import to_rdflib
from tlkg.graph.rdf.triples import record_triples, vocabulary_triples
from tlkg.graph.services import facts
from tlkg.graph.services.catalog import NotFound, show_therapy
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.landscape import landscape
from tlkg.graph.store.base import Capabilities, Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.base import Document
from tlkg.loaders.ctgov.fields import StudyError
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.ontology.namespace import META_GRAPH, VOCAB_GRAPH
from tlkg.ontology.vocab import load_vocabulary

CANDIDATE_THERAPIES = [
    "teclistamab", "idecabtagene vicleucel", "daratumumab", "blinatumomab", "lenalidomide",
    "ciltacabtagene autoleucel", "glofitamab", "bortezomib", "rituximab", "venetoclax",
]  # fmt: skip
CANDIDATE_INDICATIONS = [
    "multiple myeloma", "large B-cell lymphoma", "acute myeloid leukaemia", "follicular lymphoma",
]  # fmt: skip


QUERY_THERAPIES: list[str] = []
QUERY_INDICATIONS: list[str] = []


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- measuring -------------------------------------------------------------------------------
def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, pages = int(fields[1]), int(fields[21])
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def run_sampled(cmd: list[str]) -> tuple[subprocess.CompletedProcess[bytes], float, int]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_bytes(proc.pid))
            time.sleep(0.2)

    t0 = time.perf_counter()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), elapsed, peak


def latency(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm-up
    ms = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return {"p50": statistics.median(ms), "p95": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]}


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem = (
        int(
            next(
                ln.split()[1]
                for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")
            )
        )
        // 1024
        // 1024
    )
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB RAM, Python {platform.python_version()}"


# ---- the rdflib baseline ---------------------------------------------------------------------
class RdflibStore:
    """Just enough of the GraphStore protocol for the query services, on rdflib."""

    location = "rdflib:memory"
    path = None
    read_only = False
    capabilities = Capabilities()

    def __init__(self) -> None:
        self.ds = Dataset(default_union=True)

    def add_quads(self, triples: Iterable[tuple[Any, Any, Any]], graph: str) -> int:
        g = self.ds.graph(URIRef(graph))
        n = 0
        for s, p, o in triples:
            g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
            n += 1
        return n

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Any]]:
        result = self.ds.query(query, initBindings=bindings or {})
        names = [str(v) for v in result.vars or []]
        return [{n: row[n] for n in names} for row in result]  # type: ignore[index]

    def ask(self, query: str, bindings: dict[str, Node] | None = None) -> bool:
        return bool(self.ds.query(query, initBindings=bindings or {}).askAnswer)

    def scan(self, query: str, names: tuple[str, ...]) -> Iterator[tuple[str | None, ...]]:
        for r in self.select(query):
            yield tuple(None if r.get(n) is None else str(r[n]) for n in names)

    def state_token(self) -> str | None:
        return "static"


def baseline(zip_path: Path, n: int, query_at: int, vocab: Any, repeat: int) -> dict[str, Any]:
    from tlkg.graph.store.updates import ontology_text

    store = RdflibStore()
    store.ds.graph(URIRef(str(VOCAB_GRAPH))).parse(data=ontology_text(), format="turtle")
    store.add_quads(vocabulary_triples(vocab), str(VOCAB_GRAPH))
    load_s = 0.0
    triples = studies = 0
    result: dict[str, Any] = {}
    t0 = time.perf_counter()
    for study in iter_zip(zip_path, n):
        try:
            rec = build_trial(study, vocab, path=None, loader="ctgov-v2", loader_version="1")
        except StudyError:
            continue
        st = record_triples(rec)
        triples += store.add_quads(st.data, st.graph) + store.add_quads(st.meta, str(META_GRAPH))
        studies += 1
        if studies == query_at:
            load_s += time.perf_counter() - t0
            log(f"baseline: querying rdflib at {studies:,} studies")
            result["queries"] = queries(store, vocab, repeat)
            result["query_studies"] = studies
            t0 = time.perf_counter()
    load_s += time.perf_counter() - t0
    if "queries" not in result:
        result["queries"] = queries(store, vocab, repeat)
        result["query_studies"] = studies
    log(f"baseline: {studies:,} studies, {triples:,} triples in {load_s:.1f} s")
    return result | {"studies": studies, "triples": triples, "load_s": load_s}


def iter_zip(path: Path, n: int) -> Iterable[dict[str, Any]]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist()[:n]:
            yield orjson.loads(archive.read(info))


# ---- queries (the same functions on either store) --------------------------------------------
def present(fn: Callable[[str], Any], names: list[str], want: int) -> list[str]:
    """The first ``want`` names the store knows (small stores lack some therapies)."""
    found = []
    for name in names:
        try:
            fn(name)
        except NotFound:
            continue
        found.append(name)
        if len(found) == want:
            break
    return found


def choose_queries(zip_path: Path, n: int, vocab: Any) -> None:
    """Therapies and indications present in the first ``n`` studies (what the baseline is
    queried on), so that both stores answer the same questions."""
    global QUERY_THERAPIES, QUERY_INDICATIONS
    docs = [Document(f"{i}", orjson.dumps(s)) for i, s in enumerate(iter_zip(zip_path, n))]
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    items = prepare_documents(docs, vocab)
    store.write_sources([p for p in items if isinstance(p, Prepared)], [])
    QUERY_THERAPIES = present(lambda t: show_therapy(store, vocab, t), CANDIDATE_THERAPIES, 4)
    QUERY_INDICATIONS = present(lambda i: landscape(store, vocab, i), CANDIDATE_INDICATIONS, 3)
    store.close()


def queries(
    store: Any, vocab: Any, repeat: int, indexed: bool = False
) -> dict[str, dict[str, float]]:
    """p50/p95 per call of each service (an empty dict when ``repeat`` is 0). ``show``
    (lookup) does not use the index: it is timed on demand only."""
    if repeat <= 0:
        return {}
    out = {}
    cases: dict[str, Callable[[], Any]] = {
        "competitors": lambda: [competitors(store, vocab, t, limit=20) for t in QUERY_THERAPIES],
        "landscape": lambda: [landscape(store, vocab, i) for i in QUERY_INDICATIONS],
        "lookup": lambda: [show_therapy(store, vocab, t) for t in QUERY_THERAPIES],
    }
    per_call = {
        "competitors": len(QUERY_THERAPIES),
        "landscape": len(QUERY_INDICATIONS),
        "lookup": len(QUERY_THERAPIES),
    }
    for name, fn in cases.items():
        if indexed and name == "lookup":
            continue
        stats = latency(fn, repeat)
        out[name] = {k: v / per_call[name] for k, v in stats.items()}
    return out


# ---- main --------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--studies", type=int, default=10_000)
    ap.add_argument("--baseline-studies", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=50, help="timed calls, indexed (0: skip)")
    ap.add_argument("--cold-repeat", type=int, default=3, help="timed calls, on demand (0: skip)")
    ap.add_argument("--baseline-query-studies", type=int, default=500)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--data", type=Path, default=Path("bench/out"), help="where studies go")
    ap.add_argument("--keep-store", type=Path, default=None, help="keep tlkg's store here")
    ap.add_argument("--results", type=Path, default=None, help="append a section here")
    args = ap.parse_args(argv)

    args.data.mkdir(parents=True, exist_ok=True)
    zip_path = args.data / f"studies-{args.studies}-{args.seed}.zip"
    if not zip_path.exists():
        log(f"generating {args.studies:,} synthetic studies -> {zip_path}")
        synth.write(zip_path, args.studies, args.seed)
    size_mb = zip_path.stat().st_size / 1e6
    vocab = load_vocabulary()
    choose_queries(zip_path, min(args.baseline_query_studies, args.studies), vocab)

    with tempfile.TemporaryDirectory(dir=args.data) as tmp:
        store_dir = args.keep_store or Path(tmp) / "store"
        if store_dir.exists():
            log(f"{store_dir} exists; give an empty place for the store")
            return 1
        cmd = [sys.executable, "-m", "tlkg", "--store", str(store_dir), "load", str(zip_path)]
        cmd += ["--json"] + (["--workers", str(args.workers)] if args.workers else [])
        log("tlkg load ...")
        proc, load_s, peak = run_sampled(cmd)
        summary = orjson.loads(proc.stdout) if proc.stdout else {}
        if proc.returncode not in (0, 1) or not summary:
            sys.stderr.write(proc.stderr.decode())
            return 1
        store_bytes = du(store_dir)
        log(
            f"tlkg: {summary['loaded']:,} studies in {load_s:.1f} s "
            f"({summary['loaded'] / load_s:,.0f}/s); peak RSS {peak / 2**20:.0f} MiB"
        )
        tq = tlkg_queries(store_dir, vocab, args)

    base = baseline(
        zip_path,
        min(args.baseline_studies, args.studies),
        args.baseline_query_studies,
        vocab,
        args.cold_repeat,
    )
    report = render(args, summary, load_s, peak, store_bytes, size_mb, tq, base)
    print(report)
    if args.results:
        with open(args.results, "a", encoding="utf-8") as fh:
            fh.write("\n" + report)
    return 0


def rss_bytes() -> int:
    return tree_rss_bytes(os.getpid())


def tlkg_queries(store_dir: Path, vocab: Any, args: argparse.Namespace) -> dict[str, Any]:
    """On-demand latencies, then the index's warm-up (time, memory) and indexed latencies."""
    store = OxigraphStore(store_dir, read_only=True)
    out: dict[str, Any] = {"cold": {}, "indexed": {}}
    try:
        log("tlkg: on-demand queries ...")
        out["cold"] = queries(store, vocab, args.cold_repeat)
        if args.repeat > 0:
            before = rss_bytes()
            log("tlkg: warming the index ...")
            t0 = time.perf_counter()
            facts.warm(store)
            out["warm_s"] = time.perf_counter() - t0
            out["index_bytes"] = rss_bytes() - before
            log(f"tlkg: index warm in {out['warm_s']:.1f} s")
            out["indexed"] = queries(store, vocab, args.repeat, indexed=True)
    finally:
        store.close()
    return out


def _ms(stats: dict[str, float] | None) -> str:
    return f"{stats['p50']:,.1f} / {stats['p95']:,.1f} ms" if stats else "not run"


def render(
    args: argparse.Namespace,
    summary: dict[str, Any],
    load_s: float,
    peak: int,
    store_bytes: int,
    size_mb: float,
    tq: dict[str, Any],
    base: dict[str, Any],
) -> str:
    n = summary["loaded"]
    t_rate, t_trate = n / load_s, summary["triples"] / load_s
    b_rate, b_trate = base["studies"] / base["load_s"], base["triples"] / base["load_s"]
    lines = [
        f"## Ingest benchmark, {args.studies:,} studies ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Command: `python bench/run.py {' '.join(sys.argv[1:])}`",
        "",
        f"Machine: {machine()}; pyoxigraph {ox_version()}; load average at the end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}. Input: {args.studies:,} synthetic "
        f"v2 studies (seed {args.seed}), {size_mb:,.0f} MB zipped. Baseline: the first "
        f"{base['studies']:,} studies, queried at {base['query_studies']:,}.",
        "",
        "| | tlkg (Oxigraph on disk) | rdflib baseline (Memory) | ratio |",
        "|---|---|---|---|",
        f"| studies/s | {t_rate:,.0f} | {b_rate:,.0f} | {t_rate / b_rate:.1f}x |",
        f"| triples/s | {t_trate:,.0f} | {b_trate:,.0f} | {t_trate / b_trate:.1f}x |",
        f"| load time | {load_s:,.1f} s ({n:,} studies) | {base['load_s']:.1f} s "
        f"({base['studies']:,} studies) | |",
        f"| peak RSS (process tree) | {peak / 2**20:,.0f} MiB | | |",
        f"| store size | {store_bytes / 2**20:,.0f} MiB | | |",
    ]
    for name in ("competitors", "landscape", "lookup"):
        t, b = tq["cold"].get(name), base["queries"].get(name)
        ratio = f"{b['p50'] / t['p50']:.1f}x" if t and b else ""
        lines.append(f"| {name} p50 / p95, on demand | {_ms(t)} | {_ms(b)} | {ratio} |")
    for name in ("competitors", "landscape"):
        lines.append(f"| {name} p50 / p95, indexed | {_ms(tq['indexed'].get(name))} | | |")
    if "warm_s" in tq:
        lines.append(
            f"| index warm-up (API server start) | {tq['warm_s']:,.1f} s, "
            f"+{tq['index_bytes'] / 2**20:,.0f} MiB | | |"
        )
    lines += [
        "",
        f"Asked about: {', '.join(QUERY_THERAPIES)}; landscapes of "
        f"{', '.join(QUERY_INDICATIONS)}. Load errors reported by tlkg: "
        f"{len(summary.get('errors', []))}.",
        "",
    ]
    return "\n".join(lines)


def ox_version() -> str:
    from importlib.metadata import version

    return version("pyoxigraph")


if __name__ == "__main__":
    raise SystemExit(main())
