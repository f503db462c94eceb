"""Typed answers of the query services: the public JSON shapes shared by the CLI
(``--json``) and the REST API (``docs/api.md``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel as _PydanticModel
from pydantic import ConfigDict, Field


class BaseModel(_PydanticModel):
    # Schemas are built on first use: a one-shot CLI command validates few of these
    # shapes, and building all of them cost ~13 ms of every start (issue 15).
    model_config = ConfigDict(defer_build=True)


class Ref(BaseModel):
    id: str = Field(description="short slug used in URLs")
    name: str
    iri: str | None = None
    xrefs: list[str] = Field(
        default_factory=list,
        description="the same entity elsewhere, as CURIEs (MESH:D001374), from the visible"
        " sources and the vocabulary",
    )


class Source(BaseModel):
    id: str = Field(
        description="NCT ID for a trial record, a slug for an article, 'vocabulary' for the "
        "vocabulary (the seed and user vocabulary files)"
    )
    kind: Literal["article", "trial", "vocabulary"]
    title: str | None = None
    date: str | None = None
    url: str | None = None
    evidence_level: str | None = None
    publisher: str | None = None
    loader: str | None = None
    loaded_at: str | None = None
    content_hash: str | None = None
    version: str | None = Field(
        None,
        description="the day the publisher posted this version of the record (a trial "
        "record's last update posted date)",
    )
    superseded_on: str | None = Field(
        None,
        description="set on an archived version only: the day the next version was posted "
        "(the version held until then); absent on the current record",
    )


class EvidenceItem(BaseModel):
    relation: str = Field(description="predicate name, e.g. facesBarrier")
    subject: Ref
    object: Ref
    sentence: str
    start: int
    end: int
    detail: str | None = None
    source: Source


class Therapy(BaseModel):
    id: str
    iri: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    xrefs: list[str] = Field(default_factory=list, description="as CURIEs: MESH:D001374")
    modality: Ref | None = None
    modality_inferred: bool = False
    targets: list[Ref] = Field(default_factory=list)
    indications: list[Ref] = Field(default_factory=list)
    developers: list[Ref] = Field(default_factory=list)
    highest_phase: str | None = None
    trials: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class TherapyBarrier(BaseModel):
    """A barrier a therapy faces or addresses, stated for it or inherited from its
    modality (``tlkg show``)."""

    barrier: Ref
    stance: Literal["faces", "addresses"]
    kind: Literal["stated", "via_modality"] = "stated"
    via: Ref | None = None
    overridden: bool = False
    sources: list[Source] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list)


class TherapyDetail(Therapy):
    approved_for: list[Ref] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    barriers: list[TherapyBarrier] = Field(
        default_factory=list,
        description="barriers stated for the therapy, and those inherited from claims about "
        "its modality (kind via_modality)",
    )


ReasonKind = Literal[
    "head_to_head", "comparator", "stated", "shared_target", "shared_modality", "shared_indication"
]


class Reason(BaseModel):
    kind: ReasonKind
    detail: str
    sources: list[Source] = Field(default_factory=list)
    level: Literal["therapy", "modality"] = Field(
        "therapy", description="modality: a claim about the modalities, inherited by therapies"
    )
    weight: float = Field(0.0, description="points this reason adds before the maturity factor")
    source_count: int = Field(0, description="sources behind the reason (``sources`` is capped)")


class Competitor(BaseModel):
    therapy: Ref
    score: float
    reasons: list[Reason] = Field(default_factory=list)
    complements: bool = Field(False, description="also stated to complement (never scored)")
    complement_sources: list[Source] = Field(default_factory=list)
    modality: Ref | None = None
    highest_phase: str | None = None
    maturity: float = Field(1.0, description="phase/status factor applied to the reason weights")


class LandscapeTherapy(BaseModel):
    therapy: Ref
    highest_phase: str | None = None
    status: str | None = None
    targets: list[Ref] = Field(default_factory=list)
    developers: list[Ref] = Field(default_factory=list)
    trial_count: int = Field(0, description="visible trials of the therapy in the indication")


class LandscapeGroup(BaseModel):
    modality: Ref
    therapies: list[LandscapeTherapy] = Field(default_factory=list)
    total: int = Field(0, description="therapies of this group in the whole landscape")


class LandscapeCount(BaseModel):
    modality: Ref
    total: int = Field(description="therapies of this group in the whole landscape")


class Landscape(BaseModel):
    """A page of an indication's landscape (the whole of it when ``limit`` is null):
    ``groups`` holds the groups of the page's therapies; ``total`` and ``counts`` are
    the whole landscape's."""

    indication: Ref
    groups: list[LandscapeGroup] = Field(default_factory=list)
    total: int = Field(0, description="therapies in the whole landscape (every page)")
    offset: int = Field(0, description="therapies of the landscape's order before this page")
    limit: int | None = Field(None, description="the page size asked for (null: no limit)")
    counts: list[LandscapeCount] = Field(
        default_factory=list, description="every group of the landscape with its total, in order"
    )


class BarrierClaim(Ref):
    """A Ref to the therapy or modality that faces or addresses the barrier."""

    type: Literal["therapy", "modality"]
    sources: list[Source] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list, description="the sentences that said it")
    kind: Literal["stated", "via_modality"] = Field(
        "stated",
        description="stated: a source says it of this therapy or modality; via_modality: "
        "inferred for a therapy from a claim about its modality (``via``), whose sources "
        "and sentences it carries",
    )
    via: Ref | None = Field(None, description="via_modality: the modality the claim is about")
    overridden: bool = Field(
        False,
        description="via_modality: a source states the opposite for this therapy, and that "
        "statement wins (it is listed too)",
    )


class Barrier(BaseModel):
    id: str
    name: str
    definition: str | None = None
    faced_by: list[BarrierClaim] = Field(default_factory=list)
    addressed_by: list[BarrierClaim] = Field(default_factory=list)


class SearchHit(BaseModel):
    id: str
    name: str
    type: str
    score: float
    matched: str | None = None


class BarrierStance(BaseModel):
    """How each of two modalities stands towards one barrier."""

    barrier: Ref
    a: Literal["faces", "addresses", "mixed"] | None = None
    b: Literal["faces", "addresses", "mixed"] | None = None
    a_sources: list[Source] = Field(default_factory=list)
    b_sources: list[Source] = Field(default_factory=list)
    a_evidence_level: str | None = None
    b_evidence_level: str | None = None


class ModalityComparison(BaseModel):
    """Modality ``a`` against modality ``b`` (e.g. in vivo against autologous CAR-T)."""

    a: Ref
    b: Ref
    removed: list[Ref] = Field(
        default_factory=list, description="barriers a is stated to address and b is not"
    )
    kept: list[Ref] = Field(
        default_factory=list, description="barriers a or b faces that a is not stated to address"
    )
    introduced: list[Ref] = Field(
        default_factory=list, description="barriers a faces that b is stated to address"
    )
    a_evidence_level: str | None = None
    b_evidence_level: str | None = None
    barriers: list[BarrierStance] = Field(default_factory=list)
    a_programmes: list[Ref] = Field(default_factory=list)
    b_programmes: list[Ref] = Field(default_factory=list)


class MergeEvidence(BaseModel):
    kind: Literal["curated", "mesh", "alias", "short_form", "formulation"] = Field(
        description="curated: the vocabulary's same_as; mesh: the registry aligned one MeSH"
        " descriptor to both; alias: a source lists one as another name of the other;"
        " short_form: '<p>-cel' of a CAR-T INN; formulation: a formulation linked to its"
        " ingredient (not merged)"
    )
    between: list[Ref] = Field(description="the two nodes")
    detail: str
    sources: list[Source] = Field(default_factory=list, description="the sources that state it")
    refused: str | None = Field(None, description="the constraint that refused the merge")


class Resolution(BaseModel):
    """What one name denotes: its clique, and the evidence for every merge."""

    name: str = Field(description="the name asked for")
    matched: Ref = Field(description="the node the name itself resolves to")
    leader: Ref = Field(description="the node every member opens (INN > brand > code > other)")
    members: list[Ref] = Field(description="every node of the clique, the leader first")
    merges: list[MergeEvidence] = Field(default_factory=list)
    refused: list[MergeEvidence] = Field(default_factory=list)
    ingredient: Ref | None = Field(None, description="when the leader is a formulation")
    formulations: list[Ref] = Field(default_factory=list, description="linked formulations")
    modality: Ref | None = None
    modality_inferred: bool = False
    modality_sources: list[Source] = Field(
        default_factory=list, description="the sources that state the modality shown"
    )


# What a reason cites when only the vocabulary states its fact (a target or an approval
# the seed gives): the vocabulary itself, never sources that do not state it.
VOCABULARY_SOURCE = Source(
    id="vocabulary",
    kind="vocabulary",
    title="tlkg vocabulary (the seed and any user vocabulary files)",
)
