"""One configuration object, read from ``TLKG_*`` environment variables and passed in.

A plain pydantic model that reads the environment itself, as pydantic-settings' default
sources would (``TLKG_`` + the field's name in any case; a keyword argument wins over
the environment; defaults validated): importing pydantic-settings costs a one-shot
command ~35 ms (it imports asyncio and ssl). ``tests/test_settings_env.py`` checks both
against each other."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

ENV_PREFIX = "TLKG_"


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

    store: Path = Field(default=Path("tlkg-data"), description="Embedded store directory.")
    memory: bool = Field(default=False, description="Use a throwaway in-memory store.")
    vocab: list[Path] = Field(
        default_factory=list,
        description="Extra vocabulary TOML files (TLKG_VOCAB: paths separated by ':').",
    )
    endpoint: str | None = Field(default=None, description="Remote SPARQL query endpoint.")
    update_endpoint: str | None = None
    endpoint_user: str | None = None
    endpoint_password: str | None = None
    query_timeout_s: float = Field(default=10.0, gt=0)
    result_limit: int = Field(default=10_000, gt=0)
    upload_token: str | None = None
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    history: bool = Field(
        default=True,
        description="Keep a trial record's superseded version as history when a load meets "
        "a newer version (``tlkg load --no-history`` for one load).",
    )
    write_triples: int = Field(
        default=100_000,
        gt=0,
        description="Triples per bulk write into the embedded on-disk store (larger: "
        "fewer, faster writes and more memory; 1: every batch of documents on its own).",
    )

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**from_environment(), **values})

    @field_validator("vocab", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [p for p in value.split(os.pathsep) if p.strip()]
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value


def from_environment() -> dict[str, str]:
    """The fields set by ``TLKG_*`` environment variables, their values as they are (the
    names in any case: of two spellings the later in the environment wins, as in
    pydantic-settings; list fields are split by their validators, never JSON-decoded)."""
    env = {name.lower(): value for name, value in os.environ.items()}
    prefix = ENV_PREFIX.lower()
    return {f: env[prefix + f] for f in Settings.model_fields if prefix + f in env}


# ``TLKG_ANALYSIS_INDEX=0`` turns the analysis index of on-disk stores off (no index made
# or maintained, answers by SPARQL; benchmarks compare with and without it). Read where it
# is used (the index, and the load's workers that build its rows), not a field of
# ``Settings``: the store and pipeline are opened by callers that hold no settings.
ANALYSIS_INDEX_ENV = "TLKG_ANALYSIS_INDEX"


def analysis_index_enabled() -> bool:
    """Whether on-disk stores keep an analysis index (the default)."""
    return os.environ.get(ANALYSIS_INDEX_ENV, "1").strip().lower() not in (
        "0",
        "false",
        "no",
        "off",
    )
