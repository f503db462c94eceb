"""The ``tlkg`` command line. Thin: parse options, call a service, print the answer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import orjson
import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape as _escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from tlkg import __version__
from tlkg.graph.ingest.pipeline import LoadSummary, load
from tlkg.graph.services import catalog
from tlkg.graph.store.oxigraph import GraphStore, StoreError, open_store
from tlkg.loaders.registry import Document, count_documents, one_line
from tlkg.ontology.vocab import Vocabulary, VocabularyError, load_vocabulary
from tlkg.settings import Settings

app = typer.Typer(
    name="tlkg",
    help="Therapy-landscape knowledge graph: load articles and trial records, ask what "
    "competes with what.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)


class State:
    settings: Settings
    _vocab: Vocabulary | None = None

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.settings.vocab)
        return self._vocab


state = State()


class CliError(Exception):
    """A problem to report in one line, with exit status 2."""


def _line(text: str) -> str:
    """A message printed as is: one line (control characters escaped), no markup."""
    return _escape(one_line(text))


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {_line(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def emit_json(data: Any) -> None:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


@contextmanager
def store_for(write: bool = False) -> Iterator[GraphStore]:
    store = open_store(state.settings, write=write)
    try:
        yield store
    finally:
        store.close()


def version_callback(value: bool) -> None:
    if value:
        out.print(f"tlkg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    store: Annotated[
        Path | None, typer.Option("--store", help="Store folder [env TLKG_STORE; ./tlkg-data]")
    ] = None,
    memory: Annotated[bool, typer.Option("--memory", help="Throwaway in-memory store")] = False,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Remote SPARQL endpoint URL")
    ] = None,
    update_endpoint: Annotated[
        str | None, typer.Option("--update-endpoint", help="Remote SPARQL update URL")
    ] = None,
    vocab: Annotated[
        list[Path] | None, typer.Option("--vocab", help="Extra vocabulary TOML file (repeatable)")
    ] = None,
    version: Annotated[
        bool | None, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = None,
) -> None:
    overrides: dict[str, Any] = {}
    if store is not None:
        overrides["store"] = store
    if memory:
        overrides["memory"] = True
    if endpoint:
        overrides["endpoint"] = endpoint
    if update_endpoint:
        overrides["update_endpoint"] = update_endpoint
    try:
        settings = Settings(**overrides)
    except ValueError as exc:
        fail(f"bad setting: {exc}")
    if vocab:
        settings.vocab = [*settings.vocab, *vocab]
    state.settings = settings
    state._vocab = None


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (the DESIGN shapes)")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Only sources dated on or before YYYY-MM-DD")
]


# ---- load, sources, remove ---------------------------------------------------------------
@app.command("load")
def load_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders, .zip or .jsonl")],
    json_out: JsonOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Reload unchanged sources")] = False,
    sync: Annotated[
        bool, typer.Option("--sync", help="Also remove trial records absent from the input")
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Worker processes [CPU count]")
    ] = None,
) -> None:
    """Load sources; each replaces its earlier version atomically. Exit 1 if any failed."""
    show_progress = not json_out and err.is_terminal
    total = count_documents(paths) if show_progress else None
    with store_for(write=True) as store, _progress(show_progress, total) as tick:
        summary = load(
            store, paths, state.vocab, force=force, sync=sync, workers=workers,
            vocab_files=[str(p) for p in state.settings.vocab], on_document=tick,
            write_triples=state.settings.write_triples,
        )
    if json_out:
        data = summary.model_dump(mode="json")
        if sync:
            data |= {"added": summary.added, "changed": summary.changed,
                     "unchanged": summary.skipped, "removed": summary.removed}
        emit_json(data)
    else:
        _print_summary(summary, sync)
    if summary.errors:
        raise typer.Exit(1)


@contextmanager
def _progress(enabled: bool, total: int | None) -> Iterator[Callable[[Document], None] | None]:
    """A progress bar with rate and ETA on a terminal (documents read so far)."""
    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]loading[/bold]"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("load", total=total, rate="")
        every = 50

        def tick(_doc: Document) -> None:
            progress.advance(task)
            done = progress.tasks[0].completed
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed > 0 and done % every == 0:
                progress.update(task, rate=f"{done / elapsed:,.0f} docs/s")

        yield tick


def _print_summary(summary: LoadSummary, sync: bool = False) -> None:
    for issue in summary.errors:
        err.print(
            f"[red]error:[/red] {_line(f'{issue.path}: {issue.error}')}",
            highlight=False,
            soft_wrap=True,
        )
    out.print(
        f"loaded {summary.loaded} source(s) ({summary.added} added, {summary.changed} changed), "
        f"{summary.skipped} unchanged, "
        + (f"{summary.removed} removed, " if sync else "")
        + f"{len(summary.errors)} error(s); {summary.triples} triples written",
        highlight=False,
    )


@app.command("sources")
def sources_cmd(json_out: JsonOpt = False) -> None:
    """List loaded sources with their metadata."""
    with store_for() as store:
        items = catalog.list_sources(store)
    if json_out:
        emit_json(items)
        return
    table = Table("id", "kind", "date", "evidence", "title")
    for s in items:
        table.add_row(s.id, s.kind, s.date or "", s.evidence_level or "", (s.title or "")[:70])
    out.print(table)


@app.command("remove")
def remove_cmd(
    source_id: Annotated[str, typer.Argument(help="Source id (NCT ID or slug)")],
) -> None:
    """Remove exactly one source's triples."""
    with store_for(write=True) as store:
        n = store.remove_source(source_id)
    if not n:
        fail(f"no source {source_id!r} in the store (see: tlkg sources)", 1)
    out.print(f"removed {source_id} ({n} triples)", highlight=False)


# ---- therapies, show -----------------------------------------------------------------------
@app.command("therapies")
def therapies_cmd(
    indication: Annotated[
        str | None, typer.Option(help="Indication name (narrower ones too)")
    ] = None,
    modality: Annotated[str | None, typer.Option(help="Modality (narrower ones too)")] = None,
    target: Annotated[str | None, typer.Option(help="Target, e.g. BCMA")] = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Therapies that loaded sources mention."""
    with store_for() as store:
        items = catalog.list_therapies(
            store,
            state.vocab,
            indication=indication,
            modality=modality,
            target=target,
            as_of=as_of,
        )
    if json_out:
        emit_json(items)
        return
    table = Table("id", "name", "modality", "targets", "phase", "trials")
    for t in items:
        table.add_row(
            t.id,
            t.name,
            t.modality.name if t.modality else "",
            ", ".join(r.name for r in t.targets),
            t.highest_phase or "",
            str(len(t.trials)),
        )
    out.print(table)
    out.print(f"{len(items)} therapies", highlight=False)


@app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="Therapy name, alias, brand or id")],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """One therapy: modality, targets, indications, trials, sources and evidence."""
    with store_for() as store:
        t = catalog.show_therapy(store, state.vocab, name, as_of=as_of)
    if json_out:
        emit_json(t)
        return
    out.print(f"[bold]{t.name}[/bold]  ({t.id})")
    rows = [
        ("aliases", ", ".join(t.aliases)),
        (
            "modality",
            (t.modality.name if t.modality else "")
            + (" (inferred)" if t.modality_inferred else ""),
        ),
        ("targets", ", ".join(r.name for r in t.targets)),
        ("indications", ", ".join(r.name for r in t.indications)),
        ("developers", ", ".join(r.name for r in t.developers)),
        ("highest phase", t.highest_phase or ""),
        ("trials", ", ".join(t.trials)),
    ]
    for k, v in rows:
        out.print(f"  {k:>14}: {v}", highlight=False)
    out.print(f"  {'sources':>14}: {len(t.sources)}", highlight=False)
    for ev in t.evidence:
        out.print(
            f"  - {ev.subject.name} {ev.relation} {ev.object.name} [{ev.source.id}]: "
            f"\u201c{ev.sentence}\u201d",
            highlight=False,
        )


# ---- query, export, validate -----------------------------------------------------------------
class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


@app.command("query")
def query_cmd(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or a file holding it")],
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format")] = QueryFormat.table,
) -> None:
    """Run a read-only SPARQL query over all graphs (their union is the default graph)."""
    from tlkg.graph.store.user_query import QueryRefused, run_user_query

    text = sparql
    path = Path(sparql)
    if len(sparql) < 4096 and "\n" not in sparql and path.is_file():
        text = path.read_text("utf-8")
    with store_for() as store:
        try:
            result = run_user_query(store, text, fmt.value)
        except QueryRefused as exc:
            fail(str(exc))
    sys.stdout.buffer.write(result)
    if not result.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


class ExportFormat(StrEnum):
    turtle = "turtle"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    kgx = "kgx"


@app.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(help="Output format")],
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="File (or folder for kgx)")],
) -> None:
    """Export the graph: turtle/nquads/trig/jsonld (RDF), graphml, kgx (Biolink TSV)."""
    from tlkg.graph.exports import rdf as export

    with store_for() as store:
        written = export.export(store, fmt.value, out_path)
    out.print(f"wrote {written}", highlight=False)


@app.command("validate")
def validate_cmd(json_out: JsonOpt = False) -> None:
    """Check the stored graph against the SHACL shapes. Exit 1 when it does not conform."""
    from tlkg.graph.exports.validate import validate

    with store_for() as store:
        report = validate(store)
    if json_out:
        emit_json(report)
    else:
        out.print("conforms" if report.conforms else "does NOT conform", highlight=False)
        for v in report.violations[:50]:
            out.print(f"  - {v.focus}: {v.message} ({v.path})", highlight=False)
    if not report.conforms:
        raise typer.Exit(1)


# ---- analysis: competitors, landscape, barriers, search ------------------------------------
def _sources_brief(sources: list[Any], total: int, shown: int = 3) -> str:
    ids = ", ".join(s.id for s in sources[:shown])
    more = total - min(len(sources), shown)
    return f"{ids}, +{more} more" if more > 0 else ids


@app.command("competitors")
def competitors_cmd(
    name: Annotated[str, typer.Argument(help="Therapy name, alias, brand or id")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most competitors to list")] = 20,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """What competes with a therapy: ranked by a documented score, each with its reasons."""
    from rich.markup import escape

    from tlkg.graph.services.competition import competitors

    with store_for() as store:
        items = competitors(store, state.vocab, name, limit=limit, as_of=as_of)
    if json_out:
        emit_json(items)
        return
    table = Table("#", "competitor", "score", "phase", "reasons (sources)", show_lines=True)
    for n, c in enumerate(items, start=1):
        reasons = []
        for r in c.reasons:
            level = " (modality level)" if r.level == "modality" else ""
            reasons.append(
                f"[bold]{r.kind}[/bold]{level}: {escape(r.detail)} "
                f"[dim]({escape(_sources_brief(r.sources, r.source_count))})[/dim]"
            )
        if c.complements:
            reasons.append("[italic]also stated to complement (not scored)[/italic]")
        table.add_row(
            str(n),
            escape(c.therapy.name),
            f"{c.score:g}",
            escape(c.highest_phase or ""),
            "\n".join(reasons),
        )
    out.print(table)
    out.print(f"{len(items)} competitors", highlight=False)


@app.command("landscape")
def landscape_cmd(
    indication: Annotated[str, typer.Argument(help="Indication name, alias or id")],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Therapies in an indication (and narrower ones), grouped by modality."""
    from rich.markup import escape

    from tlkg.graph.services.landscape import landscape

    with store_for() as store:
        result = landscape(store, state.vocab, indication, as_of=as_of)
    if json_out:
        emit_json(result)
        return
    out.print(f"[bold]{escape(result.indication.name)}[/bold]")
    total = 0
    for group in result.groups:
        table = Table(
            "therapy",
            "phase",
            "status",
            "targets",
            "developers",
            "trials",
            title=escape(group.modality.name),
            title_justify="left",
        )
        for t in group.therapies:
            table.add_row(
                escape(t.therapy.name),
                escape(t.highest_phase or ""),
                escape(t.status or ""),
                escape(", ".join(r.name for r in t.targets)),
                escape(", ".join(r.name for r in t.developers)),
                str(t.trial_count),
            )
        total += len(group.therapies)
        out.print(table)
    out.print(f"{total} therapies in {len(result.groups)} modalities", highlight=False)


@app.command("barriers")
def barriers_cmd(
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option("--compare", metavar="A B", help="Compare two modalities, e.g. in-vivo car-t"),
    ] = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Barriers and the therapies or modalities that face or address them."""
    from rich.markup import escape

    from tlkg.graph.services.barriers import barriers, modality_comparison

    if compare:
        with store_for() as store:
            cmp = modality_comparison(store, compare[0], compare[1], as_of=as_of)
        if json_out:
            emit_json(cmp)
            return
        a, b = escape(cmp.a.name), escape(cmp.b.name)
        out.print(f"[bold]{a}[/bold] compared with [bold]{b}[/bold]")
        table = Table("barrier", a, b, "evidence")
        for st in cmp.barriers:
            table.add_row(
                escape(st.barrier.name),
                st.a or "",
                st.b or "",
                escape(" / ".join(x or "-" for x in (st.a_evidence_level, st.b_evidence_level))),
            )
        out.print(table)
        for label, refs in (
            ("removed", cmp.removed),
            ("kept", cmp.kept),
            ("introduced", cmp.introduced),
        ):
            out.print(f"  {label:>10}: {escape(', '.join(r.name for r in refs))}", highlight=False)
        for label, refs in ((a, cmp.a_programmes), (b, cmp.b_programmes)):
            out.print(
                f"  programmes of {label}: {escape(', '.join(r.name for r in refs))}",
                highlight=False,
            )
        return
    with store_for() as store:
        items = barriers(store, as_of=as_of)
    if json_out:
        emit_json(items)
        return
    table = Table("barrier", "faced by", "addressed by")
    for item in items:
        table.add_row(
            escape(item.name),
            escape(", ".join(c.name for c in item.faced_by)),
            escape(", ".join(c.name for c in item.addressed_by)),
        )
    out.print(table)


@app.command("search")
def search_cmd(
    text: Annotated[str, typer.Argument(help="A name, alias, brand or code, or part of one")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most hits to list")] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Find therapies, targets, indications, organisations and modalities by name (fuzzy)."""
    from rich.markup import escape

    from tlkg.graph.services.search import search

    with store_for() as store:
        hits = search(store, state.vocab, text, limit=limit)
    if json_out:
        emit_json(hits)
        return
    table = Table("id", "name", "type", "score", "matched")
    for h in hits:
        table.add_row(escape(h.id), escape(h.name), h.type, f"{h.score:g}", escape(h.matched or ""))
    out.print(table)


# ---- serve, demo: the HTTP face -----------------------------------------------------------
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
HostOpt = Annotated[
    str, typer.Option("--host", help="Interface to listen on (default: this machine only)")
]
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")]


def _serve(web: Any, host: str, port: int) -> None:
    import uvicorn

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


@app.command("serve")
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
    therapies = catalog.list_therapies(store, state.vocab)
    out.print(f"{len(therapies)} therapies mentioned", highlight=False)
    try:
        from tlkg.graph.services.competition import competitors

        top = competitors(store, state.vocab, "ide-cel", limit=5)
    except (ImportError, catalog.NotFound):
        return
    out.print("competitors of idecabtagene vicleucel (ide-cel), top 5:", highlight=False)
    for c in top:
        kinds = ", ".join(dict.fromkeys(r.kind for r in c.reasons))
        out.print(f"  {c.score:7.2f}  {c.therapy.name}  ({kinds})", highlight=False, soft_wrap=True)


@app.command("demo")
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
    import shutil
    import tempfile

    from tlkg.graph.store.oxigraph import OxigraphStore

    settings = state.settings
    if settings.endpoint:
        fail("the demo uses an embedded store: drop --endpoint")
    temp: Path | None = None
    if settings.memory:
        path = None
    elif "store" in settings.model_fields_set:
        path = Path(os.path.expanduser(str(settings.store)))
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            fail(f"the demo loads into a fresh store, and {path} is not empty: give a new folder")
    else:
        temp = Path(tempfile.mkdtemp(prefix="tlkg-demo-"))
        path = temp / "store"
        settings = settings.model_copy(update={"store": path})
    store = OxigraphStore(path)
    try:
        summary = load(store, _demo_corpus(), state.vocab)
        _print_summary(summary)
        out.print(
            f"demo store: {store.location}" + (" (deleted on exit)" if temp else ""),
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
    finally:
        store.close()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


# ---- fetch: the live ClinicalTrials.gov API v2 ---------------------------------------------
fetch_app = typer.Typer(
    help="Download records from a live registry into a folder (then: tlkg load DIR).",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="fetch")
CTGOV_CLIENT_FACTORY = "ctgov_client_factory"
"""Key in the click context ``obj`` (a dict) under which tests pass a callable that takes
the client options (rate, retries) and returns a ``CtgovClient``; the real one otherwise."""


@fetch_app.command("trials")
def fetch_trials_cmd(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Search text (API query.term)")
    ] = None,
    condition: Annotated[
        str | None, typer.Option("--condition", help="Condition (API query.cond)")
    ] = None,
    intervention: Annotated[
        str | None, typer.Option("--intervention", help="Intervention (API query.intr)")
    ] = None,
    max_studies: Annotated[
        int | None, typer.Option("--max", min=1, help="Stop at N studies in DIR (all runs)")
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for the NCT*.json files")
    ] = Path("trials"),
    rate: Annotated[float, typer.Option("--rate", min=0.01, help="Most requests per second")] = 0.8,
    page_size: Annotated[
        int, typer.Option("--page-size", min=1, max=1000, help="Studies per request")
    ] = 100,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Retries on network errors, 429, 5xx")
    ] = 5,
    restart: Annotated[
        bool, typer.Option("--restart", help="Forget the progress saved in DIR; start over")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help='Print {"fetched", "pages", "out", "complete"}')
    ] = False,
) -> None:
    """Fetch ClinicalTrials.gov studies (API v2), one DIR/NCT*.json each.

    Progress is saved in DIR after every page: run the same command again to resume.
    "complete" means every matching study is in DIR."""
    from tlkg.loaders.ctgov.fetch import CtgovClient, FetchError, TrialQuery, fetch_trials

    hooks = ctx.obj if isinstance(ctx.obj, dict) else {}
    factory: Callable[..., CtgovClient] = hooks.get(CTGOV_CLIENT_FACTORY, CtgovClient)
    show_progress = not json_out and err.is_terminal
    try:
        search = TrialQuery(term=query, condition=condition, intervention=intervention)
        with factory(rate=rate, retries=retries) as client, _fetch_progress(show_progress) as tick:
            summary = fetch_trials(
                client,
                search,
                out_dir,
                max_studies=max_studies,
                page_size=page_size,
                restart=restart,
                on_progress=tick,
            )
    except FetchError as exc:
        fail(str(exc))
    if json_out:
        emit_json(summary.to_json())
        return
    for where in summary.skipped:
        err.print(f"[yellow]warning:[/yellow] {where}: no NCT ID, not written", highlight=False)
    if summary.complete:
        status = "all matching studies fetched"
    elif max_studies is not None and summary.fetched >= max_studies:
        status = "stopped at --max; more match (raise --max and rerun to continue)"
    else:
        status = "incomplete: rerun to continue"
    out.print(
        f"{summary.fetched} studies in {summary.out} ({summary.new} new"
        + (", resumed" if summary.resumed else "")
        + f"; {summary.pages} pages"
        + (f"; {summary.total} match" if summary.total is not None else "")
        + f"): {status}",
        highlight=False,
        soft_wrap=True,
    )


@contextmanager
def _fetch_progress(enabled: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress bar with count and rate on a terminal (studies written so far)."""
    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]fetching[/bold]"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("fetch", total=None, rate="")
        first: list[int] = []

        def tick(fetched: int, total: int | None) -> None:
            if not first:
                first.append(fetched)
            elapsed = progress.tasks[0].elapsed or 0
            rate = f"{(fetched - first[0]) / elapsed:,.1f} studies/s" if elapsed > 0 else ""
            progress.update(task, completed=fetched, total=total, rate=rate)

        yield tick


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr, never a traceback."""
    try:
        app()
    except (StoreError, VocabularyError, catalog.NotFound, ValueError, OSError, CliError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, catalog.NotFound) and exc.suggestions:
            message += f" (did you mean: {', '.join(exc.suggestions)}?)"
        err.print(f"[red]error:[/red] {_line(message)}", highlight=False, soft_wrap=True)
        sys.exit(2 if not isinstance(exc, catalog.NotFound) else 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("TLKG_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/red] {type(exc).__name__}: "
            f"{_line(str(exc).splitlines()[0]) if str(exc) else ''}"
            " (set TLKG_DEBUG=1 for the traceback; please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(3)
