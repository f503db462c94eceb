"""REST routes about how a field is shaped and how it changed
(``/api/indications/{id}/clusters``, ``/api/indications/{id}/crowding``,
``/api/targets/{id}/crowding``, ``/api/changes``): the same JSON as ``tlkg clusters``,
``tlkg crowding`` and ``tlkg changes`` with ``--json``. Thin, like ``rest``: validate, call
one service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError

from tlkg.api.routes.rest import DATE_PATTERN, AsOf, Rt, answers, checked_day
from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.graph.services.models_field import Changes, Clusters, Crowding

router = APIRouter(prefix="/api")


@router.get(
    "/indications/{indication_id}/clusters",
    response_model=Clusters,
    responses=answers(404, 422),
    summary="Competitive clusters of an indication, and what each shares",
)
def clusters(
    rt: Rt,
    indication_id: str,
    as_of: AsOf,
    limit: Annotated[
        int, Query(ge=1, le=100, description="Competitors kept per therapy before clustering")
    ] = DEFAULT_LIMIT,
) -> Clusters:
    """Communities of the indication's competition network (``docs/api.md``)."""
    from tlkg.graph.services.clusters import clusters as build

    return build(rt.store, rt.vocab, indication_id, limit=limit, as_of=as_of)


@router.get(
    "/indications/{indication_id}/crowding",
    response_model=Crowding,
    responses=answers(404, 422),
    summary="Programmes of an indication per year, by the highest phase reached",
)
def indication_crowding(rt: Rt, indication_id: str, as_of: AsOf) -> Crowding:
    """Crowding over time in an indication (``docs/api.md``)."""
    from tlkg.graph.services.crowding import crowding

    return crowding(rt.store, rt.vocab, indication=indication_id, as_of=as_of)


@router.get(
    "/targets/{target_id}/crowding",
    response_model=Crowding,
    responses=answers(404, 422),
    summary="Programmes aimed at a target per year, by the highest phase reached",
)
def target_crowding(rt: Rt, target_id: str, as_of: AsOf) -> Crowding:
    """Crowding over time on a target (``docs/api.md``)."""
    from tlkg.graph.services.crowding import crowding

    return crowding(rt.store, rt.vocab, target=target_id, as_of=as_of)


def _day_query(description: str) -> Any:
    return Query(
        description=description,
        examples=["2024-06-30"],
        json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
    )


@router.get(
    "/changes",
    response_model=Changes,
    responses=answers(404, 422),
    summary="What changed in a scope between two days",
)
def changes(
    rt: Rt,
    since: Annotated[str, _day_query("The earlier day (YYYY-MM-DD)")],
    until: Annotated[str | None, _day_query("The later day (YYYY-MM-DD); default: today")] = None,
    indication: Annotated[str | None, Query(description="Indication (its landscape)")] = None,
    target: Annotated[str | None, Query(description="Target, e.g. BCMA")] = None,
    therapy: Annotated[str | None, Query(description="Therapy name, alias or id")] = None,
) -> Changes:
    """New therapies, phase and status changes, new trials, comparisons, rivalries,
    barrier claims and approvals between the two days (``docs/api.md``)."""
    from tlkg.graph.services.changes import changes as compare

    first, last = checked_day("since", since), checked_day("until", until)
    assert first is not None
    if last is not None and last < first:
        message = f"until ({last}) is before since ({first})"
        raise RequestValidationError(
            [{"loc": ("query", "until"), "msg": message, "type": "value_error", "input": until}]
        )
    return compare(
        rt.store, rt.vocab, first, last, indication=indication, target=target, therapy=therapy
    )
