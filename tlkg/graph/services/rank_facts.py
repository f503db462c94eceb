"""What ranking a therapy needs of it, among competitors or in a landscape: the keys of
its facts, its stage and its trials as numbers, without the graphs behind each fact.

A therapy's summary (``records.TherapyFacts``) keeps, for every fact, the graphs that
state it, and every trial: at 600,000 studies the summary of a backbone drug studied in
44,000 trials is a 13 MB value, and ranking the 2,000 candidates of one myeloma product
read 180,000 trials' facts to use a few keys of each. ``RankFacts`` keeps only what the
ranking reads (``competition._score`` and the prefilter's features, ``landscape._place``
and a landscape page's rows); the sources of a competitor's reasons are looked up in the
full summaries of the page shown, and nowhere else.

A trial is a number here (``trial_number``: 63 bits of a digest of its graph IRI or NCT ID, the same
in every process, so that these values can be kept in the analysis index between
commands); two trials of one store sharing a number is a chance of about 2^-30 at a
million trials, and would only change a count that orders candidates of equal score.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Mapping
from dataclasses import dataclass

from tlkg.graph.services.records import (
    STOPPED_STATUSES,
    TherapyFacts,
    phase_name,
    phase_rank,
    trial_phases,
)

# indication -> phase ("" unknown) -> the numbers of a therapy's trial graphs there
CompactProfile = Mapping[str, Mapping[str, "array[int]"]]
Best = tuple[int, bool, str]  # (phase rank, not stopped, status): max is the best trial
NO_TRIAL: Best = (-1, False, "")
# indication -> (its best trial there, the numbers of the NCT IDs of its trials there)
TrialSummary = tuple[Best, "array[int]"]


def trial_number(name: str) -> int:
    """The number standing for a trial's graph or NCT ID (stable across processes)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # fits array's signed 64-bit "q"


@dataclass(frozen=True, slots=True)
class RankFacts:
    """One therapy as the competitor ranking reads it (every source visible to the
    answer that built it; ``name`` its own label)."""

    iri: str
    name: str
    modality: str | None
    targets: frozenset[str]
    indications: frozenset[str]  # studied or approved in (``all_indications``)
    categories: frozenset[str]
    mentioned: bool
    phase_rank: int
    stopped: bool
    profile: CompactProfile
    approved_for: frozenset[str]
    developers: frozenset[str]
    trials_by_indication: Mapping[str, TrialSummary]  # every indication it is studied in

    @property
    def highest_phase(self) -> str | None:
        return phase_name(self.phase_rank)


def compact_profile(t: TherapyFacts) -> CompactProfile:
    """The trials of ``t`` by indication and phase, as numbers."""
    phases = trial_phases(t)
    numbers = {g: trial_number(g) for g in phases}
    out: dict[str, dict[str, list[int]]] = {}
    for ind, graphs in t.indications.items():
        for g in graphs:
            if g in phases:
                out.setdefault(ind, {}).setdefault(phases[g] or "", []).append(numbers[g])
    return {i: {p: array("q", ns) for p, ns in by.items()} for i, by in out.items()}


def by_indication(t: TherapyFacts) -> dict[str, TrialSummary]:
    """Per indication ``t`` is studied in: its best trial there (most advanced phase, then
    not stopped, then status name: deterministic whatever the order facts came in) and
    its trials' NCT IDs there, as numbers."""
    by_graph = {tr.graph: tr for tr in t.trials}
    out: dict[str, TrialSummary] = {}
    for j, graphs in t.indications.items():
        best, ncts = NO_TRIAL, set()
        for g in graphs:
            tr = by_graph.get(g)
            if tr is None:
                continue
            ncts.add(trial_number(tr.nct))
            rank = max((phase_rank(p) for p in tr.phases), default=-1)
            best = max(best, (rank, tr.status not in STOPPED_STATUSES, tr.status or ""))
        out[j] = (best, array("q", sorted(ncts)))
    return out


def rank_facts(t: TherapyFacts, name: str) -> RankFacts:
    """``t`` as the ranking reads it."""
    return RankFacts(
        iri=t.iri,
        name=name,
        modality=t.modality,
        targets=frozenset(t.targets),
        indications=frozenset(t.all_indications),
        categories=frozenset(t.categories),
        mentioned=bool(t.mentions),
        phase_rank=t.phase_rank,
        stopped=t.stopped,
        profile=compact_profile(t),
        approved_for=frozenset(t.approved_for),
        developers=frozenset(t.developers),
        trials_by_indication=by_indication(t),
    )
