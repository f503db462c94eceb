"""How soon ``tlkg serve`` answers after it starts, and how fast it answers then: starts
the server on a store, polls one competitors request until it answers (the time from
process start is printed), then times twenty requests at once and twenty more after a
pause (the in-memory index may be warming in the background meanwhile), and prints the
server's peak RSS.

    .venv/bin/python bench/serve_first.py STORE [--port 8799] [--therapy ID] [--pause 20]

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

import httpx

TLKG = Path(sys.executable).parent / "tlkg"


def _times(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        httpx.get(url, timeout=120).raise_for_status()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--therapy", default="idecabtagene-vicleucel")
    parser.add_argument("--pause", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=1800.0)
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
                if httpx.get(url, timeout=120).status_code == 200:
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
        peak = Path(f"/proc/{proc.pid}/status").read_text().split("VmHWM:")[1].split()[0]
        print(f"first answer {first:.2f} s after start")
        print(f"next 20: p50 {statistics.median(now) * 1000:.0f} ms, max {max(now) * 1000:.0f}")
        print(
            f"after {args.pause:.0f} s: p50 {statistics.median(later) * 1000:.0f} ms, "
            f"max {max(later) * 1000:.0f}"
        )
        print(f"peak RSS {int(peak) / 1024:.0f} MB")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)


if __name__ == "__main__":
    main()
