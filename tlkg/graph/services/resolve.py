"""Names to IRIs: an entity (therapy, indication, target, organisation) or a modality
given by name, alias, brand or id, with close names suggested when nothing matches.

An indication is also found by its MeSH-style form: "squamous cell carcinoma" opens the
registry's node "Carcinoma, Squamous Cell" and the reverse (``heading_forms``: inverted
headings read in natural order, names compared up to case and punctuation). Nothing is
guessed from string likeness: "non-small cell lung cancer" reaches "Carcinoma,
Non-Small-Cell Lung" only through the vocabulary (an alias, or the MeSH id the landscape
gathers by)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tlkg.graph.services.errors import NotFound
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.namespace import ID_BASE, entity_iri_text, tlkg_iri
from tlkg.ontology.vocab import Vocabulary, heading_forms

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

ASK_TYPED = "ASK { ?e a ?cls }"
_SLUG = re.compile(r"^[a-z0-9]+(?:--?[a-z0-9]+)*$|^NCT\d{8}$")
_WORDS = re.compile(r"[^\W_]+")
# Indications with a (preferred, rank 1, or alternative, rank 2) label containing ?word:
# the candidates whose labels are then compared in Python (``heading_forms``).
_INDICATION_LABELS = (
    sparql.PREFIXES
    + """SELECT DISTINCT ?e ?l ?rank ?word
WHERE {
  ?e a tlkg:Indication .
  { ?e skos:prefLabel ?l . BIND (1 AS ?rank) } UNION { ?e skos:altLabel ?l . BIND (2 AS ?rank) }
  FILTER (CONTAINS(LCASE(STR(?l)), ?word))
}"""
)
CLASSES = {
    "therapy": tlkg_iri("Therapy"),
    "indication": tlkg_iri("Indication"),
    "target": tlkg_iri("Target"),
    "organization": tlkg_iri("Organization"),
}


def resolve_entity(store: GraphStore, vocab: Vocabulary, kind: str, name: str) -> URIRef:
    """``resolve_iri`` as an rdflib term."""
    from rdflib import URIRef

    return URIRef(resolve_iri(store, vocab, kind, name))


def resolve_iri(store: GraphStore, vocab: Vocabulary, kind: str, name: str) -> str:
    """IRI (a plain string) for a name, alias, brand or id (slug) of an entity of ``kind``.

    Order, first hit wins: the vocabulary; an id as shown in answers; an entity whose
    name (preferred label) is ``name`` in any case; the entity the name's slug mints; an
    entity that has ``name`` as an alias. So an exact name never opens another entity
    that merely lists it among its aliases (registry records list partner drugs of a
    combination among an intervention's other names).

    A name the vocabulary knows is answered without the store (and without rdflib: the
    answers served from the analysis index need neither); the other steps ask the store."""
    entry = vocab.resolve(kind, name)
    if entry is not None:
        return entity_iri_text(kind, entry.key)
    from rdflib import Literal, URIRef

    cls = URIRef(CLASSES[kind])
    # An id as shown in answers (a slug, possibly shortened with a digest) is its own key.
    by_key = URIRef(entity_iri_text(kind, name.strip())) if _SLUG.match(name.strip()) else None
    if by_key is not None and _typed(store, by_key, cls):
        return str(by_key)
    known = vocab.by_slug(kind, name.strip()) if by_key is not None else None
    if known is not None:  # the slug of a known name: "acute-myeloid-leukemia"
        return entity_iri_text(kind, known.key)
    needle: dict[str, Node] = {"needle": Literal(normalise_name(name)), "cls": cls}
    named = _first(store.select(sparql.query("find_by_pref_label"), needle))
    if named is not None:
        return named
    by_slug = URIRef(entity_iri_text(kind, slugify(name)))
    if _typed(store, by_slug, cls):
        return str(by_slug)
    aliased = _first(store.select(sparql.query("find_by_label"), needle))
    if aliased is not None:
        return aliased
    heading = _by_heading(store, name) if kind == "indication" else None
    if heading is not None:
        return heading
    raise NotFound(f"unknown {kind} {name!r}", suggest(vocab, kind, name))


def _by_heading(store: GraphStore, name: str) -> str | None:
    """The indication one of whose labels equals ``name`` up to case and punctuation, or
    as an inverted MeSH heading read in natural order (or the reverse); a preferred
    label before an alias, then the smallest IRI."""
    words = _WORDS.findall(name.casefold())
    if not words:
        return None
    forms = heading_forms(name)
    word = max(words, key=len)
    from rdflib import Literal

    hits: list[tuple[int, str]] = []
    for row in store.select(_INDICATION_LABELS, {"word": Literal(word)}):
        label, e = row.get("l"), row.get("e")
        if label is not None and e is not None and heading_forms(str(label)) & forms:
            hits.append((int(str(row.get("rank") or 2)), str(e)))
    return min(hits)[1] if hits else None


def _typed(store: GraphStore, iri: URIRef, cls: URIRef) -> bool:
    return store.ask(ASK_TYPED, {"e": iri, "cls": cls})


def _first(rows: list[dict[str, Node | None]]) -> str | None:
    """The smallest IRI among the rows' ``?e`` (deterministic when several match)."""
    iris = sorted(str(r["e"]) for r in rows if r.get("e") is not None)
    return iris[0] if iris else None


def resolve_modality(store: GraphStore, name: str) -> URIRef:
    """IRI of a modality concept given by id or label."""
    from rdflib import Literal, URIRef

    key = slugify(name)
    iri = URIRef(f"{ID_BASE}modality/{key}")
    modality = URIRef(tlkg_iri("Modality"))
    if store.ask(ASK_TYPED, {"e": iri, "cls": modality}):
        return iri
    needle: dict[str, Node] = {"needle": Literal(normalise_name(name)), "cls": modality}
    found = _first(store.select(sparql.query("find_by_label"), needle))
    if found is not None:
        return URIRef(found)
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
