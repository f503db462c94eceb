"""Typed records -> RDF triples. The only place that decides how a record looks in RDF.

A source's claims go into its own named graph (``source_graph``); its metadata into the
metadata graph. Vocabulary facts (known names, aliases, modalities, targets) go into the
vocabulary graph, so that they hold whatever is loaded. Triples are light terms (an IRI
is a ``str``, a literal a ``Lit``; see ``terms.py``) because this runs for every study of
the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from tlkg.graph.rdf.predicates import (
    TRUE,
    XSD_ANYURI,
    XSD_BOOL,
    XSD_DATE,
    XSD_DATETIME,
    XSD_GY,
    XSD_GYM,
    XSD_INT,
    P,
    SourceTriples,
)
from tlkg.graph.rdf.terms import Lit, Triple
from tlkg.loaders.records import (
    ArticleRecord,
    EntityRef,
    Relation,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.concepts import enum_key
from tlkg.ontology.ids import slugify, source_key
from tlkg.ontology.namespace import (
    ID_BASE,
    TLKG,
    entity_iri_text,
    source_graph,
    source_iri,
)
from tlkg.ontology.vocab import Vocabulary

__all__ = [
    "XSD_ANYURI",
    "XSD_BOOL",
    "XSD_DATE",
    "XSD_DATETIME",
    "XSD_GY",
    "XSD_GYM",
    "XSD_INT",
    "Lit",
    "P",
    "SourceTriples",
    "Triple",
    "record_triples",
    "vocabulary_triples",
]

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_PMID = re.compile(r"^\d{1,9}$")


T = {name: str(getattr(TLKG, name)) for name in TLKG.__annotations__}


RELATION_PREDICATES: dict[str, str] = {
    "has_target": T["target"],
    "has_indication": T["indication"],
    "has_modality": T["modality"],
    "developed_by": T["developer"],
    "acquired_by": T["acquiredBy"],
    "head_to_head": T["headToHeadWith"],
    "compared_with": T["benchmarkedAgainst"],
    "competes_with": T["competesWith"],
    "complements": T["complements"],
    "faces_barrier": T["facesBarrier"],
    "addresses_barrier": T["addressesBarrier"],
    "has_phase": T["statedPhase"],
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
    "therapy": T["Therapy"],
    "indication": T["Indication"],
    "target": T["Target"],
    "organization": T["Organization"],
}


def concept(scheme: str, key: str) -> str:
    # Keys from data (statuses, phases) are slugified so that no value can break an IRI.
    return f"{ID_BASE}{CONCEPT_PATHS[scheme]}/{slugify(key)}"


def ref_iri(ref: EntityRef) -> str:
    if ref.kind in ("modality", "barrier"):
        return concept(ref.kind, ref.key)
    if ref.kind == "phase":
        # A stated stage: a trial phase concept, or the approved evidence level (there is
        # no "approved" trial phase).
        if ref.key == "approved":
            return concept("evidence_level", ref.key)
        return concept("phase", ref.key)
    return entity_iri_text(ref.kind, ref.key)


def date_literal(value: str) -> Lit:
    """Dates as given: a full date is xsd:date, a partial one xsd:gYearMonth or xsd:gYear,
    anything else stays a plain string rather than being guessed."""
    value = value.strip()
    if _FULL_DATE.match(value):
        return Lit(value, XSD_DATE)
    if _YEAR_MONTH.match(value):
        return Lit(value, XSD_GYM)
    if _YEAR.match(value):
        return Lit(value, XSD_GY)
    return Lit(value)


def _new(source_id: str) -> SourceTriples:
    return SourceTriples(source_id, str(source_graph(source_id)), str(source_iri(source_id)))


def meta_triples(meta: SourceMeta, about: str | None, loaded_at: datetime) -> list[Triple]:
    src = str(source_iri(meta.id))
    out: list[Triple] = [
        (src, P.type, T["Source"]),
        (src, P.type, T["TrialRecord"] if meta.kind == "trial" else T["Article"]),
        (src, P.identifier, Lit(meta.id)),
        (src, T["namedGraph"], str(source_graph(meta.id))),
        (src, T["contentHash"], Lit(meta.content_hash)),
        (src, T["loader"], Lit(meta.loader)),
        (src, T["loaderVersion"], Lit(meta.loader_version)),
        (src, P.generated, Lit(loaded_at.isoformat(), XSD_DATETIME)),
    ]
    if meta.title:
        out.append((src, P.title, Lit(meta.title)))
    if meta.date:
        out.append((src, P.issued, date_literal(meta.date)))
    if meta.version:
        out.append((src, P.modified, date_literal(meta.version)))
    if meta.url:
        out.append((src, P.url, Lit(meta.url, XSD_ANYURI)))
    if meta.publisher:
        out.append((src, P.publisher, Lit(meta.publisher)))
    if meta.evidence_level:
        out.append((src, T["evidenceLevel"], concept("evidence_level", meta.evidence_level)))
    if about is not None:
        out.append((src, T["about"], about))
    return out


def _entity(ref: EntityRef) -> list[Triple]:
    cls = ENTITY_CLASSES.get(ref.kind)
    if cls is None:
        return []
    iri = ref_iri(ref)
    return [(iri, P.type, cls), (iri, P.pref, Lit(ref.name))]


def _therapy(t: TherapyRef) -> list[Triple]:
    iri = entity_iri_text("therapy", t.key)
    out = _entity(t)
    out += [(iri, P.alt, Lit(alias)) for alias in t.aliases]
    out += [(iri, P.hidden, Lit(label)) for label in t.hidden_labels]
    if t.modality and (t.modality_inferred or not t.known):
        out.append((iri, T["modality"], concept("modality", t.modality)))
        out.append((iri, T["modalityInferred"], TRUE))
    if t.phase:
        # The highest stated stage; each statement's sentence is on its has_phase relation.
        out.append(
            (iri, T["statedPhase"], ref_iri(EntityRef(kind="phase", key=t.phase, name=t.phase)))
        )
    if t.category != "product":
        out.append((iri, T["interventionCategory"], concept("category", t.category)))
    if t.intervention_type:
        out.append((iri, T["interventionType"], Lit(t.intervention_type)))
    out += [(iri, T["meshId"], Lit(m)) for m in t.mesh_ids]
    for target in t.targets:
        out.append((iri, T["target"], ref_iri(target)))
        out += _entity(target)
    return out


def trial_triples(rec: TrialRecord, loaded_at: datetime | None = None) -> SourceTriples:
    trial = entity_iri_text("trial", rec.nct_id)
    st = _new(rec.source.id)
    st.meta = meta_triples(rec.source, trial, loaded_at or datetime.now(UTC))
    d = st.data
    d += _trial_facts(trial, rec)
    d += _organization_triples(trial, st.source, rec)
    indications = [entity_iri_text("indication", i.key) for i in rec.indications]
    d += _condition_triples(trial, st.source, rec, indications)
    d += _studied_therapy_triples(trial, st.source, rec, indications)
    d += _other_interventions(trial, rec)
    d += _arm_triples(trial, rec)
    d += _benchmarks(trial, rec)
    d += _pmid_triples(trial, rec)
    return st


def _other_interventions(trial: str, rec: TrialRecord) -> list[Triple]:
    """Registered interventions that are not therapies, each a tlkg:Intervention of its
    trial (its id: the NCT ID and the name's slug) with its category and registered type."""
    out: list[Triple] = []
    for n in rec.other_interventions:
        iv = entity_iri_text("intervention", f"{rec.nct_id}-{slugify(n.name)}")
        out += [
            (trial, T["otherIntervention"], iv),
            (iv, P.type, T["Intervention"]),
            (iv, P.pref, Lit(n.name)),
            (iv, T["interventionCategory"], concept("category", n.category)),
        ]
        if n.intervention_type:
            out.append((iv, T["interventionType"], Lit(n.intervention_type)))
    return out


def _trial_facts(trial: str, rec: TrialRecord) -> list[Triple]:
    """The trial's own fields: identifier, titles, status, phases, study type, dates and
    enrollment."""
    d: list[Triple] = [(trial, P.type, T["Trial"]), (trial, P.identifier, Lit(rec.nct_id))]
    if rec.brief_title:
        d.append((trial, P.title, Lit(rec.brief_title)))
    if rec.official_title and rec.official_title != rec.brief_title:
        d.append((trial, P.alternative, Lit(rec.official_title)))
    if rec.acronym:
        d.append((trial, P.alt, Lit(rec.acronym)))
    if rec.overall_status:
        d.append((trial, T["status"], concept("status", enum_key(rec.overall_status))))
    d += [(trial, T["phase"], concept("phase", enum_key(ph))) for ph in rec.phases]
    if rec.study_type:
        d.append((trial, T["studyType"], Lit(rec.study_type)))
    if rec.allocation:
        d.append((trial, T["allocation"], Lit(rec.allocation)))
    for pred, value in (
        ("startDate", rec.start_date),
        ("primaryCompletionDate", rec.primary_completion_date),
        ("completionDate", rec.completion_date),
        ("firstPosted", rec.first_posted),
        ("lastUpdated", rec.last_updated),
    ):
        if value:
            d.append((trial, T[pred], date_literal(value)))
    if rec.enrollment is not None:
        d.append((trial, T["enrollment"], Lit(str(rec.enrollment), XSD_INT)))
    return d


def _organization_triples(trial: str, source: str, rec: TrialRecord) -> list[Triple]:
    """The lead sponsor and the collaborators, each named and mentioned by the source."""
    d: list[Triple] = []
    orgs = [("sponsor", rec.lead_sponsor)] if rec.lead_sponsor else []
    orgs += [("collaborator", org) for org in rec.collaborators]
    for pred, org in orgs:
        assert org is not None
        org_iri = entity_iri_text("organization", org.key)
        d += [
            (trial, T[pred], org_iri),
            (org_iri, P.type, T["Organization"]),
            (org_iri, P.pref, Lit(org.name)),
            (source, T["mentions"], org_iri),
        ]
    return d


def _condition_triples(
    trial: str, source: str, rec: TrialRecord, indications: list[str]
) -> list[Triple]:
    """The trial's indications (``indications`` are their IRIs) with their MeSH IDs."""
    d: list[Triple] = []
    for ind, ind_iri in zip(rec.indications, indications, strict=True):
        d += [(trial, T["condition"], ind_iri), (source, T["mentions"], ind_iri)]
        d += _entity(ind)
        d += [(ind_iri, T["meshId"], Lit(m)) for m in ind.mesh_ids]
    return d


def _studied_therapy_triples(
    trial: str, source: str, rec: TrialRecord, indications: list[str]
) -> list[Triple]:
    """The therapies studied; a product the trial tests (``_tested_keys``) is for the
    trial's indications, and an industry lead sponsor develops the experimental ones."""
    d: list[Triple] = []
    developer = _developer(rec)
    experimental = _experimental_keys(rec)
    tested = _tested_keys(rec)
    for t in rec.therapies:
        t_iri = entity_iri_text("therapy", t.key)
        d += [(trial, T["studiesTherapy"], t_iri), (source, T["mentions"], t_iri)]
        d += _therapy(t)
        if t.category == "product":
            if t.key in tested:
                d += [(t_iri, T["indication"], i) for i in indications]
            if developer and t.key in experimental:
                d.append((t_iri, T["developer"], developer))
    return d


def _arm_triples(trial: str, rec: TrialRecord) -> list[Triple]:
    """Arms ``<trial>/arm/1``, ``/2``, ... with their label, role and therapies."""
    d: list[Triple] = []
    for i, arm in enumerate(rec.arms, start=1):
        arm_iri = f"{trial}/arm/{i}"
        d += [(trial, T["hasArm"], arm_iri), (arm_iri, P.type, T["Arm"])]
        d.append((arm_iri, P.label, Lit(arm.label)))
        if arm.role:
            d.append((arm_iri, T["armRole"], concept("arm_role", arm.role)))
        d += [
            (arm_iri, T["armIntervention"], entity_iri_text("therapy", k)) for k in arm.therapy_keys
        ]
    return d


def _pmid_triples(trial: str, rec: TrialRecord) -> list[Triple]:
    """PubMed IDs as given, and a PubMed link for each well-formed one."""
    d: list[Triple] = []
    for pmid in rec.pmids:
        d.append((trial, T["pmid"], Lit(pmid)))
        if _PMID.match(pmid):
            d.append((trial, P.references, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    return d


def _developer(rec: TrialRecord) -> str | None:
    """An industry lead sponsor develops the experimental products of its trial."""
    sponsor = rec.lead_sponsor
    if sponsor is None or sponsor.org_class != "INDUSTRY":
        return None
    return entity_iri_text("organization", sponsor.key)


# Studies whose therapies are for the trial's conditions: interventional, to treat or
# prevent (observational, supportive-care, diagnostic, quality-of-life ... studies are not).
_TESTING_PURPOSES = frozenset({"TREATMENT", "PREVENTION"})
_TESTING_ROLES = frozenset({None, "experimental", "active-comparator"})


def _tested_keys(rec: TrialRecord) -> set[str]:
    """The therapies the trial tests: those of its experimental and active-comparator
    arms (and those in no arm), in an interventional study of treatment or prevention
    (a record without a study type or purpose is taken as one); in a study whose purpose
    is "other", the products of its experimental arms."""
    if (rec.study_type or "INTERVENTIONAL").upper() != "INTERVENTIONAL":
        return set()
    purpose = (rec.primary_purpose or "TREATMENT").upper()
    if purpose == "OTHER":
        # First-in-human studies often say "other": their experimental products (not
        # the conditioning or supportive care around them) are still for the condition.
        products = {t.key for t in rec.therapies if t.category == "product"}
        return {
            k for arm in rec.arms if arm.role == "experimental" for k in arm.therapy_keys
        } & products
    if purpose not in _TESTING_PURPOSES:
        return set()
    keys = {t.key for t in rec.therapies}
    in_arms = {k for arm in rec.arms for k in arm.therapy_keys}
    tested = keys - in_arms
    for arm in rec.arms:
        if arm.role in _TESTING_ROLES:
            tested.update(arm.therapy_keys)
    return tested


def _experimental_keys(rec: TrialRecord) -> set[str]:
    if not rec.arms:
        return {t.key for t in rec.therapies}
    keys: set[str] = set()
    for arm in rec.arms:
        if arm.role in (None, "experimental"):
            keys.update(arm.therapy_keys)
    return keys


def _benchmarks(trial: str, rec: TrialRecord) -> list[Triple]:
    """A trial with an active-comparator arm compares what only its experimental arms give
    with what only its comparator arms give: each experimental-only product was
    benchmarked against each comparator-only product. A therapy in both an experimental
    and a comparator arm is the backbone both sides share (the platinum doublet under
    pembrolizumab and under its rival): ``tlkg:backbone`` of the trial, never a party to
    the comparison, in either direction."""
    comparator_arms = [arm for arm in rec.arms if arm.role == "active-comparator"]
    if not comparator_arms:
        return []
    experimental = {
        k for arm in rec.arms if arm.role in (None, "experimental") for k in arm.therapy_keys
    }
    comparator = {k for arm in comparator_arms for k in arm.therapy_keys}
    backbone = experimental & comparator
    products = {t.key for t in rec.therapies if t.category == "product"}
    out: list[Triple] = [
        (trial, T["backbone"], entity_iri_text("therapy", k)) for k in sorted(backbone)
    ]
    out += [
        (entity_iri_text("therapy", e), T["benchmarkedAgainst"], entity_iri_text("therapy", c))
        for e in sorted((experimental - backbone) & products)
        for c in sorted((comparator - backbone) & products)
    ]
    return out


def article_triples(rec: ArticleRecord, loaded_at: datetime | None = None) -> SourceTriples:
    st = _new(rec.source.id)
    st.meta = meta_triples(rec.source, None, loaded_at or datetime.now(UTC))
    d = st.data
    for ref in rec.mentions:
        d.append((st.source, T["mentions"], ref_iri(ref)))
        d += _entity(ref)
    for t in rec.therapies:
        d.append((st.source, T["mentions"], entity_iri_text("therapy", t.key)))
        d += _therapy(t)
    d += [(st.source, T["meshId"], Lit(m.id)) for m in rec.mesh]
    # A disease the article names more narrowly than one it or the vocabulary knows: the
    # hierarchy says so, in this source's graph (gone with the source).
    d += [
        (
            entity_iri_text("indication", b.narrower),
            P.broader,
            entity_iri_text("indication", b.broader),
        )
        for b in rec.broader
    ]
    for n, rel in enumerate(rec.relations, start=1):
        d += relation_triples(rel, st.source, rec.source.id, n)
    return st


def relation_triples(rel: Relation, source: str, source_id: str, n: int) -> list[Triple]:
    s, p, o = ref_iri(rel.subject), RELATION_PREDICATES[rel.kind], ref_iri(rel.object)
    ev = f"{ID_BASE}evidence/{source_key(source_id)}/{n}"
    out: list[Triple] = [
        (s, p, o),
        (ev, P.type, T["Evidence"]),
        (ev, P.subject, s),
        (ev, P.predicate, p),
        (ev, P.object, o),
        (ev, T["sentence"], Lit(rel.evidence.sentence)),
        (ev, T["startOffset"], Lit(str(rel.evidence.start), XSD_INT)),
        (ev, T["endOffset"], Lit(str(rel.evidence.end), XSD_INT)),
        (ev, P.derived, source),
    ]
    if rel.detail:
        out.append((ev, T["comparisonKind"], Lit(rel.detail)))
    if rel.evidence.level:  # the sentence is about another stage than its source
        out.append((ev, T["evidenceLevel"], concept("evidence_level", rel.evidence.level)))
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
    links = (
        ("targets", T["target"], "target"),
        ("indications", T["indication"], "indication"),
        ("approved_for", T["approvedFor"], "indication"),
        ("developers", T["developer"], "organization"),
    )
    for kind, entries in vocab.entries.items():
        cls = ENTITY_CLASSES[kind]
        for e in entries.values():
            iri = entity_iri_text(kind, e.key)
            yield iri, P.type, cls
            yield iri, P.pref, Lit(e.name)
            for alias in e.aliases:
                yield iri, P.alt, Lit(alias)
            if e.modality:
                yield iri, T["modality"], concept("modality", e.modality)
            for attr, pred, target_kind in links:
                for key in getattr(e, attr):
                    yield iri, pred, entity_iri_text(target_kind, key)
            for key in e.broader:
                yield iri, P.broader, entity_iri_text("indication", key)
            for mesh in e.mesh:
                yield iri, T["meshId"], Lit(mesh)
            if e.acquired_by:
                yield iri, T["acquiredBy"], entity_iri_text("organization", e.acquired_by)
            if e.note:
                yield iri, P.note, Lit(e.note)
            for key in e.same_as:
                yield iri, P.same_as, entity_iri_text(kind, key)
            for key in e.not_same_as:
                yield iri, P.different_from, entity_iri_text(kind, key)
