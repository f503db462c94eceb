"""The HTTP face: ``serve`` runs the web page, REST API and SPARQL endpoint over the store;
``demo`` loads the bundled sample corpus into a fresh store and serves that."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tlkg.cli.context import fail, state

if TYPE_CHECKING:
    from tlkg.graph.store.base import GraphStore
    from tlkg.settings import Settings

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
HostOpt = Annotated[
    str, typer.Option("--host", help="Interface to listen on (default: this machine only)")
]
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")]


def _serve(web: Any, host: str, port: int) -> None:
    import uvicorn

    from tlkg.cli.render import err, out

    if host not in LOOPBACK:
        err.print(
            f"[yellow]warning:[/yellow] listening on {host}: other machines can reach this "
            "server (/sparql is read-only; uploads need TLKG_UPLOAD_TOKEN)",
            highlight=False,
        )
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    out.print(
        f"serving at {base}/  (API docs {base}/docs, SPARQL {base}/sparql); Ctrl-C stops",
        highlight=False,
        soft_wrap=True,
    )
    uvicorn.run(web, host=host, port=port, log_level="info")


def serve_cmd(host: HostOpt = "127.0.0.1", port: PortOpt = 8000) -> None:
    """Serve the web page, the REST API and a read-only SPARQL endpoint.

    The server owns the store while it runs (other tlkg commands on it get "store is
    busy"): load through the token-gated POST /api/sources (TLKG_UPLOAD_TOKEN)."""
    from tlkg.api.app import create_app

    web = create_app(state.settings, vocab=state.vocab)
    _serve(web, host, port)


def _demo_corpus() -> list[Path]:
    from importlib import resources

    root = Path(str(resources.files("tlkg").joinpath("demo")))
    return [root / "trials", root / "articles"]


def _demo_sample(store: GraphStore) -> None:
    from tlkg.cli.render import out
    from tlkg.graph.services import catalog
    from tlkg.graph.services.competition import competitors

    therapies = catalog.list_therapies(store, state.vocab)
    out.print(f"{len(therapies)} therapies mentioned", highlight=False)
    try:
        top = competitors(store, state.vocab, "ide-cel", limit=5)
    except catalog.NotFound:
        return
    out.print("competitors of idecabtagene vicleucel (ide-cel), top 5:", highlight=False)
    for c in top:
        kinds = ", ".join(dict.fromkeys(r.kind for r in c.reasons))
        out.print(f"  {c.score:7.2f}  {c.therapy.name}  ({kinds})", highlight=False, soft_wrap=True)


def _demo_settings() -> tuple[Settings, Path | None]:
    """The settings naming the demo's fresh store, and the temporary folder to delete on exit
    (None when the store is in memory or a new folder that --store named)."""
    settings = state.settings
    if settings.endpoint:
        fail("the demo uses an embedded store: drop --endpoint")
    if settings.memory:
        return settings, None
    if "store" in settings.model_fields_set:
        path = Path(os.path.expanduser(str(settings.store)))
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            fail(f"the demo loads into a fresh store, and {path} is not empty: give a new folder")
        return settings, None
    temp = Path(tempfile.mkdtemp(prefix="tlkg-demo-"))
    return settings.model_copy(update={"store": temp / "store"}), temp


def demo_cmd(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Print a sample answer and exit, not serve")
    ] = False,
) -> None:
    """Load the bundled sample corpus into a fresh store, then serve it.

    The store is a new temporary folder, deleted on exit, unless --store names one (it
    must be new or empty: the demo never loads into, or deletes, existing data)."""
    from tlkg.graph.analysis.maintain import attach
    from tlkg.graph.store.factory import open_store

    settings, temp = _demo_settings()
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        store = open_store(settings, write=True)
        try:
            attach(store)  # a fresh store: its analysis index is built as the demo loads
            _run_demo(store, settings, temp is not None, host, port, no_serve)
        finally:
            store.close()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM as an exception, so that the demo's temporary store is deleted. (uvicorn
    handles the signal while it serves, then raises it again once it has stopped: it
    lands here too.)"""
    raise SystemExit(128 + signum)


def _run_demo(
    store: GraphStore, settings: Settings, temporary: bool, host: str, port: int, no_serve: bool
) -> None:
    from tlkg.cli.render import out, print_load_summary
    from tlkg.graph.ingest.pipeline import load

    summary = load(store, _demo_corpus(), state.vocab)
    print_load_summary(summary)
    out.print(
        f"demo store: {store.location}" + (" (deleted on exit)" if temporary else ""),
        highlight=False,
        soft_wrap=True,
    )
    if no_serve:
        _demo_sample(store)
        return
    from tlkg.api.app import create_app

    web = create_app(settings, store=store, vocab=state.vocab)
    base = f"http://{host}:{port}"
    out.print(
        f"try: {base}/api/therapies/ide-cel/competitors  "
        f"{base}/api/indications/multiple-myeloma/landscape  {base}/sparql",
        highlight=False,
        soft_wrap=True,
    )
    _serve(web, host, port)
