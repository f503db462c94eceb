"""The web page in a real headless browser: Debian's Chromium (never a downloaded build)
driven by Playwright's Python client, against a live server (127.0.0.1) over the demo
corpus. Without Chromium or Playwright the browser tests are skipped locally, and fail
in CI (``CI=true`` or ``TLKG_CI=1``).

The page must work offline: every request the browser makes goes to the test server;
anything else is blocked and fails the test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from live_server import DEMO, build_store, live_server

from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWS = ["/", "/therapy/idecabtagene-vicleucel", "/indication/multiple-myeloma", "/barriers"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"} or os.environ.get("TLKG_CI") == "1"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"Debian chromium not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python client is not installed (pip install -e '.[test]')"
    return None


# ---- the server ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[str]:
    store = tmp_path_factory.mktemp("web") / "store"
    build_store(store, vocab, [DEMO / "trials", DEMO / "articles"])
    with live_server(Settings(store=store), vocab) as base:
        yield base


# ---- without a browser: the server side of the page ---------------------------------------
def test_every_view_gets_the_same_offline_shell(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        shells = set()
        for path in [*VIEWS, "/therapy/no-such-thing", "/therapies?target=bcma"]:
            r = http.get(path)
            assert r.status_code == 200, path
            assert r.headers["content-type"].startswith("text/html")
            assert "default-src 'self'" in r.headers["content-security-policy"]
            shells.add(r.text)
        assert len(shells) == 1
        shell = shells.pop()
        assets = re.findall(r'(?:src|href)="([^"]+)"', shell)
        assert "/static/app.js" in assets and "/static/style.css" in assets
        for url in assets:  # every reference is local, and the static files are served
            assert url.startswith(("/", "#")), url
            if url.startswith("/static/"):
                assert http.get(url).status_code == 200, url
        for name in ("app.js", "style.css"):
            text = http.get(f"/static/{name}").text
            assert not re.search(r"https?://(?!clinicaltrials\.gov|www\.w3\.org)", text), name
        # the web routes do not shadow the API or the SPARQL page
        assert http.get("/api/therapies/idecabtagene-vicleucel").json()["name"]
        page = http.get("/sparql", headers={"Accept": "text/html"})
        assert "<textarea" in page.text and 'href="/"' in page.text
        assert "/therapy/{therapy_id}" not in http.get("/openapi.json").text


def test_web_files_are_package_data() -> None:
    web = resources.files("tlkg.api").joinpath("web")
    assert web.joinpath("index.html").is_file()
    for name in ("app.js", "style.css", "favicon.svg"):
        assert web.joinpath("static", name).is_file(), name


# ---- in the browser -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = browser_missing()
    if reason:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Page:
    """A browser page that records every request and JavaScript error; requests to any
    host but the test server's are blocked (and fail the test)."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.base = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(20_000)
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.rendered()
        return self.page

    def rendered(self) -> None:
        self.page.wait_for_selector("main[aria-busy=false]")

    def path(self) -> str:
        return str(urlsplit(self.page.url).path)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def web(browser: Any, base_url: str) -> Iterator[Page]:
    page = Page(browser, base_url)
    try:
        yield page
        hosts = {urlsplit(url).hostname for url in page.requests if url.startswith("http")}
        assert page.foreign == [], f"the page reached outside the test server: {page.foreign}"
        assert hosts <= {"127.0.0.1"}, hosts
        assert page.errors == [], page.errors
    finally:
        page.close()


def test_search_suggests_and_opens_the_therapy_with_its_competitors(web: Page) -> None:
    page = web.open("/")
    box = page.get_by_role("combobox")
    box.press_sequentially("ide", delay=40)
    option = page.get_by_role("option").filter(has_text="idecabtagene vicleucel")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    option.click()

    page.wait_for_url(re.compile(r"/therapy/idecabtagene-vicleucel$"))
    web.rendered()
    assert page.locator("h1").inner_text() == "idecabtagene vicleucel"
    assert "Abecma" in page.locator(".aka").inner_text()
    facts = page.locator(".facts").inner_text()
    assert "autologous CAR-T" in facts and "BCMA" in facts and "Bristol Myers Squibb" in facts
    ranked = page.locator("ol.ranked > li")
    assert ranked.count() >= 3
    first = ranked.first.inner_text()
    assert "ciltacabtagene autoleucel" in first and "stated rivalry" in first.lower()
    # the network: the therapy and its competitors, coloured, linked to their pages
    nodes = page.locator("svg.network a.node")
    assert nodes.count() == ranked.count() + 1
    assert page.locator("svg.network line.link").count() >= ranked.count()
    assert page.locator("svg.network a.node.center").get_attribute("href") == (
        "/therapy/idecabtagene-vicleucel"
    )
    # evidence sentences with their sources
    sources = page.locator("section.sources-list").inner_text()
    assert "Cilta-cel competes directly with ide-cel" in sources
    assert page.locator("section.complements h2").inner_text() == "Complements"


def test_network_drags_without_opening_and_opens_on_click(web: Page) -> None:
    page = web.open("/therapy/idecabtagene-vicleucel")
    node = page.locator('svg.network a.node[data-id="ciltacabtagene-autoleucel"]')
    node.wait_for()
    page.locator("svg.network").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = node.locator("circle").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 50, steps=8)
    page.mouse.up()
    page.wait_for_timeout(400)
    assert web.path() == "/therapy/idecabtagene-vicleucel"  # a drag does not navigate
    moved = node.locator("circle").bounding_box()
    assert moved is not None and abs(moved["x"] - box["x"]) + abs(moved["y"] - box["y"]) > 60

    node.locator("circle").click()
    page.wait_for_url(re.compile(r"/therapy/ciltacabtagene-autoleucel$"))
    web.rendered()
    assert page.locator("h1").inner_text() == "ciltacabtagene autoleucel"
    page.go_back()  # history works between views
    page.wait_for_url(re.compile(r"/therapy/idecabtagene-vicleucel$"))
    page.locator("h1", has_text="idecabtagene vicleucel").wait_for()


def test_keyboard_enter_opens_the_top_hit(web: Page) -> None:
    page = web.open("/")
    box = page.get_by_role("combobox")
    box.press_sequentially("carvykti", delay=30)
    page.get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/therapy/ciltacabtagene-autoleucel$"))
    # an alias in the URL gets the canonical id
    page = web.open("/therapy/ide-cel")
    assert page.locator("h1").inner_text() == "idecabtagene vicleucel"
    assert web.path() == "/therapy/idecabtagene-vicleucel"


def test_indication_landscape_is_grouped_by_modality(web: Page) -> None:
    page = web.open("/indication/multiple-myeloma")
    assert page.locator("h1").inner_text() == "multiple myeloma"
    groups = page.locator("section.group")
    assert groups.count() >= 3
    headings = page.locator("section.group h2").all_inner_texts()
    assert "autologous CAR-T" in headings and "bispecific T-cell engager" in headings
    car_t = groups.filter(has=page.locator("h2", has_text=re.compile(r"^autologous CAR-T$")))
    assert "idecabtagene vicleucel" in car_t.inner_text()
    car_t.get_by_role("link", name="ciltacabtagene autoleucel").click()
    page.wait_for_url(re.compile(r"/therapy/ciltacabtagene-autoleucel$"))


def test_indication_page_shows_clusters_and_crowding(web: Page, base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=60) as http:
        clusters = http.get("/api/indications/multiple-myeloma/clusters").json()
        crowding = http.get("/api/indications/multiple-myeloma/crowding").json()
    page = web.open("/indication/multiple-myeloma")
    cards = page.locator("#clusters article.cluster")
    cards.first.wait_for()
    assert cards.count() == len(clusters["clusters"]) >= 2
    assert "null" not in page.locator("#clusters").inner_text()
    for card, c in zip(cards.all(), clusters["clusters"], strict=True):
        assert card.locator("h3").inner_text() == f"{c['id']}. {c['label']}"
        names = card.locator("li a").all_inner_texts()
        assert names == [m["therapy"]["name"] for m in c["members"]]
    bars = page.locator("#crowding svg.crowding g.year")
    bars.first.wait_for()
    got = [
        (int(g.get_attribute("data-year") or 0), int(g.get_attribute("data-programmes") or 0))
        for g in bars.all()
    ]
    assert got == [(y["year"], y["programmes"]) for y in crowding["years"]]
    tallest = max(y["programmes"] for y in crowding["years"])
    assert page.locator("#crowding .legend li").count() >= 1
    assert str(tallest) in (page.locator("#crowding svg").text_content() or "")
    cards.first.get_by_role(
        "link", name=clusters["clusters"][0]["members"][0]["therapy"]["name"]
    ).click()
    page.wait_for_url(re.compile(r"/therapy/"))


def _shown_changes(page: Any) -> list[tuple[str, str, str]]:
    items = page.locator("#changes li.change")
    return [
        (
            li.get_attribute("data-kind") or "",
            li.locator("time").inner_text(),
            li.locator("a").first.inner_text(),
        )
        for li in items.all()
    ]


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/indication/multiple-myeloma", {"indication": "multiple-myeloma"}),
        ("/therapy/teclistamab", {"therapy": "teclistamab"}),
    ],
)
def test_what_changed_panel_follows_its_since_and_as_of_controls(
    web: Page, base_url: str, path: str, scope: dict[str, str]
) -> None:
    page = web.open(path)
    panel = page.locator("section#changes")
    panel.wait_for()
    page.wait_for_selector("#changes .changes-list:not([aria-busy])")
    with httpx.Client(base_url=base_url, timeout=60) as http:

        def expected(**params: str) -> list[tuple[str, str, str]]:
            answer = http.get("/api/changes", params={**scope, **params}).json()
            return [
                (c["kind"], c["date"] or "undated", c["therapy"]["name"]) for c in answer["changes"]
            ]

        # The default window (two years back) as the API gives it.
        since = panel.locator("input[name=since]").input_value()
        assert _shown_changes(page) == expected(since=since)
        # A wider window, then the same window as of an earlier day.
        for since_day, as_of in (("2024-06-01", ""), ("2024-06-01", "2024-12-31")):
            panel.locator("input[name=since]").fill(since_day)
            panel.locator("input[name=until]").fill(as_of)
            with page.expect_response(re.compile(r"/api/changes\?")):
                panel.get_by_role("button", name="Show changes").click()
            page.wait_for_selector("#changes .changes-list:not([aria-busy])")
            want = expected(since=since_day, **({"until": as_of} if as_of else {}))
            assert want, (since_day, as_of)
            assert _shown_changes(page) == want
            assert page.locator("#changes li.change .sources .cite").count() >= len(want)
        assert all(date <= "2024-12-31" for _k, date, _t in _shown_changes(page))


def test_barrier_map_shows_faced_and_addressed_with_the_therapies(web: Page) -> None:
    page = web.open("/barriers")
    matrix = page.locator("table.matrix")
    assert "apheresis" in matrix.locator("thead").inner_text()
    rows = matrix.locator("tbody tr")
    assert rows.count() >= 2
    car_t = rows.filter(has=page.locator("th", has_text="autologous CAR-T"))
    bispecific = rows.filter(has=page.locator("th", has_text="bispecific T-cell engager"))
    assert car_t.locator("button.cell.faces").count() >= 3
    assert bispecific.locator("button.cell.addresses").count() >= 1
    # apheresis is the first barrier column: faced by autologous CAR-T (cilta-cel)
    car_t.locator("td").nth(0).locator("button").click()
    panel = page.locator("#barrier-panel")
    assert "apheresis" in panel.locator("h2").inner_text()
    assert "ciltacabtagene autoleucel" in panel.inner_text()
    # hover previews another cell once unpinned; a modality claim lists its therapies
    car_t.locator("td").nth(0).locator("button").click()
    in_vivo = rows.filter(has=page.locator("th", has_text="in vivo CAR-T"))
    in_vivo.locator("td").nth(0).locator("button").hover()
    panel.get_by_text("Addresses apheresis").wait_for()
    panel.get_by_role("link", name="ESO-T01").wait_for()


def test_therapy_page_lists_its_barriers_stated_and_through_its_modality(web: Page) -> None:
    page = web.open("/therapy/ciltacabtagene-autoleucel")
    section = page.locator("section.therapy-barriers")
    items = section.locator("li")
    stated = items.filter(has_text="apheresis")
    assert "stated for this therapy" in stated.first.inner_text()
    # "... certified treatment centres still restrict access to autologous CAR-T" reaches
    # cilta-cel as an inference. (Not cytokine release syndrome: since issue 17 "Both carry
    # a boxed warning for cytokine release syndrome" is stated of the two products.)
    centres = items.filter(has_text="treatment centres").first.inner_text()
    assert "inferred: a source says it of autologous CAR-T" in centres
    assert section.locator(".sources .cite").count() >= items.count()


def test_unknown_therapy_is_a_friendly_not_found(web: Page) -> None:
    page = web.open("/therapy/ide-cell")
    assert page.locator("h1").inner_text() == "Therapy not found"
    assert "ide-cell" in page.locator(".notfound").inner_text()
    suggestion = page.locator("ul.suggestions").get_by_role("link", name="ide-cel", exact=True)
    suggestion.click()
    page.wait_for_url(re.compile(r"/therapy/idecabtagene-vicleucel$"))
    web.rendered()
    assert page.locator("h1").inner_text() == "idecabtagene vicleucel"


def test_views_are_accessible_and_stay_offline(web: Page) -> None:
    for path in [*VIEWS, "/therapies?target=bcma"]:
        page = web.open(path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("main#main").count() == 1
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea, button')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.textContent.trim())
                 .map(el => el.outerHTML)"""
        )
        assert unlabeled == [], (path, unlabeled)
        page.wait_for_load_state("networkidle")
    assert any("/api/barriers" in url for url in web.requests)
    # the SPARQL page (served by the SPARQL route) links back home
    page = web.page
    page.goto(web.base + "/sparql")
    page.get_by_role("link", name=re.compile("tlkg")).first.click()
    page.wait_for_url(re.compile(r"/$"))
    web.rendered()


def test_api_docs_render_offline(browser: Any, base_url: str) -> None:
    """Swagger UI and ReDoc draw the API's operations with nothing fetched from elsewhere:
    their scripts come from this server, and the one image ReDoc hard-codes from its
    vendor's CDN is blocked by the page's Content-Security-Policy before any request."""
    web = Page(browser, base_url)
    blocked: list[str] = []
    # Chromium reports a request its Content-Security-Policy refused as failed with "csp".
    web.page.on(
        "requestfailed",
        lambda req: blocked.append(req.url) if "csp" in (req.failure or "").lower() else None,
    )
    try:
        page = web.page
        page.goto(web.base + "/docs")
        page.wait_for_selector(".opblock-summary-path")
        assert page.get_by_text("/api/therapies/{therapy_id}/competitors").count() >= 1
        page.goto(web.base + "/redoc")
        page.get_by_text("/api/therapies/{therapy_id}/competitors").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert web.foreign == [], f"the docs reached outside the test server: {web.foreign}"
        elsewhere = [u for u in web.requests if urlsplit(u).hostname not in (None, "127.0.0.1")]
        assert sorted(set(elsewhere)) == sorted(set(blocked)), (elsewhere, blocked)
        assert web.errors == [], web.errors
    finally:
        web.close()
