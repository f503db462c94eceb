"""The one fact layer every query service reads (show, therapies, competitors, landscape,
barriers): the ``Facts`` protocol, and ``facts_for``, which picks its implementation.

Three implementations, the same answers:

- ``SqliteFacts`` (``sqlite_facts.py``): an on-disk store with an analysis index
  (``tlkg.graph.analysis``, maintained at every write) answers from it;
- ``IndexedFacts`` (``index.py``): once ``warm(store)`` was called (the API server, the
  benchmarks), answers come from an in-process index of every therapy fact, rebuilt when
  the store's state token changes;
- ``SparqlFacts`` (``sparql_facts.py``): SPARQL queries with VALUES blocks fetch the
  neighbourhood an answer needs (stores without an index; the tests' oracle).

Therapies are answered per clique (``cliques.py``): names that evidence says denote one
therapy are one answer, under their leader's IRI; a member's IRI opens its leader.

Rules (``records.py``):

- Visibility: every fact keeps the named graph it came from. The vocabulary and the
  ontology are always visible; a source's graph is visible unless ``as_of`` is set and the
  source is undated or dated after it.
- The modality shown for a therapy: the vocabulary's when the vocabulary gives one (a
  curated fact, not a guess from a name). Otherwise the modality stated by the most
  visible sources; a tie goes to the modality whose sources include the highest evidence
  level (preclinical < early-clinical < pivotal < approved), then to the smallest
  modality id. ``modality_inferred`` is true when the modality shown comes from a source
  that inferred it from a name.
- The highest phase: "approved" when a visible fact says the therapy is approved for an
  indication (or a visible article states it is approved), else the most advanced phase
  (``PHASE_ORDER``) of its visible trials and of the stages visible articles state
  (``tlkg:statedPhase``), else None (``records.summarize``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from tlkg.graph.analysis.maintain import open_current
from tlkg.graph.services.cliques import Cliques
from tlkg.graph.services.index import IndexedFacts, cached_index, forget, warm
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.reads import Pair
from tlkg.graph.services.records import (
    P_APPROVED,
    P_INDICATION,
    Details,
    Hierarchy,
    RelationFact,
    TherapyFacts,
)
from tlkg.graph.services.sparql_facts import SparqlFacts
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.base import GraphStore

_T = TypeVar("_T")


class Facts(Protocol):
    """The facts visible to one answer (``as_of`` applied)."""

    store: GraphStore
    as_of: str | None

    def visible(self, graph: str) -> bool:
        """Whether facts of ``graph`` count for this answer."""
        ...

    def cliques(self) -> Cliques:
        """The therapy cliques of the visible sources (``cliques.py``)."""
        ...

    def leader(self, iri: str) -> str:
        """The leader of the clique of ``iri`` (``iri`` when it is merged with nothing)."""
        ...

    def therapies(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        """The visible facts of each therapy's clique, with the modality shown and highest
        phase."""
        ...

    def rank_facts(self, iris: Iterable[str]) -> dict[str, RankFacts]:
        """What the competitor ranking reads of each therapy's clique (``rank_facts``):
        its facts' keys and trials as numbers, not the graphs behind them."""
        ...

    def details(self, iris: Iterable[str]) -> dict[str, Details]:
        """Visible labels and the modality-inferred flag (therapy lists and pages)."""
        ...

    def mentioned(self) -> list[str]:
        """Every therapy (clique leader) a visible source mentions."""
        ...

    def treating(self, indications: Collection[str]) -> set[str]:
        """Therapies studied for or approved in one of ``indications`` in some graph (the
        caller checks visibility through ``therapies``)."""
        ...

    def relations(self, nodes: Collection[str]) -> list[RelationFact]:
        """Visible comparisons (competes, head to head, benchmarked, complements) touching
        ``nodes`` or their cliques, between leaders."""
        ...

    def hierarchy(self) -> Hierarchy: ...

    def indication_mesh(self, iris: Collection[str]) -> set[str]:
        """The MeSH ids (as stored) the indication nodes ``iris`` carry, in any graph."""
        ...

    def indications_with_mesh(self, ids: Collection[str]) -> set[str]:
        """The indication nodes that carry one of the MeSH ``ids``, in any graph."""
        ...

    def indication_mesh_pairs(self) -> Iterable[tuple[str, str]]:
        """Every (indication node, MeSH id as stored) pair, in any graph."""
        ...

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """The name of each IRI: the vocabulary's label, else the smallest visible one,
        else its id; a clique leader not named by an INN is shown by the INN its sources
        also call it."""
        ...

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        """The name of each IRI itself (no clique display name)."""
        ...

    def ref(self, iri: str) -> Ref: ...

    def xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The visible cross-references of each IRI's clique: the ``tlkg:meshId`` values as
        CURIEs (``MESH:D001374``), sorted; the ``xrefs`` of its Ref."""
        ...

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The visible cross-references each IRI itself carries (not its clique's)."""
        ...

    def refs(self, iris: Iterable[str]) -> list[Ref]:
        """Refs (shared, never to be mutated) sorted by name."""
        ...

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        """The sources behind ``graphs`` (background graphs have none)."""
        ...

    def reason_facts(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        """What competitors' reasons read of their summaries (``FactsBase.reason_facts``)."""
        ...

    def newest_first(self, found: dict[str, TherapyFacts]) -> dict[str, TherapyFacts]:
        """``found`` with graph sets ordered newest source first where that is kept
        (``FactsBase.newest_first``)."""
        ...

    def newest_sources(
        self,
        groups: Iterable[Iterable[str]],
        fallback: Iterable[str],
        *,
        newest_first: bool = False,
    ) -> tuple[list[Source], int]:
        """The newest sources of the visible graphs in ``groups`` (capped) and their count;
        ``newest_first``: each group is ordered newest source first."""
        ...

    def part(self) -> Facts:
        """An answer object for one part of a scan of every therapy (``FactsBase.part``)."""
        ...

    def cache(self, name: str) -> dict[str, Any] | None:
        """A per-service cache for data derived from every fact, valid while the store does
        not change; None when answers are not cached (on demand, or ``as_of``)."""
        ...

    def holders(self, objects: Mapping[str, Collection[str]]) -> dict[str, set[Pair]] | None:
        """The leaders of the nodes with visible facts ``p`` of one of ``objects[p]``, each
        with those (p, object) pairs; None where facts are not read by object."""
        ...

    def kept_answer(self, key: str, build: Callable[[], _T]) -> _T:
        """``build()``, or the answer under ``key`` an analysis index kept for today's view
        (a one-shot command's second ask of the same store state reads it back)."""
        ...


def facts_for(store: GraphStore, as_of: str | None = None) -> Facts:
    """The facts an answer should use: the in-process index when it is current (see
    ``warm``), else the store's analysis index (brought up to date first), else
    on-demand SPARQL."""
    index = cached_index(store)
    if index is not None:
        return IndexedFacts(store, index, as_of)
    conn = open_current(store)
    if conn is not None:
        return SqliteFacts(store, conn, as_of, kept=store.location)
    return SparqlFacts(store, as_of)


__all__ = [
    "P_APPROVED",
    "P_INDICATION",
    "Facts",
    "IndexedFacts",
    "SparqlFacts",
    "SqliteFacts",
    "cached_index",
    "facts_for",
    "forget",
    "warm",
]
