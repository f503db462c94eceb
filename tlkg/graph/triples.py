"""Typed records -> RDF triples. The only place that decides how a record looks in RDF.

A source's claims go into its own named graph (``source_graph``); its metadata into the
metadata graph. Vocabulary facts (known names, aliases, modalities, targets) go into the
vocabulary graph, so that they hold whatever is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from tlkg.loaders.records import (
    ArticleRecord,
    EntityRef,
    Relation,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.concepts import enum_key
from tlkg.ontology.ids import source_key
from tlkg.ontology.namespace import ID, SCHEMA, TLKG, entity_iri, source_graph, source_iri
from tlkg.ontology.vocab import Vocabulary

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")

RELATION_PREDICATES: dict[str, URIRef] = {
    "has_target": TLKG.target,
    "has_indication": TLKG.indication,
    "has_modality": TLKG.modality,
    "developed_by": TLKG.developer,
    "acquired_by": TLKG.acquiredBy,
    "head_to_head": TLKG.headToHeadWith,
    "compared_with": TLKG.benchmarkedAgainst,
    "competes_with": TLKG.competesWith,
    "complements": TLKG.complements,
    "faces_barrier": TLKG.facesBarrier,
    "addresses_barrier": TLKG.addressesBarrier,
}
# Concept schemes whose individuals live under ID/<path>/<key>.
CONCEPT_PATHS = {
    "modality": "modality",
    "barrier": "barrier",
    "evidence_level": "evidence-level",
    "phase": "phase",
    "status": "trial-status",
    "arm_role": "arm-role",
    "category": "intervention-category",
}
ENTITY_CLASSES = {
    "therapy": TLKG.Therapy,
    "indication": TLKG.Indication,
    "target": TLKG.Target,
    "organization": TLKG.Organization,
}


def concept(scheme: str, key: str) -> URIRef:
    return ID[f"{CONCEPT_PATHS[scheme]}/{key}"]


def ref_iri(ref: EntityRef) -> URIRef:
    if ref.kind in ("modality", "barrier"):
        return concept(ref.kind, ref.key)
    return entity_iri(ref.kind, ref.key)


def date_literal(value: str) -> Literal:
    """Dates as given: a full date is xsd:date, a partial one xsd:gYearMonth or xsd:gYear,
    anything else stays a plain string rather than being guessed."""
    value = value.strip()
    if _FULL_DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _YEAR_MONTH.match(value):
        return Literal(value, datatype=XSD.gYearMonth)
    if _YEAR.match(value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


@dataclass
class SourceTriples:
    source_id: str
    graph: URIRef
    source: URIRef
    data: list[Triple] = field(default_factory=list)
    meta: list[Triple] = field(default_factory=list)


def meta_triples(meta: SourceMeta, about: URIRef | None, loaded_at: datetime) -> list[Triple]:
    src = source_iri(meta.id)
    out: list[Triple] = [
        (src, RDF.type, TLKG.Source),
        (src, RDF.type, TLKG.TrialRecord if meta.kind == "trial" else TLKG.Article),
        (src, DCTERMS.identifier, Literal(meta.id)),
        (src, TLKG.namedGraph, source_graph(meta.id)),
        (src, TLKG.contentHash, Literal(meta.content_hash)),
        (src, TLKG.loader, Literal(meta.loader)),
        (src, TLKG.loaderVersion, Literal(meta.loader_version)),
        (src, PROV.generatedAtTime, Literal(loaded_at.isoformat(), datatype=XSD.dateTime)),
    ]
    if meta.title:
        out.append((src, DCTERMS.title, Literal(meta.title)))
    if meta.date:
        out.append((src, DCTERMS.issued, date_literal(meta.date)))
    if meta.url:
        out.append((src, SCHEMA.url, Literal(meta.url, datatype=XSD.anyURI)))
    if meta.publisher:
        out.append((src, DCTERMS.publisher, Literal(meta.publisher)))
    if meta.evidence_level:
        out.append((src, TLKG.evidenceLevel, concept("evidence_level", meta.evidence_level)))
    if about is not None:
        out.append((src, TLKG.about, about))
    return out


def _entity(ref: EntityRef) -> Iterator[Triple]:
    iri = ref_iri(ref)
    cls = ENTITY_CLASSES.get(ref.kind)
    if cls is None:
        return
    yield iri, RDF.type, cls
    yield iri, SKOS.prefLabel, Literal(ref.name)


def _therapy(t: TherapyRef) -> Iterator[Triple]:
    iri = entity_iri("therapy", t.key)
    yield from _entity(t)
    for alias in t.aliases:
        yield iri, SKOS.altLabel, Literal(alias)
    if t.modality and (t.modality_inferred or not t.known):
        yield iri, TLKG.modality, concept("modality", t.modality)
        yield iri, TLKG.modalityInferred, Literal(True)
    if t.category != "product":
        yield iri, TLKG.interventionCategory, concept("category", t.category)
    if t.intervention_type:
        yield iri, TLKG.interventionType, Literal(t.intervention_type)


def trial_triples(rec: TrialRecord, loaded_at: datetime | None = None) -> SourceTriples:
    trial = entity_iri("trial", rec.nct_id)
    st = SourceTriples(rec.source.id, source_graph(rec.source.id), source_iri(rec.source.id))
    st.meta = meta_triples(rec.source, trial, loaded_at or datetime.now(UTC))
    d = st.data
    d += [
        (trial, RDF.type, TLKG.Trial),
        (trial, DCTERMS.identifier, Literal(rec.nct_id)),
    ]
    if rec.brief_title:
        d.append((trial, DCTERMS.title, Literal(rec.brief_title)))
    if rec.official_title and rec.official_title != rec.brief_title:
        d.append((trial, DCTERMS.alternative, Literal(rec.official_title)))
    if rec.acronym:
        d.append((trial, SKOS.altLabel, Literal(rec.acronym)))
    if rec.overall_status:
        d.append((trial, TLKG.status, concept("status", enum_key(rec.overall_status))))
    for phase in rec.phases:
        d.append((trial, TLKG.phase, concept("phase", enum_key(phase))))
    if rec.study_type:
        d.append((trial, TLKG.studyType, Literal(rec.study_type)))
    for pred, value in (
        (TLKG.startDate, rec.start_date),
        (TLKG.primaryCompletionDate, rec.primary_completion_date),
        (TLKG.completionDate, rec.completion_date),
        (TLKG.firstPosted, rec.first_posted),
        (TLKG.lastUpdated, rec.last_updated),
    ):
        if value:
            d.append((trial, pred, date_literal(value)))
    if rec.enrollment is not None:
        d.append((trial, TLKG.enrollment, Literal(rec.enrollment, datatype=XSD.integer)))
    orgs = [(TLKG.sponsor, rec.lead_sponsor)] if rec.lead_sponsor else []
    orgs += [(TLKG.collaborator, org) for org in rec.collaborators]
    for pred, org in orgs:
        org_iri = entity_iri("organization", org.key)
        d += [
            (trial, pred, org_iri),
            (org_iri, RDF.type, TLKG.Organization),
            (org_iri, SKOS.prefLabel, Literal(org.name)),
            (st.source, TLKG.mentions, org_iri),
        ]
    for ind in rec.indications:
        ind_iri = entity_iri("indication", ind.key)
        d += [(trial, TLKG.condition, ind_iri), (st.source, TLKG.mentions, ind_iri)]
        d += _entity(ind)
        d += [(ind_iri, TLKG.meshId, Literal(m)) for m in ind.mesh_ids]
    sponsor_is_industry = bool(rec.lead_sponsor and rec.lead_sponsor.org_class == "INDUSTRY")
    experimental = _experimental_keys(rec)
    for t in rec.therapies:
        t_iri = entity_iri("therapy", t.key)
        d += [(trial, TLKG.studiesTherapy, t_iri), (st.source, TLKG.mentions, t_iri)]
        d += _therapy(t)
        if t.category == "product":
            d += [
                (t_iri, TLKG.indication, entity_iri("indication", i.key)) for i in rec.indications
            ]
            if sponsor_is_industry and rec.lead_sponsor and t.key in experimental:
                d.append((t_iri, TLKG.developer, entity_iri("organization", rec.lead_sponsor.key)))
    for i, arm in enumerate(rec.arms, start=1):
        arm_iri = URIRef(f"{trial}/arm/{i}")
        d += [(trial, TLKG.hasArm, arm_iri), (arm_iri, RDF.type, TLKG.Arm)]
        d.append((arm_iri, RDFS.label, Literal(arm.label)))
        if arm.role:
            d.append((arm_iri, TLKG.armRole, concept("arm_role", arm.role)))
        d += [(arm_iri, TLKG.armIntervention, entity_iri("therapy", k)) for k in arm.therapy_keys]
    d += _benchmarks(rec)
    for pmid in rec.pmids:
        d.append((trial, TLKG.pmid, Literal(pmid)))
        d.append((trial, DCTERMS.references, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/")))
    return st


def _experimental_keys(rec: TrialRecord) -> set[str]:
    if not rec.arms:
        return {t.key for t in rec.therapies}
    keys: set[str] = set()
    for arm in rec.arms:
        if arm.role in (None, "experimental"):
            keys.update(arm.therapy_keys)
    return keys


def _benchmarks(rec: TrialRecord) -> list[Triple]:
    """An active-comparator arm: the experimental therapies were benchmarked against the
    comparator's therapies (those not given in the experimental arm as well)."""
    products = {t.key for t in rec.therapies if t.category == "product"}
    experimental = _experimental_keys(rec) & products
    comparators: set[str] = set()
    for arm in rec.arms:
        if arm.role == "active-comparator":
            comparators.update(k for k in arm.therapy_keys if k in products)
    comparators -= experimental
    return [
        (entity_iri("therapy", e), TLKG.benchmarkedAgainst, entity_iri("therapy", c))
        for e in sorted(experimental)
        for c in sorted(comparators)
    ]


def article_triples(rec: ArticleRecord, loaded_at: datetime | None = None) -> SourceTriples:
    st = SourceTriples(rec.source.id, source_graph(rec.source.id), source_iri(rec.source.id))
    st.meta = meta_triples(rec.source, None, loaded_at or datetime.now(UTC))
    d = st.data
    for ref in rec.mentions:
        d.append((st.source, TLKG.mentions, ref_iri(ref)))
        d += _entity(ref)
    for t in rec.therapies:
        d.append((st.source, TLKG.mentions, entity_iri("therapy", t.key)))
        d += _therapy(t)
    for m in rec.mesh:
        d.append((st.source, TLKG.meshId, Literal(m.id)))
    for n, rel in enumerate(rec.relations, start=1):
        d += relation_triples(rel, st.source, rec.source.id, n)
    return st


def relation_triples(rel: Relation, source: URIRef, source_id: str, n: int) -> list[Triple]:
    s, p, o = ref_iri(rel.subject), RELATION_PREDICATES[rel.kind], ref_iri(rel.object)
    ev = ID[f"evidence/{source_key(source_id)}/{n}"]
    out: list[Triple] = [
        (s, p, o),
        (ev, RDF.type, TLKG.Evidence),
        (ev, RDF.subject, s),
        (ev, RDF.predicate, p),
        (ev, RDF.object, o),
        (ev, TLKG.sentence, Literal(rel.evidence.sentence)),
        (ev, TLKG.startOffset, Literal(rel.evidence.start, datatype=XSD.integer)),
        (ev, TLKG.endOffset, Literal(rel.evidence.end, datatype=XSD.integer)),
        (ev, PROV.wasDerivedFrom, source),
    ]
    if rel.detail:
        out.append((ev, TLKG.comparisonKind, Literal(rel.detail)))
    out += _entity(rel.subject)
    out += _entity(rel.object)
    return out


def record_triples(
    rec: TrialRecord | ArticleRecord, loaded_at: datetime | None = None
) -> SourceTriples:
    if isinstance(rec, TrialRecord):
        return trial_triples(rec, loaded_at)
    return article_triples(rec, loaded_at)


def vocabulary_triples(vocab: Vocabulary) -> Iterator[Triple]:
    """Background facts of the vocabulary: names, aliases and what each known entity is."""
    for kind, entries in vocab.entries.items():
        cls = ENTITY_CLASSES[kind]
        for e in entries.values():
            iri = entity_iri(kind, e.key)
            yield iri, RDF.type, cls
            yield iri, SKOS.prefLabel, Literal(e.name)
            for alias in e.aliases:
                yield iri, SKOS.altLabel, Literal(alias)
            if e.modality:
                yield iri, TLKG.modality, concept("modality", e.modality)
            for attr, pred, target_kind in (
                ("targets", TLKG.target, "target"),
                ("indications", TLKG.indication, "indication"),
                ("approved_for", TLKG.approvedFor, "indication"),
                ("developers", TLKG.developer, "organization"),
            ):
                for key in getattr(e, attr):
                    yield iri, pred, entity_iri(target_kind, key)
            for key in e.broader:
                yield iri, SKOS.broader, entity_iri("indication", key)
            for mesh in e.mesh:
                yield iri, TLKG.meshId, Literal(mesh)
            if e.acquired_by:
                yield iri, TLKG.acquiredBy, entity_iri("organization", e.acquired_by)
            if e.note:
                yield iri, SKOS.note, Literal(e.note)
