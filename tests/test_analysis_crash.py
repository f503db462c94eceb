"""Crash safety of the analysis index: a `tlkg load` killed (SIGKILL) inside an index
write, or between a store write and its index write, leaves a store and index that answer,
once reopened, exactly as SPARQL on the store does; the same load run again answers as a
clean load does.

The kills land at exact points through test-only hooks: ``TLKG_TEST_KILL_IN_INDEX=N``
(inside the N-th index write, its rows written and not committed) and the store's
``TLKG_TEST_KILL_AFTER_BATCHES=N`` (after a bulk load, before its journal is cleared and
before the index hears of it).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_analysis_index import answers, assert_rows_match_store, assert_same_answers
from test_crash import write_studies

from tlkg.graph.analysis import maintain
from tlkg.graph.analysis.schema import FILE_NAME
from tlkg.graph.store.oxigraph import TEST_KILL_ENV, OxigraphStore

STUDIES = 900
THERAPIES = ["ide-cel", "daratumumab", "pembrolizumab", "azacitidine"]


def timeless(value: Any) -> Any:
    """An answer less the sources' load times (a rerun loads the lost sources later)."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k != "loaded_at"}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def tlkg_load(store: Path, data: Path, env: dict[str, str] | None = None) -> int:
    """`tlkg load` in one process (no workers left behind by a kill)."""
    args = ["--store", str(store), "load", str(data), "--json", "--workers", "1"]
    proc = subprocess.run(
        [sys.executable, "-m", "tlkg", *args],
        capture_output=True,
        env={**os.environ, "TLKG_WRITE_TRIPLES": "30000", **(env or {})},
        timeout=600,
    )
    return proc.returncode


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("index-crash")
    data = root / "studies.zip"
    write_studies(data, STUDIES)
    store_path = root / "clean"
    assert tlkg_load(store_path, data) == 0
    store = OxigraphStore(store_path, read_only=True)
    try:
        return data, timeless(answers(store, None, THERAPIES))
    finally:
        store.close()


@pytest.mark.parametrize(
    "hook", [(maintain.TEST_KILL_ENV, "3"), (TEST_KILL_ENV, "2")], ids=["in-index", "before-index"]
)
def test_killed_load_answers_as_sparql_then_as_a_clean_load(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean: tuple[Path, dict[str, object]],
    hook: tuple[str, str],
) -> None:
    data, clean_answers = clean
    store_path = tmp_path / "store"
    made = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store_path), "reindex"],
        capture_output=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr  # the index is opt-in: `tlkg reindex` makes it
    code = tlkg_load(store_path, data, {hook[0]: hook[1]})
    assert code == -9, "the hook should have killed the load"
    assert (store_path / FILE_NAME).exists()
    store = OxigraphStore(store_path)  # the store's journal is recovered first
    try:
        conn = maintain.connect(store_path / FILE_NAME)
        assert maintain.recorded_token(conn) != store.state_token()  # the index is behind
        conn.close()
        assert_same_answers(store, monkeypatch, None, random.Random(0))  # caught up first
        assert_rows_match_store(store)
    finally:
        store.close()
    assert tlkg_load(store_path, data) == 0  # the same load again
    store = OxigraphStore(store_path, read_only=True)
    try:
        assert timeless(answers(store, None, THERAPIES)) == clean_answers
        assert_rows_match_store(store)
    finally:
        store.close()
