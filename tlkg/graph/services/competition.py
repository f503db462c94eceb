"""What competes with what: the ranked competitors of one therapy, each with its reasons.

Two therapies compete when a patient or a payer could choose one instead of the other.
For the therapy asked about (T), every candidate (C) collects reasons; each reason kind
counts once::

    score(C) = maturity(C) x sum(weight of each reason)

    reason              weight  when
    stated                40    a source states T and C compete (tlkg:competesWith)
    head_to_head          40    head-to-head or non-inferiority comparison of T and C
                                (tlkg:headToHeadWith)
    comparator          5..40   one benchmarked against the other (tlkg:benchmarkedAgainst:
                                the experimental-only against the comparator-only products
                                of a trial, or "X versus Y" in a text), by the phase,
                                allocation and number of trials (``competition_reasons``):
                                one randomized phase 3 or 4 trial of one product against
                                another gives 40, as a stated rivalry; n phase 2 trials
                                40 x (1 - 0.5^n); a non-randomized trial counts half
    shared_target          8    same target (CD3, the T-cell arm of engagers, ignored)
    shared_modality        5    same modality; 3 when only the modality family is shared
                                (a common broader modality that is not a top concept,
                                e.g. autologous and in vivo CAR-T share CAR-T); only when
                                the targets are shared or one of them is unknown
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

Order: by score, then by shared trial evidence (C's trials in the shared indications at a
phase T has a trial at there, then all C's trials there), then name; a candidate whose
only reason is a shared indication comes after every other, ordered by that trial
evidence first (never by name first).

Why these numbers: a stated or head-to-head claim, or a phase 3 comparison of two named
products, outweighs all structural evidence together (8 + 5 + 2 + 2 x 2 = 19) even for a
programme with no known phase (0.6 x 40 = 24), unless that programme stopped; shared
target and modality within an indication (the closest substitutes) outweigh a shared
class; a shared indication alone ranks last.

Rules:

- A shared indication is required, except for a therapy-level stated or head-to-head
  relation; shared target, shared modality, comparator and modality-level reasons only
  count within a shared indication. A broader indication matches a narrower one only when
  it is not a top concept of the hierarchy ("haematological malignancy" matches nothing
  but itself), so very broad parents do not make everything compete.
- A trial's backbone (a therapy in both an experimental and a comparator arm,
  ``tlkg:backbone``) is never benchmarked against anything in that trial: the mapping
  (``graph/rdf/triples.py``) compares experimental-only with comparator-only products.
- "Complements" (tlkg:complements) is reported apart (``Competitor.complements`` and its
  sources) and never adds to the score.
- Never competitors: therapies no visible source mentions; interventions whose category is
  generic, supportive, diagnostic or procedure; corticosteroids (regimen backbones such as
  dexamethasone), except when the therapy asked about is a corticosteroid too (budesonide
  and fluticasone compete in asthma) or was tested against it alone (the corticosteroid
  the whole comparator side of T's trial); placebo, sham and standard of care (not therapies in
  the graph, and refused by name as well); T under another name (a name that contains T's,
  or that T's contains, as whole words: "mitoxantrone liposome" for mitoxantrone).
  Chemotherapy is a backbone too: it competes with a non-chemotherapy only on stated,
  head-to-head or shared-target evidence, or when T was benchmarked against it (T's trial
  compared T with the chemotherapy; not the other way round: lymphodepleting chemotherapy
  sits in the experimental arms of CAR-T trials).
- Every reason lists its sources (newest first, at most ten; ``source_count``
  gives the total): for a comparison, the sources that state it; for a shared target,
  modality or indication, the sources that state the competitor's target, modality or
  indication, and never another: a fact that only the vocabulary states (e.g. a target)
  cites the vocabulary (a source of kind ``vocabulary``).

``docs/competition.md`` explains the same with examples.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from tlkg.graph.services import competition_reasons
from tlkg.graph.services.competition_pool import as_question, claims_for, page_candidates
from tlkg.graph.services.competition_reasons import (
    Candidate,
    Part,
    Profile,
    TrialDesign,
    answers,
    comparison_part,
    other_sides,
    phase_match,
    profile,
    shared_trials,
    trial_designs,
)
from tlkg.graph.services.errors import NotFound
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import Competitor, ReasonKind
from tlkg.graph.services.rank_facts import CompactProfile, RankFacts
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
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.services.view_cache import files_digest
from tlkg.graph.store.base import GraphStore
from tlkg.ontology import concepts as C
from tlkg.ontology.namespace import ID_BASE, entity_iri_text, kind_of
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

EFFECTOR_TARGETS = frozenset({entity_iri_text("target", "cd3")})
NON_PRODUCT = frozenset({"generic", "supportive", "diagnostic", "procedure"})
EXCLUDED_MODALITIES = frozenset({f"{ID_BASE}modality/{C.CORTICOSTEROID}"})
BACKBONE_MODALITIES = frozenset({f"{ID_BASE}modality/{C.CHEMOTHERAPY}"})
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


@lru_cache(maxsize=65536)
def not_a_rival(name: str) -> bool:
    """Placebo, sham, standard of care and the like, by name."""
    return NOT_A_RIVAL.search(name) is not None


def maturity(c: TherapyFacts | RankFacts) -> float:
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
    iri = resolve_iri(store, vocab, "therapy", therapy)
    facts = facts_for(store, as_of)
    return rank(facts, iri, limit, label=therapy)


def competitors_page(
    store: GraphStore,
    vocab: Vocabulary,
    therapy: str,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
    as_of: str | None = None,
) -> tuple[list[Competitor], int]:
    """A page of the competitors of ``therapy`` (best first, from ``offset``; ``limit``
    None: the rest) and how many there are in all."""
    iri = resolve_iri(store, vocab, "therapy", therapy)
    facts = facts_for(store, as_of)
    t, found = _ranked(facts, facts.leader(iri), None, therapy)
    end = None if limit is None else offset + max(limit, 0)
    return answers(facts, t, found[offset:end]), len(found)


def rank(
    facts: Facts, iri: str, limit: int = DEFAULT_LIMIT, label: str | None = None
) -> list[Competitor]:
    """Competitors of the therapy ``iri`` (or its clique) from ``facts`` (kept, today)."""
    leader, n = facts.leader(iri), max(limit, 0)

    def build() -> list[Competitor]:
        t, found = _ranked(facts, leader, n, label)
        return answers(facts, t, found[:n])

    code = files_digest(__file__, str(competition_reasons.__file__))  # (its builder's code)
    return facts.kept_answer(f"competitors {code} {leader} {n}", build)


_RANKED_KEPT = 256  # rankings kept per store state (``Facts.cache``), then started afresh


def _ranked(
    facts: Facts, iri: str, limit: int | None, label: str | None
) -> tuple[TherapyFacts, list[Candidate]]:
    """T's facts and its candidates, best first: all of them (``limit`` None: kept per
    store state when answers are cached, so that the pages of one ranking and repeated
    requests score once), or enough for the first ``limit``."""
    kept: dict[str, tuple[TherapyFacts, list[Candidate]]] | None = (
        facts.cache("competition-ranked") if limit is None else None
    )
    if kept is not None and iri in kept:
        return kept[iri]
    t = facts.therapies([iri])[iri]
    if not t.mentions:
        when = f" on or before {facts.as_of}" if facts.as_of else ""
        raise NotFound(f"no loaded source mentions therapy {label or iri!r}{when}")
    found = _candidates(facts, t, iri, limit)
    if kept is not None:
        if len(kept) >= _RANKED_KEPT:
            kept.clear()
        kept[iri] = (t, found)
    return t, found


def _candidates(facts: Facts, t: TherapyFacts, iri: str, limit: int | None) -> list[Candidate]:
    h = facts.hierarchy()
    ask = _Ask(t, h, facts.labels([iri])[iri])
    for i in t.all_indications:
        for j in matching_indications(i, h):
            ask.match.setdefault(j, set()).add(i)
    ask.phases = phase_match(ask.profile, ask.match)
    pool = facts.treating(ask.match.keys()) if ask.match else set()
    pool |= _relations(facts, ask)
    pool.discard(iri)
    feats = _features(facts)
    if feats is not None and limit is not None:
        pool = _prefilter(feats, ask, pool, limit)
    elif limit is not None:  # those that can reach the page (``competition_pool``)
        related = set(ask.direct) | set(ask.via_modality)
        q = as_question(t.modality, ask.targets, ask.modality_claims, related, WEIGHTS)
        found = page_candidates(facts, q, pool, limit, lambda part: _scored(facts, ask, iri, part))
        if found is not None:
            return found
    return _scored(facts, ask, iri, pool)


def _scored(facts: Facts, ask: _Ask, iri: str, pool: set[str]) -> list[Candidate]:
    cfacts = facts.rank_facts(pool)
    names = {x: r.name for x, r in cfacts.items()}
    # A comparison is shared by the products on the other side of its trial (a regimen
    # of k products gives each 1/k of it); only those that can be competitors count.
    ask.sides = other_sides(iri, ask.comparisons)
    ask.side_size = {
        key: sum(1 for x in others if x in cfacts and _eligible(cfacts[x], names[x], ask))
        for key, others in ask.sides.items()
    }
    found = [cand for x in pool if (cand := _score(ask, cfacts[x], names[x])) is not None]
    found.sort(key=Candidate.sort_key)
    return found


@dataclass
class _Ask:
    """What one question fixes: the therapy asked about (T) and its neighbourhood."""

    t: TherapyFacts
    h: Hierarchy
    name: str
    match: dict[str, set[str]] = field(default_factory=dict)  # C's indication -> T's
    phases: dict[str, set[str]] = field(default_factory=dict)  # ``phase_match`` of T
    direct: dict[str, dict[str, list[RelationFact]]] = field(default_factory=dict)
    via_modality: dict[str, dict[str, list[RelationFact]]] = field(default_factory=dict)
    modality_claims: list[tuple[str, RelationFact, str]] = field(default_factory=list)
    comparisons: list[RelationFact] = field(default_factory=list)  # T's, any candidate
    # (graph, T experimental?) -> the therapies on the other side of T's comparisons
    sides: dict[tuple[str, bool], set[str]] = field(default_factory=dict)
    side_size: dict[tuple[str, bool], int] = field(default_factory=dict)
    designs: dict[str, TrialDesign] = field(default_factory=dict)  # T's trials by graph
    profile: Profile = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.designs = trial_designs(self.t)
        self.profile = profile(self.t)

    @property
    def targets(self) -> set[str]:
        return set(self.t.targets) - EFFECTOR_TARGETS


def _relations(facts: Facts, ask: _Ask) -> set[str]:
    """Sort the comparisons touching T (or its modality chain) into ``ask``; the
    therapies they name."""
    t, h, iri = ask.t, ask.h, ask.t.iri
    chain = {t.modality, *h.ancestors(t.modality)} if t.modality else set()
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
            ask.modality_claims.append((kind, rel, other))
        elif other_kind == "therapy":
            target = ask.direct if mine == iri else ask.via_modality
            target.setdefault(other, {}).setdefault(kind, []).append(rel)
            if kind == "comparator" and mine == iri:
                ask.comparisons.append(rel)
    return ask.direct.keys() | ask.via_modality.keys()


_WORDS = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def _words(name: str) -> str:
    return " " + _WORDS.sub(" ", name.casefold()).strip() + " "


def is_variant(asked: str, name: str) -> bool:
    """``name`` is the therapy asked about under another name: a combination or a
    formulation that names it ("pembrolizumab + chemotherapy", "mitoxantrone liposome"),
    or a part of its own combination name; whole words, three characters at least."""
    a, n = _words(asked), _words(name)
    if len(a.strip()) < 3 or len(n.strip()) < 3:
        return False
    return a in n or n in a


def _eligible(c: RankFacts, name: str, ask: _Ask) -> bool:
    """Whether ``c`` may be a competitor at all (the "never competitors" rules)."""
    return not (
        not c.mentioned
        or c.categories & NON_PRODUCT
        or not_a_rival(name)
        or (c.modality in EXCLUDED_MODALITIES and not _own_class(c, ask))
        or is_variant(ask.name, name)
    )


def _own_class(c: RankFacts, ask: _Ask) -> bool:
    """An excluded modality (a corticosteroid) still competes with a therapy of its own
    modality (budesonide and fluticasone in asthma), and with a therapy that a trial
    tested against it alone: when it is the whole comparator side, it is the standard the
    therapy aims to replace (an inhaled corticosteroid against a combination inhaler).
    Not when it is one product of a comparator regimen ("pomalidomide and
    dexamethasone"), nor in T's experimental arm: there it is a component."""
    if c.modality == ask.t.modality:
        return True
    rels = ask.direct.get(c.iri, {}).get("comparator", [])
    return any(r.s == ask.t.iri and ask.sides.get((r.graph, True)) == {c.iri} for r in rels)


# ---- the fast path: precomputed features (index, no --as-of) ------------------------------------
@dataclass
class _Features:
    """Per-therapy features of one store state (every source visible), so that the few
    candidates worth scoring in full are found with set operations."""

    excluded: set[str]
    names: dict[str, str]
    maturity: dict[str, float]
    profiles: dict[str, CompactProfile]
    by_target: dict[str, set[str]]
    targeted: set[str]  # with a known target other than CD3
    by_modality: dict[str, set[str]]
    backbone: set[str]


def prepare(facts: Facts) -> None:
    """Build the features of ``facts``' store state into its cache, ahead of answers."""
    _features(facts)


def _features(facts: Facts) -> _Features | None:
    cache = facts.cache("competition")
    if cache is None:
        return None
    feats: _Features | None = cache.get("features")
    if feats is None:
        feats = cache["features"] = _build_features(facts)
    return feats


_PART = 500  # therapies summarised at a time: the peak memory of a build stays bounded


def _build_features(facts: Facts) -> _Features:
    """The features of every mentioned therapy (the others are never competitors), read
    a part at a time: only the features are kept, not every therapy's facts."""
    feats = _Features(set(), {}, {}, {}, defaultdict(set), set(), defaultdict(set), set())
    mentioned = facts.mentioned()
    for start in range(0, len(mentioned), _PART):
        _add_features(feats, facts.part().rank_facts(mentioned[start : start + _PART]))
    feats.by_target, feats.by_modality = dict(feats.by_target), dict(feats.by_modality)
    feats.backbone = {i for m in BACKBONE_MODALITIES for i in feats.by_modality.get(m, ())}
    return feats


def _add_features(feats: _Features, ranks: dict[str, RankFacts]) -> None:
    for iri, c in ranks.items():
        feats.names[iri] = c.name
        feats.maturity[iri] = maturity(c)
        feats.profiles[iri] = c.profile
        if c.targets - EFFECTOR_TARGETS:
            feats.targeted.add(iri)
        if not c.mentioned or c.categories & NON_PRODUCT or not_a_rival(c.name):
            feats.excluded.add(iri)
            continue
        for x in c.targets:
            feats.by_target[x].add(iri)
        if c.modality:
            feats.by_modality[c.modality].add(iri)


def _prefilter(feats: _Features, ask: _Ask, pool: set[str], limit: int) -> set[str]:
    """The candidates that can reach the top ``limit``: every one with a comparison (of
    any level), and the best ``limit`` of each class of equal reason weights (membership of
    the shared-target, same-modality and modality-family sets, and whether a modality
    counts), in the order ``Candidate.sort_key`` gives within such a class. ``_score``
    then scores these in full, as on the slow path."""
    k = max(limit, 0)
    t, h = ask.t, ask.h
    keep = (set(ask.direct) | set(ask.via_modality)) & pool
    for _kind, _rel, m in ask.modality_claims:
        for sub in h.at_or_below(m):
            keep |= feats.by_modality.get(sub, set()) & pool
    # A therapy without features is mentioned by no source: never a competitor.
    base = {i for i in pool if i in feats.maturity} - feats.excluded - keep
    for m in EXCLUDED_MODALITIES - {t.modality}:
        base -= feats.by_modality.get(m, set())
    base = {i for i in base if not is_variant(ask.name, feats.names[i])}
    targets = ask.targets
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
    if targets:
        # Two products of one modality against different known targets are not
        # substitutes: their modality does not count (they fall to the indication class).
        b -= feats.targeted - a
        fam -= feats.targeted - a
    if t.modality not in BACKBONE_MODALITIES:
        base -= (base & feats.backbone) - a

    def order(i: str) -> tuple[object, ...]:
        same, every = shared_trials(ask.profile, feats.profiles.get(i, {}), ask.match, ask.phases)
        return (-feats.maturity[i], -same, -every, feats.names[i].casefold(), i)

    def order_indication_only(i: str) -> tuple[object, ...]:
        same, every = shared_trials(ask.profile, feats.profiles.get(i, {}), ask.match, ask.phases)
        return (-same, -every, -feats.maturity[i], feats.names[i].casefold(), i)

    for cls in (a & b, a & fam, a - b - fam, (b - a) & base, (fam - a) & base):
        if cls:
            keep.update(heapq.nsmallest(k, cls, key=order))
    rest = base - a - b - fam
    if rest:
        keep.update(heapq.nsmallest(k, rest, key=order_indication_only))
    return keep


def _score(ask: _Ask, c: RankFacts, name: str) -> Candidate | None:
    if not _eligible(c, name, ask):
        return None
    t, match = ask.t, ask.match
    direct = ask.direct.get(c.iri, {})
    via_modality = ask.via_modality.get(c.iri, {})
    shared = sorted((i, j) for j in match.keys() & c.indications for i in match[j])
    has_direct = "stated" in direct or "head_to_head" in direct
    if not shared and not has_direct:
        return None
    parts = [
        Part(kind, WEIGHTS[kind], relations=direct[kind]) for kind in _CLAIMS if kind in direct
    ]
    if shared:
        parts += _shared_parts(ask, c, shared, direct, via_modality)
    if (
        c.modality in BACKBONE_MODALITIES
        and t.modality not in BACKBONE_MODALITIES
        and not any(p.kind in _STRONG and p.level == "therapy" for p in parts)
        # T was tested against the chemotherapy C: C is the standard T aims to replace.
        # (C in T's experimental arm, e.g. lymphodepletion under a CAR-T, does not count.)
        and not any(r.s == t.iri for r in direct.get("comparator", []))
    ):
        return None
    complements = list(direct.get("complements", [])) + list(via_modality.get("complements", []))
    complements += claims_for(c, ask.h, ask.modality_claims, "complements")
    same, every = shared_trials(ask.profile, c.profile, match, ask.phases)
    return Candidate(c.iri, c, name, parts, maturity(c), complements, same, every)


def _shared_parts(
    ask: _Ask,
    c: RankFacts,
    shared: list[tuple[str, str]],
    direct: dict[str, list[RelationFact]],
    via_modality: dict[str, list[RelationFact]],
) -> list[Part]:
    """The reasons that count only within a shared indication."""
    t, h = ask.t, ask.h
    parts: list[Part] = []
    c_targets = c.targets - EFFECTOR_TARGETS
    targets = sorted(ask.targets & c_targets)
    if targets:
        parts.append(Part("shared_target", WEIGHTS["shared_target"], nodes=targets))
    if "comparator" in direct:
        parts.append(comparison_part(t, direct["comparator"], ask.designs, ask.side_size))
    # "Same modality" says they may substitute only when their targets are unknown or
    # shared: two antibodies against different targets are not substitutes.
    if targets or not ask.targets or not c_targets:
        modality = _modality_part(t, c, h)
        if modality is not None:
            parts.append(modality)
    for kind in _CLAIMS:
        rels = list(via_modality.get(kind, []))
        rels += claims_for(c, h, ask.modality_claims, kind)
        if rels:
            parts.append(Part(kind, WEIGHTS["modality_level"], level="modality", relations=rels))
    parts.append(Part("shared_indication", WEIGHTS["shared_indication"], pairs=shared))
    return parts


def _modality_part(t: TherapyFacts, c: RankFacts, h: Hierarchy) -> Part | None:
    """Same modality, or the same modality family (a common broader modality that is not
    a top concept)."""
    if not t.modality or not c.modality:
        return None
    if t.modality == c.modality:
        return Part("shared_modality", WEIGHTS["shared_modality"], nodes=[c.modality])
    common = [
        m
        for m in (h.ancestors(t.modality) | {t.modality}) & (h.ancestors(c.modality) | {c.modality})
        if not h.is_root(m)
    ]
    if not common:
        return None
    family = max(common, key=lambda m: (len(h.ancestors(m)), m))
    return Part(
        "shared_modality",
        WEIGHTS["shared_modality_family"],
        nodes=[t.modality, c.modality],
        family=family,
    )
