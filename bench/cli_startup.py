"""Wall time of one-shot CLI commands (issue 15): ``tlkg --version``, ``tlkg --help`` and
``competitors`` / ``show`` / ``landscape`` (first page) on the demo corpus in an on-disk
store with its analysis index, against ``python -c pass`` and a baseline tree.

    .venv/bin/python bench/cli_startup.py [--runs 7] [--base DIR] [--store DIR]
        [--base-store DIR]

``--base DIR``: a folder holding a ``tlkg`` package to compare with (by default the
committed HEAD, exported with ``git archive HEAD tlkg``); it is put first on PYTHONPATH,
so the same ``tlkg`` script runs that tree. Both trees are byte-compiled first (as an
installed package is), the store is built once with the working tree, and the variants
alternate run by run so that other work on the machine weighs on them alike. Prints the
median wall time and the median CPU time (user + system) of each command and variant.

``--store DIR``: time the commands on an existing store with its index (e.g. one made
by ``bench/synth.py`` and ``tlkg load``) instead of the demo corpus. Byte-compiling first
matters: where ``PYTHONDONTWRITEBYTECODE`` is set and nothing compiled the tree, every
command compiles its ~40 tlkg modules again (~70 ms here); an installed package never
does. ``--base-store DIR``: a copy of that store for the baseline tree: the view an
answer keeps in the index is stamped with the code that built it, so two trees that build
it differently would each rebuild it at every other run on one store (``cp -a`` the store
first; each copy is warmed by a first run of each command, not timed).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TLKG = Path(sys.executable).parent / "tlkg"
DEMO = ROOT / "tlkg" / "demo"


def commands(store: Path) -> dict[str, list[str]]:
    s = ["--store", str(store)]
    return {
        "tlkg --version": ["--version"],
        "tlkg --help": ["--help"],
        'competitors "idecabtagene vicleucel"': [*s, "competitors", "idecabtagene vicleucel"],
        'show "idecabtagene vicleucel"': [*s, "show", "idecabtagene vicleucel"],
        'landscape "multiple myeloma"': [*s, "landscape", "multiple myeloma"],
    }


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run (the CPU of the child process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def head_tree(into: Path) -> Path:
    """The committed HEAD's ``tlkg`` package, exported into ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "HEAD", "tlkg"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build_store(work: Path) -> Path:
    store = work / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["load", str(DEMO / "trials"), str(DEMO / "articles")], ["reindex"]):
        proc = subprocess.run(
            [str(TLKG), "--store", str(store), *args], env=env, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise SystemExit(f"tlkg {args[0]} failed: {proc.stdout}{proc.stderr}")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", type=Path, help="folder holding the baseline tlkg package")
    parser.add_argument("--store", type=Path, help="an existing store (default: the demo's)")
    parser.add_argument("--base-store", type=Path, help="the baseline tree's copy of --store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tlkg-cli-bench-") as tmp:
        work = Path(tmp)
        base = args.base or head_tree(work / "head")
        for tree in (ROOT / "tlkg", base / "tlkg"):
            compileall.compile_dir(str(tree), quiet=1)
        store = args.store or build_store(work)
        if not (store / "analysis.sqlite").exists():
            raise SystemExit(f"{store} has no analysis index: run `tlkg reindex` on it first")
        variants = {"now": (str(ROOT), store), "base": (str(base), args.base_store or store)}
        python = [sys.executable, "-c", "pass"]
        walls: dict[tuple[str, str], list[float]] = {}
        cpus: dict[tuple[str, str], list[float]] = {}
        for path, where in variants.values():  # each tree's view of its store, kept
            env = {**os.environ, "PYTHONPATH": path, "COLUMNS": "100"}
            for argv in commands(where).values():
                timed([str(TLKG), *argv], env, work)
        for _ in range(args.runs):
            for name in commands(store):
                for variant, (path, where) in variants.items():
                    env = {**os.environ, "PYTHONPATH": path, "COLUMNS": "100"}
                    argv = commands(where)[name]
                    wall, cpu = timed([str(TLKG), *argv], env, work)
                    walls.setdefault((name, variant), []).append(wall)
                    cpus.setdefault((name, variant), []).append(cpu)
            wall, cpu = timed(python, dict(os.environ), work)
            walls.setdefault(("python -c pass", ""), []).append(wall)
            cpus.setdefault(("python -c pass", ""), []).append(cpu)
        report(walls, cpus, args.runs)


def report(
    walls: dict[tuple[str, str], list[float]], cpus: dict[tuple[str, str], list[float]], runs: int
) -> None:
    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:6.0f}"

    pas = ("python -c pass", "")
    print(f"median of {runs} runs, ms; load average {os.getloadavg()[0]:.1f}")
    print(f"python -c pass: {ms(walls[pas]).strip()} wall, {ms(cpus[pas]).strip()} CPU")
    print(f"{'command':40} {'base wall':>9} {'now wall':>9} {'base CPU':>9} {'now CPU':>9}")
    for name in dict.fromkeys(n for n, v in walls if v):
        base, now = (name, "base"), (name, "now")
        print(
            f"{name:40} {ms(walls[base]):>9} {ms(walls[now]):>9} "
            f"{ms(cpus[base]):>9} {ms(cpus[now]):>9}"
        )


if __name__ == "__main__":
    main()
