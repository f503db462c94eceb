"""The analysis index's rows (``tlkg.graph.analysis``) from triples: the one place that
says which row each triple makes, whether the triples were just mapped (a load's worker
builds the rows of each source it maps, ``source_rows``) or read back from the store (the
catch-up and rebuild read ``index_triples.rq`` and ``index_meta.rq``, ``build_rows``).

The input of ``build_rows`` is one quad per distinct RDF triple, objects as their lexical
value in the form the store keeps: Oxigraph stores typed literals (dates, times,
numbers, booleans) by value and gives back a canonical lexical form ("+00:00" becomes
"Z", "1"^^xsd:boolean "true"), and a graph is a set (a triple mapped twice is one).
``source_rows`` makes its quads so (``stored_value``) before building, so both paths give
byte-identical rows (tests/test_analysis_rows.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import product

import pyoxigraph as ox

from tlkg.graph.rdf.index_tables import TABLES, IndexRow, MetaTriple, Quad, Rows
from tlkg.graph.rdf.predicates import P, SourceTriples
from tlkg.graph.rdf.terms import XSD_STRING, Lit, Term
from tlkg.ontology.namespace import ID_BASE, TLKG, VOCAB_GRAPH

_T = {name: str(getattr(TLKG, name)) for name in TLKG.__annotations__}
THERAPY = ID_BASE + "therapy/"
_THERAPY_CLASS = _T["Therapy"]
_MESH = _T["meshId"]
_INFERRED = _T["modalityInferred"]
_SAME_AS, _DIFFERENT_FROM = P.same_as, P.different_from
_TYPE = P.type
_VOCAB = str(VOCAB_GRAPH)
# therapy_core.rq's facts go to ``core``; other names and the inferred flag to ``extra``.
CORE_PREDICATES = frozenset(
    _T[n]
    for n in (
        "indication",
        "approvedFor",
        "target",
        "modality",
        "interventionCategory",
        "developer",
        "statedPhase",
    )
)
EXTRA_PREDICATES = frozenset({P.alt, _INFERRED})
RIVALRY_PREDICATES = frozenset(
    _T[n] for n in ("competesWith", "headToHeadWith", "benchmarkedAgainst", "complements")
)
_TRIAL_PREDICATES = (
    _T["studiesTherapy"],
    P.identifier,
    _T["phase"],
    _T["status"],
    _T["allocation"],
    _T["startDate"],
)
_EVIDENCE_PREDICATES = (P.subject, P.predicate, P.object, _T["sentence"], _T["comparisonKind"])
# Every predicate a row is made from (rdf:type only with tlkg:Therapy as its object).
DATA_PREDICATES = frozenset(
    {P.type, P.pref, P.broader, _T["mentions"], _MESH, _SAME_AS, _DIFFERENT_FROM}
    | CORE_PREDICATES
    | EXTRA_PREDICATES
    | RIVALRY_PREDICATES
    | set(_TRIAL_PREDICATES)
    | set(_EVIDENCE_PREDICATES)
)
# A source's metadata that ``sources`` rows are made from (``sources_for_graphs.rq``).
META_PREDICATES = frozenset(
    {
        P.type,
        P.identifier,
        _T["namedGraph"],
        _T["contentHash"],
        _T["loader"],
        P.generated,
        P.title,
        P.issued,
        P.url,
        _T["evidenceLevel"],
        P.publisher,
        P.modified,
        P.revision_of,
        _T["validUntil"],
    }
)


# ---- the store's form of a mapped term -------------------------------------------------------
_NORMALISER = ox.Store()
_PLAIN_TYPES = (None, XSD_STRING)
_XSD = XSD_STRING.removesuffix("string")
# Lexical forms Oxigraph keeps as written (the mapping's common cases, decided without a
# round trip; ``test_analysis_rows.py`` checks each against the store): a datatype it does
# not store by value, and a date, month or year with a four-digit year and no time zone
# (written canonically, or not a valid value, which is kept as written too).
_VERBATIM_TYPES = frozenset({_XSD + "anyURI"})
_DATE_FORMS = {
    _XSD + "date": re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII),
    _XSD + "gYearMonth": re.compile(r"\d{4}-\d{2}", re.ASCII),
    _XSD + "gYear": re.compile(r"\d{4}", re.ASCII),
}
_BOOLEANS = {"true": "true", "false": "false", "1": "true", "0": "false"}
_XSD_BOOLEAN = _XSD + "boolean"


def canonical(value: str, datatype: str) -> str:
    """The lexical form the store gives back for a typed literal."""
    if datatype in _VERBATIM_TYPES:
        return value
    form = _DATE_FORMS.get(datatype)
    if form is not None and form.fullmatch(value):
        return value
    if datatype == _XSD_BOOLEAN and value in _BOOLEANS:
        return _BOOLEANS[value]
    return round_trip(value, datatype)


@lru_cache(maxsize=65536)
def round_trip(value: str, datatype: str) -> str:
    """The lexical form Oxigraph gives back for a typed literal: its own, by one round
    trip through a throwaway in-memory store (~70 µs: cached, and only for what
    ``canonical`` cannot tell, such as a load's time, which recurs)."""
    node = ox.NamedNode(ID_BASE + "normalise")
    quad = ox.Quad(node, node, ox.Literal(value, datatype=ox.NamedNode(datatype)), node)
    _NORMALISER.add(quad)
    try:
        stored = next(iter(_NORMALISER.quads_for_pattern(node, node, None, node))).object
        return stored.value if isinstance(stored, ox.Literal) else value
    finally:
        _NORMALISER.remove(quad)  # a quad, not clear(): that costs ~0.5 ms


def stored_term(term: Term) -> Term:
    """A mapped term as the store keeps it, one spelling per RDF term: an xsd:string a
    plain literal, a language tag in lower case, a typed value in its canonical form."""
    if isinstance(term, str):
        return term
    value, datatype, lang = term
    if lang:
        return term if lang.islower() else Lit(value, None, lang.lower())
    if datatype is None:
        return term
    if datatype == XSD_STRING:
        return Lit(value)
    return Lit(canonical(value, datatype), datatype)


def stored_value(term: Term) -> str:
    """A mapped term's value as the store gives it back."""
    stored = stored_term(term)
    return stored if isinstance(stored, str) else stored.value


def _distinct(
    triples: Iterable[tuple[str, str, Term]], keep: frozenset[str], *, data: bool
) -> list[tuple[str, str, str]]:
    """The triples with a predicate in ``keep``, each RDF triple once (a graph is a set),
    objects as stored. ``data``: a source graph's, whose types matter for therapies only.

    One pass, a new tuple only where the object changes form: this runs for every source
    of a load in the process that maps it, where each object allocated also brings the
    collector's next pass over that process's whole heap nearer."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, Term]] = set()  # IRI objects, and literals as stored
    plain: set[tuple[str, str, str]] = set()  # plain literals, by their row: not IRIs
    for triple in triples:
        s, p, o = triple
        if p not in keep or (data and p == _TYPE and o != _THERAPY_CLASS):
            continue
        if isinstance(o, str):
            if triple not in seen:
                seen.add(triple)
                out.append(triple)  # type: ignore[arg-type]  # its object is an IRI
            continue
        value, datatype, lang = o
        if not lang and (datatype is None or datatype == XSD_STRING):
            row = (s, p, value)  # xsd:string and plain: one term
            if row not in plain:
                plain.add(row)
                out.append(row)
            continue
        stored = stored_term(o)
        key = (s, p, stored)
        if key not in seen:
            seen.add(key)
            out.append((s, p, stored if isinstance(stored, str) else stored.value))
    return out


def source_rows(st: SourceTriples) -> Rows:
    """The rows of one mapped source (its graph and its metadata), as ``build_rows`` makes
    them from the store after the source is written; a table without any is left out (a
    load holds every source's rows until its batch is written, where each list more is
    one more object for the collector to walk)."""
    out: Rows = {table: [] for table in TABLES}
    _graph_rows(out, st.graph, _distinct(st.data, DATA_PREDICATES, data=True))
    out["sources"] = _source_rows(_distinct(st.meta, META_PREDICATES, data=False))
    return {table: rows for table, rows in out.items() if rows}


# ---- rows from quads ---------------------------------------------------------------------------
def build_rows(data: Iterable[Quad], meta: Iterable[MetaTriple]) -> Rows:
    """Every table's rows from a set of graphs' quads and their sources' metadata."""
    by_graph: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for s, p, o, g in data:
        by_graph[g].append((s, p, o))
    out: Rows = {table: [] for table in TABLES}
    for g, triples in by_graph.items():
        _graph_rows(out, g, triples)
    out["sources"] = _source_rows(meta)
    return out


# predicate -> what its triples make: a row each of a table, or (absent) rows joined
_NODE, _CORE, _EXTRA, _LABEL, _XREF, _BROADER, _MENTION, _RIVAL = range(8)
_KIND_OF: dict[str, int] = {
    _T["mentions"]: _MENTION,
    **dict.fromkeys(RIVALRY_PREDICATES, _RIVAL),
    P.type: _NODE,
    P.pref: _LABEL,
    _MESH: _XREF,
    P.broader: _BROADER,
    **dict.fromkeys(CORE_PREDICATES, _CORE),
    **dict.fromkeys(EXTRA_PREDICATES, _EXTRA),
}


def _graph_rows(out: Rows, g: str, triples: list[tuple[str, str, str]]) -> None:
    """The rows of one graph (the graph-bound twins of the fact layer's queries), added
    to ``out``'s."""
    values: dict[tuple[str, str], list[str]] = defaultdict(list)  # (s, p) -> objects
    mentioned: set[str] = set()
    rivalry: list[tuple[str, str, str]] = []
    nodes, core, extra = out["nodes"], out["core"], out["extra"]
    labels, xrefs, hierarchy = out["labels"], out["xrefs"], out["hierarchy"]
    therapies: list[str] = []
    # where this graph's rows begin in the tables its evidence rows are made from
    first = len(extra), len(labels), len(xrefs)
    for triple in triples:
        s, p, o = triple
        kind = _KIND_OF.get(p)
        if kind is None:
            values[s, p].append(o)
        elif kind == _CORE:
            core.append((s, p, o, g))
        elif kind == _LABEL:
            labels.append((s, o, g))
        elif kind == _NODE:
            nodes.append((s, g))
            therapies.append(s)
        elif kind == _MENTION:
            mentioned.add(o)
        elif kind == _EXTRA:
            extra.append((s, p, o, g))
        elif kind == _XREF:
            xrefs.append((s, o, g))
        elif kind == _RIVAL:
            rivalry.append(triple)
        else:
            hierarchy.append((s, o, g))
    therapies = list(dict.fromkeys(therapies))
    out["mentions"] += [(e, g) for e in therapies if e in mentioned]
    out["trials"] += _trial_rows(g, values)
    out["rivalry"] += _rivalry_rows(g, rivalry, values)
    mine = (extra[first[0] :], labels[first[1] :], xrefs[first[2] :])
    out["evidence"] += _evidence_rows(g, mine, therapies, values)


def _optional(values: list[str]) -> list[str | None]:
    # An OPTIONAL that matches nothing still gives its row, with the value unbound.
    return list(values) or [None]


def _trial_rows(g: str, values: dict[tuple[str, str], list[str]]) -> Iterator[IndexRow]:
    """index_trials.rq: each therapy a trial studies, with its ids, phases, status,
    allocation and start date (every combination, as the join gives)."""
    studies, ident, phase, status, allocation, start = _TRIAL_PREDICATES
    for (trial, p), therapies in list(values.items()):
        if p != studies:
            continue
        for t, i, ph, st, al, sd in product(
            therapies,
            values.get((trial, ident), []),
            _optional(values.get((trial, phase), [])),
            _optional(values.get((trial, status), [])),
            _optional(values.get((trial, allocation), [])),
            _optional(values.get((trial, start), [])),
        ):
            yield (t, i, ph, st, al, g, sd)


def _rivalry_rows(
    g: str, rivalry: list[tuple[str, str, str]], values: dict[tuple[str, str], list[str]]
) -> Iterator[IndexRow]:
    """index_rivalry.rq: each rivalry statement with the sentence (and comparison kind)
    of every evidence node reifying it; unbound when none does."""
    if not rivalry:
        return
    subj, pred, obj, sentence, kind = _EVIDENCE_PREDICATES
    said: dict[tuple[str, str, str], list[tuple[str | None, str | None]]] = defaultdict(list)
    for (ev, p), texts in list(values.items()):
        if p != sentence:
            continue
        get = values.get
        for key in product(get((ev, subj), []), get((ev, pred), []), get((ev, obj), [])):
            said[key] += product(texts, _optional(get((ev, kind), [])))
    for s, p, o in rivalry:
        for text, k in said.get((s, p, o)) or [(None, None)]:
            yield (s, p, o, g, text, k)


def _evidence_rows(
    g: str,
    mine: tuple[list[IndexRow], list[IndexRow], list[IndexRow]],
    therapies: list[str],
    values: dict[tuple[str, str], list[str]],
) -> list[IndexRow]:
    """Clique evidence as ``cliques.read_rows`` reads it: the MeSH ids and other names of
    therapies; in the vocabulary also its therapies' names and curated links. ``mine``:
    the graph's ``extra``, ``labels`` and ``xrefs`` rows."""
    extra, labels, xrefs = mine
    rows: list[IndexRow] = [(e, _MESH, m, g, 0) for e, m, _ in xrefs if str(e).startswith(THERAPY)]
    rows += [(e, p, o, g, 1) for e, p, o, _ in extra if p == P.alt and str(e).startswith(THERAPY)]
    if g == _VOCAB:
        names: dict[str, list[str]] = defaultdict(list)
        for e, label, _ in labels:
            names[str(e)].append(str(label))
        for e in therapies:
            rows += [(e, P.pref, v, g, 2) for v in names.get(e, [])]
            for p in (_SAME_AS, _DIFFERENT_FROM):
                rows += [(e, p, v, g, 2) for v in values.get((e, p), [])]
    return rows


def _source_rows(meta: Iterable[MetaTriple]) -> list[IndexRow]:
    """sources_for_graphs.rq: a source's graph, id, kind and metadata (the required ones
    present; every combination of repeated values, as the join gives)."""
    by_source: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in meta:
        by_source[s][p].append(o)
    rows: list[IndexRow] = []
    for fields in by_source.values():
        types = fields.get(P.type, [])
        trial = _T["TrialRecord"] in types or _T["SourceVersion"] in types
        kind = "trial" if trial else "article"
        version = _optional(fields.get(P.modified, []))
        # A version that revises an earlier one holds from its own day on (``valid_from``).
        valid_from = version if fields.get(P.revision_of) else [None]
        windows = list(product(version, valid_from, _optional(fields.get(_T["validUntil"], []))))
        rows += [
            (graph, i, kind, title, date, url, level, publisher, loader, loaded, digest, *w)
            for w in windows
            for graph, i, title, date, url, level, publisher, loader, loaded, digest in product(
                fields.get(_T["namedGraph"], []),
                fields.get(P.identifier, []),
                _optional(fields.get(P.title, [])),
                _optional(fields.get(P.issued, [])),
                _optional(fields.get(P.url, [])),
                _optional(fields.get(_T["evidenceLevel"], [])),
                _optional(fields.get(P.publisher, [])),
                fields.get(_T["loader"], []),
                fields.get(P.generated, []),
                fields.get(_T["contentHash"], []),
            )
        ]
    return rows
