"""How soon ``tlkg serve`` answers after it starts, and how fast it answers then: starts
the server on a store, polls one competitors request until it answers (the time from
process start is printed), then times twenty requests at once and twenty more after a
pause (the whole-store caches are prepared in the background meanwhile), then the first
page of a landscape twenty times, then the competitors of twenty other therapies once
each (the ones with most trials in the landscape: no ranking of theirs was kept), and
prints the server's peak RSS.

    .venv/bin/python bench/serve_first.py STORE [--port 8799] [--therapy ID] [--pause 20]
        [--indication ID]

Run it outside the repository with ``PYTHONPATH`` set to compare a tree
(``git archive REV tlkg``) with the installed one.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

TLKG = Path(sys.executable).parent / "tlkg"


# One client for every request, as a real client keeps its connection: ``httpx.get``
# makes a new client each time (~30-40 ms of set-up here, an SSL context included), which
# the figures before session 12 carried.
CLIENT = httpx.Client(timeout=120)


def _times(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        CLIENT.get(url).raise_for_status()
        out.append(time.perf_counter() - start)
    return out


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--therapy", default="idecabtagene-vicleucel")
    parser.add_argument("--pause", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--indication", default="multiple-myeloma")
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}/api/therapies/{args.therapy}/competitors"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(TLKG), "--store", str(args.store), "serve", "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    try:
        first = None
        while time.perf_counter() - start < args.timeout:
            try:
                if CLIENT.get(url).status_code == 200:
                    first = time.perf_counter() - start
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        if first is None:
            raise SystemExit("the server did not answer in time")
        now = _times(url, 20)
        time.sleep(args.pause)
        later = _times(url, 20)
        base = f"http://127.0.0.1:{args.port}/api"
        scape = f"{base}/indications/{args.indication}/landscape"
        pages = _times(scape, 20)
        rows = CLIENT.get(scape, params={"limit": 21}).json()
        others = [
            t["therapy"]["id"]
            for g in rows["groups"]
            for t in g["therapies"]
            if t["therapy"]["id"] != args.therapy
        ][:20]
        cold = [_times(f"{base}/therapies/{quote(o, safe='')}/competitors", 1)[0] for o in others]
        peak = Path(f"/proc/{proc.pid}/status").read_text().split("VmHWM:")[1].split()[0]
        print(f"first answer {first:.2f} s after start")
        print(f"next 20: p50 {statistics.median(now) * 1000:.0f} ms, p95 {_p95(now) * 1000:.0f}")
        print(
            f"after {args.pause:.0f} s: p50 {statistics.median(later) * 1000:.0f} ms, "
            f"p95 {_p95(later) * 1000:.0f}"
        )
        print(
            f"landscape first page x20: p50 {statistics.median(pages) * 1000:.0f} ms, "
            f"p95 {_p95(pages) * 1000:.0f}"
        )
        print(
            f"competitors of {len(cold)} other therapies, once each: p50 "
            f"{statistics.median(cold) * 1000:.0f} ms, p95 {_p95(cold) * 1000:.0f}"
        )
        print(f"peak RSS {int(peak) / 1024:.0f} MB")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)


if __name__ == "__main__":
    main()
