"""Webhooks: a user's endpoints (the secret shown once), their delivery log, redelivery, ping."""

from __future__ import annotations

import json
from typing import Annotated, Any, cast

from fastapi import APIRouter, Path, Query, status

from aistudio.api.deps import ApiSettingsDep, Reader, StudioDep, Writer
from aistudio.api.problems import responses
from aistudio.api.schemas.common import MAX_ID, MAX_LIMIT, Page
from aistudio.api.schemas.webhooks import (
    AttemptPublic,
    DeliveryPublic,
    DeliveryState,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
    WebhookUpdate,
)
from aistudio.db.api_tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from aistudio.webhooks import endpoints as lib

router = APIRouter(tags=["webhooks"], responses=responses(401, 403, 429))

EndpointId = Annotated[int, Path(ge=1, le=MAX_ID)]
DeliveryId = Annotated[str, Path(min_length=1, max_length=64)]
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Queued: the watcher sends it within seconds"}
}


def webhook_public(row: WebhookEndpoint) -> WebhookPublic:
    """An endpoint's public view (no secret)."""
    assert row.id is not None
    return WebhookPublic(
        id=row.id,
        url=row.url,
        events=row.events.split(","),
        description=row.description,
        created_at=row.created_at,
        disabled_at=row.disabled_at,
    )


def delivery_public(row: WebhookDelivery, tries: list[WebhookAttempt]) -> DeliveryPublic:
    """A delivery with its tries."""
    return DeliveryPublic(
        id=row.id,
        event_type=row.event_type,
        state=cast(DeliveryState, row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_status=row.last_status,
        last_error=row.last_error,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
        payload=json.loads(row.payload_json),
        tries=[
            AttemptPublic(
                at=t.at, status_code=t.status_code, error=t.error, duration_ms=t.duration_ms
            )
            for t in tries
        ],
    )


@router.post("/webhooks", status_code=status.HTTP_201_CREATED, responses=responses(422))
def create_webhook(
    body: WebhookCreate, caller: Writer, studio: StudioDep, api: ApiSettingsDep
) -> WebhookCreated:
    """A new endpoint; its signing secret is in this response only."""
    with studio.session() as session:
        made = lib.create_endpoint(
            session,
            owner_id=caller.id,
            url=body.url,
            events=body.events,
            description=body.description,
            allow_private=api.webhook_rules.allow_private,
        )
        return WebhookCreated(**webhook_public(made.endpoint).model_dump(), secret=made.secret)


@router.get("/webhooks")
def list_webhooks(caller: Reader, studio: StudioDep) -> list[WebhookPublic]:
    """The caller's endpoints, oldest first."""
    with studio.read() as session:
        return [webhook_public(e) for e in lib.list_endpoints(session, caller.id)]


@router.get("/webhooks/{endpoint_id}", responses=responses(404))
def read_webhook(endpoint_id: EndpointId, caller: Reader, studio: StudioDep) -> WebhookPublic:
    """One of the caller's endpoints."""
    with studio.read() as session:
        return webhook_public(lib.owned_endpoint(session, caller.id, endpoint_id))


@router.patch("/webhooks/{endpoint_id}", responses=responses(404, 422))
def update_webhook(
    endpoint_id: EndpointId,
    body: WebhookUpdate,
    caller: Writer,
    studio: StudioDep,
    api: ApiSettingsDep,
) -> WebhookPublic:
    """Change an endpoint's URL, events, description, or disable it for now."""
    with studio.session() as session:
        row = lib.update_endpoint(
            session,
            lib.owned_endpoint(session, caller.id, endpoint_id),
            url=body.url,
            events=body.events,
            description=body.description,
            disabled=body.disabled,
            allow_private=api.webhook_rules.allow_private,
        )
        return webhook_public(row)


@router.delete(
    "/webhooks/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses(404)
)
def delete_webhook(endpoint_id: EndpointId, caller: Writer, studio: StudioDep) -> None:
    """Remove an endpoint, with its deliveries and their log."""
    with studio.session() as session:
        lib.delete_endpoint(session, lib.owned_endpoint(session, caller.id, endpoint_id))


@router.get("/webhooks/{endpoint_id}/deliveries", responses=responses(404))
def list_deliveries(
    endpoint_id: EndpointId,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[
        str | None, Query(max_length=64, description="Cursor: the last delivery id seen")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[DeliveryPublic]:
    """An endpoint's deliveries, newest first, each with its tries (status, error, time)."""
    with studio.read() as session:
        endpoint = lib.owned_endpoint(session, caller.id, endpoint_id)
        rows = lib.deliveries(session, endpoint, after=after, limit=limit + 1)
        page = rows[:limit]
        tries = lib.attempts(session, [r.id for r in page])
        items = [delivery_public(r, tries[r.id]) for r in page]
    return Page[DeliveryPublic](items=items, next=items[-1].id if len(rows) > limit else None)


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**responses(404), **ACCEPTED},
)
def redeliver_webhook(
    endpoint_id: EndpointId, delivery_id: DeliveryId, caller: Writer, studio: StudioDep
) -> DeliveryPublic:
    """Send a delivery again (same webhook-id, the whole backoff again)."""
    with studio.session() as session:
        endpoint = lib.owned_endpoint(session, caller.id, endpoint_id)
        row = lib.redeliver(session, lib.owned_delivery(session, endpoint, delivery_id))
        return delivery_public(row, lib.attempts(session, [row.id])[row.id])


@router.post(
    "/webhooks/{endpoint_id}/ping",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**responses(404), **ACCEPTED},
)
def ping_webhook(endpoint_id: EndpointId, caller: Writer, studio: StudioDep) -> DeliveryPublic:
    """Queue a `ping` event to this endpoint (whatever its filter): a test of the receiver."""
    with studio.session() as session:
        row = lib.ping(session, lib.owned_endpoint(session, caller.id, endpoint_id))
        return delivery_public(row, [])
