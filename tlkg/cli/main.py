"""The ``tlkg`` command line: the typer app, its global options, the commands it registers
from the command modules, and ``main``, which turns every expected problem into one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from tlkg import __version__
from tlkg.cli import analysis, data, field, load, serve
from tlkg.cli.context import fail, state
from tlkg.cli.render import ErrorStyle, err, line, out, print_error
from tlkg.graph.services.catalog import NotFound
from tlkg.graph.store.base import StoreError
from tlkg.ontology.vocab import VocabularyError
from tlkg.settings import Settings

app = typer.Typer(
    name="tlkg",
    help="Therapy-landscape knowledge graph: load articles and trial records, ask what "
    "competes with what.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


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
    state.use(settings)


def register_commands(cli: typer.Typer) -> None:
    """Add every command, in the order ``tlkg --help`` lists them."""
    for name, command in (
        ("load", load.load_cmd),
        ("sources", load.sources_cmd),
        ("remove", load.remove_cmd),
        ("reindex", load.reindex_cmd),
        ("therapies", analysis.therapies_cmd),
        ("show", analysis.show_cmd),
        ("resolve", analysis.resolve_cmd),
        ("query", data.query_cmd),
        ("export", data.export_cmd),
        ("validate", data.validate_cmd),
        ("competitors", analysis.competitors_cmd),
        ("landscape", analysis.landscape_cmd),
        ("barriers", analysis.barriers_cmd),
        ("clusters", field.clusters_cmd),
        ("crowding", field.crowding_cmd),
        ("changes", field.changes_cmd),
        ("search", analysis.search_cmd),
        ("serve", serve.serve_cmd),
        ("demo", serve.demo_cmd),
    ):
        cli.command(name)(command)
    cli.add_typer(load.fetch_app(), name="fetch")


register_commands(app)


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr, never a traceback
    (a JSON object ``{"error": …}`` when the command line has ``--json``)."""
    ErrorStyle.json = "--json" in sys.argv[1:]
    try:
        _run()
    except (StoreError, VocabularyError, NotFound, ValueError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, NotFound) and exc.suggestions:
            message += f" (did you mean: {', '.join(exc.suggestions)}?)"
        print_error(message)
        sys.exit(2 if not isinstance(exc, NotFound) else 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("TLKG_DEBUG"):
            raise
        detail = str(exc).splitlines()[0] if str(exc) else ""
        message = f"{type(exc).__name__}: {detail}"
        hint = " (set TLKG_DEBUG=1 for the traceback; please report it)"
        if ErrorStyle.json:
            print_error(f"internal error: {message}{hint}")
        else:
            err.print(f"[red]internal error:[/red] {line(message)}{hint}", highlight=False)
        sys.exit(3)


# Usage errors: typer's own exception classes, and click's for typer versions built on click.
_USAGE_ERRORS = (typer.exceptions.TyperException, click.ClickException)


def _run() -> None:
    """Run the app. Under ``--json``, usage errors (unknown option, missing argument) are
    printed as JSON too, with click's exit status 2, instead of click's framed text."""
    if not ErrorStyle.json:
        app()
        return
    try:
        status = app(standalone_mode=False)
    except typer.Abort:
        print_error("aborted")
        sys.exit(1)
    except _USAGE_ERRORS as exc:
        print_error(exc.format_message())
        sys.exit(exc.exit_code)
    sys.exit(status if isinstance(status, int) else 0)
