"""Barriers (apheresis, manufacturing capacity, cost, CRS, ...): who faces them, who is
stated to address them, and how two modalities compare.

- ``barriers``: each of the ontology's barrier concepts with the therapies and modalities a
  visible source says face it (``tlkg:facesBarrier``) or address it
  (``tlkg:addressesBarrier``), each claim with its sources and sentences.
- Barriers reach products: a claim about a modality applies to each therapy of that
  modality or a narrower one (the modality the fact layer shows; therapies a visible
  source mentions) as an *inferred* attribution, ``kind="via_modality"``, naming the
  modality (``via``) and carrying that claim's sources and sentences. A therapy with its
  own statement of the same stance needs none; one whose own statement says the opposite
  ("X needs no apheresis" under "autologous CAR-T needs apheresis") keeps both, the
  inherited one marked ``overridden``: the product's own statement wins. Two modality
  claims that reach one therapy give one attribution, via the narrowest modality, with the
  sources of both. ``therapy_barriers`` gives the same for one therapy (``tlkg show``).
- ``modality_comparison(a, b)``: e.g. in vivo against autologous CAR-T. A claim counts for
  a modality when its subject is that modality, a broader one (a claim about CAR-T holds
  for in vivo CAR-T) or a narrower one, or a therapy of that modality (or a narrower one).
  Per barrier the stance is "faces", "addresses" or "mixed" (both were said).
  ``removed``: barriers a is stated to address and b is not; ``kept``: barriers a or b
  faces that a is not stated to address; ``introduced``: barriers a faces that b is
  stated to address. The evidence level of a side is the highest evidence level among the
  sources of its claims. Programmes: the therapies of each modality that visible sources
  mention. A therapy's modality is the one the fact layer shows
  (``tlkg.graph.services.facts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import (
    Barrier,
    BarrierClaim,
    BarrierStance,
    ModalityComparison,
    Ref,
    Source,
    TherapyBarrier,
)
from tlkg.graph.services.reads import scan_for
from tlkg.graph.services.records import LEVEL_RANK
from tlkg.graph.services.resolve import resolve_modality
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.concepts import BARRIERS
from tlkg.ontology.namespace import key_of, kind_of, tlkg_iri

P_FACES = tlkg_iri("facesBarrier")
P_ADDRESSES = tlkg_iri("addressesBarrier")
_ORDER = {b: n for n, b in enumerate(BARRIERS)}


@dataclass
class _Claim:
    subject: str
    predicate: str
    barrier: str
    graphs: set[str] = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)


def _concepts(store: GraphStore) -> list[tuple[str, str, str | None]]:
    rows = store.scan(sparql.query("barrier_concepts"), ("b", "label", "definition"))
    out = {str(b): (str(b), str(label), definition or None) for b, label, definition in rows}
    return sorted(out.values(), key=lambda c: (_ORDER.get(key_of(c[0]), len(_ORDER)), c[1]))


_CLAIM_COLS = ("s", "p", "b", "graph", "sentence")


def _claims(facts: Facts, subjects: Collection[str] | None = None) -> list[_Claim]:
    """The visible claims, by subject's clique leader: every claim, or those about
    ``subjects``."""
    claims: dict[tuple[str, str, str], _Claim] = {}
    rows = (
        facts.store.scan(sparql.query("barrier_claims"), _CLAIM_COLS)
        if subjects is None
        else scan_for(facts.store, "barrier_claims", "s", subjects, _CLAIM_COLS)
    )
    for s, p, b, graph, sentence in rows:
        if graph is None or not facts.visible(graph):
            continue
        key = (facts.leader(str(s)), str(p), str(b))
        c = claims.get(key)
        if c is None:
            c = claims[key] = _Claim(*key)
        c.graphs.add(graph)
        if sentence is not None and sentence not in c.sentences:
            c.sentences.append(sentence)
    return list(claims.values())


def claims_about(facts: Facts, subjects: Collection[str]) -> list[tuple[str, str, str, set[str]]]:
    """The visible barrier claims about ``subjects``: (subject's clique leader, predicate,
    barrier, graphs)."""
    return [(c.subject, c.predicate, c.barrier, c.graphs) for c in _claims(facts, subjects)]


def _sources_of(c: _Claim, sources: dict[str, Source]) -> list[Source]:
    return sorted(
        (sources[g] for g in c.graphs if g in sources), key=lambda s: (s.date or "", s.id)
    )


def _claim_ref(facts: Facts, c: _Claim, sources: dict[str, Source]) -> BarrierClaim:
    """A stated claim, or (``_Inferred``) a modality claim as it reaches one therapy."""
    ref = facts.ref(c.subject)
    inferred = isinstance(c, _Inferred)
    return BarrierClaim(
        id=ref.id,
        name=ref.name,
        iri=ref.iri,
        type="modality" if kind_of(c.subject) == "modality" else "therapy",
        sources=_sources_of(c, sources),
        sentences=c.sentences,
        kind="via_modality" if inferred else "stated",
        via=facts.ref(c.via) if isinstance(c, _Inferred) else None,
        overridden=isinstance(c, _Inferred) and c.overridden,
    )


_OPPOSITE = {P_FACES: P_ADDRESSES, P_ADDRESSES: P_FACES}


@dataclass
class _Inferred(_Claim):
    """A modality claim applied to one of its therapies."""

    via: str = ""  # the narrowest modality whose claim reaches the therapy
    overridden: bool = False


def _inferred(
    facts: Facts, claims: list[_Claim], members_of: Callable[[str], list[str]]
) -> list[_Inferred]:
    """The attributions of the modality claims to the therapies ``members_of`` gives for
    each modality (the rule of the module doc)."""
    h = facts.hierarchy()
    own = {(c.subject, c.predicate, c.barrier) for c in claims if kind_of(c.subject) != "modality"}
    members: dict[str, list[str]] = {}
    out: dict[tuple[str, str, str], _Inferred] = {}
    for c in claims:
        if kind_of(c.subject) != "modality":
            continue
        if c.subject not in members:
            members[c.subject] = members_of(c.subject)
        for t in members[c.subject]:
            if (t, c.predicate, c.barrier) in own:
                continue  # stated for the product itself
            key = (t, c.predicate, c.barrier)
            item = out.get(key)
            if item is None:
                item = out[key] = _Inferred(t, c.predicate, c.barrier, via=c.subject)
                item.overridden = (t, _OPPOSITE[c.predicate], c.barrier) in own
            elif len(h.ancestors(c.subject)) > len(h.ancestors(item.via)):
                item.via = c.subject
            item.graphs |= c.graphs
            item.sentences += [x for x in c.sentences if x not in item.sentences]
    return list(out.values())


def _members(facts: Facts, modalities: set[str]) -> list[str]:
    """The therapies a visible source mentions whose shown modality is one of these."""
    query = sparql.with_values("with_modality", "m", list(modalities))
    rows = facts.store.scan(query, ("t", "graph"))
    candidates = {facts.leader(str(t)) for t, g in rows if g is not None and facts.visible(g)}
    found = facts.therapies(candidates)
    return sorted(t for t, f in found.items() if f.mentions and f.modality in modalities)


def barriers(store: GraphStore, as_of: str | None = None) -> list[Barrier]:
    """Every barrier concept with what faces it and what addresses it: stated claims and
    the attributions of modality claims to their therapies (module docstring)."""
    facts = facts_for(store, as_of)
    claims = _claims(facts)
    h = facts.hierarchy()
    inferred = _inferred(facts, claims, lambda m: _members(facts, h.at_or_below(m)))
    sources = facts.sources({g for c in [*claims, *inferred] for g in c.graphs})
    by_inferred: dict[str, list[_Inferred]] = defaultdict(list)
    for i in inferred:
        by_inferred[i.barrier].append(i)
    by_barrier: dict[str, list[_Claim]] = defaultdict(list)
    for c in claims:
        by_barrier[c.barrier].append(c)
    out = []
    for iri, label, definition in _concepts(store):
        sides = {}
        for pred in (P_FACES, P_ADDRESSES):
            refs = [
                _claim_ref(facts, c, sources)
                for c in [*by_barrier.get(iri, []), *by_inferred.get(iri, [])]
                if c.predicate == pred
            ]
            sides[pred] = sorted(refs, key=lambda x: (x.kind != "stated", x.name.casefold()))
        out.append(
            Barrier(
                id=key_of(iri),
                name=label,
                definition=definition,
                faced_by=sides[P_FACES],
                addressed_by=sides[P_ADDRESSES],
            )
        )
    return out


def therapy_barriers(facts: Facts, iri: str) -> list[TherapyBarrier]:
    """The barriers the therapy ``iri`` (a clique leader) faces or addresses: stated for it
    or inherited from claims about its modality, barrier order, stated first."""
    # Only the claims about the therapy's clique and its modality chain are read: a claim
    # about a modality reaches the therapy when it is its modality or a broader one.
    modality = facts.therapies([iri])[iri].modality
    chain = {modality, *facts.hierarchy().ancestors(modality)} if modality else set()
    claims = _claims(facts, [*facts.cliques().members(iri), *chain])
    mine = [c for c in claims if c.subject == iri]
    inferred: list[_Claim] = [*_inferred(facts, claims, lambda m: [iri] if m in chain else [])]
    sources = facts.sources({g for c in [*mine, *inferred] for g in c.graphs})
    items: list[TherapyBarrier] = []
    for c in [*mine, *inferred]:
        via = c.via if isinstance(c, _Inferred) else None
        items.append(
            TherapyBarrier(
                barrier=facts.ref(c.barrier),
                stance="faces" if c.predicate == P_FACES else "addresses",
                kind="via_modality" if via else "stated",
                via=facts.ref(via) if via else None,
                overridden=isinstance(c, _Inferred) and c.overridden,
                sources=_sources_of(c, sources),
                sentences=c.sentences,
            )
        )
    items.sort(key=lambda b: (_ORDER.get(b.barrier.id, len(_ORDER)), b.kind != "stated", b.stance))
    return items


def _level(sources: list[Source]) -> str | None:
    levels = [s.evidence_level for s in sources if s.evidence_level in LEVEL_RANK]
    return max(levels, key=lambda lvl: LEVEL_RANK[lvl]) if levels else None


def _stance(claims: list[_Claim]) -> str | None:
    preds = {c.predicate for c in claims}
    if preds == {P_FACES}:
        return "faces"
    if preds == {P_ADDRESSES}:
        return "addresses"
    return "mixed" if preds else None


def modality_comparison(
    store: GraphStore, a: str, b: str, as_of: str | None = None
) -> ModalityComparison:
    """Barriers modality ``a`` removes, keeps and introduces compared with modality ``b``."""
    a_iri, b_iri = str(resolve_modality(store, a)), str(resolve_modality(store, b))
    facts = facts_for(store, as_of)
    h = facts.hierarchy()
    claims = _claims(facts)
    therapy_subjects = {c.subject for c in claims if kind_of(c.subject) != "modality"}
    tfacts = facts.therapies(therapy_subjects)

    def counts_for(side: str, c: _Claim) -> bool:
        family = h.at_or_below(side)
        if kind_of(c.subject) == "modality":
            return c.subject in family or c.subject in h.ancestors(side)
        modality = tfacts[c.subject].modality
        return modality is not None and modality in family

    sources = facts.sources({g for c in claims for g in c.graphs})
    side_claims = {side: [c for c in claims if counts_for(side, c)] for side in (a_iri, b_iri)}
    stances: list[BarrierStance] = []
    removed, kept, introduced = [], [], []
    all_sources: dict[str, list[Source]] = {a_iri: [], b_iri: []}
    for iri, label, _definition in _concepts(store):
        per_side = {
            side: [c for c in side_claims[side] if c.barrier == iri] for side in side_claims
        }
        sa, sb = _stance(per_side[a_iri]), _stance(per_side[b_iri])
        if sa is None and sb is None:
            continue
        src = {
            side: sorted(
                {
                    sources[g].id: sources[g]
                    for c in per_side[side]
                    for g in c.graphs
                    if g in sources
                }.values(),
                key=lambda s: (s.date or "", s.id),
            )
            for side in per_side
        }
        for side in src:
            all_sources[side] += src[side]
        ref = Ref(id=key_of(iri), name=label, iri=iri)
        stances.append(
            BarrierStance(
                barrier=ref,
                a=sa,
                b=sb,
                a_sources=src[a_iri],
                b_sources=src[b_iri],
                a_evidence_level=_level(src[a_iri]),
                b_evidence_level=_level(src[b_iri]),
            )
        )
        a_addresses = sa in ("addresses", "mixed")
        b_addresses = sb in ("addresses", "mixed")
        if a_addresses and not b_addresses:
            removed.append(ref)
        if not a_addresses and (sa in ("faces", "mixed") or sb in ("faces", "mixed")):
            kept.append(ref)
        if sa in ("faces", "mixed") and b_addresses:
            introduced.append(ref)
    return ModalityComparison(
        a=facts.ref(a_iri),
        b=facts.ref(b_iri),
        removed=removed,
        kept=kept,
        introduced=introduced,
        a_evidence_level=_level(all_sources[a_iri]),
        b_evidence_level=_level(all_sources[b_iri]),
        barriers=stances,
        a_programmes=_programmes(store, facts, h.at_or_below(a_iri)),
        b_programmes=_programmes(store, facts, h.at_or_below(b_iri)),
    )


def _programmes(store: GraphStore, facts: Facts, modalities: set[str]) -> list[Ref]:
    query = sparql.with_values("with_modality", "m", list(modalities))
    rows = store.scan(query, ("t", "graph"))
    therapies = {str(t) for t, g in rows if g is not None and facts.visible(g)}
    found = facts.therapies(therapies)
    keep = [t for t, f in found.items() if f.mentions and f.modality in modalities]
    return facts.refs(keep)
