"""Latency of user SPARQL queries over the union default graph (issue 16, point 1), as
the /sparql workers run them (``tlkg.graph.store.user_query.execute_job`` on a read-only
Oxigraph store), and the row count each answer has.

Run it once per tree to compare (alternate the runs, the machine is shared)::

    python bench/synth.py --studies 10000 --seed 7 --out /tmp/s10k.jsonl
    tlkg --store /tmp/store10k load /tmp/s10k.jsonl
    PYTHONPATH=<tree> python bench/union_set_bench.py /tmp/store10k --repeat 3 [--skip slow]

Prints one line per query: name, median seconds, rows (or the value of a COUNT).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import pyoxigraph as ox

from tlkg.graph.store.base import QueryJob
from tlkg.graph.store.user_query import execute_job

PREFIX = (
    "PREFIX tlkg: <https://w3id.org/tlkg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
CYCLO = "<https://w3id.org/tlkg/id/therapy/cyclophosphamide>"
QUERIES = {
    "label of one therapy": f"SELECT ?n WHERE {{ {CYCLO} skos:prefLabel ?n }}",
    "count all triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count indications x labels": "SELECT (COUNT(*) AS ?n) WHERE { ?i a tlkg:Indication ; "
    "skos:prefLabel ?l }",
    "indications with optional MeSH": "SELECT ?i ?l ?m WHERE { ?i a tlkg:Indication ; "
    "skos:prefLabel ?l OPTIONAL { ?i tlkg:meshId ?m } }",
    "5 therapies by name": "SELECT ?t ?name WHERE { ?t a tlkg:Therapy ; skos:prefLabel ?name }"
    " ORDER BY ?name LIMIT 5",
    "everything about a labelled node": 'SELECT ?p ?o WHERE { ?t skos:prefLabel "cyclophosphamide" '
    ". ?t ?p ?o }",
    "instances per class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "first 100 triples": "SELECT * WHERE { ?s ?p ?o } LIMIT 100",
    "ASK a pattern": f"ASK {{ {CYCLO} skos:prefLabel ?n }}",
}
SLOW = {"indications with optional MeSH", "everything about a labelled node"}


def run(db: ox.Store, query: str) -> tuple[float, str]:
    started = time.perf_counter()
    outcome = execute_job(db, QueryJob(PREFIX + query, limit=10_000_000))
    elapsed = time.perf_counter() - started
    if not outcome.ok:
        return elapsed, outcome.body.decode()[:80]
    answer = json.loads(outcome.body)
    if "boolean" in answer:
        return elapsed, str(answer["boolean"])
    bindings = answer["results"]["bindings"]
    if len(bindings) == 1 and list(bindings[0]) == ["n"]:
        return elapsed, "n=" + bindings[0]["n"]["value"]
    return elapsed, f"{len(bindings)} rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", choices=["slow"], default=None)
    parser.add_argument("--only", action="append", default=None)
    args = parser.parse_args()
    db = ox.Store.read_only(args.store)
    for name, query in QUERIES.items():
        if (args.skip == "slow" and name in SLOW) or (args.only and name not in args.only):
            continue
        times, answer = [], ""
        for _ in range(args.repeat):
            elapsed, answer = run(db, query)
            times.append(elapsed)
        print(f"{name}\t{statistics.median(times):.4f}\t{answer}", flush=True)


if __name__ == "__main__":
    main()
