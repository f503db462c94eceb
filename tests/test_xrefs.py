"""Cross-references (MeSH ids, NCT IDs) from the registry's MeSH indexing: aligned to the
interventions and conditions by name (``tlkg.loaders.ctgov.mesh``), stated in RDF as
``tlkg:meshId``, given as ``xrefs`` CURIEs in show JSON, REST, GraphML and KGX; and MeSH
descriptors outside the disease branches ("Acute Disease", "Recurrence") never become
indications. On real records (tests/fixtures/ctgov/v2-acute-leukemia-xrefs-4.json)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tlkg.api.app import create_app
from tlkg.graph.exports import projection
from tlkg.graph.exports import rdf as export
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import catalog
from tlkg.graph.services.facts import IndexedFacts, SparqlFacts, forget, warm
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov.mesh import align_interventions, is_indication_term
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TherapyRef
from tlkg.ontology.namespace import entity_iri_text
from tlkg.ontology.vocab import Vocabulary, VocabularyError, load_vocabulary
from tlkg.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "ctgov" / "v2-acute-leukemia-xrefs-4.json"
CONDITION_FIXTURE = FIXTURE.with_name("v2-mixed-june-2023-xrefs-1.json")
# NCT02724163 gemtuzumab ozogamicin, liposomal daunorubicin, fludarabine …
# NCT03895671 ponatinib + azacitidine; NCT05521087 ("Acute Disease"), NCT05751044
# ("Recurrence").
AZA = entity_iri_text("therapy", "azacitidine")
NON_DISEASE_KEYS = {
    "acute-disease",
    "recurrence",
    "disease-attributes",
    "pathologic-processes",
    "syndrome",
    "neoplasms-by-histologic-type",
}


def _studies() -> dict[str, dict[str, Any]]:
    return {
        s["protocolSection"]["identificationModule"]["nctId"]: s
        for s in json.loads(FIXTURE.read_text("utf-8"))
    }


def _record(nct: str, vocab: Vocabulary) -> Any:
    return build_trial(_studies()[nct], vocab, path=None, loader="test", loader_version="1")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    vocab = load_vocabulary()
    st = OxigraphStore(None)
    st.ensure_vocabulary(vocab)
    summary = load(st, [FIXTURE], vocab, workers=1)
    assert summary.loaded == 4 and not summary.errors
    return st


# ---- alignment ------------------------------------------------------------------------------
def test_products_align_to_their_active_ingredient() -> None:
    refs = [
        TherapyRef(key="gemtuzumab-ozogamicin", name="Gemtuzumab ozogamicin"),
        TherapyRef(key="liposomal-daunorubicin", name="Liposomal daunorubicin"),
        TherapyRef(key="dexamethasone", name="dexamethasone"),
        TherapyRef(key="x", name="co-administration of cefepime and nacubactam"),
        TherapyRef(key="y", name="anti-CD66 antibodies"),
    ]
    align_interventions(
        refs,
        [
            ("D079982", "Gemtuzumab"),
            ("D003630", "Daunorubicin"),
            ("D003907", "Dexamethasone"),
            ("C018038", "Dexamethasone acetate"),
            ("D077723", "Cefepime"),
            ("D000906", "Antibodies"),
        ],
    )
    assert [r.mesh_ids for r in refs] == [["D079982"], ["D003630"], ["D003907"], [], []]


def test_a_term_contained_in_two_therapies_goes_to_neither() -> None:
    refs = [
        TherapyRef(key="a", name="liposomal cytarabine"),
        TherapyRef(key="b", name="cytarabine ocfosfate"),
    ]
    align_interventions(refs, [("D003561", "Cytarabine")])
    assert [r.mesh_ids for r in refs] == [[], []]


def test_non_disease_descriptors_by_id_or_term() -> None:
    assert not is_indication_term("D000000208", "Acute Disease")
    assert not is_indication_term(None, "Recurrence")  # legacy XML: a term, no id
    assert not is_indication_term("D009370", None)
    assert is_indication_term("D000007938", "Leukemia")
    assert is_indication_term(None, "Leukemia, Myeloid, Acute")


def test_records_carry_aligned_mesh_ids(vocab: Vocabulary) -> None:
    rec = _record("NCT02724163", vocab)
    by_name = {t.name.casefold(): t.mesh_ids for t in rec.therapies}
    assert by_name["gemtuzumab ozogamicin"] == ["D079982"]
    assert by_name["liposomal daunorubicin"] == ["D003630"]
    assert by_name["fludarabine"] == ["C024352"]
    aza = _record("NCT03895671", vocab)
    assert {t.key: t.mesh_ids for t in aza.therapies}["azacitidine"] == ["D001374"]


def test_no_non_disease_descriptor_is_an_indication(vocab: Vocabulary) -> None:
    for nct in _studies():
        rec = _record(nct, vocab)
        keys = {i.key for i in rec.indications}
        assert not keys & NON_DISEASE_KEYS, (nct, keys)
        ids = {m for i in rec.indications for m in i.mesh_ids}
        assert not ids & {"D000208", "D012008", "D020969", "D010335"}, nct


def test_a_condition_written_as_a_non_disease_heading_is_no_indication(
    vocab: Vocabulary,
) -> None:
    # NCT05913700 lists the condition "Acute Disease" and has the MeSH term too.
    study = json.loads(CONDITION_FIXTURE.read_text("utf-8"))[0]
    rec = build_trial(study, vocab, path=None, loader="test", loader_version="1")
    assert "Acute Disease" in rec.conditions
    keys = {i.key for i in rec.indications}
    assert not keys & NON_DISEASE_KEYS, keys
    assert any(i.mesh_ids == ["D014777"] for i in rec.indications)  # Virus Diseases


def test_vocabulary_xrefs_give_mesh_ids() -> None:
    vocab = load_vocabulary()
    vocab.add_file("extra.toml", '[[therapy]]\nname = "azacitidine"\nxrefs = ["MESH:D000001374"]\n')
    entry = vocab.resolve("therapy", "azacitidine")
    assert entry is not None and "D001374" in entry.mesh
    with pytest.raises(VocabularyError, match="unsupported xref"):
        vocab.add_file("bad.toml", '[[therapy]]\nname = "azacitidine"\nxrefs = ["CHEBI:1"]\n')


# ---- the answers ------------------------------------------------------------------------------
def test_show_gives_xrefs_on_the_therapy_and_its_refs(store: OxigraphStore) -> None:
    vocab = load_vocabulary()
    shown = catalog.show_therapy(store, vocab, "azacitidine")
    assert shown.xrefs == ["MESH:D001374"]
    leukemia = [r for r in shown.indications if "MESH:D007938" in r.xrefs]
    assert leukemia, [r.model_dump() for r in shown.indications]
    listed = {t.id: t for t in catalog.list_therapies(store, vocab)}
    assert listed["azacitidine"].xrefs == ["MESH:D001374"]
    assert listed["gemtuzumab-ozogamicin"].xrefs == ["MESH:D079982"]


def test_both_fact_layers_give_the_same_xrefs(store: OxigraphStore) -> None:
    iris = [
        AZA,
        entity_iri_text("therapy", "fludarabine"),
        entity_iri_text("indication", "leukaemia"),
        entity_iri_text("therapy", "ponatinib"),
    ]
    try:
        indexed = IndexedFacts(store, warm(store)).xrefs(iris)
    finally:
        forget(store)
    assert SparqlFacts(store).xrefs(iris) == indexed
    assert indexed[AZA] == ["MESH:D001374"]


def test_rest_gives_xrefs(store: OxigraphStore) -> None:
    app = create_app(Settings(memory=True), store=store, vocab=load_vocabulary())
    with TestClient(app) as client:
        body = client.get("/api/therapies/azacitidine").json()
    assert body["xrefs"] == ["MESH:D001374"]
    assert any("MESH:D007938" in r["xrefs"] for r in body["indications"])


def test_graphml_and_kgx_give_xrefs(store: OxigraphStore, tmp_path: Path) -> None:
    graph = projection.project(store)
    assert graph.nodes[AZA]["xrefs"] == ["MESH:D001374"]
    buf = io.BytesIO()
    projection.write_graphml(graph, buf)
    assert b"[&quot;MESH:D001374&quot;]" in buf.getvalue() or b'["MESH:D001374"]' in (
        buf.getvalue()
    )
    export.export(store, "kgx", tmp_path / "kgx")
    with open(tmp_path / "kgx" / "nodes.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    nodes = {n["iri"]: n for n in rows}
    # a therapy with one MeSH id is known by it; its tlkg id stays as a cross-reference
    assert nodes[AZA]["id"] == "MESH:D001374"
    assert nodes[AZA]["xref"] == "TLKG.THERAPY:azacitidine"
    trial = nodes[entity_iri_text("trial", "NCT03895671")]
    assert (trial["id"], trial["xref"]) == ("CLINICALTRIALS:NCT03895671", "TLKG.TRIAL:NCT03895671")
    leukaemia = nodes[entity_iri_text("indication", "leukaemia")]
    assert (leukaemia["id"], leukaemia["xref"]) == ("MESH:D007938", "TLKG.INDICATION:leukaemia")
    assert entity_iri_text("indication", "acute-disease") not in nodes
    assert entity_iri_text("indication", "recurrence") not in nodes


def test_show_json_from_the_command_line(tmp_path: Path) -> None:
    def tlkg(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "tlkg", "--store", str(tmp_path / "store"), *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    tlkg("load", str(FIXTURE), "--json")
    shown = json.loads(tlkg("show", "azacitidine", "--json"))
    assert shown["xrefs"] == ["MESH:D001374"]
    assert all("xrefs" in r for r in shown["indications"])
