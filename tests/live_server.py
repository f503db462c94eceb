"""A real tlkg HTTP server for the API tests: uvicorn in a background thread, listening on
a free port of 127.0.0.1, serving ``create_app`` over an on-disk store."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tlkg.api.app import create_app
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(str(resources.files("tlkg").joinpath("demo")))
CORPUS = [DEMO / "trials", DEMO / "articles", FIXTURES / "articles"]


def build_store(path: Path, vocab: Vocabulary, paths: list[Path] | None = None) -> int:
    """A store at ``path`` holding the demo corpus (plus the article fixture); returns
    its triple count."""
    store = OxigraphStore(path)
    try:
        summary = load(store, CORPUS if paths is None else paths, vocab)
        assert not summary.errors, summary.errors
        return store.count_triples()
    finally:
        store.close()


@contextmanager
def live_server(
    settings: Settings, vocab: Vocabulary, *, keep: dict[str, Any] | None = None, **kwargs: Any
) -> Iterator[str]:
    """Serve ``settings.store``; yields the base URL (and puts the app in ``keep``).
    Waits until the SPARQL workers are up, so that timings in the tests measure queries,
    not process start-up."""
    app = create_app(settings, vocab=vocab, **kwargs)
    if keep is not None:
        keep["app"] = app
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        assert app.state.tlkg.sparql.wait_ready(120), "SPARQL workers did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop a ``tlkg serve`` process as Ctrl-C would (SIGINT); kill it, and fail, if it
    has not exited within 30 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@contextmanager
def served(store: Path, vocab: Vocabulary) -> Iterator[httpx.Client]:
    """An HTTP client of a live server over the on-disk ``store`` (which the server holds:
    no CLI command may open it meanwhile)."""
    with (
        live_server(Settings(store=store), vocab) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client
