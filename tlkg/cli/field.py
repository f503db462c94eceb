"""The commands about how a field is shaped: ``clusters`` (communities of an indication's
competition network) and ``crowding`` (programmes per year by phase); each prints a table
or, with --json, JSON."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tlkg.cli.context import AsOfOpt, JsonOpt, fail, state, store_for
from tlkg.cli.render import emit_json, out
from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.graph.services.models_field import Clusters, Crowding
from tlkg.graph.services.records import APPROVED, PHASE_ORDER


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


def print_clusters(result: Clusters) -> None:
    out.print(f"[bold]{escape(result.indication.name)}[/bold]")
    for c in result.clusters:
        table = Table(
            "therapy",
            "modality",
            "targets",
            "phase",
            "strength",
            title=f"{c.id}. {escape(c.label)}",
            title_justify="left",
        )
        for m in c.members:
            table.add_row(
                escape(m.therapy.name),
                escape(m.modality.name if m.modality else ""),
                escape(", ".join(t.name for t in m.targets)),
                escape(m.highest_phase or ""),
                f"{m.strength:g}",
            )
        out.print(table)
        shared = ", ".join(f"{f.feature.name} ({f.members})" for f in c.shared)
        out.print(f"shared: {escape(shared or 'nothing')}", highlight=False)
    if result.unclustered:
        names = ", ".join(r.name for r in result.unclustered)
        out.print(f"unclustered: {escape(names)}", highlight=False)
    out.print(
        f"{len(result.clusters)} clusters, {len(result.unclustered)} unclustered", highlight=False
    )


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


def print_crowding(result: Crowding) -> None:
    out.print(f"[bold]{escape(result.about.name)}[/bold] ({result.scope})")
    seen = {p for y in result.years for p in y.by_phase}
    phases = [p for p in ("unknown", *PHASE_ORDER, APPROVED) if p in seen]
    table = Table("year", "programmes", *phases, "new")
    for y in result.years:
        table.add_row(
            str(y.year),
            str(y.programmes),
            *(str(y.by_phase.get(p, "")) for p in phases),
            escape(", ".join(r.name for r in y.new)),
        )
    out.print(table)
    if result.undated_approvals:
        names = ", ".join(r.name for r in result.undated_approvals)
        out.print(
            f"approved per the vocabulary (undated, ranked by dated evidence): {escape(names)}",
            highlight=False,
        )
