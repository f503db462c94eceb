"""SHACL validation over the store: passes on loaded data, fails on a broken graph."""

from __future__ import annotations

from conftest import make_trial
from rdflib import RDF
from rdflib.namespace import DCTERMS

from tlkg.graph.exports.validate import validate
from tlkg.graph.rdf.terms import Lit
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.namespace import TLKG, trial_iri


def test_loaded_trial_conforms(mem_store: OxigraphStore) -> None:
    mem_store.replace_source(record_triples(make_trial()))
    report = validate(mem_store)
    assert report.conforms, report.violations


def test_broken_graph_fails_with_named_focus(mem_store: OxigraphStore) -> None:
    st = record_triples(make_trial("NCT09000009"))
    bad = str(trial_iri("NCT09000009"))
    ident = str(DCTERMS.identifier)
    st.data = [t for t in st.data if t[1] != ident]
    st.data += [(bad, ident, Lit("XYZ-not-an-nct")), (bad, str(RDF.type), str(TLKG.Trial))]
    st.meta = [t for t in st.meta if t[1] != str(TLKG.contentHash)]
    mem_store.replace_source(st)
    report = validate(mem_store)
    assert not report.conforms
    focus = {v.focus for v in report.violations}
    assert str(bad) in focus
    assert any(v.focus.endswith("/source/NCT09000009") for v in report.violations)
