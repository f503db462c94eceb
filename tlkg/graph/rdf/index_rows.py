"""The analysis index's rows (``tlkg.graph.analysis``) from triples: the one place that
says which row each triple makes, whether the triples were just mapped (a load's worker
builds the rows of each source it maps, ``source_rows``) or read back from the store (the
catch-up and rebuild read ``index_triples.rq`` and ``index_meta.rq``, ``build_rows``).

The input of ``build_rows`` is one quad per distinct RDF triple, objects as their lexical
value in the form the store keeps: Oxigraph stores typed literals (dates, times,
numbers, booleans) by value and gives back a canonical lexical form ("+00:00" becomes
"Z", "1"^^xsd:boolean "true"), and a graph is a set (a triple mapped twice is one).
``source_rows`` takes each mapped triple once and each literal in that form (as
``stored_value`` gives it) in the same pass that builds the rows, so both paths give
byte-identical rows (tests/test_analysis_rows.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import product

import pyoxigraph as ox

from tlkg.graph.rdf.index_tables import TABLES, BuiltRows, IndexRow, MetaTriple, Quad, Rows
from tlkg.graph.rdf.predicates import P, SourceTriples
from tlkg.graph.rdf.terms import XSD_STRING, Lit, Term
from tlkg.ontology.namespace import ID_BASE, TLKG, VOCAB_GRAPH

_T = {name: str(getattr(TLKG, name)) for name in TLKG.__annotations__}
THERAPY = ID_BASE + "therapy/"
_THERAPY_CLASS = _T["Therapy"]
_MESH = _T["meshId"]
_INFERRED = _T["modalityInferred"]
_SAME_AS, _DIFFERENT_FROM = P.same_as, P.different_from
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


def _lexical(s: str, p: str, o: Lit, seen: set[tuple[str | None, ...]]) -> str | None:
    """A mapped literal's value as the store gives it back, or None when ``seen`` holds
    the same RDF term already (a graph is a set: ``xsd:string`` and plain are one term,
    language tags in any case, typed values by their canonical form).

    The keys are flat tuples of one shape per kind of literal (a typed one is never equal
    to a plain or tagged one): no ``Lit`` is built for the common typed values (dates,
    booleans, numbers), whose ``NamedTuple`` constructor runs in Python."""
    value, datatype, lang = o
    key: tuple[str | None, ...]
    if lang:
        stored = stored_term(o)
        key = (s, p, *stored)
        value = stored.value if isinstance(stored, Lit) else stored
    elif datatype is None or datatype == XSD_STRING:
        key = (s, p, value)
    else:
        value = canonical(value, datatype)
        key = (s, p, value, datatype)
    if key in seen:
        return None
    seen.add(key)
    return value


def source_rows(st: SourceTriples) -> BuiltRows:
    """The rows of one mapped source (its graph and its metadata), as ``build_rows`` makes
    them from the store after the source is written. A triple mapped twice is one (a
    graph is a set): ``dict.fromkeys`` drops the repeats in one pass in C; literals spelt
    apart that are one term as stored are left to ``_lexical``.

    A load holds every source's rows until its batch is written, so they are kept as the
    collector can forget them: a table without rows is left out, and each table's rows
    are a tuple, which (holding only strings, ints and None) the collector stops tracking
    at its next pass, where a list is walked again at every pass until the batch is
    written (at 10,000 studies: half the collector's time spent on the rows)."""
    out: Rows = {table: [] for table in TABLES}
    _graph_rows(out, st.graph, dict.fromkeys(st.data))
    out["sources"] = _source_rows(dict.fromkeys(st.meta))
    return {table: tuple(rows) for table, rows in out.items() if rows}


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


# predicate -> what its triples make: a row each of a table (the first five: that table's
# place in ``_graph_rows``'s ``tables``), a therapy node, values joined after the pass
# (``_VALUE``: trials, evidence, the vocabulary's links); absent: nothing.
_CORE, _EXTRA, _LABEL, _XREF, _BROADER, _NODE, _MENTION, _RIVAL, _VALUE = range(9)
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
_KIND_OF.update(dict.fromkeys(DATA_PREDICATES - _KIND_OF.keys(), _VALUE))


def _graph_rows(out: Rows, g: str, triples: Iterable[tuple[str, str, Term]]) -> None:
    """The rows of one graph (the graph-bound twins of the fact layer's queries), added
    to ``out``'s. ``triples``: distinct, read back from the store (objects as their
    lexical values) or just mapped (any predicate, literals as ``Lit``).

    One pass over a mapped source's triples (this runs for every source of a load, in the
    process that maps it): each is sorted out, kept once and made into its row here, the
    one tuple built for it."""
    values: dict[tuple[str, str], list[str]] = defaultdict(list)  # (s, p) -> objects
    mentioned: set[str] = set()
    rivalry: list[tuple[str, str, str]] = []
    nodes, extra, labels, xrefs = out["nodes"], out["extra"], out["labels"], out["xrefs"]
    tables = (out["core"], extra, labels, xrefs, out["hierarchy"])
    therapies: list[str] = []
    literals: set[tuple[str | None, ...]] = set()
    # where this graph's rows begin in the tables its evidence rows are made from
    first = len(extra), len(labels), len(xrefs)
    kind_of = _KIND_OF.get
    for s, p, o in triples:
        kind = kind_of(p)
        if kind is None:
            continue
        if isinstance(o, str):
            value = o
        else:
            lexical = None if kind == _NODE else _lexical(s, p, o, literals)
            if lexical is None:
                continue
            value = lexical
        if kind <= _EXTRA:
            tables[kind].append((s, p, value, g))
        elif kind <= _BROADER:
            tables[kind].append((s, value, g))
        elif kind == _VALUE:
            values[s, p].append(value)
        elif kind == _NODE:
            if value == _THERAPY_CLASS:
                nodes.append((s, g))
                therapies.append(s)
        elif kind == _MENTION:
            mentioned.add(value)
        else:
            rivalry.append((s, p, value))
    therapies = list(dict.fromkeys(therapies))
    out["mentions"] += [(e, g) for e in therapies if e in mentioned]
    out["trials"] += _trial_rows(g, values)
    out["rivalry"] += _rivalry_rows(g, rivalry, values)
    mine = (extra[first[0] :], labels[first[1] :], xrefs[first[2] :])
    out["evidence"] += _evidence_rows(g, mine, therapies, values)


# An OPTIONAL that matches nothing still gives its row, with the value unbound; shared
# constants, not a list per lookup (these run for every trial and source of a load).
_UNBOUND: tuple[None] = (None,)
_NONE: tuple[()] = ()


def _trial_rows(g: str, values: dict[tuple[str, str], list[str]]) -> Iterator[IndexRow]:
    """index_trials.rq: each therapy a trial studies, with its ids, phases, status,
    allocation and start date (every combination, as the join gives)."""
    studies, ident, phase, status, allocation, start = _TRIAL_PREDICATES
    get = values.get  # a lookup, never an insertion: ``values`` is read while iterated
    for (trial, p), therapies in values.items():
        if p != studies:
            continue
        for t, i, ph, st, al, sd in product(
            therapies,
            get((trial, ident), _NONE),
            get((trial, phase)) or _UNBOUND,
            get((trial, status)) or _UNBOUND,
            get((trial, allocation)) or _UNBOUND,
            get((trial, start)) or _UNBOUND,
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
    get = values.get
    for (ev, p), texts in values.items():
        if p != sentence:
            continue
        for key in product(get((ev, subj), _NONE), get((ev, pred), _NONE), get((ev, obj), _NONE)):
            said[key] += product(texts, get((ev, kind)) or _UNBOUND)
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


_TRIAL_RECORD, _SOURCE_VERSION, _VALID_UNTIL = (
    _T["TrialRecord"],
    _T["SourceVersion"],
    _T["validUntil"],
)
_GRAPH, _LEVEL, _LOADER, _HASH = (
    _T["namedGraph"],
    _T["evidenceLevel"],
    _T["loader"],
    _T["contentHash"],
)


def _source_rows(meta: Iterable[tuple[str, str, Term]]) -> list[IndexRow]:
    """sources_for_graphs.rq: a source's graph, id, kind and metadata (the required ones
    present; every combination of repeated values, as the join gives). ``meta``: read
    back (distinct, lexical values) or just mapped (distinct, literals as ``Lit``)."""
    by_source: dict[str, dict[str, list[str]]] = {}
    literals: set[tuple[str | None, ...]] = set()
    for s, p, o in meta:
        if p not in META_PREDICATES:
            continue
        if not isinstance(o, str):
            lexical = _lexical(s, p, o, literals)
            if lexical is None:
                continue
            o = lexical
        by_source.setdefault(s, {}).setdefault(p, []).append(o)
    return [row for fields in by_source.values() for row in _rows_of_source(fields)]


def _rows_of_source(fields: dict[str, list[str]]) -> list[IndexRow]:
    """One source's ``sources`` rows from its metadata, by predicate."""
    get = fields.get
    types = get(P.type, _NONE)
    kind = "trial" if _TRIAL_RECORD in types or _SOURCE_VERSION in types else "article"
    version = get(P.modified) or _UNBOUND
    # A version that revises an earlier one holds from its own day on (``valid_from``).
    valid_from = version if get(P.revision_of) else _UNBOUND
    windows = list(product(version, valid_from, get(_VALID_UNTIL) or _UNBOUND))
    return [
        (graph, i, kind, title, date, url, level, publisher, loader, loaded, digest, *w)
        for w in windows
        for graph, i, title, date, url, level, publisher, loader, loaded, digest in product(
            get(_GRAPH, _NONE),
            get(P.identifier, _NONE),
            get(P.title) or _UNBOUND,
            get(P.issued) or _UNBOUND,
            get(P.url) or _UNBOUND,
            get(_LEVEL) or _UNBOUND,
            get(P.publisher) or _UNBOUND,
            get(_LOADER, _NONE),
            get(P.generated, _NONE),
            get(_HASH, _NONE),
        )
    ]
