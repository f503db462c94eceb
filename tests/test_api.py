"""The REST API through its HTTP interface: a real uvicorn server on 127.0.0.1, httpx."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import FIXTURES, build_store, live_server, stop_server

from tlkg.graph.services.models import Therapy
from tlkg.graph.store.base import Capabilities
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

THERAPY_KEYS = {
    "id",
    "iri",
    "name",
    "aliases",
    "modality",
    "modality_inferred",
    "targets",
    "indications",
    "developers",
    "highest_phase",
    "trials",
    "sources",
}
SOURCE_KEYS = {"id", "kind", "title", "date", "url", "evidence_level"}
REASON_KINDS = {
    "head_to_head",
    "comparator",
    "stated",
    "shared_target",
    "shared_modality",
    "shared_indication",
}
TOKEN = "s3cret-upload-token"
TRIAL = FIXTURES / "ctgov" / "NCT03418623.json"
DEMO = Path(__file__).resolve().parent.parent / "tlkg" / "demo"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    path = tmp_path_factory.mktemp("api") / "store"
    build_store(path, vocab)
    return path


@pytest.fixture(scope="module")
def api(corpus: Path, vocab: Vocabulary) -> Iterator[httpx.Client]:
    with (
        live_server(Settings(store=corpus), vocab) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def upload_api(
    tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary
) -> Iterator[httpx.Client]:
    """A server over an empty store that accepts uploads with TOKEN (limit 200 kB)."""
    store = tmp_path_factory.mktemp("upload") / "store"
    settings = Settings(store=store, upload_token=TOKEN, upload_max_bytes=200_000)
    with live_server(settings, vocab) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ---- therapies -------------------------------------------------------------------------------
def test_therapies_list_is_a_plain_list_of_design_shapes(api: httpx.Client) -> None:
    r = api.get("/api/therapies")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    items = r.json()
    assert isinstance(items, list) and len(items) > 10
    assert int(r.headers["x-total-count"]) == len(items)
    for item in items:
        assert set(item) >= THERAPY_KEYS
        Therapy.model_validate(item)
        for src in item["sources"]:
            assert set(src) >= SOURCE_KEYS
    assert "idecabtagene-vicleucel" in {t["id"] for t in items}
    names = [t["name"].casefold() for t in items]
    assert names == sorted(names)


def test_therapies_pagination(api: httpx.Client) -> None:
    everything = api.get("/api/therapies").json()
    first = api.get("/api/therapies", params={"limit": 5})
    second = api.get("/api/therapies", params={"limit": 5, "offset": 5})
    past_end = api.get("/api/therapies", params={"offset": 10_000})
    assert [t["id"] for t in first.json()] == [t["id"] for t in everything[:5]]
    assert [t["id"] for t in second.json()] == [t["id"] for t in everything[5:10]]
    assert past_end.json() == []
    for r in (first, second, past_end):
        assert r.headers["x-total-count"] == str(len(everything))
    assert api.get("/api/therapies", params={"limit": 0}).status_code == 422
    assert api.get("/api/therapies", params={"offset": -1}).status_code == 422


def test_therapies_filters(api: httpx.Client) -> None:
    bcma = api.get("/api/therapies", params={"target": "BCMA"}).json()
    assert bcma and all(any(t["id"] == "bcma" for t in item["targets"]) for item in bcma)
    assert "idecabtagene-vicleucel" in {t["id"] for t in bcma}
    myeloma = api.get("/api/therapies", params={"indication": "multiple myeloma"}).json()
    assert "idecabtagene-vicleucel" in {t["id"] for t in myeloma}
    everything = api.get("/api/therapies").json()
    assert len(myeloma) < len(everything)
    unknown = api.get("/api/therapies", params={"indication": "no such disease xyz"})
    assert unknown.status_code == 404 and "detail" in unknown.json()


def test_therapy_by_id_name_alias_or_brand(api: httpx.Client) -> None:
    ids = set()
    for name in ("idecabtagene-vicleucel", "ide-cel", "Abecma", "idecabtagene vicleucel"):
        r = api.get(f"/api/therapies/{name}")
        assert r.status_code == 200, (name, r.text)
        body = r.json()
        assert set(body) >= THERAPY_KEYS
        ids.add(body["id"])
    assert ids == {"idecabtagene-vicleucel"}


def test_unknown_therapy_is_404_with_suggestions(api: httpx.Client) -> None:
    r = api.get("/api/therapies/ide-cell")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert set(body) == {"type", "title", "status", "detail", "instance", "suggestions"}
    assert body["status"] == 404 and body["instance"] == "/api/therapies/ide-cell"
    assert "ide-cell" in body["detail"]
    assert "ide-cel" in body["suggestions"]
    r = api.get("/api/therapies/ide-cell/competitors")
    assert r.status_code == 404 and "ide-cel" in r.json()["suggestions"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/therapies",
        "/api/therapies/ide-cel",
        "/api/therapies/ide-cel/competitors",
        "/api/indications/multiple-myeloma/landscape",
        "/api/barriers",
    ],
)
@pytest.mark.parametrize("bad", ["2024", "yesterday", "2024-1-1", "'; DROP"])
def test_bad_as_of_is_422_json(api: httpx.Client, path: str, bad: str) -> None:
    r = api.get(path, params={"as_of": bad})
    assert r.status_code == 422
    assert "YYYY-MM-DD" in r.json()["detail"]


def test_as_of_hides_later_sources(api: httpx.Client) -> None:
    assert api.get("/api/therapies", params={"as_of": "1990-01-01"}).json() == []
    r = api.get("/api/therapies/ide-cel", params={"as_of": "1990-01-01"})
    assert r.status_code == 404
    full = api.get("/api/therapies/ide-cel").json()
    dates = sorted(s["date"] for s in full["sources"] if s["date"])
    assert dates
    cut = api.get("/api/therapies/ide-cel", params={"as_of": dates[0]}).json()
    assert all(s["date"] <= dates[0] for s in cut["sources"])
    assert len(cut["sources"]) <= len(full["sources"])


# ---- analysis --------------------------------------------------------------------------------
def test_competitors(api: httpx.Client) -> None:
    r = api.get("/api/therapies/ide-cel/competitors", params={"limit": 3})
    assert r.status_code == 200
    items = r.json()
    assert 0 < len(items) <= 3
    scores = [c["score"] for c in items]
    assert scores == sorted(scores, reverse=True)
    for c in items:
        assert set(c["therapy"]) >= {"id", "name"}
        assert c["therapy"]["id"] != "idecabtagene-vicleucel"
        assert c["reasons"] and all(reason["kind"] in REASON_KINDS for reason in c["reasons"])
    assert api.get("/api/therapies/ide-cel/competitors", params={"limit": 0}).status_code == 422


def test_landscape(api: httpx.Client) -> None:
    r = api.get("/api/indications/multiple-myeloma/landscape")
    assert r.status_code == 200
    body = r.json()
    assert body["indication"]["id"] == "multiple-myeloma"
    therapies = {t["therapy"]["id"] for g in body["groups"] for t in g["therapies"]}
    assert "idecabtagene-vicleucel" in therapies
    for group in body["groups"]:
        assert {"id", "name"} <= set(group["modality"])
    assert api.get("/api/indications/not-a-disease-qq/landscape").status_code == 404


def test_barriers_sources_and_search(api: httpx.Client) -> None:
    barriers = api.get("/api/barriers").json()
    assert "apheresis" in {b["id"] for b in barriers}
    for b in barriers:
        assert {"id", "name", "faced_by", "addressed_by"} <= set(b)
    sources = api.get("/api/sources").json()
    assert len(sources) == 16  # 10 trial records, 5 demo articles, 1 fixture article
    assert {s["kind"] for s in sources} == {"trial", "article"}
    assert "NCT04714372" in {s["id"] for s in sources}
    hits = api.get("/api/search", params={"q": "Abecma"}).json()
    assert hits[0]["id"] == "idecabtagene-vicleucel"
    assert set(hits[0]) >= {"id", "name", "type", "score"}
    assert api.get("/api/search").status_code == 422


def test_graphml_export_streams(api: httpx.Client) -> None:
    with api.stream("GET", "/api/export/graphml") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/graphml+xml")
        data = b"".join(r.iter_bytes())
    assert data.lstrip().startswith(b"<?xml") and b"<graphml" in data[:2000]
    import networkx as nx

    graph = nx.read_graphml(io.BytesIO(data))
    assert graph.number_of_nodes() > 10


# ---- docs and errors -------------------------------------------------------------------------
def test_openapi_and_docs(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    for path in (
        "/api/therapies",
        "/api/therapies/{therapy_id}",
        "/api/therapies/{therapy_id}/competitors",
        "/api/indications/{indication_id}/landscape",
        "/api/barriers",
        "/api/sources",
        "/api/search",
        "/api/export/graphml",
        "/sparql",
    ):
        assert path in spec["paths"], path
    ok = spec["paths"]["/api/therapies/{therapy_id}/competitors"]["get"]["responses"]["200"]
    assert "$ref" in json.dumps(ok) or "items" in json.dumps(ok)
    assert "Competitor" in spec["components"]["schemas"]
    assert "post" in spec["paths"]["/api/sources"]
    docs = api.get("/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_work_offline(api: httpx.Client, page: str) -> None:
    """Swagger UI and ReDoc load their scripts and styles from this server, not a CDN."""
    html = api.get(page).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/"), f"{page} loads {url} from elsewhere"
        got = api.get(url)
        assert got.status_code == 200 and got.content, url
    assert "https://" not in html and "http://" not in html


def test_unknown_route_is_json_404(api: httpx.Client) -> None:
    r = api.get("/api/nothing-here")
    assert r.status_code == 404 and r.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not Found",
        "instance": "/api/nothing-here",
    }


class _BrokenStore:
    """A store whose every read fails with a message that must not reach the client."""

    location = "/secret/store/path"
    read_only = False
    capabilities = Capabilities()

    def select(self, *_a: object, **_k: object) -> list[object]:
        raise RuntimeError("boom at /secret/store/path")

    ask = select

    def close(self) -> None:
        pass


def test_unexpected_errors_are_generic_500_without_traceback(vocab: Vocabulary) -> None:
    with (
        live_server(Settings(memory=True), vocab, store=_BrokenStore()) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        r = client.get("/api/sources")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "internal error",
        "instance": "/api/sources",
    }
    assert "secret" not in r.text and "Traceback" not in r.text


def test_cors_only_when_configured(vocab: Vocabulary) -> None:
    from fastapi.testclient import TestClient

    from tlkg.api.app import create_app

    origin = {"Origin": "https://analyst.example.org"}
    app = create_app(Settings(memory=True, cors_origins=[origin["Origin"]]), vocab=vocab)
    with TestClient(app) as client:
        r = client.get("/api/therapies", headers=origin)
        assert r.headers["access-control-allow-origin"] == origin["Origin"]
        assert "X-Total-Count" in r.headers["access-control-expose-headers"]
        other = client.get("/api/therapies", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
    app = create_app(Settings(memory=True), vocab=vocab)
    with TestClient(app) as client:
        assert (
            "access-control-allow-origin"
            not in client.get("/api/therapies", headers=origin).headers
        )


# ---- uploads ---------------------------------------------------------------------------------
def test_upload_is_off_without_a_configured_token(api: httpx.Client) -> None:
    before = len(api.get("/api/sources").json())
    for headers in ({}, auth(), {"Authorization": "Bearer"}):
        r = api.post("/api/sources", content=TRIAL.read_bytes(), headers=headers)
        assert r.status_code == 403
        assert "TLKG_UPLOAD_TOKEN" in r.json()["detail"]
    assert len(api.get("/api/sources").json()) == before


def test_upload_needs_the_right_token(upload_api: httpx.Client) -> None:
    data = TRIAL.read_bytes()
    for headers in (
        {},
        auth("wrong"),
        auth(TOKEN + "x"),
        {"Authorization": "Bearer"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ):
        r = upload_api.post("/api/sources", content=data, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["www-authenticate"] == "Bearer"
        assert "detail" in r.json()
    assert "NCT03418623" not in {s["id"] for s in upload_api.get("/api/sources").json()}


def _sparql_ask(client: httpx.Client, query: str) -> bool:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def test_upload_multipart_loads_and_refreshes_sparql(upload_api: httpx.Client) -> None:
    ask = "ASK { GRAPH <https://w3id.org/tlkg/graph/source/NCT03418623> { ?s ?p ?o } }"
    assert not _sparql_ask(upload_api, ask)
    r = upload_api.post(
        "/api/sources",
        files={"file": ("NCT03418623.json", TRIAL.read_bytes(), "application/json")},
        headers=auth(),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"loaded", "skipped", "errors", "triples"}
    assert body["loaded"] == 1 and body["errors"] == [] and body["triples"] > 10
    assert "NCT03418623" in {s["id"] for s in upload_api.get("/api/sources").json()}
    assert _sparql_ask(upload_api, ask)  # the snapshot behind /sparql was refreshed
    again = upload_api.post(
        "/api/sources", content=TRIAL.read_bytes(), headers={**auth(), "X-Filename": "t.json"}
    )
    assert again.status_code == 200 and again.json()["skipped"] == 1


def test_upload_raw_body_and_zip(upload_api: httpx.Client) -> None:
    one = FIXTURES / "ctgov" / "NCT00973089.json"
    r = upload_api.post(
        "/api/sources", content=one.read_bytes(), headers={**auth(), "X-Filename": one.name}
    )
    assert r.status_code == 200 and r.json()["loaded"] == 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "ctgov" / "v2-mixed-june-2023-4.json", "studies/mixed.json")
        zf.writestr("notes/readme.bin", b"\x00\x01\x02 binary")
    r = upload_api.post(
        "/api/sources", content=buf.getvalue(), headers={**auth(), "X-Filename": "batch.zip"}
    )
    assert r.status_code == 422  # one entry failed, the others loaded (as `tlkg load`)
    body = r.json()
    assert body["loaded"] == 4
    assert [e["path"] for e in body["errors"]] == ["batch.zip!notes/readme.bin"]
    ids = {s["id"] for s in upload_api.get("/api/sources").json()}
    assert {"NCT05923281", "NCT05844332", "NCT05882279", "NCT05803083"} <= ids


def test_upload_bad_document_names_it_safely(upload_api: httpx.Client, tmp_path: Path) -> None:
    evil_targets = [Path.cwd().parent / "x.json", Path("/tmp/x.json"), tmp_path.parent / "x.json"]
    before = {p: p.exists() for p in evil_targets}
    r = upload_api.post(
        "/api/sources",
        files={"file": ("../../x.json", b'{"not": "a study"', "application/json")},
        headers=auth(),
    )
    assert r.status_code == 422
    body = r.json()
    assert body["loaded"] == 0 and len(body["errors"]) == 1
    assert body["errors"][0]["path"] == "x.json"
    r = upload_api.post(
        "/api/sources",
        content=(FIXTURES / "ctgov" / "NCT00973089.json").read_bytes(),
        headers={**auth(), "X-Filename": "../../../../tmp/x.json"},
    )
    assert r.status_code == 200
    assert {p: p.exists() for p in evil_targets} == before
    assert upload_api.post("/api/sources", content=b"", headers=auth()).status_code == 400


def test_queries_keep_answering_while_uploads_refresh_the_snapshot(
    upload_api: httpx.Client,
) -> None:
    stop = threading.Event()
    statuses: list[int] = []

    def query() -> None:
        while not stop.is_set():
            r = upload_api.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
            statuses.append(r.status_code)

    readers = [threading.Thread(target=query) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        for path in sorted((FIXTURES / "ctgov").glob("*.json"))[:4]:
            r = upload_api.post(
                "/api/sources",
                content=path.read_bytes(),
                headers={**auth(), "X-Filename": path.name},
            )
            assert r.status_code in (200, 422)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert statuses and set(statuses) == {200}


def test_upload_over_the_limit_is_413(upload_api: httpx.Client) -> None:
    before = len(upload_api.get("/api/sources").json())
    big = b"{" + b" " * 400_000 + b"}"
    r = upload_api.post("/api/sources", content=big, headers=auth())
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        for _ in range(40):
            yield b" " * 10_000

    r = upload_api.post("/api/sources", content=chunks(), headers=auth())
    assert r.status_code == 413
    r = upload_api.post("/api/sources", files={"file": ("big.json", big)}, headers=auth())
    assert r.status_code == 413
    assert len(upload_api.get("/api/sources").json()) == before


# ---- tlkg serve ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_serve_owns_the_store(tmp_path: Path, vocab: Vocabulary) -> None:
    store = tmp_path / "store"
    build_store(store, vocab, [FIXTURES / "ctgov" / "NCT00973089.json"])
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TLKG_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tlkg", "--store", str(store), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/sources", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert r.status_code == 200 and [s["id"] for s in r.json()] == ["NCT00973089"]
        busy = subprocess.run(
            [sys.executable, "-m", "tlkg", "--store", str(store), "load", str(TRIAL)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert busy.returncode == 2 and "store is busy" in busy.stderr
        assert "Traceback" not in busy.stderr
    finally:
        stop_server(proc)
    assert proc.returncode == 0
    assert f"127.0.0.1:{port}" in (proc.stdout.read() if proc.stdout else "")


def test_a_store_with_an_analysis_index_serves_at_once_without_a_copy_in_memory(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 15: the server answers at once from the on-disk index, keeps today's view as
    # answers read it, and builds the services' whole-store caches in the background (held
    # back here until requests were answered); it never builds the in-memory index.
    from fastapi.testclient import TestClient

    from tlkg.api.app import create_app
    from tlkg.graph.analysis import maintain
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.services import facts, view_memo, warmup
    from tlkg.graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    maintain.reindex(store)
    load(store, [DEMO], vocab, workers=1)
    release = threading.Event()
    warmed: list[object] = []
    prepared: list[bool] = []
    real_prepare = warmup.prepare

    def slow_prepare(s: object, v: object) -> bool:
        release.wait(30)
        prepared.append(real_prepare(s, v))  # type: ignore[arg-type]
        return prepared[-1]

    monkeypatch.setattr(facts, "warm", warmed.append)
    monkeypatch.setattr(warmup, "prepare", slow_prepare)
    app = create_app(Settings(memory=True), store=store, vocab=vocab)
    url = "/api/therapies/idecabtagene-vicleucel/competitors?limit=3&offset=1"
    start = time.perf_counter()
    try:
        with TestClient(app) as client:
            before = client.get(url)
            assert before.status_code == 200 and len(before.json()) == 3
            assert time.perf_counter() - start < 20  # not waiting for the preparation
            memo = view_memo.current(store.location)
            assert memo is not None and memo.summaries and not memo.ready
            release.set()
            for _ in range(200):
                if prepared:
                    break
                time.sleep(0.05)
            assert prepared == [True] and memo.ready
            after = client.get(url)
            assert after.json() == before.json()
            assert after.headers["X-Total-Count"] == before.headers["X-Total-Count"]
            assert int(before.headers["X-Total-Count"]) > 4
        assert warmed == []
        assert not view_memo.is_kept(store.location)  # closing the app lets it go
    finally:
        release.set()
        store.close()
