"""What competes with what: the ranked competitors of one therapy, each with its reasons.

Two therapies compete when a patient or a payer could choose one instead of the other
. For the therapy asked about (T), every candidate (C)
collects reasons; each reason kind counts once, with a fixed weight::

    score(C) = maturity(C) x sum(weight of each reason)

    reason              weight  when
    stated                40    a source states T and C compete (tlkg:competesWith)
    head_to_head          40    head-to-head or non-inferiority comparison of T and C
                                (tlkg:headToHeadWith)
    shared_target          8    same target (CD3, the T-cell arm of engagers, ignored)
    comparator             5    one benchmarked against the other (tlkg:benchmarkedAgainst:
                                an active-comparator arm, or "X versus Y" in a text)
    shared_modality        5    same modality; 3 when only the modality family is shared
                                (a common broader modality that is not a top concept,
                                e.g. autologous and in vivo CAR-T share CAR-T)
    shared_indication      2    an indication of C equals, or is narrower or broader than,
                                an indication of T
    stated / head_to_head  2    (level "modality") the claim is about modalities: "in vivo
                                CAR-T competes with autologous CAR-T" gives every therapy
                                of the other modality (or a narrower one) this reason

    maturity(C) = phase factor x status factor
        phase factor: approved 1.0, phase 4 1.0, phase 3 0.9, phase 2 0.8,
                      phase 1 / early phase 1 0.7, no phase known (or NA) 0.6
        status factor: 0.5 when every visible trial of C is withdrawn, terminated or
                       suspended (and C is not approved), else 1.0

Why these numbers: a stated or head-to-head claim outweighs all structural evidence
together (8 + 5 + 5 + 2 + 2 x 2 = 24) even for a programme with no known phase
(0.6 x 40 = 24), unless that programme stopped; shared target and modality within an
indication (the closest substitutes) outweigh a comparator arm, which usually names the
standard of care rather than a rival; a shared indication alone ranks last.

Rules:

- A shared indication is required, except for a therapy-level stated or head-to-head
  relation; shared target, shared modality, comparator and modality-level reasons only
  count within a shared indication. A broader indication matches a narrower one only when
  it is not a top concept of the hierarchy ("haematological malignancy" matches nothing
  but itself), so very broad parents do not make everything compete.
- "Complements" (tlkg:complements) is reported apart (``Competitor.complements`` and its
  sources) and never adds to the score.
- Never competitors: therapies no visible source mentions; interventions whose category is
  generic, supportive, diagnostic or procedure; corticosteroids (regimen backbones such as
  dexamethasone); placebo, sham and standard of care (not therapies in the graph, and
  refused by name as well). Chemotherapy is a backbone too: it competes with a
  non-chemotherapy only on stated, head-to-head or shared-target evidence (not on a
  comparator arm: lymphodepleting chemotherapy sits in CAR-T experimental arms).
- Every reason lists its sources (newest first, at most ten; ``source_count``
  gives the total): for a comparison, the sources that state it; for a shared target,
  modality or indication, the sources that state the competitor's target, modality or
  indication. A fact that only the vocabulary states (e.g. a target) is shown with the
  sources that mention the competitor.

``docs/competition.md`` explains the same with examples.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tlkg.graph.services.errors import NotFound
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import Competitor, Reason, ReasonKind, Source
from tlkg.graph.services.records import (
    APPROVED,
    P_BENCHMARK,
    P_COMPETES,
    P_COMPLEMENTS,
    P_HEAD_TO_HEAD,
    Hierarchy,
    RelationFact,
    TherapyFacts,
)
from tlkg.graph.services.resolve import resolve_entity
from tlkg.graph.store.base import GraphStore
from tlkg.ontology import concepts as C
from tlkg.ontology.namespace import ID, entity_iri, kind_of
from tlkg.ontology.vocab import Vocabulary

WEIGHTS: dict[str, float] = {
    "stated": 40.0,
    "head_to_head": 40.0,
    "shared_target": 8.0,
    "comparator": 5.0,
    "shared_modality": 5.0,
    "shared_modality_family": 3.0,
    "shared_indication": 2.0,
    "modality_level": 2.0,
}
PHASE_FACTOR: dict[str | None, float] = {
    APPROVED: 1.0,
    "phase4": 1.0,
    "phase3": 0.9,
    "phase2": 0.8,
    "phase1": 0.7,
    "early-phase1": 0.7,
    "na": 0.6,
    None: 0.6,
}
STOPPED_FACTOR = 0.5
DEFAULT_LIMIT = 20

EFFECTOR_TARGETS = frozenset({str(entity_iri("target", "cd3"))})
NON_PRODUCT = frozenset({"generic", "supportive", "diagnostic", "procedure"})
EXCLUDED_MODALITIES = frozenset({str(ID[f"modality/{C.CORTICOSTEROID}"])})
BACKBONE_MODALITIES = frozenset({str(ID[f"modality/{C.CHEMOTHERAPY}"])})
NOT_A_RIVAL = re.compile(
    r"\bplacebo\b|\bsham\b|standard[- ]of[- ]care|\bSOC\b|best supportive care|"
    r"(?:physician|investigator)'?s'? choice|\bobservation\b|\bno intervention\b",
    re.I,
)
_KIND = {
    P_COMPETES: "stated",
    P_HEAD_TO_HEAD: "head_to_head",
    P_BENCHMARK: "comparator",
    P_COMPLEMENTS: "complements",
}
# What lets a chemotherapy (a regimen backbone) compete with a non-chemotherapy. Not a
# comparator arm: lymphodepleting chemotherapy sits in CAR-T experimental arms, so every
# active comparator of such a trial is "benchmarked against" it too.
_STRONG = frozenset({"stated", "head_to_head", "shared_target"})
_CLAIMS: tuple[ReasonKind, ReasonKind] = ("stated", "head_to_head")


@dataclass
class _Part:
    kind: ReasonKind
    weight: float
    level: str = "therapy"
    relations: list[RelationFact] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (T's indication, C's)
    nodes: list[str] = field(default_factory=list)  # targets, or modalities
    family: str | None = None


@dataclass
class _Candidate:
    iri: str
    facts: TherapyFacts
    name: str
    parts: list[_Part]
    maturity: float
    complements: list[RelationFact]

    score: float = 0.0

    def __post_init__(self) -> None:
        self.score = round(self.maturity * sum(p.weight for p in self.parts), 3)


@lru_cache(maxsize=65536)
def not_a_rival(name: str) -> bool:
    """Placebo, sham, standard of care and the like, by name."""
    return NOT_A_RIVAL.search(name) is not None


def maturity(c: TherapyFacts) -> float:
    factor = PHASE_FACTOR.get(c.highest_phase, 0.6)
    if c.stopped and c.highest_phase != APPROVED:
        factor *= STOPPED_FACTOR
    return factor


def matching_indications(indication: str, h: Hierarchy) -> set[str]:
    """Indications that count as shared with ``indication``: itself, narrower ones (unless
    it is a top concept) and broader ones that are not top concepts."""
    out = {indication}
    if not h.is_root(indication):
        out |= h.descendants(indication)
    out |= {a for a in h.ancestors(indication) if not h.is_root(a)}
    return out


def competitors(
    store: GraphStore,
    vocab: Vocabulary,
    therapy: str,
    limit: int = DEFAULT_LIMIT,
    as_of: str | None = None,
) -> list[Competitor]:
    """The competitors of ``therapy`` (a name, alias, brand or id), best first."""
    iri = str(resolve_entity(store, vocab, "therapy", therapy))
    facts = facts_for(store, as_of)
    return rank(facts, iri, limit, label=therapy)


def rank(
    facts: Facts, iri: str, limit: int = DEFAULT_LIMIT, label: str | None = None
) -> list[Competitor]:
    """Competitors of the therapy ``iri`` (or its clique) from ``facts``."""
    iri = facts.leader(iri)
    t = facts.therapies([iri])[iri]
    if not t.mentions:
        when = f" on or before {facts.as_of}" if facts.as_of else ""
        raise NotFound(f"no loaded source mentions therapy {label or iri!r}{when}")
    h = facts.hierarchy()

    match: dict[str, set[str]] = {}
    for i in t.all_indications:
        for j in matching_indications(i, h):
            match.setdefault(j, set()).add(i)
    pool = facts.treating(match.keys()) if match else set()

    chain = {t.modality, *h.ancestors(t.modality)} if t.modality else set()
    direct: dict[str, dict[str, list[RelationFact]]] = {}
    via_modality: dict[str, dict[str, list[RelationFact]]] = {}
    modality_claims: list[tuple[str, RelationFact, str]] = []
    for rel in facts.relations({iri, *chain}):
        if rel.s == rel.o or rel.p not in _KIND:
            continue
        if rel.s == iri:
            mine, other = rel.s, rel.o
        elif rel.o == iri:
            mine, other = rel.o, rel.s
        elif rel.s in chain and rel.o not in chain:
            mine, other = rel.s, rel.o
        elif rel.o in chain and rel.s not in chain:
            mine, other = rel.o, rel.s
        else:
            continue
        kind = _KIND[rel.p]
        other_kind = kind_of(other)
        if other_kind == "modality":
            modality_claims.append((kind, rel, other))
        elif other_kind == "therapy":
            target = direct if mine == iri else via_modality
            target.setdefault(other, {}).setdefault(kind, []).append(rel)
    pool |= direct.keys() | via_modality.keys()
    pool.discard(iri)
    feats = _features(facts)
    if feats is not None:
        pool = _prefilter(feats, t, pool, h, limit, direct, via_modality, modality_claims)

    cfacts = facts.therapies(pool)
    names = facts.labels(pool)
    found: list[_Candidate] = []
    for cand in pool:
        cand_obj = _score(
            t,
            cfacts[cand],
            names[cand],
            match,
            h,
            direct.get(cand, {}),
            via_modality.get(cand, {}),
            modality_claims,
        )
        if cand_obj is not None:
            found.append(cand_obj)
    found.sort(key=lambda x: (-x.score, x.name.casefold(), x.iri))
    return [_competitor(facts, t, x) for x in found[: max(limit, 0)]]


# ---- the fast path: precomputed features (index, no --as-of) ------------------------------------
@dataclass
class _Features:
    """Per-therapy features of one store state (every source visible), so that the few
    candidates worth scoring in full are found with set operations."""

    excluded: set[str]
    order: dict[str, int]  # rank by (-maturity, name, iri): the order within a score class
    by_target: dict[str, set[str]]
    by_modality: dict[str, set[str]]
    backbone: set[str]


def _features(facts: Facts) -> _Features | None:
    cache = facts.cache("competition")
    if cache is None:
        return None
    feats: _Features | None = cache.get("features")
    if feats is None:
        feats = cache["features"] = _build_features(facts)
    return feats


def _build_features(facts: Facts) -> _Features:
    """The features of every mentioned therapy (the others are never competitors)."""
    therapies = facts.therapies(facts.mentioned())
    names = facts.labels(therapies)
    excluded: set[str] = set()
    by_target: dict[str, set[str]] = defaultdict(set)
    by_modality: dict[str, set[str]] = defaultdict(set)
    for iri, c in therapies.items():
        if (
            not c.mentions
            or c.categories & NON_PRODUCT
            or c.modality in EXCLUDED_MODALITIES
            or not_a_rival(names[iri])
        ):
            excluded.add(iri)
            continue
        for x in c.targets:
            by_target[x].add(iri)
        if c.modality:
            by_modality[c.modality].add(iri)
    ranked = sorted(therapies, key=lambda i: (-maturity(therapies[i]), names[i].casefold(), i))
    backbone = {i for m in BACKBONE_MODALITIES for i in by_modality.get(m, ())}
    return _Features(
        excluded,
        {i: n for n, i in enumerate(ranked)},
        dict(by_target),
        dict(by_modality),
        backbone,
    )


def _prefilter(
    feats: _Features,
    t: TherapyFacts,
    pool: set[str],
    h: Hierarchy,
    limit: int,
    direct: dict[str, dict[str, list[RelationFact]]],
    via_modality: dict[str, dict[str, list[RelationFact]]],
    modality_claims: list[tuple[str, RelationFact, str]],
) -> set[str]:
    """The candidates that can reach the top ``limit``: every one with a comparison (of
    any level), and the best ``limit`` of each class of equal reason weights (membership of
    the shared-target, same-modality and modality-family sets), where the score order is
    the maturity order. ``_score`` then scores these in full, as on the slow path."""
    # Within a class every candidate has the same reason weights, so the score order is
    # the maturity order (then name), which ``order`` is: the best ``limit`` are exact.
    k = max(limit, 0)
    keep = (set(direct) | set(via_modality)) & pool
    for _kind, _rel, m in modality_claims:
        for sub in h.at_or_below(m):
            keep |= feats.by_modality.get(sub, set()) & pool
    order = feats.order
    # A therapy without features is mentioned by no source: never a competitor.
    base = {i for i in pool if i in order} - feats.excluded - keep
    targets = set(t.targets) - EFFECTOR_TARGETS
    a = set().union(*(feats.by_target.get(x, set()) for x in targets)) & base
    b: set[str] = set()
    fam: set[str] = set()
    if t.modality:
        b = feats.by_modality.get(t.modality, set()) & base
        chain = [m for m in (t.modality, *h.ancestors(t.modality)) if not h.is_root(m)]
        if chain:
            top = min(chain, key=lambda m: len(h.ancestors(m)))
            members = set().union(*(feats.by_modality.get(m, set()) for m in h.at_or_below(top)))
            fam = (members & base) - b
    if t.modality not in BACKBONE_MODALITIES:
        base -= (base & feats.backbone) - a
    for cls in (a & b, a & fam, a - b - fam, (b - a) & base, (fam - a) & base, base - a - b - fam):
        if cls:
            keep.update(heapq.nsmallest(k, cls, key=order.__getitem__))
    return keep


def _score(
    t: TherapyFacts,
    c: TherapyFacts,
    name: str,
    match: dict[str, set[str]],
    h: Hierarchy,
    direct: dict[str, list[RelationFact]],
    via_modality: dict[str, list[RelationFact]],
    modality_claims: list[tuple[str, RelationFact, str]],
) -> _Candidate | None:
    if not c.mentions or c.categories & NON_PRODUCT or not_a_rival(name):
        return None
    if c.modality in EXCLUDED_MODALITIES:
        return None
    shared = sorted((i, j) for j in match.keys() & c.all_indications.keys() for i in match[j])
    has_direct = "stated" in direct or "head_to_head" in direct
    if not shared and not has_direct:
        return None
    parts = [
        _Part(kind, WEIGHTS[kind], relations=direct[kind]) for kind in _CLAIMS if kind in direct
    ]
    if shared:
        parts += _shared_parts(t, c, shared, h, direct, via_modality, modality_claims)
    if (
        c.modality in BACKBONE_MODALITIES
        and t.modality not in BACKBONE_MODALITIES
        and not any(p.kind in _STRONG and p.level == "therapy" for p in parts)
    ):
        return None
    complements = list(direct.get("complements", [])) + list(via_modality.get("complements", []))
    complements += _modality_claims_for(c, h, modality_claims, "complements")
    return _Candidate(c.iri, c, name, parts, maturity(c), complements)


def _modality_claims_for(
    c: TherapyFacts, h: Hierarchy, claims: list[tuple[str, RelationFact, str]], kind: str
) -> list[RelationFact]:
    """The modality-level claims of ``kind`` that hold for ``c``: about its modality or a
    broader one."""
    if not c.modality or not claims:
        return []
    return [rel for k, rel, m in claims if k == kind and c.modality in h.at_or_below(m)]


def _shared_parts(
    t: TherapyFacts,
    c: TherapyFacts,
    shared: list[tuple[str, str]],
    h: Hierarchy,
    direct: dict[str, list[RelationFact]],
    via_modality: dict[str, list[RelationFact]],
    modality_claims: list[tuple[str, RelationFact, str]],
) -> list[_Part]:
    """The reasons that count only within a shared indication."""
    parts: list[_Part] = []
    targets = sorted((t.targets.keys() & c.targets.keys()) - EFFECTOR_TARGETS)
    if targets:
        parts.append(_Part("shared_target", WEIGHTS["shared_target"], nodes=targets))
    if "comparator" in direct:
        parts.append(_Part("comparator", WEIGHTS["comparator"], relations=direct["comparator"]))
    modality = _modality_part(t, c, h)
    if modality is not None:
        parts.append(modality)
    for kind in _CLAIMS:
        rels = list(via_modality.get(kind, []))
        rels += _modality_claims_for(c, h, modality_claims, kind)
        if rels:
            parts.append(_Part(kind, WEIGHTS["modality_level"], level="modality", relations=rels))
    parts.append(_Part("shared_indication", WEIGHTS["shared_indication"], pairs=shared))
    return parts


def _modality_part(t: TherapyFacts, c: TherapyFacts, h: Hierarchy) -> _Part | None:
    """Same modality, or the same modality family (a common broader modality that is not
    a top concept)."""
    if not t.modality or not c.modality:
        return None
    if t.modality == c.modality:
        return _Part("shared_modality", WEIGHTS["shared_modality"], nodes=[c.modality])
    common = [
        m
        for m in (h.ancestors(t.modality) | {t.modality}) & (h.ancestors(c.modality) | {c.modality})
        if not h.is_root(m)
    ]
    if not common:
        return None
    family = max(common, key=lambda m: (len(h.ancestors(m)), m))
    return _Part(
        "shared_modality",
        WEIGHTS["shared_modality_family"],
        nodes=[t.modality, c.modality],
        family=family,
    )


# ---- turning parts into reasons with sources ----------------------------------------------------


def _quote(rels: list[RelationFact]) -> str:
    for rel in rels:
        if rel.sentence:
            text = " ".join(rel.sentence.split())
            if len(text) > 240:
                text = text[:237].rstrip() + "..."
            return f": \u201c{text}\u201d"
    return ""


def _relation_detail(facts: Facts, part: _Part, t: TherapyFacts, c: _Candidate) -> str:
    rels = part.relations
    labels = facts.labels({x for r in rels for x in (r.s, r.o)} | {t.iri, c.iri})
    first = rels[0]
    pair = f"{labels[first.s]} and {labels[first.o]}"
    kinds = sorted({r.kind for r in rels if r.kind})
    if part.kind == "stated":
        text = f"{pair} are stated to compete"
    elif part.kind == "head_to_head":
        what = "non-inferiority" if "non_inferiority" in kinds else "head-to-head"
        text = f"{pair}: {what} comparison"
    else:
        trials = sorted({r.graph.rsplit("/", 1)[-1] for r in rels if "/source/NCT" in r.graph})
        text = f"{labels[first.s]} was benchmarked against {labels[first.o]}"
        if trials:
            text += f" (active comparator in {', '.join(trials[:5])})"
    if part.level == "modality":
        text += f" (a claim at modality level, inherited by {labels[c.iri]})"
    return text + _quote(rels)


def _indication_detail(facts: Facts, pairs: list[tuple[str, str]]) -> str:
    """ "both in X" for exact matches; "Y (within X)" / "Y (which includes X)" otherwise."""
    h = facts.hierarchy()
    names = facts.labels({x for pair in pairs for x in pair})
    exact = sorted({names[j] for i, j in pairs if i == j}, key=str.casefold)
    related = []
    for i, j in pairs:
        if i == j or names[j] in exact or names[i] in exact:
            continue
        if j in h.descendants(i):
            related.append(f"{names[j]} (within {names[i]})")
        else:
            related.append(f"{names[j]} (which includes {names[i]})")
    shown = exact + sorted(set(related), key=str.casefold)
    more = len(shown) - 4
    text = "both in " + "; ".join(shown[:4])
    return text + (f"; and {more} more" if more > 0 else "")


def _competitor(facts: Facts, t: TherapyFacts, c: _Candidate) -> Competitor:
    reasons: list[Reason] = []
    for part in c.parts:
        groups: list[Iterable[str]]
        if part.relations:
            detail = _relation_detail(facts, part, t, c)
            groups = [[r.graph for r in part.relations]]
        elif part.kind == "shared_target":
            names = facts.labels(part.nodes)
            detail = "both target " + ", ".join(names[n] for n in part.nodes)
            groups = [c.facts.targets.get(n, {}) for n in part.nodes]
        elif part.kind == "shared_modality":
            names = facts.labels([*part.nodes, *([part.family] if part.family else [])])
            if part.family:
                detail = (
                    f"same modality family, {names[part.family]} "
                    f"({names[part.nodes[0]]} / {names[part.nodes[1]]})"
                )
            else:
                detail = f"same modality: {names[part.nodes[0]]}"
            groups = [c.facts.modalities.get(n, {}) for n in part.nodes]
        else:
            detail = _indication_detail(facts, part.pairs)
            c_all = c.facts.all_indications
            groups = [c_all.get(j, {}) for j in dict.fromkeys(j for _i, j in part.pairs)]
        sources, total = facts.newest_sources(groups, c.facts.mentions)
        reasons.append(
            Reason(
                kind=part.kind,
                detail=detail,
                sources=sources,
                level=part.level,
                weight=part.weight,
                source_count=total,
            )
        )
    complement_sources: list[Source] = []
    if c.complements:
        complement_sources, _ = facts.newest_sources([[r.graph for r in c.complements]], [])
    return Competitor(
        therapy=facts.ref(c.iri),
        score=c.score,
        reasons=reasons,
        complements=bool(c.complements),
        complement_sources=complement_sources,
        modality=facts.ref(c.facts.modality) if c.facts.modality else None,
        highest_phase=c.facts.highest_phase,
        maturity=c.maturity,
    )
