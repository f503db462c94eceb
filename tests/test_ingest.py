"""Incremental refresh: unchanged studies skipped, changed ones replaced, --sync removes
the trial records a newer dump no longer has; the parallel path matches the sequential one."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import orjson

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.oxigraph import OxigraphStore
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


def _numbered(n: int, first: int = 71000000) -> list[dict]:
    out = []
    for i in range(n):
        s = json.loads(json.dumps(STUDIES[i % len(STUDIES)]))
        s["protocolSection"]["identificationModule"]["nctId"] = f"NCT{first + i:08d}"
        out.append(s)
    return out


def _zip(path: Path, entries: list[tuple[str, dict]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, study in entries:
            z.writestr(name, orjson.dumps(study))
    return path


def test_parallel_load_reports_a_damaged_zip_entry_and_loads_the_rest(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    # Worker processes read the entries: a damaged one is still one error naming it.
    studies = _numbered(80)
    zpath = _zip(tmp_path / "dump.zip", [(f"s{i:03d}.json", s) for i, s in enumerate(studies)])
    with zipfile.ZipFile(zpath) as z:
        info = z.getinfo("s040.json")
    raw = bytearray(zpath.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 20, start + 60):
        raw[k] ^= 0xFF
    zpath.write_bytes(bytes(raw))
    store = OxigraphStore(tmp_path / "store")
    summary = load(store, [zpath], vocab, workers=2)
    assert summary.loaded == 79
    assert len(summary.errors) == 1
    assert summary.errors[0].path.endswith("dump.zip!s040.json")
    assert "cannot read zip entry" in summary.errors[0].error
    store.close()


def test_a_study_met_again_in_a_later_batch_replaces_the_first(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    # A fresh store is not asked for content hashes; a repeat must still replace, not merge.
    studies = _numbered(200)
    again = json.loads(json.dumps(studies[0]))
    again["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled study"
    entries = [(f"a{i:03d}.json", s) for i, s in enumerate(studies)] + [("z.json", again)]
    zpath = _zip(tmp_path / "dump.zip", entries)
    nct = again["protocolSection"]["identificationModule"]["nctId"]
    q = (
        "SELECT ?t WHERE { GRAPH ?g { ?trial a <https://w3id.org/tlkg/ontology#Trial> ; "
        "<http://purl.org/dc/terms/title> ?t ; <http://purl.org/dc/terms/identifier> ?id } }"
    )
    for workers in (1, 2):
        store = OxigraphStore(tmp_path / f"s{workers}")
        # a write per batch of documents: the repeat comes after the first is stored
        summary = load(store, [zpath], vocab, workers=workers, write_triples=1)
        assert (summary.added, summary.changed, len(summary.errors)) == (200, 1, 0)
        titles = [str(r["t"]) for r in store.select(q.replace("?id", f'"{nct}"'))]
        assert titles == ["Retitled study"]
        store.close()


def test_the_last_version_in_the_input_wins_even_when_it_is_the_stored_one(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    # Stored: version 0. Input: version 1, then version 0 again, both waiting to be written
    # together: the store must end with version 0, not keep version 1 as "unchanged".
    original = _numbered(1)[0]
    retitled = json.loads(json.dumps(original))
    retitled["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled study"
    store = OxigraphStore(tmp_path / "store")
    load(store, [_zip(tmp_path / "a.zip", [("a.json", original)])], vocab, workers=1)
    both = _zip(tmp_path / "b.zip", [("b1.json", retitled), ("b2.json", original)])
    summary = load(store, [both], vocab, workers=1)
    assert summary.changed == 1 and not summary.errors
    q = (
        "SELECT ?t WHERE { GRAPH ?g { ?trial a <https://w3id.org/tlkg/ontology#Trial> ; "
        "<http://purl.org/dc/terms/title> ?t } }"
    )
    want = original["protocolSection"]["identificationModule"]["briefTitle"]
    assert [str(r["t"]) for r in store.select(q)] == [want]
    store.close()
