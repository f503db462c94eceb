"""Typed answers about how a field is shaped: competitive clusters and crowding over time
(the public JSON shapes of ``tlkg clusters`` / ``tlkg crowding`` and their REST routes,
``docs/api.md``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tlkg.graph.services.models import Ref


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
