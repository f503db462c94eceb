"""What a load reports: ``LoadSummary`` (sources loaded, skipped, removed; triples
written) and one ``LoadIssue`` per input that failed."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LoadIssue(BaseModel):
    path: str
    error: str


class LoadSummary(BaseModel):
    loaded: int = 0
    skipped: int = Field(0, description="sources whose content was unchanged")
    errors: list[LoadIssue] = Field(default_factory=list)
    triples: int = Field(0, description="triples written by this load")
    # Outside the public --json shape (docs/api.md): the CLI adds it with --sync or when > 0.
    archived: int = Field(
        0,
        exclude=True,
        description="superseded trial record versions kept as history by this load",
    )
    added: int = Field(0, exclude=True)
    changed: int = Field(0, exclude=True)
    removed: int = Field(0, exclude=True)
    removed_ids: list[str] = Field(default_factory=list, exclude=True)
