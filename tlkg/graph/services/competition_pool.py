"""Which candidates a page of competitors scores: those that can reach it, by a bound on
each candidate's score read before any candidate is summarised.

Without the per-store features of ``competition._prefilter`` (a one-shot command, or any
answer ``--as-of`` a day), every candidate sharing an indication was summarised and
scored: at 600,000 studies ~1,700 candidates of one myeloma product, ~940,000 rows, over
half of them of a few regimen backbones (cyclophosphamide and fludarabine alone have
~420,000) that only share an indication with a CAR-T product.

A candidate's score is its maturity (at most 1) times the weights of its reasons, and
every reason but a shared indication needs a comparison or claim naming it (read
before: ``related``, always scored), a target of the therapy asked about (T), or a
modality that relates to T's or to a modality-level claim. Targets and modalities are
read by object (a few thousand rows, where a backbone has 80,000 by subject), which
bounds each other candidate's score. Candidates are scored from the highest bound down
until the page's last candidate scores more than any bound left: no candidate left can
then reach the page (nor can one listed after every other, ``Candidate.indication_only``,
once the page is full of candidates with other reasons)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from tlkg.graph.services.competition_reasons import Candidate
from tlkg.graph.services.facts import Facts
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.records import P_MODALITY, P_TARGET, Hierarchy, RelationFact


@dataclass(frozen=True)
class Question:
    """What bounds the candidates' scores: T's modality and targets (effector targets left
    out), the modalities of the modality-level claims about T's modality chain, the
    candidates named by T's comparisons and claims, and the reasons' weights."""

    modality: str | None
    targets: frozenset[str]
    claimed: frozenset[str]
    related: frozenset[str]
    weights: Mapping[str, float]


def page_candidates(
    facts: Facts,
    q: Question,
    pool: set[str],
    limit: int,
    score: Callable[[set[str]], list[Candidate]],
) -> list[Candidate] | None:
    """``score`` of the candidates of ``pool`` that can reach the first ``limit`` (best
    first; that many of the whole pool's), or None when the bound cannot say (``facts``
    reads no facts by object, or fewer than ``limit`` candidates have a reason besides a
    shared indication): then the whole pool is to be scored."""
    h = facts.hierarchy()
    family = related_modalities(h, q.modality)
    claimed = {m for c in q.claimed for m in h.at_or_below(c)}
    found = facts.holders({P_TARGET: q.targets, P_MODALITY: family | claimed})
    if found is None:
        return None
    bounds: dict[str, float] = {}
    for x in pool - q.related:
        bound = _bound(found.get(x, set()), q, family, claimed)
        if bound is not None:
            bounds[x] = bound
    chosen = set(q.related & pool)
    for level in sorted(set(bounds.values()), reverse=True):
        if len(chosen) >= limit:
            scored = score(chosen)
            if _full(scored, limit, level):
                return scored
        chosen.update(x for x, b in bounds.items() if b == level)
    scored = score(chosen)
    return scored if _full(scored, limit, -1.0) else None


def _full(scored: list[Candidate], limit: int, level: float) -> bool:
    """Whether ``scored`` (best first) has ``limit`` candidates with a reason besides a
    shared indication, the last of them scoring more than ``level``."""
    if limit <= 0:
        return True
    strong = [c for c in scored if not c.indication_only]
    return len(strong) >= limit and strong[limit - 1].score > level


def _bound(
    found: set[tuple[str, str]], q: Question, family: set[str], claimed: set[str]
) -> float | None:
    """The highest score a candidate with the visible facts ``found`` (of ``P_TARGET``
    and ``P_MODALITY``) can have, or None when its only reason can be a shared indication
    (``competition._score``: maturity at most 1, so the sum of the weights it may get)."""
    w = q.weights
    modalities = {o for p, o in found if p == P_MODALITY}
    total = 0.0
    if any(p == P_TARGET and o in q.targets for p, o in found):
        total += w["shared_target"]
    if q.modality in modalities:  # (its modality is one of those it states)
        total += w["shared_modality"]
    elif modalities & family:
        total += w["shared_modality_family"]
    if modalities & claimed:  # a modality-level claim of each kind that adds a reason
        total += 2 * w["modality_level"]
    return total + w["shared_indication"] if total else None


def related_modalities(h: Hierarchy, modality: str | None) -> set[str]:
    """The modalities a candidate's may be to share T's ``modality`` or its family
    (``competition._modality_part``): itself, and any under a broader one that is not a
    top concept."""
    if not modality:
        return set()
    out = {modality}
    for m in (modality, *h.ancestors(modality)):
        if not h.is_root(m):
            out |= h.at_or_below(m)
    return out


def claims_for(
    c: RankFacts, h: Hierarchy, claims: list[tuple[str, RelationFact, str]], kind: str
) -> list[RelationFact]:
    """The modality-level claims of ``kind`` that hold for ``c``: about its modality or a
    broader one."""
    if not c.modality or not claims:
        return []
    return [rel for k, rel, m in claims if k == kind and c.modality in h.at_or_below(m)]


def as_question(
    modality: str | None,
    targets: Collection[str],
    claims: list[tuple[str, RelationFact, str]],
    related: Collection[str],
    weights: Mapping[str, float],
) -> Question:
    return Question(
        modality,
        frozenset(targets),
        frozenset(m for _kind, _rel, m in claims),
        frozenset(related),
        weights,
    )
