"""The ``tlkg`` command line: the typer app, its global options, the commands it registers
from the command modules, and ``main``, which turns every expected problem into one line.

Start-up imports typer and the command modules only; a command imports the store, the
services and the printing it needs when it runs, so that ``tlkg --help``, ``--version``
and shell completion load no RDF, SPARQL, web or graph library (tests/test_cli_startup.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from tlkg import __version__
from tlkg.cli import analysis, data, field, load, serve
from tlkg.cli.context import fail, state
from tlkg.graph.services.errors import NotFound


def new_app() -> typer.Typer:
    """A typer app with the name, help and settings of ``tlkg``; no options or commands yet."""
    return typer.Typer(
        name="tlkg",
        help="Therapy-landscape knowledge graph: load articles and trial records, ask what "
        "competes with what.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,
    )


app = new_app()


def version_callback(value: bool) -> None:
    if value:
        from tlkg.cli.console import out

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
    from tlkg.settings import Settings

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

# The global options that take a value (``--store DIR`` or ``--store=DIR``) and the flags.
_VALUE_OPTIONS = frozenset({"--store", "--endpoint", "--update-endpoint", "--vocab"})
_FLAG_OPTIONS = frozenset({"--memory"})


def command_named(args: list[str]) -> str | None:
    """The command a command line runs, when only known global options come before it;
    None otherwise (help, version, no command, an option typer must judge)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _VALUE_OPTIONS:
            i += 2
        elif arg in _FLAG_OPTIONS or arg.partition("=")[0] in _VALUE_OPTIONS:
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs ``args``: the global options and only the command they name, so
    that typer builds one command's parameters rather than every command's (the same
    parsing, help and errors for it); the whole app for anything else (help, completion,
    an unknown command or option, the ``fetch`` group)."""
    if any(k.endswith("_COMPLETE") for k in os.environ):  # shell completion lists them all
        return app
    name = command_named(args)
    chosen = [c for c in app.registered_commands if name is not None and c.name == name]
    if not chosen:
        return app
    one = new_app()
    one.registered_callback = app.registered_callback
    one.registered_commands = chosen
    return one


# pydantic reads it each time a model class is built (pydantic/plugin/_loader.py).
PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"


def main() -> None:
    """Entry point: every expected problem becomes one line on stderr, never a traceback
    (a JSON object ``{"error": …}`` when the command line has ``--json``).

    pydantic looks for plugins (a scan of every installed package's entry points, ~10 ms)
    unless ``PYDANTIC_DISABLE_PLUGINS`` is set: tlkg uses none, so the variable is set
    here, before pydantic is imported, unless the caller set it (an empty value loads
    every installed plugin again)."""
    os.environ.setdefault(PLUGINS_ENV, "__all__")
    json_errors = "--json" in sys.argv[1:]
    if json_errors:
        from tlkg.cli.render import ErrorStyle

        ErrorStyle.json = True
    try:
        _run(json_errors)
    except KeyboardInterrupt:
        from tlkg.cli.render import err

        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if not _expected(exc) and os.environ.get("TLKG_DEBUG"):
            raise
        _exit_on(exc, json_errors)


def _expected(exc: Exception) -> bool:
    """Whether ``exc`` is a problem to report in one line (bad input, a store's error, an
    unknown name), not an internal error. A store error can only have been raised once
    the store's module was imported, so it is looked up only then."""
    if isinstance(exc, (NotFound, ValueError, OSError)):  # VocabularyError is a ValueError
        return True
    store_base = sys.modules.get("tlkg.graph.store.base")
    return store_base is not None and isinstance(exc, store_base.StoreError)


def _exit_on(exc: Exception, json_errors: bool) -> NoReturn:
    """One line for ``exc`` on stderr, and the exit status: 1 for an unknown name, 2 for
    another expected problem, 3 for an internal error."""
    from tlkg.cli.render import err, line, print_error

    if _expected(exc):
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, NotFound) and exc.suggestions:
            message += f" (did you mean: {', '.join(exc.suggestions)}?)"
        print_error(message)
        sys.exit(2 if not isinstance(exc, NotFound) else 1)
    detail = str(exc).splitlines()[0] if str(exc) else ""
    message = f"{type(exc).__name__}: {detail}"
    hint = " (set TLKG_DEBUG=1 for the traceback; please report it)"
    if json_errors:
        print_error(f"internal error: {message}{hint}")
    else:
        err.print(f"[red]internal error:[/red] {line(message)}{hint}", highlight=False)
    sys.exit(3)


def _usage_errors() -> tuple[type[Exception], ...]:
    """Usage errors: typer's own exception classes, and click's for typer versions built on
    click (imported by typer itself then; typer's own copy of click needs nothing more)."""
    click = sys.modules.get("click")
    extra = (click.ClickException,) if click is not None else ()
    return (typer.exceptions.TyperException, *extra)


def _run(json_errors: bool) -> None:
    """Run the app. Under ``--json``, usage errors (unknown option, missing argument) are
    printed as JSON too, with click's exit status 2, instead of click's framed text."""
    runs = app_for(sys.argv[1:])
    if not json_errors:
        runs()
        return
    from tlkg.cli.render import print_error

    try:
        status = runs(standalone_mode=False)
    except typer.Abort:
        print_error("aborted")
        sys.exit(1)
    except _usage_errors() as exc:
        print_error(exc.format_message())  # type: ignore[attr-defined]
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    sys.exit(status if isinstance(status, int) else 0)
