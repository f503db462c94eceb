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
  Within a group: most advanced first, then by name (then IRI: one order, always).
- Paging (``limit``/``offset``): the therapies are placed in that one order, groups one
  after another, and a page is a slice of it, so pages laid end to end are the whole
  landscape, without duplicates or gaps. A page lists the groups it touches, each with
  its ``total``; ``total`` and ``counts`` (every group's total) are the whole
  landscape's. The ranking keys (modality, phase, name) are found for every therapy;
  the names and cross-references of targets, developers and the therapies themselves
  only for the page's rows. The CLI and REST default to ``DEFAULT_LIMIT`` rows, at most
  ``MAX_LIMIT``; the function itself answers the whole landscape unless asked for less.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from tlkg.graph.services.competition import EXCLUDED_MODALITIES, NON_PRODUCT
from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import (
    Landscape,
    LandscapeCount,
    LandscapeGroup,
    LandscapeTherapy,
    Ref,
)
from tlkg.graph.services.rank_facts import NO_TRIAL, RankFacts
from tlkg.graph.services.records import APPROVED, APPROVED_RANK, phase_name
from tlkg.graph.services.resolve import resolve_iri
from tlkg.graph.services.view_cache import files_digest
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.namespace import ID_BASE, entity_iri_text, key_of
from tlkg.ontology.vocab import Vocabulary, normalise_mesh

DEFAULT_LIMIT = 50  # rows of a CLI or REST page: a screenful, and a large indication's fast
MAX_LIMIT = 1000  # the largest page the CLI or REST gives: a bounded answer
UNCLASSIFIED = Ref(id="unclassified", name="unclassified")
_ORDER = {f"{ID_BASE}modality/{m}": n for n, m in enumerate(MODALITIES)}


def landscape(
    store: GraphStore,
    vocab: Vocabulary,
    indication: str,
    as_of: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Landscape:
    """The landscape of ``indication`` (a name, alias or id); a page of it when ``limit``
    or ``offset`` is given (``build``)."""
    check_page(limit, offset)  # before any lookup: a bad page is refused at once
    iri = resolve_iri(store, vocab, "indication", indication)
    facts = facts_for(store, as_of)
    # today's answer is kept in an analysis index for the next command on the same store
    # state, this code and these vocabulary MeSH ids (a file given now counts too)
    key = f"landscape {files_digest(__file__)} {_mesh_digest(vocab)} {iri} {limit} {offset}"
    return facts.kept_answer(key, lambda: build(facts, iri, vocab, limit=limit, offset=offset))


def _mesh_digest(vocab: Vocabulary | None) -> str:
    """A digest of the vocabulary's MeSH ids of indications (``_vocabulary_mesh``)."""
    pairs = sorted((e, tuple(sorted(ids))) for e, ids in _vocabulary_mesh(vocab).items())
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def prepare(facts: Facts, vocab: Vocabulary | None) -> None:
    """Build the MeSH map of ``facts``' store state into its cache, ahead of answers."""
    _mesh_index(facts, vocab)


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
    for e, m in facts.indication_mesh_pairs():
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
    ids = {normalise_mesh(m) for m in facts.indication_mesh(scope)}
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
    nodes = facts.indications_with_mesh(ids)
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


@dataclass(frozen=True)
class _Placed:
    """One therapy's place in the landscape (its ranking keys) and the counts its row
    shows: known for every therapy before any name or reference is looked up, so that a
    page looks up only its own rows'."""

    iri: str
    modality: str  # "" when the therapy has none
    rank: int
    name: str  # the label, casefolded
    status: str | None
    trials: int
    facts: RankFacts  # its targets and developers, named only when on the page

    def key(self) -> tuple[tuple[bool, int, str], int, str, str]:
        """The landscape's one order: group (the modality scheme's order, unclassified
        last), most advanced first, then name, then IRI (two therapies of one name keep
        one order, whatever order the facts came in)."""
        return (_group_key(self.modality), -self.rank, self.name, self.iri)


def _group_key(modality: str) -> tuple[bool, int, str]:
    return (modality == "", _ORDER.get(modality, len(_ORDER)), modality)


def check_page(limit: int | None, offset: int) -> None:
    """Refuse a page that cannot be (ValueError: the CLI's exit 2)."""
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be 1 or more, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, not {offset}")


def build(
    facts: Facts,
    iri: str,
    vocab: Vocabulary | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Landscape:
    """The landscape of the indication ``iri``: the therapies ``offset`` to ``offset +
    limit`` of its one order (every one when ``limit`` is None), grouped, with the totals
    of the whole landscape."""
    check_page(limit, offset)
    placed = _placed(facts, scope_of(facts, iri, vocab))
    chosen = placed[offset:] if limit is None else placed[offset : offset + limit]
    totals = Counter(p.modality for p in placed)
    counts = [
        LandscapeCount(modality=_modality_ref(facts, m), total=n)
        for m, n in sorted(totals.items(), key=lambda mn: _group_key(mn[0]))
    ]
    groups: dict[str, LandscapeGroup] = {}  # the order places a group's rows together
    for p, row in zip(chosen, _rows(facts, chosen), strict=True):
        group = groups.get(p.modality)
        if group is None:
            ref = _modality_ref(facts, p.modality)
            group = groups[p.modality] = LandscapeGroup(modality=ref, total=totals[p.modality])
        group.therapies.append(row)
    return Landscape(
        indication=facts.ref(iri),
        groups=list(groups.values()),
        total=len(placed),
        offset=offset,
        limit=limit,
        counts=counts,
    )


def members(facts: Facts, iri: str, vocab: Vocabulary | None = None) -> list[str]:
    """The therapies of the landscape of the indication ``iri``, in its one order, without
    building their rows (what clusters and crowding count)."""
    return [p.iri for p in _placed(facts, scope_of(facts, iri, vocab))]


_PLACED_KEPT = 256  # landscapes kept per store state (``Facts.cache``), then afresh


def _placed(facts: Facts, scope: set[str]) -> list[_Placed]:
    """The landscape of ``scope`` in its one order; kept per store state when answers are
    cached, so that its pages and repeated requests place its therapies once."""
    kept = facts.cache("landscape-placed")
    key = "\n".join(sorted(scope))
    if kept is not None and key in kept:
        found: list[_Placed] = kept[key]
        return found
    placed = sorted(_place(facts, scope), key=_Placed.key)
    if kept is not None:
        if len(kept) >= _PLACED_KEPT:
            kept.clear()
        kept[key] = placed
    return placed


def _modality_ref(facts: Facts, modality: str) -> Ref:
    return facts.ref(modality) if modality else UNCLASSIFIED


def _place(facts: Facts, scope: set[str]) -> list[_Placed]:
    """Every therapy of the landscape of ``scope`` with its ranking keys."""
    found = facts.rank_facts(facts.treating(scope))
    out = []
    for t_iri, t in found.items():
        if not t.mentioned or t.categories & NON_PRODUCT or t.modality in EXCLUDED_MODALITIES:
            continue
        in_scope = [j for j in t.trials_by_indication if j in scope]
        approved = any(j in scope for j in t.approved_for)
        if not in_scope and not approved:
            continue
        best, ncts = NO_TRIAL, set[int]()
        for j in in_scope:
            b, n = t.trials_by_indication[j]
            ncts.update(n)
            best = max(best, b)
        rank, status = best[0], best[2] or None
        if approved:
            rank, status = APPROVED_RANK, APPROVED
        modality = t.modality or ""
        out.append(_Placed(t_iri, modality, rank, t.name.casefold(), status, len(ncts), t))
    return out


def _rows(facts: Facts, chosen: list[_Placed]) -> list[LandscapeTherapy]:
    """The rows of the ``chosen`` therapies: their references (names, cross-references)
    looked up in one batch for the page, not one therapy at a time."""
    named = {p.iri for p in chosen}
    for p in chosen:
        named.update(p.facts.targets, p.facts.developers)
    facts.refs(named)  # fills the shared Ref cache the calls below read
    return [
        LandscapeTherapy(
            therapy=facts.ref(p.iri),
            highest_phase=phase_name(p.rank),
            status=p.status,
            targets=facts.refs(p.facts.targets),
            developers=facts.refs(p.facts.developers),
            trial_count=p.trials,
        )
        for p in chosen
    ]
