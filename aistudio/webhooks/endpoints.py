"""A user's webhook endpoints: made with a secret shown once, changed, removed; their delivery
log, redelivery and ping. Another user's endpoint is NotFound, exactly as a missing one."""

from __future__ import annotations

import base64
import ipaddress
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, tuple_
from sqlmodel import Session, col, select

from aistudio.core.errors import NotFound, UserError
from aistudio.db import outbox
from aistudio.db.api_tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from aistudio.db.tables import utcnow

SECRET_PREFIX = "whsec_"
MAX_URL = 2000
MAX_ENDPOINTS = 20  # per user: each event is sent to every endpoint that wants it


@dataclass(frozen=True)
class NewEndpoint:
    """An endpoint just made: its secret is shown this once."""

    endpoint: WebhookEndpoint
    secret: str


def new_secret() -> str:
    """whsec_ + base64 of 24 random bytes (the Standard Webhooks secret format)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def parse_events(events: str | Iterable[str]) -> str:
    """An event filter from "a,b" or a list, checked against the known types; "*": all."""
    items = events.split(",") if isinstance(events, str) else list(events)
    wanted = {e.strip() for e in items if e.strip()}
    unknown = wanted - {*outbox.EVENT_TYPES, outbox.ALL}
    if unknown or not wanted:
        raise UserError(
            f"unknown webhook event {', '.join(sorted(unknown)) or '(none)'}: use "
            f"{', '.join(outbox.EVENT_TYPES)} or * for all"
        )
    if outbox.ALL in wanted:
        return outbox.ALL
    return ",".join(e for e in outbox.EVENT_TYPES if e in wanted)


def private(address: str) -> bool:
    """Whether an IP address is one a studio on a network must not post to (its own host, the
    LAN, link-local cloud metadata and other reserved ranges)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolves_private(host: str) -> bool:
    """Whether a host is, or its name resolves to, a private address (a name that does not
    resolve is not: the send fails instead)."""
    try:
        return private(host.strip("[]"))
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return any(private(str(info[4][0]).split("%")[0]) for info in found)


def check_url(url: str, *, allow_private: bool) -> str:
    """A receiver's URL, checked: http or https with a host; loopback, private and link-local
    addresses only when allowed (development, or AISTUDIO_API_WEBHOOK_PRIVATE=true)."""
    if len(url) > MAX_URL:
        raise UserError(f"a webhook URL is at most {MAX_URL} characters")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"webhook URL {url!r} must be http:// or https:// with a host")
    if not allow_private and (parts.hostname == "localhost" or resolves_private(parts.hostname)):
        raise UserError(
            f"webhook URL {url!r} points at a loopback, private or link-local address; a "
            "studio in production posts only to public ones (AISTUDIO_API_WEBHOOK_PRIVATE=true "
            "allows them)"
        )
    return url.strip()


def owned_endpoint(session: Session, owner_id: int, endpoint_id: int) -> WebhookEndpoint:
    """The owner's endpoint, or NotFound (whoever else may have one of that id)."""
    row = session.get(WebhookEndpoint, endpoint_id)
    if row is None or row.owner_id != owner_id:
        raise NotFound(
            f"you have no webhook endpoint {endpoint_id}; GET /api/v1/webhooks lists yours"
        )
    return row


def list_endpoints(session: Session, owner_id: int) -> Sequence[WebhookEndpoint]:
    """The owner's endpoints, oldest first."""
    return session.exec(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.owner_id == owner_id)
        .order_by(col(WebhookEndpoint.id))
    ).all()


def create_endpoint(
    session: Session,
    *,
    owner_id: int,
    url: str,
    events: str | Iterable[str] = outbox.ALL,
    description: str = "",
    allow_private: bool,
) -> NewEndpoint:
    """A new endpoint for the owner, with its signing secret."""
    if len(list_endpoints(session, owner_id)) >= MAX_ENDPOINTS:
        raise UserError(f"a user has at most {MAX_ENDPOINTS} webhook endpoints; delete one first")
    secret = new_secret()
    row = WebhookEndpoint(
        owner_id=owner_id,
        url=check_url(url, allow_private=allow_private),
        secret=secret,
        events=parse_events(events),
        description=description.strip(),
    )
    session.add(row)
    session.flush()
    return NewEndpoint(endpoint=row, secret=secret)


def update_endpoint(
    session: Session,
    endpoint: WebhookEndpoint,
    *,
    url: str | None = None,
    events: str | Iterable[str] | None = None,
    description: str | None = None,
    disabled: bool | None = None,
    allow_private: bool,
) -> WebhookEndpoint:
    """Change what is given (a disabled endpoint is sent nothing until enabled again)."""
    if url is not None:
        endpoint.url = check_url(url, allow_private=allow_private)
    if events is not None:
        endpoint.events = parse_events(events)
    if description is not None:
        endpoint.description = description.strip()
    if disabled is not None and disabled != (endpoint.disabled_at is not None):
        endpoint.disabled_at = utcnow() if disabled else None
    session.add(endpoint)
    session.flush()
    return endpoint


def delete_endpoint(session: Session, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its deliveries and their log."""
    ids = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    session.execute(delete(WebhookAttempt).where(col(WebhookAttempt.delivery_id).in_(ids)))
    session.execute(delete(WebhookDelivery).where(col(WebhookDelivery.endpoint_id) == endpoint.id))
    session.delete(endpoint)
    session.flush()


def deliveries(
    session: Session, endpoint: WebhookEndpoint, *, after: str | None = None, limit: int = 50
) -> Sequence[WebhookDelivery]:
    """An endpoint's deliveries, newest first; `after`: the last id of the page before."""
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    if after is not None:
        cursor = owned_delivery(session, endpoint, after)
        query = query.where(
            tuple_(col(WebhookDelivery.created_at), col(WebhookDelivery.id))
            < tuple_(cursor.created_at, cursor.id)
        )
    order = (col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id).desc())
    return session.exec(query.order_by(*order).limit(limit)).all()


def attempts(session: Session, ids: Sequence[str]) -> dict[str, list[WebhookAttempt]]:
    """The tries of these deliveries, oldest first, by delivery."""
    found: dict[str, list[WebhookAttempt]] = {i: [] for i in ids}
    rows = session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.delivery_id).in_(ids))
        .order_by(col(WebhookAttempt.id))
    ).all()
    for row in rows:
        found[row.delivery_id].append(row)
    return found


def owned_delivery(
    session: Session, endpoint: WebhookEndpoint, delivery_id: str
) -> WebhookDelivery:
    """One of the endpoint's deliveries, or NotFound."""
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.endpoint_id != endpoint.id:
        raise NotFound(f"webhook endpoint {endpoint.id} has no delivery {delivery_id!r}")
    return row


def redeliver(session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, due now, with the same webhook-id (receivers deduplicate by it);
    its tries so far stay in the log."""
    delivery.state = "pending"
    delivery.next_attempt_at = utcnow()
    delivery.attempts = 0  # a fresh series of tries, with the whole backoff again
    session.add(delivery)
    session.flush()
    return delivery


def ping(session: Session, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A `ping` event to this endpoint only, due now (whatever its filter)."""
    row = outbox.enqueue(
        session, endpoint, outbox.PING, {"endpoint_id": endpoint.id, "message": "ping"}
    )
    session.flush()
    return row
