"""What competes with what, as a network for Gephi, Cytoscape or yEd
(``tlkg export graphml --competition [--indication X]``).

Nodes are therapies, keyed by their short id (``idecabtagene-vicleucel``, stable across
loads), with ``label``, ``modality``, ``phase`` (highest), ``targets``, ``xrefs``, ``iri``
and ``in_scope`` (false for a competitor outside the indication asked about). Edges are
directed, one per ranked competitor: ``T -> C`` when C is among T's competitors, with
``weight`` (C's score for T, the number ``tlkg competitors T`` prints), ``rank`` (C's
place in that list), ``reasons`` (the reason kinds; "stated (modality level)" for a
claim about the modalities), ``maturity`` and ``source_count``
(the distinct sources the reasons cite; each reason lists at most ten). Scores are not
symmetric, so both ``T -> C`` and ``C -> T`` may be present with different weights. With
``--indication``, each node also carries ``cluster`` (its competitive cluster's number in
``tlkg clusters``; 0 for none) and ``cluster_label``.

The edges are exactly the answers of the competitor service (``competition.rank``) for
every therapy in scope: the therapies of the indication's landscape (narrower
indications included), or every therapy a visible source mentions. Each therapy keeps
its ``limit`` best competitors, which keeps the drawing from becoming a hairball.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from tlkg.graph.exports.files import atomic_file
from tlkg.graph.exports.projection import write_graphml
from tlkg.graph.services import clusters
from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.graph.services.competition_network import ranked_competitors, scope_of
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models_field import Clusters
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import key_of
from tlkg.ontology.vocab import Vocabulary


def competition_graph(
    store: GraphStore,
    vocab: Vocabulary,
    *,
    indication: str | None = None,
    limit: int = DEFAULT_LIMIT,
    as_of: str | None = None,
) -> nx.DiGraph:
    """The competition network of the therapies in scope (module docstring)."""
    facts = facts_for(store, as_of)
    about, scope = scope_of(facts, store, vocab, indication)
    graph = nx.DiGraph(name="tlkg competition", indication=indication or "")
    answers = ranked_competitors(facts, scope, limit)
    groups = None if about is None else clusters.build(facts, about, scope, answers, as_of)
    nodes = set(answers) | {
        c.therapy.iri for items in answers.values() for c in items if c.therapy.iri
    }
    _add_nodes(graph, facts, nodes, set(scope))
    if groups is not None:
        _add_clusters(graph, groups)
    for iri, items in answers.items():
        for n, c in enumerate(items, start=1):
            graph.add_edge(
                key_of(iri),
                c.therapy.id,
                weight=c.score,
                rank=n,
                reasons=[
                    r.kind if r.level == "therapy" else f"{r.kind} (modality level)"
                    for r in c.reasons
                ],
                maturity=c.maturity,
                source_count=len({s.id for r in c.reasons for s in r.sources}),
            )
    return graph


def _add_nodes(graph: nx.DiGraph, facts: Facts, iris: Iterable[str], scope: set[str]) -> None:
    iris = sorted(iris)
    summaries = facts.therapies(iris)
    names = facts.labels(iris)
    xrefs = facts.xrefs(iris)
    extra = {n for t in summaries.values() for n in (*t.targets, t.modality) if n}
    extra_names = facts.labels(extra)
    for iri in iris:
        t = summaries[iri]
        graph.add_node(
            key_of(iri),
            label=names[iri],
            iri=iri,
            modality=extra_names[t.modality] if t.modality else None,
            phase=t.highest_phase,
            targets=sorted(extra_names[x] for x in t.targets),
            xrefs=xrefs.get(iri, []),
            in_scope=iri in scope,
        )


def _add_clusters(graph: nx.DiGraph, groups: Clusters) -> None:
    """Each node's competitive cluster (``tlkg clusters``): its number and label; 0 and ""
    for a node in no cluster (unclustered, or a competitor outside the indication)."""
    for node in graph.nodes:
        graph.nodes[node].update(cluster=0, cluster_label="")
    for c in groups.clusters:
        for m in c.members:
            graph.nodes[m.therapy.id].update(cluster=c.id, cluster_label=c.label)


def write(
    store: GraphStore,
    vocab: Vocabulary,
    out: Path,
    *,
    indication: str | None = None,
    limit: int = DEFAULT_LIMIT,
    as_of: str | None = None,
) -> str:
    """Write the competition network as GraphML to ``out`` (atomically); returns a
    description of what was written."""
    graph = competition_graph(store, vocab, indication=indication, limit=limit, as_of=as_of)
    with atomic_file(out) as fh:
        write_graphml(graph, fh)
    return (
        f"{out} ({graph.number_of_nodes()} therapies, {graph.number_of_edges()} competitor "
        "edges, graphml)"
    )
