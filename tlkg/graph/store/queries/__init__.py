"""SPARQL kept in ``queries/*.rq``; values are bound, never pasted from user input.

Bound variables must appear in a SELECT's projection: Oxigraph applies substitutions
(SEP-0007) only to projected variables and refuses the query otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from tlkg.graph.rdf.terms import Lit, nt
from tlkg.ontology.namespace import sparql_prologue

if TYPE_CHECKING:
    from rdflib.term import Node

PREFIXES = sparql_prologue()


@cache
def query(name: str) -> str:
    """The text of ``queries/<name>.rq`` with the common prefixes."""
    text = resources.files("tlkg.graph.store.queries").joinpath(f"{name}.rq").read_text("utf-8")
    return PREFIXES + text


# What an IRI written as <...> may not hold (rdflib's ``URIRef.n3`` refuses the same).
_NOT_IN_IRI = frozenset('<>" {}|\\^`')


def values(var: str, terms: Iterable[Node | str | Lit]) -> str:
    """A VALUES block for ``var``. Only IRIs and literals are accepted, so nothing but RDF
    terms reaches the query text: rdflib ``URIRef``/``Literal`` terms (written by rdflib,
    which escapes them), or the light terms of ``graph/rdf/terms.py`` (a plain ``str`` is
    an IRI, refused if it holds a character no IRI may hold; a ``Lit`` a literal, escaped
    as N-Triples does), so that the answers read from the analysis index need no rdflib."""
    rdflib = sys.modules.get("rdflib")  # a term can be an rdflib term only once it is loaded
    rendered = []
    for term in terms:
        if type(term) is str:
            if _NOT_IN_IRI.intersection(term):
                raise ValueError(f"{term!r} is not an IRI that can be bound")
            rendered.append(f"<{term}>")
        elif isinstance(term, Lit):
            rendered.append(nt(term))
        elif rdflib is not None and isinstance(term, rdflib.URIRef | rdflib.Literal):
            rendered.append(term.n3())
        else:
            raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")
    return f"VALUES ?{var} {{ {' '.join(rendered)} }}"


def with_values(name: str, var: str, terms: Iterable[Node | str | Lit]) -> str:
    """The named query with ``#VALUES`` replaced by a VALUES block for ``var``."""
    text = query(name)
    if "#VALUES" not in text:
        raise ValueError(f"query {name} has no #VALUES placeholder")
    return text.replace("#VALUES", values(var, terms))
