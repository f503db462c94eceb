"""The landscape of one indication: the therapies studied or approved in it (or in a
narrower indication), grouped by modality, with phase, status, targets and developers.

- A therapy is listed when a visible source mentions it and one of its visible facts puts
  it in the indication (``tlkg:indication`` or ``tlkg:approvedFor``, the indication itself
  or a narrower one). Generic classes, supportive care, diagnostics and procedures are
  not therapies of a landscape and are left out, and so are corticosteroids (regimen
  components given with almost everything, e.g. dexamethasone).
- ``highest_phase`` is "approved" when the therapy is approved in the indication (or a
  narrower one), else the highest phase of its visible trials in the indication (null when
  no trial gives one, e.g. a programme only an article mentions).
- ``status`` is "approved" for an approved therapy, else the overall status of its most
  advanced trial in the indication (an active status preferred over withdrawn, terminated
  or suspended at the same phase).
- Groups are the modalities the fact layer shows (``tlkg.graph.services.facts``), in the
  modality scheme's order; therapies without a modality come last under "unclassified".
  Within a group: most advanced first, then by name.
"""

from __future__ import annotations

from tlkg.graph.services.competition import EXCLUDED_MODALITIES, NON_PRODUCT
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import Landscape, LandscapeGroup, LandscapeTherapy, Ref
from tlkg.graph.services.records import (
    APPROVED,
    APPROVED_RANK,
    STOPPED_STATUSES,
    TherapyFacts,
    phase_name,
    phase_rank,
)
from tlkg.graph.services.resolve import resolve_entity
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.namespace import ID
from tlkg.ontology.vocab import Vocabulary

UNCLASSIFIED = Ref(id="unclassified", name="unclassified")
_ORDER = {str(ID[f"modality/{m}"]): n for n, m in enumerate(MODALITIES)}


def landscape(
    store: GraphStore, vocab: Vocabulary, indication: str, as_of: str | None = None
) -> Landscape:
    """The landscape of ``indication`` (a name, alias or id)."""
    iri = str(resolve_entity(store, vocab, "indication", indication))
    return build(facts_for(store, as_of), iri)


_Best = tuple[int, bool, str]  # (phase rank, not stopped, status): max is the best trial
_TrialSummary = tuple[_Best, set[str]]
_NONE: _Best = (-1, False, "")


def _by_indication(t: TherapyFacts) -> dict[str, _TrialSummary]:
    """Per indication of ``t``: its best trial there (most advanced phase, then not
    stopped, then status name: deterministic whatever the order facts came in) and the
    NCT IDs of its trials there."""
    by_graph = {tr.graph: tr for tr in t.trials}
    out: dict[str, _TrialSummary] = {}
    for j, graphs in t.indications.items():
        best, ncts = _NONE, set()
        for g in graphs:
            tr = by_graph.get(g)
            if tr is None:
                continue
            ncts.add(tr.nct)
            rank = max((phase_rank(p) for p in tr.phases), default=-1)
            best = max(best, (rank, tr.status not in STOPPED_STATUSES, tr.status or ""))
        out[j] = (best, ncts)
    return out


def build(facts: Facts, iri: str) -> Landscape:
    scope = facts.hierarchy().at_or_below(iri)
    found = facts.therapies(facts.treating(scope))
    rows: dict[str, list[tuple[int, str, LandscapeTherapy]]] = {}
    labels = facts.labels(found)
    shared = facts.cache("landscape")
    cache: dict[str, dict[str, _TrialSummary]] = {} if shared is None else shared
    for t_iri, t in found.items():
        if not t.mentions or t.categories & NON_PRODUCT or t.modality in EXCLUDED_MODALITIES:
            continue
        in_scope = [j for j in t.indications if j in scope]
        approved = any(j in scope for j in t.approved_for)
        if not in_scope and not approved:
            continue
        summary = cache.get(t_iri)
        if summary is None:
            summary = cache[t_iri] = _by_indication(t)
        best, ncts = _NONE, set()
        for j in in_scope:
            b, n = summary[j]
            ncts |= n
            best = max(best, b)
        rank, status = best[0], best[2] or None
        if approved:
            rank, status = APPROVED_RANK, APPROVED
        entry = LandscapeTherapy(
            therapy=facts.ref(t_iri),
            highest_phase=phase_name(rank),
            status=status,
            targets=facts.refs(t.targets),
            developers=facts.refs(t.developers),
            trial_count=len(ncts),
        )
        rows.setdefault(t.modality or "", []).append((rank, labels[t_iri].casefold(), entry))
    groups = []
    for modality in sorted(rows, key=lambda m: (m == "", _ORDER.get(m, len(_ORDER)), m)):
        items = sorted(rows[modality], key=lambda x: (-x[0], x[1]))
        groups.append(
            LandscapeGroup(
                modality=facts.ref(modality) if modality else UNCLASSIFIED,
                therapies=[x[2] for x in items],
            )
        )
    return Landscape(indication=facts.ref(iri), groups=groups)
