"""``tlkg crowding`` and ``GET /api/{indications,targets}/{id}/crowding``: programmes per
year by the highest phase reached, through the CLI entry point and a real HTTP server, on
the bundled demo corpus (real registry records and articles)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import served
from test_cli import tlkg

from tlkg.graph.analysis import maintain
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.crowding import crowding as crowding_service
from tlkg.graph.services.facts import forget, warm
from tlkg.graph.services.records import APPROVED, PHASE_ORDER
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary

DEMO = Path(__file__).resolve().parent.parent / "tlkg/demo"
ORDER = ["unknown", *PHASE_ORDER, APPROVED]
SCOPES = [("--indication", "leukaemia"), ("--target", "CD19"), ("--indication", "multiple myeloma")]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crowding") / "store"
    tlkg(path, "load", str(DEMO / "trials"), str(DEMO / "articles"))
    return path


def crowding(store: Path, *args: str) -> dict[str, Any]:
    return dict(json.loads(tlkg(store, "crowding", *args, "--json").stdout))


@pytest.mark.parametrize(("option", "value"), SCOPES)
def test_the_series_is_cumulative(store: Path, option: str, value: str) -> None:
    answer = crowding(store, option, value)
    years = answer["years"]
    assert len(years) >= 2
    assert [y["year"] for y in years] == list(range(years[0]["year"], years[-1]["year"] + 1))
    seen: set[str] = set()
    for before, after in zip([None, *years], years, strict=False):
        assert sum(after["by_phase"].values()) == after["programmes"]
        assert list(after["by_phase"]) == [p for p in ORDER if p in after["by_phase"]]
        new = {r["id"] for r in after["new"]}
        assert not new & seen
        seen |= new
        assert after["programmes"] == len(seen)
        if before is not None:  # a programme's best phase never falls
            for k in range(len(ORDER)):

                def at_least(y: dict[str, Any], k: int = k) -> int:
                    return sum(n for p, n in y["by_phase"].items() if ORDER.index(p) >= k)

                assert at_least(after) >= at_least(before), (after["year"], ORDER[k])


def start_years() -> dict[str, int]:
    """NCT ID -> the year of the start date each demo record gives, read from the files."""
    out = {}
    for path in (DEMO / "trials").glob("*.json"):
        study = json.loads(path.read_text())["protocolSection"]
        start = study["statusModule"].get("startDateStruct", {}).get("date")
        if start and int(start[:4]) <= datetime.now(UTC).year:
            out[study["identificationModule"]["nctId"]] = int(start[:4])
    return out


def test_a_target_programme_enters_with_its_first_dated_evidence(store: Path) -> None:
    # By hand: a trial from its start year (the record's date without one), an article
    # from its date.
    starts = start_years()
    assert len(starts) == 10
    answer = crowding(store, "--target", "CD19")
    therapies = json.loads(tlkg(store, "therapies", "--target", "CD19", "--json").stdout)
    entered = {r["id"]: y["year"] for y in answer["years"] for r in y["new"]}
    assert set(entered) <= {t["id"] for t in therapies}
    assert len(entered) >= 5
    for therapy, year in entered.items():
        shown = json.loads(tlkg(store, "show", therapy, "--json").stdout)
        dated = [
            starts.get(s["id"], int(s["date"][:4])) if s["kind"] == "trial" else int(s["date"][:4])
            for s in shown["sources"]
            if s.get("date")
        ]
        assert min(dated) == year, therapy


# ---- one demo record with its start date changed ------------------------------------------------
BLINA = "NCT06111625"  # blinatumomab (CD19), phase 2, first posted 2023-11-01


def one_record(tmp: Path, start: str | None) -> Path:
    """The demo record of ``BLINA`` in a folder of its own, its start date ``start``
    (none: no startDateStruct)."""
    doc = json.loads((DEMO / "trials" / f"{BLINA}.json").read_text())
    status = doc["protocolSection"]["statusModule"]
    assert status["studyFirstPostDateStruct"]["date"] == "2023-11-01"
    if start is None:
        del status["startDateStruct"]
    else:
        status["startDateStruct"] = {"date": start, "type": "ESTIMATED"}
    folder = tmp / "records"
    folder.mkdir()
    (folder / f"{BLINA}.json").write_text(json.dumps(doc))
    return folder


@pytest.mark.parametrize("layer", ["sparql", "index", "sqlite"])
@pytest.mark.parametrize(
    ("start", "as_of", "year"),
    [
        ("2020-06", None, 2020),  # a partial start date, before the record was posted
        ("2021-02-05", None, 2021),
        (None, None, 2023),  # no start date: the record's first-posted date
        ("2024-03", "2024-01-10", 2024),  # anticipated, in as_of's year: its own year
        ("2024-03", "2023-12-31", 2023),  # anticipated, after as_of's year: first posted
        ("2999-01", None, 2023),  # after today's year: first posted
    ],
)
def test_a_trial_counts_from_its_start_year(
    tmp_path: Path, vocab: Vocabulary, layer: str, start: str | None, as_of: str | None, year: int
) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        if layer == "sqlite":
            maintain.reindex(store)
            maintain.attach(store)
        load(store, [one_record(tmp_path, start)], vocab, workers=1)
        if layer == "index":
            warm(store)
        got = crowding_service(store, vocab, target="CD19", as_of=as_of)
        assert [(y.year, y.by_phase, [r.id for r in y.new]) for y in got.years] == [
            (year, {"phase2": 1}, ["blinatumomab"])
        ]
    finally:
        forget(store)
        store.close()


def test_an_indication_counts_its_landscape_only(store: Path) -> None:
    answer = crowding(store, "--indication", "leukaemia")
    landscape = json.loads(tlkg(store, "landscape", "leukaemia", "--json").stdout)
    members = {t["therapy"]["id"] for g in landscape["groups"] for t in g["therapies"]}
    entered = {r["id"] for y in answer["years"] for r in y["new"]}
    assert entered <= members and answer["scope"] == "indication"
    assert answer["about"]["id"] == landscape["indication"]["id"]


def test_as_of_hides_later_evidence(store: Path) -> None:
    full = crowding(store, "--target", "CD19")
    early = crowding(store, "--target", "CD19", "--as-of", "2022-12-31")
    assert early["as_of"] == "2022-12-31"
    assert early["years"] and early["years"][-1]["year"] <= 2022 < full["years"][-1]["year"]
    by_year = {y["year"]: y["programmes"] for y in full["years"]}
    assert all(y["programmes"] <= by_year[y["year"]] for y in early["years"])


def test_bad_requests_are_clear_errors(store: Path) -> None:
    both = tlkg(store, "crowding", "--target", "CD19", "--indication", "leukaemia", check=False)
    neither = tlkg(store, "crowding", check=False)
    for done in (both, neither):
        assert done.returncode == 2 and "exactly one" in done.stderr
    no_day = tlkg(store, "crowding", "--target", "CD19", "--as-of", "2023-02-29", check=False)
    assert no_day.returncode == 2 and "real calendar day" in no_day.stderr
    unknown = tlkg(store, "crowding", "--target", "no such target", check=False)
    assert unknown.returncode != 0 and "no such target" in unknown.stderr


@pytest.fixture(scope="module")
def api(store: Path, vocab: Vocabulary) -> Iterator[httpx.Client]:
    with served(store, vocab) as client:
        yield client


@pytest.fixture(scope="module")
def cli_answers(store: Path) -> list[tuple[str, dict[str, Any]]]:
    # Asked before the server starts: a running server holds the store.
    return [(option, crowding(store, option, value)) for option, value in SCOPES]


def test_rest_answers_the_cli_json(
    cli_answers: list[tuple[str, dict[str, Any]]], api: httpx.Client
) -> None:
    for option, cli in cli_answers:
        kind = "indications" if option == "--indication" else "targets"
        r = api.get(f"/api/{kind}/{cli['about']['id']}/crowding")
        assert r.status_code == 200 and r.json() == cli
    assert api.get("/api/targets/no-such-target/crowding").status_code == 404
    bad = api.get("/api/targets/cd19/crowding?as_of=2022-13-45")
    assert bad.status_code == 422
