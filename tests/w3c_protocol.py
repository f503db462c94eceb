"""The W3C SPARQL 1.1 Protocol test manifest (``tests/w3c/protocol/manifest.ttl``, vendored
from w3c/rdf-tests) read into typed cases, and the checks of one response against what a
case expects. ``tests/test_w3c_protocol.py`` runs the cases against a live server.

Every entry of ``mf:entries`` is an ``mf:ProtocolTest``: an ``ht:Connection`` whose
``ht:requests`` list is sent in order, each ``ht:Request`` with its method
(``ht:methodName``), path and query string (``ht:absolutePath``), headers
(``ht:headers``: ``ht:fieldName``/``ht:fieldValue``) and body (``ht:body``:
``cnt:chars`` in ``cnt:characterEncoding``), and an ``ht:resp`` stating what the answer
must be: ``mf:expectedStatus`` (``ht:StatusCode2xx``, ``ht:StatusCode3xx``,
``ht:StatusCode4xx``: any of them), ``mf:expectedFormat`` (``boolean``, ``tabular`` or
``RDF``: the kind of result, in any media type valid for it), ``mf:expectedBoolean`` and,
for one update case, ``mf:expectation`` (free text). ``ut:graphData`` names the data
files a case's graphs are loaded from (``ut:graph``) and the graph names
(``rdfs:label``). The manifest states no media types as data: which ones a result kind
may come in is said only in its ``rdfs:comment`` prose ("... or any other valid media
type"), so ``RESULT_MEDIA`` lists the ones this checker can parse.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from defusedxml import ElementTree
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

MANIFEST = Path(__file__).parent / "w3c" / "protocol" / "manifest.ttl"
# The manifest's own IRI (its ``<>``) and the base of its entries' names (``:``).
MANIFEST_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")

SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
# Media types per result kind that ``parse_result`` reads: (kind, parser).
RESULT_MEDIA: dict[str, tuple[str, str]] = {
    "application/sparql-results+json": ("results", "json"),
    "application/sparql-results+xml": ("results", "xml"),
    "text/csv": ("results", "csv"),
    "text/tab-separated-values": ("results", "tsv"),
    "text/turtle": ("RDF", "turtle"),
    "application/n-triples": ("RDF", "nt"),
    "application/ld+json": ("RDF", "json-ld"),
    "application/rdf+xml": ("RDF", "xml"),
}
# Requests that are SPARQL updates: a body of this type, or these parameters (the update
# text itself, or the update dataset) in the query string or a form body.
UPDATE_MEDIA = "application/sparql-update"
UPDATE_PARAMETERS = frozenset({"update", "using-graph-uri", "using-named-graph-uri"})
UPDATE_NAME = re.compile(r"(^|_)updates?(_|$)")
# The properties this runner reads of a request and of a response; any other is an error,
# so that a manifest stating something new cannot have it silently left unchecked.
REQUEST_PROPERTIES = frozenset(
    {RDF.type, HT.absolutePath, HT.body, HT.headers, HT.httpVersion, HT.methodName, HT.resp}
)
RESPONSE_PROPERTIES = frozenset(
    {RDF.type, MF.expectedStatus, MF.expectedFormat, MF.expectedBoolean, MF.expectation}
)
RESULT_KINDS = frozenset({"boolean", "tabular", "RDF"})


@dataclass(frozen=True)
class Expected:
    """What a response must be (``ht:resp``)."""

    status_classes: frozenset[int]  # 2 for ht:StatusCode2xx, ...
    result: str | None = None  # mf:expectedFormat: "boolean", "tabular" or "RDF"
    boolean: bool | None = None  # mf:expectedBoolean
    expectation: str | None = None  # mf:expectation: prose, not machine-checkable

    def describe_status(self) -> str:
        return " or ".join(f"{c}xx" for c in sorted(self.status_classes))


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` as the manifest states it."""

    method: str
    path: str  # ht:absolutePath, with its query string, as written in the manifest
    headers: tuple[tuple[str, str], ...]
    body: str | None  # cnt:chars
    encoding: str  # cnt:characterEncoding
    expected: Expected

    def content(self) -> bytes | None:
        """The body's bytes in the manifest's encoding (UTF-16 comes with its byte order
        mark, as the cases' comments say it is sent)."""
        return None if self.body is None else self.body.encode(self.encoding)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def parameters(self) -> dict[str, list[str]]:
        """The request's parameters: its query string's, and a form body's."""
        found = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        ctype = (self.header("content-type") or "").split(";")[0].strip().lower()
        if self.body is not None and ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(self.body, keep_blank_values=True).items():
                found.setdefault(key, []).extend(values)
        return found

    def is_update(self) -> bool:
        ctype = (self.header("content-type") or "").split(";")[0].strip().lower()
        return ctype == UPDATE_MEDIA or bool(UPDATE_PARAMETERS & set(self.parameters()))


@dataclass(frozen=True)
class GraphData:
    """A ``ut:graphData``: the graph ``name`` loaded from the data file ``file``."""

    file: str
    name: str


@dataclass(frozen=True)
class Case:
    """One ``mf:ProtocolTest``."""

    id: str  # the entry's local name, e.g. query_get
    name: str  # mf:name
    requests: tuple[Request, ...]
    graph_data: tuple[GraphData, ...]
    approved: bool

    @property
    def is_update(self) -> bool:
        """An update case: named as one (update_*, bad_update_*, bad_multiple_updates),
        or sending an update request."""
        return bool(UPDATE_NAME.search(self.id)) or any(r.is_update() for r in self.requests)

    @property
    def applies(self) -> bool:
        """Whether the case applies to a read-only query endpoint (update cases do not:
        such an endpoint refuses every update)."""
        return not self.is_update

    @property
    def skip_reason(self) -> str | None:
        if self.applies:
            return None
        return (
            "an update case: /sparql is a read-only query endpoint and refuses every "
            "update with 403 (tests/test_sparql_endpoint.py)"
        )


def _text(g: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = g.value(subject, predicate)
    return None if value is None else str(value)


def _status_class(node: Node) -> int:
    found = re.fullmatch(re.escape(str(HT)) + r"StatusCode([1-5])xx", str(node))
    if not found:
        raise ValueError(f"unknown mf:expectedStatus {node}")
    return int(found.group(1))


def _known(g: Graph, node: Node, properties: frozenset[URIRef]) -> None:
    unknown = set(g.predicates(node, None)) - properties
    if unknown:
        raise ValueError(f"properties this runner does not check: {sorted(map(str, unknown))}")


def _expected(g: Graph, resp: Node) -> Expected:
    _known(g, resp, RESPONSE_PROPERTIES)
    result = _text(g, resp, MF.expectedFormat)
    if result is not None and result not in RESULT_KINDS:
        raise ValueError(f"unknown mf:expectedFormat {result!r}")
    statuses = frozenset(_status_class(s) for s in g.objects(resp, MF.expectedStatus))
    if not statuses:
        raise ValueError(f"a response without mf:expectedStatus: {resp}")
    boolean = g.value(resp, MF.expectedBoolean)
    if boolean is not None and not (
        isinstance(boolean, Literal) and type(boolean.toPython()) is bool
    ):
        raise ValueError(f"mf:expectedBoolean is not a boolean: {boolean!r}")
    return Expected(
        status_classes=statuses,
        result=result,
        boolean=None if boolean is None else bool(boolean.toPython()),
        expectation=_text(g, resp, MF.expectation),
    )


def _request(g: Graph, node: Node) -> Request:
    _known(g, node, REQUEST_PROPERTIES)
    headers = tuple(
        (str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
        for h in (_list(g, node, HT.headers) if (node, HT.headers, None) in g else [])
    )
    body = g.value(node, HT.body)
    method, path, resp = (
        g.value(node, HT.methodName),
        g.value(node, HT.absolutePath),
        g.value(node, HT.resp),
    )
    if method is None or path is None or resp is None:
        raise ValueError(f"a request without method, path or response: {node}")
    return Request(
        method=str(method),
        path=str(path),
        headers=headers,
        body=None if body is None else str(g.value(body, CNT.chars)),
        encoding="UTF-8" if body is None else _text(g, body, CNT.characterEncoding) or "UTF-8",
        expected=_expected(g, resp),
    )


def load_manifest(path: Path = MANIFEST) -> Graph:
    return Graph().parse(path, format="turtle", publicID=MANIFEST_IRI)


def _list(g: Graph, subject: Node, predicate: URIRef) -> list[Node]:
    """The RDF list that is ``subject``'s one ``predicate``."""
    head = g.value(subject, predicate)
    if head is None:
        raise ValueError(f"{subject} has no {predicate}")
    return list(Collection(g, head))


def entries(g: Graph) -> list[URIRef]:
    """The manifest's ``mf:entries``, in order."""
    (manifest,) = g.subjects(RDF.type, MF.Manifest)
    found = _list(g, manifest, MF.entries)
    assert all(isinstance(e, URIRef) for e in found), found
    return [URIRef(str(e)) for e in found]


def local_name(entry: Node) -> str:
    return str(entry).rsplit("#", 1)[1]


def cases(path: Path = MANIFEST) -> Iterator[Case]:
    """Every ``mf:ProtocolTest`` of ``mf:entries``, in the manifest's order; an entry of
    another type is an error (a case this runner would not know how to run)."""
    g = load_manifest(path)
    for entry in entries(g):
        if (entry, RDF.type, MF.ProtocolTest) not in g:
            raise ValueError(f"{entry} is not an mf:ProtocolTest")
        connection = g.value(entry, MF.action)
        if connection is None:
            raise ValueError(f"{entry} has no mf:action")
        requests = tuple(_request(g, r) for r in _list(g, connection, HT.requests))
        yield Case(
            id=local_name(entry),
            name=_text(g, entry, MF.name) or "",
            requests=requests,
            graph_data=tuple(
                GraphData(str(g.value(d, UT.graph)), str(g.value(d, RDFS.label)))
                for d in g.objects(entry, UT.graphData)
            ),
            approved=(entry, DAWGT.approval, DAWGT.Approved) in g,
        )


# ---- responses ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    """A response body read according to its Content-Type."""

    kind: str  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, str], ...] = ()
    graph: Graph | None = None


def _results_json(body: bytes) -> Result:
    doc = json.loads(body)
    if "boolean" in doc:
        assert isinstance(doc["boolean"], bool), doc
        return Result("boolean", boolean=doc["boolean"])
    rows = tuple({k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"])
    return Result("tabular", variables=tuple(doc["head"]["vars"]), rows=rows)


def _results_xml(body: bytes) -> Result:
    root = ElementTree.fromstring(body)
    ns = {"r": SPARQL_RESULTS}
    assert root.tag == f"{{{SPARQL_RESULTS}}}sparql", root.tag
    boolean = root.find("r:boolean", ns)
    if boolean is not None:
        assert boolean.text in ("true", "false"), boolean.text
        return Result("boolean", boolean=boolean.text == "true")
    variables = tuple(v.attrib["name"] for v in root.findall("r:head/r:variable", ns))
    rows = tuple(
        {b.attrib["name"]: "".join(b.itertext()) for b in result.findall("r:binding", ns)}
        for result in root.findall("r:results/r:result", ns)
    )
    assert root.find("r:results", ns) is not None, "neither <boolean> nor <results>"
    return Result("tabular", variables=variables, rows=rows)


def _results_text(body: bytes, delimiter: str) -> Result:
    lines = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
    assert lines, "no header line"
    # TSV writes variables as ?name and terms in SPARQL syntax; CSV writes bare names.
    variables = tuple(v.removeprefix("?") for v in lines[0])
    rows = tuple(dict(zip(variables, line, strict=True)) for line in lines[1:] if line)
    return Result("tabular", variables=variables, rows=rows)


def parse_result(content_type: str | None, body: bytes) -> Result:
    """Read ``body`` by its media type; AssertionError if the type is not one of
    ``RESULT_MEDIA`` or the body is not what the type says."""
    media = (content_type or "").split(";")[0].strip().lower()
    assert media in RESULT_MEDIA, f"a result in an unexpected media type: {content_type!r}"
    kind, parser = RESULT_MEDIA[media]
    if kind == "RDF":
        return Result("RDF", graph=Graph().parse(data=body, format=parser))
    if parser == "json":
        return _results_json(body)
    if parser == "xml":
        return _results_xml(body)
    return _results_text(body, "," if parser == "csv" else "\t")


def check_response(
    request: Request, status: int, content_type: str | None, body: bytes
) -> Result | None:
    """Assert that a response is what ``request`` expects: the status class, then the kind
    of result (read by its Content-Type) and the boolean. The result read, if any."""
    expected = request.expected
    where = f"{request.method} {request.path}"
    assert expected.expectation is None, f"{where}: a prose expectation, not checked here"
    assert status // 100 in expected.status_classes, (
        f"{where}: status {status}, expected {expected.describe_status()}: {body[:300]!r}"
    )
    if expected.result is None and expected.boolean is None:
        return None
    result = parse_result(content_type, body)
    if expected.result is not None:
        assert result.kind == expected.result, (
            f"{where}: a {result.kind} result, expected {expected.result}"
        )
    if expected.boolean is not None:
        assert result.kind == "boolean", f"{where}: a {result.kind} result, expected boolean"
        assert result.boolean is expected.boolean, (
            f"{where}: {result.boolean}, expected {expected.boolean}"
        )
    return result
