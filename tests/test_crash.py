"""Crash safety: a `tlkg load` killed with SIGKILL (the process and its workers, as a power
cut or the OOM killer would) leaves a store that opens and holds every source whole or not
at all; running the same load again gives exactly the graph of one clean load.

The input is 1,000 synthetic studies: the fixture studies under new NCT IDs, in a zip.
Kills land at moments measured from when the first batch reaches the store (its journal
file appears), so that they fall inside the load whatever the machine's speed; one more
test kills at an exact point with the test-only hook ``TLKG_TEST_KILL_AFTER_BATCHES``
(after a bulk load, before its journal is cleared).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from tlkg.graph.store.base import STATE_NODE
from tlkg.graph.store.oxigraph import JOURNAL_NAME, TEST_KILL_ENV, OxigraphStore
from tlkg.ontology.namespace import META_GRAPH

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
STUDIES = 2000
SOURCE_GRAPH = "https://w3id.org/tlkg/graph/source/"
SOURCE_IRI = "https://w3id.org/tlkg/id/source/"
GENERATED_AT = "http://www.w3.org/ns/prov#generatedAtTime"
_BLANK = re.compile(r"_:[0-9A-Za-z]+")


def _base_studies() -> list[dict[str, Any]]:
    studies = [
        orjson.loads((FIXTURES / name).read_bytes())
        for name in ("NCT03418623.json", "NCT00973089.json", "get_nct06604689_20260811.json")
    ]
    for name in ("v2-acute-leukemia-6.json", "v2-mixed-june-2023-4.json"):
        studies += orjson.loads((FIXTURES / name).read_bytes())
    return studies


def write_studies(path: Path, count: int) -> list[str]:
    """``count`` studies (the fixtures in turn, each under a new NCT ID) in a zip."""
    base = _base_studies()
    ids = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for i in range(count):
            nct = f"NCT08{i:06d}"
            study = base[i % len(base)]
            study["protocolSection"]["identificationModule"]["nctId"] = nct
            archive.writestr(f"{nct}.json", orjson.dumps(study))
            ids.append(nct)
    return ids


# Writes of ~4 batches of documents, so that 2,000 studies take several writes and a kill
# can land between two of them (the default, 100,000 triples, is ~1,400 studies).
WRITE_TRIPLES = "30000"


def start_load(
    store: Path, data: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`tlkg load` in its own process group (so that a kill reaches its workers too)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tlkg", "--store", str(store), "load", str(data), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TLKG_WRITE_TRIPLES": WRITE_TRIPLES, **(env or {})},
        start_new_session=True,
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group of the load we started
    proc.communicate(timeout=60)


def finish(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    summary: dict[str, Any] = json.loads(out)
    return summary


@dataclass
class Snapshot:
    graphs: Counter[str]  # source id -> triples in its graph
    meta: Counter[str]  # source id -> triples about it in the metadata graph
    content: Counter[str]  # every quad as N-Quads, less load times and the state token


def snapshot(path: Path, *, read_only: bool = False) -> Snapshot:
    store = OxigraphStore(path, read_only=read_only)
    try:
        graphs: Counter[str] = Counter()
        meta: Counter[str] = Counter()
        content: Counter[str] = Counter()
        for quad in store.quads():
            graph = getattr(quad.graph_name, "value", "")
            subject = getattr(quad.subject, "value", "")
            if graph.startswith(SOURCE_GRAPH):
                graphs[graph.removeprefix(SOURCE_GRAPH)] += 1
            elif graph == str(META_GRAPH) and subject.startswith(SOURCE_IRI):
                meta[subject.removeprefix(SOURCE_IRI)] += 1
            if quad.predicate.value == GENERATED_AT or subject == str(STATE_NODE):
                continue
            # blank nodes (the ontology's OWL lists) get new labels at each load
            content[_BLANK.sub("_:b", str(quad))] += 1
        return Snapshot(graphs, meta, content)
    finally:
        store.close()


def assert_whole_or_absent(got: Snapshot, clean: Snapshot) -> None:
    for sid, n in got.graphs.items():
        assert n == clean.graphs[sid], f"{sid}: {n} of {clean.graphs[sid]} triples"
    for sid, n in got.meta.items():
        assert n == clean.meta[sid], f"{sid}: {n} of {clean.meta[sid]} metadata triples"
    with_data = {sid for sid in got.meta if clean.graphs[sid]}
    assert set(got.graphs) == with_data, "a source graph without its metadata, or back"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], Snapshot]:
    root = tmp_path_factory.mktemp("crash")
    data = root / "studies.zip"
    ids = write_studies(data, STUDIES)
    store = root / "clean"
    summary = finish(start_load(store, data))
    assert summary["loaded"] == STUDIES and summary["errors"] == []
    clean = snapshot(store)
    assert set(clean.meta) == set(ids)
    return data, ids, clean


def _wait_for_first_batch(proc: subprocess.Popen[bytes], store: Path, timeout: float = 120) -> None:
    """Until the load writes its first batch (or has nothing left to write and ends)."""
    journal = store / JOURNAL_NAME
    deadline = time.monotonic() + timeout
    while not journal.exists():
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.communicate()[1].decode()
            return
        assert time.monotonic() < deadline, "the load never wrote a batch"
        time.sleep(0.005)


def test_killed_loads_leave_whole_sources_and_a_rerun_completes_them(
    corpus: tuple[Path, list[str], Snapshot], tmp_path: Path
) -> None:
    """Three loads of the same input, each killed (SIGKILL) at another moment, then one
    that finishes: after each kill the store opens (for a reader too) and holds whole
    sources only; at the end it equals one clean load."""
    data, _ids, clean = corpus
    store = tmp_path / "store"
    partial = []
    for delay in (0.0, 0.8, 1.6):
        proc = start_load(store, data)
        _wait_for_first_batch(proc, store)
        time.sleep(delay)
        kill_group(proc)
        reader = snapshot(store, read_only=True)  # a reader first: it recovers too
        assert not (store / JOURNAL_NAME).exists()
        assert_whole_or_absent(reader, clean)
        writer = snapshot(store)
        assert writer.content == reader.content
        partial.append(len(writer.meta))
    assert any(0 < n < STUDIES for n in partial), partial  # at least one kill mid-load
    summary = finish(start_load(store, data))
    assert summary["errors"] == []
    assert summary["loaded"] + summary["skipped"] == STUDIES
    final = snapshot(store)
    assert final.graphs == clean.graphs and final.meta == clean.meta
    assert final.content == clean.content


def test_a_kill_between_bulk_load_and_journal_clear_is_recovered(
    corpus: tuple[Path, list[str], Snapshot], tmp_path: Path
) -> None:
    """The deterministic crash point: the second batch is in the store but its journal is
    still there (one write per batch of documents here). Opening the store removes
    exactly that batch; the first stays whole."""
    data, ids, clean = corpus
    small = tmp_path / "small.zip"
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(small, "w") as dst:
        for name in sorted(src.namelist())[:400]:
            dst.writestr(name, src.read(name))
    store = tmp_path / "store"
    proc = start_load(store, small, {TEST_KILL_ENV: "2", "TLKG_WRITE_TRIPLES": "1"})
    try:
        # The workers notice their load is gone and exit by themselves (else they would
        # hold the output pipes open, and their memory, forever).
        proc.communicate(timeout=120)
    finally:
        kill_group(proc)
    assert proc.returncode == -signal.SIGKILL
    journal = (store / JOURNAL_NAME).read_text("utf-8").split()
    assert len(journal) == 128  # ingest.BATCH_DOCUMENTS
    # A reader through the CLI sees whole sources only (it recovers first)
    out = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), "sources", "--json"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    listed = {s["id"] for s in json.loads(out.stdout)}
    assert len(listed) == 128 and not listed & set(journal)
    after = snapshot(store)
    assert set(after.meta) == listed
    assert_whole_or_absent(after, clean)
    summary = finish(start_load(store, small))
    assert summary["loaded"] == 400 - 128 and summary["skipped"] == 128
    final = snapshot(store)
    wanted = set(ids[:400])
    assert set(final.meta) == wanted
    assert_whole_or_absent(final, clean)
