"""``tlkg fetch trials``: the ClinicalTrials.gov API v2 client (tlkg.loaders.ctgov.fetch)
and its CLI command, on real recorded API pages (tests/fixtures/ctgov-api-pages, see
fixtures/README.md) served through ``httpx.MockTransport``. No test touches the network:
an autouse guard fails any socket connection or DNS lookup."""

from __future__ import annotations

import itertools
import json
import random
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tlkg import __version__
from tlkg.cli.load import CTGOV_CLIENT_FACTORY
from tlkg.cli.main import app
from tlkg.loaders.ctgov.fetch import (
    STATE_FILE,
    USER_AGENT,
    ApiError,
    CtgovClient,
    FetchError,
    RateLimiter,
    TrialQuery,
    backoff_delay,
    fetch_trials,
    parse_retry_after,
)

PAGES = Path(__file__).parent / "fixtures" / "ctgov-api-pages"
PAGE1 = PAGES / "search_phelan_limit5_20260811.json"  # 5 studies, nextPageToken -> PAGE2
PAGE2 = PAGES / "search_phelan_next_20260811.json"  # 5 studies, a further token
LAST = PAGES / "search_nsclc_egfr_l858r_20260811.json"  # 2 studies, no nextPageToken


def page(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def ncts(path: Path) -> list[str]:
    return [s["protocolSection"]["identificationModule"]["nctId"] for s in page(path)["studies"]]


TOKEN1 = page(PAGE1)["nextPageToken"]
TOKEN2 = page(PAGE2)["nextPageToken"]
CHAIN = {None: PAGE1, TOKEN1: PAGE2}
QUERY = TrialQuery(condition="Phelan-McDermid syndrome")


# ---- no network -------------------------------------------------------------------------


class NetworkTouched(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any connection or DNS lookup, and fail the test afterwards if one was tried
    (even when the code under test swallowed the error)."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkTouched(f"test tried the network: {name}{args[:2]!r}")

        return blocked

    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    yield attempts
    assert attempts == [], f"a test touched the network: {attempts}"


def test_the_network_guard_stops_a_real_client(no_network: list[str]) -> None:
    with CtgovClient(retries=0) as client, pytest.raises(NetworkTouched):
        client.get_page({"query.term": "myeloma", "format": "json"})
    assert no_network
    no_network.clear()  # the attempt was this test's point


# ---- recorded server ----------------------------------------------------------------------


class FakeTime:
    """A clock whose sleep advances it; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


Scripted = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Recorded:
    """A MockTransport handler: serves recorded pages by ``pageToken``, after first
    playing any scripted answers (a response, an exception to raise, or a function)."""

    def __init__(
        self,
        pages: dict[str | None, Path] | None = None,
        script: list[Scripted] | None = None,
        time: FakeTime | None = None,
    ) -> None:
        self.pages = CHAIN if pages is None else pages
        self.script = list(script or [])
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []
        self.time = time

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.time is not None:
            self.times.append(self.time.now)
        if self.script:
            action = self.script.pop(0)
            if isinstance(action, Exception):
                raise action
            if isinstance(action, httpx.Response):
                return action
            return action(request)
        assert request.url.host == "clinicaltrials.gov"
        assert request.url.path == "/api/v2/studies"
        token = request.url.params.get("pageToken")
        if token not in self.pages:
            return httpx.Response(400, text=f"unknown pageToken {token!r} in this recording")
        return httpx.Response(
            200,
            content=self.pages[token].read_bytes(),
            headers={"Content-Type": "application/json"},
        )

    def tokens(self) -> list[str | None]:
        return [r.url.params.get("pageToken") for r in self.requests]


def make_client(handler: Recorded, time: FakeTime | None = None, **kw: Any) -> CtgovClient:
    time = time or FakeTime()
    kw.setdefault("rng", random.Random(7))
    return CtgovClient(
        transport=httpx.MockTransport(handler), sleep=time.sleep, clock=time.clock, **kw
    )


def written(out: Path) -> list[str]:
    return sorted(p.stem for p in out.glob("NCT*.json"))


def state(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / STATE_FILE).read_bytes())
    return data


# ---- pagination --------------------------------------------------------------------------


def test_follows_the_two_page_chain_and_writes_each_study(tmp_path: Path) -> None:
    handler = Recorded()
    out = tmp_path / "trials"
    with make_client(handler) as client:
        summary = fetch_trials(client, QUERY, out, max_studies=10, page_size=5)
    assert handler.tokens() == [None, TOKEN1]
    first, second = (r.url.params for r in handler.requests)
    assert first["query.cond"] == "Phelan-McDermid syndrome"
    assert first["format"] == "json" and first["pageSize"] == "5"
    assert first["countTotal"] == "true" and "pageToken" not in first
    assert second["query.cond"] == "Phelan-McDermid syndrome" and second["pageSize"] == "5"
    assert all(r.headers["User-Agent"] == USER_AGENT for r in handler.requests)
    assert USER_AGENT.startswith(f"tlkg/{__version__} ")

    assert written(out) == sorted(ncts(PAGE1) + ncts(PAGE2))
    for path in (PAGE1, PAGE2):
        for study in page(path)["studies"]:
            nct = study["protocolSection"]["identificationModule"]["nctId"]
            assert json.loads((out / f"{nct}.json").read_bytes()) == study
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [STATE_FILE]
    assert summary.to_json() == {"fetched": 10, "pages": 2, "out": str(out), "complete": False}
    assert summary.total == 21 and summary.new == 10
    saved = state(out)
    assert saved["page_token"] == TOKEN2 and saved["skip"] == 0 and saved["fetched"] == 10


def test_a_page_without_next_token_completes_the_fetch(tmp_path: Path) -> None:
    handler = Recorded({None: LAST})
    with make_client(handler) as client:
        summary = fetch_trials(client, TrialQuery(term="EGFR L858R"), tmp_path, page_size=50)
    assert summary.complete and summary.fetched == 2 and summary.pages == 1
    assert written(tmp_path) == sorted(ncts(LAST))
    # run again: already complete, no request made
    with make_client(handler) as client:
        again = fetch_trials(client, TrialQuery(term="EGFR L858R"), tmp_path, page_size=50)
    assert len(handler.requests) == 1
    assert again.to_json() == summary.to_json() and again.new == 0


def test_max_stops_early_inside_a_page(tmp_path: Path) -> None:
    handler = Recorded()
    with make_client(handler) as client:
        summary = fetch_trials(client, QUERY, tmp_path, max_studies=3, page_size=5)
    assert handler.tokens() == [None]
    assert written(tmp_path) == sorted(ncts(PAGE1)[:3])
    assert summary.fetched == 3 and not summary.complete
    assert state(tmp_path)["page_token"] is None and state(tmp_path)["skip"] == 3
    # a larger --max later continues with the 4th study, nothing skipped or repeated
    with make_client(handler) as client:
        more = fetch_trials(client, QUERY, tmp_path, max_studies=7, page_size=5)
    assert handler.tokens() == [None, None, TOKEN1]
    assert written(tmp_path) == sorted(ncts(PAGE1) + ncts(PAGE2)[:2])
    assert more.fetched == 7 and more.new == 4


# ---- retries -----------------------------------------------------------------------------


def test_503_then_200_is_retried_honouring_retry_after(tmp_path: Path) -> None:
    time = FakeTime()
    handler = Recorded(
        {None: LAST}, script=[httpx.Response(503, headers={"Retry-After": "7"}, text="busy")]
    )
    with make_client(handler, time, rate=1000) as client:
        summary = fetch_trials(client, QUERY, tmp_path)
    assert len(handler.requests) == 2 and summary.complete and summary.fetched == 2
    assert 7 in time.sleeps and sum(time.sleeps) < 7.01


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 8, 11, 12, 0, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("120") == 120 and parse_retry_after("-3") == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_429_and_network_errors_back_off_exponentially_with_jitter(tmp_path: Path) -> None:
    time = FakeTime()
    handler = Recorded(
        {None: LAST},
        script=[
            httpx.Response(429),
            httpx.ConnectError("connection refused"),
            httpx.ReadTimeout("timed out"),
        ],
    )
    with make_client(handler, time, rate=1000, backoff=1.0) as client:
        fetch_trials(client, QUERY, tmp_path)
    assert len(handler.requests) == 4
    backoffs = [s for s in time.sleeps if s > 0.01]  # drop the rate limiter's waits
    assert len(backoffs) == 3
    for attempt, slept in enumerate(backoffs):
        assert 2**attempt / 2 <= slept <= 2**attempt  # equal jitter around 1, 2, 4 s
    rng = random.Random(1)
    delays = {backoff_delay(3, 1.0, 60.0, rng) for _ in range(20)}
    assert len(delays) > 1 and all(4 <= d <= 8 for d in delays)
    assert backoff_delay(20, 1.0, 60.0, rng) <= 60


def test_retries_exhausted_is_one_clear_error(tmp_path: Path) -> None:
    time = FakeTime()
    handler = Recorded(script=[httpx.ConnectError("Name or service not known")] * 3)
    with make_client(handler, time, retries=2) as client, pytest.raises(FetchError) as exc:
        fetch_trials(client, QUERY, tmp_path)
    assert len(handler.requests) == 3
    message = str(exc.value)
    assert "after 3 attempts" in message and "ConnectError" in message and "\n" not in message


def test_a_very_long_retry_after_stops_instead_of_hanging(tmp_path: Path) -> None:
    handler = Recorded(script=[httpx.Response(429, headers={"Retry-After": "3600"})])
    with make_client(handler) as client, pytest.raises(FetchError, match="asks to wait 3600 s"):
        fetch_trials(client, QUERY, tmp_path)


def test_4xx_is_not_retried_and_carries_the_api_message(tmp_path: Path) -> None:
    handler = Recorded(script=[httpx.Response(400, text="`query.recrs` is unknown parameter\n")])
    with make_client(handler) as client, pytest.raises(ApiError) as exc:
        fetch_trials(client, QUERY, tmp_path)
    assert len(handler.requests) == 1 and exc.value.status == 400
    assert str(exc.value) == (
        "ClinicalTrials.gov refused the request (HTTP 400 Bad Request): "
        "`query.recrs` is unknown parameter"
    )


def test_a_200_that_is_not_a_search_page_is_an_error(tmp_path: Path) -> None:
    handler = Recorded(script=[httpx.Response(200, text="<html>maintenance</html>")])
    with make_client(handler) as client, pytest.raises(FetchError, match="not JSON"):
        fetch_trials(client, QUERY, tmp_path)


# ---- rate limit --------------------------------------------------------------------------


def test_rate_limiter_spaces_requests_on_a_fake_clock() -> None:
    time = FakeTime()
    limiter = RateLimiter(2.0, clock=time.clock, sleep=time.sleep)
    starts = []
    for _ in range(4):
        limiter.wait()
        starts.append(time.now)
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [0.5] * 3
    time.now += 10  # idle for a while: the next request goes at once
    limiter.wait()
    assert time.sleeps == [0.5] * 3


def test_the_client_keeps_to_the_rate_across_pages_and_retries(tmp_path: Path) -> None:
    time = FakeTime()
    handler = Recorded(script=[httpx.Response(503)], time=time)
    with make_client(handler, time, rate=3.0, backoff=0.01) as client:
        fetch_trials(client, QUERY, tmp_path, max_studies=10, page_size=5)
    assert len(handler.times) == 3
    gaps = [b - a for a, b in itertools.pairwise(handler.times)]
    assert all(g >= 1 / 3 - 1e-9 for g in gaps)


# ---- resume ------------------------------------------------------------------------------


def test_resume_after_the_network_fails_following_page_one(tmp_path: Path) -> None:
    failing = Recorded(script=[_serve(PAGE1), httpx.ConnectError("network is unreachable")])
    with make_client(failing, retries=0) as client, pytest.raises(FetchError, match="resume"):
        fetch_trials(client, QUERY, tmp_path, max_studies=10, page_size=5)
    assert written(tmp_path) == sorted(ncts(PAGE1))
    assert state(tmp_path)["page_token"] == TOKEN1 and state(tmp_path)["fetched"] == 5

    handler = Recorded()
    with make_client(handler) as client:
        summary = fetch_trials(client, QUERY, tmp_path, max_studies=10, page_size=5)
    assert handler.tokens() == [TOKEN1]  # continued from the saved token, not from page 1
    assert written(tmp_path) == sorted(ncts(PAGE1) + ncts(PAGE2))
    assert summary.resumed and summary.fetched == 10 and summary.new == 5
    assert summary.pages == 2


def test_resume_after_an_interruption_inside_a_page_has_no_duplicates(tmp_path: Path) -> None:
    seen: list[int] = []

    def interrupt(fetched: int, _total: int | None) -> None:
        seen.append(fetched)
        if fetched == 7:
            raise KeyboardInterrupt

    with make_client(Recorded()) as client, pytest.raises(KeyboardInterrupt):
        fetch_trials(client, QUERY, tmp_path, max_studies=10, page_size=5, on_progress=interrupt)
    assert state(tmp_path)["page_token"] == TOKEN1 and state(tmp_path)["fetched"] == 5
    assert len(written(tmp_path)) == 7

    handler = Recorded()
    with make_client(handler) as client:
        summary = fetch_trials(client, QUERY, tmp_path, max_studies=10, page_size=5)
    assert handler.tokens() == [TOKEN1]
    assert written(tmp_path) == sorted(ncts(PAGE1) + ncts(PAGE2))
    assert summary.fetched == 10  # the 2 studies written twice count once
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def _serve(path: Path) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(200, content=path.read_bytes())


def test_a_different_query_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    with make_client(Recorded({None: LAST})) as client:
        fetch_trials(client, QUERY, tmp_path)
    handler = Recorded({None: LAST})
    other = TrialQuery(term="EGFR L858R")
    with make_client(handler) as client, pytest.raises(FetchError) as exc:
        fetch_trials(client, other, tmp_path)
    assert handler.requests == []
    assert "--condition 'Phelan-McDermid syndrome'" in str(exc.value)
    assert "--restart" in str(exc.value)
    with make_client(handler) as client:
        summary = fetch_trials(client, other, tmp_path, restart=True)
    assert summary.complete and state(tmp_path)["query"]["term"] == "EGFR L858R"


def test_a_refused_query_does_not_lock_the_folder(tmp_path: Path) -> None:
    refused = Recorded(script=[httpx.Response(400, text="bad query")])
    with make_client(refused) as client, pytest.raises(ApiError):
        fetch_trials(client, TrialQuery(term="AND AND"), tmp_path)
    with make_client(Recorded({None: LAST})) as client:
        assert fetch_trials(client, QUERY, tmp_path).complete


def test_a_broken_state_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("{not json")
    with make_client(Recorded()) as client, pytest.raises(FetchError, match="--restart"):
        fetch_trials(client, QUERY, tmp_path)


def test_an_unwritable_folder_is_a_clear_error_before_any_request(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    handler = Recorded()
    with make_client(handler) as client, pytest.raises(FetchError, match="cannot create"):
        fetch_trials(client, QUERY, blocker / "trials")
    assert handler.requests == []


def test_a_query_needs_something_to_search_for() -> None:
    with pytest.raises(FetchError, match="--query"):
        TrialQuery(term="  ")


# ---- the CLI -----------------------------------------------------------------------------


def invoke(handler: Recorded, *args: str) -> Any:
    time = FakeTime()

    def factory(**options: Any) -> CtgovClient:
        return make_client(handler, time, **options)

    return CliRunner().invoke(app, list(args), obj={CTGOV_CLIENT_FACTORY: factory})


def test_cli_fetch_json_summary_then_tlkg_load_loads_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "trials"
    handler = Recorded()
    result = invoke(
        handler,
        "fetch",
        "trials",
        "--condition",
        "Phelan-McDermid syndrome",
        "--max",
        "10",
        "--page-size",
        "5",
        "--out",
        str(out),
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "fetched": 10,
        "pages": 2,
        "out": str(out),
        "complete": False,
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tlkg",
            "--store",
            str(tmp_path / "store"),
            "load",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout)
    assert loaded["loaded"] == 10 and loaded["errors"] == [] and loaded["triples"] > 0


def test_cli_rerun_resumes_and_prints_a_summary_line(tmp_path: Path) -> None:
    args = ["fetch", "trials", "-q", "phelan", "--page-size", "5", "--out", str(tmp_path)]
    first = invoke(Recorded(), *args, "--max", "5")
    assert first.exit_code == 0, first.output
    assert "5 studies in" in first.stdout and "--max" in first.stdout
    handler = Recorded()
    second = invoke(handler, *args, "--max", "10")
    assert second.exit_code == 0, second.output
    assert handler.tokens() == [TOKEN1]
    assert "10 studies in" in second.stdout and "5 new, resumed" in second.stdout


def test_cli_different_query_is_refused_in_one_line(tmp_path: Path) -> None:
    base = ["fetch", "trials", "--out", str(tmp_path), "--json"]
    assert invoke(Recorded({None: LAST}), *base, "-q", "EGFR L858R").exit_code == 0
    result = invoke(Recorded({None: LAST}), *base, "-q", "melanoma")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "holds a fetch for --query 'EGFR L858R'" in lines[0]
    again = invoke(Recorded({None: LAST}), *base, "-q", "melanoma", "--restart")
    assert again.exit_code == 0 and json.loads(again.stdout)["complete"] is True


def test_cli_4xx_is_one_line_exit_2_with_the_api_message(tmp_path: Path) -> None:
    handler = Recorded(script=[httpx.Response(400, text="pageSize: must be at most 1000")])
    result = invoke(handler, "fetch", "trials", "-q", "x", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ClinicalTrials.gov refused the request (HTTP 400")
    assert lines[0].endswith("pageSize: must be at most 1000")


def test_cli_network_down_and_unwritable_folder_are_one_line_exit_2(tmp_path: Path) -> None:
    handler = Recorded(script=[httpx.ConnectError("network is unreachable")] * 3)
    result = invoke(
        handler, "fetch", "trials", "-q", "x", "--retries", "2", "--out", str(tmp_path / "a")
    )
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "after 3 attempts" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke(Recorded(), "fetch", "trials", "-q", "x", "--out", str(blocker))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "cannot create the folder" in result.stderr


def test_cli_needs_a_query(tmp_path: Path) -> None:
    result = invoke(Recorded(), "fetch", "trials", "--out", str(tmp_path))
    assert result.exit_code == 2 and "--query" in result.stderr
