"""The landscape of one indication: the therapies studied or approved in it (or in a
narrower indication), grouped by modality, with phase, status, targets and developers.

- A therapy is listed when a visible source mentions it and one of its visible facts puts
  it in the indication (``tlkg:indication`` or ``tlkg:approvedFor``, the indication itself
  or a narrower one). The indications in scope are the indication, its narrower ones
  (the vocabulary's hierarchy), and every indication node that shares a MeSH descriptor
  (``tlkg:meshId``, stated by a source or the vocabulary) with one of those, with its
  narrower ones: the registry's wordings of one concept ("Non Small Cell Lung Cancer",
  "Carcinoma, Non-Small-Cell Lung", D002289) count as the concept. Generic classes,
  supportive care, diagnostics and procedures are not therapies of a landscape and are
  left out, and so are corticosteroids (regimen components given with almost everything,
  e.g. dexamethasone).
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

from rdflib import Literal, URIRef

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
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.namespace import ID, entity_iri_text, key_of
from tlkg.ontology.vocab import Vocabulary, normalise_mesh

UNCLASSIFIED = Ref(id="unclassified", name="unclassified")
_ORDER = {str(ID[f"modality/{m}"]): n for n, m in enumerate(MODALITIES)}


def landscape(
    store: GraphStore, vocab: Vocabulary, indication: str, as_of: str | None = None
) -> Landscape:
    """The landscape of ``indication`` (a name, alias or id)."""
    iri = str(resolve_entity(store, vocab, "indication", indication))
    return build(facts_for(store, as_of), iri, vocab)


def _mesh_index(facts: Facts, vocab: Vocabulary | None) -> _MeshIndex | None:
    """(MeSH ids of each indication node, indication nodes of each MeSH id) for the whole
    store, when answers are cached (the analysis index is warm): built once while the
    store does not change. None on demand, where two bound queries per answer cost less
    than a scan of every indication (each trial graph restates its conditions' ids)."""
    shared = facts.cache("landscape-mesh")
    if shared is None:
        return None
    if "index" in shared and shared.get("vocab") is vocab:
        index: _MeshIndex = shared["index"]
        return index
    of_node: dict[str, set[str]] = {}
    for e, m in facts.store.scan(sparql.query("indication_mesh").replace("#VALUES", ""), _EM):
        if e and m:
            of_node.setdefault(e, set()).add(normalise_mesh(m))
    for e, ids in _vocabulary_mesh(vocab).items():
        of_node.setdefault(e, set()).update(ids)
    nodes: dict[str, set[str]] = {}
    for e, ids in of_node.items():
        for m in ids:
            nodes.setdefault(m, set()).add(e)
    shared.update(index=(of_node, nodes), vocab=vocab)
    return of_node, nodes


_MeshIndex = tuple[dict[str, set[str]], dict[str, set[str]]]
_EM = ("e", "m")


def _vocabulary_mesh(vocab: Vocabulary | None) -> dict[str, set[str]]:
    """The vocabulary's MeSH ids of each indication (a file given after the records were
    loaded counts too)."""
    out: dict[str, set[str]] = {}
    if vocab is not None:
        for entry in vocab.entries["indication"].values():
            if entry.mesh:
                out[entity_iri_text("indication", entry.key)] = set(entry.mesh)
    return out


def _mesh_of(facts: Facts, vocab: Vocabulary | None, scope: set[str]) -> set[str]:
    """The MeSH ids of the indication nodes in ``scope``."""
    index = _mesh_index(facts, vocab)
    if index is not None:
        return set().union(*(index[0].get(j, set()) for j in scope))
    text = sparql.with_values("indication_mesh", "e", [URIRef(j) for j in scope])
    ids = {normalise_mesh(m) for _e, m in facts.store.scan(text, _EM) if m}
    if vocab is not None:
        for j in scope:
            entry = vocab.get("indication", key_of(j))
            ids.update(entry.mesh if entry is not None else ())
    return ids


def _nodes_with(facts: Facts, vocab: Vocabulary | None, ids: set[str]) -> set[str]:
    """The indication nodes that carry one of the MeSH ``ids``."""
    index = _mesh_index(facts, vocab)
    if index is not None:
        return set().union(*(index[1].get(m, set()) for m in ids))
    if not ids:
        return set()
    text = sparql.with_values("indication_mesh", "m", [Literal(m) for m in sorted(ids)])
    nodes = {e for e, _m in facts.store.scan(text, _EM) if e}
    if vocab is not None:  # every entry carrying one of the ids (a user file may repeat one)
        entries = vocab.entries["indication"].values()
        nodes.update(entity_iri_text("indication", e.key) for e in entries if ids & set(e.mesh))
    return nodes


def scope_of(facts: Facts, iri: str, vocab: Vocabulary | None = None) -> set[str]:
    """The indications a landscape of ``iri`` covers: ``iri`` and its narrower ones, and
    every indication sharing a MeSH descriptor with one of them, with its narrower ones
    (never one broader than ``iri``: a node carrying a broad and a narrow descriptor
    does not bring its whole family into the narrow one)."""
    hierarchy = facts.hierarchy()
    scope = hierarchy.at_or_below(iri)
    ids = _mesh_of(facts, vocab, scope)
    broader = hierarchy.ancestors(iri)
    for same in _nodes_with(facts, vocab, ids) - scope - broader:
        scope |= hierarchy.at_or_below(same)
    return scope


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


def build(facts: Facts, iri: str, vocab: Vocabulary | None = None) -> Landscape:
    scope = scope_of(facts, iri, vocab)
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
