"""Schemathesis hooks for the SPARQL endpoint, loaded by the schemathesis CLI through
``SCHEMATHESIS_HOOKS`` (``tests/test_api_http.py::test_schemathesis_sparql_all_checks``).

The OpenAPI document declares every SPARQL query (``GET /sparql?query=``, the ``query``
field of a form POST, an ``application/sparql-query`` body) as a string of ``format:
sparql-query``. JSON Schema cannot say which strings are SPARQL, so this module teaches
schemathesis the format:

- ``sparql-query``: read-only SPARQL 1.1 queries drawn from a small grammar (SELECT with
  projections, DISTINCT, COUNT, ORDER BY, LIMIT/OFFSET; ASK; CONSTRUCT; DESCRIBE) over
  variables, IRIs of the demo store and made-up ones, prefixed names, literals (plain,
  language-tagged, typed, numbers, booleans, strings with escapes), OPTIONAL, VALUES and
  FILTER expressions. Every query is valid and bounded (a LIMIT, or one aggregate row;
  joins share a variable), so the server must answer it with 200. Left out, as a known
  bug: negative decimals as terms (``test_sparql_found_by_schemathesis.py``).
- ``application/sparql-query`` bodies are sent as the text itself (the text/plain
  serializer).
- Two rules between parameters that OpenAPI cannot state, both in the parameters'
  descriptions, are kept in positive (schema-valid) cases only: ``default-graph-uri`` /
  ``named-graph-uri`` need a query (GET; without one the request is a 400, as the SPARQL
  protocol has it), and a ``format`` naming a SELECT/ASK-only format (``csv``, ``tsv``)
  needs a SELECT or ASK query (a CONSTRUCT/DESCRIBE in it is 406, the service description
  400). Negative cases are left as generated: the server must reject each of them.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from hypothesis import strategies as st

from tlkg.api.routes.sparql import negotiate

# ---- terms -------------------------------------------------------------------------------------
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "tlkg": "https://w3id.org/tlkg/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ex": "https://example.org/ns/",
}
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
PREDICATES = [
    "a",
    "rdf:type",
    "rdfs:label",
    "skos:prefLabel",
    "skos:altLabel",
    "skos:broader",
    "tlkg:indication",
    "tlkg:target",
    "tlkg:modality",
    "tlkg:developer",
    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    "<https://w3id.org/tlkg/ontology#approvedFor>",
    "ex:nothing",
]
CLASSES = [
    "tlkg:Therapy",
    "tlkg:Indication",
    "tlkg:Target",
    "tlkg:Organization",
    "tlkg:Trial",
    "skos:Concept",
    "<https://w3id.org/tlkg/ontology#Barrier>",
    "ex:NoSuchClass",
]
ENTITIES = [
    "<https://w3id.org/tlkg/id/therapy/erlotinib>",
    "<https://w3id.org/tlkg/id/therapy/zanubrutinib>",
    "<https://w3id.org/tlkg/id/therapy/epcoritamab>",
    "<https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel>",
    "<https://example.org/none>",
]
SUBJECT_VARS = ["?s", "?x", "?thing"]
OBJECT_VARS = ["?o", "?y", "?label"]

WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=8)
made_up_iri = WORD.map(lambda w: f"<https://example.org/r/{w}>")
prefixed = WORD.map(lambda w: f"ex:{w}")
iri = st.one_of(st.sampled_from(ENTITIES + CLASSES), made_up_iri, prefixed)

# Any text, as a SPARQL string: quotes, backslashes and line breaks escaped (ECHAR).
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters='\n\t"\\'),
    max_size=12,
)
string = TEXT.map(lambda t: '"' + "".join(_ESCAPES.get(c, c) for c in t) + '"')
language = st.from_regex(r"\A[a-z]{2}(-[A-Z]{2})?\Z")
literal = st.one_of(
    string,
    st.builds(lambda s, lang: f"{s}@{lang}", string, language),
    st.builds(lambda s: f"{s}^^xsd:string", string),
    st.integers(-(10**6), 10**6).map(str),
    # Not negative: rdflib's parser, which checks each query first, refuses a negative
    # decimal as an RDF term (``?s ?p -1.5``, valid SPARQL) with a 400 (Literal.__neg__
    # lacks decimals, RDFLib/rdflib#2962; test_sparql_found_by_schemathesis.py). In
    # expressions they are fine: see FILTER below.
    st.decimals(0, 1000, places=2).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: f"{f:e}"),
    st.sampled_from(["true", "false"]),
    st.dates().map(lambda d: f'"{d.isoformat()}"^^xsd:date'),
)


# ---- graph patterns ----------------------------------------------------------------------------
@st.composite
def filter_expression(draw: st.DrawFn, var: str) -> str:
    word = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=5))
    atoms = [
        f"isIRI({var})",
        f"isLiteral({var})",
        f"BOUND({var})",
        f'lang({var}) = "en"',
        f"strlen(str({var})) > {draw(st.integers(0, 30))}",
        f'regex(str({var}), "{word}", "i")',
        f'contains(lcase(str({var})), "{word}")',
        f"{var} != {draw(literal)}",
        f"{var} > {draw(st.decimals(-1000, 0, places=2))}",
        f"{var} = {draw(iri)}",
        f"sameTerm({var}, {draw(iri)})",
    ]
    expr = draw(st.sampled_from(atoms))
    if draw(st.booleans()):
        other = draw(st.sampled_from(atoms))
        expr = f"({expr} {draw(st.sampled_from(['&&', '||']))} !({other}))"
    return f"FILTER ({expr})"


@st.composite
def group(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A WHERE group and the variables it binds: one triple pattern, perhaps joined to a
    second on a shared variable (never a cross product), OPTIONAL, VALUES, FILTER."""
    s = draw(st.sampled_from(SUBJECT_VARS))
    o = draw(st.sampled_from(OBJECT_VARS))
    shape = draw(st.sampled_from(["spo", "type", "pred", "object"]))
    if shape == "spo":
        triples = [f"{s} ?p {o}"]
        bound = [s, "?p", o]
    elif shape == "type":
        triples = [f"{s} a {draw(st.sampled_from(CLASSES))}"]
        bound = [s]
    elif shape == "pred":
        triples = [f"{s} {draw(st.sampled_from(PREDICATES))} {o}"]
        bound = [s, o]
    else:
        triples = [f"{s} ?p {draw(st.one_of(iri, literal))}"]
        bound = [s, "?p"]
    parts = [" . ".join(triples)]
    extra = "?z"
    if draw(st.booleans()):
        pattern = f"{s} {draw(st.sampled_from(PREDICATES))} {extra}"
        if draw(st.booleans()):
            parts.append(f"OPTIONAL {{ {pattern} }}")
        else:
            parts.append(pattern)
        bound.append(extra)
    if draw(st.integers(0, 4)) == 0:
        values = draw(st.lists(st.sampled_from(ENTITIES), min_size=1, max_size=3))
        parts.insert(0, f"VALUES {s} {{ {' '.join(values)} }}")
    if draw(st.booleans()):
        parts.append(draw(filter_expression(draw(st.sampled_from(bound)))))
    return "{ " + " .\n  ".join(parts) + " }", bound


limit = st.integers(0, 50).map(lambda n: f" LIMIT {n}")
offset = st.one_of(st.just(""), st.integers(0, 20).map(lambda n: f" OFFSET {n}"))


@st.composite
def select(draw: st.DrawFn) -> str:
    where, bound = draw(group())
    if draw(st.integers(0, 3)) == 0:  # one row: no LIMIT needed
        return f"SELECT (COUNT({draw(st.sampled_from(['*', *bound]))}) AS ?n) WHERE {where}"
    distinct = draw(st.sampled_from(["", "DISTINCT ", "REDUCED "]))
    if draw(st.booleans()):
        names = "*"
    else:
        names = " ".join(draw(st.lists(st.sampled_from(bound), min_size=1, unique=True)))
    order = ""
    if draw(st.booleans()):
        var = draw(st.sampled_from(bound))
        order = f" ORDER BY {draw(st.sampled_from([var, f'DESC({var})', f'ASC({var})']))}"
    return f"SELECT {distinct}{names} WHERE {where}{order}{draw(limit)}{draw(offset)}"


@st.composite
def ask(draw: st.DrawFn) -> str:
    where, _ = draw(group())
    return f"ASK {draw(st.sampled_from(['', 'WHERE ']))}{where}"


@st.composite
def construct(draw: st.DrawFn) -> str:
    where, bound = draw(group())
    subjects = [v for v in bound if v in SUBJECT_VARS] or ["?s"]
    template = f"{subjects[0]} ex:seen {draw(st.sampled_from(bound))}"
    if draw(st.booleans()):
        template += f" . {subjects[0]} ex:note {draw(literal)}"
    return f"CONSTRUCT {{ {template} }} WHERE {where}{draw(limit)}"


@st.composite
def describe(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return "DESCRIBE " + " ".join(draw(st.lists(iri, min_size=1, max_size=3)))
    where, bound = draw(group())
    subjects = [v for v in bound if v in SUBJECT_VARS]
    return f"DESCRIBE {subjects[0]} WHERE {where}{draw(st.integers(0, 5).map(' LIMIT {}'.format))}"


@st.composite
def sparql_queries(draw: st.DrawFn) -> str:
    body = draw(st.one_of(select(), ask(), construct(), describe()))
    if draw(st.booleans()):  # keywords are case-insensitive
        body = re.sub(
            r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|LIMIT|FILTER)\b",
            lambda m: m.group(1).lower(),
            body,
        )
    comment = draw(st.sampled_from(["", "# a generated query\n"]))
    return f"{comment}{PROLOGUE}{body}"


schemathesis.openapi.format("sparql-query", sparql_queries())
schemathesis.serializer.alias("application/sparql-query", "text/plain")


# ---- rules between parameters ------------------------------------------------------------------
FORM = re.compile(r"\b(select|ask|construct|describe)\b", re.IGNORECASE)


def query_form(text: str | None) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (None: no query): the first keyword outside
    IRIs, strings and comments (enough for the queries above)."""
    if not isinstance(text, str):
        return None
    bare = re.sub(r'<[^>]*>|"(?:[^"\\]|\\.)*"|#[^\n]*', " ", text)
    found = FORM.search(bare)
    return found.group(1).upper() if found else None


def _values(container: dict[str, Any] | None, name: str) -> list[str]:
    value = (container or {}).get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@schemathesis.hook
def filter_case(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
    operation = context.operation
    meta = case.meta
    if operation is None or operation.path != "/sparql" or meta is None:
        return True
    if not meta.generation.mode.is_positive:
        return True
    params = dict(case.query or {})
    if case.method.upper() == "GET":
        text = params.get("query")
        if text is None and (
            _values(params, "default-graph-uri") or _values(params, "named-graph-uri")
        ):
            return False  # a dataset without a query to run on it: 400
    elif isinstance(case.body, dict):  # a form: its fields replace the URL's
        params = {**params, **case.body}
        text = case.body.get("query")
    else:
        text = case.body
    if query_form(text) in ("SELECT", "ASK"):
        return True
    _, graph_format = negotiate("*/*", _values(params, "format"))
    return graph_format is not None  # e.g. format=csv for a CONSTRUCT: 406
