"""The union default graph is a SET of triples (SPARQL 1.1: the RDF merge of the graphs)
in user queries: ``tlkg query`` (the CLI entry point, a real subprocess) and ``/sparql``
(a live server), on the demo corpus, where sources restate the same triples.

The reference answer of every query is the same query run by Oxigraph over the store's
Turtle export (one graph: each distinct triple once) loaded as the default graph, without
the union option: what SPARQL says the union default graph is."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from live_server import build_store, live_server
from rdflib import Graph
from test_cli import tlkg

from tlkg.graph.store.union_set import RewriteError, set_semantics
from tlkg.graph.store.user_query import union_query
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

PREFIX = (
    "PREFIX tlkg: <https://w3id.org/tlkg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
IDE_CEL = "<https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel>"
SOURCE = "https://w3id.org/tlkg/graph/source/NCT04714372"
IN_SOURCE = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SOURCE}> {{ ?s ?p ?o }} }}"

# Queries whose answer (a multiset of rows) must equal the reference's.
COMPARED = {
    "one pattern": f"SELECT ?n WHERE {{ {IDE_CEL} skos:prefLabel ?n }}",
    "count all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "two-pattern join": "SELECT (COUNT(*) AS ?n) WHERE { ?i a tlkg:Indication ; "
    "skos:prefLabel ?l }",
    "union twice": f"SELECT ?n WHERE {{ {{ {IDE_CEL} skos:prefLabel ?n }} UNION "
    f"{{ {IDE_CEL} skos:prefLabel ?n }} }}",
    "projection drops": f"SELECT ?p WHERE {{ {IDE_CEL} ?p ?o }}",
    "star join": "SELECT ?t ?l ?m WHERE { ?t a tlkg:Therapy ; skos:prefLabel ?l ; "
    "tlkg:modality ?m }",
    "whole-store pattern joined": f"SELECT ?p ?o WHERE {{ ?t skos:prefLabel ?l . "
    f"?t ?p ?o FILTER(?t = {IDE_CEL}) }}",
    "path +": "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:broader+ ?b }",
    "path sequence": "SELECT ?t ?l WHERE { ?t a tlkg:Therapy ; tlkg:modality/skos:prefLabel ?l }",
    "path inverse": f"SELECT ?x WHERE {{ ?x ^skos:prefLabel ?t FILTER(?t = {IDE_CEL}) }}",
    "negated property set": f"SELECT ?o WHERE {{ {IDE_CEL} !(skos:prefLabel|a) ?o }}",
    "optional minus exists": "SELECT ?t ?l WHERE { ?t a tlkg:Therapy OPTIONAL { ?t "
    "skos:prefLabel ?l } MINUS { ?t tlkg:modality ?m } FILTER NOT EXISTS { ?t "
    "skos:altLabel ?a } }",
    "group by": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "subquery": f"SELECT ?l WHERE {{ {{ SELECT ?t WHERE {{ ?t a tlkg:Therapy }} LIMIT 1000 }}"
    f" ?t skos:prefLabel ?l FILTER(?t = {IDE_CEL}) }}",
    "blank node": f"SELECT ?l WHERE {{ {IDE_CEL} skos:prefLabel ?l ; a [] }}",
}


def rows(answer: dict[str, Any]) -> Counter[tuple[str, ...]]:
    """A SPARQL JSON answer as a multiset of rows (values only)."""
    names = answer["head"]["vars"]
    return Counter(
        tuple(b[n]["value"] if n in b else "" for n in names) for b in answer["results"]["bindings"]
    )


def reference_rows(reference: ox.Store, query: str) -> Counter[tuple[str, ...]]:
    answer = reference.query(query)
    assert isinstance(answer, ox.QuerySolutions)
    return rows(json.loads(answer.serialize(format=ox.QueryResultsFormat.JSON) or b""))


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    store = tmp_path_factory.mktemp("union_set") / "store"
    build_store(store, vocab)
    return store


@pytest.fixture(scope="module")
def turtle(cli_store: Path) -> Path:
    out = cli_store.parent / "export.ttl"
    tlkg(cli_store, "export", "turtle", str(out))
    return out


@pytest.fixture(scope="module")
def reference(turtle: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    store = tmp_path_factory.mktemp("union_set_http") / "store"
    build_store(store, vocab)
    with live_server(Settings(store=store), vocab) as base:
        yield base + "/sparql"


def cli(store: Path, query: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(tlkg(store, "query", query, "--format", "json").stdout)
    return answer


def http(endpoint: str, query: str, accept: str = "application/sparql-results+json") -> Any:
    r = httpx.get(endpoint, params={"query": query}, headers={"Accept": accept}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json() if "json" in accept else r.text


# ---- the store restates triples (else these tests could not fail) --------------------------
def test_the_demo_store_states_the_same_triple_in_several_graphs(cli_store: Path) -> None:
    answer = cli(
        cli_store,
        PREFIX + f"SELECT (COUNT(?g) AS ?k) WHERE {{ GRAPH ?g {{ {IDE_CEL} skos:prefLabel ?n }} }}",
    )
    assert int(answer["results"]["bindings"][0]["k"]["value"]) >= 2


# ---- through `tlkg query` -------------------------------------------------------------------
def test_cli_one_pattern_gives_one_row(cli_store: Path) -> None:
    answer = cli(cli_store, PREFIX + COMPARED["one pattern"])
    assert [b["n"]["value"] for b in answer["results"]["bindings"]] == ["idecabtagene vicleucel"]


def test_cli_count_equals_the_distinct_triples_of_the_turtle_export(
    cli_store: Path, turtle: Path
) -> None:
    graph = Graph().parse(turtle, format="turtle")
    answer = cli(cli_store, COMPARED["count all"])
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(graph)


def test_cli_every_query_shape_answers_as_over_the_merged_graph(
    cli_store: Path, reference: ox.Store
) -> None:
    for name, query in COMPARED.items():
        expected = reference_rows(reference, PREFIX + query)
        assert rows(cli(cli_store, PREFIX + query)) == expected, name


def test_cli_legit_duplicates_of_the_query_itself_are_kept(cli_store: Path) -> None:
    assert sum(rows(cli(cli_store, PREFIX + COMPARED["union twice"])).values()) == 2
    dropped = rows(cli(cli_store, PREFIX + COMPARED["projection drops"]))
    assert max(dropped.values()) >= 2  # several objects for one predicate, one row each


def test_cli_from_still_restricts_the_dataset(cli_store: Path) -> None:
    in_graph = cli(
        cli_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SOURCE}> {{ ?s ?p ?o }} }}"
    )
    from_graph = cli(cli_store, f"SELECT (COUNT(*) AS ?n) FROM <{SOURCE}> WHERE {{ ?s ?p ?o }}")
    n = in_graph["results"]["bindings"][0]["n"]["value"]
    assert int(n) > 0
    assert from_graph["results"]["bindings"][0]["n"]["value"] == n


def test_cli_ask_and_construct(cli_store: Path, reference: ox.Store) -> None:
    ask = cli(cli_store, PREFIX + f"ASK {{ {IDE_CEL} skos:prefLabel ?n }}")
    assert ask["boolean"] is True
    construct = PREFIX + f"CONSTRUCT WHERE {{ {IDE_CEL} skos:prefLabel ?n ; a ?c }}"
    out = tlkg(cli_store, "query", construct, "--format", "json").stdout
    got = Graph().parse(data=out, format="turtle")
    expected = Graph().parse(
        data=bytes(reference.query(construct).serialize(format=ox.RdfFormat.TURTLE) or b""),
        format="turtle",
    )
    assert len(got) == len(expected) > 1
    assert set(got) == set(expected)


# ---- through /sparql -----------------------------------------------------------------------
def test_http_every_query_shape_answers_as_over_the_merged_graph(
    endpoint: str, reference: ox.Store
) -> None:
    for name, query in COMPARED.items():
        assert rows(http(endpoint, PREFIX + query)) == reference_rows(reference, PREFIX + query), (
            name
        )
    one = http(endpoint, PREFIX + COMPARED["one pattern"])
    assert len(one["results"]["bindings"]) == 1


def test_http_count_equals_the_turtle_export(endpoint: str, turtle: Path) -> None:
    graph = Graph().parse(turtle, format="turtle")
    answer = http(endpoint, COMPARED["count all"])
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(graph)


def test_http_from_and_protocol_dataset_still_restrict(endpoint: str) -> None:
    in_graph = http(
        endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SOURCE}> {{ ?s ?p ?o }} }}"
    )
    n = in_graph["results"]["bindings"][0]["n"]["value"]
    from_graph = http(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{SOURCE}> WHERE {{ ?s ?p ?o }}")
    assert from_graph["results"]["bindings"][0]["n"]["value"] == n
    r = httpx.get(
        endpoint,
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": SOURCE},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert r.json()["results"]["bindings"][0]["n"]["value"] == n


def test_http_graph_answers_hold_each_triple_once(endpoint: str) -> None:
    ask = http(endpoint, PREFIX + f"ASK {{ {IDE_CEL} skos:prefLabel ?n }}")
    assert ask["boolean"] is True
    for query in (
        PREFIX + f"CONSTRUCT {{ ?t skos:prefLabel ?n }} WHERE {{ ?t skos:prefLabel ?n ; "
        f"?p ?o FILTER(?t = {IDE_CEL}) }}",
        f"DESCRIBE {IDE_CEL}",
    ):
        lines = http(endpoint, query, accept="application/n-triples").splitlines()
        assert lines
        assert len(lines) == len(set(lines)), query


# ---- the rewrite itself ----------------------------------------------------------------------
def test_queries_with_their_own_dataset_are_not_rewritten() -> None:
    query = f"SELECT ?s FROM <{SOURCE}> WHERE {{ ?s ?p ?o }}"
    assert union_query(query) == (query, False)
    rewritten, union = union_query("SELECT ?s WHERE { ?s ?p ?o }")
    assert union and "GRAPH" in rewritten


def test_graph_clauses_templates_and_values_are_copied_unchanged() -> None:
    query = (
        'CONSTRUCT { ?s <urn:p> "a {b}" } WHERE { GRAPH ?g { ?s <urn:q> ?o } '
        "VALUES ?o { <urn:x> } }"
    )
    rewritten = set_semantics(query)
    assert rewritten.startswith(
        'CONSTRUCT { ?s <urn:p> "a {b}" } WHERE { GRAPH ?g { ?s <urn:q> ?o } '
    )
    assert rewritten.endswith("VALUES ?o { <urn:x> } }")


def test_fresh_variables_never_clash_with_the_users() -> None:
    rewritten = set_semantics("SELECT * WHERE { ?_setg ?_set1 [ <urn:p> ?o ] }")
    assert "?_setxg" in rewritten and "?_setx1" in rewritten


def test_an_unknown_shape_is_an_error_not_a_wrong_rewrite() -> None:
    with pytest.raises(RewriteError):
        set_semantics("SELECT * WHERE { ?s <urn:p> }")


# ---- many shapes against the merged graph, in process ---------------------------------------
E = "http://e/"
SHAPES = [
    "SELECT ?o WHERE { e:s e:p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?o WHERE { ?s e:p ?x . ?x e:p ?o }",
    "SELECT ?o WHERE { { e:s e:p ?o } UNION { e:s e:p ?o } }",
    "SELECT ?o WHERE { e:s e:p/e:p ?o }",
    "SELECT ?o WHERE { e:s e:p+ ?o }",
    "SELECT ?o WHERE { e:s e:p* ?o }",
    "SELECT ?o WHERE { ?o ^e:p e:s }",
    "SELECT ?s ?o WHERE { ?s !(e:p) ?o }",
    "SELECT ?s ?o WHERE { ?s !(e:p|^e:q) ?o }",
    "SELECT ?s ?o WHERE { ?s (e:p|e:r)/e:p ?o }",
    "SELECT * WHERE { ?s e:p [ e:p ?o ] }",
    "SELECT * WHERE { ?s e:p _:b . _:b e:p ?o }",
    "SELECT ?s WHERE { ?s e:list ( e:a e:b ) }",
    "SELECT ?s WHERE { ?s e:p ?x OPTIONAL { ?x e:label ?l } FILTER NOT EXISTS { ?x e:r ?y } }",
    "SELECT ?s (COUNT(*) AS ?c) WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)",
    "SELECT ?s WHERE { ?s ?p ?o MINUS { ?s e:q ?z } }",
    "SELECT ?x WHERE { { SELECT ?x WHERE { e:s e:p ?x } } ?x ?p ?o }",
    'SELECT ?s WHERE { ?s e:label "L" . ?s ?p ?o }',
    "SELECT ?x WHERE { e:s e:p e:o1 . ?x e:p e:o3 }",
    "SELECT ?x WHERE { ?x e:p e:o3 FILTER(EXISTS { ?x e:label ?l }) }",
    "SELECT ?x ?e WHERE { ?x e:p ?o BIND(EXISTS { ?o e:p ?z } AS ?e) } VALUES ?x { e:s e:o1 }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s e:p ?o ; e:label ?l }",
    "SELECT ?o WHERE { e:s e:p ?o , ?o . }",
    "SELECT ?s ?o WHERE { ?s e:p ?o FILTER(?o != e:o1) } ORDER BY ?s LIMIT 5",
]


@pytest.fixture(scope="module")
def restated() -> tuple[ox.Store, ox.Store]:
    """(three graphs restating overlapping triples, their merge as the default graph)."""
    data = [
        ("s", "p", "o1"),
        ("s", "p", "o2"),
        ("s", "q", "o1"),
        ("o1", "p", "o3"),
        ("o2", "r", "o3"),
        ("s", "label", "L"),
        ("o1", "label", "L"),
        ("o3", "p", "s"),
        ("s", "list", "c1"),
        ("c1", "first", "a"),
        ("c1", "rest", "c2"),
        ("c2", "first", "b"),
        ("c2", "rest", "nil"),
    ]
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    special = {"first": rdf + "first", "rest": rdf + "rest", "nil": rdf + "nil"}

    def term(x: str) -> ox.NamedNode | ox.Literal:
        return ox.Literal(x) if x == "L" else ox.NamedNode(special.get(x, E + x))

    union, merged = ox.Store(), ox.Store()
    for i, graph in enumerate(("g1", "g2", "g3")):
        for j, (s, p, o) in enumerate(data):
            if (i + j) % 3 == 2 and p not in ("first", "rest", "list"):
                continue  # each graph misses some triples: multiplicities 1 to 3
            triple = (term(s), ox.NamedNode(special.get(p, E + p)), term(o))
            union.add(ox.Quad(*triple, ox.NamedNode(E + graph)))
            merged.add(ox.Quad(*triple, ox.DefaultGraph()))
    return union, merged


@pytest.mark.parametrize("shape", SHAPES)
def test_rewritten_shapes_answer_as_over_the_merge(
    restated: tuple[ox.Store, ox.Store], shape: str
) -> None:
    union, merged = restated
    query = f"PREFIX e: <{E}> {shape}"
    got = union.query(set_semantics(query), use_default_graph_as_union=True)
    assert isinstance(got, ox.QuerySolutions)
    expected = merged.query(query)
    assert isinstance(expected, ox.QuerySolutions)

    def bag(solutions: ox.QuerySolutions) -> Counter[tuple[str, ...]]:
        return Counter(tuple(str(v) for v in s) for s in solutions)

    assert bag(got) == bag(expected)
