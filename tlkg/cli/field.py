"""The commands about how a field is shaped and how it changed: ``clusters`` (communities
of an indication's competition network), ``crowding`` (programmes per year by phase) and
``changes`` (what changed between two days); each prints a table or, with --json, JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from tlkg.cli.context import AsOfOpt, JsonOpt, fail, state, store_for

# The competitors kept per therapy (tlkg.graph.services.competition.DEFAULT_LIMIT): a literal
# here because typer reads the default at import, and the service is imported when it runs.
CLUSTERS_LIMIT = 20


def clusters_cmd(
    indication: Annotated[str, typer.Option("--indication", help="Indication name, alias or id")],
    limit: Annotated[
        int,
        typer.Option("--limit", min=1, help="Competitors kept per therapy before clustering"),
    ] = CLUSTERS_LIMIT,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Competitive clusters of an indication: who competes with whom, and what they share."""
    from tlkg.cli.render import emit_json, print_clusters
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
    from tlkg.cli.render import emit_json, print_crowding
    from tlkg.graph.services.crowding import crowding

    if (indication is None) == (target is None):
        fail("give exactly one of --indication or --target", code=2)
    with store_for() as store:
        result = crowding(store, state.vocab, indication=indication, target=target, as_of=as_of)
    if json_out:
        emit_json(result)
    else:
        print_crowding(result)


def changes_cmd(
    since: Annotated[str, typer.Option("--since", help="The earlier day, YYYY-MM-DD")],
    until: Annotated[
        str | None, typer.Option("--until", help="The later day, YYYY-MM-DD [today]")
    ] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", help="Only this indication's landscape")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="Only this target")] = None,
    therapy: Annotated[str | None, typer.Option("--therapy", help="Only this therapy")] = None,
    json_out: JsonOpt = False,
) -> None:
    """What changed between two days: new therapies and trials, phase and status changes,
    new comparisons, rivalries, barrier claims and approvals, each with its day and
    sources."""
    from tlkg.cli.render import emit_json, print_changes
    from tlkg.graph.services.changes import changes

    with store_for() as store:
        result = changes(
            store,
            state.vocab,
            since,
            until,
            indication=indication,
            target=target,
            therapy=therapy,
        )
    if json_out:
        emit_json(result)
    else:
        print_changes(result)
