"""What record history costs a registry sync (issue 18's budget: with history on, ``tlkg
load --sync`` of N studies of which 5% changed adds at most 10% to the store's size and
to the sync's time).

Each round loads the studies into a fresh on-disk store, then syncs a newer dump in which
every 20th study was posted again later (a later last-update date, another overall status
and, for half of them, another phase), with history on and off (``--no-history``), the
two variants alternated (the machine is shared: medians, and ratios to the variant
without history measured in the same run).

    .venv/bin/python bench/synth.py --studies 10000 --seed 7 --out /tmp/s10k.jsonl
    .venv/bin/python bench/history_growth.py /tmp/s10k.jsonl --rounds 3

Sizes: the store's quads (exact) and its folder's bytes on disk (after the sync; RocksDB
compacts in the background, so bytes are noisier than quads).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

STATUSES = ("TERMINATED", "COMPLETED", "ACTIVE_NOT_RECRUITING", "SUSPENDED")
NEXT_PHASE = {"EARLY_PHASE1": "PHASE1", "PHASE1": "PHASE2", "PHASE2": "PHASE3", "PHASE3": "PHASE4"}


def newer_dump(source: Path, target: Path, every: int = 20) -> int:
    """``source`` with every ``every``-th study posted again later; the studies changed."""
    changed = 0
    with source.open("rb") as src, target.open("wb") as out:
        for n, line in enumerate(src):
            if n % every == 0:
                study = orjson.loads(line)
                _revise(study, n)
                line = orjson.dumps(study) + b"\n"
                changed += 1
            out.write(line)
    return changed


def _revise(study: dict[str, Any], n: int) -> None:
    proto = study["protocolSection"]
    status = proto["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": "2026-11-30", "type": "ACTUAL"}
    status["overallStatus"] = STATUSES[n % len(STATUSES)]
    phases = proto.get("designModule", {}).get("phases") or []
    if n % 40 == 0 and phases:
        proto["designModule"]["phases"] = [NEXT_PHASE.get(p, p) for p in phases]


def tlkg(store: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # cwd outside the repository: ``python -m`` puts the working folder first on the path.
    return subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args],
        cwd=workdir,
        env={**os.environ, "TLKG_ANALYSIS_INDEX": "0"},
        capture_output=True,
        text=True,
        check=True,
    )


def quads(store: Path, workdir: Path) -> int:
    out = tlkg(
        store,
        workdir,
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "json",
    )
    return int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def one_round(base: Path, newer: Path, history: bool, workdir: Path) -> dict[str, float]:
    store = workdir / "store"
    shutil.rmtree(store, ignore_errors=True)
    tlkg(store, workdir, "load", str(base), "--json")
    before = quads(store, workdir)
    flag = "--history" if history else "--no-history"
    start = time.perf_counter()
    summary = json.loads(tlkg(store, workdir, "load", "--sync", flag, str(newer), "--json").stdout)
    seconds = time.perf_counter() - start
    return {
        "sync_s": seconds,
        "quads_before": before,
        "quads_after": quads(store, workdir),
        "bytes_after": folder_bytes(store),
        "changed": summary.get("changed", 0),
        "archived": summary.get("archived", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("studies", type=Path, help="a JSON Lines file of v2 studies")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        newer = work / "newer.jsonl"
        changed = newer_dump(args.studies, newer)
        print(f"{changed} studies changed in the newer dump", flush=True)
        runs: dict[str, list[dict[str, float]]] = {"off": [], "on": []}
        for r in range(args.rounds):
            for name in ("off", "on"):
                result = one_round(args.studies, newer, name == "on", work)
                runs[name].append(result)
                print(f"round {r + 1} history {name}: {result}", flush=True)
    med = {n: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for n, rs in runs.items()}
    off, on = med["off"], med["on"]
    print(f"archived versions: {on['archived']:.0f} (changed: {on['changed']:.0f})")
    print(
        f"sync time: off {off['sync_s']:.1f} s, on {on['sync_s']:.1f} s, "
        f"ratio {on['sync_s'] / off['sync_s']:.3f}"
    )
    print(
        f"quads after the sync: off {off['quads_after']:.0f}, on {on['quads_after']:.0f}, "
        f"ratio {on['quads_after'] / off['quads_after']:.3f}"
    )
    print(
        f"bytes after the sync: off {off['bytes_after']:.0f}, on {on['bytes_after']:.0f}, "
        f"ratio {on['bytes_after'] / off['bytes_after']:.3f}"
    )


if __name__ == "__main__":
    main()
