"""The webhook outbox: an event becomes one pending delivery per endpoint that wants it, in the
transaction of the change it reports (a sender posts them later; nothing is lost on a crash)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from aistudio.db.api_tables import WebhookDelivery, WebhookEndpoint
from aistudio.db.tables import utcnow

# The events a receiver may subscribe to ("*": all of them); `ping` goes to one endpoint only.
EVENT_TYPES = ("job.state", "checkpoint.ready", "lora.published", "consent.revoked")
ALL = "*"
PING = "ping"


def wants(endpoint: WebhookEndpoint, event_type: str) -> bool:
    """Whether an endpoint's filter takes this event."""
    chosen = endpoint.events.split(",")
    return ALL in chosen or event_type in chosen


def new_id() -> str:
    """A delivery's id, the webhook-id header of each of its tries."""
    return f"msg_{uuid.uuid4().hex}"


def payload(event_type: str, data: dict[str, Any]) -> str:
    """The body Standard Webhooks describes: {"type", "timestamp", "data"}, as sent."""
    body = {"type": event_type, "timestamp": utcnow().isoformat(), "data": data}
    return json.dumps(body, sort_keys=True, default=str)


def enqueue(
    session: Session, endpoint: WebhookEndpoint, event_type: str, data: dict[str, Any]
) -> WebhookDelivery:
    """One pending delivery of an event to one endpoint (due now)."""
    assert endpoint.id is not None
    row = WebhookDelivery(
        id=new_id(),
        endpoint_id=endpoint.id,
        event_type=event_type,
        payload_json=payload(event_type, data),
    )
    session.add(row)
    return row


def emit(
    session: Session, owner_id: int | None, event_type: str, data: dict[str, Any]
) -> Sequence[WebhookDelivery]:
    """Queue an event for every active endpoint of its owner whose filter takes it (a model made
    at the CLI has no owner, and no one to tell)."""
    assert event_type in EVENT_TYPES, event_type
    if owner_id is None:
        return []
    endpoints = session.exec(
        select(WebhookEndpoint).where(
            WebhookEndpoint.owner_id == owner_id, col(WebhookEndpoint.disabled_at).is_(None)
        )
    ).all()
    made = [enqueue(session, e, event_type, data) for e in endpoints if wants(e, event_type)]
    if made:
        session.flush()
    return made
