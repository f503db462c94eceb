"""Fetch studies from the live ClinicalTrials.gov API v2 into a folder, one JSON file each.

``fetch_trials`` follows a search (``query.term``, ``query.cond``, ``query.intr``) page by
page through ``nextPageToken`` and writes every study as ``DIR/NCTxxxxxxxx.json`` (a v2
study object, which ``tlkg load DIR`` reads), each written atomically (temporary file,
then ``os.replace``). ``CtgovClient`` does the HTTP: a polite rate limit, a User-Agent
naming tlkg, and retries with exponential backoff and jitter on network errors, 429 and
5xx (a ``Retry-After`` header is honoured). It takes an ``httpx.Client`` or a transport,
so tests serve recorded pages through ``httpx.MockTransport``; the sleep function and the
clock are injectable too.

Resuming: after every page a small state file ``DIR/.tlkg-fetch.json`` records the query,
the page size, the token of the page being read, how many studies of that page are
already written, and the counts so far. Running the same fetch again continues from
there; a different query in the same folder is refused unless ``restart`` is set. A
study written twice (a page re-read after an interruption) simply replaces its own file:
the folder never holds duplicates. Dot files (the state, temporary files) are ignored by
``tlkg load``.
"""

from __future__ import annotations

import email.utils
import math
import os
import random
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
import orjson

from tlkg import __version__

API_URL = "https://clinicaltrials.gov/api/v2/studies"
STATE_FILE = ".tlkg-fetch.json"
STATE_VERSION = 1
MAX_PAGE_SIZE = 1000  # the API's limit
DEFAULT_PAGE_SIZE = 100
DEFAULT_RATE = 0.8  # requests per second: under the ~50 per minute the registry asks for
USER_AGENT = (
    f"tlkg/{__version__} (therapy-landscape knowledge graph) python-httpx/{httpx.__version__}"
)
_NCT = re.compile(r"NCT\d{8}")
_MESSAGE_CHARS = 300

Sleep = Callable[[float], None]
Clock = Callable[[], float]
Progress = Callable[[int, int | None], None]
"""Called with (studies in the folder so far, expected total or None): once at the start
and after every study written."""


class FetchError(Exception):
    """A fetch problem to report in one line (the CLI exits with status 2)."""


class ApiError(FetchError):
    """The API refused the request (HTTP 4xx other than 429); the message is the API's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---- the query -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialQuery:
    """What to search for; at least one part is required. Parts are ANDed by the API."""

    term: str | None = None
    condition: str | None = None
    intervention: str | None = None

    def __post_init__(self) -> None:
        for name in ("term", "condition", "intervention"):
            value = getattr(self, name)
            object.__setattr__(self, name, value.strip() or None if value else None)
        if not (self.term or self.condition or self.intervention):
            raise FetchError("give something to search for: --query, --condition or --intervention")

    def params(self) -> dict[str, str]:
        pairs = (
            ("query.term", self.term),
            ("query.cond", self.condition),
            ("query.intr", self.intervention),
        )
        return {k: v for k, v in pairs if v}

    def as_dict(self) -> dict[str, str | None]:
        return {"term": self.term, "condition": self.condition, "intervention": self.intervention}

    def describe(self) -> str:
        return describe_query(self.as_dict())


def describe_query(query: Mapping[str, Any]) -> str:
    labels = {"term": "--query", "condition": "--condition", "intervention": "--intervention"}
    parts = [f"{flag} {query[k]!r}" for k, flag in labels.items() if query.get(k)]
    return " ".join(parts) or "(no query)"


# ---- politeness: rate limit and backoff ---------------------------------------------------


class RateLimiter:
    """At most ``rate`` request starts per second: each waits until ``1/rate`` seconds after
    the previous one."""

    def __init__(self, rate: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep):
        if not rate > 0 or math.isinf(rate):
            raise ValueError("the request rate must be a positive number")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with "equal jitter": for attempt 0, 1, 2, ... half of
    ``min(cap, base * 2**attempt)`` plus a random share of the other half."""
    ceiling = min(cap, base * 2**attempt)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= _MESSAGE_CHARS else line[: _MESSAGE_CHARS - 1] + "…"


def _api_message(response: httpx.Response) -> str:
    """The API's own words for a refused request (plain text, or JSON with a message)."""
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        return ""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return _first_line(text)
    if isinstance(data, dict):
        for key in ("message", "error", "detail", "title"):
            if isinstance(data.get(key), str):
                return _first_line(data[key])
    return _first_line(text)


# ---- the HTTP client ---------------------------------------------------------------------


class CtgovClient:
    """GET search pages from the API v2, politely and with retries.

    Pass ``client`` (an ``httpx.Client`` you own) or ``transport`` (for example an
    ``httpx.MockTransport``); with neither, a real client is made and closed by
    ``close()``. ``sleep``, ``clock`` and ``rng`` make timing testable."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str = API_URL,
        rate: float = DEFAULT_RATE,
        retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        timeout: float = 30.0,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        if client is not None and transport is not None:
            raise ValueError("pass an httpx client or a transport, not both")
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        self._owns_client = client is None
        self.http = client or httpx.Client(
            transport=transport, timeout=timeout, follow_redirects=True
        )
        self.base_url = base_url
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.limiter = RateLimiter(rate, clock=clock, sleep=sleep)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.requests = 0  # HTTP attempts made, retries included

    def close(self) -> None:
        if self._owns_client:
            self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def get_page(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One search page ``{"studies": [...], "nextPageToken": ...}``.

        Network errors, 429 and 5xx are retried (``retries`` times); any other 4xx is an
        ``ApiError`` with the API's message; anything else unexpected is a ``FetchError``."""
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        problem = ""
        for attempt in range(self.retries + 1):
            self.limiter.wait()
            self.requests += 1
            delay = backoff_delay(attempt, self.backoff, self.max_backoff, self._rng)
            try:
                response = self.http.get(self.base_url, params=dict(params), headers=headers)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {_first_line(str(exc))}".rstrip(": ")
            else:
                status = response.status_code
                if status == 429 or 500 <= status <= 599:
                    problem = f"HTTP {status} {response.reason_phrase}".rstrip()
                    wait = parse_retry_after(response.headers.get("Retry-After"))
                    if wait is not None and wait > self.max_retry_after:
                        raise FetchError(
                            f"ClinicalTrials.gov is busy ({problem}) and asks to wait "
                            f"{wait:.0f} s: progress is saved, run the same command later"
                        )
                    if wait:
                        delay = wait
                elif 400 <= status <= 499:
                    message = _api_message(response)
                    raise ApiError(
                        status,
                        f"ClinicalTrials.gov refused the request (HTTP {status} "
                        f"{response.reason_phrase})" + (f": {message}" if message else ""),
                    )
                elif 200 <= status <= 299:
                    return _page(response)
                else:
                    raise FetchError(
                        f"unexpected answer from ClinicalTrials.gov: HTTP {status} "
                        f"{response.reason_phrase}"
                    )
            if attempt < self.retries:
                self._sleep(delay)
        raise FetchError(
            f"ClinicalTrials.gov could not be reached after {self.retries + 1} attempts "
            f"({problem}); progress is saved: run the same command again to resume"
        )


def _page(response: httpx.Response) -> dict[str, Any]:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise FetchError(f"ClinicalTrials.gov sent a page that is not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("studies"), list):
        raise FetchError("ClinicalTrials.gov sent something other than a search page")
    return data


# ---- the folder: state file and study files ------------------------------------------------


@dataclass
class FetchState:
    """What ``DIR/.tlkg-fetch.json`` holds. ``page_token`` is the token of the page being
    read (None: the first page); ``skip`` is how many of its studies are already written."""

    query: dict[str, str | None]
    page_size: int
    page_token: str | None = None
    skip: int = 0
    fetched: int = 0
    pages: int = 0
    total: int | None = None
    complete: bool = False
    api: str = API_URL
    tool: str = "tlkg"
    version: int = STATE_VERSION
    updated: str = ""


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary dot file in the same folder and
    ``os.replace``: readers see the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _FILE_MODE)
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_state(out: Path) -> FetchState | None:
    path = out / STATE_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    bad = f"{path} is not a tlkg fetch state: delete it, or pass --restart"
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise FetchError(bad) from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise FetchError(bad)
    try:
        state = FetchState(**data)
    except TypeError:
        raise FetchError(bad) from None
    if (
        not isinstance(state.query, dict)
        or not isinstance(state.page_size, int)
        or not 1 <= state.page_size <= MAX_PAGE_SIZE
        or not (state.page_token is None or isinstance(state.page_token, str))
        or not all(isinstance(v, int) and v >= 0 for v in (state.skip, state.fetched, state.pages))
    ):
        raise FetchError(bad)
    return state


def write_state(out: Path, state: FetchState) -> None:
    state.updated = datetime.now(UTC).isoformat(timespec="seconds")
    atomic_write(out / STATE_FILE, orjson.dumps(asdict(state), option=orjson.OPT_INDENT_2))


def study_nct_id(study: object) -> str | None:
    """The study's NCT ID when it is a well-formed one (it becomes the file name)."""
    if not isinstance(study, dict):
        return None
    ident = study.get("protocolSection", {})
    ident = ident.get("identificationModule", {}) if isinstance(ident, dict) else {}
    nct = ident.get("nctId") if isinstance(ident, dict) else None
    return nct if isinstance(nct, str) and _NCT.fullmatch(nct) else None


# ---- the fetch -------------------------------------------------------------------------


@dataclass
class FetchSummary:
    fetched: int  # studies written into the folder for this query, all runs together
    pages: int  # pages read, all runs together
    out: str
    complete: bool  # every study matching the query is in the folder
    new: int = 0  # studies written by this run
    resumed: bool = False
    total: int | None = None  # the API's count of matching studies, when it said
    skipped: list[str] = field(default_factory=list)  # studies without a usable NCT ID

    def to_json(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "pages": self.pages,
            "out": self.out,
            "complete": self.complete,
        }


def fetch_trials(
    client: CtgovClient,
    query: TrialQuery,
    out: Path,
    *,
    max_studies: int | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    restart: bool = False,
    on_progress: Progress | None = None,
) -> FetchSummary:
    """Fetch the studies matching ``query`` into ``out`` (at most ``max_studies`` in all,
    counting earlier runs), resuming a fetch of the same query found there.

    Raises ``FetchError`` for a refused request, an unreachable API after retries, a
    folder that cannot be written, or a folder holding a different query's fetch."""
    _check_limits(page_size, max_studies)
    out = Path(out)
    _make_folder(out)
    state, resumed = _starting_state(out, query, page_size, restart)
    _save(out, state)  # also proves the folder is writable before any request
    start = state.fetched
    summary = FetchSummary(
        fetched=state.fetched,
        pages=state.pages,
        out=str(out),
        complete=state.complete,
        resumed=resumed,
        total=state.total,
    )
    if on_progress:
        on_progress(state.fetched, _expected(state, max_studies))
    while not state.complete and _wants_more(state, max_studies):
        studies, token = _next_page(client, query, state)
        position = _write_studies(studies, out, state, summary, max_studies, on_progress)
        if position >= len(studies):
            state.page_token, state.skip = token, 0
            state.complete = token is None
        else:
            state.skip = position  # stopped inside the page at --max
        _save(out, state)

    summary.fetched, summary.pages, summary.complete = state.fetched, state.pages, state.complete
    summary.new, summary.total = state.fetched - start, state.total
    return summary


def _check_limits(page_size: int, max_studies: int | None) -> None:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise FetchError(f"the page size must be between 1 and {MAX_PAGE_SIZE}")
    if max_studies is not None and max_studies < 1:
        raise FetchError("--max must be 1 or more")


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise FetchError(f"{out} is not a folder")


def _starting_state(
    out: Path, query: TrialQuery, page_size: int, restart: bool
) -> tuple[FetchState, bool]:
    """The state to fetch from, and whether it resumes an earlier fetch of the same query
    (a folder holding another query's fetch is refused)."""
    state = None if restart else read_state(out)
    if state is not None and state.pages == 0 and state.fetched == 0:
        state = None  # nothing fetched yet (say, the API refused a mistyped query)
    if state is not None and state.query != query.as_dict():
        raise FetchError(
            f"{out} holds a fetch for {describe_query(state.query)}, not {query.describe()}: "
            "choose another --out folder, or pass --restart to fetch this query there"
        )
    if state is None:
        return FetchState(query=query.as_dict(), page_size=page_size), False
    return state, True


def _expected(state: FetchState, max_studies: int | None) -> int | None:
    """The number of studies the fetch should end with, when known (for progress)."""
    if max_studies is None:
        return state.total
    return max_studies if state.total is None else min(max_studies, state.total)


def _wants_more(state: FetchState, max_studies: int | None) -> bool:
    return max_studies is None or state.fetched < max_studies


def _next_page(
    client: CtgovClient, query: TrialQuery, state: FetchState
) -> tuple[list[Any], str | None]:
    """Read the page ``state`` points at (the first page also asks for the total): its
    studies and the next page's token (None after the last page)."""
    params = {**query.params(), "format": "json", "pageSize": str(state.page_size)}
    if state.page_token:
        params["pageToken"] = state.page_token
    else:
        params["countTotal"] = "true"
    page = client.get_page(params)
    state.pages += 1
    if not state.page_token and isinstance(page.get("totalCount"), int):
        state.total = page["totalCount"]
    studies: list[Any] = page["studies"]
    token = page.get("nextPageToken")
    token = token if isinstance(token, str) and token else None
    if token is not None and token == state.page_token:
        raise FetchError("ClinicalTrials.gov sent the same page token twice; stopping")
    return studies, token


def _write_studies(
    studies: list[Any],
    out: Path,
    state: FetchState,
    summary: FetchSummary,
    max_studies: int | None,
    on_progress: Progress | None,
) -> int:
    """Write the page's studies from ``state.skip`` on, until the page ends or
    ``max_studies`` are in the folder; the position in the page reached."""
    position = min(state.skip, len(studies))
    while position < len(studies) and _wants_more(state, max_studies):
        study = studies[position]
        position += 1
        nct = study_nct_id(study)
        if nct is None:
            summary.skipped.append(f"page {state.pages}, study [{position - 1}]")
            continue
        data = orjson.dumps(study, option=orjson.OPT_INDENT_2) + b"\n"
        try:
            atomic_write(out / f"{nct}.json", data)
        except OSError as exc:
            raise FetchError(f"cannot write into {out}: {exc.strerror or exc}") from None
        state.fetched += 1
        if on_progress:
            on_progress(state.fetched, _expected(state, max_studies))
    return position


def _save(out: Path, state: FetchState) -> None:
    try:
        write_state(out, state)
    except OSError as exc:
        raise FetchError(f"cannot write into {out}: {exc.strerror or exc}") from None
