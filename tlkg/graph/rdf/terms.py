"""RDF terms: the light ones the mapping produces, and conversions to rdflib/Oxigraph.

The mapping (``triples.py``) runs once per source at registry scale, where building
rdflib terms cost more than parsing the study (~17 µs per rdflib Literal, measured).
So a mapped triple is plain data: an IRI is a ``str`` and a literal a ``Lit``. They are
written as N-Triples/N-Quads by ``nt`` (which escapes exactly what the N-Triples grammar
requires) and converted to rdflib or Oxigraph terms where a library needs them. This is the one term
model inside the mapping; rdflib terms appear only at the store's query interface
(bound values and result rows) and pyoxigraph terms only inside the store package.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from tlkg.ontology.namespace import XSD_NS

if TYPE_CHECKING:
    from rdflib import BNode, Literal, URIRef
    from rdflib.term import Node

XSD_STRING = XSD_NS + "string"
RdfTriple = tuple["Node", "Node", "Node"]


class Lit(NamedTuple):
    """A literal: lexical value, datatype IRI (None: xsd:string) or language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Term = str | Lit  # a str is an IRI
Triple = tuple[str, str, Term]

# N-Triples STRING_LITERAL_QUOTE: everything but '"', '\\', LF and CR may stand as is.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt(term: Term | Node) -> str:
    """One term in N-Triples syntax (also valid inside SPARQL INSERT DATA)."""
    kind = type(term)
    if kind is str:  # the common case first: a plain IRI
        return f"<{term}>"
    if kind is Lit:
        value, datatype, lang = term  # type: ignore[misc, str-unpack]
        text = '"' + value.translate(_ESCAPES) + '"'
        if lang:
            return f"{text}@{lang}"
        if datatype and datatype != XSD_STRING:
            return f"{text}^^<{datatype}>"
        return text
    if isinstance(term, Lit):
        return nt(Lit(*term))
    rdflib = _rdflib()
    if rdflib is not None:
        if isinstance(term, rdflib.Literal):  # an rdflib Literal is a str too: test it first
            datatype = str(term.datatype) if term.datatype else None
            return nt(Lit(str(term), datatype, term.language))
        if isinstance(term, rdflib.BNode):
            return f"_:{term}"
    return f"<{term}>"


def _rdflib() -> Any:
    """rdflib when it is loaded, else None: a term can be an rdflib term only then, so
    the conversions below test for its classes without loading it (the answers served
    from the analysis index never do)."""
    return sys.modules.get("rdflib")


def nt_lines(triples: list[Triple] | list[RdfTriple], graph: str | None = None) -> str:
    """N-Triples (or N-Quads with ``graph``) text, one statement per line."""
    end = f" <{graph}> .\n" if graph else " .\n"
    return "".join(f"{nt(s)} {nt(p)} {nt(o)}{end}" for s, p, o in triples)


_TERMS: tuple[type[URIRef], type[Literal], type[BNode]] | None = None


def _rdflib_terms() -> tuple[type[URIRef], type[Literal], type[BNode]]:
    """rdflib's term classes, rdflib loaded on the first call (a converter to rdflib terms
    is called per term of a result: one global lookup, not an import statement, each)."""
    global _TERMS
    if _TERMS is None:
        from rdflib import BNode, Literal, URIRef

        _TERMS = (URIRef, Literal, BNode)
    return _TERMS


def to_rdflib(term: Term | Node) -> Node:
    URIRef, Literal, BNode = _TERMS or _rdflib_terms()
    if isinstance(term, Lit):
        if term.lang:
            return Literal(term.value, lang=term.lang)
        if term.datatype and term.datatype != XSD_STRING:
            return Literal(term.value, datatype=URIRef(term.datatype))
        return Literal(term.value)
    if isinstance(term, Literal | BNode | URIRef):
        return term
    return URIRef(str(term))


def triple_to_rdflib(t: Triple | RdfTriple) -> RdfTriple:
    return (to_rdflib(t[0]), to_rdflib(t[1]), to_rdflib(t[2]))


_XSD_STRING = XSD_STRING


@lru_cache(maxsize=65536)
def named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Term | Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=named(term.datatype))
        return ox.Literal(term.value)
    rdflib = _rdflib()
    if rdflib is not None:
        if isinstance(term, rdflib.Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=named(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, rdflib.BNode):
            return ox.BlankNode(str(term))
    if isinstance(term, str):
        return named(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def from_ox(term: object) -> Node:
    URIRef, Literal, BNode = _TERMS or _rdflib_terms()
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")
