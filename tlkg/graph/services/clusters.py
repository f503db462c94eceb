"""Competitive clusters of an indication (``tlkg clusters``, ``GET
/api/indications/{id}/clusters``): communities of its competition network, each with its
members and what they share.

The network is the one ``tlkg export graphml --competition --indication X`` draws
(``competition_network``): the therapies of the indication's landscape, each linked to its
ranked competitors inside that landscape. A pair ranked both ways counts once, with the
higher of its two scores (scores are not symmetric: ``T -> C`` weighs C's reasons as
rivals of T). Communities come from networkx's Louvain method on these weights with a
fixed seed and resolution 1, so the same store always gives the same clusters. A therapy
with no competitor inside the landscape is listed as unclustered, never as a cluster of
one.

A cluster "shares" a target or a modality when at least two of its members and at least
half of them have it; its label names the most shared target and modality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

import networkx as nx
from networkx.algorithms.community import louvain_communities

from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.graph.services.competition_network import ranked_competitors, scope_of
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import Competitor, Ref
from tlkg.graph.services.models_field import Cluster, ClusterMember, Clusters, SharedFeature
from tlkg.graph.services.records import TherapyFacts, phase_name
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary

Feature = Literal["target", "modality"]
SEED = 0
RESOLUTION = 1.0
METHOD = (
    f"Louvain communities (networkx, seed {SEED}, resolution {RESOLUTION}) of the "
    "indication's competition network; a pair's weight is the higher of its two scores"
)


def clusters(
    store: GraphStore,
    vocab: Vocabulary,
    indication: str,
    *,
    limit: int = DEFAULT_LIMIT,
    as_of: str | None = None,
) -> Clusters:
    """The competitive clusters of ``indication`` (a name, alias or id); each therapy
    keeps its ``limit`` best competitors, as in the competition GraphML."""
    facts = facts_for(store, as_of)
    about, scope = scope_of(facts, store, vocab, indication)
    assert about is not None  # an indication was asked about
    return build(facts, about, scope, ranked_competitors(facts, scope, limit), as_of)


def build(
    facts: Facts,
    indication: Ref,
    scope: list[str],
    answers: dict[str, list[Competitor]],
    as_of: str | None = None,
) -> Clusters:
    """The clusters of the competition network ``answers`` (therapy -> ranked
    competitors) restricted to ``scope``; the GraphML export passes its own network."""
    network = _undirected(answers, set(scope))
    communities = _communities(network)
    found = [_cluster(facts, network, sorted(c)) for c in communities if len(c) > 1]
    found.sort(key=lambda c: (-len(c.members), c.members[0].therapy.name.casefold()))
    for n, c in enumerate(found, start=1):
        c.id = n
    lonely = sorted(n for c in communities if len(c) == 1 for n in c)
    return Clusters(
        indication=indication,
        as_of=as_of,
        method=METHOD,
        clusters=found,
        unclustered=facts.refs(lonely),
    )


def _undirected(answers: dict[str, list[Competitor]], scope: set[str]) -> nx.Graph:
    """Therapies in scope, linked when one ranks the other; weight: the higher score."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(answers))
    for iri in sorted(answers):
        for c in answers[iri]:
            other = c.therapy.iri
            if other is None or other not in scope or other == iri:
                continue
            old = graph.get_edge_data(iri, other, default={}).get("weight", 0.0)
            graph.add_edge(iri, other, weight=max(old, c.score))
    return graph


def _communities(graph: nx.Graph) -> list[set[str]]:
    if graph.number_of_nodes() == 0:
        return []
    found = louvain_communities(graph, weight="weight", resolution=RESOLUTION, seed=SEED)
    return [set(c) for c in found]


def _cluster(facts: Facts, graph: nx.Graph, iris: list[str]) -> Cluster:
    summaries = facts.therapies(iris)
    inner = graph.subgraph(iris)
    strength = dict(inner.degree(weight="weight"))
    order = sorted(iris, key=lambda i: (-strength[i], facts.ref(i).name.casefold()))
    members = [_member(facts, summaries[i], round(strength[i], 2)) for i in order]
    shared = _shared(facts, summaries.values(), len(iris))
    return Cluster(
        id=0,
        label=_label(shared),
        members=members,
        shared=shared,
        weight=round(inner.size(weight="weight"), 2),
    )


def _member(facts: Facts, t: TherapyFacts, strength: float) -> ClusterMember:
    return ClusterMember(
        therapy=facts.ref(t.iri),
        modality=facts.ref(t.modality) if t.modality else None,
        targets=facts.refs(t.targets),
        highest_phase=phase_name(t.phase_rank),
        strength=strength,
    )


def _shared(facts: Facts, summaries: Iterable[TherapyFacts], size: int) -> list[SharedFeature]:
    """Targets and modalities held by at least two members and at least half of them; a
    member's modality counts for its broader modalities too (two autologous CAR-Ts and an
    in vivo CAR-T share "CAR-T"), and of two features held as often the narrower comes
    first."""
    hierarchy = facts.hierarchy()
    counts: Counter[tuple[Feature, str]] = Counter()
    for t in summaries:
        counts.update(("target", x) for x in t.targets)
        if t.modality:
            counts.update(("modality", m) for m in (t.modality, *hierarchy.ancestors(t.modality)))
    keep = sorted(
        ((k, n) for k, n in counts.items() if n >= 2 and 2 * n >= size),
        key=lambda kn: (-kn[1], kn[0][0] != "target", -len(hierarchy.ancestors(kn[0][1]))),
    )
    return [SharedFeature(kind=k[0], feature=facts.ref(k[1]), members=n) for k, n in keep]


def _label(shared: list[SharedFeature]) -> str:
    """The most shared target and modality ("BCMA · CAR-T"); "mixed" when none is shared."""
    parts = [
        next((f.feature.name for f in shared if f.kind == kind), None)
        for kind in ("target", "modality")
    ]
    named = [p for p in parts if p]
    return " · ".join(named) if named else "mixed"
