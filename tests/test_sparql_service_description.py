"""What /sparql says about itself, and how it answers queries beyond what the W3C SPARQL
1.1 Protocol cases check, against a live server (uvicorn on 127.0.0.1) over the demo
corpus.

- The SPARQL 1.1 Service Description at ``GET /sparql`` without a query (the W3C service
  description cases ``returns-rdf``, ``has-endpoint-triple``, ``conforms-to-schema``):
  every claim is checked against what the endpoint does (each listed result format is
  served, sd:UnionDefaultGraph holds, SERVICE is not claimed because it is refused, the
  counts are those the endpoint's own queries give).
- The VoID description at ``/.well-known/void``; HEAD on both and on queries; 405 with
  ``Allow`` for other methods; the descriptions follow writes to the store.
- The query side of the SPARQL 1.1 Protocol beyond what the W3C test suite checks: the
  W3C cases themselves run from their manifest in ``test_w3c_protocol.py`` (runner:
  ``w3c_protocol.py``). Here, over three source graphs of the store: that
  ``default-graph-uri`` and ``named-graph-uri`` leave the other graphs out and override
  the query's FROM (the W3C cases only expect ``true``), every result format by Accept,
  and the exact status of each refusal (the W3C cases only expect 4xx). Updates are
  refused: ``test_sparql_endpoint.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from live_server import build_store, live_server
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from tlkg.api.routes.sparql import CONTENT_TYPES, served_formats
from tlkg.graph.exports import service_description as described
from tlkg.graph.exports.service_description import SD, VOID
from tlkg.graph.store.base import Capabilities, Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.namespace import TLKG
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

RDF_FORMATS = [  # Accept, content type, rdflib parser
    (None, "text/turtle", "turtle"),
    ("*/*", "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/n-triples", "application/n-triples", "nt"),
]
# The media type to ask for each W3C format IRI, and whether it is a graph format.
FORMAT_MEDIA = {
    described.FORMAT_IRIS[name]: (CONTENT_TYPES[name].split(";")[0], name) for name in CONTENT_TYPES
}
GRAPH_FORMATS = {"turtle", "ntriples", "jsonld", "rdfxml"}
TRIAL = "https://w3id.org/tlkg/ontology#Trial"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    store = tmp_path_factory.mktemp("sd") / "store"
    build_store(store, vocab)
    with live_server(Settings(store=store), vocab, sparql_workers=1) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        yield client


def rows(http: httpx.Client, query: str, **params: Any) -> list[dict[str, str]]:
    r = http.get("/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def ask(http: httpx.Client, query: str, **params: Any) -> bool:
    r = http.get("/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def number(http: httpx.Client, query: str) -> int:
    return int(rows(http, query)[0]["n"])


def parse(r: httpx.Response, fmt: str = "turtle") -> Graph:
    assert r.status_code == 200, r.text
    return Graph().parse(data=r.content, format=fmt)


@pytest.fixture(scope="module")
def sd(http: httpx.Client) -> Graph:
    return parse(http.get("/sparql", headers={"Accept": "text/turtle"}))


@pytest.fixture(scope="module")
def void(http: httpx.Client) -> Graph:
    return parse(http.get("/.well-known/void", headers={"Accept": "text/turtle"}))


def service(g: Graph) -> Any:
    services = list(g.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    return services[0]


def integer(g: Graph, subject: Any, predicate: URIRef) -> int:
    value = g.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate)
    return int(value)


# ---- the service description ---------------------------------------------------------------
@pytest.mark.parametrize(("accept", "ctype", "fmt"), RDF_FORMATS)
def test_sd_returns_rdf_with_the_endpoint_triple(
    http: httpx.Client, base: str, accept: str | None, ctype: str, fmt: str
) -> None:
    """W3C cases returns-rdf and has-endpoint-triple, in every RDF format."""
    r = http.get("/sparql", headers={"Accept": accept} if accept else {})
    assert r.headers["content-type"].startswith(ctype)
    assert "Accept" in r.headers["vary"]
    g = parse(r, fmt)
    node = service(g)
    assert g.value(node, SD.endpoint) == URIRef(base + "/sparql")
    assert (node, SD.supportedLanguage, SD.SPARQL11Query) in g


def test_sd_conforms_to_the_schema(sd: Graph, base: str) -> None:
    """W3C case conforms-to-schema: the terms used are those of the SD vocabulary, with
    their domains and ranges."""
    node = service(sd)
    dataset = sd.value(node, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in sd
    default = sd.value(dataset, SD.defaultGraph)
    assert default == URIRef(base + "/.well-known/void#dataset")
    assert {(default, RDF.type, SD.Graph), (default, RDF.type, VOID.Dataset)} <= set(sd)
    for named in sd.objects(dataset, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in sd
        assert isinstance(sd.value(named, SD.name), URIRef)
        assert isinstance(sd.value(sd.value(named, SD.graph), VOID.triples), Literal)
    used = {p for _, p, _ in sd if str(p).startswith(str(SD))}
    assert used <= {
        SD.endpoint,
        SD.supportedLanguage,
        SD.resultFormat,
        SD.feature,
        SD.defaultEntailmentRegime,
        SD.defaultDataset,
        SD.defaultGraph,
        SD.namedGraph,
        SD.name,
        SD.graph,
    }


def test_sd_endpoint_has_no_query_string(http: httpx.Client, base: str) -> None:
    g = parse(http.get("/sparql", params={"format": "turtle"}))
    assert g.value(service(g), SD.endpoint) == URIRef(base + "/sparql")


def test_every_listed_result_format_is_served(http: httpx.Client, sd: Graph) -> None:
    listed = {URIRef(str(o)) for o in sd.objects(service(sd), SD.resultFormat)}
    assert listed == set(FORMAT_MEDIA)  # and every format /sparql serves is listed
    construct = "CONSTRUCT WHERE { ?s a ?c } LIMIT 3"
    for iri in listed:
        media, name = FORMAT_MEDIA[iri]
        query = construct if name in GRAPH_FORMATS else "SELECT ?s WHERE { ?s a ?c } LIMIT 3"
        r = http.get("/sparql", params={"query": query}, headers={"Accept": media})
        assert r.status_code == 200, (iri, r.text)
        assert r.headers["content-type"].startswith(media), iri


def test_union_default_graph_is_claimed_and_holds(http: httpx.Client, sd: Graph) -> None:
    assert (service(sd), SD.feature, SD.UnionDefaultGraph) in sd
    (a, b) = rows(
        http,
        f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s a <{TRIAL}> }} }} ORDER BY ?g LIMIT 2",
    )
    assert a["g"] != b["g"]
    # Triples of two named graphs meet in the default graph, with no FROM or GRAPH.
    assert ask(http, f"ASK {{ <{a['s']}> a <{TRIAL}> . <{b['s']}> a <{TRIAL}> }}")


def test_federated_query_is_not_claimed_because_service_is_refused(
    http: httpx.Client, sd: Graph
) -> None:
    assert (service(sd), SD.feature, SD.BasicFederatedQuery) not in sd
    r = http.get(
        "/sparql",
        params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"},
    )
    assert r.status_code == 403


def test_sd_counts_are_the_endpoints_own(http: httpx.Client, sd: Graph) -> None:
    dataset = sd.value(service(sd), SD.defaultDataset)
    default = sd.value(dataset, SD.defaultGraph)
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    assert integer(sd, default, VOID.triples) == number(http, distinct)
    named = {
        str(sd.value(n, SD.name)): integer(sd, sd.value(n, SD.graph), VOID.triples)
        for n in sd.objects(dataset, SD.namedGraph)
    }
    graphs = rows(http, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert named == {r["g"]: int(r["n"]) for r in graphs}
    assert sum(1 for g in named if "/graph/source/" in g) >= 16  # one per source


def test_without_a_query_browsers_get_the_page_and_sparql_clients_an_error(
    http: httpx.Client,
) -> None:
    r = http.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<textarea" in r.text
    r = http.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 400 and "missing query" in r.text
    r = http.get("/sparql", headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = http.get("/sparql", params={"query": ""}, headers={"Accept": "text/turtle"})
    assert r.status_code == 400 and "missing query" in r.text
    r = http.get("/sparql", params={"default-graph-uri": "urn:x:g"})
    assert r.status_code == 400 and "missing query" in r.text


# ---- VoID ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "ctype", "fmt"), RDF_FORMATS)
def test_void_formats(
    http: httpx.Client, base: str, accept: str | None, ctype: str, fmt: str
) -> None:
    r = http.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert r.headers["content-type"].startswith(ctype)
    g = parse(r, fmt)
    dataset = URIRef(base + "/.well-known/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g
    assert g.value(dataset, VOID.sparqlEndpoint) == URIRef(base + "/sparql")


def test_void_statistics(http: httpx.Client, base: str, void: Graph, sd: Graph) -> None:
    dataset = URIRef(base + "/.well-known/void#dataset")
    assert str(void.value(dataset, VOID.uriSpace)) == "https://w3id.org/tlkg/"
    assert "tlkg" in str(void.value(dataset, DCTERMS.title))
    assert (URIRef(base + "/.well-known/void"), RDF.type, VOID.DatasetDescription) in void
    triples = integer(void, dataset, VOID.triples)
    default = sd.value(sd.value(service(sd), SD.defaultDataset), SD.defaultGraph)
    assert triples == integer(sd, default, VOID.triples)
    classes = {
        void.value(p, VOID["class"]): integer(void, p, VOID.entities)
        for p in void.objects(dataset, VOID.classPartition)
    }
    properties = {
        void.value(p, VOID.property): integer(void, p, VOID.triples)
        for p in void.objects(dataset, VOID.propertyPartition)
    }
    assert integer(void, dataset, VOID.classes) == len(classes)
    assert integer(void, dataset, VOID.properties) == len(properties)
    assert sum(properties.values()) == triples
    therapies = number(http, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a <{TLKG.Therapy}> }}")
    assert classes[TLKG.Therapy] == therapies > 0
    labels = number(
        http,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE "
        "{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o } }",
    )
    assert properties[URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")] == labels
    subjects = number(http, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert integer(void, dataset, VOID.distinctSubjects) == subjects
    assert 0 < integer(void, dataset, VOID.entities) <= subjects
    assert URIRef(str(TLKG)) in set(void.objects(dataset, VOID.vocabulary))
    # The API serves no RDF dump (GraphML is not one), so none is claimed.
    assert list(void.objects(dataset, VOID.dataDump)) == []


# ---- HEAD and other methods ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params", "accept"),
    [
        ("/sparql", {}, "text/turtle"),
        ("/sparql", {}, "application/ld+json"),
        ("/sparql", {"query": "ASK {}"}, "application/sparql-results+xml"),
        ("/sparql", {"query": "SELECT WHERE {"}, "*/*"),
        ("/.well-known/void", {}, "application/n-triples"),
    ],
)
def test_head_answers_as_get_without_a_body(
    http: httpx.Client, path: str, params: dict[str, str], accept: str
) -> None:
    get = http.get(path, params=params, headers={"Accept": accept})
    head = http.head(path, params=params, headers={"Accept": accept})
    assert head.status_code == get.status_code
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    assert head.content == b""


def test_other_methods_get_405_with_allow(http: httpx.Client) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        r = http.request(method, "/.well-known/void")
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    r = http.post("/.well-known/void")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


# ---- without the live server: freshness, the cap, other backends -----------------------------
def _client(store: OxigraphStore) -> Any:
    from fastapi.testclient import TestClient

    from tlkg.api.app import create_app

    return TestClient(create_app(Settings(memory=True), store=store))


def _named_graphs(g: Graph) -> set[str]:
    dataset = g.value(service(g), SD.defaultDataset)
    return {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}


def test_descriptions_follow_writes_and_are_cached_between(
    mem_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[int] = []
    real = described.dataset_stats

    def counting(store: Any) -> described.DatasetStats:
        counted.append(1)
        return real(store)

    monkeypatch.setattr(described, "dataset_stats", counting)
    with _client(mem_store) as client:
        before = parse(client.get("/sparql"))
        void_before = parse(client.get("/.well-known/void"))
        assert parse(client.get("/sparql", headers={"Accept": "text/turtle"})) is not None
        assert len(counted) == 1  # one count for both documents and every request
        data = f'<urn:x:s> <urn:x:p> "o" .\n<urn:x:s> <{RDF.type}> <urn:x:C> .\n'
        mem_store.write_sources(
            [Prepared("x", "trial", "h", "urn:x:g", "urn:x:x", data, "", 2)], []
        )
        after = parse(client.get("/sparql"))
        assert _named_graphs(after) - _named_graphs(before) == {"urn:x:g"}
        void_after = parse(client.get("/.well-known/void"))
        assert len(counted) == 2
    [ds] = void_before.subjects(RDF.type, VOID.Dataset)
    grown = integer(void_after, ds, VOID.triples) - integer(void_before, ds, VOID.triples)
    assert grown >= 2
    assert URIRef("urn:x:C") in set(void_after.objects(None, VOID["class"]))


def test_named_graph_listing_is_capped(
    mem_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(described, "MAX_NAMED_GRAPHS", 2)
    for i in range(3):
        data = f'<urn:x:s{i}> <urn:x:p> "o" .\n'
        mem_store.write_sources(
            [Prepared(f"x{i}", "trial", "h", f"urn:x:g{i}", f"urn:x:x{i}", data, "", 1)], []
        )
    with _client(mem_store) as client:
        g = parse(client.get("/sparql"))
    assert len(_named_graphs(g)) == 2
    dataset = g.value(service(g), SD.defaultDataset)
    assert "named graphs; the first 2 by IRI" in str(g.value(dataset, RDFS.comment))


def test_a_remote_store_claims_neither_rdfxml_nor_the_union() -> None:
    from types import SimpleNamespace

    remote = SimpleNamespace(store=SimpleNamespace(capabilities=Capabilities(persistent=True)))
    assert "rdfxml" not in served_formats(remote)  # type: ignore[arg-type]
    assert set(served_formats(remote)) == set(CONTENT_TYPES) - {"rdfxml"}  # type: ignore[arg-type]
    stats = described.DatasetStats(None, 1, 1, 1, 1, (), (("urn:p", 1),), (("urn:g", 1),))
    g = described.service_description(
        stats,
        endpoint="http://h/sparql",
        void_document="http://h/.well-known/void",
        result_formats=served_formats(remote),  # type: ignore[arg-type]
        union_default_graph=False,
    )
    assert (None, SD.feature, SD.UnionDefaultGraph) not in g
    assert (None, SD.resultFormat, described.FORMAT_IRIS["rdfxml"]) not in g


# ---- the protocol beyond the W3C cases (test_w3c_protocol.py runs those) ----------------------
@pytest.fixture(scope="module")
def three(http: httpx.Client) -> list[tuple[str, str]]:
    """Three source graphs, each with a trial stated in no other graph: (graph, trial)."""
    found = rows(
        http,
        f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s a <{TRIAL}> }} }} ORDER BY ?g LIMIT 3",
    )
    assert len({r["g"] for r in found}) == 3
    return [(r["g"], r["s"]) for r in found]


def about(trial: str) -> str:
    return f"ASK {{ <{trial}> ?p ?o }}"


def test_default_graph_uri_leaves_other_graphs_out_get(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    (g1, s1), (g2, s2), (_, s3) = three
    params = {"default-graph-uri": [g1, g2]}
    assert [ask(http, about(s), **params) for s in (s1, s2, s3)] == [True, True, False]


def test_default_graph_uri_leaves_other_graphs_out_post(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    (g1, s1), (g2, s2), (_, s3) = three
    answers = []
    for s in (s1, s2, s3):
        r = http.post("/sparql", data={"query": about(s), "default-graph-uri": [g1, g2]})
        assert r.status_code == 200, r.text
        answers.append(r.json()["boolean"])
    assert answers == [True, True, False]


NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_named_graph_uri_names_exactly_its_graphs_get(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    (g1, _), (g2, _), _ = three
    found = rows(http, NAMED, **{"named-graph-uri": [g1, g2]})
    assert {r["g"] for r in found} == {g1, g2}


def test_named_graph_uri_names_exactly_its_graphs_post(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    (g1, _), (g2, _), _ = three
    r = http.post("/sparql", data={"query": NAMED, "named-graph-uri": [g1, g2]})
    assert r.status_code == 200, r.text
    assert {b["g"]["value"] for b in r.json()["results"]["bindings"]} == {g1, g2}


def test_named_graph_uri_alone_leaves_the_default_graph_empty(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    """With named-graph-uri and no default-graph-uri, the default graph is empty."""
    (g1, _), _, _ = three
    assert ask(http, "ASK { ?s ?p ?o }", **{"named-graph-uri": [g1]}) is False


def test_full_protocol_dataset(http: httpx.Client, three: list[tuple[str, str]]) -> None:
    (g1, s1), (g2, s2), (g3, s3) = three
    query = (
        f"SELECT ?g ?x WHERE {{ {{ ?x a <{TRIAL}> }} UNION {{ GRAPH ?g {{ ?x a <{TRIAL}> }} }} }}"
    )
    found = rows(http, query, **{"default-graph-uri": [g1], "named-graph-uri": [g2, g3]})
    assert {(r.get("g"), r["x"]) for r in found} == {(None, s1), (g2, s2), (g3, s3)}


def test_protocol_dataset_overrides_from(http: httpx.Client, three: list[tuple[str, str]]) -> None:
    """The protocol's dataset overrides the query's FROM."""
    (g1, s1), _, (g3, s3) = three
    answers = [
        ask(http, f"ASK FROM <{g3}> {{ <{s}> ?p ?o }}", **{"default-graph-uri": [g1]})
        for s in (s1, s3)
    ]
    assert answers == [True, False]


@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_in_each_result_format(http: httpx.Client, accept: str, ctype: str) -> None:
    query = f"SELECT ?s WHERE {{ ?s a <{TRIAL}> }} ORDER BY ?s LIMIT 2"
    r = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    if ctype == "text/csv":
        assert len(list(csv.reader(io.StringIO(r.text)))) == 3
    elif "json" in ctype:
        assert len(json.loads(r.text)["results"]["bindings"]) == 2
    elif "xml" in ctype:
        assert r.text.count("<result>") == 2
    else:
        assert len(r.text.strip().splitlines()) == 3


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+xml", "application/sparql-results+json"]
)
def test_ask_in_each_result_format(http: httpx.Client, accept: str) -> None:
    r = http.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert "true" in r.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/rdf+xml", "xml"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
@pytest.mark.parametrize("form", ["describe", "construct"])
def test_describe_and_construct_in_each_rdf_format(
    http: httpx.Client, three: list[tuple[str, str]], accept: str, fmt: str, form: str
) -> None:
    trial = three[0][1]
    query = (
        f"DESCRIBE <{trial}>"
        if form == "describe"
        else f"CONSTRUCT {{ <{trial}> ?p ?o }} WHERE {{ <{trial}> ?p ?o }}"
    )
    r = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.headers["content-type"].startswith(accept)
    assert len(set(parse(r, fmt).subjects())) >= 1


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_on_sparql_get_405_with_allow(http: httpx.Client, method: str) -> None:
    r = http.request(method, "/sparql", params={"query": "ASK {}"})
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, HEAD, POST"


def test_more_than_one_query_is_400_get_and_post(http: httpx.Client) -> None:
    r = http.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400
    r = http.post("/sparql", data={"query": ["ASK {}", "SELECT * {}"]})
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b"ASK {}", {"Content-Type": "text/plain"}, 415),
        (b"query=ASK%20%7B%7D", {}, 415),
        (b"ASK {}", {}, 415),
        (
            "ASK {}".encode("utf-16"),
            {"Content-Type": "application/sparql-query; charset=UTF-16"},
            400,
        ),
    ],
    ids=["wrong_media_type", "missing_form_type", "missing_direct_type", "non_utf8"],
)
def test_refused_post_bodies_get_their_exact_status(
    http: httpx.Client, content: bytes, headers: dict[str, str], status: int
) -> None:
    """The W3C bad_query_* cases expect any 4xx: 415 for a body of no query type, 400 for
    one that is not UTF-8."""
    r = http.post("/sparql", content=content, headers=headers)
    assert r.status_code == status


def test_a_syntax_error_is_a_400_problem_detail(http: httpx.Client) -> None:
    # The protocol leaves a failure's body to the implementation: ours is the API's one
    # error shape, an RFC 9457 problem detail with the parser's message.
    r = http.get("/sparql", params={"query": "ASK {"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json" and r.json()["detail"]


def test_from_in_the_query_is_its_default_graph(
    http: httpx.Client, three: list[tuple[str, str]]
) -> None:
    """A query's own FROM replaces the union of every graph; FROM NAMED alone leaves the
    default graph empty (SPARQL 1.1 Query 13.2)."""
    (g1, s1), (g2, s2), _ = three
    assert ask(http, f"ASK FROM <{g1}> {{ <{s1}> ?p ?o }}") is True
    assert ask(http, f"ASK FROM <{g1}> {{ <{s2}> ?p ?o }}") is False
    assert ask(http, f"ASK FROM NAMED <{g1}> {{ ?s ?p ?o }}") is False
    found = rows(
        http,
        f"SELECT ?g WHERE {{ GRAPH ?g {{ <{s1}> ?p ?o }} }}".replace(
            "WHERE", f"FROM NAMED <{g1}> FROM NAMED <{g2}> WHERE"
        ),
    )
    assert {r["g"] for r in found} == {g1}
