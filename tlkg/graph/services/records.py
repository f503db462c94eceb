"""The records of the fact layer (one therapy's facts per graph, comparisons, the SKOS
hierarchy) and the rules that turn them into what answers show: visibility, the modality
shown and the highest phase (described in ``tlkg.graph.services.facts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from tlkg.graph.store.base import ONTOLOGY_GRAPH
from tlkg.ontology.concepts import EVIDENCE_LEVELS
from tlkg.ontology.namespace import VOCAB_GRAPH_IRI, key_of, tlkg_iri

P_INDICATION = tlkg_iri("indication")
P_APPROVED = tlkg_iri("approvedFor")
P_TARGET = tlkg_iri("target")
P_MODALITY = tlkg_iri("modality")
P_CATEGORY = tlkg_iri("interventionCategory")
P_DEVELOPER = tlkg_iri("developer")
P_COMPETES = tlkg_iri("competesWith")
P_HEAD_TO_HEAD = tlkg_iri("headToHeadWith")
P_BENCHMARK = tlkg_iri("benchmarkedAgainst")
P_COMPLEMENTS = tlkg_iri("complements")
P_STATED_PHASE = tlkg_iri("statedPhase")
VOCAB = VOCAB_GRAPH_IRI
# The vocabulary and the ontology: always visible, whatever ``as_of`` says.
BACKGROUND = frozenset({VOCAB, ONTOLOGY_GRAPH})

# The one phase order, least advanced first; "approved" (an approvedFor fact) ranks above
# every trial phase.
PHASE_ORDER = ("na", "early-phase1", "phase1", "phase2", "phase3", "phase4")
APPROVED = "approved"
APPROVED_RANK = len(PHASE_ORDER)
_PHASE_RANK = {p: n for n, p in enumerate(PHASE_ORDER)}
STOPPED_STATUSES = frozenset({"withdrawn", "terminated", "suspended"})
LEVEL_RANK = {lvl: n for n, lvl in enumerate(EVIDENCE_LEVELS)}  # higher is stronger


def holds_on(
    as_of: str | None, date: str | None, valid_from: str | None, valid_until: str | None
) -> bool:
    """Whether a source's graph counts for an answer as of ``as_of`` (None: today). Today,
    every current source does and no archived version (one with ``valid_until``). On a
    day, a source dated on or before it, in the version that held that day: from its own
    day when it revised an earlier version (``valid_from``) until the next version's day
    (``valid_until``, exclusive). Dates compare as text, so a partial date ("2023-06")
    sorts before every day of its period."""
    if as_of is None:
        return valid_until is None
    if date is None or date > as_of:
        return False
    return (valid_from is None or valid_from <= as_of) and (
        valid_until is None or as_of < valid_until
    )


def phase_rank(phase: str) -> int:
    """The rank of a phase key in ``PHASE_ORDER`` (-1 for an unknown phase)."""
    return _PHASE_RANK.get(phase, -1)


def phase_name(rank: int) -> str | None:
    """The phase key of a rank: "approved", a key of ``PHASE_ORDER``, or None."""
    if rank == APPROVED_RANK:
        return APPROVED
    return PHASE_ORDER[rank] if 0 <= rank < APPROVED_RANK else None


# ---- records -------------------------------------------------------------------------------
@dataclass(slots=True)
class TrialFact:
    graph: str
    nct: str
    phases: set[str] = field(default_factory=set)
    status: str | None = None
    allocation: str | None = None  # RANDOMIZED, NON_RANDOMIZED, NA (tlkg:allocation)
    # tlkg:startDate as given: a day, or partial ("2023-06", "2023"); None when not registered
    start: str | None = None


@dataclass(slots=True)
class RawTherapy:
    """Everything known about one therapy, per graph, before visibility filtering."""

    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (predicate, object, graph)
    trials: dict[tuple[str, str], TrialFact] = field(default_factory=dict)  # (graph, nct)
    mentions: dict[str, None] = field(default_factory=dict)  # graphs, an ordered set


@dataclass(slots=True, frozen=True)
class RelationFact:
    s: str
    p: str
    o: str
    graph: str
    sentence: str | None = None
    kind: str | None = None


Graphs = dict[str, None]  # an ordered set of graph IRIs (newest source first when indexed)


@dataclass
class TherapyFacts:
    """One therapy's facts as visible to one answer (``as_of`` applied). Each fact maps to
    the graphs that state it; from the index, newest source first."""

    iri: str
    indications: dict[str, Graphs] = field(default_factory=dict)  # indication -> graphs
    approved_for: dict[str, Graphs] = field(default_factory=dict)
    targets: dict[str, Graphs] = field(default_factory=dict)
    modalities: dict[str, Graphs] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    developers: dict[str, Graphs] = field(default_factory=dict)
    stated_phases: dict[str, Graphs] = field(default_factory=dict)  # articles' stages
    trials: list[TrialFact] = field(default_factory=list)
    mentions: Graphs = field(default_factory=dict)
    modality: str | None = None  # the modality shown (``pick_modality``)
    modality_curated: bool = False  # the vocabulary gives it
    phase_rank: int = -1
    stopped: bool = False
    all_indications: dict[str, Graphs] = field(default_factory=dict)  # studied or approved
    newest_first: bool = False  # every Graphs above is ordered newest source first

    @property
    def highest_phase(self) -> str | None:
        return phase_name(self.phase_rank)


def _graph_maps(t: TherapyFacts) -> tuple[dict[str, Graphs], ...]:
    """``t``'s facts that map a value to the graphs stating it."""
    return (
        t.indications, t.approved_for, t.targets, t.modalities, t.developers, t.stated_phases,
        t.all_indications,
    )  # fmt: skip


def graphs_of(t: TherapyFacts) -> set[str]:
    """Every graph that states one of ``t``'s facts or mentions it."""
    out = set(t.mentions)
    for d in _graph_maps(t):
        for graphs in d.values():
            out.update(graphs)
    return out


def reason_part(t: TherapyFacts) -> TherapyFacts:
    """What a competitor's reasons read of ``t`` (``competition_reasons.competitor``): its
    targets', modalities' and indications' graphs, without its trials and other facts (a
    backbone drug's summary loads ten times faster so)."""
    return replace(
        t,
        trials=[],
        indications={},
        approved_for={},
        developers={},
        stated_phases={},
        mentions={},
    )


def order_newest_first(t: TherapyFacts, dates: dict[str, str]) -> None:
    """Order each of ``t``'s graph sets newest source first, by (date, graph IRI) as the
    sources of a reason are chosen (``dates``: each graph's source date, "" undated)."""

    def ordered(graphs: Graphs) -> Graphs:
        return dict.fromkeys(sorted(graphs, key=lambda g: (dates.get(g, ""), g), reverse=True))

    for d in _graph_maps(t):
        for key in d:
            d[key] = ordered(d[key])
    t.mentions = ordered(t.mentions)
    t.newest_first = True


@dataclass
class Details:
    """What only the therapy lists and pages show: every visible preferred or alternative
    label, and whether a visible source marked its modality as inferred from a name."""

    labels: set[str] = field(default_factory=set)
    inferred: bool = False


def _add(d: dict[str, Graphs], key: str, graph: str) -> None:
    s = d.get(key)
    if s is None:
        d[key] = {graph: None}
    else:
        s[graph] = None


_SLOTS = {
    P_INDICATION: "indications",
    P_APPROVED: "approved_for",
    P_TARGET: "targets",
    P_MODALITY: "modalities",
    P_DEVELOPER: "developers",
    P_STATED_PHASE: "stated_phases",
}


def summarize(iri: str, raw: RawTherapy, visible: Callable[[str], bool]) -> TherapyFacts:
    """The visible facts of one therapy and its highest phase; the modality shown is set
    by ``pick_modality`` afterwards (it may need the evidence levels of sources).

    Highest phase: "approved" when a visible fact says so (``tlkg:approvedFor``, or a
    visible article's stated approval); else the most advanced of the visible trials'
    phases and the phases visible articles state (``tlkg:statedPhase``): an article is
    evidence of a programme's stage as much as a registry record is."""
    tf = TherapyFacts(iri)
    for pred, obj, graph in raw.facts:
        if not visible(graph):
            continue
        slot = _SLOTS.get(pred)
        if slot is not None:
            _add(getattr(tf, slot), obj, graph)
        elif pred == P_CATEGORY:
            tf.categories.add(key_of(obj))
    tf.all_indications = {k: dict(v) for k, v in tf.indications.items()}
    for k, v in tf.approved_for.items():
        tf.all_indications.setdefault(k, {}).update(v)
    tf.trials = [t for t in raw.trials.values() if visible(t.graph)]
    tf.mentions = {g: None for g in raw.mentions if visible(g)}
    stated = _stated_rank(raw, visible)
    if tf.approved_for or stated == APPROVED_RANK:
        tf.phase_rank = APPROVED_RANK
    else:
        trials = max((phase_rank(p) for t in tf.trials for p in t.phases), default=-1)
        tf.phase_rank = max(trials, stated)
        tf.stopped = bool(tf.trials) and all(t.status in STOPPED_STATUSES for t in tf.trials)
    return tf


def trial_phases(t: TherapyFacts) -> dict[str, str | None]:
    """The highest phase of each visible trial of ``t``, by the trial's graph."""
    phases: dict[str, set[str]] = {}
    for trial in t.trials:
        phases.setdefault(trial.graph, set()).update(trial.phases)
    return {g: max(ps, key=phase_rank, default=None) for g, ps in phases.items()}


def stage_rank(stage: str) -> int:
    """The rank of a stage an article states (``tlkg:statedPhase``): a phase concept, or
    the approved evidence level (``APPROVED_RANK``); -1 for an unknown one."""
    key = key_of(stage)
    return APPROVED_RANK if key == APPROVED else phase_rank(key)


def _stated_rank(raw: RawTherapy, visible: Callable[[str], bool]) -> int:
    """The most advanced stage the visible article sources state; -1 for none."""
    best = -1
    for pred, obj, graph in raw.facts:
        if pred == P_STATED_PHASE and visible(graph):
            best = max(best, stage_rank(obj))
    return best


def _leaders(modalities: dict[str, Graphs]) -> list[str]:
    """The modalities stated by the most sources (all of them when the vocabulary gives
    none; the vocabulary's otherwise)."""
    vocab = [m for m, gs in modalities.items() if VOCAB in gs]
    if vocab:
        return vocab
    top = max((len(gs) for gs in modalities.values()), default=0)
    return [m for m, gs in modalities.items() if len(gs) == top]


def tied_graphs(modalities: dict[str, Graphs]) -> set[str]:
    """The source graphs whose evidence level ``pick_modality`` needs (none without a tie)."""
    leaders = _leaders(modalities)
    if len(leaders) < 2 or any(VOCAB in modalities[m] for m in leaders):
        return set()
    return {g for m in leaders for g in modalities[m]}


def pick_modality(modalities: dict[str, Graphs], levels: dict[str, int]) -> tuple[str | None, bool]:
    """The modality shown and whether the vocabulary gives it. ``levels``: graph -> rank of
    its source's evidence level (``LEVEL_RANK``), for the graphs of ``tied_graphs``."""
    leaders = _leaders(modalities)
    if not leaders:
        return None, False
    if any(VOCAB in modalities[m] for m in leaders):
        return min(leaders), True

    def strongest(m: str) -> int:
        return max((levels.get(g, -1) for g in modalities[m]), default=-1)

    return min(leaders, key=lambda m: (-strongest(m), key_of(m), m)), False


@dataclass
class Hierarchy:
    """skos:broader links (indications, modalities) with their transitive closure."""

    parents: dict[str, set[str]] = field(default_factory=dict)
    up: dict[str, set[str]] = field(default_factory=dict)
    down: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Hierarchy:
        h = cls()
        for narrower, broader in pairs:
            if narrower != broader:
                h.parents.setdefault(narrower, set()).add(broader)
        for node in list(h.parents):
            seen: set[str] = set()
            todo = list(h.parents[node])
            while todo:
                b = todo.pop()
                if b in seen or b == node:
                    continue
                seen.add(b)
                todo.extend(h.parents.get(b, ()))
            h.up[node] = seen
            for b in seen:
                h.down.setdefault(b, set()).add(node)
        return h

    def ancestors(self, node: str) -> set[str]:
        return self.up.get(node, set())

    def descendants(self, node: str) -> set[str]:
        return self.down.get(node, set())

    def is_root(self, node: str) -> bool:
        return not self.parents.get(node)

    def at_or_below(self, node: str) -> set[str]:
        return {node, *self.descendants(node)}
