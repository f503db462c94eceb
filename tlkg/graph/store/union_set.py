"""The union default graph as a SET of triples for user queries on Oxigraph 0.5.

SPARQL 1.1 makes the default graph of a dataset the RDF merge of its graphs: a triple
stated by several sources is one triple. Oxigraph 0.5's ``use_default_graph_as_union``
keeps one copy per graph instead (fixed upstream in 0.6), so a basic graph pattern
matches a restated triple once per source and joins multiply the copies (issue 16).

``set_semantics`` rewrites a query so that, run with the union flag, every triple
pattern of the default graph matches each distinct triple once, while everything else
keeps its bag semantics (no global DISTINCT): each pattern of a triples block becomes
``{ SELECT DISTINCT <its variables> WHERE { GRAPH ?g { pattern } } }``. Property paths
follow the SPARQL translation (``^`` swaps the ends, ``/`` joins through a hidden
variable, ``|`` is a UNION, ``!(...)`` is a pattern with a hidden predicate); ``*``,
``+`` and ``?`` paths are left as they are, since their answers are sets already. A
pattern made only of variables (a scan of the whole store) that shares a variable with
another pattern of its block is joined ``LATERAL`` after them, so that it is looked up
per row instead of scanned. Blank nodes and hidden variables are projected away by a
sub-SELECT around their block. ``GRAPH`` clauses, CONSTRUCT templates and VALUES blocks
are copied unchanged.

The rewrite works on tokens: the user's terms are copied verbatim (no re-serialisation
of literals, IRIs or prefixed names), and only the structure around them is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = f"<{RDF}type>"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<bnode>_:\w(?:[\w.\-]*[\w\-])?)
  | (?P<pname>(?:[A-Za-z][\w.\-]*)?:(?:(?:[\w:%\-]|\\.)(?:(?:[\w:%.\-]|\\.)*(?:[\w:%\-]|\\.))?)?)
  | (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][\w\-]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
# Keywords that end a triples block inside a group graph pattern.
_BLOCK_END = frozenset({"FILTER", "OPTIONAL", "MINUS", "GRAPH", "SERVICE", "BIND", "VALUES"})


class RewriteError(ValueError):
    """The query has a shape the rewrite does not understand."""


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int

    def key(self) -> str:
        """Keywords compare case-insensitively; everything else exactly."""
        return self.text.upper() if self.kind == "name" else self.text


def tokenize(text: str) -> list[Token]:
    """The tokens of a query, without whitespace and comments."""
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, m.group(), m.start(), m.end()))
    return tokens


# ---- property paths ----------------------------------------------------------------------
@dataclass(frozen=True)
class Path:
    """A verb: ``op`` is "term" (an IRI or a variable), "inv", "seq", "alt", "mod" (``*``,
    ``+``, ``?`` in ``mod``) or "nps" (``!(...)``: ``items`` of (inverse, IRI))."""

    op: str
    term: str = ""
    args: tuple[Path, ...] = ()
    mod: str = ""
    items: tuple[tuple[bool, str], ...] = ()

    def text(self) -> str:
        """SPARQL text, fully parenthesised."""
        if self.op == "term":
            return self.term
        if self.op == "inv":
            return f"^({self.args[0].text()})"
        if self.op in ("seq", "alt"):
            sep = "/" if self.op == "seq" else "|"
            return "(" + sep.join(a.text() for a in self.args) + ")"
        if self.op == "mod":
            return f"({self.args[0].text()}){self.mod}"
        return "!(" + "|".join(("^" if inv else "") + iri for inv, iri in self.items) + ")"


# ---- the units a triples block becomes ------------------------------------------------------
@dataclass
class Unit:
    """One element of a rewritten block: SPARQL text and the variables it binds."""

    text: str
    variables: tuple[str, ...]
    full_scan: bool = False


def _is_var(term: str) -> bool:
    return term[:1] in "?$"


def _vars(*terms: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for t in terms:
        if _is_var(t):
            seen.setdefault(t[1:], "?" + t[1:])
    return tuple(seen.values())


@dataclass
class _Names:
    """Fresh variable names no variable of the query starts with."""

    prefix: str
    count: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    def new(self) -> str:
        self.count += 1
        return f"?{self.prefix}{self.count}"

    @property
    def graph(self) -> str:
        return f"?{self.prefix}g"


class _Block:
    """Parses one triples block (its tokens) into units."""

    def __init__(self, tokens: list[Token], names: _Names) -> None:
        self.toks = tokens
        self.pos = 0
        self.names = names
        self.units: list[Unit] = []

    # -- the token cursor
    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.toks[i] if i < len(self.toks) else None

    def at(self, *keys: str, ahead: int = 0) -> bool:
        t = self.peek(ahead)
        return t is not None and t.key() in keys

    def kind_at(self, kind: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == kind

    def take(self, *keys: str) -> Token:
        t = self.peek()
        if t is None or (keys and t.key() not in keys):
            raise RewriteError(f"unexpected {t.text if t else 'end'} in a triples block")
        self.pos += 1
        return t

    # -- triples
    def parse(self) -> list[Unit]:
        while self.peek() is not None:
            if self.at("."):
                self.pos += 1
                continue
            # ``[ p o ]`` and ``( a b )`` may stand alone, without a property list
            nested = (self.at("[") and not self.at("]", ahead=1)) or (
                self.at("(") and not self.at(")", ahead=1)
            )
            subject = self.node()
            if nested and (self.peek() is None or self.at(".")):
                continue
            self.property_list(subject)
        return self.units

    def property_list(self, subject: str) -> None:
        while True:
            verb = self.verb()
            self.emit(subject, verb, self.node())
            while self.at(","):
                self.pos += 1
                self.emit(subject, verb, self.node())
            if not self.at(";"):
                return
            while self.at(";"):
                self.pos += 1
            if self.peek() is None or self.at(".", "]"):
                return

    def node(self) -> str:
        t = self.take()
        if t.key() == "[":
            if self.at("]"):
                self.pos += 1
                return self.names.new()
            fresh = self.names.new()
            self.property_list(fresh)
            self.take("]")
            return fresh
        if t.key() == "(":
            return self.collection()
        return self.term(t)

    def collection(self) -> str:
        items: list[str] = []
        while not self.at(")"):
            items.append(self.node())
        self.take(")")
        if not items:
            return f"<{RDF}nil>"
        cells = [self.names.new() for _ in items]
        for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
            self.emit(cell, Path("term", f"<{RDF}first>"), item)
            rest = cells[i + 1] if i + 1 < len(cells) else f"<{RDF}nil>"
            self.emit(cell, Path("term", f"<{RDF}rest>"), rest)
        return cells[0]

    def term(self, t: Token) -> str:
        if t.kind == "bnode":
            return self.names.labels.setdefault(t.text, self.names.new())
        if t.kind == "string":
            if self.kind_at("lang"):
                return t.text + self.take().text
            if self.at("^^"):
                self.pos += 1
                return f"{t.text}^^{self.take().text}"
            return t.text
        if t.key() in ("+", "-"):
            return t.text + self.take().text
        if t.kind in ("var", "iri", "pname", "number", "name"):
            return t.text
        raise RewriteError(f"unexpected {t.text} as a term")

    # -- paths
    def verb(self) -> Path:
        if self.kind_at("var"):
            return Path("term", self.take().text)
        return self.alternative()

    def alternative(self) -> Path:
        parts = [self.sequence()]
        while self.at("|"):
            self.pos += 1
            parts.append(self.sequence())
        return parts[0] if len(parts) == 1 else Path("alt", args=tuple(parts))

    def sequence(self) -> Path:
        parts = [self.element()]
        while self.at("/"):
            self.pos += 1
            parts.append(self.element())
        return parts[0] if len(parts) == 1 else Path("seq", args=tuple(parts))

    def element(self) -> Path:
        if self.at("^"):
            self.pos += 1
            return Path("inv", args=(self.element(),))
        primary = self.primary()
        if self.at("*", "+", "?"):
            return Path("mod", args=(primary,), mod=self.take().text)
        return primary

    def primary(self) -> Path:
        t = self.take()
        if t.key() == "(":
            inner = self.alternative()
            self.take(")")
            return inner
        if t.key() == "!":
            return Path("nps", items=tuple(self.negated()))
        return Path("term", self.iri(t))

    def negated(self) -> list[tuple[bool, str]]:
        group = self.at("(")
        if group:
            self.pos += 1
        items: list[tuple[bool, str]] = []
        while not (group and self.at(")")):
            inverse = self.at("^")
            if inverse:
                self.pos += 1
            items.append((inverse, self.iri(self.take())))
            if not (group and self.at("|")):
                break
            self.pos += 1
        if group:
            self.take(")")
        return items

    @staticmethod
    def iri(t: Token) -> str:
        if t.kind == "name" and t.text == "a":
            return RDF_TYPE
        if t.kind not in ("iri", "pname"):
            raise RewriteError(f"unexpected {t.text} in a property path")
        return t.text

    # -- units
    def emit(self, s: str, verb: Path, o: str) -> None:
        self.units.extend(self.expand(s, verb, o))

    def expand(self, s: str, p: Path, o: str) -> list[Unit]:
        """The SPARQL translation of a path pattern (18.2.2.4), each triple pattern
        matching each distinct triple once."""
        if p.op == "term":
            return [self.pattern(s, p.term, o)]
        if p.op == "inv":
            return self.expand(o, p.args[0], s)
        if p.op == "seq":
            units: list[Unit] = []
            left = s
            for i, part in enumerate(p.args):
                right = o if i == len(p.args) - 1 else self.names.new()
                units += self.expand(left, part, right)
                left = right
            return units
        if p.op == "alt":
            return [union([self.expand(s, a, o) for a in p.args])]
        if p.op == "mod":  # an ALP path: its answer is a set already
            return [Unit("{ " + f"{s} {p.text()} {o}" + " }", _vars(s, o))]
        forward = [iri for inv, iri in p.items if not inv]
        backward = [iri for inv, iri in p.items if inv]
        branches = [[self.negated_set(s, forward, o)]] if forward else []
        if backward:
            branches.append([self.negated_set(o, backward, s)])
        return branches[0] if len(branches) == 1 else [union(branches)]

    def pattern(self, s: str, p: str, o: str) -> Unit:
        graph = self.names.graph
        variables = _vars(s, p, o)
        body = f"GRAPH {graph} {{ {s} {p} {o} }}"
        if not variables:
            return Unit(f"FILTER EXISTS {{ {body} }}", ())
        return Unit(
            f"{{ SELECT DISTINCT {' '.join(variables)} WHERE {{ {body} }} }}",
            variables,
            full_scan=len(variables) == 3,
        )

    def negated_set(self, s: str, iris: list[str], o: str) -> Unit:
        p = self.names.new()
        variables = _vars(s, o, p)
        body = f"GRAPH {self.names.graph} {{ {s} {p} {o} }} FILTER({p} NOT IN ({', '.join(iris)}))"
        return Unit(f"{{ SELECT DISTINCT {' '.join(variables)} WHERE {{ {body} }} }}", variables)


def union(branches: list[list[Unit]]) -> Unit:
    texts = ["{ " + " ".join(u.text for u in b) + " }" for b in branches]
    return Unit(
        " UNION ".join(texts), _vars(*(v for b in branches for u in b for v in u.variables))
    )


def render(units: list[Unit], visible: tuple[str, ...], hidden: bool, names: _Names) -> str:
    """The units of a block joined: scans of the whole store that share a variable with
    another unit go last and LATERAL; hidden variables projected away."""
    anchored = [u for u in units if not u.full_scan]
    bound = {v for u in anchored for v in u.variables}
    lateral = [u for u in units if u.full_scan and anchored and bound & set(u.variables)]
    late = {id(u) for u in lateral}
    first = [u for u in units if id(u) not in late]
    text = " ".join([u.text for u in first] + [f"LATERAL {u.text}" for u in lateral])
    if not hidden:
        return text
    projection = " ".join(visible) or names.new()  # a never-bound variable keeps the count
    return f"{{ SELECT {projection} WHERE {{ {text} }} }}"


# ---- the query ---------------------------------------------------------------------------
class _Query:
    """Walks a query's tokens, rewriting each triples block of the default graph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.pos = 0
        self.edits: list[tuple[int, int, str]] = []
        used = {t.text[1:] for t in self.toks if t.kind == "var"}
        prefix = "_set"
        while any(v.startswith(prefix) for v in used):
            prefix += "x"
        self.names = _Names(prefix)

    def tok(self) -> Token:
        if self.pos >= len(self.toks):
            raise RewriteError("unexpected end of query")
        return self.toks[self.pos]

    def rewritten(self) -> str:
        self.query(inside=False)
        out, last = [], 0
        for start, end, text in sorted(self.edits):
            out += [self.text[last:start], text]
            last = end
        return "".join([*out, self.text[last:]])

    def query(self, inside: bool) -> None:
        """A query or sub-SELECT: every group graph pattern in it (WHERE, EXISTS in
        expressions), skipping CONSTRUCT templates and VALUES data."""
        while self.pos < len(self.toks):
            key = self.tok().key()
            if key == "}" and inside:
                return
            if key == "VALUES":
                self.skip_values()
            elif key == "CONSTRUCT":
                self.pos += 1
                self.construct_template()
            elif key == "{":
                self.group()
            else:
                self.pos += 1

    def construct_template(self) -> None:
        if self.tok().key() == "{":
            self.skip_braces()
            return
        if self.tok().key() != "WHERE":
            raise RewriteError("CONSTRUCT without a template or WHERE")
        # ``CONSTRUCT WHERE { T }``: T is both template and pattern; the template is
        # written out so that the pattern can be rewritten.
        where = self.tok()
        close = self.matching(self.pos + 1)
        template = self.text[self.toks[self.pos + 1].start : self.toks[close].end]
        self.edits.append((where.start, where.start, template + " "))

    def matching(self, open_at: int) -> int:
        depth = 0
        for i in range(open_at, len(self.toks)):
            key = self.toks[i].key()
            depth += {"{": 1, "}": -1}.get(key, 0)
            if depth == 0:
                return i
        raise RewriteError("unbalanced braces")

    def skip_braces(self) -> None:
        self.pos = self.matching(self.pos) + 1

    def skip_values(self) -> None:
        while self.tok().key() != "{":
            self.pos += 1
        self.skip_braces()

    def group(self) -> None:
        self.pos += 1  # "{"
        if self.tok().key() == "SELECT":
            self.query(inside=True)
            self.pos += 1
            return
        while (key := self.tok().key()) != "}":
            self.element(key)
        self.pos += 1

    def element(self, key: str) -> None:
        if key == "{":
            self.group()
        elif key in (".", "UNION", "OPTIONAL", "MINUS"):
            self.pos += 1
        elif key in ("GRAPH", "SERVICE"):
            while self.tok().key() != "{":
                self.pos += 1
            self.skip_braces()  # a named graph (or a remote service): as written
        elif key == "FILTER":
            self.pos += 1
            self.constraint()
        elif key == "BIND":
            self.pos += 1
            self.parens()
        elif key == "VALUES":
            self.skip_values()
        else:
            self.triples_block()

    def constraint(self) -> None:
        key = self.tok().key()
        if key in ("EXISTS", "NOT"):
            self.pos += 2 if key == "NOT" else 1
            self.group()
            return
        if key != "(":
            self.pos += 1  # a function name or IRI
        self.parens()

    def parens(self) -> None:
        """A bracketed expression; its EXISTS patterns are rewritten too."""
        depth = 0
        while True:
            key = self.tok().key()
            if key == "{":
                self.group()
                continue
            self.pos += 1
            depth += {"(": 1, ")": -1}.get(key, 0)
            if depth == 0:
                return

    def triples_block(self) -> None:
        start = self.pos
        depth = 0
        while self.pos < len(self.toks):
            key = self.tok().key()
            if depth == 0 and (key in ("{", "}") or key in _BLOCK_END):
                break
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(key, 0)
            self.pos += 1
        tokens = self.toks[start : self.pos]
        before = self.names.count
        units = _Block(tokens, self.names).parse()
        # Blank nodes and the variables the paths introduce must not leak out of the block.
        hidden = self.names.count > before or any(t.kind == "bnode" for t in tokens)
        visible = _vars(*(t.text for t in tokens if t.kind == "var"))
        replacement = render(units, visible, hidden, self.names)
        self.edits.append((tokens[0].start, tokens[-1].end, replacement))


def set_semantics(query: str) -> str:
    """``query`` rewritten so that, over Oxigraph's union default graph, each triple
    pattern matches each distinct triple once. Raises RewriteError on a shape it does
    not understand (the query was parsed by rdflib before, so only a gap of the rewrite
    itself can raise)."""
    try:
        return _Query(query).rewritten()
    except (IndexError, RewriteError) as exc:
        raise RewriteError(f"cannot rewrite the query for set semantics: {exc}") from exc
