"""Landscape paging (issue 15): ``limit``/``offset`` through the service, the CLI entry
point (``python -m tlkg landscape``) and the REST route, on the demo corpus (multiple
myeloma) and on real ClinicalTrials.gov API v2 records (``tests/eval/registry/tune/
acute-leukemia-100.json``, a tune set: read here as data to page, no rule is tuned on it).

The property every interface keeps: the pages laid end to end are the unpaged answer,
row for row, without duplicates or gaps; each page's totals are the whole landscape's.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import CORPUS, build_store, live_server
from test_cli_analysis import tlkg

from tlkg.cli.analysis import LANDSCAPE_LIMIT, LANDSCAPE_MAX
from tlkg.graph.services import landscape as service
from tlkg.graph.services.facts import facts_for
from tlkg.graph.services.resolve import resolve_entity
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

LEUKEMIA = Path(__file__).parent / "eval" / "registry" / "tune" / "acute-leukemia-100.json"
DEMO_INDICATION = "multiple myeloma"
REAL_INDICATION = "leukemia"  # its narrower ones too: AML, ALL, ... (88 therapies)

Row = tuple[str, dict[str, Any]]  # (group's modality id, the therapy's row)


def rows_of(answer: dict[str, Any]) -> list[Row]:
    """A landscape answer's rows in order, each with its group."""
    return [(g["modality"]["id"], t) for g in answer["groups"] for t in g["therapies"]]


def check_page(page: dict[str, Any], whole: dict[str, Any], limit: int, offset: int) -> None:
    """One page: its rows are the whole answer's slice, its totals the whole answer's."""
    assert rows_of(page) == rows_of(whole)[offset : offset + limit]
    assert (page["total"], page["counts"]) == (whole["total"], whole["counts"])
    assert (page["limit"], page["offset"]) == (limit, offset)
    totals = {c["modality"]["id"]: c["total"] for c in whole["counts"]}
    for g in page["groups"]:
        assert g["therapies"] and g["total"] == totals[g["modality"]["id"]]


def check_whole(whole: dict[str, Any]) -> None:
    """The unpaged answer: its counts are its groups, in order, and no therapy is twice."""
    rows = rows_of(whole)
    assert whole["total"] == len(rows) == sum(c["total"] for c in whole["counts"])
    assert [(g["modality"], len(g["therapies"])) for g in whole["groups"]] == [
        (c["modality"], c["total"]) for c in whole["counts"]
    ]
    ids = [t["therapy"]["id"] for _g, t in rows]
    assert len(ids) == len(set(ids))


def page_size(total: int) -> int:
    """A size giving three or four pages, so that page breaks fall inside groups."""
    return max(2, -(-total // 3))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> dict[str, Path]:
    """Three copies of one store (demo corpus and the real leukaemia records): "plain"
    (answers by SPARQL), "indexed" (with the analysis index), "served" (the HTTP server's:
    it holds its store's lock while the module runs)."""
    root = tmp_path_factory.mktemp("landscape-paging")
    plain = root / "plain"
    build_store(plain, vocab, [*CORPUS, LEUKEMIA])
    out = {"plain": plain}
    for name in ("indexed", "served"):
        out[name] = root / name
        shutil.copytree(plain, out[name])
    tlkg(out["indexed"], "reindex")
    return out


def cli_landscape(store: Path, indication: str, *page: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(
        tlkg(store, "landscape", indication, "--json", *page).stdout
    )
    return answer


# ---- the service -------------------------------------------------------------------------
def test_service_pages_compute_details_only_for_their_rows(
    stores: dict[str, Path], vocab: Vocabulary
) -> None:
    store = OxigraphStore(stores["plain"])
    try:
        iri = str(resolve_entity(store, vocab, "indication", REAL_INDICATION))
        whole = service.build(facts_for(store), iri, vocab).model_dump(mode="json")
        check_whole(whole)
        everyone = {t["therapy"]["iri"] for _g, t in rows_of(whole)}
        limit = page_size(whole["total"])
        for offset in range(0, whole["total"] + limit, limit):
            facts = Recording(facts_for(store))  # fresh: nothing named by an earlier page
            page = service.build(facts, iri, vocab, limit=limit, offset=offset)  # type: ignore[arg-type]
            dumped = page.model_dump(mode="json")
            check_page(dumped, whole, limit, offset)
            on_page = {t["therapy"]["iri"] for _g, t in rows_of(dumped)}
            # the names of therapies off the page were never looked up
            assert facts.named & everyone == on_page
    finally:
        store.close()


class Recording:
    """A fact layer that records the IRIs the landscape asks references (names and
    cross-references) for."""

    def __init__(self, facts: Any) -> None:
        self._facts = facts
        self.named: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._facts, name)

    def ref(self, iri: str) -> Any:
        self.named.add(iri)
        return self._facts.ref(iri)

    def refs(self, iris: Any) -> Any:
        iris = list(iris)
        self.named.update(iris)
        return self._facts.refs(iris)


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-3, 0), (5, -1)])
def test_service_refuses_a_page_that_cannot_be(
    stores: dict[str, Path], vocab: Vocabulary, limit: int, offset: int
) -> None:
    store = OxigraphStore(stores["plain"])
    try:
        with pytest.raises(ValueError, match="must be"):
            service.landscape(store, vocab, DEMO_INDICATION, limit=limit, offset=offset)
    finally:
        store.close()


def test_cli_page_bounds_are_the_services() -> None:
    assert (LANDSCAPE_LIMIT, LANDSCAPE_MAX) == (service.DEFAULT_LIMIT, service.MAX_LIMIT)


# ---- the CLI entry point -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("which", "indication"),
    [("plain", DEMO_INDICATION), ("plain", REAL_INDICATION), ("indexed", REAL_INDICATION)],
)
def test_cli_pages_laid_end_to_end_are_the_whole_landscape(
    stores: dict[str, Path], which: str, indication: str
) -> None:
    store = stores[which]
    whole = cli_landscape(store, indication, "--limit", str(LANDSCAPE_MAX))
    check_whole(whole)
    assert whole["total"] > 3  # enough rows to page
    limit = page_size(whole["total"])
    pages = []
    for offset in range(0, whole["total"], limit):
        page = cli_landscape(store, indication, "--limit", str(limit), "--offset", str(offset))
        check_page(page, whole, limit, offset)
        pages.append(page)
    assert [r for p in pages for r in rows_of(p)] == rows_of(whole)
    # a group broken across pages keeps its total on both
    assert any(len(g["therapies"]) < g["total"] for p in pages for g in p["groups"])


def test_cli_default_page_and_the_table_says_what_it_shows(stores: dict[str, Path]) -> None:
    store = stores["plain"]
    first = cli_landscape(store, REAL_INDICATION)
    assert first["total"] > LANDSCAPE_LIMIT  # the default page is not the whole landscape
    assert (first["limit"], first["offset"]) == (LANDSCAPE_LIMIT, 0)
    assert len(rows_of(first)) == LANDSCAPE_LIMIT
    text = tlkg(store, "landscape", REAL_INDICATION, "--limit", "5", "--offset", "5").stdout
    total, modalities = first["total"], len(first["counts"])
    assert f"{total} therapies in {modalities} modalities; showing 6-10 (next: --offset 10)" in (
        " ".join(text.split())
    )
    last = tlkg(store, "landscape", REAL_INDICATION, "--offset", str(total - 1)).stdout
    assert f"showing {total}-{total}" in last and "next:" not in last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "0"], "greater than or equal to 1"),
        (["--limit", "1001"], "less than or equal to 1000"),
        (["--offset", "-1"], "greater than or equal to 0"),
        (["--limit", "ten"], "valid integer"),
    ],
)
def test_cli_bad_page_is_exit_2_with_a_message(
    stores: dict[str, Path], args: list[str], message: str
) -> None:
    proc = tlkg(stores["plain"], "landscape", DEMO_INDICATION, "--json", *args, ok=False)
    assert proc.returncode == 2
    assert message in json.loads(proc.stderr)["error"] and "Traceback" not in proc.stderr


# ---- REST ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(stores: dict[str, Path], vocab: Vocabulary) -> Iterator[httpx.Client]:
    with (
        live_server(Settings(store=stores["served"]), vocab) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client


def links(response: httpx.Response) -> dict[str, str]:
    """rel -> target of the Link header."""
    return {
        rel: target
        for target, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("link", ""))
    }


@pytest.mark.parametrize("indication", ["multiple-myeloma", REAL_INDICATION])
def test_http_pages_followed_by_link_next_are_the_whole_landscape(
    api: httpx.Client, indication: str
) -> None:
    path = f"/api/indications/{indication}/landscape"
    whole = api.get(path, params={"limit": LANDSCAPE_MAX}).json()
    check_whole(whole)
    limit = page_size(whole["total"])
    url: str | None = f"{path}?limit={limit}&as_of=2100-01-01"
    rows: list[Row] = []
    offset = 0
    while url is not None:
        r = api.get(url)
        assert r.status_code == 200, r.text
        assert r.headers["x-total-count"] == str(whole["total"])
        page = r.json()
        check_page(page, whole, limit, offset)
        rel = links(r)
        assert ("prev" in rel) == (offset > 0)
        for target in rel.values():  # the other parameters are kept
            assert target.startswith(path) and "as_of=2100-01-01" in target
            assert f"limit={limit}" in target
        rows += rows_of(page)
        url, offset = rel.get("next"), offset + limit
    assert rows == rows_of(whole)
    assert offset >= whole["total"] > limit  # more than one page was followed


def test_http_default_page_and_prev(api: httpx.Client) -> None:
    path = f"/api/indications/{REAL_INDICATION}/landscape"
    r = api.get(path)
    body = r.json()
    assert body["total"] > LANDSCAPE_LIMIT and len(rows_of(body)) == LANDSCAPE_LIMIT
    assert links(r)["next"] == f"{path}?offset={LANDSCAPE_LIMIT}&limit={LANDSCAPE_LIMIT}"
    r = api.get(path, params={"offset": 7, "limit": 5})
    assert links(r)["prev"] == f"{path}?offset=2&limit=5"
    past = api.get(path, params={"offset": 10_000})
    assert past.status_code == 200 and past.json()["groups"] == []
    assert past.json()["total"] == body["total"] and "next" not in links(past)


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "1001"}, {"offset": "-1"}, {"limit": "ten"}, {"offset": "1.5"}],
)
def test_http_bad_page_is_a_422_problem(api: httpx.Client, params: dict[str, str]) -> None:
    r = api.get("/api/indications/multiple-myeloma/landscape", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    (name,) = params
    assert body["status"] == 422 and f"query {name}" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", name]


def test_openapi_documents_the_paging(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    route = spec["paths"]["/api/indications/{indication_id}/landscape"]["get"]
    params = {p["name"]: p for p in route["parameters"]}
    assert params["limit"]["schema"]["default"] == LANDSCAPE_LIMIT
    assert params["limit"]["schema"]["maximum"] == LANDSCAPE_MAX
    assert {"X-Total-Count", "Link"} <= set(route["responses"]["200"]["headers"])
    fields = spec["components"]["schemas"]["Landscape"]["properties"]
    assert {"indication", "groups", "total", "offset", "limit", "counts"} == set(fields)
