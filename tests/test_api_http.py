"""The REST API's HTTP contract (issue 16, point 6), through a real uvicorn server on the
demo corpus: schemathesis with all its checks against the OpenAPI document; errors as RFC
9457 problem details; ETag, Cache-Control and 304; gzip; X-Total-Count and Link on every
list."""

from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import FIXTURES, build_store, live_server

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.base import Capabilities, StoreError
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

pytest.importorskip("schemathesis")

TOKEN = "http-test-token"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
LISTS = [
    ("/api/therapies", {}),
    ("/api/therapies/ide-cel/competitors", {}),
    ("/api/barriers", {}),
    ("/api/sources", {}),
    ("/api/search", {"q": "cel"}),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    path = tmp_path_factory.mktemp("http") / "store"
    build_store(path, vocab)
    with live_server(Settings(store=path, query_timeout_s=5), vocab) as url:
        yield url


@pytest.fixture(scope="module")
def api(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        yield client


def is_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status and body["type"] == "about:blank"
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["instance"] == r.request.url.path
    return body


# ---- schemathesis ------------------------------------------------------------------------------
# POST /api/sources is left out: on this server uploads are off, so every request gets 403
# whatever its body, and with a token the schema cannot say which bytes are a loadable
# document (a schema-valid random file is rightly refused with 422, which
# positive_data_acceptance counts as a failure), and each accepted one would change the
# store under the other operations. Its errors are checked below.
SCHEMATHESIS_SEED = int(os.environ.get("TLKG_SCHEMATHESIS_SEED", "20261204"))
# The "sparql-query" format (and the two rules between /sparql parameters OpenAPI cannot
# state), for the schemathesis CLI: loaded through SCHEMATHESIS_HOOKS.
SCHEMATHESIS_HOOKS = Path(__file__).with_name("schemathesis_hooks.py")


def _schemathesis(
    base_url: str, cwd: Path, *options: str, hooks: Path | None = None
) -> tuple[int, int, int, str]:
    """Run the schemathesis CLI with every check (examples, coverage and fuzzing phases,
    fixed seed); (operations tested, cases generated, cases passed, output). Asserts the
    run passed."""
    env = dict(os.environ)
    env.pop("SCHEMATHESIS_HOOKS", None)
    if hooks is not None:
        env["SCHEMATHESIS_HOOKS"] = str(hooks)
    run = subprocess.run(
        [
            *(sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/openapi.json"),
            *("--checks", "all", "--phases", "examples,coverage,fuzzing"),
            *("--seed", str(SCHEMATHESIS_SEED), "--request-timeout", "30", "--no-color"),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,  # its hypothesis database and reports stay out of the tree
        env=env,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]
    tested = re.search(r"Tested: (\d+)", out)
    cases = re.search(r"(\d+) generated, (\d+) passed", out)
    assert tested and cases, out[-3000:]
    return int(tested.group(1)), int(cases.group(1)), int(cases.group(2)), out


def test_schemathesis_all_checks(base_url: str, tmp_path: Path) -> None:
    """Every check of schemathesis (4.x: not_a_server_error, status_code_conformance,
    content_type_conformance, response_headers_conformance, response_schema_conformance,
    negative_data_rejection, positive_data_acceptance, missing_required_header,
    unsupported_method, allow_header_conformance, ...) on every GET under /api, in its
    examples, coverage and fuzzing phases."""
    tested, generated, passed, out = _schemathesis(
        base_url,
        tmp_path,
        *("--include-path-regex", "^/api/", "--exclude-method", "POST"),
        *("--max-examples", "25"),
    )
    assert tested == 13, out[-3000:]  # every GET under /api, /api/changes included
    assert generated == passed and generated > 300, out[-3000:]


def test_schemathesis_sparql_all_checks(base_url: str, tmp_path: Path) -> None:
    """The same checks on the SPARQL endpoint: GET /sparql (a query, or none: the service
    description), POST /sparql (a form, an application/sparql-query body) and GET
    /.well-known/void. Queries are declared as strings of format "sparql-query"; the hooks
    draw them from a grammar of read-only SPARQL (``tests/schemathesis_hooks.py``), so a
    schema-valid request must get 200, and whatever the schema excludes (no query in a
    POST, a blank or non-SPARQL one, two queries, a graph that is not an IRI, another
    media type or method) must be refused."""
    tested, generated, passed, out = _schemathesis(
        base_url,
        tmp_path,
        *("--include-path-regex", r"^/(sparql|\.well-known/void)$"),
        *("--max-examples", "50"),
        hooks=SCHEMATHESIS_HOOKS,
    )
    assert tested == 3, out[-3000:]
    assert generated == passed and generated > 200, out[-3000:]


def test_openapi_declares_problems_and_headers(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    assert {"Problem", "NotFoundProblem", "ValidationProblem"} <= set(spec["components"]["schemas"])
    for path, item in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in item.items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert set(response["content"]) == {"application/problem+json"}, (
                        method,
                        path,
                        status,
                    )
            if method == "get":
                assert "304" in op["responses"], path
                assert {"ETag", "Cache-Control"} <= set(op["responses"]["200"]["headers"])
    for path, _ in LISTS:
        template = path.replace("ide-cel", "{therapy_id}")
        op = spec["paths"][template]["get"]
        assert {"X-Total-Count", "Link"} <= set(op["responses"]["200"]["headers"])
        assert {"limit", "offset"} <= {p["name"] for p in op["parameters"]}, path
    as_of = next(
        p for p in spec["paths"]["/api/barriers"]["get"]["parameters"] if p["name"] == "as_of"
    )
    # The server refuses what is not YYYY-MM-DD; the schema says so (a pattern applies to
    # strings only, so beside anyOf [string, null] it constrains the string).
    assert as_of["schema"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


# ---- problem details ---------------------------------------------------------------------------
def test_errors_are_problem_details(api: httpx.Client) -> None:
    body = is_problem(api.get("/api/therapies/ide-cell"), 404)
    assert body["title"] == "Not Found" and "ide-cel" in body["suggestions"]
    body = is_problem(api.get("/api/therapies", params={"limit": 0}), 422)
    assert body["title"] == "Unprocessable Content"
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert body["detail"].startswith("query limit: ")
    body = is_problem(api.get("/api/barriers", params={"as_of": "2024"}), 422)
    assert "YYYY-MM-DD" in body["detail"] and body["errors"][0]["loc"] == ["query", "as_of"]
    body = is_problem(api.get("/api/search"), 422)  # q missing
    assert body["errors"][0]["loc"] == ["query", "q"]
    is_problem(api.get("/api/no-such-route"), 404)


def test_405_lists_every_method_of_the_path(api: httpx.Client) -> None:
    r = api.delete("/api/sources")
    is_problem(r, 405)
    assert r.headers["allow"] == "GET, POST"
    r = api.put("/api/therapies/ide-cel")
    is_problem(r, 405)
    assert r.headers["allow"] == "GET"


def test_upload_errors_are_problem_details(api: httpx.Client) -> None:
    is_problem(api.post("/api/sources", content=b"{}"), 403)


def test_sparql_errors_are_problem_details_too(api: httpx.Client) -> None:
    """One error shape: the SPARQL endpoint's errors are problem details as well (the
    engine's message in ``detail``, which SPARQL clients show as text); pages outside
    /api and /sparql keep FastAPI's JSON."""
    bad = api.get("/sparql", params={"query": "SELECT nonsense"})
    body = is_problem(bad, 400)
    assert body["instance"] == "/sparql" and body["detail"]
    is_problem(api.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    refused = api.put("/sparql")
    is_problem(refused, 405)
    assert refused.headers["allow"] == "GET, HEAD, POST"
    is_problem(api.get("/.well-known/void", headers={"Accept": "image/png"}), 406)
    spec = api.get("/openapi.json").json()
    for path in ("/sparql", "/.well-known/void"):
        for method, op in spec["paths"][path].items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert set(response["content"]) == {"application/problem+json"}, (
                        method,
                        path,
                        status,
                    )
    r = api.get("/no-such-page")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    assert "etag" not in api.get("/").headers  # the web page has its own headers


class _DownStore:
    """A store whose every read fails as a remote endpoint that is down."""

    location = "/secret/store"
    read_only = False
    capabilities = Capabilities()

    def select(self, *_a: object, **_k: object) -> list[object]:
        raise StoreError("endpoint unreachable: connection refused\nsecret detail")

    ask = scan = select

    def state_token(self) -> str | None:
        raise StoreError("endpoint unreachable")

    def close(self) -> None:
        pass


def test_store_down_is_503_problem(vocab: Vocabulary) -> None:
    with (
        live_server(Settings(memory=True), vocab, store=_DownStore()) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        r = client.get("/api/sources")
    body = is_problem(r, 503)
    assert body["title"] == "Service Unavailable"
    assert body["detail"] == "endpoint unreachable: connection refused"
    assert "etag" not in r.headers


# ---- caching -----------------------------------------------------------------------------------
def test_etag_and_304(api: httpx.Client) -> None:
    plain = {"Accept-Encoding": "identity"}
    r = api.get("/api/therapies", params={"limit": 5}, headers=plain)
    tag = r.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)  # strong: no W/
    assert r.headers["cache-control"] == "no-cache"
    again = api.get("/api/therapies", params={"limit": 5}, headers=plain)
    assert again.headers["etag"] == tag  # same store state, same request: same tag
    other = api.get("/api/therapies", params={"limit": 6}, headers=plain)
    assert other.headers["etag"] != tag
    for sent in (tag, f"W/{tag}", f'"nope", {tag}', "*"):
        r = api.get("/api/therapies", params={"limit": 5}, headers={**plain, "If-None-Match": sent})
        assert r.status_code == 304 and r.content == b"", sent
        assert r.headers["etag"] == tag and r.headers["cache-control"] == "no-cache"
    stale = api.get("/api/therapies", params={"limit": 5}, headers={"If-None-Match": '"nope"'})
    assert stale.status_code == 200 and len(stale.json()) == 5
    assert "etag" not in api.get("/api/therapies/ide-cell").headers  # errors carry no tag
    detail = api.get("/api/therapies/ide-cel", headers=plain)
    assert detail.headers["etag"] and detail.headers["cache-control"] == "no-cache"


class _CountingStore(OxigraphStore):
    """An in-memory store that counts the queries run on it."""

    queries = 0

    def scan(self, query: str, names: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        type(self).queries += 1
        return super().scan(query, names)

    def select(self, query: str, bindings: Any = None) -> Any:
        type(self).queries += 1
        return super().select(query, bindings)


def test_304_runs_no_query(vocab: Vocabulary) -> None:
    """A current tag is answered before any route runs: the GraphML export (seconds on a
    large store) is not rebuilt, no query runs."""
    store = _CountingStore(None)
    store.ensure_vocabulary(vocab)
    load(store, [FIXTURES / "ctgov" / "NCT03418623.json"], vocab)
    with (
        live_server(Settings(memory=True), vocab, store=store) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        for path in ("/api/export/graphml", "/api/sources"):
            before = _CountingStore.queries
            r = client.get(path)
            assert r.status_code == 200 and "last-modified" not in r.headers
            assert _CountingStore.queries > before, path
            before = _CountingStore.queries
            for _ in range(3):
                again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
                assert again.status_code == 304 and again.content == b""
            assert _CountingStore.queries == before, path


def test_upload_changes_the_tags(tmp_path: Path, vocab: Vocabulary) -> None:
    settings = Settings(store=tmp_path / "store", upload_token=TOKEN)
    with (
        live_server(settings, vocab) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        before = client.get("/api/sources")
        tag = before.headers["etag"]
        assert before.json() == []
        trial = FIXTURES / "ctgov" / "NCT03418623.json"
        r = client.post(
            "/api/sources",
            content=trial.read_bytes(),
            headers={"Authorization": f"Bearer {TOKEN}", "X-Filename": trial.name},
        )
        assert r.status_code == 200, r.text
        after = client.get("/api/sources", headers={"If-None-Match": tag})
        assert after.status_code == 200 and [s["id"] for s in after.json()] == ["NCT03418623"]
        assert after.headers["etag"] != tag
        bad = client.post(
            "/api/sources",
            files={"file": ("x.json", b'{"not": "a study"', "application/json")},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        body = is_problem(bad, 422)
        assert body["loaded"] == 0 and body["errors"][0]["path"] == "x.json"


# ---- gzip --------------------------------------------------------------------------------------
def test_gzip_for_large_answers(api: httpx.Client) -> None:
    with api.stream("GET", "/api/therapies", headers={"Accept-Encoding": "gzip"}) as raw:
        packed = b"".join(raw.iter_raw())
    assert raw.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in raw.headers["vary"]
    plain = api.get("/api/therapies", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(packed) == plain.content
    assert len(plain.content) > 40_000 and len(packed) < len(plain.content) / 3
    # The gzipped answer is another representation: its own strong tag; both validate.
    assert raw.headers["etag"] != plain.headers["etag"]
    assert raw.headers["etag"].endswith('-gzip"')
    for tag in (raw.headers["etag"], plain.headers["etag"]):
        assert api.get("/api/therapies", headers={"If-None-Match": tag}).status_code == 304
    small = api.get("/api/search", params={"q": "abecma", "limit": 1})
    assert len(small.content) < 1024 and "content-encoding" not in small.headers


def test_graphml_export_streams_gzipped_or_not(api: httpx.Client) -> None:
    import networkx as nx

    with api.stream("GET", "/api/export/graphml", headers={"Accept-Encoding": "gzip"}) as r:
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        assert r.headers["content-type"].startswith("application/graphml+xml")
        assert "tlkg.graphml" in r.headers["content-disposition"]
        packed = b"".join(r.iter_raw())
    data = gzip.decompress(packed)
    with api.stream("GET", "/api/export/graphml", headers={"Accept-Encoding": "identity"}) as r:
        assert "content-encoding" not in r.headers
        plain = b"".join(r.iter_bytes())
        assert int(r.headers["content-length"]) == len(plain)
    assert data == plain and len(packed) < len(plain) / 3
    assert nx.read_graphml(io.BytesIO(data)).number_of_nodes() > 10


# ---- lists -------------------------------------------------------------------------------------
def _links(header: str) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


@pytest.mark.parametrize(("path", "params"), LISTS)
def test_every_list_has_a_total_and_page_links(
    api: httpx.Client, path: str, params: dict[str, str]
) -> None:
    everything = api.get(path, params={**params, "limit": 100})
    total = int(everything.headers["x-total-count"])
    assert total == len(everything.json()) and total >= 3, path
    seen: list[Any] = []
    url: str | None = api.get(path, params={**params, "limit": 2}).request.url.raw_path.decode()
    pages = 0
    while url:
        r = api.get(url)
        assert r.status_code == 200 and r.headers["x-total-count"] == str(total)
        links = _links(r.headers["link"])
        assert "first" in links and "last" in links
        assert ("prev" in links) == bool(seen)
        seen += r.json()
        url = links.get("next")
        pages += 1
    assert seen == everything.json() and pages == -(-total // 2)
    last = _links(api.get(path, params={**params, "limit": 2}).headers["link"])["last"]
    assert len(api.get(last).json()) == total - (total - 1) // 2 * 2


def test_unpaged_list_has_no_link(api: httpx.Client) -> None:
    r = api.get("/api/therapies")
    assert "link" not in r.headers and int(r.headers["x-total-count"]) == len(r.json())
    r = api.get("/api/therapies", params={"offset": 3})
    assert _links(r.headers["link"]) == {"first": "/api/therapies?offset=0"}


def test_cors_exposes_the_paging_and_cache_headers(vocab: Vocabulary) -> None:
    from fastapi.testclient import TestClient

    from tlkg.api.app import create_app

    origin = "https://analyst.example.org"
    app = create_app(Settings(memory=True, cors_origins=[origin]), vocab=vocab)
    with TestClient(app) as client:
        r = client.get("/api/therapies", headers={"Origin": origin})
        exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
        assert {"x-total-count", "link", "etag"} <= exposed
