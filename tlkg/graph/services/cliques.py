"""One node per real therapy: the names that evidence says denote one thing form a
*clique* with one leader, and every merge keeps its evidence (the KGX clique-merge idea).

Each source graph states only what that source said: its names, the other names it lists,
the MeSH descriptors the registry aligned to them. The cliques are derived from the
*visible* graphs when an answer is made, so removing the only source of a merge, or
``--as-of`` a day before it, undoes the merge; no merged fact is ever written back.

Evidence, taken strongest first (``Kind``):

1. ``curated``: the vocabulary says two names are one (``same_as``, written as
   ``owl:sameAs`` in the vocabulary graph).
2. ``mesh``: the registry aligned the same MeSH descriptor to both names. MeSH indexes a
   product under its active ingredient, so names that differ by spelling, salt or dosage
   words merge ("Azacitidine", "azactidine", "Azacytidine"; "Doxorubicin Hydrochloride"),
   while a distinct formulation (liposomal, pegylated, an antibody-drug conjugate) stays
   its own node, linked to its ingredient (``Cliques.ingredient``). A node aligned to two
   or more descriptors (a fixed combination) takes part in no MeSH merge.
3. ``alias``: a visible source lists one node's name among the other names of the other
   (a registry's ``otherNames``, an article's "A (B, C)").
4. ``short_form``: "<p>-cel" names the one CAR-T INN whose first word starts with <p>
   ("cilta-cel" and "ciltacabtagene autoleucel"); an ambiguous prefix links nothing.

Never by string likeness alone. Constraints, checked before every union: the vocabulary's
``not_same_as`` (``owl:differentFrom``) is never merged; an ``alias`` or ``short_form``
merge never joins two cliques that each hold a different INN (a record that lists a
partner drug among an intervention's other names does not make two drugs one). A merge
refused by a constraint is kept as ``refused`` evidence.

Leader: the vocabulary's entry, else the best name by kind (INN > brand > code name >
descriptive name, ``names.name_kind``), then a name without salt or dosage words, then
the name stated by the most visible sources, then the shorter name, then the smallest
IRI: deterministic for one set of visible sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from tlkg.graph.services.records import BACKGROUND
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.names import (
    formulation_marks,
    has_salt_or_dose,
    is_cell_inn,
    name_kind,
    short_cel_prefix,
    short_form_of,
)
from tlkg.ontology.namespace import (
    OWL_DIFFERENT_FROM,
    OWL_SAME_AS,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
    entity_iri_text,
    tlkg_iri,
)

Kind = Literal["curated", "mesh", "alias", "short_form", "formulation"]
EVIDENCE = ("e", "p", "v", "graph")
_MESH = tlkg_iri("meshId")
_BATCH = 400
# Keys of "-cel" short forms and of the CAR-T INNs they stand for ("ide-cel",
# "idecabtagene-vicleucel", "tisagenlecleucel").
_CEL_KEY = re.compile(r"/therapy/(?:[a-z]{3,}-cel|[a-z-]{6,}cel)$")
_KIND_RANK = {"inn": 0, "brand": 1, "code": 2, "descriptive": 3}


@dataclass(frozen=True, slots=True)
class Merge:
    """Why two nodes are one (or, in ``refused``, why they are not)."""

    a: str
    b: str
    kind: Kind  # "formulation" is a link that merges nothing
    detail: str
    graphs: tuple[str, ...]  # the graphs whose statements are the evidence
    refused: str | None = None  # the constraint that refused it


@dataclass
class _Node:
    names: dict[str, set[str]] = field(default_factory=dict)  # preferred label -> graphs
    aliases: dict[str, set[str]] = field(default_factory=dict)  # alias as written -> graphs
    mesh: dict[str, set[str]] = field(default_factory=dict)  # MeSH id -> graphs
    same: set[str] = field(default_factory=set)
    different: set[str] = field(default_factory=set)
    curated: bool = False  # a vocabulary entry

    @property
    def name(self) -> str:
        curated = [n for n, gs in self.names.items() if gs & BACKGROUND]
        return min(curated or self.names or [""])

    @property
    def graphs(self) -> set[str]:
        return set().union(*self.names.values()) if self.names else set()


class Cliques:
    """The cliques of the therapies visible to one answer: ``leader`` of any member IRI,
    ``members`` of a clique, the ``merges`` behind it and the merges ``refused``."""

    def __init__(self) -> None:
        self._leader: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self.merges: dict[str, list[Merge]] = defaultdict(list)  # leader -> accepted
        self.refused: dict[str, list[Merge]] = defaultdict(list)  # leader -> refused
        self.ingredient: dict[str, str] = {}  # formulation leader -> ingredient leader
        self.ingredient_evidence: dict[str, Merge] = {}
        self.display: dict[str, str] = {}  # leader -> the INN it is shown by (``_display``)

    def leader(self, iri: str) -> str:
        return self._leader.get(iri, iri)

    def members(self, iri: str) -> list[str]:
        """Every member of the clique of ``iri``, its leader first."""
        return self._members.get(self.leader(iri), [iri])

    def leaders(self, iris: Iterable[str]) -> list[str]:
        """The leaders of ``iris``, each once, in the order first reached."""
        return list(dict.fromkeys(self.leader(i) for i in iris))

    def expand(self, iris: Iterable[str]) -> set[str]:
        """``iris`` with every member of their cliques."""
        return {m for i in iris for m in self.members(i)}


@dataclass
class Evidence:
    """What cliques are derived from: ``rows`` read for every answer (MeSH ids, other
    names, the vocabulary's names and curated links, per graph), the set of therapy
    nodes, and ``names``, which reads the names of given nodes only (those the rows
    involve: reading every node's names in every graph cost more than all the rest)."""

    rows: list[PlainRow]
    therapies: set[str]
    names: Callable[[Collection[str]], Iterable[PlainRow]]


def read_rows(store: GraphStore) -> list[PlainRow]:
    """The rows of clique evidence every answer reads (``Evidence.rows``)."""
    rows: list[PlainRow] = []
    for name in ("clique_mesh", "clique_aliases", "clique_vocab"):
        rows += store.scan(sparql.query(name), EVIDENCE)
    return rows


def read_evidence(store: GraphStore) -> Evidence:
    """The clique evidence of a store, read through bound queries."""
    rows = read_rows(store)
    therapies = {e for (e,) in store.scan(sparql.query("therapy_nodes"), ("e",)) if e}

    def names(iris: Collection[str]) -> Iterator[PlainRow]:
        items = sorted(iris)
        for i in range(0, len(items), _BATCH):
            batch = items[i : i + _BATCH]  # IRIs as plain strings (``queries.values``)
            yield from store.scan(sparql.with_values("clique_names", "e", batch), EVIDENCE)

    return Evidence(rows, therapies, names)


def build(evidence: Evidence, visible: Callable[[str], bool]) -> Cliques:
    """The cliques of the therapies stated in visible graphs."""
    nodes = _nodes(evidence.rows, visible)
    wanted = _involved(nodes, evidence.therapies) - {i for i, n in nodes.items() if n.names}
    if wanted:
        _add_rows(nodes, evidence.names(wanted), visible)
    nodes = {iri: n for iri, n in nodes.items() if n.names}
    merges, links = _mesh_edges(nodes)
    return _resolve(nodes, _edges(nodes, merges), links)


def _involved(nodes: dict[str, _Node], therapies: set[str]) -> set[str]:
    """The nodes whose names a merge or a display name may need: those sharing a MeSH
    descriptor, those giving other names and the nodes those names open, those with an
    INN among their other names, "-cel" short forms and the CAR-T INNs they may stand
    for, and the ends of curated links."""
    out: set[str] = set()
    vocab = {normalise_name(name): iri for iri, n in nodes.items() for name in n.names}
    by_mesh: dict[str, list[str]] = defaultdict(list)
    for iri, n in nodes.items():
        if len(n.mesh) == 1:
            by_mesh[next(iter(n.mesh))].append(iri)
        targets = {t for a in n.aliases if (t := therapy_iri(a)) in therapies and t != iri}
        targets |= {vocab[k] for a in n.aliases if (k := normalise_name(a)) in vocab}
        if targets - {iri}:
            out |= targets | {iri}
        elif any(name_kind(a) == "inn" for a in n.aliases):
            out.add(iri)  # it may be shown by that INN (``_display``)
        out.update(x for x in n.same | n.different if x in therapies)
    out.update(i for group in by_mesh.values() if len(group) > 1 for i in group)
    out.update(t for t in therapies if _CEL_KEY.search(t))
    return out


def _nodes(rows: Iterable[PlainRow], visible: Callable[[str], bool]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    _add_rows(nodes, rows, visible)
    return nodes


def _add_rows(
    nodes: dict[str, _Node], rows: Iterable[PlainRow], visible: Callable[[str], bool]
) -> None:
    for e, p, v, g in rows:
        if e is None or v is None or g is None or not visible(g):
            continue
        node = nodes.get(e)
        if node is None:
            node = nodes[e] = _Node()
        if p == SKOS_PREF_LABEL:
            node.names.setdefault(v, set()).add(g)
            node.curated = node.curated or g in BACKGROUND
        elif p == SKOS_ALT_LABEL:
            node.aliases.setdefault(v, set()).add(g)
        elif p == _MESH:
            node.mesh.setdefault(v, set()).add(g)
        elif p == OWL_SAME_AS and g in BACKGROUND:
            node.same.add(v)
        elif p == OWL_DIFFERENT_FROM and g in BACKGROUND:
            node.different.add(v)


def therapy_iri(name: str) -> str:
    """The IRI a source mints for a therapy it names so (its key is the name's slug)."""
    return entity_iri_text("therapy", slugify(name))


def _edges(nodes: dict[str, _Node], mesh: list[Merge]) -> list[Merge]:
    """Candidate merges, strongest kind first, each kind in a stable order."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for iri, n in nodes.items():
        for name in n.names:
            by_name[normalise_name(name)].add(iri)
    out: list[Merge] = []
    for iri, n in sorted(nodes.items()):
        for other in sorted(n.same):
            if other in nodes and other != iri:
                out.append(Merge(iri, other, "curated", "the vocabulary says same_as", ()))
    out += mesh
    for iri, n in sorted(nodes.items()):
        for alias, graphs in sorted(n.aliases.items()):
            for other in sorted(by_name.get(normalise_name(alias), ())):
                if other == iri:
                    continue
                if graphs <= BACKGROUND:  # the vocabulary lists the alias: curated
                    detail = f"the vocabulary lists {alias!r} as a name of {n.name!r}"
                    out.append(Merge(iri, other, "curated", detail, ()))
                else:
                    detail = f"{n.name!r} is also called {nodes[other].name!r}"
                    out.append(Merge(iri, other, "alias", detail, tuple(sorted(graphs))))
    out += _short_form_edges(nodes, by_name)
    return out


def _mesh_edges(nodes: dict[str, _Node]) -> tuple[list[Merge], list[Merge]]:
    """Merges of nodes sharing a MeSH descriptor and formulation words, and the links of
    each formulation to the ingredient sharing its descriptor (its first node without
    formulation words)."""
    by_mesh: dict[str, list[str]] = defaultdict(list)
    for iri, n in sorted(nodes.items()):
        if len(n.mesh) == 1:  # a node aligned to several descriptors is a combination
            by_mesh[next(iter(n.mesh))].append(iri)
    merges, links = [], []
    for mesh, iris in sorted(by_mesh.items()):
        groups: dict[frozenset[str], list[str]] = defaultdict(list)
        for iri in iris:
            groups[_marks(nodes[iri])].append(iri)
        for group in groups.values():
            for a, b in pairwise(group):
                graphs = tuple(sorted(nodes[a].mesh[mesh] | nodes[b].mesh[mesh]))
                merges.append(Merge(a, b, "mesh", f"MESH:{mesh}", graphs))
        plain = groups.get(frozenset())
        for marks, group in sorted(groups.items(), key=lambda kv: sorted(kv[0])):
            if marks and plain:
                a, b = group[0], plain[0]
                graphs = tuple(sorted(nodes[a].mesh[mesh] | nodes[b].mesh[mesh]))
                detail = f"MESH:{mesh}; {', '.join(sorted(marks))} formulation"
                links.append(Merge(a, b, "formulation", detail, graphs))
    return merges, links


def _short_form_edges(nodes: dict[str, _Node], by_name: dict[str, set[str]]) -> list[Merge]:
    """ "<p>-cel" nodes and the one cell-therapy INN node they may stand for."""
    inns = [(name, iri) for iri, n in nodes.items() for name in n.names if is_cell_inn(name)]
    out = []
    for norm, iris in sorted(by_name.items()):
        prefix = short_cel_prefix(norm)
        if prefix is None:
            continue
        hits = {iri for name, iri in inns if short_form_of(prefix, name)}
        if len(hits) != 1:
            continue  # none, or ambiguous
        target = next(iter(hits))
        for iri in sorted(iris - {target}):
            graphs = tuple(sorted(nodes[iri].graphs))
            detail = f"{nodes[iri].name!r} is the short form of {nodes[target].name!r}"
            out.append(Merge(iri, target, "short_form", detail, graphs))
    return out


class _Sets:
    """Union-find with what each set must keep apart."""

    def __init__(self, nodes: dict[str, _Node]) -> None:
        self.parent = {i: i for i in nodes}
        self.inns: dict[str, set[str]] = {
            i: {_inn_key(name) for name in n.names if name_kind(name) == "inn"}
            for i, n in nodes.items()
        }
        self.apart: dict[str, set[str]] = {i: set(n.different) for i, n in nodes.items()}
        self.sets: dict[str, set[str]] = {i: {i} for i in nodes}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def why_not(self, ra: str, rb: str, kind: str) -> str | None:
        if self.apart[ra] & self.sets[rb] or self.apart[rb] & self.sets[ra]:
            return "the vocabulary says not_same_as"
        if kind in ("alias", "short_form"):
            a, b = self.inns[ra], self.inns[rb]
            if a and b and not a & b:
                return "two different INNs"
        return None

    def union(self, ra: str, rb: str) -> None:
        self.parent[rb] = ra
        self.sets[ra] |= self.sets.pop(rb)
        self.inns[ra] |= self.inns.pop(rb)
        self.apart[ra] |= self.apart.pop(rb)


def _inn_key(name: str) -> str:
    """An INN up to case and salt words ("Doxorubicin Hydrochloride" = "doxorubicin")."""
    words = [w for w in normalise_name(name).split() if not has_salt_or_dose(w)]
    return " ".join(words) or normalise_name(name)


def _resolve(nodes: dict[str, _Node], edges: list[Merge], links: list[Merge]) -> Cliques:
    sets = _Sets(nodes)
    accepted: list[Merge] = []
    refused: list[Merge] = []
    for m in edges:
        ra, rb = sets.find(m.a), sets.find(m.b)
        if ra == rb:
            accepted.append(m)
            continue
        reason = sets.why_not(ra, rb, m.kind)
        if reason is not None:
            refused.append(Merge(m.a, m.b, m.kind, m.detail, m.graphs, reason))
            continue
        sets.union(ra, rb)
        accepted.append(m)
    out = Cliques()
    for members in sets.sets.values():
        ordered = sorted(members, key=lambda i: _leader_key(i, nodes[i]))
        leader = ordered[0]
        out._members[leader] = ordered
        for member in ordered[1:]:
            out._leader[member] = leader
        shown = _display([nodes[i] for i in ordered])
        if shown is not None:
            out.display[leader] = shown
    for m in accepted:
        out.merges[out.leader(m.a)].append(m)
    for m in refused:
        out.refused[out.leader(m.a)].append(m)
        out.refused[out.leader(m.b)].append(m)
    for m in links:
        form, ingredient = out.leader(m.a), out.leader(m.b)
        if form != ingredient and form not in out.ingredient:
            out.ingredient[form] = ingredient
            out.ingredient_evidence[form] = m
    return out


def _display(members: list[_Node]) -> str | None:
    """The INN a clique is shown by when its leader's own name is not one (a node named
    "MK-3475" that a source also calls "pembrolizumab"): the INN among the members' other
    names stated by the most sources, then the shortest, then the first in order. None
    when the vocabulary names the clique or its leader's name is an INN already."""
    lead = members[0]
    if lead.curated or name_kind(lead.name) == "inn":
        return None
    counts: dict[str, set[str]] = defaultdict(set)
    for n in members:
        for alias, graphs in n.aliases.items():
            if name_kind(alias) == "inn":
                counts[alias] |= graphs
    if not counts:
        return None
    return min(counts, key=lambda a: (-len(counts[a]), len(a), a))


def _marks(node: _Node) -> frozenset[str]:
    return frozenset().union(*(formulation_marks(n) for n in node.names))


def _leader_key(iri: str, node: _Node) -> tuple[int, int, int, int, int, str]:
    name = node.name
    salted = any(has_salt_or_dose(w) for w in normalise_name(name).split())
    return (
        0 if node.curated else 1,
        _KIND_RANK[name_kind(name)],
        1 if salted else 0,
        -len(node.graphs),
        len(name),
        iri,
    )
