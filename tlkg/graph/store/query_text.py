"""SPARQL text for engines reached over the protocol, which has no bindings: bound values
as a ``VALUES`` block at the start of the outermost ``WHERE`` group (each value written by
rdflib's ``n3()``, which escapes it), ordered pages of a capped SELECT or CONSTRUCT, and
result parsing that repairs what some engines send."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from tlkg.graph.rdf.terms import from_ox
from tlkg.ontology.namespace import XSD_NS

XSD_STRING = XSD_NS + "string"
XSD_BOOLEAN = XSD_NS + "boolean"


# ---- query text --------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s(){}\[\],;.]+)
  | (?P<word>[A-Za-z_][\w\-.:]*)
  | (?P<open>\{) | (?P<close>\}) | (?P<lparen>\() | (?P<rparen>\))
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PROLOGUE = re.compile(
    r"""\A(?:\s+|\#[^\n]*|(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*""",
    re.VERBOSE,
)
VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def n3_term(term: Node) -> str:
    """A bound value as SPARQL text: rdflib's escaping, IRIs checked for characters that
    could end the IRI early."""
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise ValueError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")


def values_block(bindings: dict[str, Node]) -> str:
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    if len(names) == 1:
        return f"VALUES ?{names[0]} {{ {n3_term(bindings[names[0]])} }}"
    row = " ".join(n3_term(bindings[n]) for n in names)
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"


def where_brace(query: str) -> int:
    """Offset of the ``{`` that opens the query's outermost WHERE group: the first ``{``
    after a top-level WHERE keyword, else the first top-level ``{`` (``ASK { }``,
    ``SELECT * { }``). Comments, strings and IRIs are skipped."""
    depth = parens = 0
    first: int | None = None
    after_where = False
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "open":
            if depth == 0 and parens == 0:
                if after_where:
                    return m.start()
                if first is None:
                    first = m.start()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "lparen":
            parens += 1
        elif kind == "rparen":
            parens -= 1
        elif kind == "word" and depth == 0 and m.group().upper() == "WHERE":
            after_where = True
    if first is None:
        raise ValueError("query has no WHERE group to bind values in")
    return first


def bind_values(query: str, bindings: dict[str, Node] | None) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its WHERE group,
    where the group's patterns and FILTERs see them (a trailing VALUES clause would join
    only after the FILTERs ran)."""
    if not bindings:
        return query
    at = where_brace(query) + 1
    return f"{query[:at]} {values_block(bindings)}\n{query[at:]}"


def split_prologue(query: str) -> tuple[str, str]:
    m = _PROLOGUE.match(query)
    end = m.end() if m else 0
    return query[:end], query[end:]


def order_keys(names: list[str]) -> str:
    """ORDER BY keys that engines apply the same way to every page of a CONSTRUCT's
    solutions: per variable, literals apart from the rest, then the term's text, then the
    term itself (blank nodes have no text; two literals of one text but another language
    or datatype are the only ties left to the engine). Ordering by the raw terms alone is
    not enough: Virtuoso orders a column that mixes IRIs, literals and blank nodes
    differently from one page's query to the next, which loses and repeats solutions at
    page boundaries. Three keys per variable: Virtuoso refuses more than 20 in all. (Other
    pages keep the raw terms: these keys over an aggregated sub-query break Virtuoso's
    grouping.)"""
    return " ".join(f"(isLiteral(?{n})) (STR(?{n})) ?{n}" for n in names)


def ordered_page(
    query: str, names: list[str], limit: int, offset: int, order: str | None = None
) -> str:
    """One page of ``query``'s solutions, ordered by ``names`` (or by ``order``)."""
    prologue, body = split_prologue(query)
    order = order or " ".join(f"?{n}" for n in names)
    return (
        f"{prologue}SELECT * WHERE {{ {{\n{body}\n}} }}\n"
        f"ORDER BY {order}\nLIMIT {limit} OFFSET {offset}"
    )


def group_end(query: str, start: int) -> int:
    """Offset just after the ``}`` that closes the ``{`` at ``start``."""
    depth = 0
    for m in _TOKEN.finditer(query, start):
        if m.lastgroup == "open":
            depth += 1
        elif m.lastgroup == "close":
            depth -= 1
            if depth == 0:
                return m.end()
    raise ValueError("unbalanced braces")


_MODIFIER = re.compile(r"\b(LIMIT|OFFSET|ORDER|GROUP|HAVING|VALUES)\b", re.IGNORECASE)


def construct_pages(query: str) -> tuple[str, str, str] | None:
    """(prologue, template, WHERE group) of a CONSTRUCT query that can be paged: no
    solution modifiers of its own. None for anything else (DESCRIBE, LIMIT, …)."""
    prologue, body = split_prologue(query)
    head = body.lstrip()
    if head[:9].upper() != "CONSTRUCT":
        return None
    try:
        at = where_brace(body)
        end = group_end(body, at)
    except ValueError:
        return None
    if _MODIFIER.search(body[end:]):
        return None
    where = body[at:end]
    between = body[body.upper().index("CONSTRUCT") + 9 : at]
    if "{" in between:
        t0 = between.index("{")
        template = between[t0 : group_end(between, t0)]
    else:  # CONSTRUCT WHERE { … }: the pattern is the template
        template = where
    if re.search(r"\b(FROM)\b", between, re.IGNORECASE):
        return None
    return prologue, template, where


# ---- results -----------------------------------------------------------------------------
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxRow = dict[str, OxTerm]  # unbound variables are absent
_OX_BOOLEAN = ox.NamedNode(XSD_BOOLEAN)
_OX_TRUE = ox.Literal("true", datatype=_OX_BOOLEAN)
_OX_FALSE = ox.Literal("false", datatype=_OX_BOOLEAN)


def fix_term(term: Any) -> Any:
    """Undo what an engine changed: Virtuoso writes xsd:boolean as "1"/"0"."""
    if isinstance(term, ox.Literal) and term.datatype == _OX_BOOLEAN and term.value in "10":
        return _OX_TRUE if term.value == "1" else _OX_FALSE
    return term


def parse_results(content: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL XML results, parsed by Oxigraph (several times faster than building terms
    from JSON in Python; Virtuoso also writes XML ~3× faster than JSON, measured).
    Virtuoso's blank node labels (``nodeID://b123``) are made valid first."""
    data = content.replace(b"<bnode>nodeID://", b"<bnode>")
    result = ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return result


def rdf_term(term: Any) -> Node:
    """An engine's term as the rdflib term the services expect (xsd:string is plain)."""
    return from_ox(fix_term(term))
