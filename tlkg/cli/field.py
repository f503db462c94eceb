"""The commands about how a field is shaped: ``clusters`` (communities of an indication's
competition network) and ``crowding`` (programmes per year by phase); each prints a table
or, with --json, JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from tlkg.cli.context import AsOfOpt, JsonOpt, fail, state, store_for
from tlkg.cli.render import emit_json, print_clusters, print_crowding
from tlkg.graph.services.competition import DEFAULT_LIMIT


def clusters_cmd(
    indication: Annotated[str, typer.Option("--indication", help="Indication name, alias or id")],
    limit: Annotated[
        int,
        typer.Option("--limit", min=1, help="Competitors kept per therapy before clustering"),
    ] = DEFAULT_LIMIT,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Competitive clusters of an indication: who competes with whom, and what they share."""
    from tlkg.graph.services.clusters import clusters

    with store_for() as store:
        result = clusters(store, state.vocab, indication, limit=limit, as_of=as_of)
    if json_out:
        emit_json(result)
    else:
        print_clusters(result)


def crowding_cmd(
    indication: Annotated[
        str | None, typer.Option("--indication", help="Indication name, alias or id")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target, e.g. BCMA")] = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Crowding over time: programmes per year of a target or an indication, by the highest
    phase each had reached by the end of the year."""
    from tlkg.graph.services.crowding import crowding

    if (indication is None) == (target is None):
        fail("give exactly one of --indication or --target", code=2)
    with store_for() as store:
        result = crowding(store, state.vocab, indication=indication, target=target, as_of=as_of)
    if json_out:
        emit_json(result)
    else:
        print_crowding(result)
