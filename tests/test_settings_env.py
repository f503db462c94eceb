"""``tlkg.settings.Settings`` reads the environment itself (issue 15: pydantic-settings
costs a one-shot command ~35 ms to import). It must read it exactly as the
pydantic-settings class it replaces did: the same values, the same fields set, the same
validation errors, for every field, environment and keyword argument below."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from tlkg.settings import Settings


class Reference(BaseSettings):
    """The pydantic-settings class of tlkg/settings.py before issue 15, unchanged."""

    model_config = SettingsConfigDict(env_prefix="TLKG_", extra="ignore")

    store: Path = Field(default=Path("tlkg-data"))
    memory: bool = Field(default=False)
    vocab: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    endpoint: str | None = Field(default=None)
    update_endpoint: str | None = None
    endpoint_user: str | None = None
    endpoint_password: str | None = None
    query_timeout_s: float = Field(default=10.0, gt=0)
    result_limit: int = Field(default=10_000, gt=0)
    upload_token: str | None = None
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    history: bool = Field(default=True)
    write_triples: int = Field(default=100_000, gt=0)

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


ENVIRONMENTS: list[dict[str, str]] = [
    {},
    {"TLKG_STORE": "/data/s", "TLKG_MEMORY": "1", "TLKG_ENDPOINT": "http://e/sparql"},
    {"tlkg_store": "lower", "Tlkg_Result_Limit": "7", "TLKG_HISTORY": "off"},
    {"TLKG_VOCAB": f"a.toml{os.pathsep}{os.pathsep} {os.pathsep}b.toml", "TLKG_MEMORY": "no"},
    {"TLKG_VOCAB": '["a.toml"]', "TLKG_CORS_ORIGINS": '["http://a"]'},
    {"TLKG_CORS_ORIGINS": " http://a , ,http://b", "TLKG_UPLOAD_TOKEN": ""},
    {"TLKG_QUERY_TIMEOUT_S": "2.5", "TLKG_WRITE_TRIPLES": "1", "TLKG_UPLOAD_MAX_BYTES": "10"},
    {"TLKG_ENDPOINT": "", "TLKG_ENDPOINT_USER": "u", "TLKG_ENDPOINT_PASSWORD": "null"},
    {"TLKG_UNKNOWN": "x", "TLKG_": "y", "TLKG_ANALYSIS_INDEX": "0", "STORE": "no prefix"},
    # invalid values: the same errors
    {"TLKG_QUERY_TIMEOUT_S": "0"},
    {"TLKG_RESULT_LIMIT": "many", "TLKG_MEMORY": "perhaps"},
    {"TLKG_WRITE_TRIPLES": "1.5", "TLKG_HISTORY": ""},
    {"TLKG_STORE": ""},
]
KEYWORDS: list[dict[str, Any]] = [
    {},
    {"store": Path("kw"), "memory": True},
    {"endpoint": None, "vocab": [Path("v.toml")], "cors_origins": "http://k"},
    {"query_timeout_s": 5, "result_limit": 0},
    {"unknown": 1},
]


def _outcome(cls: type[Any], keywords: dict[str, Any]) -> tuple[Any, ...]:
    try:
        made = cls(**keywords)
    except ValidationError as exc:
        return ("error", str(exc).replace(cls.__name__, "Settings"), exc.errors())
    return ("ok", made.model_dump(), made.model_fields_set)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("keywords", KEYWORDS)
def test_settings_read_the_environment_as_pydantic_settings_did(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], keywords: dict[str, Any]
) -> None:
    for name in list(os.environ):
        if name.upper().startswith("TLKG_"):
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _outcome(Settings, keywords) == _outcome(Reference, keywords)


def test_settings_fields_are_the_reference_s() -> None:
    assert list(Settings.model_fields) == list(Reference.model_fields)
    for name, field in Settings.model_fields.items():
        ref = Reference.model_fields[name]
        assert (field.default, field.default_factory, field.metadata) == (
            ref.default,
            ref.default_factory,
            [m for m in ref.metadata if m is not NoDecode],
        ), name


def test_the_environment_is_read_when_settings_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TLKG_STORE", "first")
    assert Settings().store == Path("first")
    monkeypatch.setenv("TLKG_STORE", "second")
    assert Settings().store == Path("second")
    assert Settings(store=Path("kw")).model_copy(update={"memory": True}).store == Path("kw")
