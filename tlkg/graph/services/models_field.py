"""Typed answers about how a field is shaped and how it changed: competitive clusters,
crowding over time and the changes between two days (the public JSON shapes of ``tlkg
clusters`` / ``tlkg crowding`` / ``tlkg changes`` and their REST routes, ``docs/api.md``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tlkg.graph.services.models import Ref, Source


class ClusterMember(BaseModel):
    therapy: Ref
    modality: Ref | None = None
    targets: list[Ref] = Field(default_factory=list)
    highest_phase: str | None = None
    strength: float = Field(
        description="sum of the weights of its links inside the cluster (its core first)"
    )


class SharedFeature(BaseModel):
    kind: Literal["target", "modality"]
    feature: Ref
    members: int = Field(description="how many members have it")


class Cluster(BaseModel):
    id: int = Field(description="1 for the largest cluster; stable for one store and day")
    label: str = Field(description="the most shared target and modality, or 'mixed'")
    members: list[ClusterMember]
    shared: list[SharedFeature] = Field(
        description="targets and modalities held by at least two members and half of them"
    )
    weight: float = Field(description="sum of the weights of the links inside the cluster")


class Clusters(BaseModel):
    indication: Ref
    as_of: str | None = None
    method: str
    clusters: list[Cluster]
    unclustered: list[Ref] = Field(
        default_factory=list,
        description="therapies of the landscape with no competitor inside it",
    )


class CrowdingYear(BaseModel):
    year: int
    programmes: int = Field(description="programmes with dated evidence up to this year")
    by_phase: dict[str, int] = Field(
        description="programmes per highest phase reached by the end of the year, least "
        "advanced first ('unknown': no phase stated yet)"
    )
    new: list[Ref] = Field(description="programmes whose first dated evidence is this year")


class Crowding(BaseModel):
    scope: Literal["indication", "target"]
    about: Ref
    as_of: str | None = None
    years: list[CrowdingYear]
    undated_approvals: list[Ref] = Field(
        default_factory=list,
        description="approved by the vocabulary alone, which is undated: ranked each year "
        "by their dated evidence only",
    )


# In the order the changes of one day are listed.
ChangeKind = Literal[
    "new_therapy",
    "approval",
    "phase_change",
    "status_change",
    "new_trial",
    "new_comparison",
    "new_rivalry",
    "new_barrier_claim",
]


class Change(BaseModel):
    kind: ChangeKind
    therapy: Ref
    detail: str = Field(description="one line saying what changed")
    date: str | None = Field(
        None,
        description="the day it happened: the registry's posting of the version or trial "
        "that shows it, or the date of the source that states it",
    )
    before: str | None = Field(None, description="the value on the since day (changes of value)")
    after: str | None = Field(None, description="the value on the until day (changes of value)")
    sources: list[Source] = Field(
        description="the sources that show it; for a change of value, those of both days "
        "(an archived version of a trial record has superseded_on set)"
    )


class ChangeScope(BaseModel):
    indication: Ref | None = None
    target: Ref | None = None
    therapy: Ref | None = None


class Changes(BaseModel):
    since: str
    until: str | None = Field(None, description="absent: today (the store as it is)")
    scope: ChangeScope
    changes: list[Change]
