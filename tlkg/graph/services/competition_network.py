"""The competition network of a scope: every therapy of an indication's landscape (or every
therapy a visible source mentions) with its ranked competitors, as the competitor service
answers them. One rule shared by the GraphML export of the competition and the
competitive clusters, so a drawing and a cluster list never disagree."""

from __future__ import annotations

from tlkg.graph.services.competition import rank
from tlkg.graph.services.errors import NotFound
from tlkg.graph.services.facts import Facts
from tlkg.graph.services.landscape import members
from tlkg.graph.services.models import Competitor, Ref
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary


def scope_of(
    facts: Facts, store: GraphStore, vocab: Vocabulary, indication: str | None
) -> tuple[Ref | None, list[str]]:
    """The indication asked about (None without one) and the therapies in scope, in a
    stable order: the landscape of ``indication`` (its narrower indications included), or
    every therapy a visible source mentions."""
    if indication is None:
        return None, sorted(facts.mentioned())
    iri = resolve_iri(store, vocab, "indication", indication)
    return facts.ref(iri), members(facts, iri, vocab)


def ranked_competitors(facts: Facts, scope: list[str], limit: int) -> dict[str, list[Competitor]]:
    """Each therapy of ``scope`` -> its ``limit`` best competitors (``competition.rank``);
    a vocabulary entry no visible source mentions has no entry."""
    answers: dict[str, list[Competitor]] = {}
    for iri in scope:
        try:
            answers[iri] = rank(facts, iri, limit)
        except NotFound:
            continue
    return answers
