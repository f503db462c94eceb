"""Names to IRIs: an entity (therapy, indication, target, organisation) or a modality
given by name, alias, brand or id, with close names suggested when nothing matches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from tlkg.graph.services.errors import NotFound
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.namespace import ID, TLKG, entity_iri
from tlkg.ontology.vocab import Vocabulary

ASK_TYPED = "ASK { ?e a ?cls }"
_SLUG = re.compile(r"^[a-z0-9]+(?:--?[a-z0-9]+)*$|^NCT\d{8}$")
CLASSES = {
    "therapy": TLKG.Therapy,
    "indication": TLKG.Indication,
    "target": TLKG.Target,
    "organization": TLKG.Organization,
}


def resolve_entity(store: GraphStore, vocab: Vocabulary, kind: str, name: str) -> URIRef:
    """IRI for a name, alias, brand or id (slug) of an entity of ``kind``.

    Order, first hit wins: the vocabulary; an id as shown in answers; an entity whose
    name (preferred label) is ``name`` in any case; the entity the name's slug mints; an
    entity that has ``name`` as an alias. So an exact name never opens another entity
    that merely lists it among its aliases (registry records list partner drugs of a
    combination among an intervention's other names)."""
    entry = vocab.resolve(kind, name)
    if entry is not None:
        return entity_iri(kind, entry.key)
    cls = CLASSES[kind]
    # An id as shown in answers (a slug, possibly shortened with a digest) is its own key.
    by_key = entity_iri(kind, name.strip()) if _SLUG.match(name.strip()) else None
    if by_key is not None and _typed(store, by_key, cls):
        return by_key
    needle: dict[str, Node] = {"needle": Literal(normalise_name(name)), "cls": cls}
    named = _first(store.select(sparql.query("find_by_pref_label"), needle))
    if named is not None:
        return named
    by_slug = entity_iri(kind, slugify(name))
    if _typed(store, by_slug, cls):
        return by_slug
    aliased = _first(store.select(sparql.query("find_by_label"), needle))
    if aliased is not None:
        return aliased
    raise NotFound(f"unknown {kind} {name!r}", suggest(vocab, kind, name))


def _typed(store: GraphStore, iri: URIRef, cls: URIRef) -> bool:
    return store.ask(ASK_TYPED, {"e": iri, "cls": cls})


def _first(rows: list[dict[str, Node | None]]) -> URIRef | None:
    """The smallest IRI among the rows' ``?e`` (deterministic when several match)."""
    iris = sorted(str(r["e"]) for r in rows if r.get("e") is not None)
    return URIRef(iris[0]) if iris else None


def resolve_modality(store: GraphStore, name: str) -> URIRef:
    """IRI of a modality concept given by id or label."""
    key = slugify(name)
    iri = ID[f"modality/{key}"]
    if store.ask(ASK_TYPED, {"e": iri, "cls": TLKG.Modality}):
        return iri
    rows = store.select(
        sparql.query("find_by_label"),
        {"needle": Literal(normalise_name(name)), "cls": TLKG.Modality},
    )
    if rows:
        return URIRef(str(rows[0]["e"]))
    labels = {str(r["label"]) for r in store.select(sparql.query("modality_labels"))}
    raise NotFound(f"unknown modality {name!r}", close_names(name, labels))


def suggest(vocab: Vocabulary, kind: str, name: str, limit: int = 5) -> list[str]:
    return close_names(name, {n for n, _ in vocab.surface_forms(kind)}, limit)


def close_names(name: str, names: Iterable[str], limit: int = 5) -> list[str]:
    """The names most like ``name`` (rapidfuzz WRatio of at least 60), best first."""
    from rapidfuzz import fuzz, process, utils  # only when a name is unknown

    choices = {n: n for n in names}
    hits = process.extract(
        name,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [h[0] for h in hits]
