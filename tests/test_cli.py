"""The CLI through its entry point (a real subprocess), on real ClinicalTrials.gov records."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

FIXTURES = Path(__file__).parent / "fixtures"
CTGOV = FIXTURES / "ctgov"
V2_ARRAY = CTGOV / "v2-mixed-june-2023-4.json"
LEUKEMIA = CTGOV / "v2-acute-leukemia-6.json"


def tlkg(store: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"tlkg {args} failed ({proc.returncode}): {proc.stderr}")
    return proc


def as_json(proc: subprocess.CompletedProcess[str]) -> object:
    return json.loads(proc.stdout)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


def total_triples(store: Path) -> int:
    out = tlkg(
        store,
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "json",
    )
    return int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])


def test_load_summary_json_shape(store: Path) -> None:
    out = as_json(tlkg(store, "load", str(V2_ARRAY), str(LEUKEMIA), "--json"))
    assert isinstance(out, dict)
    assert set(out) == {"loaded", "skipped", "errors", "triples"}
    assert out["loaded"] == 10 and out["skipped"] == 0 and out["errors"] == []
    assert out["triples"] > 100


def test_loading_twice_gives_same_count_and_remove_reload_restores(store: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY), str(LEUKEMIA))
    first = total_triples(store)
    again = as_json(tlkg(store, "load", str(V2_ARRAY), str(LEUKEMIA), "--json"))
    assert again["skipped"] == 10 and again["loaded"] == 0  # type: ignore[index]
    assert total_triples(store) == first
    forced = as_json(tlkg(store, "load", str(V2_ARRAY), "--force", "--json"))
    assert forced["loaded"] == 4  # type: ignore[index]
    assert total_triples(store) == first

    removed = tlkg(store, "remove", "NCT05164042")
    assert "NCT05164042" in removed.stdout
    assert total_triples(store) < first
    ids = {s["id"] for s in as_json(tlkg(store, "sources", "--json"))}  # type: ignore[union-attr]
    assert "NCT05164042" not in ids and len(ids) == 9
    tlkg(store, "load", str(LEUKEMIA))
    assert total_triples(store) == first


def test_remove_unknown_source_fails_cleanly(store: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    proc = tlkg(store, "remove", "NCT00000000", check=False)
    assert proc.returncode == 1
    assert "NCT00000000" in proc.stderr and "Traceback" not in proc.stderr


def test_sources_json_shape(store: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    sources = as_json(tlkg(store, "sources", "--json"))
    assert isinstance(sources, list) and len(sources) == 4
    for s in sources:
        assert {"id", "kind", "title", "date", "url", "evidence_level"} <= set(s)
        assert s["kind"] == "trial" and s["id"].startswith("NCT")
        assert s["url"] == f"https://clinicaltrials.gov/study/{s['id']}"
        assert s["content_hash"]


def test_therapies_and_show(store: Path) -> None:
    tlkg(store, "load", str(LEUKEMIA), str(V2_ARRAY))
    therapies = as_json(tlkg(store, "therapies", "--json"))
    assert isinstance(therapies, list) and therapies
    keys = {
        "id",
        "iri",
        "name",
        "aliases",
        "modality",
        "modality_inferred",
        "targets",
        "indications",
        "developers",
        "highest_phase",
        "trials",
        "sources",
    }
    for t in therapies:
        assert keys <= set(t)
        assert t["trials"] and t["sources"]
    by_id = {t["id"]: t for t in therapies}
    # Two sponsors' descriptive "CD19 CAR-T cells" programmes stay apart from each other.
    car_t = [t for t in therapies if "car-t" in t["id"] and t["modality"]]
    assert car_t, "CAR-T programmes expected in the leukaemia records"
    assert all(t["modality"]["id"].startswith("car-t") for t in car_t)
    assert "placebo" not in " ".join(by_id)

    target = therapies[0]
    shown = as_json(tlkg(store, "show", target["name"], "--json"))
    assert shown["id"] == target["id"]  # type: ignore[index]
    assert "evidence" in shown  # type: ignore[operator]


def test_show_unknown_name_suggests(store: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    proc = tlkg(store, "show", "blinatumumab-typo-xyz", check=False)
    assert proc.returncode == 1
    assert "unknown therapy" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_query_formats(store: Path, fmt: str) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    q = (
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id WHERE { ?t a <https://w3id.org/tlkg/ontology#Trial> ; "
        "dcterms:identifier ?id } ORDER BY ?id"
    )
    out = tlkg(store, "query", q, "--format", fmt).stdout
    assert "NCT05882279" in out
    if fmt == "json":
        assert len(json.loads(out)["results"]["bindings"]) == 4
    if fmt == "csv":
        assert out.splitlines()[0].strip() == "id"


def test_query_from_file_and_refusals(store: Path, tmp_path: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    qfile = tmp_path / "q.rq"
    qfile.write_text("ASK { ?s ?p ?o }")
    assert "true" in tlkg(store, "query", str(qfile), "--format", "json").stdout
    upd = tlkg(store, "query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", check=False)
    assert upd.returncode == 2 and "read-only" in upd.stderr
    svc = tlkg(
        store,
        "query",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        check=False,
    )
    assert svc.returncode == 2 and "SERVICE" in svc.stderr
    bad = tlkg(store, "query", "SELEC nonsense", check=False)
    assert bad.returncode == 2 and "syntax" in bad.stderr.lower()


def test_export_turtle_and_nquads(store: Path, tmp_path: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY))
    nq = tmp_path / "out.nq"
    ttl = tmp_path / "out.ttl"
    tlkg(store, "export", "nquads", str(nq))
    tlkg(store, "export", "turtle", str(ttl))
    ds = Dataset()
    ds.parse(nq, format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/tlkg/graph/source/NCT05882279" in graphs
    assert "https://w3id.org/tlkg/graph/meta" in graphs
    g = Graph().parse(ttl, format="turtle")
    assert len(g) > 100


def test_validate_passes_on_loaded_data(store: Path) -> None:
    tlkg(store, "load", str(V2_ARRAY), str(LEUKEMIA))
    proc = tlkg(store, "validate")
    assert "conforms" in proc.stdout


def test_bad_files_give_one_line_each_and_the_rest_load(store: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(V2_ARRAY, inputs / "good.json")
    (inputs / "truncated.json").write_text(V2_ARRAY.read_text()[:5000])
    (inputs / "not-a-study.json").write_text('{"hello": "world"}')
    (inputs / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (inputs / "empty.json").write_text("")
    shutil.copy(CTGOV / "NCT04780763.json", inputs / "classic.json")
    proc = tlkg(store, "load", str(inputs), "--json", check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    assert out["loaded"] == 4
    errors = {Path(e["path"]).name: e["error"] for e in out["errors"]}
    assert set(errors) == {
        "truncated.json",
        "not-a-study.json",
        "binary.bin",
        "empty.json",
        "classic.json",
    }
    assert "unsupported format" in errors["classic.json"]
    assert all("\n" not in e for e in errors.values())

    plain = tlkg(store, "load", str(inputs), check=False)
    assert plain.returncode == 1
    lines = [ln for ln in plain.stderr.splitlines() if ln.strip()]
    assert len(lines) == 5 and all("error:" in ln for ln in lines)


def test_missing_path_and_busy_store(store: Path, tmp_path: Path) -> None:
    proc = tlkg(store, "load", str(tmp_path / "nope.json"), check=False)
    assert proc.returncode == 1 and "no such file" in proc.stderr


def test_read_commands_on_missing_store_are_clear(tmp_path: Path) -> None:
    proc = tlkg(tmp_path / "none", "therapies", check=False)
    assert proc.returncode == 2 and "no store at" in proc.stderr


def test_user_vocabulary_adds_an_alias(store: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[[therapy]]\nname = "K-877"\naliases = ["pemafibrate-test-alias"]\n')
    tlkg(store, "--vocab", str(extra), "load", str(V2_ARRAY))
    shown = as_json(tlkg(store, "--vocab", str(extra), "show", "pemafibrate-test-alias", "--json"))
    assert shown["id"] == "k-877"  # type: ignore[index]
    assert "pemafibrate-test-alias" in shown["aliases"]  # type: ignore[index]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[therapy]]\nname = "x"\nmodality = "no-such-modality"\n')
    proc = tlkg(store, "--vocab", str(bad), "therapies", check=False)
    assert proc.returncode == 2 and "bad.toml" in proc.stderr and "Traceback" not in proc.stderr


def test_errors_under_json_are_json_on_stderr(store: Path) -> None:
    tlkg(store, "load", str(FIXTURES / "ctgov" / "NCT03418623.json"))
    unknown = tlkg(store, "show", "no-such-therapy-xyz", "--json", check=False)
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert json.loads(unknown.stderr)["error"].startswith("unknown therapy 'no-such-therapy-xyz'")
    usage = tlkg(store, "show", "--json", check=False)  # the name is missing
    assert usage.returncode == 2
    assert json.loads(usage.stderr) == {"error": "Missing argument 'name'."}
    plain = tlkg(store, "show", "no-such-therapy-xyz", check=False)
    assert plain.returncode == 1 and plain.stderr.startswith("error: unknown therapy")


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    # The console script, as a shell runs it (completion is keyed to the program's name).
    script = str(Path(sys.executable).parent / "tlkg")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "SHELL": "/bin/bash"}
    installed = subprocess.run(
        [script, "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert installed.returncode == 0, installed.stderr
    assert "tlkg" in (tmp_path / ".bashrc").read_text()
    # What bash asks when the user types `tlkg exp<TAB>` and `tlkg export <TAB>`.
    for words, cword, expected in (("tlkg exp", "1", "export"), ("tlkg export ", "2", "graphml")):
        asked = {"_TLKG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        completed = subprocess.run(
            [script], capture_output=True, text=True, env={**env, **asked}, timeout=60
        )
        assert expected in completed.stdout.split(), (words, completed.stdout, completed.stderr)


def test_query_with_relative_iris_uses_the_base(store: Path) -> None:
    tlkg(store, "load", str(FIXTURES / "ctgov" / "NCT03418623.json"))
    out = tlkg(store, "query", "CONSTRUCT { <s> <p> 1 } WHERE {}").stdout
    assert "<https://w3id.org/tlkg/s> <https://w3id.org/tlkg/p> 1 ." in out


def test_query_from_names_its_own_default_graph(store: Path) -> None:
    # Two real records: FROM <one source graph> counts that graph's triples only.
    tlkg(store, "load", str(FIXTURES / "ctgov" / "NCT03418623.json"), str(V2_ARRAY))
    graph = "https://w3id.org/tlkg/graph/source/NCT03418623"
    count = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"

    def n(query: str) -> int:
        out = tlkg(store, "query", query, "--format", "json").stdout
        return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])

    in_graph = n(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert 0 < in_graph < n(count.format(**{"from": ""}))
    assert n(count.format(**{"from": f"FROM <{graph}>"})) == in_graph
    assert n(count.format(**{"from": f"FROM NAMED <{graph}>"})) == 0
    table = tlkg(store, "query", count.format(**{"from": f"FROM <{graph}>"})).stdout
    assert str(in_graph) in table
