"""A remote SPARQL 1.1 engine (Virtuoso, Fuseki, GraphDB, Neptune, QLever for reads) as
the store, over the SPARQL 1.1 Protocol with httpx.

- Every write is ONE update request: a source is swapped by ``DROP SILENT GRAPH`` +
  ``DELETE WHERE`` (its metadata) + ``INSERT DATA``, which the engine runs as one
  transaction, so a failed request leaves the engine's data as it was. Large inserts are
  split into several ``INSERT DATA`` operations *inside* that one request (Virtuoso's
  SPARQL compiler gives up on one block of more than ~5,000 triples). A request larger
  than ``max_update_bytes``, and the vocabulary, are staged: their triples go into a
  staging graph in several requests, then one request swaps it in with ``MOVE``.
- The protocol has no bindings, so bound values become a ``VALUES`` block placed at the
  start of the query's outermost ``WHERE`` group; each value is written by rdflib
  (``term.n3()``), which escapes it. User text never becomes query text.
- Engines cap result sizes (Virtuoso: ``ResultSetMaxRows``, 10,000 by default, announced
  by an ``X-SPARQL-MaxRows`` header). A capped SELECT is re-run in ordered pages; the
  dump pages graph by graph and checks every count.
- Every failure (refused connection, timeout, 401/403, an engine error) is a
  ``StoreError`` whose message is one line naming the endpoint.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from tlkg.graph.rdf.terms import RdfTriple, from_ox, nt_lines
from tlkg.graph.rdf.triples import P, SourceTriples, vocabulary_triples
from tlkg.graph.store.base import (
    GRAPH_FORMATS,
    ONTOLOGY_GRAPH,
    SOURCE_IDS,
    STATE_NODE,
    Archive,
    Capabilities,
    GraphFormat,
    Observer,
    PlainRow,
    Prepared,
    QueryJob,
    QueryOutcome,
    ResultFormat,
    Row,
    StoreError,
    Unsupported,
)
from tlkg.graph.store.construct import construct_template, instantiate
from tlkg.graph.store.query_text import (
    VARIABLE,
    OxRow,
    bind_values,
    construct_pages,
    fix_term,
    n3_term,
    order_keys,
    ordered_page,
    parse_results,
    rdf_term,
)
from tlkg.graph.store.remote_http import AutoAuth, engine_message, redact
from tlkg.graph.store.updates import (
    ARCHIVED_GRAPHS,
    archive_update,
    ntriples,
    ontology_text,
    remove_history_update,
    remove_update,
    replace_update_text,
    state_update,
)
from tlkg.graph.store.user_query import run_job_generic
from tlkg.ontology.namespace import (
    BASE,
    DCT_IDENTIFIER,
    GRAPH,
    META_GRAPH,
    TLKG,
    VOCAB_GRAPH,
    source_graph,
)
from tlkg.ontology.namespace import source_iri as _source_iri
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

# Every graph tlkg writes is named under this prefix; engines keep their own graphs too
# (Virtuoso: virtrdf#, ldp#, ...), which counts and dumps leave out.
GRAPH_PREFIX = str(GRAPH)
STAGING_PREFIX = BASE + "staging/"

ACCEPT_RESULTS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
DEFAULT_TRIPLES_PER_INSERT = 2_000
DEFAULT_MAX_UPDATE_BYTES = 32 * 1024 * 1024
DEFAULT_PAGE_SIZE = 10_000


class RemoteStore:
    """A SPARQL 1.1 Query/Update endpoint as a ``GraphStore``."""

    observed = False  # (writes through tlkg to an endpoint keep no index yet)

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout_s: float = 10.0,
        update_timeout_s: float | None = None,
        read_only: bool = False,
        keep_alive: bool = True,
        triples_per_insert: int = DEFAULT_TRIPLES_PER_INSERT,
        max_update_bytes: int = DEFAULT_MAX_UPDATE_BYTES,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        for url in (endpoint, update_endpoint):
            if url is not None and urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"SPARQL endpoint must be an http(s) URL, not {url!r}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.location = redact(endpoint)
        self.read_only = read_only
        self.path: Path | None = None
        self.capabilities = Capabilities(persistent=True)
        self.timeout_s = timeout_s
        self.update_timeout_s = update_timeout_s or max(timeout_s, 300.0)
        self.triples_per_insert = triples_per_insert
        self.max_update_bytes = max_update_bytes
        self.page_size = page_size
        self.keep_alive = keep_alive
        auth = AutoAuth(user, password or "") if user else None
        limits = httpx.Limits(max_keepalive_connections=4 if keep_alive else 0)
        headers = {"User-Agent": "tlkg"}
        if not keep_alive:
            headers["Connection"] = "close"
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            limits=limits,
            headers=headers,
            follow_redirects=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, write: bool = False) -> RemoteStore:
        assert settings.endpoint
        return cls(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            user=settings.endpoint_user,
            password=settings.endpoint_password,
            timeout_s=settings.query_timeout_s,
            read_only=not write,
        )

    # ---- HTTP ----------------------------------------------------------------------
    def _post(
        self, url: str, form: dict[str, str], accept: str, timeout: float | None = None
    ) -> httpx.Response:
        where = redact(url)
        try:
            response = self._client.post(
                url,
                data=form,
                headers={"Accept": accept},
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TimeoutException:
            limit = timeout if timeout is not None else self.timeout_s
            raise StoreError(f"SPARQL endpoint {where} did not answer within {limit:g} s") from None
        except httpx.ConnectError as exc:
            reason = str(exc).split("] ")[-1] or "connection failed"
            raise StoreError(f"cannot reach SPARQL endpoint {where}: {reason}") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL endpoint {where}: {type(exc).__name__}: {exc}") from None
        if response.status_code in (401, 403):
            raise StoreError(
                f"SPARQL endpoint {where} refused access (HTTP {response.status_code}): "
                "check TLKG_ENDPOINT_USER and TLKG_ENDPOINT_PASSWORD"
            )
        if response.status_code >= 300:
            raise StoreError(
                f"SPARQL endpoint {where} failed (HTTP {response.status_code}): "
                f"{engine_message(response.text)}"
            )
        return response

    def _query(self, query: str, accept: str) -> httpx.Response:
        return self._post(self.endpoint, {"query": query}, accept)

    def _update(self, update: str) -> None:
        self._writable()
        self._post(
            self.update_endpoint,
            {"update": update},
            "application/sparql-results+xml, */*;q=0.5",
            self.update_timeout_s,
        )

    def _results(self, response: httpx.Response) -> ox.QuerySolutions | ox.QueryBoolean:
        try:
            return parse_results(response.content)
        except (SyntaxError, ValueError) as exc:
            ctype = response.headers.get("content-type", "?")
            first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise StoreError(
                f"SPARQL endpoint {self.location} answered {ctype}, not SPARQL XML results: {first}"
            ) from None

    def _solutions(self, response: httpx.Response) -> tuple[list[str], list[OxRow]]:
        result = self._results(response)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[OxRow] = []
        for sol in result:
            row: OxRow = {}
            for n in names:
                term = sol[n]
                if term is not None:
                    row[n] = term
            rows.append(row)
        return names, rows

    @staticmethod
    def _cap(response: httpx.Response) -> int | None:
        cap = response.headers.get("x-sparql-maxrows")
        return int(cap) if cap and cap.isdigit() else None

    # ---- reads ---------------------------------------------------------------------
    def _select_rows(self, query: str) -> tuple[list[str], list[OxRow]]:
        response = self._query(query, ACCEPT_RESULTS["xml"])
        names, rows = self._solutions(response)
        cap = self._cap(response)
        if cap is not None and len(rows) >= cap:
            rows = self._all_pages(query, names, cap)
        return names, rows

    def _all_pages(self, query: str, names: list[str], cap: int) -> list[OxRow]:
        """The engine cut the answer at ``cap`` rows: fetch it again in ordered pages."""
        size = min(cap, self.page_size)
        out: list[OxRow] = []
        while True:
            page_query = ordered_page(query, names, size, len(out))
            page = self._solutions(self._query(page_query, ACCEPT_RESULTS["xml"]))[1]
            out += page
            if len(page) < size:
                return out

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> list[Row]:
        names, rows = self._select_rows(bind_values(query, bindings))
        return [{n: (rdf_term(r[n]) if n in r else None) for n in names} for r in rows]

    def ask(self, query: str, bindings: dict[str, Node] | None = None) -> bool:
        response = self._query(bind_values(query, bindings), ACCEPT_RESULTS["xml"])
        result = self._results(response)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(result)

    def query_results(self, query: str, fmt: ResultFormat) -> bytes:
        response = self._query(query, ACCEPT_RESULTS[fmt])
        cap = self._cap(response)
        if cap is not None:
            raise StoreError(
                f"SPARQL endpoint {self.location} cut the results at {cap} rows "
                "(its result limit): add LIMIT/OFFSET to page through them"
            )
        return response.content

    def _graph(self, query: str) -> list[ox.Triple]:
        response = self._query(query, ACCEPT_GRAPH)
        ctype = response.headers.get("content-type", "").split(";")[0].strip()
        rdf_format = ox.RdfFormat.from_media_type(ctype) if ctype else None
        if rdf_format is None:
            raise StoreError(f"SPARQL endpoint {self.location} answered {ctype or '?'}, not RDF")
        try:
            return list(ox.parse(response.content, format=rdf_format))
        except SyntaxError as exc:
            raise StoreError(f"SPARQL endpoint {self.location} sent invalid RDF: {exc}") from None

    def construct(self, query: str) -> list[RdfTriple]:
        """A CONSTRUCT or DESCRIBE answer. Virtuoso cuts graphs at ``ResultSetMaxRows`` triples
        without saying so, so an answer of ``page_size`` triples or more (the page size must not
        exceed the engine's limit) is asked again as the SELECT of its pattern, in ordered pages of
        solutions, and the template is filled in here (``construct.py``); one that cannot be paged
        (DESCRIBE, its own LIMIT) is refused."""
        triples = self._graph(query)
        if len(triples) < self.page_size:
            return [(from_ox(t.subject), from_ox(t.predicate), rdf_term(t.object)) for t in triples]
        parts = construct_pages(query)
        if parts is None:
            raise StoreError(
                f"SPARQL endpoint {self.location} returned {len(triples)} triples, which "
                "its result limit may have cut: add LIMIT/OFFSET to page through them"
            )
        prologue, template, where = parts
        # Not CONSTRUCTs of ordered sub-selects: each such page labels the template's blank
        # nodes afresh, so two pages' labels collide when merged.
        names = sorted(set(VARIABLE.findall(template)) | set(VARIABLE.findall(where)))
        select = f"{prologue}SELECT * WHERE {where}"
        rows = self._paged_rows(select, names, order=order_keys(names))
        return instantiate(construct_template(query), rows)

    def _paged_rows(
        self, query: str, names: list[str], order: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every row of ``query`` in pages of ``page_size`` rows, ordered by ``names`` (or
        by the ORDER BY keys ``order``)."""
        offset = 0
        while True:
            paged = ordered_page(query, names, self.page_size, offset, order)
            page = self._select_rows(paged)[1]
            yield from page
            offset += len(page)
            if len(page) < self.page_size:
                return

    def graph_sizes(self) -> dict[str, int]:
        """tlkg's named graphs and the number of triples in each."""
        query = (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }} GROUP BY ?g'
        )
        return {r["g"].value: int(r["n"].value) for r in self._paged_rows(query, ["g"])}

    def count_triples(self) -> int:
        query = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}'
        )
        rows = self._select_rows(query)[1]
        return int(rows[0]["n"].value) if rows else 0

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of tlkg's graphs: small graphs fetched together (VALUES ?g), large
        ones in ordered pages; each batch's row count is checked against its COUNT."""
        sizes = self.graph_sizes()
        batch: list[str] = []
        total = 0
        for g in sorted(sizes):
            n = sizes[g]
            if n > self.page_size:
                yield from self._graph_pages(g)
                continue
            if batch and (total + n > self.page_size or len(batch) >= 500):
                yield from self._graph_batch(batch, total)
                batch, total = [], 0
            batch.append(g)
            total += n
        if batch:
            yield from self._graph_batch(batch, total)

    def _graph_batch(self, graphs: list[str], expected: int) -> Iterator[ox.Quad]:
        iris = " ".join(n3_term(URIRef(g)) for g in graphs)
        query = f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {iris} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        rows = self._select_rows(query)[1]
        if len(rows) != expected:
            raise StoreError(
                f"SPARQL endpoint {self.location} returned {len(rows)} of {expected} triples; "
                "its result limit may be below the page size"
            )
        for r in rows:
            yield _quad(r)

    def _graph_pages(self, graph: str) -> Iterator[ox.Quad]:
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {n3_term(URIRef(graph))} {{ ?s ?p ?o }} }}"
        for r in self._paged_rows(query, ["s", "p", "o"]):
            yield _quad({**r, "g": ox.NamedNode(graph)})

    def dump(self, out: IO[bytes], fmt: GraphFormat) -> None:
        rdf_format = GRAPH_FORMATS[fmt]
        if rdf_format.supports_datasets:
            ox.serialize(self.quads(), out, format=rdf_format)
        else:
            # Triple formats: the union of every graph, duplicates removed, without the
            # archived versions of trial records (a trial would show two phases).
            archived = {ox.NamedNode(str(r["g"])) for r in self.select(ARCHIVED_GRAPHS)}
            triples = {
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self.quads()
                if q.graph_name not in archived
            }
            ox.serialize(triples, out, format=rdf_format)

    def source_hash(self, source_id: str) -> str | None:
        return self._hash_of(_source_iri(source_id))

    def _hash_of(self, subject: URIRef) -> str | None:
        rows = self._select_rows(
            f"SELECT ?h WHERE {{ GRAPH <{META_GRAPH}> {{ <{subject}> <{TLKG.contentHash}> ?h }} }}"
        )[1]
        return str(rows[0]["h"].value) if rows else None

    # ---- writes --------------------------------------------------------------------
    def _inserts(self, graph: str, nt_text: str, step: int = 0) -> list[str]:
        """INSERT DATA operations of at most ``step`` (``triples_per_insert``) triples each.
        An N-Triples statement is one line, so splitting on "\\n" never cuts a literal."""
        lines = [line for line in nt_text.split("\n") if line]
        step = step or self.triples_per_insert
        return [
            f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines[i : i + step]) + "\n} }"
            for i in range(0, len(lines), step)
        ]

    def _swap_ops(self, graph: str, source: str, data_nt: str, meta_nt: str) -> list[str]:
        """The operations that replace one source: drop its graph and metadata, insert the
        new ones. Small sources are exactly ``store.replace_update_text``."""
        if data_nt.count("\n") + meta_nt.count("\n") <= self.triples_per_insert:
            return [replace_update_text(graph, source, data_nt, meta_nt)]
        return [
            f"DROP SILENT GRAPH <{graph}>",
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source}> ?p ?o }} }}",
            *self._inserts(graph, data_nt),
            *self._inserts(str(META_GRAPH), meta_nt),
        ]

    def _write(self, ops: list[str]) -> None:
        """One update request: the operations, then a new state token."""
        self._update(" ;\n".join([*ops, state_update()]))

    def replace_source(self, st: SourceTriples) -> int:
        self._write_one(str(st.graph), str(st.source), nt_lines(st.data), nt_lines(st.meta))
        return len(st.data) + len(st.meta)

    def _write_one(self, graph: str, source: str, data_nt: str, meta_nt: str) -> None:
        ops = self._swap_ops(graph, source, data_nt, meta_nt)
        if sum(len(op) for op in ops) <= self.max_update_bytes:
            self._write(ops)
        else:
            self._staged_replace(graph, source, data_nt, meta_nt)

    def write_sources(
        self, items: list[Prepared], replaced: list[str], archives: Sequence[Archive] = ()
    ) -> None:
        """One update request per source, each atomic on its own (``replaced`` sources
        not among ``items`` are removed first; the versions of ``archives`` are kept as
        history by a request of their own just before their replacement). Measured on
        Virtuoso 7.2: putting several sources into one request is slower, not faster (its
        SPARQL compiler's cost grows faster than linearly with the operations of a request;
        100 sources of ~70 triples per request hit its transaction timeout)."""
        self._writable()
        ids = {p.source_id for p in items}
        for sid in replaced:
            if sid not in ids:
                self._write([remove_update(sid)])
        keep = {a.source_id: a for a in archives}
        for p in items:
            if p.source_id in keep:
                self._write([archive_update(keep[p.source_id])])
            self._write_one(p.graph, p.source, p.data_nt, p.meta_nt)

    def _staged_replace(self, graph: str, source: str, data_nt: str, meta_nt: str) -> None:
        """Too large for one request: staged, then moved in (the old version stays on failure)."""

        def swap(staging: str) -> list[str]:
            return [
                f"DROP SILENT GRAPH <{graph}>",
                f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source}> ?p ?o }} }}",
                f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>",
                *self._inserts(str(META_GRAPH), meta_nt),
            ]

        self._stage_and_swap(data_nt, swap)

    def _stage_and_swap(
        self, nt_text: str, swap: Callable[[str], list[str]], step: int = 0, per_request: int = 0
    ) -> None:
        """Stage ``nt_text`` (blocks of ``step`` triples; ``per_request`` blocks a request at
        most), then run ``swap(staging graph)`` in one request; a failure drops the stage."""
        staging = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            batch: list[str] = []
            size = 0
            for op in self._inserts(staging, nt_text, step):
                full = per_request and len(batch) >= per_request
                if batch and (full or size + len(op) > self.max_update_bytes):
                    self._update(" ;\n".join(batch))
                    batch, size = [], 0
                batch.append(op)
                size += len(op)
            if batch:
                self._update(" ;\n".join(batch))
            self._write(swap(staging))
        except StoreError:
            with contextlib.suppress(StoreError):
                self._update(f"DROP SILENT GRAPH <{staging}>")
            raise

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    def remove_source(self, source_id: str) -> int:
        self._writable()
        src = _source_iri(source_id)
        graph = source_graph(source_id)
        versions = (
            f"GRAPH <{META_GRAPH}> {{ ?v <{P.version_of}> <{src}> ; "
            f"<{TLKG.namedGraph}> ?vg }} GRAPH ?vg {{ ?s3 ?p3 ?o3 }}"
        )
        rows = self._select_rows(
            "SELECT ?m ?d ?h WHERE { "
            f"{{ SELECT (COUNT(*) AS ?m) WHERE {{ GRAPH <{META_GRAPH}> {{ <{src}> ?p ?o }} }} }} "
            f"{{ SELECT (COUNT(*) AS ?d) WHERE {{ GRAPH <{graph}> {{ ?s ?p2 ?o2 }} }} }} "
            f"{{ SELECT (COUNT(*) AS ?h) WHERE {{ {versions} }} }} }}"
        )[1]
        meta = int(rows[0]["m"].value) if rows else 0
        if not meta:
            return 0
        data = int(rows[0]["d"].value) + int(rows[0]["h"].value)
        self._write([remove_history_update(source_id), remove_update(source_id)])
        return meta + data

    def source_ids(self, kind: str | None = None) -> list[str]:
        cls = {"trial": TLKG.TrialRecord, "article": TLKG.Article, None: TLKG.Source}[kind]
        return [str(r["id"]) for r in self.select(SOURCE_IDS, {"cls": cls})]

    def state_token(self) -> str | None:
        """The token every tlkg write changes (also writes by other processes)."""
        rows = self._select_rows(
            f"SELECT ?t WHERE {{ GRAPH <{META_GRAPH}> {{ <{STATE_NODE}> <{DCT_IDENTIFIER}> ?t }} }}"
        )[1]
        return str(rows[0]["t"].value) if rows else None

    def mark_changed(self) -> None:
        self._write([])

    def ensure_vocabulary(self, vocab: Vocabulary) -> bool:
        """Load the ontology and vocabulary graphs when their content changed (the same
        content hash as the embedded store), staged a request per 500 triples (Virtuoso's
        compiler stops at 10,000 lines of SQL: ~1,450 labelled triples) and swapped in."""
        onto = ontology_text()
        vocab_nt = ntriples(vocabulary_triples(vocab))
        digest = hashlib.sha256((onto + "\n" + vocab_nt).encode()).hexdigest()
        if self._hash_of(VOCAB_GRAPH) == digest:
            return False
        self._writable()
        onto_nt = ox.serialize(
            ox.parse(onto, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
        )
        onto_text = (onto_nt or b"").decode()

        def swap(staging: str) -> list[str]:
            return [
                f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}>",
                f"DROP SILENT GRAPH <{VOCAB_GRAPH}>",
                f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{VOCAB_GRAPH}> ?p ?o }} }}",
                # The ontology as one template: its blank nodes stay one set of nodes, and
                # Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant
                # clause") but takes them in INSERT { } WHERE { }.
                f"INSERT {{ GRAPH <{ONTOLOGY_GRAPH}> {{\n{onto_text}}} }} WHERE {{ }}",
                f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{VOCAB_GRAPH}>",
                f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ "
                f'<{VOCAB_GRAPH}> <{TLKG.contentHash}> "{digest}" }} }}',
            ]

        self._stage_and_swap(vocab_nt, swap, step=500, per_request=1)
        return True

    def scan(self, query: str, names: tuple[str, ...]) -> Iterator[PlainRow]:
        for r in self.select(query):
            yield tuple(None if r.get(n) is None else str(r[n]) for n in names)

    def flush(self) -> None:
        """Every update is durable once the endpoint answered it."""

    def observe(self, observer: Observer) -> None:
        raise Unsupported(f"writes to a remote endpoint ({self.location}) are not observed yet")

    def run_query_job(self, job: QueryJob) -> QueryOutcome:
        """A user's read-only query, checked here and run by the engine (which applies its
        own result cap); the dataset parameters need the embedded store."""
        return run_job_generic(self, job)

    def snapshot(self, target: Path) -> None:
        raise Unsupported(f"a remote endpoint ({self.location}) has no local snapshot")

    def close(self) -> None:
        self._client.close()


def _quad(r: OxRow) -> ox.Quad:
    return ox.Quad(r["s"], r["p"], fix_term(r["o"]), r["g"])  # type: ignore[arg-type]
