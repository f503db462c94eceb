"""Time the query services on an existing store, so that two versions of tlkg can be
compared in alternation on ONE store (single runs of ``bench/run.py`` vary by ±25% here).

Run it from each version's checkout, with that checkout's interpreter::

    python bench/paired_queries.py STORE_DIR [--cold-repeat 5] [--repeat 50]

It prints p50 per call: competitors of four therapies, three landscapes and four lookups
on demand, the index warm-up, then competitors and landscape from the index. The imports
fall back to the module paths of versions before the layout refactor (commit 15afe85).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the same query cases as the full benchmark

from tlkg.ontology.vocab import load_vocabulary

try:
    from tlkg.graph.services import facts
    from tlkg.graph.store.oxigraph import OxigraphStore
except ImportError:  # a version before the layout refactor
    from tlkg.graph import facts  # type: ignore[no-redef]
    from tlkg.graph.store import OxigraphStore  # type: ignore[no-redef]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--cold-repeat", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    run.QUERY_THERAPIES = ["daratumumab", "lenalidomide", "bortezomib", "rituximab"]
    run.QUERY_INDICATIONS = ["multiple myeloma", "large B-cell lymphoma", "acute myeloid leukaemia"]
    store = OxigraphStore(args.store, read_only=True)
    vocab = load_vocabulary([])
    cold = run.queries(store, vocab, args.cold_repeat)
    started = time.perf_counter()
    facts.warm(store)
    warm = time.perf_counter() - started
    indexed = run.queries(store, vocab, args.repeat, indexed=True)
    print("on demand p50 ms:", {k: round(v["p50"], 1) for k, v in cold.items()})
    print(f"index warm-up: {warm:.1f} s")
    print("indexed p50 ms:", {k: round(v["p50"], 2) for k, v in indexed.items()})


if __name__ == "__main__":
    main()
