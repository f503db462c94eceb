"""Lookups of what the graph holds: the loaded sources, the therapies (filtered by
indication, modality or target) and one therapy in full with its evidence, all read
through the fact layer (``tlkg.graph.services.facts``)."""

from __future__ import annotations

from collections.abc import Iterable

from tlkg.graph.services import barriers
from tlkg.graph.services.barriers import therapy_barriers
from tlkg.graph.services.errors import NotFound, check_as_of
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import EvidenceItem, Source, Therapy, TherapyDetail
from tlkg.graph.services.reads import SOURCE_COLS, scan_for, source
from tlkg.graph.services.records import Details, TherapyFacts
from tlkg.graph.services.resolve import resolve_iri, resolve_modality
from tlkg.graph.services.view_cache import files_digest
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import key_of
from tlkg.ontology.vocab import Vocabulary

_EVIDENCE = ("e", "ev", "s", "p", "o", "sentence", "start", "end", "detail", "graph")


def list_sources(store: GraphStore, *, history: bool = False) -> list[Source]:
    """The loaded sources; with ``history``, the archived versions of trial records too."""
    rows = store.scan(sparql.query("sources"), SOURCE_COLS)
    found = [source(row) for row in rows]
    return found if history else [s for s in found if s.superseded_on is None]


def _therapy(
    facts: Facts, tf: TherapyFacts, details: Details, cls: type[Therapy] = Therapy
) -> Therapy:
    iri = tf.iri
    name = facts.labels([iri])[iri]
    sources = sorted(facts.sources(tf.mentions).values(), key=lambda s: (s.date or "", s.id))
    return cls(
        id=key_of(iri),
        iri=iri,
        name=name,
        aliases=sorted((a for a in details.labels if a != name), key=lambda a: (a.casefold(), a)),
        xrefs=list(facts.ref(iri).xrefs),
        modality=facts.ref(tf.modality) if tf.modality else None,
        # Inferred only when no vocabulary entry gives the modality.
        modality_inferred=bool(tf.modality and not tf.modality_curated and details.inferred),
        targets=facts.refs(tf.targets),
        indications=facts.refs(tf.indications),
        developers=facts.refs(tf.developers),
        highest_phase=tf.highest_phase,
        trials=sorted({t.nct for t in tf.trials}),
        sources=sources,
    )


def list_therapies(
    store: GraphStore,
    vocab: Vocabulary,
    *,
    indication: str | None = None,
    modality: str | None = None,
    target: str | None = None,
    as_of: str | None = None,
) -> list[Therapy]:
    """The therapies a visible source mentions, those of an indication, modality (or a
    narrower one) or target when asked, sorted by name."""
    facts = facts_for(store, as_of)
    iris = facts.mentioned()
    found = facts.therapies(iris)
    details = facts.details(iris)
    items = [_therapy(facts, found[i], details[i]) for i in iris]
    below = facts.hierarchy().at_or_below
    if indication:
        wanted = below(resolve_iri(store, vocab, "indication", indication))
        items = [t for t in items if any(r.iri in wanted for r in t.indications)]
    if modality:
        wanted = below(str(resolve_modality(store, modality)))
        items = [t for t in items if t.modality and t.modality.iri in wanted]
    if target:
        wanted = {resolve_iri(store, vocab, "target", target)}
        items = [t for t in items if any(r.iri in wanted for r in t.targets)]
    return sorted(items, key=lambda t: t.name.casefold())


def show_therapy(
    store: GraphStore, vocab: Vocabulary, name: str, *, as_of: str | None = None
) -> TherapyDetail:
    """One therapy with its approvals and the sentence-level evidence about it (today's
    kept in an analysis index for the next command on the same store state)."""
    facts = facts_for(store, as_of)
    iri = facts.leader(resolve_iri(store, vocab, "therapy", name))
    code = files_digest(__file__, str(barriers.__file__))
    return facts.kept_answer(f"show {code} {iri}", lambda: _detail(facts, iri, name, as_of))


def _detail(facts: Facts, iri: str, name: str, as_of: str | None) -> TherapyDetail:
    tf = facts.therapies([iri])[iri]
    if not tf.mentions:
        raise NotFound(
            f"no loaded source mentions therapy {name!r}"
            + (f" on or before {as_of}" if as_of else "")
        )
    out = _therapy(facts, tf, facts.details([iri])[iri], TherapyDetail)
    assert isinstance(out, TherapyDetail)
    out.approved_for = facts.refs(tf.approved_for)
    out.evidence = evidence_for(facts, facts.cliques().members(iri))
    out.barriers = therapy_barriers(facts, iri)
    return out


def evidence_for(facts: Facts, iris: Iterable[str]) -> list[EvidenceItem]:
    """The visible sentences that state a relation with one of ``iris`` as an end."""
    rows = [
        r
        for r in scan_for(facts.store, "evidence", "e", list(iris), _EVIDENCE)
        if r[-1] is not None and facts.visible(r[-1])
    ]
    sources = facts.sources(str(r[-1]) for r in rows)
    items = []
    seen: set[str] = set()
    for _e, ev, s, p, o, sentence, start, end, detail, graph in rows:
        if str(ev) in seen or str(graph) not in sources:
            continue
        seen.add(str(ev))
        items.append(
            EvidenceItem(
                relation=str(p).rsplit("#", 1)[-1],
                subject=facts.ref(facts.leader(str(s))),
                object=facts.ref(facts.leader(str(o))),
                sentence=str(sentence),
                start=int(str(start)),
                end=int(str(end)),
                detail=detail,
                source=sources[str(graph)],
            )
        )
    return sorted(items, key=lambda e: (e.source.date or "", e.source.id, e.start))


# Callers reach these through this module (``catalog.NotFound``, ``catalog.check_as_of``).
__all__ = [
    "NotFound",
    "check_as_of",
    "evidence_for",
    "list_sources",
    "list_therapies",
    "show_therapy",
]
