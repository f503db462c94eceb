"""``tlkg demo``: the bundled corpus into a fresh store, through the real entry point."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from live_server import stop_server


def run_demo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tlkg", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env if env is not None else _clean_env(),
    )


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TLKG_")}
    env["COLUMNS"] = "200"
    return env


def test_demo_no_serve_loads_a_fresh_temporary_store_and_answers() -> None:
    proc = run_demo("demo", "--no-serve")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "loaded 15 source(s)" in out and "0 error(s)" in out
    match = re.search(r"demo store: (\S+) \(deleted on exit\)", out)
    assert match, out
    assert not Path(match.group(1)).exists()  # the temporary store is gone
    therapies = re.search(r"(\d+) therapies mentioned", out)
    assert therapies and int(therapies.group(1)) >= 20
    assert "competitors of idecabtagene vicleucel (ide-cel), top 5:" in out
    ranked = out.split("top 5:", 1)[1].strip().splitlines()
    assert 1 <= len(ranked) <= 5
    assert "ciltacabtagene autoleucel" in out


def test_demo_into_a_named_new_folder_keeps_it(tmp_path: Path) -> None:
    store = tmp_path / "demo-store"
    proc = run_demo("--store", str(store), "demo", "--no-serve")
    assert proc.returncode == 0, proc.stderr
    assert (store / "CURRENT").exists()
    listed = run_demo("--store", str(store), "sources", "--json")
    assert listed.returncode == 0 and listed.stdout.count('"id"') == 15


def test_demo_never_touches_a_non_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    precious = folder / "notes.txt"
    precious.write_text("keep me")
    for args in (("--store", str(folder)),):
        proc = run_demo(*args, "demo", "--no-serve")
        assert proc.returncode == 2
        assert "not empty" in proc.stderr and "Traceback" not in proc.stderr
    env = {**_clean_env(), "TLKG_STORE": str(folder)}
    proc = run_demo("demo", "--no-serve", env=env)
    assert proc.returncode == 2 and "not empty" in proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert precious.read_text() == "keep me"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_demo(port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tlkg", "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _get_when_serving(proc: subprocess.Popen[str], url: str) -> httpx.Response:
    """GET ``url`` once the demo serves (it loads its corpus first); fail if it exits."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return httpx.get(url, timeout=10)
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "demo server did not start"
            time.sleep(0.2)


def test_demo_serves_and_cleans_up() -> None:
    port = _free_port()
    proc = _start_demo(port, _clean_env())
    try:
        r = _get_when_serving(proc, f"http://127.0.0.1:{port}/api/therapies/ide-cel/competitors")
        assert r.status_code == 200 and r.json()
        ask = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.json()["boolean"] is True
    finally:
        stop_server(proc)
    out = proc.stdout.read() if proc.stdout else ""
    assert proc.returncode == 0
    assert f"http://127.0.0.1:{port}/api/therapies/ide-cel/competitors" in out
    match = re.search(r"demo store: (\S+) \(deleted on exit\)", out)
    assert match and not Path(match.group(1)).exists()


def test_demo_ended_by_sigterm_deletes_its_temporary_store(tmp_path: Path) -> None:
    """A service manager stops the demo with SIGTERM: the temporary store goes too."""
    port = _free_port()
    proc = _start_demo(port, {**_clean_env(), "TMPDIR": str(tmp_path)})
    try:
        _get_when_serving(proc, f"http://127.0.0.1:{port}/")
        assert any(p.name.startswith("tlkg-demo-") for p in tmp_path.iterdir())
        proc.terminate()
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + 15
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("tlkg-demo-")] == []
