"""The W3C SPARQL 1.1 Protocol test suite against a live server (uvicorn on 127.0.0.1):
one test per entry of the vendored manifest (``tests/w3c/protocol/manifest.ttl``, read by
``tests/w3c_protocol.py``), named after it.

Each request goes out as the manifest writes it: method, path and query string (only the
leading ``/sparql/`` becomes this server's ``/sparql``), headers and body bytes in the
stated encoding; no Accept header is added. Each answer is checked for its status class,
its kind of result (boolean, tabular or RDF: the body read by its Content-Type) and its
boolean.

The update cases (``update_*``, ``bad_update_*``, ``bad_multiple_updates``) do not apply:
/sparql is read-only and refuses every update with 403 (``test_sparql_endpoint.py``).
They are collected and skipped with that reason, so the report lists all 34 entries.
One query case, ``query_multiple_dataset``, is a strict xfail: its request, as the
manifest encodes it, names one graph that does not exist, so the expected ``true`` is
wrong for any conforming endpoint (``MANIFEST_DEFECTS``); two tests check what the
endpoint answers to that request and to the one the case was meant to send.

The cases query the graphs ``http://kasei.us/2009/09/sparql/data/data0.rdf`` …
``data3.rdf``, loaded from data files (``ut:graphData``) that are not vendored
(``tests/w3c/README.md``). The store holds a stand-in for each, written under exactly
that graph IRI: ``<dataN.rdf> a foaf:Document``, the triple the manifest's own update
cases insert into these graphs and the one the query cases' ``<dataN.rdf> a ?type``
patterns need (one shared ``?type``). A trial of the test fixtures is loaded beside them,
so that the dataset parameters have other graphs to leave out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import FIXTURES, build_store, live_server
from w3c_protocol import (
    RESULT_MEDIA,
    Case,
    Request,
    cases,
    check_response,
    entries,
    load_manifest,
    local_name,
)

from tlkg.api.routes.sparql import CONTENT_TYPES
from tlkg.graph.store.base import Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

CASES = list(cases())
BY_ID = {c.id: c for c in CASES}
# Cases whose request, as the manifest writes it, does not ask what the case expects.
MANIFEST_DEFECTS = {
    # The path's "%26named-graph-uri%3D" is one named-graph-uri parameter whose value is
    # "…/data1.rdf&named-graph-uri=…/data2.rdf": a single graph IRI, which names no graph,
    # so the protocol dataset (which overrides the query's FROM) has no data1 or data2 and
    # the ASK is false on any conforming endpoint. The case as first implemented set up
    # two named graphs and queried both (w3c/rdf-tests#78);
    # test_query_multiple_dataset_* below check both readings.
    "query_multiple_dataset": "as written, the manifest percent-encodes the & between "
    "two named-graph-uri parameters, making them one IRI that names no graph: the right "
    "answer is false, the manifest expects true",
}


def _marks(case: Case) -> list[pytest.MarkDecorator]:
    if case.skip_reason:
        return [pytest.mark.skip(reason=case.skip_reason)]
    if case.id in MANIFEST_DEFECTS:
        return [pytest.mark.xfail(reason=MANIFEST_DEFECTS[case.id], strict=True)]
    return []


PARAMS = [pytest.param(c, id=c.id, marks=_marks(c)) for c in CASES]
# The W3C data graphs, as the cases name them (the stand-ins are written under these IRIs).
DATA_GRAPH = re.compile(r"http://kasei\.us/2009/09/sparql/data/data[0-9]+\.rdf")
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# What the issue and tests/w3c/README.md call the update cases, by the manifest's names.
UPDATE_ENTRY = re.compile(r"update_.*|bad_update_.*|bad_multiple_updates")


def data_graphs() -> list[str]:
    """Every W3C data graph an applicable case names: in ``ut:graphData`` or in a
    ``default-graph-uri``/``named-graph-uri`` parameter."""
    named = {d.name for c in CASES if c.applies for d in c.graph_data}
    for case in (c for c in CASES if c.applies):
        for request in case.requests:
            params = request.parameters()
            named.update(params.get("default-graph-uri", []))
            named.update(params.get("named-graph-uri", []))
    return sorted(g for g in named if DATA_GRAPH.fullmatch(g))


def write_stand_ins(path: Path) -> None:
    """Write each W3C data graph's stand-in triple into its own named graph."""
    store = OxigraphStore(path)
    try:
        items = []
        for i, graph in enumerate(data_graphs()):
            data = f"<{graph}> <{RDF_TYPE}> <{FOAF_DOCUMENT}> .\n"
            items.append(Prepared(f"w3c-data-{i}", "trial", f"w3c{i}", graph, graph, data, "", 1))
        store.write_sources(items, [])
    finally:
        store.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    store = tmp_path_factory.mktemp("w3c") / "store"
    build_store(store, vocab, [FIXTURES / "ctgov" / "NCT03418623.json"])
    write_stand_ins(store)
    with live_server(Settings(store=store), vocab, sparql_workers=1) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        yield client


def send(http: httpx.Client, request: Request) -> httpx.Response:
    """Send ``request`` as the manifest writes it, to this server's /sparql."""
    rest = request.path.removeprefix("/sparql/")
    assert rest != request.path and (not rest or rest.startswith("?")), request.path
    path = "/sparql" + rest
    built = http.build_request(
        request.method, path, headers=dict(request.headers), content=request.content()
    )
    # httpx adds Accept: */*; the manifest's requests carry none.
    del built.headers["accept"]
    assert built.url.raw_path == path.encode("ascii"), (built.url.raw_path, path)
    return http.send(built)


@pytest.mark.parametrize("case", PARAMS)
def test_w3c_protocol(http: httpx.Client, case: Case) -> None:
    for request in case.requests:
        r = send(http, request)
        check_response(request, r.status_code, r.headers.get("content-type"), r.content)


def test_every_query_side_entry_is_run() -> None:
    """Every entry of ``mf:entries`` is a parametrized case, in the manifest's order, and
    every one that is not an update case runs (no skip): a manifest change cannot drop a
    case without this failing."""
    listed = [local_name(e) for e in entries(load_manifest())]
    assert [c.id for c in CASES] == listed and len(listed) == len(set(listed))
    applicable = [name for name in listed if not UPDATE_ENTRY.fullmatch(name)]
    run = [c.id for c in CASES if not any(m.name == "skip" for m in _marks(c))]
    assert run == applicable
    assert len(run) == len(applicable) == 20
    # The runner decides what applies from the requests too: it agrees with the names.
    assert all(BY_ID[name].applies for name in applicable)
    for case in CASES:
        assert case.approved and case.requests, case.id
        if case.applies:
            assert not any(r.is_update() for r in case.requests), case.id


def test_the_stand_in_graphs_are_named_as_the_cases_name_them(http: httpx.Client) -> None:
    graphs = data_graphs()
    assert graphs == [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in range(4)]
    r = http.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?type } }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200, r.text
    stored = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert set(graphs) <= stored and len(stored) > len(graphs)


def test_query_multiple_dataset_as_written_is_one_named_graph(http: httpx.Client) -> None:
    """The request as the manifest writes it: one named-graph-uri, no such graph, false."""
    (request,) = BY_ID["query_multiple_dataset"].requests
    (named,) = request.parameters()["named-graph-uri"]
    assert named.count("http://") == 2
    r = send(http, request)
    assert r.status_code == 200 and r.json()["boolean"] is False, r.text


def test_query_multiple_dataset_as_approved(http: httpx.Client) -> None:
    """The request the case was approved with: two named-graph-uri parameters; the
    protocol's dataset replaces the query's FROM <data3.rdf>, so both GRAPH patterns
    match."""
    (request,) = BY_ID["query_multiple_dataset"].requests
    split = request.path.replace("%26named-graph-uri%3D", "&named-graph-uri=")
    intended = dataclasses.replace(request, path=split)
    assert len(intended.parameters()["named-graph-uri"]) == 2
    r = send(http, intended)
    check_response(intended, r.status_code, r.headers.get("content-type"), r.content)


def _with(request: Request, **changes: object) -> Request:
    expected = dataclasses.replace(request.expected, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(request, expected=expected)


@pytest.mark.parametrize(
    ("case_id", "changes"),
    [
        ("query_get", {"boolean": False}),
        ("query_dataset_full", {"boolean": False}),
        ("query_get", {"status_classes": frozenset({4})}),
        ("query_content_type_construct", {"result": "tabular"}),
        ("query_content_type_select", {"result": "boolean"}),
        ("bad_query_syntax", {"status_classes": frozenset({2, 3})}),
    ],
)
def test_a_wrong_expectation_fails(
    http: httpx.Client, case_id: str, changes: dict[str, object]
) -> None:
    """The checks can fail: the same request, checked against a changed expectation."""
    (request,) = BY_ID[case_id].requests
    r = send(http, request)
    check_response(request, r.status_code, r.headers.get("content-type"), r.content)
    with pytest.raises(AssertionError):
        check_response(
            _with(request, **changes), r.status_code, r.headers["content-type"], r.content
        )


def test_every_served_format_is_one_the_checker_reads() -> None:
    assert {c.split(";")[0] for c in CONTENT_TYPES.values()} <= set(RESULT_MEDIA)
