"""SPARQL kept in ``queries/*.rq``; values are bound, never pasted from user input.

Bound variables must appear in a SELECT's projection: Oxigraph applies substitutions
(SEP-0007) only to projected variables and refuses the query otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.term import Node

from tlkg.ontology.namespace import sparql_prologue

PREFIXES = sparql_prologue()


@cache
def query(name: str) -> str:
    """The text of ``queries/<name>.rq`` with the common prefixes."""
    text = resources.files("tlkg.graph.store.queries").joinpath(f"{name}.rq").read_text("utf-8")
    return PREFIXES + text


def values(var: str, terms: Iterable[Node]) -> str:
    """A VALUES block for ``var``; each term written by rdflib, which escapes it. Only
    IRIs and literals are accepted, so nothing but RDF terms reaches the query text."""
    rendered = []
    for term in terms:
        if not isinstance(term, URIRef | Literal):
            raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")
        rendered.append(term.n3())
    return f"VALUES ?{var} {{ {' '.join(rendered)} }}"


def with_values(name: str, var: str, terms: Iterable[Node]) -> str:
    """The named query with ``#VALUES`` replaced by a VALUES block for ``var``."""
    text = query(name)
    if "#VALUES" not in text:
        raise ValueError(f"query {name} has no #VALUES placeholder")
    return text.replace("#VALUES", values(var, terms))
