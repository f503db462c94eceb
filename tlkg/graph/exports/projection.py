"""The RDF graph as a property graph (networkx), and GraphML that networkx, igraph, Gephi
and Cytoscape all open.

``project(store)`` gives a ``networkx.MultiDiGraph``:

- nodes: the entities (therapies, indications, targets, organisations, trials, modalities,
  barriers), keyed by IRI, with ``type``, ``label`` (canonical name), ``key`` (the short
  id used in URLs) and scalar facts: ``aliases`` (JSON list), ``mesh_ids`` (JSON list),
  ``xrefs`` (JSON list of CURIEs: ``MESH:D001374`` for each MeSH id, ``NCT:NCT04714372``
  for a trial; the ``xrefs`` of the JSON answers),
  ``intervention_category``, ``intervention_type``; for trials ``nct_id``, ``title``,
  ``phases`` (JSON list), ``status``, ``start_date``, ``enrollment``, ``study_type``;
- edges: one per (subject, relation, object), keyed by the relation's name, aggregated
  over sources: ``predicate`` (e.g. ``target``), ``predicate_iri``, ``source_count``,
  ``sources`` (JSON list of source ids), ``first_date`` and ``last_date`` (of those
  sources), ``vocabulary`` (also stated by the vocabulary).

``write_graphml(graph, fh)`` streams GraphML with lxml: every attribute is a typed scalar
(``boolean``, ``long``, ``double`` or ``string``; lists and dicts are JSON strings), every
node has a ``label``, attribute names never clash with the ``id``/``source``/``target``
that igraph reads from the elements themselves, and text is cleaned of characters XML
1.0 cannot hold. ``tlkg export graphml`` writes through a temporary file renamed into
place, so a failed write leaves no file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any

import networkx as nx
import orjson
from lxml import etree

from tlkg.graph.services.records import BACKGROUND
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.ids import is_nct_id
from tlkg.ontology.namespace import (
    DCT_IDENTIFIER,
    DCTERMS,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
    TLKG,
    key_of,
)

NODE_TYPES = {
    str(TLKG.Therapy): "therapy",
    str(TLKG.Indication): "indication",
    str(TLKG.Target): "target",
    str(TLKG.Organization): "organization",
    str(TLKG.Trial): "trial",
    str(TLKG.Modality): "modality",
    str(TLKG.Barrier): "barrier",
}
# A node of several classes (rare) gets the first type in this order.
_TYPE_ORDER = list(NODE_TYPES.values())
_ATTRS = {
    SKOS_ALT_LABEL: ("aliases", True),
    DCT_IDENTIFIER: ("nct_id", False),
    str(DCTERMS.title): ("title", False),
    str(TLKG.phase): ("phases", True),
    str(TLKG.status): ("status", False),
    str(TLKG.startDate): ("start_date", False),
    str(TLKG.enrollment): ("enrollment", False),
    str(TLKG.meshId): ("mesh_ids", True),
    str(TLKG.interventionCategory): ("intervention_category", False),
    str(TLKG.interventionType): ("intervention_type", False),
    str(TLKG.studyType): ("study_type", False),
    str(TLKG.allocation): ("allocation", False),
}
_CONCEPT_VALUED = {str(TLKG.phase), str(TLKG.status), str(TLKG.interventionCategory)}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
RESERVED = frozenset({"id", "source", "target", "directed"})
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def edge_graphs(store: GraphStore) -> dict[tuple[str, str, str], set[str]]:
    """(subject, predicate, object) -> the named graphs that state it."""
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, o, g in store.scan(sparql.query("projection_edges"), ("s", "p", "o", "graph")):
        if s is not None and p is not None and o is not None and g is not None:
            out[(s, p, o)].add(g)
    return out


def node_types(store: GraphStore) -> dict[str, str]:
    types: dict[str, str] = {}
    for e, cls in store.scan(sparql.query("projection_nodes"), ("e", "cls")):
        kind = NODE_TYPES.get(cls or "")
        if e is None or kind is None:
            continue
        if e not in types or _TYPE_ORDER.index(kind) < _TYPE_ORDER.index(types[e]):
            types[e] = kind
    return types


def source_info(store: GraphStore) -> dict[str, tuple[str, str | None, str]]:
    """graph -> (source id, date, kind), of the current sources (not archived versions)."""
    rows = store.scan(sparql.query("sources"), ("graph", "id", "date", "kind", "valid_until"))
    return {str(g): (str(i), d, str(k)) for g, i, d, k, until in rows if until is None}


def node_attributes(store: GraphStore, types: dict[str, str]) -> dict[str, dict[str, Any]]:
    canonical: dict[str, str] = {}
    for e, label in store.scan(sparql.query("canonical_labels"), ("e", "label")):
        if e is not None and label is not None:
            canonical[e] = min(canonical.get(e, label), label)
    attrs: dict[str, dict[str, Any]] = {e: {} for e in types}
    prefs: dict[str, list[str]] = defaultdict(list)
    for e, p, v in store.scan(sparql.query("projection_attributes"), ("e", "p", "v")):
        if e not in attrs or p is None or v is None:
            continue
        if p == SKOS_PREF_LABEL:
            prefs[e].append(v)
            continue
        name, many = _ATTRS[p]
        value: Any = key_of(v) if p in _CONCEPT_VALUED else v
        if p == str(TLKG.enrollment):
            try:
                value = int(v)
            except ValueError:
                continue
        if many:
            attrs[e].setdefault(name, set()).add(value)
        else:
            attrs[e].setdefault(name, value)
    for e, a in attrs.items():
        a["label"] = (
            canonical.get(e)
            or (min(prefs[e]) if prefs.get(e) else None)
            or (a.get("nct_id") or key_of(e))
        )
        for name, value in list(a.items()):
            if isinstance(value, set):
                a[name] = sorted(value)
        xrefs = node_xrefs(a)
        if xrefs:
            a["xrefs"] = xrefs
        aliases = [x for x in a.get("aliases", []) if x != a["label"]]
        aliases += [x for x in prefs.get(e, []) if x != a["label"] and x not in aliases]
        if aliases:
            a["aliases"] = sorted(aliases, key=str.casefold)
        else:
            a.pop("aliases", None)
    return attrs


def node_xrefs(attrs: dict[str, Any]) -> list[str]:
    """The cross-references of a node as CURIEs (Biolink and bioregistry prefixes): its
    MeSH ids, and a trial's NCT ID."""
    xrefs = [f"MESH:{m}" for m in sorted(attrs.get("mesh_ids", []))]
    nct = attrs.get("nct_id")
    if isinstance(nct, str) and is_nct_id(nct):
        xrefs.append(f"NCT:{nct}")
    return xrefs


def project(store: GraphStore) -> nx.MultiDiGraph:
    """The store as a networkx MultiDiGraph of entities and aggregated relations."""
    types = node_types(store)
    attrs = node_attributes(store, types)
    sources = source_info(store)
    graph = nx.MultiDiGraph(name="tlkg")
    for e, kind in sorted(types.items()):
        graph.add_node(e, type=kind, key=key_of(e), iri=e, **attrs[e])
    for (s, p, o), stated in sorted(edge_graphs(store).items()):
        # Archived versions of trial records are history, not the current graph.
        graphs = [g for g in stated if g in sources or g in BACKGROUND]
        if s not in types or o not in types or not graphs:
            continue
        known = sorted(sources[g] for g in graphs if g in sources)
        dates = sorted(d for _i, d, _k in known if d)
        name = p.rsplit("#", 1)[-1]
        data: dict[str, Any] = {
            "predicate": name,
            "predicate_iri": p,
            "source_count": len(known),
            "sources": [i for i, _d, _k in known],
            "vocabulary": any(g in BACKGROUND for g in graphs),
        }
        if dates:
            data["first_date"], data["last_date"] = dates[0], dates[-1]
        graph.add_edge(s, o, key=name, **data)
    return graph


# ---- GraphML -------------------------------------------------------------------------------
def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple | set | dict):
        items = sorted(value) if isinstance(value, set) else value
        return _NOT_XML.sub("", orjson.dumps(items).decode("utf-8"))
    raise TypeError(f"cannot write a {type(value).__name__} as a GraphML attribute")


def _value_text(value: Any, kind: str) -> str:
    """``value`` as the text of a ``kind`` attribute (a number under a key that also holds
    strings is written as a string)."""
    if kind == "string" and isinstance(value, bool | int | float):
        return str(value)
    return _text(value)


def _keys(items: Iterator[dict[str, Any]]) -> dict[str, str]:
    """Attribute name -> GraphML type; a name seen with two types becomes a string."""
    kinds: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            if value is None:
                continue
            kind = _kind(value)
            if kinds.get(name, kind) != kind:
                kind = "string"
            kinds[name] = kind
    return kinds


def _attr_name(name: str) -> str:
    return f"{name}_" if name in RESERVED else name


def write_graphml(graph: nx.Graph, fh: IO[bytes]) -> None:
    """Stream ``graph`` as GraphML into ``fh`` (typed scalar attributes, a ``label`` on
    every node). Raises on values that are not scalars, lists or dicts."""
    node_kinds = _keys(d for _n, d in graph.nodes(data=True))
    node_kinds.setdefault("label", "string")
    edge_kinds = _keys(d for *_e, d in graph.edges(data=True))
    node_ids = {name: f"n_{n}" for n, name in enumerate(sorted(node_kinds))}
    edge_ids = {name: f"e_{n}" for n, name in enumerate(sorted(edge_kinds))}
    directed = "directed" if graph.is_directed() else "undirected"
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            "graphml",
            nsmap={None: GRAPHML_NS, "xsi": XSI_NS},
            attrib={f"{{{XSI_NS}}}schemaLocation": SCHEMA_LOCATION},
        ):
            for scope, kinds, ids in (
                ("node", node_kinds, node_ids),
                ("edge", edge_kinds, edge_ids),
            ):
                for name in sorted(kinds):
                    xf.write(
                        etree.Element(
                            "key",
                            {
                                "id": ids[name],
                                "for": scope,
                                "attr.name": _attr_name(name),
                                "attr.type": kinds[name],
                            },
                        )
                    )
            with xf.element("graph", id="tlkg", edgedefault=directed):
                for node, data in graph.nodes(data=True):
                    el = etree.Element("node", id=_text(str(node)))
                    values = dict(data)
                    if values.get("label") is None:
                        values["label"] = str(node)
                    for name, value in values.items():
                        if value is None:
                            continue
                        d = etree.SubElement(el, "data", key=node_ids[name])
                        d.text = _value_text(value, node_kinds[name])
                    xf.write(el)
                edges = (
                    graph.edges(keys=True, data=True)
                    if graph.is_multigraph()
                    else ((u, v, None, d) for u, v, d in graph.edges(data=True))
                )
                for n, (u, v, _k, data) in enumerate(edges):
                    el = etree.Element(
                        "edge", id=f"e{n}", source=_text(str(u)), target=_text(str(v))
                    )
                    for name, value in data.items():
                        if value is None:
                            continue
                        d = etree.SubElement(el, "data", key=edge_ids[name])
                        d.text = _value_text(value, edge_kinds[name])
                    xf.write(el)
