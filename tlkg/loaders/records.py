"""Typed records produced by the loaders. No RDF here: ``tlkg.graph.rdf.triples`` maps these.

Entity references carry a *key* (the slug from ``tlkg.ontology.ids``) and the name as
written; the vocabulary resolves names to keys before a record is built, so two names of
one therapy give one key.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EvidenceLevel = Literal["preclinical", "early-clinical", "pivotal", "approved"]
SourceKind = Literal["article", "trial"]
EntityKind = Literal[
    "therapy", "indication", "target", "organization", "modality", "barrier", "phase"
]
# The most advanced stage an article states for a programme: a trial phase key of the
# phase concepts the trial mapping uses, or "approved".
StatedPhase = Literal["phase1", "phase2", "phase3", "phase4", "approved"]
ArmRole = Literal[
    "experimental",
    "active-comparator",
    "placebo-comparator",
    "sham-comparator",
    "no-intervention",
    "other",
]
# What an intervention is in the landscape: a product or programme that can compete,
# a generic class or supportive care that is only a regimen component, or a diagnostic
# or procedure of care. Placebo, sham and standard of care are never therapies at all.
InterventionCategory = Literal["product", "generic", "supportive", "diagnostic", "procedure"]
RelationKind = Literal[
    "has_target",
    "has_indication",
    "has_modality",
    "developed_by",
    "acquired_by",
    "head_to_head",
    "compared_with",
    "competes_with",
    "complements",
    "faces_barrier",
    "addresses_barrier",
    "has_phase",
]


class Record(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class SourceMeta(Record):
    id: str = Field(description="NCT ID for a trial record; a stable slug for an article")
    kind: SourceKind
    title: str | None = None
    date: str | None = Field(None, description="ISO date, possibly partial (YYYY or YYYY-MM)")
    version: str | None = Field(
        None,
        description="the day the publisher posted this version (a trial record's last "
        "update posted date); a load that meets a newer version keeps the older one as "
        "history",
    )
    url: str | None = None
    publisher: str | None = None
    evidence_level: EvidenceLevel | None = None
    content_hash: str
    loader: str
    loader_version: str
    path: str | None = None


class EntityRef(Record):
    kind: EntityKind
    key: str = Field(description="slug; with kind it gives the IRI")
    name: str = Field(description="canonical name, or the name as written if unknown")
    known: bool = Field(True, description="resolved through the vocabulary")


class TherapyRef(EntityRef):
    kind: Literal["therapy"] = "therapy"
    aliases: list[str] = Field(default_factory=list)
    modality: str | None = Field(None, description="modality concept key")
    modality_inferred: bool = False
    category: InterventionCategory = "product"
    intervention_type: str | None = None
    mesh_ids: list[str] = Field(
        default_factory=list, description="MeSH ids the registry's indexing aligns to it"
    )
    targets: list[EntityRef] = Field(
        default_factory=list, description="targets named in the registry's wording"
    )
    split_from: list[str] = Field(
        default_factory=list, description="regimens written as one intervention it came from"
    )
    phase: StatedPhase | None = Field(
        None,
        description="the most advanced phase an article states for the programme (its"
        " has_phase relations carry the sentences); None for a trial record",
    )
    hidden_labels: list[str] = Field(
        default_factory=list,
        description="the source's own wording when it differs from every name shown"
        ' ("K-877 0.2 mg/day"): found by search and show, never shown as an alias',
    )


class InterventionNote(Record):
    """A registry intervention that is not a therapy (a placeholder, treatment class,
    diagnostic or procedure of care), kept with its category."""

    name: str
    category: InterventionCategory
    intervention_type: str | None = None


class Organization(Record):
    key: str
    name: str
    org_class: str | None = None


class MeshTerm(Record):
    id: str = Field(description="normalised MeSH descriptor id, e.g. D009101")
    term: str


class IndicationRef(EntityRef):
    kind: Literal["indication"] = "indication"
    mesh_ids: list[str] = Field(default_factory=list)


class Arm(Record):
    label: str
    role: ArmRole | None = None
    therapy_keys: list[str] = Field(default_factory=list, description="therapies in the arm")
    has_placebo: bool = False
    has_standard_of_care: bool = False


class TrialRecord(Record):
    source: SourceMeta
    nct_id: str
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    overall_status: str | None = None
    phases: list[str] = Field(default_factory=list)
    study_type: str | None = None
    primary_purpose: str | None = Field(None, description="API v2 enum PrimaryPurpose")
    allocation: str | None = Field(
        None, description="API v2 enum DesignAllocation: RANDOMIZED, NON_RANDOMIZED, NA"
    )
    start_date: str | None = None
    primary_completion_date: str | None = None
    completion_date: str | None = None
    first_posted: str | None = None
    last_updated: str | None = None
    enrollment: int | None = None
    lead_sponsor: Organization | None = None
    collaborators: list[Organization] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list, description="as written")
    indications: list[IndicationRef] = Field(default_factory=list)
    therapies: list[TherapyRef] = Field(default_factory=list)
    other_interventions: list[InterventionNote] = Field(
        default_factory=list, description="interventions that are not therapies"
    )
    arms: list[Arm] = Field(default_factory=list)
    pmids: list[str] = Field(default_factory=list)


class Evidence(Record):
    sentence: str
    start: int = Field(ge=0, description="character offset of the sentence in the text")
    end: int = Field(ge=0)
    level: EvidenceLevel | None = Field(
        None, description="the stage the sentence is about, when not the source's level"
    )


class Relation(Record):
    kind: RelationKind
    subject: EntityRef
    object: EntityRef
    evidence: Evidence
    detail: str | None = Field(
        None, description="for comparisons: head_to_head|non_inferiority|versus_soc|stated"
    )


class BroaderLink(Record):
    """An indication the article names more narrowly than another it or the vocabulary
    knows ("relapsed or refractory follicular lymphoma" under "follicular lymphoma")."""

    narrower: str = Field(description="indication key")
    broader: str = Field(description="indication key")


class ArticleRecord(Record):
    source: SourceMeta
    text: str = Field(description="the plain text the offsets refer to")
    mentions: list[EntityRef] = Field(default_factory=list, description="entities mentioned")
    therapies: list[TherapyRef] = Field(
        default_factory=list, description="therapies found, with their modality"
    )
    relations: list[Relation] = Field(default_factory=list)
    mesh: list[MeshTerm] = Field(default_factory=list)
    broader: list[BroaderLink] = Field(
        default_factory=list,
        description="indications new to the vocabulary, each under the one its name ends with",
    )


SourceRecord = TrialRecord | ArticleRecord
