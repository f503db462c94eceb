"""Concurrency: the embedded store allows ONE writer OR any number of readers.

Whoever comes second while a writer works gets a clear one-line "store is busy" (exit
status 2) instead of corrupting the store or reading a half-written batch, and the first
process finishes its work untouched. The HTTP server owns its store: it keeps answering
reads while an upload (POST /api/sources) loads a large file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from live_server import live_server
from test_crash import JOURNAL_NAME, finish, kill_group, snapshot, start_load, write_studies

from tlkg.graph.store.base import StoreBusy
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
STUDY = FIXTURES / "ctgov" / "NCT03418623.json"
TOKEN = "concurrency-token"
STUDIES = 600


def tlkg(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "TLKG_DEBUG"},
    )


def _busy(proc: subprocess.CompletedProcess[str]) -> None:
    """One line on stderr saying the store is busy (JSON when the command had --json)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    if "--json" in proc.args:
        assert json.loads(lines[0])["error"].startswith("store is busy"), proc.stderr
    else:
        assert lines[0].startswith("error: store is busy"), proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("studies") / "studies.zip"
    write_studies(path, STUDIES)
    return path


def test_a_second_writer_and_readers_during_a_load_get_store_is_busy(
    studies: Path, tmp_path: Path
) -> None:
    """While `tlkg load` writes, another load and three readers, started together, each
    get one line "store is busy" and exit status 2; the first load carries on undisturbed
    and completes. (The load is caught in the middle of a batch, its journal there, and
    frozen with SIGSTOP while the others run, so that they overlap it on any machine.)"""
    store = tmp_path / "store"
    proc = start_load(store, studies)
    try:
        deadline = time.monotonic() + 120
        while not (store / JOURNAL_NAME).exists():
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline
            time.sleep(0.002)
        os.killpg(proc.pid, signal.SIGSTOP)  # the load we started, and its workers
        others = [
            ["load", str(STUDY)],
            ["therapies", "--json"],
            ["sources", "--json"],
            ["query", "ASK {}"],
        ]
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "tlkg", "--store", str(store), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={k: v for k, v in os.environ.items() if k != "TLKG_DEBUG"},
            )
            for args in others
        ]
        results = []
        for other, args in zip(running, others, strict=True):
            out, err = other.communicate(timeout=120)
            results.append(subprocess.CompletedProcess(args, other.returncode, out, err))
        assert proc.poll() is None
        os.killpg(proc.pid, signal.SIGCONT)
        for result in results:
            _busy(result)
        assert "another tlkg process is using" in results[0].stderr  # the writer
        assert all("another tlkg process is writing to" in r.stderr for r in results[1:])
        summary = finish(proc)
    finally:
        if proc.returncode is None:
            kill_group(proc)
    assert summary["loaded"] == STUDIES and summary["errors"] == []
    assert len(snapshot(store).meta) == STUDIES
    therapies = tlkg(store, "therapies", "--json")  # after the load, readers read
    assert therapies.returncode == 0, therapies.stderr
    assert json.loads(therapies.stdout)


def test_many_readers_at_once_but_no_writer_while_they_read(tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = tlkg(store, "load", str(STUDY), "--json")
    assert loaded.returncode == 0, loaded.stderr
    readers = [OxigraphStore(store, read_only=True) for _ in range(3)]
    try:
        assert all(r.source_ids() == ["NCT03418623"] for r in readers)
        # another process reads too...
        assert json.loads(tlkg(store, "sources", "--json").stdout)[0]["id"] == "NCT03418623"
        # ...but no process writes while they read
        writer = tlkg(store, "load", str(FIXTURES / "ctgov" / "NCT00973089.json"))
        _busy(writer)
        with pytest.raises(StoreBusy, match="store is busy"):
            OxigraphStore(store)
    finally:
        for r in readers:
            r.close()
    assert tlkg(store, "load", str(FIXTURES / "ctgov" / "NCT00973089.json")).returncode == 0


def test_the_server_answers_reads_while_an_upload_loads(
    studies: Path, tmp_path: Path, vocab: Vocabulary
) -> None:
    """The server owns the store: a large upload (600 studies) loads in a worker thread
    while GET /api/sources keeps answering; meanwhile a CLI on the same store is told the
    store is busy."""
    store = tmp_path / "store"
    settings = Settings(store=store, upload_token=TOKEN, upload_max_bytes=64 * 1024 * 1024)
    data = studies.read_bytes()
    with live_server(settings, vocab) as base, httpx.Client(base_url=base, timeout=120) as client:
        result: dict[str, object] = {}

        def upload() -> None:
            r = client.post(
                "/api/sources",
                content=data,
                headers={"Authorization": f"Bearer {TOKEN}", "X-Filename": "studies.zip"},
            )
            result["status"] = r.status_code
            result["body"] = r.json()
            result["done"] = time.monotonic()

        thread = threading.Thread(target=upload)
        thread.start()
        answered: list[tuple[float, float, int]] = []  # (when, seconds, sources)
        try:
            while thread.is_alive():
                start = time.monotonic()
                r = client.get("/api/sources")
                assert r.status_code == 200
                answered.append((time.monotonic(), time.monotonic() - start, len(r.json())))
                time.sleep(0.05)
            busy = tlkg(store, "sources", "--json")  # (the server holds the store)
        finally:
            thread.join(300)
        assert result["status"] == 200, result
        during = [a for a in answered if a[0] < float(result["done"])]  # type: ignore[arg-type]
        assert len(during) >= 3, answered
        assert max(seconds for _, seconds, _ in during) < 10
        counts = [n for _, _, n in answered]
        assert counts == sorted(counts)  # sources only ever appear...
        assert all(n % 128 == 0 or n == STUDIES for n in counts), counts  # by batches
        assert len(client.get("/api/sources").json()) == STUDIES
    _busy(busy)
