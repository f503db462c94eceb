"""``tlkg resolve`` / ``GET /api/resolve``: what a therapy name denotes — the clique its
node belongs to (``cliques.py``), the leader every member opens, and for each merge the
evidence with the sources that state it; merges refused by a constraint, the ingredient
of a formulation, and where the modality shown comes from."""

from __future__ import annotations

from tlkg.graph.services.cliques import Cliques, Merge
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import MergeEvidence, Ref, Resolution
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary


def resolve_identity(
    store: GraphStore, vocab: Vocabulary, name: str, *, as_of: str | None = None
) -> Resolution:
    """The clique of the therapy ``name`` resolves to, with its evidence."""
    facts = facts_for(store, as_of)
    matched = resolve_iri(store, vocab, "therapy", name)
    cl = facts.cliques()
    leader = cl.leader(matched)
    members = cl.members(leader)
    tf = facts.therapies([leader])[leader]
    modality_graphs = tf.modalities.get(tf.modality or "", {})
    return Resolution(
        name=name,
        matched=facts.ref(matched),
        leader=facts.ref(leader),
        members=[_own_ref(facts, m) for m in members],
        merges=[_evidence(facts, m) for m in _merges(cl, leader)],
        refused=[_evidence(facts, m) for m in cl.refused.get(leader, [])],
        ingredient=_ingredient(facts, cl, leader),
        formulations=facts.refs(f for f, i in cl.ingredient.items() if i == leader),
        modality=facts.ref(tf.modality) if tf.modality else None,
        modality_inferred=bool(tf.modality) and facts.details([leader])[leader].inferred,
        modality_sources=list(facts.sources(modality_graphs).values()),
    )


def _merges(cl: Cliques, leader: str) -> list[Merge]:
    """The clique's merges, then its formulation links (to its ingredient, from its
    formulations)."""
    links = [m for f, m in cl.ingredient_evidence.items() if leader in (f, cl.ingredient[f])]
    return [*cl.merges.get(leader, []), *links]


def _own_ref(facts: Facts, iri: str) -> Ref:
    """A member's Ref with its own name and cross-references, not its clique's."""
    ref = facts.ref(iri)
    own = {"name": facts.own_labels([iri])[iri], "xrefs": facts.own_xrefs([iri])[iri]}
    return ref.model_copy(update=own)


def _evidence(facts: Facts, m: Merge) -> MergeEvidence:
    sources = facts.sources(m.graphs)
    return MergeEvidence(
        kind=m.kind,
        between=[_own_ref(facts, m.a), _own_ref(facts, m.b)],
        detail=m.detail,
        sources=sorted(sources.values(), key=lambda s: (s.date or "", s.id)),
        refused=m.refused,
    )


def _ingredient(facts: Facts, cl: Cliques, leader: str) -> Ref | None:
    ingredient = cl.ingredient.get(leader)
    return facts.ref(ingredient) if ingredient else None
