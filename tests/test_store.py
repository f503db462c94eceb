"""Store behaviour: one named graph per source, atomic replace, exact remove, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_trial

from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.store.base import Prepared, StoreBusy, StoreError
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import TherapyRef
from tlkg.ontology.namespace import META_GRAPH, source_graph
from tlkg.ontology.vocab import Vocabulary

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def graph_names(store: OxigraphStore) -> set[str]:
    return {str(r["g"]) for r in store.select(GRAPHS)}


def test_each_source_gets_its_own_named_graph(mem_store: OxigraphStore) -> None:
    mem_store.replace_source(record_triples(make_trial("NCT09000001")))
    mem_store.replace_source(record_triples(make_trial("NCT09000002")))
    names = graph_names(mem_store)
    assert str(source_graph("NCT09000001")) in names
    assert str(source_graph("NCT09000002")) in names
    assert str(META_GRAPH) in names


def test_replace_is_idempotent_and_remove_is_exact(mem_store: OxigraphStore) -> None:
    base = mem_store.count_triples()
    mem_store.replace_source(record_triples(make_trial("NCT09000001")))
    one = mem_store.count_triples()
    mem_store.replace_source(record_triples(make_trial("NCT09000002")))
    two = mem_store.count_triples()
    mem_store.replace_source(record_triples(make_trial("NCT09000002")))
    assert mem_store.count_triples() == two
    removed = mem_store.remove_source("NCT09000002")
    assert removed == two - one
    assert mem_store.count_triples() == one
    assert mem_store.remove_source("NCT09000001") == one - base
    assert mem_store.count_triples() == base
    assert mem_store.remove_source("NCT09000001") == 0


def test_replace_drops_claims_the_new_version_no_longer_makes(mem_store: OxigraphStore) -> None:
    old = make_trial(therapies=[TherapyRef(key="teclistamab", name="teclistamab")])
    mem_store.replace_source(record_triples(old))
    new = make_trial(
        content_hash="h2", therapies=[TherapyRef(key="talquetamab", name="talquetamab")]
    )
    mem_store.replace_source(record_triples(new))
    ask = "ASK { GRAPH ?g { ?trial <https://w3id.org/tlkg/ontology#studiesTherapy> ?t } }"
    from rdflib import URIRef

    tec = URIRef("https://w3id.org/tlkg/id/therapy/teclistamab")
    tal = URIRef("https://w3id.org/tlkg/id/therapy/talquetamab")
    assert not mem_store.ask(ask, {"t": tec})
    assert mem_store.ask(ask, {"t": tal})
    assert mem_store.source_hash("NCT09000001") == "h2"


def test_vocabulary_is_loaded_once(mem_store: OxigraphStore, vocab: Vocabulary) -> None:
    assert mem_store.ensure_vocabulary(vocab) is False


def test_persistent_store_survives_reopen(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.ensure_vocabulary(vocab)
    store.replace_source(record_triples(make_trial()))
    n = store.count_triples()
    store.close()
    reader = OxigraphStore(path, read_only=True)
    assert reader.count_triples() == n
    assert reader.source_hash("NCT09000001") == "h1"
    reader.close()


def test_second_writer_gets_store_is_busy(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s")
    with pytest.raises(StoreBusy, match="store is busy"):
        OxigraphStore(tmp_path / "s")
    first.close()
    OxigraphStore(tmp_path / "s").close()


def test_reader_on_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        OxigraphStore(tmp_path / "nothing", read_only=True)


def test_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a tlkg store"):
        OxigraphStore(tmp_path / "docs")


def _prepared(nct: str) -> Prepared:
    st = record_triples(make_trial(nct))
    return Prepared(
        source_id=st.source_id, kind="trial", content_hash=nct, graph=st.graph,
        source=st.source, data_nt=nt_lines(st.data), meta_nt=nt_lines(st.meta),
        triples=len(st.data) + len(st.meta),
    )  # fmt: skip


def test_bulk_writes_change_the_state_token_and_flush_keeps_one(tmp_path: Path) -> None:
    # On disk, a batch carries its own new token (no update between bulk loads), so the
    # token changes with every batch; flushing leaves one value again.
    store = OxigraphStore(tmp_path / "s")
    store.write_sources([_prepared("NCT09100000")], [])
    tokens = [store.state_token()]
    assert len(store._state_values()) == 1
    for n in range(1, 3):
        store.write_sources([_prepared(f"NCT0910000{n}")], [])
        tokens.append(store.state_token())
    assert len(set(tokens)) == 3 and len(store._state_values()) == 3
    store.flush()
    assert len(store._state_values()) == 1 and store.state_token() not in tokens
    store.close()
    reader = OxigraphStore(tmp_path / "s", read_only=True)
    assert len(reader.source_ids()) == 3
    reader.close()


def test_an_unknown_modality_suggests_close_names(mem_store: OxigraphStore) -> None:
    from tlkg.graph.services.errors import NotFound
    from tlkg.graph.services.resolve import resolve_modality

    assert str(resolve_modality(mem_store, "autologous CAR-T")).endswith("car-t-autologous")
    with pytest.raises(NotFound) as exc:
        resolve_modality(mem_store, "autologus CAR T")
    assert "autologous CAR-T" in exc.value.suggestions
