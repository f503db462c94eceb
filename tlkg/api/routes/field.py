"""REST routes about how a field is shaped (``/api/indications/{id}/clusters``,
``/api/indications/{id}/crowding``, ``/api/targets/{id}/crowding``): the same JSON as
``tlkg clusters --json`` and ``tlkg crowding --json``. Thin, like ``rest``: validate, call
one service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tlkg.api.routes.rest import AsOf, Rt, answers
from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.graph.services.models_field import Clusters, Crowding

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
