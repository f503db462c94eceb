"""Load time with and without the analysis index (issue 15's budget: maintenance adds at
most 15%). Runs ``tlkg --store DIR load FILE --json`` into a fresh store per run, the
variants alternated in one run (the machine is shared: medians, and their ratio to the
first variant).

    .venv/bin/python bench/synth.py --studies 10000 --seed 7 --out /tmp/s10k.jsonl
    .venv/bin/python bench/index_load_cost.py /tmp/s10k.jsonl --rounds 7 \\
        --variant off:TLKG_ANALYSIS_INDEX=0 --variant on:REINDEX_FIRST=1

A variant is ``name:VAR=value,VAR=value``; ``PYTHONPATH=/tmp/base/`` measures another
tree (e.g. ``git archive HEAD tlkg``), and ``REINDEX_FIRST=1`` runs ``tlkg reindex`` on
the empty store before the load (not counted). The index is opt-in: a variant without
``REINDEX_FIRST=1`` loads into a store without one (``on:`` alone measures no index).

Besides each variant's median and its ratio to the first variant's median, the median of
the per-round ratios is printed (each run against the first variant's run of the same
round, made just before it): on a machine shared with other work, whose load drifts over
minutes, the paired figure moves less.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    name, _, assignments = text.partition(":")
    env = dict(a.split("=", 1) for a in assignments.split(",") if a)
    return name, env


def run_once(data: Path, env: dict[str, str], workdir: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (the load and its worker processes: less sensitive to other
    work on the machine) of one load into a fresh store, and its index's size (0: none)."""
    store = workdir / "store"
    shutil.rmtree(store, ignore_errors=True)
    tlkg = [sys.executable, "-m", "tlkg", "--store", str(store)]
    env = {**os.environ, **env}
    if env.pop("REINDEX_FIRST", "") == "1":
        subprocess.run(
            [*tlkg, "reindex", "--json"], cwd=workdir, env=env, capture_output=True, check=True
        )
    cpu = _children_cpu()
    start = time.perf_counter()
    # cwd outside the repository: ``python -m`` puts the working folder first on the
    # path, before PYTHONPATH, which would measure the working tree whatever the variant.
    proc = subprocess.run(
        [*tlkg, "load", str(data.resolve()), "--json"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"load failed: {proc.stderr[-2000:]}")
    index = store / "analysis.sqlite"
    return seconds, cpu, index.stat().st_size if index.exists() else 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variant", action="append", required=True)
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variant]
    wall: dict[str, list[float]] = {name: [] for name, _ in variants}
    cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
    with tempfile.TemporaryDirectory(prefix="tlkg-index-bench-") as tmp:
        for r in range(args.rounds):
            for name, env in variants:
                seconds, used, size = run_once(args.data, env, Path(tmp))
                wall[name].append(seconds)
                cpu[name].append(used)
                print(
                    f"round {r + 1} {name}: {seconds:.2f} s wall, {used:.2f} s CPU "
                    f"(index {size / 1e6:.1f} MB)",
                    flush=True,
                )
    for label, times in (("wall", wall), ("CPU", cpu)):
        base = times[variants[0][0]]
        first = statistics.median(base)
        for name, values in times.items():
            med = statistics.median(values)
            runs = ", ".join(f"{v:.2f}" for v in values)
            paired = statistics.median(v / b for v, b in zip(values, base, strict=True))
            print(
                f"{label} {name}: median {med:.2f} s ({runs}); ratio {med / first:.3f}, "
                f"paired {paired:.3f}"
            )


if __name__ == "__main__":
    main()
