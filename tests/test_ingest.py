"""Incremental refresh: unchanged studies skipped, changed ones replaced, --sync removes
the trial records a newer dump no longer has; the parallel path matches the sequential one."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import orjson

from tlkg.graph.ingest import load
from tlkg.graph.store import OxigraphStore
from tlkg.ontology.vocab import Vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
STUDIES = orjson.loads((FIXTURES / "ctgov" / "v2-acute-leukemia-6.json").read_bytes())


def write_dump(folder: Path, studies: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for s in studies:
        nct = s["protocolSection"]["identificationModule"]["nctId"]
        (folder / f"{nct}.json").write_bytes(orjson.dumps(s))
    return folder


def tlkg(store: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_second_dump_skips_unchanged_replaces_changed_and_sync_removes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = write_dump(tmp_path / "dump", STUDIES[:5])
    out = tlkg(store, "load", str(first), "--sync")
    assert (out["added"], out["changed"], out["unchanged"], out["removed"]) == (5, 0, 0, 0)

    newer = [json.loads(json.dumps(s)) for s in STUDIES[1:6]]  # one gone, one new
    newer[0]["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled study"
    second = write_dump(tmp_path / "dump", newer)
    out = tlkg(store, "load", str(second), "--sync")
    assert out["added"] == 1 and out["changed"] == 1
    assert out["unchanged"] == 3 and out["removed"] == 1
    assert out["loaded"] == 2 and out["skipped"] == 3

    ids = {
        s["id"]
        for s in json.loads(
            subprocess.run(
                [sys.executable, "-m", "tlkg", "--store", str(store), "sources", "--json"],
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
        )
    }
    gone = STUDIES[0]["protocolSection"]["identificationModule"]["nctId"]
    assert gone not in ids and len(ids) == 5


def test_without_sync_nothing_is_removed(tmp_path: Path) -> None:
    store = tmp_path / "store"
    tlkg(store, "load", str(write_dump(tmp_path / "a", STUDIES[:3])))
    out = tlkg(store, "load", str(write_dump(tmp_path / "b", STUDIES[3:4])))
    assert out["loaded"] == 1 and "removed" not in out


def test_parallel_and_sequential_loads_give_the_same_graph(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    many = []
    for i in range(80):
        s = json.loads(json.dumps(STUDIES[i % len(STUDIES)]))
        s["protocolSection"]["identificationModule"]["nctId"] = f"NCT{70000000 + i:08d}"
        many.append(s)
    zpath = tmp_path / "dump.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for s in many:
            z.writestr(
                f"{s['protocolSection']['identificationModule']['nctId']}.json", orjson.dumps(s)
            )
    counts = []
    for workers in (1, 2):
        store = OxigraphStore(tmp_path / f"s{workers}")
        summary = load(store, [zpath], vocab, workers=workers)
        assert summary.loaded == 80 and not summary.errors
        q = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/tlkg/graph/source/')) }"
        )
        counts.append(int(str(store.select(q)[0]["n"])))
        store.close()
    assert counts[0] == counts[1] > 80 * 20
