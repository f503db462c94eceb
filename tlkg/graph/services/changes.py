"""What changed between two days (``tlkg changes``, ``GET /api/changes``): the answers of
the ``since`` day and of the ``until`` day (today when absent), compared.

Each day is the store as it stood then (``records.holds_on``): sources dated on or before
it, each trial record in the version that held that day (an archived version, kept when a
load met a newer one, or the current one). The scope is a therapy, the landscape of an
indication, the therapies a visible source gives a target, or every mentioned therapy.

Kinds, and the day each reports:

- ``new_therapy``: in scope on ``until``, not on ``since`` (the first new source's date);
- ``phase_change``: the highest phase differs (``before`` -> ``after``; the day of the
  newest source that shows the new phase);
- ``status_change``: a trial of a therapy in scope changed its overall status (the day the
  registry posted the version that shows it);
- ``new_trial``: a trial record of a therapy in scope appeared (the day it was first
  posted);
- ``new_comparison`` / ``new_rivalry``: a head-to-head or benchmark comparison (trial
  designs and stated comparisons) / a stated rivalry, between a therapy in scope and
  another, that was not there (the source's date);
- ``new_barrier_claim``: a source newly says the therapy faces or addresses a barrier;
- ``approval``: the therapy is newly approved: its highest phase became "approved" (a
  dated source states the approval; ``before`` is the phase it had) or it is newly approved
  for an indication (the day of the newest source that shows it).

Each change lists the sources that show it; a change of value lists those of both days,
so a phase change read from a new version of a trial record cites the archived version and
the current one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args

from tlkg.graph.services.barriers import P_ADDRESSES, claims_about
from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.landscape import members
from tlkg.graph.services.models import Source
from tlkg.graph.services.models_field import Change, ChangeKind, Changes, ChangeScope
from tlkg.graph.services.records import (
    APPROVED,
    P_BENCHMARK,
    P_COMPETES,
    P_HEAD_TO_HEAD,
    TherapyFacts,
    TrialFact,
    phase_rank,
    stage_rank,
)
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import key_of
from tlkg.ontology.vocab import Vocabulary

_COMPARISONS = {P_HEAD_TO_HEAD: "head to head with", P_BENCHMARK: "benchmarked against"}
# The order changes of one day are listed in, after their day.
_KIND_ORDER: tuple[ChangeKind, ...] = get_args(ChangeKind)


@dataclass
class Day:
    """The answers of one day, in the form the comparison needs."""

    facts: Facts
    scope: list[str]
    therapies: dict[str, TherapyFacts]
    trials: dict[str, tuple[str, TrialFact]] = field(default_factory=dict)  # nct -> therapy
    relations: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    claims: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)


def changes(
    store: GraphStore,
    vocab: Vocabulary,
    since: str,
    until: str | None = None,
    *,
    indication: str | None = None,
    target: str | None = None,
    therapy: str | None = None,
) -> Changes:
    """The changes in scope between ``since`` and ``until`` (today when None)."""
    since = _checked("since", since) or ""
    until = _checked("until", until)
    if not since:
        raise ValueError("changes needs a --since day (YYYY-MM-DD)")
    if until is not None and until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    about = _resolved(store, vocab, indication, target, therapy)
    before = _day(facts_for(store, since), vocab, about)
    after = _day(facts_for(store, until), vocab, about)
    found = [
        *_therapy_changes(before, after),
        *_trial_changes(before, after),
        *_relation_changes(before, after),
        *_claim_changes(before, after),
    ]
    found.sort(key=lambda c: (c.date or "", _KIND_ORDER.index(c.kind), c.therapy.name, c.detail))
    facts = after.facts
    scope = ChangeScope(**{k: facts.ref(v) for k, v in about.items() if v is not None})
    return Changes(since=since, until=until, scope=scope, changes=found)


def _checked(name: str, day: str | None) -> str | None:
    try:
        return check_as_of(day)
    except ValueError as exc:
        raise ValueError(str(exc).replace("--as-of", f"--{name}")) from None


def _resolved(
    store: GraphStore,
    vocab: Vocabulary,
    indication: str | None,
    target: str | None,
    therapy: str | None,
) -> dict[str, str | None]:
    def iri(kind: str, name: str | None) -> str | None:
        return None if name is None else resolve_iri(store, vocab, kind, name)

    return {
        "indication": iri("indication", indication),
        "target": iri("target", target),
        "therapy": iri("therapy", therapy),
    }


def _day(facts: Facts, vocab: Vocabulary, about: dict[str, str | None]) -> Day:
    scope = _scope(facts, vocab, about)
    day = Day(facts, scope, facts.therapies(scope))
    for t_iri, t in day.therapies.items():
        for trial in t.trials:
            day.trials.setdefault(trial.nct, (t_iri, trial))
    mine = set(scope)
    for r in facts.relations(scope):
        if r.p in _COMPARISONS or r.p == P_COMPETES:
            s, o = (r.s, r.o) if r.s in mine else (r.o, r.s)
            day.relations.setdefault((s, r.p, o), set()).add(r.graph)
    subjects = {m for t in scope for m in facts.cliques().members(t)}
    for s, p, b, graphs in claims_about(facts, subjects):
        if s in mine:
            day.claims.setdefault((s, p, b), set()).update(graphs)
    return day


def _scope(facts: Facts, vocab: Vocabulary, about: dict[str, str | None]) -> list[str]:
    therapy, indication, target = about["therapy"], about["indication"], about["target"]
    if therapy is not None:
        lead = facts.leader(therapy)
        return [lead] if lead in facts.mentioned() else []
    found = members(facts, indication, vocab) if indication else facts.mentioned()
    if target is not None:
        summaries = facts.therapies(found)
        found = [i for i in found if target in summaries[i].targets]
    return sorted(found)


def _change(
    day: Day,
    kind: ChangeKind,
    therapy: str,
    detail: str,
    graphs: Iterable[str],
    *,
    before: str | None = None,
    after: str | None = None,
    date: str | None = None,
    earlier: Day | None = None,
    earlier_graphs: Iterable[str] = (),
) -> Change:
    sources = list(day.facts.sources(graphs).values())
    if earlier is not None:
        sources = list(earlier.facts.sources(earlier_graphs).values()) + sources
    unique = {(s.id, s.version, s.superseded_on): s for s in sources}
    ordered = sorted(unique.values(), key=lambda s: (s.version or s.date or "", s.id))
    return Change(
        kind=kind,
        therapy=day.facts.ref(therapy),
        detail=detail,
        date=date if date is not None else _first_day(ordered),
        before=before,
        after=after,
        sources=ordered,
    )


def _first_day(sources: list[Source]) -> str | None:
    days = [s.date for s in sources if s.date]
    return min(days) if days else None


def _day_of(source: Source) -> str | None:
    """When a source showed what it shows: a revised version from the day it was posted."""
    return source.version if source.superseded_on is None and source.version else source.date


def _new_graphs(before: Day, graphs: Iterable[str]) -> list[str]:
    return [g for g in graphs if not before.facts.visible(g)]


def _therapy_changes(before: Day, after: Day) -> list[Change]:
    out: list[Change] = []
    for t_iri, t in after.therapies.items():
        old = before.therapies.get(t_iri) if t_iri in before.scope else None
        if old is None:
            first = _new_graphs(before, t.mentions) or list(t.mentions)
            out.append(_change(after, "new_therapy", t_iri, "first seen in scope", first))
            if t.highest_phase == APPROVED and _new_graphs(before, _phase_graphs(t)):
                out.append(_phase_change(before, after, t_iri, TherapyFacts(t_iri), t))
            continue
        for ind, stating in t.approved_for.items():
            if ind not in old.approved_for:
                name = after.facts.labels([ind])[ind]
                out.append(_change(after, "approval", t_iri, f"approved for {name}", stating))
        if old.highest_phase != t.highest_phase:
            out.append(_phase_change(before, after, t_iri, old, t))
    return out


def _phase_change(
    before: Day, after: Day, t_iri: str, old: TherapyFacts, new: TherapyFacts
) -> Change:
    now, then = _phase_graphs(new), _phase_graphs(old)
    fresh = _new_graphs(before, now) or now
    days = [d for s in after.facts.sources(fresh).values() if (d := _day_of(s))]
    approved = new.highest_phase == APPROVED
    return _change(
        after,
        "approval" if approved else "phase_change",
        t_iri,
        f"approved (was {old.highest_phase or 'none'})"
        if approved
        else f"highest phase {old.highest_phase or 'none'} -> {new.highest_phase or 'none'}",
        now,
        before=old.highest_phase,
        after=new.highest_phase,
        date=max(days) if days else None,
        earlier=before,
        earlier_graphs=then,
    )


def _phase_graphs(t: TherapyFacts) -> list[str]:
    """The graphs that give ``t`` its highest phase."""
    if t.approved_for:
        return [g for gs in t.approved_for.values() for g in gs]
    out = [
        tr.graph for tr in t.trials if max(map(phase_rank, tr.phases), default=-1) == t.phase_rank
    ]
    out += [g for st, gs in t.stated_phases.items() if stage_rank(st) == t.phase_rank for g in gs]
    return list(dict.fromkeys(out))


def _trial_changes(before: Day, after: Day) -> list[Change]:
    out: list[Change] = []
    for nct, (t_iri, trial) in sorted(after.trials.items()):
        seen = before.trials.get(nct)
        if seen is None:
            out.append(_change(after, "new_trial", t_iri, f"new trial {nct}", [trial.graph]))
            continue
        old = seen[1]
        if (old.status or None) != (trial.status or None):
            src = after.facts.sources([trial.graph]).get(trial.graph)
            out.append(
                _change(
                    after,
                    "status_change",
                    t_iri,
                    f"{nct}: {_status(old.status)} -> {_status(trial.status)}",
                    [trial.graph],
                    before=_status(old.status),
                    after=_status(trial.status),
                    date=_day_of(src) if src else None,
                    earlier=before,
                    earlier_graphs=[old.graph],
                )
            )
    return out


def _status(status: str | None) -> str:
    return key_of(status) if status else "unknown"


def _relation_changes(before: Day, after: Day) -> list[Change]:
    out: list[Change] = []
    for (s, p, o), graphs in sorted(after.relations.items()):
        if (s, p, o) in before.relations:
            continue  # the same comparison, perhaps newly restated: not a change
        other = after.facts.labels([o])[o]
        if p == P_COMPETES:
            out.append(_change(after, "new_rivalry", s, f"competes with {other}", graphs))
        else:
            detail = f"{_COMPARISONS[p]} {other}"
            out.append(_change(after, "new_comparison", s, detail, graphs))
    return out


def _claim_changes(before: Day, after: Day) -> list[Change]:
    out: list[Change] = []
    for (s, p, b), graphs in sorted(after.claims.items()):
        if (s, p, b) in before.claims:
            continue
        verb = "addresses" if p == P_ADDRESSES else "faces"
        name = after.facts.labels([b])[b]
        out.append(_change(after, "new_barrier_claim", s, f"{verb} barrier: {name}", graphs))
    return out
