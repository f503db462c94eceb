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
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tlkg import __version__
from tlkg.graph import catalog
from tlkg.graph.ingest import LoadSummary, load
from tlkg.graph.store import GraphStore, StoreError, open_store
from tlkg.loaders.registry import Document
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


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
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
) -> None:
    """Load sources; each replaces its earlier version atomically. Exit 1 if any failed."""
    show_progress = not json_out and err.is_terminal
    with store_for(write=True) as store, _progress(show_progress) as tick:
        summary = load(store, paths, state.vocab, force=force, on_document=tick)
    if json_out:
        emit_json(summary)
    else:
        _print_summary(summary)
    if summary.errors:
        raise typer.Exit(1)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[Document], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]loading[/bold] {task.completed} documents"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("load", total=None, rate="")

        def tick(_doc: Document) -> None:
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed > 0:
                progress.update(task, rate=f"{progress.tasks[0].completed / elapsed:,.0f}/s")

        yield tick


def _print_summary(summary: LoadSummary) -> None:
    for issue in summary.errors:
        err.print(f"[red]error:[/red] {issue.path}: {issue.error}", highlight=False, soft_wrap=True)
    out.print(
        f"loaded {summary.loaded} source(s), {summary.skipped} unchanged, "
        f"{len(summary.errors)} error(s); {summary.triples} triples written",
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
    from tlkg.graph.query import QueryRefused, run_user_query

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
    from tlkg.graph import export

    with store_for() as store:
        written = export.export(store, fmt.value, out_path)
    out.print(f"wrote {written}", highlight=False)


@app.command("validate")
def validate_cmd(json_out: JsonOpt = False) -> None:
    """Check the stored graph against the SHACL shapes. Exit 1 when it does not conform."""
    from tlkg.graph.validate import validate

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


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr, never a traceback."""
    try:
        app()
    except (StoreError, VocabularyError, catalog.NotFound, ValueError, OSError, CliError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, catalog.NotFound) and exc.suggestions:
            message += f" (did you mean: {', '.join(exc.suggestions)}?)"
        err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
        sys.exit(2 if not isinstance(exc, catalog.NotFound) else 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        if os.environ.get("TLKG_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/red] {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            " (set TLKG_DEBUG=1 for the traceback; please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(3)
