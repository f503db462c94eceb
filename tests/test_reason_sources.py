"""Every reason cites only sources that state its fact: on the bundled demo corpus (real
registry records and articles), for every reason of every competitor answer of every
therapy, each cited source's graph states a fact of that reason's kind about the
competitor (or its clique) whose object the reason names, and a fact only the
vocabulary states cites the vocabulary. Run on both fact layers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import catalog, facts
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.identity import resolve_identity
from tlkg.graph.services.models import Competitor, Reason
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.namespace import TLKG, VOCAB_GRAPH, source_graph
from tlkg.ontology.vocab import load_vocabulary

DEMO = Path(__file__).resolve().parent.parent / "tlkg/demo"
VOCAB = load_vocabulary([])
FACT_PREDICATES = {
    "shared_target": (TLKG.target,),
    "shared_modality": (TLKG.modality,),
    "shared_indication": (TLKG.indication, TLKG.approvedFor),
}
RELATION_PREDICATES = {
    "stated": TLKG.competesWith,
    "head_to_head": TLKG.headToHeadWith,
    "comparator": TLKG.benchmarkedAgainst,
}
# The graph states the fact about a member of C's clique, with an object the reason names
# or one narrower or broader than it (an indication is shared with the narrower and
# broader ones: "both in multiple myeloma" rests on a source that puts C in relapsed or
# refractory multiple myeloma too, "both in lupus nephritis" on one that puts C in
# systemic lupus erythematosus).
FACT_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT * WHERE {
  GRAPH ?g { ?m ?p ?o }
  { ?o skos:broader* ?named } UNION { ?named skos:broader* ?o }
  ?named skos:prefLabel ?label .
}"""
STATES_RELATION = "ASK { GRAPH ?g { { ?a ?p ?b } UNION { ?b ?p ?a } } }"
STATES_ANY_RELATION = "ASK { GRAPH ?g { ?a ?p ?b } }"


@pytest.fixture(scope="module", params=["on-demand", "indexed"])
def store(request: pytest.FixtureRequest) -> Iterator[OxigraphStore]:
    s = OxigraphStore(None)
    load(s, [DEMO / "trials", DEMO / "articles"], VOCAB, workers=1)
    if request.param == "indexed":
        facts.warm(s)
    yield s
    facts.forget(s)


def members(store: OxigraphStore, therapy_id: str) -> list[URIRef]:
    return [URIRef(str(m.iri)) for m in resolve_identity(store, VOCAB, therapy_id).members]


def states(
    store: OxigraphStore, graph: URIRef, reason: Reason, mine: list[URIRef], theirs: list[URIRef]
) -> bool:
    if reason.kind in FACT_PREDICATES:
        detail = reason.detail.casefold()
        return any(
            str(row["label"]).casefold() in detail
            for m in theirs
            for p in FACT_PREDICATES[reason.kind]
            for row in store.select(FACT_LABELS, {"g": graph, "m": m, "p": p})
        )
    p = RELATION_PREDICATES[reason.kind]
    if reason.level == "modality":
        return store.ask(STATES_ANY_RELATION, {"g": graph, "p": p})
    return any(
        store.ask(STATES_RELATION, {"g": graph, "p": p, "a": a, "b": b})
        for a in mine
        for b in theirs
    )


def test_every_reason_cites_only_sources_that_state_it(store: OxigraphStore) -> None:
    checked = vocabulary = 0
    for t in catalog.list_therapies(store, VOCAB):
        mine = members(store, t.id)
        items: list[Competitor] = competitors(store, VOCAB, t.id, limit=100)
        for c in items:
            theirs = members(store, c.therapy.id)
            for reason in c.reasons:
                assert reason.sources, (t.name, c.therapy.name, reason.kind)
                for src in reason.sources:
                    if src.kind == "vocabulary":
                        vocabulary += 1
                        assert reason.kind in FACT_PREDICATES
                        assert states(store, URIRef(str(VOCAB_GRAPH)), reason, mine, theirs)
                        continue
                    graph = URIRef(str(source_graph(src.id)))
                    assert states(store, graph, reason, mine, theirs), (
                        t.name,
                        c.therapy.name,
                        reason.kind,
                        reason.detail,
                        src.id,
                    )
                    checked += 1
    assert checked > 300 and vocabulary > 0, (checked, vocabulary)
