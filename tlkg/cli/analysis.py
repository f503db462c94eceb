"""The commands that ask the graph questions: ``therapies``, ``show``, ``search``,
``competitors``, ``landscape`` and ``barriers``; each prints a table or, with --json, JSON.
Each imports its service and the printing when it runs, not when the CLI starts."""

from __future__ import annotations

from typing import Annotated

import typer

from tlkg.cli.context import AsOfOpt, JsonOpt, state, store_for


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
    from tlkg.cli import render
    from tlkg.graph.services import catalog

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
        render.emit_json(items)
    else:
        render.print_therapies(items)


def show_cmd(
    name: Annotated[str, typer.Argument(help="Therapy name, alias, brand or id")],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """One therapy: modality, targets, indications, trials, sources and evidence."""
    from tlkg.cli import render
    from tlkg.graph.services import catalog

    with store_for() as store:
        t = catalog.show_therapy(store, state.vocab, name, as_of=as_of)
    if json_out:
        render.emit_json(t)
    else:
        render.print_therapy(t)


def resolve_cmd(
    name: Annotated[str, typer.Argument(help="Therapy name, alias, brand, code or id")],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """What a therapy name denotes: its clique of names, the leader shown, and the
    evidence (with sources) for every merge."""
    from tlkg.cli import render
    from tlkg.graph.services.identity import resolve_identity

    with store_for() as store:
        r = resolve_identity(store, state.vocab, name, as_of=as_of)
    if json_out:
        render.emit_json(r)
    else:
        render.print_resolution(r)


def competitors_cmd(
    name: Annotated[str, typer.Argument(help="Therapy name, alias, brand or id")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most competitors to list")] = 20,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """What competes with a therapy: ranked by a documented score, each with its reasons."""
    from tlkg.cli import render
    from tlkg.graph.services.competition import competitors

    with store_for() as store:
        items = competitors(store, state.vocab, name, limit=limit, as_of=as_of)
    if json_out:
        render.emit_json(items)
    else:
        render.print_competitors(items)


# The landscape's page bounds (tlkg.graph.services.landscape): literals here because typer
# reads the defaults at import, and the service module is imported only when it runs.
LANDSCAPE_LIMIT = 50
LANDSCAPE_MAX = 1000


def landscape_cmd(
    indication: Annotated[str, typer.Argument(help="Indication name, alias or id")],
    limit: Annotated[
        int,
        typer.Option("--limit", min=1, max=LANDSCAPE_MAX, help="Therapies per page"),
    ] = LANDSCAPE_LIMIT,
    offset: Annotated[
        int, typer.Option("--offset", min=0, help="Therapies to skip (the next page: +limit)")
    ] = 0,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Therapies in an indication (and narrower ones), grouped by modality; a page of them
    in one order (modality, most advanced first, name), with the totals of every group."""
    from tlkg.cli import render
    from tlkg.graph.services.landscape import landscape

    with store_for() as store:
        result = landscape(store, state.vocab, indication, as_of=as_of, limit=limit, offset=offset)
    if json_out:
        render.emit_json(result)
    else:
        render.print_landscape(result)


def barriers_cmd(
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option("--compare", metavar="A B", help="Compare two modalities, e.g. in-vivo car-t"),
    ] = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Barriers and the therapies or modalities that face or address them."""
    from tlkg.cli import render
    from tlkg.graph.services.barriers import barriers, modality_comparison

    if compare:
        with store_for() as store:
            cmp = modality_comparison(store, compare[0], compare[1], as_of=as_of)
        if json_out:
            render.emit_json(cmp)
        else:
            render.print_comparison(cmp)
        return
    with store_for() as store:
        items = barriers(store, as_of=as_of)
    if json_out:
        render.emit_json(items)
    else:
        render.print_barriers(items)


def search_cmd(
    text: Annotated[str, typer.Argument(help="A name, alias, brand or code, or part of one")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most hits to list")] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Find therapies, targets, indications, organisations and modalities by name (fuzzy)."""
    from tlkg.cli import render
    from tlkg.graph.services.search import search

    with store_for() as store:
        hits = search(store, state.vocab, text, limit=limit)
    if json_out:
        render.emit_json(hits)
    else:
        render.print_search(hits)
