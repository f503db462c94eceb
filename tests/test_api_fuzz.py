"""Schemathesis over the OpenAPI schema, against a live server: no input the schema admits
(and none it does not) may produce a server error (5xx) or a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from live_server import build_store, live_server

from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "store"
    build_store(path, vocab)
    with live_server(Settings(store=path, query_timeout_s=5), vocab) as url:
        yield url


def test_no_server_errors(base_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(timeout=30)
            case.validate_response(response, checks=[not_a_server_error])
            assert "Traceback" not in response.text

        check()
