"""The commands that change what the store holds: ``load``, ``sources``, ``remove``, and
``fetch trials`` (download from ClinicalTrials.gov into a folder to load)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tlkg.cli.context import JsonOpt, fail, state, store_for

if TYPE_CHECKING:
    from tlkg.loaders.ctgov.fetch import CtgovClient, FetchSummary


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
    history: Annotated[
        bool | None,
        typer.Option(
            "--history/--no-history",
            help="Keep a trial record's superseded version when a newer one is loaded "
            "[setting TLKG_HISTORY, default on]",
        ),
    ] = None,
) -> None:
    """Load sources; each replaces its earlier version atomically (a trial record's
    superseded version is kept as history). Exit 1 if any failed."""
    from tlkg.cli.render import emit_json, err, load_progress, print_load_summary
    from tlkg.graph.ingest.pipeline import count_inputs, load

    show_progress = not json_out and err.is_terminal
    total = count_inputs(paths) if show_progress else None
    with store_for(write=True) as store, load_progress(show_progress, total) as tick:
        summary = load(
            store,
            paths,
            state.vocab,
            force=force,
            sync=sync,
            workers=workers,
            vocab_files=[str(p) for p in state.settings.vocab],
            on_document=tick,
            write_triples=state.settings.write_triples,
            history=state.settings.history if history is None else history,
        )
    if json_out:
        data = summary.model_dump(mode="json")
        if sync or summary.archived:
            data["archived"] = summary.archived
        if sync:
            data |= {
                "added": summary.added,
                "changed": summary.changed,
                "unchanged": summary.skipped,
                "removed": summary.removed,
            }
        emit_json(data)
    else:
        print_load_summary(summary, sync)
    if summary.errors:
        raise typer.Exit(1)


def sources_cmd(
    json_out: JsonOpt = False,
    history: Annotated[
        bool, typer.Option("--history", help="Also list archived versions of trial records")
    ] = False,
) -> None:
    """List loaded sources with their metadata."""
    from tlkg.cli.render import emit_json, print_sources
    from tlkg.graph.services import catalog

    with store_for(index=False) as store:
        items = catalog.list_sources(store, history=history)
    if json_out:
        emit_json(items)
    else:
        print_sources(items)


def remove_cmd(
    source_id: Annotated[str, typer.Argument(help="Source id (NCT ID or slug)")],
) -> None:
    """Remove exactly one source's triples (and a trial record's archived versions)."""
    from tlkg.cli.render import out

    with store_for(write=True) as store:
        n = store.remove_source(source_id)
    if not n:
        fail(f"no source {source_id!r} in the store (see: tlkg sources)", 1)
    out.print(f"removed {source_id} ({n} triples)", highlight=False)


def reindex_cmd(json_out: JsonOpt = False) -> None:
    """Rebuild the analysis index from the store (rows per table and time printed)."""
    from tlkg.cli.render import emit_json, err, index_progress, out
    from tlkg.graph.analysis.maintain import reindex

    if state.settings.endpoint:
        fail(
            "tlkg reindex does not support a remote SPARQL store (--endpoint) yet: the "
            "analysis index is kept for the embedded store only"
        )
    if state.settings.memory:
        fail("an in-memory store (--memory) has no analysis index to rebuild")
    start = time.perf_counter()
    show_progress = not json_out and err.is_terminal
    with store_for(write=True, index=False) as store, index_progress(show_progress) as tick:
        counts = reindex(store, tick)
    seconds = round(time.perf_counter() - start, 3)
    if json_out:
        emit_json({"rows": sum(counts.values()), "tables": counts, "seconds": seconds})
        return
    tables = ", ".join(f"{t} {n:,}" for t, n in counts.items())
    out.print(
        f"reindexed: {sum(counts.values()):,} rows in {seconds:.2f} s ({tables})",
        highlight=False,
    )


# ---- fetch: the live ClinicalTrials.gov API v2 ---------------------------------------------
FETCH_HELP = "Download records from a live registry into a folder (then: tlkg load DIR)."
CTGOV_CLIENT_FACTORY = "ctgov_client_factory"
"""Key in the click context ``obj`` (a dict) under which tests pass a callable that takes
the client options (rate, retries) and returns a ``CtgovClient``; the real one otherwise."""


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
    from tlkg.cli.render import emit_json, err, fetch_progress
    from tlkg.loaders.ctgov.fetch import CtgovClient, FetchError, TrialQuery, fetch_trials

    hooks = ctx.obj if isinstance(ctx.obj, dict) else {}
    factory: Callable[..., CtgovClient] = hooks.get(CTGOV_CLIENT_FACTORY, CtgovClient)
    show_progress = not json_out and err.is_terminal
    try:
        search = TrialQuery(term=query, condition=condition, intervention=intervention)
        with factory(rate=rate, retries=retries) as client, fetch_progress(show_progress) as tick:
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
    else:
        _print_fetch_summary(summary, max_studies)


def _print_fetch_summary(summary: FetchSummary, max_studies: int | None) -> None:
    from tlkg.cli.render import err, out

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


def fetch_app() -> typer.Typer:
    """The ``fetch`` command group."""
    group = typer.Typer(help=FETCH_HELP, no_args_is_help=True)
    group.command("trials")(fetch_trials_cmd)
    return group
