"""A CONSTRUCT query's template filled in client-side from solutions: how a remote store
builds a CONSTRUCT answer it had to fetch as pages of a SELECT (``remote.py``).

The template comes from rdflib's SPARQL parser (never from pasting text), and follows
SPARQL 1.1 §16.2: a template triple is left out for a solution that leaves one of its
variables unbound or that gives it an illegal term (a literal subject or predicate, a
blank node predicate); the template's blank nodes are fresh for each solution; the
answer is a set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, Literal, Variable
from rdflib.term import Node

from tlkg.graph.rdf.terms import RdfTriple
from tlkg.graph.store.query_text import rdf_term

Template = list[tuple[Node, Node, Node]]


def construct_template(query: str) -> Template:
    """The template triples of a CONSTRUCT query (rdflib's parser; variables and blank
    nodes kept as such)."""
    from rdflib.plugins.sparql import prepareQuery

    template = prepareQuery(query).algebra.get("template")
    if template is None:
        raise ValueError("not a CONSTRUCT query with a template")
    return [(s, p, o) for s, p, o in template]


def instantiate(template: Template, rows: Iterable[Mapping[str, Any]]) -> list[RdfTriple]:
    """The set of triples ``template`` gives for ``rows`` (variable name -> engine term),
    in first-seen order."""
    out: dict[RdfTriple, None] = {}
    for row in rows:
        fresh: dict[BNode, BNode] = {}
        for triple in template:
            made = _fill(triple, row, fresh)
            if made is not None:
                out[made] = None
    return list(out)


def _fill(
    triple: tuple[Node, Node, Node], row: Mapping[str, Any], fresh: dict[BNode, BNode]
) -> RdfTriple | None:
    terms: list[Node] = []
    for term in triple:
        if isinstance(term, Variable):
            value = row.get(str(term))
            if value is None:
                return None
            terms.append(rdf_term(value))
        elif isinstance(term, BNode):
            terms.append(fresh.setdefault(term, BNode()))
        else:
            terms.append(term)
    s, p, o = terms
    if isinstance(s, Literal) or isinstance(p, (Literal, BNode)):
        return None
    return (s, p, o)
