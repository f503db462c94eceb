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
- Groups follow the modality scheme's order; therapies without a modality come last under
  "unclassified". Within a group: most advanced first, then by name.
"""

from __future__ import annotations

from tlkg.graph.catalog import resolve_entity
from tlkg.graph.competition import EXCLUDED_MODALITIES, NON_PRODUCT
from tlkg.graph.facts import APPROVED_RANK, PHASE_RANK, STOPPED_STATUSES, Facts, facts_for
from tlkg.graph.models import Landscape, LandscapeGroup, LandscapeTherapy, Ref
from tlkg.graph.store import GraphStore
from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.namespace import ID, key_of
from tlkg.ontology.vocab import Vocabulary

UNCLASSIFIED = Ref(id="unclassified", name="unclassified")
_ORDER = {str(ID[f"modality/{m}"]): n for n, m in enumerate(MODALITIES)}


def landscape(
    store: GraphStore, vocab: Vocabulary, indication: str, as_of: str | None = None
) -> Landscape:
    """The landscape of ``indication`` (a name, alias or id)."""
    iri = str(resolve_entity(store, vocab, "indication", indication))
    return build(facts_for(store, as_of), iri)


def build(facts: Facts, iri: str) -> Landscape:
    scope = facts.hierarchy().at_or_below(iri)
    found = facts.therapies(facts.treating(scope))
    rows: dict[str, list[tuple[int, str, LandscapeTherapy]]] = {}
    labels = facts.labels(found)
    for t_iri, t in found.items():
        if not t.mentions or t.categories & NON_PRODUCT or t.modality in EXCLUDED_MODALITIES:
            continue
        in_scope = {j: gs for j, gs in t.indications.items() if j in scope}
        approved = any(j in scope for j in t.approved_for)
        if not in_scope and not approved:
            continue
        graphs = {g for gs in in_scope.values() for g in gs}
        trials = [tr for tr in t.trials if tr.graph in graphs]
        rank, status = -1, None
        if approved:
            rank, status = APPROVED_RANK, "approved"
        else:
            best = (-1, False)
            for tr in trials:
                r = max((PHASE_RANK.get(p, -1) for p in tr.phases), default=-1)
                active = tr.status not in STOPPED_STATUSES
                if (r, active) > best:
                    best, status = (r, active), tr.status
            rank = best[0]
            if status is None and trials:
                status = next((tr.status for tr in trials if tr.status), None)
        phase = (
            "approved"
            if rank == APPROVED_RANK
            else next((k for k, v in PHASE_RANK.items() if v == rank), None)
        )
        entry = LandscapeTherapy(
            therapy=Ref(id=key_of(t_iri), name=labels[t_iri], iri=t_iri),
            highest_phase=phase,
            status=status,
            targets=facts.refs(t.targets),
            developers=facts.refs(t.developers),
            trial_count=len({tr.nct for tr in trials}),
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
