"""The evidence behind one competitor of ``competition.py``: how strong a comparison from
trial designs is, how much trial evidence two therapies share, and how the reasons are
turned into the answer (``Reason``, ``Competitor``) with their sources.

A comparison (``tlkg:benchmarkedAgainst``: the experimental-only products of a trial
against its comparator-only products, or "X versus Y" in a text) weighs::

    weight = max(5, 40 x (1 - prod over trials (1 - strength(trial) / k(trial))))

    strength: phase 3 or 4 1.0, phase 2 0.5, phase 1 / early phase 1 / NA / none 0.25,
              halved when the trial is registered as not randomized (allocation
              NON_RANDOMIZED); a comparison stated in a text (no trial) 0.125
    k:        the products on the other side of the trial (a comparator regimen of two
              products gives each half the comparison)

Why: one randomized phase 3 trial of one named product against another is the
registrational decision itself, as strong as a stated rivalry (40); weaker designs add up
as independent chances that the two really compete (a noisy-OR: two phase 2 trials give
40 x (1 - 0.5^2) = 30, n phase 2 trials 40 x (1 - 0.5^n)), saturating at 40; a side that
is a regimen of k products is shared between them; arms assigned by eligibility or
choice rather than by chance (a non-randomized design) compare patients who differ, so
such a trial is half the evidence of a randomized one of the same phase (a trial whose
allocation is not registered counts as randomized: the registry leaves it out mostly for
old records, where the comparator design itself says so); and a comparison never counts
less than the 5 a text's "X versus Y" has always counted.

Shared trial evidence: the trials of the candidate in a shared indication, and among them
those of a phase in which the therapy asked about has a trial in that indication. It
orders candidates of equal score, and orders the candidates whose only reason is a shared
indication (listed after all others), instead of their names.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tlkg.graph.services.facts import Facts
from tlkg.graph.services.models import (
    VOCABULARY_SOURCE,
    Competitor,
    Reason,
    ReasonKind,
    Source,
)
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.records import (
    APPROVED,
    BACKGROUND,
    Hierarchy,
    RelationFact,
    TherapyFacts,
    phase_rank,
    trial_phases,
)

STATED_WEIGHT = 40.0
MIN_COMPARISON_WEIGHT = 5.0
TRIAL_STRENGTH: dict[str, float] = {
    "phase4": 1.0,
    "phase3": 1.0,
    "phase2": 0.5,
    "phase1": 0.25,
    "early-phase1": 0.25,
    "na": 0.25,
}
NO_PHASE_STRENGTH = 0.25
TEXT_STRENGTH = 0.125
NON_RANDOMIZED_FACTOR = 0.5
NON_RANDOMIZED = "NON_RANDOMIZED"

# indication -> phase -> the trial graphs of a therapy in that indication at that phase
Profile = dict[str, dict[str, set[str]]]
# A profile whose trials are only counted: any hashable stands for a trial
# (``rank_facts.compact_profile`` gives numbers).
TrialSets = Mapping[str, Mapping[str, Collection[object]]]


@dataclass(frozen=True)
class TrialDesign:
    """What a comparison's trial says about its strength."""

    nct: str
    phase: str | None
    allocation: str | None = None

    @property
    def randomized(self) -> bool | None:
        if self.allocation == "RANDOMIZED":
            return True
        return False if self.allocation == NON_RANDOMIZED else None


@dataclass
class Part:
    """One reason before it is rendered: its kind, weight and what it rests on."""

    kind: ReasonKind
    weight: float
    level: str = "therapy"
    relations: list[RelationFact] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (T's indication, C's)
    nodes: list[str] = field(default_factory=list)  # targets, or modalities
    family: str | None = None
    trials: list[TrialDesign] = field(default_factory=list)


@dataclass
class Candidate:
    iri: str
    facts: RankFacts
    name: str
    parts: list[Part]
    maturity: float
    complements: list[RelationFact]
    same_phase_trials: int = 0
    shared_trials: int = 0

    score: float = 0.0

    def __post_init__(self) -> None:
        self.score = round(self.maturity * sum(p.weight for p in self.parts), 3)

    @property
    def indication_only(self) -> bool:
        """Its only reason is a shared indication: listed after every other candidate."""
        return all(p.kind == "shared_indication" for p in self.parts)

    def sort_key(self) -> tuple[object, ...]:
        if self.indication_only:
            return (
                1,
                -self.same_phase_trials,
                -self.shared_trials,
                -self.score,
                self.name.casefold(),
                self.iri,
            )
        return (
            0,
            -self.score,
            -self.same_phase_trials,
            -self.shared_trials,
            self.name.casefold(),
            self.iri,
        )


# ---- comparisons from trial designs -------------------------------------------------------------
def trial_designs(t: TherapyFacts) -> dict[str, TrialDesign]:
    """The design of each visible trial of ``t`` (highest phase, allocation), by graph."""
    phases = trial_phases(t)
    out: dict[str, TrialDesign] = {}
    for trial in t.trials:
        have = out.get(trial.graph)
        allocation = trial.allocation or (have.allocation if have else None)
        out[trial.graph] = TrialDesign(trial.nct, phases.get(trial.graph), allocation)
    return out


def other_sides(iri: str, rels: Iterable[RelationFact]) -> dict[tuple[str, bool], set[str]]:
    """For each graph and side (True: ``iri`` is the experimental one), the therapies on
    the other side of ``iri``'s comparisons in that graph."""
    out: dict[tuple[str, bool], set[str]] = {}
    for rel in rels:
        if rel.s == iri:
            out.setdefault((rel.graph, True), set()).add(rel.o)
        elif rel.o == iri:
            out.setdefault((rel.graph, False), set()).add(rel.s)
    return out


def comparison_part(
    t: TherapyFacts,
    rels: list[RelationFact],
    designs: dict[str, TrialDesign],
    side_size: dict[tuple[str, bool], int],
) -> Part:
    """The comparator reason of the comparisons ``rels`` between ``t`` and one candidate,
    weighted by the phase and allocation of each trial and the number of trials (module
    docstring). ``designs``: T's trials by graph."""
    miss = 1.0
    trials: list[TrialDesign] = []
    for graph in dict.fromkeys(r.graph for r in rels):
        k = max(
            (side_size.get((graph, r.s == t.iri), 1) for r in rels if r.graph == graph),
            default=1,
        )
        design = designs.get(graph)
        if design is not None:
            strength = TRIAL_STRENGTH.get(design.phase or "", NO_PHASE_STRENGTH)
            if design.randomized is False:
                strength *= NON_RANDOMIZED_FACTOR
            trials.append(design)
        else:
            strength = TEXT_STRENGTH
        miss *= 1.0 - strength / max(k, 1)
    weight = max(MIN_COMPARISON_WEIGHT, round(STATED_WEIGHT * (1.0 - miss), 3))
    trials.sort(key=lambda d: (-phase_rank(d.phase or ""), d.randomized is not True, d.nct))
    return Part("comparator", weight, relations=rels, trials=trials)


# ---- shared trial evidence ----------------------------------------------------------------------
def profile(t: TherapyFacts) -> Profile:
    """The trials of ``t`` by indication and phase."""
    phases = trial_phases(t)
    out: Profile = {}
    for ind, graphs in t.indications.items():
        for g in graphs:
            if g in phases:
                out.setdefault(ind, {}).setdefault(phases[g] or "", set()).add(g)
    return out


def phase_match(t_profile: Profile, match: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each indication of C matching some of T's (``match``): the phases T has trials
    at in those."""
    return {j: {p for i in mine for p in t_profile.get(i, {})} for j, mine in match.items() if mine}


def shared_trials(
    t_profile: Profile,
    c_profile: TrialSets,
    match: dict[str, set[str]],
    phases: dict[str, set[str]] | None = None,
) -> tuple[int, int]:
    """(trials of C in a shared indication at a phase T has a trial at in that indication,
    trials of C in a shared indication); ``phases``: ``phase_match`` of T, when the caller
    compares many candidates with one T."""
    if phases is None:
        phases = phase_match(t_profile, match)
    same: set[object] = set()
    every: set[object] = set()
    for j, by_phase in c_profile.items():
        t_phases = phases.get(j)
        if t_phases is None:
            continue
        for p, graphs in by_phase.items():
            every.update(graphs)
            if p in t_phases:
                same.update(graphs)
    return len(same), len(every)


# ---- turning parts into reasons with sources ----------------------------------------------------
_PHASE_NAMES = {
    APPROVED: "approved",
    "phase4": "phase 4",
    "phase3": "phase 3",
    "phase2": "phase 2",
    "phase1": "phase 1",
    "early-phase1": "early phase 1",
    "na": "phase NA",
}


def _quote(rels: list[RelationFact]) -> str:
    for rel in rels:
        if rel.sentence:
            text = " ".join(rel.sentence.split())
            if len(text) > 240:
                text = text[:237].rstrip() + "..."
            return f": \u201c{text}\u201d"
    return ""


def _relation_detail(facts: Facts, part: Part, t: TherapyFacts, c: Candidate) -> str:
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
        text = f"{labels[first.s]} was benchmarked against {labels[first.o]}"
        if part.trials:
            shown = ", ".join(_design_text(d) for d in part.trials[:5])
            n = len(part.trials)
            text += f" (active comparator in {n} trial{'s' if n > 1 else ''}: {shown})"
    if part.level == "modality":
        text += f" (a claim at modality level, inherited by {labels[c.iri]})"
    return text + _quote(rels)


def _design_text(d: TrialDesign) -> str:
    """ "NCT01234567 (randomized, phase 3)"."""
    phase = _PHASE_NAMES.get(d.phase or "", "phase unknown")
    design = {True: "randomized, ", False: "non-randomized, ", None: ""}[d.randomized]
    return f"{d.nct} ({design}{phase})"


def _indication_detail(facts: Facts, h: Hierarchy, pairs: list[tuple[str, str]]) -> str:
    """ "both in X" for exact matches; "Y (within X)" / "Y (which includes X)" otherwise."""
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


def _trial_evidence(c: Candidate) -> str:
    if not c.shared_trials:
        return ""
    n = c.shared_trials
    return (
        f" ({n} trial{'s' if n > 1 else ''} of {c.name} in the shared indications,"
        f" {c.same_phase_trials} at a phase of the therapy asked about)"
    )


def _reason_sources(
    facts: Facts, groups: list[Iterable[str]], newest_first: bool = False
) -> tuple[list[Source], int]:
    """The sources of the graphs that state a reason's facts, newest first; the vocabulary
    when only the vocabulary states them (``VOCABULARY_SOURCE``). ``newest_first``: the
    groups are a ``newest_first`` summary's."""
    groups = [list(g) for g in groups]
    sources, total = facts.newest_sources(groups, [], newest_first=newest_first)
    if not total and any(g in BACKGROUND for grp in groups for g in grp):
        return [VOCABULARY_SOURCE], 1
    return sources, total


def competitor(facts: Facts, t: TherapyFacts, c: Candidate, full: TherapyFacts) -> Competitor:
    """The answer for one candidate: its reasons, each with its weight and sources
    (``full``: the candidate's summary, the graphs that state each of its facts)."""
    reasons: list[Reason] = []
    for part in c.parts:
        groups: list[Iterable[str]]
        ordered = full.newest_first  # the groups below but a relation's are the summary's
        if part.relations:
            detail = _relation_detail(facts, part, t, c)
            groups, ordered = [[r.graph for r in part.relations]], False
        elif part.kind == "shared_target":
            names = facts.labels(part.nodes)
            detail = "both target " + ", ".join(names[n] for n in part.nodes)
            groups = [full.targets.get(n, {}) for n in part.nodes]
        elif part.kind == "shared_modality":
            names = facts.labels([*part.nodes, *([part.family] if part.family else [])])
            if part.family:
                detail = (
                    f"same modality family, {names[part.family]} "
                    f"({names[part.nodes[0]]} / {names[part.nodes[1]]})"
                )
            else:
                detail = f"same modality: {names[part.nodes[0]]}"
            groups = [full.modalities.get(n, {}) for n in part.nodes]
        else:
            detail = _indication_detail(facts, facts.hierarchy(), part.pairs)
            detail += _trial_evidence(c)
            c_all = full.all_indications
            groups = [c_all.get(j, {}) for j in dict.fromkeys(j for _i, j in part.pairs)]
        sources, total = _reason_sources(facts, groups, ordered)
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


_ANSWERS_KEPT = 20_000  # answers kept per store state (``Facts.cache``), then afresh


def answers(facts: Facts, t: TherapyFacts, page: list[Candidate]) -> list[Competitor]:
    """The answers of ``page``: only these candidates' summaries are read, for the
    sources of their reasons (the ranking read ``RankFacts``); kept per store state when
    answers are cached (a reason's sources are the newest of thousands of graphs)."""
    shared = facts.cache("competition-answers")
    kept: dict[str, Any] = shared if shared is not None else {}
    todo = [x for x in page if f"{t.iri} {x.iri}" not in kept]
    if todo:
        if len(kept) + len(todo) > _ANSWERS_KEPT:
            kept.clear()
        full = facts.reason_facts([x.iri for x in todo])
        for x in todo:
            kept[f"{t.iri} {x.iri}"] = competitor(facts, t, x, full[x.iri])
    return [kept[f"{t.iri} {x.iri}"] for x in page]
