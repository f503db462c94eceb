"""The SPARQL 1.1 Protocol endpoint through real clients (SPARQLWrapper, rdflib's
SPARQLStore, httpx) against a live server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import build_store, live_server
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from tlkg.api.routes.sparql import negotiate
from tlkg.graph.store.user_query import mentions_service
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

TIMEOUT_S = 1.0
RESULT_LIMIT = 1000
PREFIX = (
    "PREFIX tlkg: <https://w3id.org/tlkg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
THERAPIES = PREFIX + (
    "SELECT ?t ?name WHERE { ?t a tlkg:Therapy ; skos:prefLabel ?name } ORDER BY ?name LIMIT 5"
)
CONSTRUCT = PREFIX + (
    "CONSTRUCT { ?t tlkg:target ?x } WHERE { ?t a tlkg:Therapy ; tlkg:target ?x } LIMIT 20"
)
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


SERVER: dict[str, Any] = {}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    store = tmp_path_factory.mktemp("sparql") / "store"
    triples = build_store(store, vocab)
    assert triples > 3 * RESULT_LIMIT  # enough for the cap and for a slow cross product
    settings = Settings(store=store, query_timeout_s=TIMEOUT_S, result_limit=RESULT_LIMIT)
    with live_server(settings, vocab, keep=SERVER) as base:
        yield base + "/sparql"


@pytest.fixture(scope="module")
def http(endpoint: str) -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as client:
        yield client


def count_all(http: httpx.Client, endpoint: str) -> int:
    r = http.get(endpoint, params={"query": COUNT_ALL})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# ---- SPARQLWrapper ---------------------------------------------------------------------------
def test_sparqlwrapper_select_json(endpoint: str) -> None:
    result = wrapper(endpoint, THERAPIES, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert result["head"]["vars"] == ["t", "name"]
    rows = result["results"]["bindings"]
    assert len(rows) == 5 and all(r["t"]["type"] == "uri" for r in rows)


def test_sparqlwrapper_select_xml(endpoint: str) -> None:
    doc = wrapper(endpoint, THERAPIES, XML).queryAndConvert()
    results = doc.getElementsByTagName("result")  # type: ignore[union-attr]
    assert len(results) == 5


def test_sparqlwrapper_csv_and_tsv(endpoint: str) -> None:
    raw = wrapper(endpoint, THERAPIES, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))  # type: ignore[union-attr]
    assert rows[0] == ["t", "name"] and len(rows) == 6
    raw = wrapper(endpoint, THERAPIES, TSV).queryAndConvert()
    lines = raw.decode("utf-8").splitlines()  # type: ignore[union-attr]
    assert lines[0] == "?t\t?name" and len(lines) == 6
    assert lines[1].startswith("<https://w3id.org/tlkg/id/therapy/")


def test_sparqlwrapper_construct_turtle_and_ask(endpoint: str) -> None:
    raw = wrapper(endpoint, CONSTRUCT, TURTLE).queryAndConvert()
    g = Graph().parse(data=raw, format="turtle")  # type: ignore[arg-type]
    assert 0 < len(g) <= 20
    graph = wrapper(endpoint, CONSTRUCT, XML).queryAndConvert()  # RDF/XML -> rdflib Graph
    assert isinstance(graph, Graph) and len(graph) == len(g)
    ask = wrapper(endpoint, PREFIX + "ASK { ?t a tlkg:Therapy }", JSON).queryAndConvert()
    assert ask == {"head": {}, "boolean": True}


@pytest.mark.parametrize("method", ["form", "direct"])
def test_sparqlwrapper_post(endpoint: str, method: str) -> None:
    client = wrapper(endpoint, THERAPIES, JSON)
    client.setMethod(POST)
    if method == "direct":
        client.setRequestMethod(POSTDIRECTLY)
    result = client.queryAndConvert()
    assert len(result["results"]["bindings"]) == 5  # type: ignore[index]


# ---- rdflib ----------------------------------------------------------------------------------
def test_rdflib_sparqlstore(endpoint: str) -> None:
    store = SPARQLStore(endpoint)
    rows = list(store.query(THERAPIES))
    assert len(rows) == 5
    assert all(isinstance(r[0], URIRef) and isinstance(r[1], Literal) for r in rows)  # type: ignore[index]
    graph = Graph(store="SPARQLStore")
    graph.open(endpoint)
    ask = graph.query(PREFIX + "ASK { ?t a tlkg:Therapy }")
    assert ask.askAnswer is True
    built = graph.query(CONSTRUCT)
    assert built.graph is not None and 0 < len(built.graph) <= 20
    abecma = graph.query(PREFIX + 'SELECT ?t WHERE { ?t skos:altLabel "Abecma" } LIMIT 1')
    assert [str(r[0]) for r in abecma] == [  # type: ignore[index]
        "https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel"
    ]


# ---- formats ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv", "text/csv"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
    ],
)
def test_select_formats_by_accept(
    http: httpx.Client, endpoint: str, accept: str | None, ctype: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = http.get(endpoint, params={"query": THERAPIES}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(ctype)
    text = r.text
    if "json" in ctype:
        assert len(json.loads(text)["results"]["bindings"]) == 5
    elif "xml" in ctype:
        assert text.count("<result>") == 5
    else:
        assert len(text.strip().splitlines()) == 6


@pytest.mark.parametrize(
    ("accept", "ctype", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_graph_formats_by_accept(
    http: httpx.Client,
    endpoint: str,
    accept: str | None,
    ctype: str,
    rdflib_format: str,
    form: str,
) -> None:
    query = (
        CONSTRUCT
        if form == "construct"
        else "DESCRIBE <https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel>"
    )
    headers = {"Accept": accept} if accept else {}
    r = http.get(endpoint, params={"query": query}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(ctype)
    g = Graph().parse(data=r.content, format=rdflib_format)
    assert len(g) > 0


def test_format_parameter_and_not_acceptable(http: httpx.Client, endpoint: str) -> None:
    r = http.get(endpoint, params={"query": THERAPIES, "format": "tsv"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = http.get(endpoint, params={"query": CONSTRUCT, "format": "jsonld"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = http.get(endpoint, params={"query": THERAPIES, "format": "pdf"})  # ignored
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = http.get(endpoint, params={"query": THERAPIES, "output": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    r = http.get(endpoint, params={"query": THERAPIES}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = http.get(endpoint, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_relative_iris_resolve_against_a_base(http: httpx.Client, endpoint: str) -> None:
    """W3C protocol case: a query with relative IRIs is valid once a base IRI is set."""
    r = http.get(
        endpoint,
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200, r.text
    assert r.text.strip() == (
        '<https://w3id.org/tlkg/s> <https://w3id.org/tlkg/p> "1"^^'
        "<http://www.w3.org/2001/XMLSchema#integer> ."
    )


def test_a_repeated_query_parameter_is_refused(http: httpx.Client, endpoint: str) -> None:
    """W3C protocol case: ``?query=ASK{}&query=SELECT*{}`` is a malformed request."""
    r = http.get(endpoint, params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400 and "more than one query" in r.text
    r = http.post(endpoint, data={"query": ["ASK {}", "SELECT * {}"]})
    assert r.status_code == 400


def test_negotiate() -> None:
    assert negotiate(None) == ("json", "turtle")
    assert negotiate("text/csv", ["tsv", "text/tab-separated-values"]) == ("tsv", None)
    assert negotiate(None, ["application/rdf+xml"]) == ("json", "rdfxml")
    assert negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == (
        "xml",
        "rdfxml",
    )
    assert negotiate("application/*") == ("json", "turtle")
    assert negotiate("text/turtle;q=0") == (None, None)


def test_union_default_graph_and_dataset_parameters(http: httpx.Client, endpoint: str) -> None:
    # Without default-graph-uri the default graph is the union of every graph.
    q = PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?t a tlkg:Therapy }"
    union = http.get(endpoint, params={"query": q}).json()
    assert int(union["results"]["bindings"][0]["n"]["value"]) > 0
    only_vocab = http.get(
        endpoint,
        params={"query": q, "default-graph-uri": "https://w3id.org/tlkg/graph/nothing-here"},
    ).json()
    assert only_vocab["results"]["bindings"][0]["n"]["value"] == "0"
    bad = http.get(endpoint, params={"query": q, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400


# ---- read-only -------------------------------------------------------------------------------
INSERT = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "hacked" } }'
DELETE = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_updates_are_refused_and_change_nothing(http: httpx.Client, endpoint: str) -> None:
    before = count_all(http, endpoint)
    attempts = [
        http.get(endpoint, params={"update": INSERT}),
        http.get(endpoint, params={"query": INSERT}),
        http.get(endpoint, params={"query": "DROP ALL"}),
        http.post(endpoint, data={"update": INSERT}),
        http.post(endpoint, data={"update": DELETE}),
        http.post(endpoint, data={"query": DELETE}),
        http.post(endpoint, data={"query": "LOAD <http://127.0.0.1:9/x.ttl>"}),
        http.post(endpoint, content=INSERT, headers={"Content-Type": "application/sparql-update"}),
        http.post(endpoint, content=DELETE, headers={"Content-Type": "application/sparql-query"}),
        http.post(
            endpoint + "?update=" + "CLEAR%20ALL",
            content=b"",
            headers={"Content-Type": "application/sparql-query"},
        ),
    ]
    for r in attempts:
        assert r.status_code == 403, (r.request.url, r.text)
        assert "read-only" in r.text or "not allowed" in r.text
    assert count_all(http, endpoint) == before
    r = http.get(endpoint, params={"query": "ASK { GRAPH ?g { <urn:x:s> ?p ?o } }"})
    assert r.json()["boolean"] is False


def test_service_is_refused_without_any_outbound_connection(
    http: httpx.Client, endpoint: str
) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            connections.append(conn)

    watcher = threading.Thread(target=accept, daemon=True)
    watcher.start()
    remote = f"<http://127.0.0.1:{port}/sparql>"
    queries = [
        f"SELECT * WHERE {{ SERVICE {remote} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {remote} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c . OPTIONAL {{ SERVICE {remote} {{ ?a ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {remote} {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?a ?b ?c .SERVICE {remote} {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {remote} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND({remote} AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]
    for q in queries:
        r = http.get(endpoint, params={"query": q})
        assert r.status_code == 403, (q, r.text)
        assert "SERVICE" in r.text
        r = http.post(endpoint, content=q, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 403
    time.sleep(0.5)  # time for a late connection attempt to show up
    stop.set()
    watcher.join()
    listener.close()
    assert connections == []


def test_service_guard() -> None:
    assert mentions_service("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    assert mentions_service("select * { ?a ?b ?c .service <http://x> {} }")
    assert not mentions_service('SELECT * { ?s ?p "SERVICE" }')
    assert not mentions_service("SELECT * { ?s <http://x/SERVICE> ?service } # SERVICE")
    assert not mentions_service("PREFIX ex: <http://x/> SELECT * { ?s ex:service ?o }")


# ---- limits ----------------------------------------------------------------------------------
def test_timeout_kills_the_query_and_the_server_keeps_answering(
    http: httpx.Client, endpoint: str
) -> None:
    for _ in range(2):  # the second slow query lands on the other (or a fresh) worker
        started = time.monotonic()
        r = http.get(endpoint, params={"query": SLOW})
        elapsed = time.monotonic() - started
        assert r.status_code == 503, r.text
        assert "timed out" in r.text and f"{TIMEOUT_S:g} s" in r.text
        assert TIMEOUT_S <= elapsed < TIMEOUT_S + 1.5
        for _ in range(3):
            ok = http.get(endpoint, params={"query": "ASK {}"})
            assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_a_worker_that_dies_is_replaced(http: httpx.Client, endpoint: str) -> None:
    pool = SERVER["app"].state.tlkg.sparql
    assert pool.wait_ready(60)
    victims = [w.process for w in pool._workers]
    for process in victims:  # as the kernel does to a worker past its memory cap
        process.kill()
        process.wait(10)
    # Dead idle workers are noticed and replaced: the client just waits for a new one.
    for _ in range(3):
        r = http.get(endpoint, params={"query": "ASK {}"})
        assert r.status_code == 200 and r.json()["boolean"] is True
    assert pool.wait_ready(60)
    assert not {w.process.pid for w in pool._workers} & {p.pid for p in victims}


def test_result_limit_refuses_rather_than_truncates(http: httpx.Client, endpoint: str) -> None:
    r = http.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "result limit" in r.text and f"LIMIT {RESULT_LIMIT}" in r.text
    r = http.get(endpoint, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {RESULT_LIMIT}"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == RESULT_LIMIT
    r = http.get(
        endpoint,
        params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {RESULT_LIMIT}", "format": "csv"},
    )
    # CSV records, not lines: a literal may hold a line break (quoted, RFC 4180).
    assert len(list(csv.reader(io.StringIO(r.text)))) == RESULT_LIMIT + 1
    over = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {RESULT_LIMIT + 1}"
    assert http.get(endpoint, params={"query": over}).status_code == 400
    r = http.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "triples" in r.text
    r = http.get(
        endpoint,
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 50"},
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200 and len(r.text.strip().splitlines()) == 50


def test_concurrent_queries(http: httpx.Client, endpoint: str) -> None:
    def one(_: int) -> int:
        return http.get(endpoint, params={"query": THERAPIES}).status_code

    with ThreadPoolExecutor(6) as pool:
        assert set(pool.map(one, range(12))) == {200}


# ---- protocol errors and the page ------------------------------------------------------------
def test_protocol_errors(http: httpx.Client, endpoint: str) -> None:
    # Without a query a SPARQL results client gets 400 (an RDF one gets the service
    # description: test_sparql_service_description.py).
    r = http.get(endpoint, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 400 and "missing query" in r.text
    r = http.get(endpoint, params={"query": "SELECT WHERE {"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert body["instance"] == "/sparql" and body["detail"]
    assert "Traceback" not in r.text
    r = http.post(endpoint, content=THERAPIES, headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = http.post(endpoint, data={"query": "x" * (600 * 1024)})
    assert r.status_code == 413
    r = http.post(endpoint, data={"default-graph-uri": "urn:x"})
    assert r.status_code == 400


def test_browser_gets_an_offline_query_page(http: httpx.Client, endpoint: str) -> None:
    r = http.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<textarea" in page and 'name="query"' in page
    assert page.count("data-example=") == 3
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    # A browser sending a query (the page's links) gets results, not the page.
    r = http.get(
        endpoint,
        params={"query": THERAPIES, "format": "json"},
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")


def test_in_memory_store_runs_queries_in_process(vocab: Vocabulary, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tlkg.api.app import create_app

    app = create_app(Settings(memory=True, result_limit=5), vocab=vocab)
    with TestClient(app) as client:
        r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 200 and r.json()["boolean"] is True  # the vocabulary
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 400 and "result limit" in r.text
        assert client.get("/sparql", params={"query": INSERT}).status_code == 403


def test_snapshot_pool_generations(tmp_path: Path, vocab: Vocabulary) -> None:
    from tlkg.api.workers import SnapshotPool
    from tlkg.graph.store.base import Prepared, QueryJob
    from tlkg.graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    store.ensure_vocabulary(vocab)
    pool = SnapshotPool(store, timeout_s=5, size=1)
    try:
        pool.start()
        assert pool.wait_ready(60)
        ask = QueryJob("ASK { GRAPH <urn:x:g> { ?s ?p ?o } }")
        assert pool.run(ask).body == b'{"head":{},"boolean":false}'
        data = '<urn:x:s> <urn:x:p> "o" .\n'
        store.write_sources([Prepared("x", "trial", "h", "urn:x:g", "urn:x:x", data, "", 1)], [])
        assert pool.run(ask).body.endswith(b"false}")  # the snapshot predates the write
        for _ in range(3):
            pool.refresh()
        assert pool.run(ask).body.endswith(b"true}")
        root = pool._root
        assert root is not None
        assert [p.name for p in root.iterdir()] == ["gen-4"]  # older generations deleted
    finally:
        pool.close()
        store.close()
    assert not root.exists()
