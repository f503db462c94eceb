"""Crowding over time (``tlkg crowding``, ``GET /api/indications/{id}/crowding``, ``GET
/api/targets/{id}/crowding``): how many programmes a target or an indication had each year,
by the highest phase each had reached by the end of that year.

The programmes are today's (or ``as_of``'s): the therapies of the indication's landscape,
or those a visible source gives the target. Each one's history comes from its dated
evidence: a trial counts from the year of its start date (``tlkg:startDate``, the
registry's actual or anticipated start; a partial date such as "2023-06" counts by its
year) at that trial's phase; a record without a start date, or with one in a year after
the year of ``as_of`` (today's year when None), counts from its record's date instead (the
day the registry first posted it). So an anticipated start counts in its own year when
that year is not after ``as_of``'s: a trial posted in 2024 to start in 2025 counts in
2025 as of 2025-01-10, and in 2024 as of 2024-12-31. The rest of a trial record's
evidence (the therapies it mentions) takes the same year. An article's stated stage and a
source's statement of approval count from the source's date. For an indication, only
trials and approvals in it (or a narrower indication) and articles that place the therapy
in it count. The vocabulary's approvals are undated, so they cannot be placed in a year:
such products are listed in ``undated_approvals`` and ranked in each year by their dated
evidence alone. A programme enters the series in the year of its first dated evidence;
the years run from the first such year to the last.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.landscape import members, scope_of
from tlkg.graph.services.models_field import Crowding, CrowdingYear
from tlkg.graph.services.records import (
    APPROVED,
    APPROVED_RANK,
    BACKGROUND,
    PHASE_ORDER,
    Graphs,
    TherapyFacts,
    phase_name,
    phase_rank,
    stage_rank,
)
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary

Event = tuple[str, int]  # (graph, phase rank)
# The keys of ``by_phase``, least advanced first ("unknown": mentioned, no stage stated).
BY_PHASE_ORDER = ("unknown", *PHASE_ORDER, APPROVED)


def crowding(
    store: GraphStore,
    vocab: Vocabulary,
    *,
    indication: str | None = None,
    target: str | None = None,
    as_of: str | None = None,
) -> Crowding:
    """Programmes per year of ``indication`` or ``target`` (exactly one of them)."""
    if (indication is None) == (target is None):
        raise ValueError("crowding needs exactly one of an indication or a target")
    facts = facts_for(store, as_of)
    scope: set[str] | None = None
    if indication is not None:
        iri = resolve_iri(store, vocab, "indication", indication)
        iris = members(facts, iri, vocab)
        scope = scope_of(facts, iri, vocab)
        kind = "indication"
    else:
        iri = resolve_iri(store, vocab, "target", target or "")
        known = facts.therapies(facts.mentioned())
        iris = [i for i, t in known.items() if iri in t.targets]
        kind = "target"
    summaries = facts.therapies(iris)
    placed = {
        i: _in_scope(t.indications, scope) | _in_scope(t.approved_for, scope)
        for i, t in summaries.items()
    }
    about = set().union(*placed.values())
    events = {i: _events(t, scope, placed[i], about) for i, t in summaries.items()}
    undated = [i for i, t in summaries.items() if _undated_approval(t, scope)]
    # A trial record's graph holds one trial: the record's evidence dates from its start.
    starts = {tr.graph: tr.start for t in summaries.values() for tr in t.trials if tr.start}
    return Crowding(
        scope=kind,
        about=facts.ref(iri),
        as_of=as_of,
        years=_series(facts, _years(facts, events, starts, _this_year(as_of))),
        undated_approvals=facts.refs(undated),
    )


def _in_scope(graphs: dict[str, Graphs], scope: set[str] | None) -> set[str]:
    """The graphs stating one of ``graphs``' keys within ``scope`` (every key without one)."""
    return {g for k, gs in graphs.items() if scope is None or k in scope for g in gs}


def _events(
    t: TherapyFacts, scope: set[str] | None, placed: set[str], about: set[str]
) -> list[Event]:
    """(graph, phase rank) for each dated piece of evidence of ``t`` in scope: its trials
    there at their phase, dated approvals there, and the sources about the scope that
    mention it, at the stage they state (-1 when they state none). ``placed``: the graphs
    placing ``t`` in scope; ``about``: those placing any programme there (None scope:
    every graph counts)."""
    stated: dict[str, int] = {}
    for stage, graphs in t.stated_phases.items():
        for g in graphs:
            stated[g] = max(stated.get(g, -1), stage_rank(stage))
    out: list[Event] = []
    for trial in t.trials:
        if scope is None or trial.graph in placed:
            out.append((trial.graph, max((phase_rank(p) for p in trial.phases), default=-1)))
    out.extend((g, APPROVED_RANK) for g in _in_scope(t.approved_for, scope) - BACKGROUND)
    for g in t.mentions:
        if scope is None or g in about:
            out.append((g, stated.get(g, -1)))
    return out


def _undated_approval(t: TherapyFacts, scope: set[str] | None) -> bool:
    """Approved in scope by the vocabulary alone (no dated source states it)."""
    approvals = _in_scope(t.approved_for, scope)
    return bool(approvals) and approvals <= BACKGROUND


def _this_year(as_of: str | None) -> int:
    """The year of ``as_of`` (a checked day), or today's."""
    return int(as_of[:4]) if as_of else datetime.now(UTC).year


def _years(
    facts: Facts, events: dict[str, list[Event]], starts: dict[str, str], this_year: int
) -> dict[str, dict[int, int]]:
    """Each programme -> year -> the most advanced phase its evidence of that year shows.
    A trial record's evidence (its trial, its mentions) dates from the trial's start
    (``starts``: graph -> start date) unless that is missing or after ``this_year``; every
    other piece of evidence, and such a record, from its source's date."""
    graphs = {g for evs in events.values() for g, _ in evs}
    dates = {g: s.date for g, s in facts.sources(graphs).items()}
    out: dict[str, dict[int, int]] = {}
    for iri, evs in events.items():
        for graph, rank in evs:
            year = _year(starts.get(graph))
            if year is None or year > this_year:
                year = _year(dates.get(graph))
            if year is not None:
                per = out.setdefault(iri, {})
                per[year] = max(per.get(year, -1), rank)
    return out


def _year(date: str | None) -> int | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    return int(date[:4])


def _series(facts: Facts, years: dict[str, dict[int, int]]) -> list[CrowdingYear]:
    """The cumulative series: each year, every programme seen so far at its best phase."""
    if not years:
        return []
    first = min(y for per in years.values() for y in per)
    last = max(y for per in years.values() for y in per)
    best: dict[str, int] = {}
    out = []
    for year in range(first, last + 1):
        new = sorted(i for i, per in years.items() if i not in best and year in per)
        for iri, per in years.items():
            if year in per:
                best[iri] = max(best.get(iri, -1), per[year])
        out.append(
            CrowdingYear(
                year=year,
                programmes=len(best),
                by_phase=_by_phase(best.values()),
                new=facts.refs(new),
            )
        )
    return out


def _by_phase(ranks: Iterable[int]) -> dict[str, int]:
    """Programmes per highest phase, least advanced first ("unknown" for no phase)."""
    counts: dict[str, int] = {}
    for rank in sorted(ranks):
        name = phase_name(rank) or "unknown"
        counts[name] = counts.get(name, 0) + 1
    return {k: counts[k] for k in BY_PHASE_ORDER if k in counts}
