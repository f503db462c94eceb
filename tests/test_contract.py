"""One contract, every store: the same records give the same answers in memory, in an
embedded Oxigraph folder and in a real Virtuoso (Debian's ``virtuoso-opensource``, started
on 127.0.0.1 by ``virtuoso_server``). The Virtuoso cases skip locally when it is not
installed and fail in CI.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from conftest import make_trial
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.parser import parseQuery
from virtuoso_server import VirtuosoServer, free_port, start_virtuoso
from virtuoso_server import virtuoso as virtuoso  # the session fixture

from tlkg.graph.rdf.terms import Lit
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services import catalog
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import STATE_NODE, GraphStore, StoreError
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.graph.store.query_text import bind_values, parse_results, rdf_term, where_brace
from tlkg.graph.store.remote import RemoteStore
from tlkg.loaders.records import (
    Arm,
    ArticleRecord,
    EntityRef,
    Evidence,
    IndicationRef,
    Relation,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.namespace import BASE, META_GRAPH, TLKG, source_graph, source_iri
from tlkg.ontology.vocab import Vocabulary

BACKENDS = ["memory", "oxigraph", "virtuoso"]
LOADED_AT = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
QUERIES = sorted(Path(sparql.__file__).parent.glob("*.rq"))
assert QUERIES, "no stored queries found"
CTGOV = Path(__file__).parent / "fixtures" / "ctgov" / "v2-mixed-june-2023-4.json"

MM = IndicationRef(key="multiple-myeloma", name="multiple myeloma")
IDE_CEL = TherapyRef(key="idecabtagene-vicleucel", name="idecabtagene vicleucel")
CILTA_CEL = TherapyRef(key="ciltacabtagene-autoleucel", name="ciltacabtagene autoleucel")
TECLISTAMAB = TherapyRef(key="teclistamab", name="teclistamab")
XYZ = TherapyRef(
    key="xyz-101",
    name="XYZ-101",
    known=False,
    modality="car-t-in-vivo",
    modality_inferred=True,
)
SENTENCE = 'XYZ-101 — an in vivo CAR-T (β-version "2", café 😀) needs no apheresis.'


def records() -> list[TrialRecord | ArticleRecord]:
    """A small landscape: two CAR-T trials (one with an active comparator), a bispecific
    trial with a partial date, and an article with stated relations and evidence."""
    article = ArticleRecord(
        source=SourceMeta(
            id="article-in-vivo-car-t",
            kind="article",
            title="In vivo CAR-T — no apheresis",
            date="2025-03",
            url="https://example.org/news/in-vivo-car-t?a=1&b=2",
            publisher="Example News",
            evidence_level="early-clinical",
            content_hash="a1",
            loader="test",
            loader_version="1",
        ),
        text=SENTENCE,
        mentions=[MM, EntityRef(kind="target", key="bcma", name="BCMA")],
        therapies=[XYZ, IDE_CEL],
        relations=[
            Relation(
                kind="addresses_barrier",
                subject=XYZ,
                object=EntityRef(kind="barrier", key="apheresis", name="apheresis"),
                evidence=Evidence(sentence=SENTENCE, start=0, end=len(SENTENCE)),
            ),
            Relation(
                kind="competes_with",
                subject=XYZ,
                object=IDE_CEL,
                evidence=Evidence(sentence="XYZ-101 competes with ide-cel.", start=80, end=110),
                detail="stated",
            ),
            Relation(
                kind="has_target",
                subject=XYZ,
                object=EntityRef(kind="target", key="bcma", name="BCMA"),
                evidence=Evidence(sentence="XYZ-101 targets BCMA.", start=111, end=132),
            ),
        ],
    )
    return [
        make_trial(
            "NCT09000001",
            date="2024-01-15",
            therapies=[IDE_CEL, CILTA_CEL],
            arms=[
                Arm(label="ide-cel", role="experimental", therapy_keys=[IDE_CEL.key]),
                Arm(label="cilta-cel", role="active-comparator", therapy_keys=[CILTA_CEL.key]),
            ],
            phases=["PHASE3"],
        ),
        make_trial("NCT09000002", date="2023-06", therapies=[TECLISTAMAB], phases=["PHASE1"]),
        make_trial("NCT09000003", date="2022", therapies=[XYZ], indications=[MM]),
        article,
    ]


def load_all(store: GraphStore) -> None:
    for rec in records():
        store.replace_source(record_triples(rec, LOADED_AT))


# ---- backends ----------------------------------------------------------------------------
def clear_remote(server: VirtuosoServer) -> None:
    """Everything tlkg wrote, except the ontology and vocabulary (slow to reload)."""
    keep = f"<{BASE}graph/ontology>, <{BASE}graph/vocab>"
    update = (
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{BASE}") && ?g NOT IN ({keep}) '
        f"&& !(?g = <{META_GRAPH}> && ?s = <{BASE}graph/vocab>)) }}"
    )
    httpx.post(server.endpoint, data={"update": update}, timeout=60).raise_for_status()


def open_backend(
    name: str, request: pytest.FixtureRequest, tmp_path: Path, vocab: Vocabulary
) -> GraphStore:
    store: GraphStore
    if name == "memory":
        store = OxigraphStore(None)
    elif name == "oxigraph":
        store = OxigraphStore(tmp_path / "store")
    else:
        server: VirtuosoServer = request.getfixturevalue("virtuoso")
        clear_remote(server)
        store = RemoteStore(server.endpoint, timeout_s=60)
    store.ensure_vocabulary(vocab)
    return store


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, vocab: Vocabulary
) -> Iterator[GraphStore]:
    s = open_backend(request.param, request, tmp_path, vocab)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def remote(
    request: pytest.FixtureRequest, tmp_path: Path, vocab: Vocabulary
) -> Iterator[RemoteStore]:
    s = open_backend("virtuoso", request, tmp_path, vocab)
    assert isinstance(s, RemoteStore)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def reference(vocab: Vocabulary) -> OxigraphStore:
    """The in-memory store with the same records: what every backend must answer."""
    ref = OxigraphStore(None)
    ref.ensure_vocabulary(vocab)
    load_all(ref)
    return ref


# ---- comparing answers -------------------------------------------------------------------
VOLATILE = {"loaded_at"}


def scrub(value: Any) -> Any:
    """A model's JSON without the fields that differ by load time."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


GRAPH_COUNTS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER (STRSTARTS(STR(?g), "{BASE}graph/")) }} GROUP BY ?g'
)


def graph_counts(store: GraphStore) -> dict[str, int]:
    return {str(r["g"]): int(str(r["n"])) for r in store.select(GRAPH_COUNTS)}


def answers(store: GraphStore, vocab: Vocabulary) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sources": scrub(catalog.list_sources(store)),
        "therapies": scrub(catalog.list_therapies(store, vocab)),
        "by_indication": scrub(catalog.list_therapies(store, vocab, indication="myeloma")),
        "by_modality": scrub(catalog.list_therapies(store, vocab, modality="car-t")),
        "by_target": scrub(catalog.list_therapies(store, vocab, target="BCMA")),
        "as_of": scrub(catalog.list_therapies(store, vocab, as_of="2023-12-31")),
        "show_ide_cel": scrub(catalog.show_therapy(store, vocab, "Abecma")),
        "show_xyz": scrub(catalog.show_therapy(store, vocab, "xyz-101")),
        "graph_counts": graph_counts(store),
        "count": store.count_triples(),
        "hash": store.source_hash("NCT09000002"),
    }
    from tlkg.graph.services import competition

    out["competitors"] = scrub(competition.competitors(store, vocab, "ide-cel"))
    out["competitors_xyz"] = scrub(competition.competitors(store, vocab, "XYZ-101"))
    out["competitors_as_of"] = scrub(
        competition.competitors(store, vocab, "teclistamab", as_of="2023-12-31")
    )
    from tlkg.graph.services import landscape

    out["landscape"] = scrub(landscape.landscape(store, vocab, "multiple myeloma"))
    from tlkg.graph.services import barriers

    out["barriers"] = scrub(barriers.barriers(store))
    from tlkg.graph.services import search

    # Ties between equally good names may come in any order, with any of the names.
    hits = search.search(store, vocab, "abecma")
    out["search"] = sorted((h.id, h.type, h.score) for h in hits)
    return out


# ---- the contract ------------------------------------------------------------------------
def test_same_answers_on_every_backend(
    store: GraphStore, reference: OxigraphStore, vocab: Vocabulary
) -> None:
    load_all(store)
    got, want = answers(store, vocab), answers(reference, vocab)
    assert set(got) == set(want)
    for key in want:
        assert got[key] == want[key], key
    # The answers are not trivially empty.
    assert {t["id"] for t in got["therapies"]} >= {"idecabtagene-vicleucel", "xyz-101"}
    assert got["show_xyz"]["evidence"][0]["sentence"] == SENTENCE
    assert [s["id"] for s in got["sources"]][:1] == ["NCT09000001"]


def test_reload_is_idempotent(store: GraphStore, vocab: Vocabulary) -> None:
    load_all(store)
    before = graph_counts(store)
    total = store.count_triples()
    load_all(store)
    assert graph_counts(store) == before
    assert store.count_triples() == total
    assert store.ensure_vocabulary(vocab) is False
    assert store.source_hash("NCT09000001") == "h1"
    assert store.source_hash("NCT00000000") is None


def test_remove_is_exact(store: GraphStore, reference: OxigraphStore) -> None:
    load_all(store)
    before = graph_counts(store)
    gone = str(source_graph("NCT09000002"))
    meta_of = "SELECT ?m ?src (COUNT(*) AS ?n) WHERE { GRAPH ?m { ?src ?p ?o } } GROUP BY ?m ?src"
    src = source_iri("NCT09000002")
    meta_rows = store.select(meta_of, {"m": META_GRAPH, "src": src})
    n_meta = int(str(meta_rows[0]["n"]))
    assert n_meta > 0

    removed = store.remove_source("NCT09000002")
    assert removed == reference.remove_source("NCT09000002") == before[gone] + n_meta
    after = graph_counts(store)
    assert gone not in after
    assert after[str(META_GRAPH)] == before[str(META_GRAPH)] - n_meta
    assert {g: n for g, n in before.items() if g not in (gone, str(META_GRAPH))} == {
        g: n for g, n in after.items() if g != str(META_GRAPH)
    }
    assert store.select(meta_of, {"m": META_GRAPH, "src": src}) == []
    assert store.remove_source("NCT09000002") == 0
    assert store.source_hash("NCT09000002") is None


def test_replace_drops_claims_the_new_version_no_longer_makes(store: GraphStore) -> None:
    store.replace_source(record_triples(make_trial(therapies=[TECLISTAMAB])))
    store.replace_source(record_triples(make_trial(content_hash="h2", therapies=[CILTA_CEL])))
    ask = f"ASK {{ GRAPH ?g {{ ?trial <{TLKG.studiesTherapy}> ?t }} }}"
    assert not store.ask(ask, {"t": URIRef(f"{BASE}id/therapy/teclistamab")})
    assert store.ask(ask, {"t": URIRef(f"{BASE}id/therapy/ciltacabtagene-autoleucel")})
    assert store.source_hash("NCT09000001") == "h2"


def _versions(tmp_path: Path) -> list[Path]:
    """A real record (NCT03418623, last updated 2020-10-08) and a later version of it."""
    study = json.loads((CTGOV.parent / "NCT03418623.json").read_text())
    first = tmp_path / "v1" / "NCT03418623.json"
    first.parent.mkdir()
    first.write_text(json.dumps(study))
    status = study["protocolSection"]["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": "2022-05-01", "type": "ACTUAL"}
    status["overallStatus"] = "TERMINATED"
    second = tmp_path / "v2" / "NCT03418623.json"
    second.parent.mkdir()
    second.write_text(json.dumps(study))
    return [first, second]


def test_history_is_kept_and_removed_on_every_backend(
    store: GraphStore, tmp_path: Path, vocab: Vocabulary
) -> None:
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.services.changes import changes

    ref = OxigraphStore(None)
    ref.ensure_vocabulary(vocab)
    for path in _versions(tmp_path):
        for s in (store, ref):
            load(s, [path], vocab, workers=1)
    version = str(source_graph("NCT03418623")) + "/version/2020-10-08"
    assert version in graph_counts(store)
    assert graph_counts(store) == graph_counts(ref)
    got, want = (scrub(changes(s, vocab, "2021-01-01")) for s in (store, ref))
    assert got == want
    assert [(c["kind"], c["before"], c["after"]) for c in got["changes"]] == [
        ("status_change", "completed", "terminated")
    ]
    history = [(s.version, s.superseded_on) for s in catalog.list_sources(store, history=True)]
    assert sorted(history) == [("2020-10-08", "2022-05-01"), ("2022-05-01", None)]
    assert store.remove_source("NCT03418623") == ref.remove_source("NCT03418623") > 0
    assert not [g for g in graph_counts(store) if "NCT03418623" in g]


def test_bound_values_are_data_not_query_text(store: GraphStore) -> None:
    load_all(store)
    before = store.count_triples()
    hostile = Literal('x" } } ; DROP ALL ; SELECT * WHERE { "')
    query = sparql.query("find_by_label")
    assert store.select(query, {"needle": hostile, "cls": TLKG.Therapy}) == []
    rows = store.select(query, {"needle": Literal("abecma"), "cls": TLKG.Therapy})
    assert [str(r["e"]) for r in rows] == [f"{BASE}id/therapy/idecabtagene-vicleucel"]
    # Several bindings at once, a typed literal among them.
    q = "SELECT * WHERE { GRAPH ?g { ?t ?p ?n } }"
    rows = store.select(q, {"p": TLKG.enrollment, "n": Literal(5, datatype=XSD.integer)})
    assert rows == []
    assert store.count_triples() == before


def test_terms_round_trip(store: GraphStore) -> None:
    load_all(store)
    rows = store.select(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?p",
        {"s": URIRef(f"{BASE}id/trial/NCT09000001"), "g": source_graph("NCT09000001")},
    )
    by_pred = {str(r["p"]): r["o"] for r in rows}
    assert by_pred[str(TLKG.phase)] == URIRef(f"{BASE}id/phase/phase3")
    assert by_pred["http://purl.org/dc/terms/identifier"] == Literal("NCT09000001")
    modality_inferred = store.select(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        {"s": URIRef(f"{BASE}id/therapy/xyz-101"), "p": TLKG.modalityInferred},
    )
    assert {r["o"] for r in modality_inferred} == {Literal(True)}
    dates = store.select(
        "SELECT * WHERE { GRAPH ?m { ?s <http://purl.org/dc/terms/issued> ?d } }",
        {"m": META_GRAPH, "s": source_iri("NCT09000002")},
    )
    assert [r["d"] for r in dates] == [Literal("2023-06", datatype=XSD.gYearMonth)]


def test_user_query_formats(store: GraphStore) -> None:
    load_all(store)
    q = "SELECT ?id WHERE { GRAPH ?g { ?t <http://purl.org/dc/terms/identifier> ?id } }"
    data = json.loads(store.query_results(q, "json"))
    ids = {b["id"]["value"] for b in data["results"]["bindings"]}
    assert {"NCT09000001", "NCT09000002", "NCT09000003"} <= ids
    for fmt, marker in (("csv", "NCT09000001"), ("tsv", "NCT09000001"), ("xml", "<sparql")):
        assert marker in store.query_results(q, fmt).decode()  # type: ignore[arg-type]
    triples = store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{source_graph('NCT09000002')}> {{ ?s ?p ?o }} }}"
    )
    assert len(triples) == graph_counts(store)[str(source_graph("NCT09000002"))]


def _comparable(data: bytes) -> set[tuple[str, ...]]:
    """Quads without blank nodes, load times and state token; language tags in lower case
    (Virtuoso lower-cases them)."""
    out = set()
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)):
            continue
        if q.predicate.value == "http://www.w3.org/ns/prov#generatedAtTime":
            continue
        if q.subject == ox.NamedNode(str(STATE_NODE)):  # a fresh token on every write
            continue
        o = q.object
        obj = (
            f"{o.value}@{o.language.lower()}"
            if isinstance(o, ox.Literal) and o.language
            else str(o)
        )
        out.add((str(q.subject), str(q.predicate), obj, str(q.graph_name)))
    return out


def test_dump_nquads_holds_the_same_quads(store: GraphStore, reference: OxigraphStore) -> None:
    load_all(store)
    got, want = io.BytesIO(), io.BytesIO()
    store.dump(got, "nquads")
    reference.dump(want, "nquads")
    assert _comparable(got.getvalue()) == _comparable(want.getvalue())
    assert got.getvalue().count(b"\n") == store.count_triples()
    turtle = io.BytesIO()
    store.dump(turtle, "turtle")
    assert len(list(ox.parse(turtle.getvalue(), format=ox.RdfFormat.TURTLE))) > 1000


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.dateTime:
        return str(term.toPython())  # Virtuoso writes +00:00 as Z
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language.lower()}"  # Virtuoso lower-cases language tags
    return str(term)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_gives_the_same_rows(
    path: Path, remote: RemoteStore, reference: OxigraphStore
) -> None:
    """Each of tlkg's queries, unbound, row for row: the services filter rows again in
    Python, so a wrong answer from the engine could otherwise go unnoticed (Virtuoso
    answered the old rivalry.rq with every triple of every graph)."""
    load_all(remote)
    text = sparql.PREFIXES + path.read_text("utf-8").replace("#VALUES", "")
    if re.search(r"^ASK\b", path.read_text("utf-8"), re.M):
        assert remote.ask(text) == reference.ask(text)
        return

    def rows(store: GraphStore) -> list[tuple[str, ...]]:
        found = store.select(text)
        state = str(STATE_NODE)  # a fresh token on every write
        return sorted(
            tuple(_cell(r[k]) for k in sorted(r))
            for r in found
            if state not in {str(v) for v in r.values()}
        )

    assert rows(remote) == rows(reference)


# ---- remote specifics (Virtuoso) ---------------------------------------------------------
def one_line(exc: pytest.ExceptionInfo[StoreError]) -> str:
    text = str(exc.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_connection_refused_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store = RemoteStore(url, timeout_s=5)
    with pytest.raises(StoreError) as exc:
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert url in one_line(exc)
    with pytest.raises(StoreError) as exc:
        store.replace_source(record_triples(make_trial()))
    assert "read-only" not in one_line(exc)


def test_auth_failure_is_one_line(virtuoso: VirtuosoServer) -> None:
    bad = RemoteStore(virtuoso.auth_endpoint, user="dba", password="wrong", timeout_s=10)
    with pytest.raises(StoreError) as exc:
        bad.ask("ASK { ?s ?p ?o }")
    msg = one_line(exc)
    assert virtuoso.auth_endpoint in msg and "401" in msg
    anonymous = RemoteStore(virtuoso.auth_endpoint, timeout_s=10)
    with pytest.raises(StoreError, match="refused access"):
        anonymous.ask("ASK { ?s ?p ?o }")
    good = RemoteStore(virtuoso.auth_endpoint, user="dba", password="dba", timeout_s=10)
    assert good.ask("ASK { }") is True
    assert good.ask("ASK { }") is True  # the digest challenge is reused
    for s in (bad, anonymous, good):
        s.close()


def test_failed_update_leaves_data_unchanged(remote: RemoteStore) -> None:
    load_all(remote)
    before = graph_counts(remote)
    st = record_triples(make_trial("NCT09000001", content_hash="changed"))
    # A syntax error at the very end of a replace request: nothing of it may apply.
    swap = remote._swap_ops

    def with_error(*args: str) -> list[str]:
        return [*swap(*args), "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> bad } }"]

    remote._swap_ops = with_error  # type: ignore[method-assign]
    with pytest.raises(StoreError) as exc:
        remote.replace_source(st)
    remote._swap_ops = swap  # type: ignore[method-assign]
    msg = one_line(exc)
    assert remote.location in msg and "HTTP 400" in msg
    assert graph_counts(remote) == before
    assert remote.source_hash("NCT09000001") == "h1"
    # An invalid typed value is refused when the request is compiled, before any change.
    bad = record_triples(make_trial("NCT09000001", content_hash="bad"))
    bad.data.append(("urn:a", "urn:b", Lit("maybe", str(XSD.boolean))))
    with pytest.raises(StoreError):
        remote.replace_source(bad)
    assert graph_counts(remote) == before


def test_read_only_remote_refuses_writes(virtuoso: VirtuosoServer) -> None:
    ro = RemoteStore(virtuoso.endpoint, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.remove_source("NCT09000001")
    ro.close()


def test_large_sources_split_and_staged(remote: RemoteStore, reference: OxigraphStore) -> None:
    """More triples than one INSERT DATA block takes, and a request over the size limit
    (staged, then swapped in with MOVE): the same counts, no staging graph left."""
    big = make_trial(
        "NCT09000009",
        therapies=[TherapyRef(key=f"drug-{i}", name=f"drug {i}") for i in range(400)],
    )
    st = record_triples(big, LOADED_AT)
    reference.replace_source(st)
    want = graph_counts(reference)[str(st.graph)]
    remote.triples_per_insert = 100
    remote.replace_source(st)
    assert graph_counts(remote)[str(st.graph)] == want
    remote.max_update_bytes = 20_000
    remote.replace_source(st)
    counts = graph_counts(remote)
    assert counts[str(st.graph)] == want
    staging = remote.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{BASE}staging")) }}'
    )
    assert staging == []
    assert remote.source_hash("NCT09000009") == "h1"


def test_without_keep_alive(virtuoso: VirtuosoServer, vocab: Vocabulary) -> None:
    clear_remote(virtuoso)
    store = RemoteStore(virtuoso.endpoint, keep_alive=False)
    store.ensure_vocabulary(vocab)
    load_all(store)
    assert len(catalog.list_sources(store)) == 4
    store.close()


def graph_of(triples: list[tuple[Any, Any, Any]]) -> Graph:
    """The triples as a graph, without the store's state token (each store has its own)."""
    g = Graph()
    for t in triples:
        if t[0] != URIRef(str(STATE_NODE)):
            g.add(t)
    return g


def test_results_past_the_engine_row_limit(tmp_path: Path, vocab: Vocabulary) -> None:
    """Virtuoso cuts answers at ResultSetMaxRows (here 500): selects page, the dump pages
    and checks its counts, a raw user query refuses to return a silently cut answer."""
    server = start_virtuoso(tmp_path / "small", max_rows=500)
    try:
        store = RemoteStore(server.endpoint, timeout_s=60, page_size=400)
        store.ensure_vocabulary(vocab)
        load_all(store)
        ref = OxigraphStore(None)
        ref.ensure_vocabulary(vocab)
        load_all(ref)
        q = (
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{BASE}graph/")) }}'
        )
        assert len(store.select(q)) == store.count_triples() == ref.count_triples()
        assert scrub(catalog.list_therapies(store, vocab)) == scrub(
            catalog.list_therapies(ref, vocab)
        )
        out = io.BytesIO()
        store.dump(out, "nquads")
        assert out.getvalue().count(b"\n") == ref.count_triples()
        with pytest.raises(StoreError, match="cut the results at 500 rows"):
            store.query_results(q, "json")
        # Virtuoso cuts CONSTRUCT answers too, silently: they are paged by solutions.
        everything = (
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{BASE}graph/")) }}'
        )
        got, want = store.construct(everything), ref.construct(everything)
        assert len(got) == len(want) > 500
        # Equal as graphs: blank nodes are relabelled, every other term is the same.
        assert isomorphic(graph_of(got), graph_of(want))
        template = (
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "CONSTRUCT { ?s skos:prefLabel ?l ; a _:kind . _:kind skos:note ?l } "
            "WHERE { GRAPH ?g { ?s skos:prefLabel ?l } OPTIONAL { ?s skos:notation ?n } }"
        )
        got, want = store.construct(template), ref.construct(template)
        assert len(got) == len(want) > 500 and isomorphic(graph_of(got), graph_of(want))
        with pytest.raises(StoreError, match="add LIMIT/OFFSET"):
            store.construct("DESCRIBE ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.close()
    finally:
        server.stop()


def test_bulk_load_of_an_export(
    virtuoso: VirtuosoServer, reference: OxigraphStore, vocab: Vocabulary
) -> None:
    """docs/bulk-loading.md for Virtuoso: `tlkg export nquads`, then ld_dir +
    rdf_loader_run; the engine then answers like the store the export came from, and
    tlkg's incremental loads go on from there (unchanged sources are skipped)."""
    everything = "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
    everything += f'FILTER (STRSTARTS(STR(?g), "{BASE}")) }}'
    httpx.post(virtuoso.endpoint, data={"update": everything}, timeout=60).raise_for_status()
    folder = virtuoso.folder / "bulk"
    folder.mkdir(exist_ok=True)
    with gzip.open(folder / "tlkg.nq.gz", "wb") as fh:
        reference.dump(fh, "nquads")  # type: ignore[arg-type]
    virtuoso.isql_exec(
        f"ld_dir('{folder}', 'tlkg.nq.gz', '{BASE}graph/unused'); rdf_loader_run(); checkpoint;"
    )
    state = virtuoso.isql_exec("SELECT ll_state, ll_error FROM DB.DBA.load_list;")
    assert " 2 " in f" {' '.join(state.split())} "
    store = RemoteStore(virtuoso.endpoint, timeout_s=60)
    assert graph_counts(store) == graph_counts(reference)
    assert store.ensure_vocabulary(vocab) is False
    assert answers(store, vocab) == answers(reference, vocab)
    for rec in records():
        st = record_triples(rec, LOADED_AT)
        assert store.source_hash(st.source_id) == reference.source_hash(st.source_id)
    store.close()


def test_cli_against_virtuoso(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    clear_remote(virtuoso)

    def tlkg(*args: str) -> Any:
        proc = subprocess.run(
            [sys.executable, "-m", "tlkg", *args],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    remote = ("--endpoint", virtuoso.endpoint)
    local = ("--store", str(tmp_path / "store"))
    loaded = tlkg(*remote, "load", str(CTGOV), "--json")
    assert loaded == tlkg(*local, "load", str(CTGOV), "--json")
    assert loaded["loaded"] == 4 and loaded["errors"] == []
    assert scrub(tlkg(*remote, "therapies", "--json")) == scrub(tlkg(*local, "therapies", "--json"))
    again = tlkg(*remote, "load", str(CTGOV), "--json")
    assert again["skipped"] == 4 and again["loaded"] == 0

    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "tlkg",
            "--endpoint",
            f"http://127.0.0.1:{free_port()}/sparql",
            "therapies",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


# ---- the query rewriting, without a server -----------------------------------------------
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_values_go_into_the_outer_where_of_every_query(path: Path) -> None:
    text = sparql.PREFIXES + path.read_text("utf-8")
    bound = bind_values(text, {"e": URIRef("urn:x"), "needle": Literal('a "b"\n')})
    parseQuery(bound)  # still valid SPARQL
    at = where_brace(text)
    assert text[:at].rstrip().upper().endswith("WHERE")
    assert bound[at + 1 :].lstrip().startswith("VALUES (?e ?needle)")


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("ASK { ?s ?p ?o }", "ASK "),
        ("SELECT * { ?s ?p ?o }", "SELECT * "),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE "),
        ("# a { comment\nSELECT ?s WHERE { ?s ?p '{ WHERE {' }", "# a { comment\nSELECT ?s WHERE "),
        (
            "SELECT ?s (EXISTS { ?s ?p ?o } AS ?x) WHERE { ?s ?q <urn:a{b> }",
            "SELECT ?s (EXISTS { ?s ?p ?o } AS ?x) WHERE ",
        ),
        (
            "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } ?s ?q ?where }",
            "SELECT ?s WHERE ",
        ),
    ],
)
def test_where_brace(query: str, before: str) -> None:
    assert where_brace(query) == len(before)
    bound = bind_values(query, {"o": URIRef("urn:o")})
    assert bound.startswith(before + "{ VALUES ?o { <urn:o> }")


def test_bindings_refuse_what_is_not_a_term() -> None:
    from rdflib import BNode

    with pytest.raises(TypeError):
        bind_values("ASK { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(ValueError):
        bind_values("ASK { ?s ?p ?o }", {"s": URIRef("urn:a> } ; DROP ALL ; <urn:b")})
    with pytest.raises(ValueError):
        bind_values("ASK { ?s ?p ?o }", {"s p": URIRef("urn:a")})


VIRTUOSO_XML = b"""<sparql xmlns="http://www.w3.org/2005/sparql-results#">
 <head><variable name="s"/><variable name="o"/><variable name="x"/></head>
 <results distinct="false" ordered="true">
  <result>
   <binding name="s"><bnode>nodeID://b10001</bnode></binding>
   <binding name="o"><literal datatype="http://www.w3.org/2001/XMLSchema#boolean">1</literal></binding>
  </result>
  <result>
   <binding name="s"><uri>urn:a</uri></binding>
   <binding name="o"><literal datatype="http://www.w3.org/2001/XMLSchema#string">s</literal></binding>
  </result>
  <result>
   <binding name="s"><uri>urn:a</uri></binding>
   <binding name="o"><literal xml:lang="en-gb">x &lt;b&gt; \xf0\x9f\x98\x80</literal></binding>
  </result>
 </results>
</sparql>"""


def test_results_as_virtuoso_writes_them() -> None:
    """Blank node labels like nodeID://b1, booleans as 1/0, typed xsd:string."""
    result = parse_results(VIRTUOSO_XML)
    assert isinstance(result, ox.QuerySolutions)
    rows = [
        [None if sol[v] is None else rdf_term(sol[v]) for v in result.variables] for sol in result
    ]
    assert str(rows[0][0]) == "b10001"
    assert rows[0][1] == Literal(True) and rows[0][2] is None
    assert rows[1][1] == Literal("s") and rows[1][1].datatype is None
    assert rows[2][1] == Literal("x <b> 😀", lang="en-gb")
