"""The sender: claims due deliveries, signs them per Standard Webhooks, posts them, logs each try,
and schedules the next with backoff until the receiver answers 2xx or the tries run out.

A delivery is claimed by a conditional UPDATE that moves its next_attempt_at past the send's
timeout, so two API processes never post the same try; one that dies mid-send leaves the claim
to lapse, and the delivery is tried again (receivers deduplicate by webhook-id)."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from sqlalchemy import CursorResult, update
from sqlmodel import col, select
from standardwebhooks import Webhook

from aistudio.db.api_tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from aistudio.db.tables import utcnow
from aistudio.studio import Studio
from aistudio.webhooks.endpoints import resolves_private
from aistudio.webhooks.rules import SendRules

log = logging.getLogger(__name__)

USER_AGENT = "aistudio-webhooks/1"


@dataclass(frozen=True)
class Claimed:
    """A delivery this process may send now, with where and how to sign it."""

    id: str
    attempts: int
    payload: str
    url: str
    secret: str
    disabled: bool


@dataclass(frozen=True)
class Outcome:
    """What one try got: a status code, or the error that stopped it."""

    status: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def deliver_due(
    studio: Studio,
    client: httpx.Client,
    now: datetime | None = None,
    limit: int = 50,
    rules: SendRules | None = None,
) -> int:
    """Send up to `limit` deliveries that are due; returns how many were tried."""
    rules = rules or SendRules()
    claimed = claim(studio, now or utcnow(), limit, rules)
    if not claimed:
        return 0
    with ThreadPoolExecutor(max_workers=max(1, min(rules.parallel, len(claimed)))) as pool:
        outcomes = list(pool.map(lambda c: send(client, c, rules), claimed))
    for item, outcome in zip(claimed, outcomes, strict=True):
        record(studio, item, outcome, rules)
    return len(claimed)


def claim(studio: Studio, now: datetime, limit: int, rules: SendRules) -> list[Claimed]:
    """Take due pending deliveries for this process (none another process took)."""
    lease = now + timedelta(seconds=rules.timeout * 2 + 30)
    query = (
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(WebhookDelivery.state == "pending", col(WebhookDelivery.next_attempt_at) <= now)
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(limit)
    )
    with studio.read() as session:  # most ticks find nothing: they never wait for writers
        if session.exec(query.limit(1)).first() is None:
            return []
    found: list[Claimed] = []
    with studio.session() as session:
        due = session.exec(query).all()
        for delivery, endpoint in due:
            taken = cast(
                CursorResult[Any],
                session.execute(
                    update(WebhookDelivery)
                    .where(
                        col(WebhookDelivery.id) == delivery.id,
                        col(WebhookDelivery.state) == "pending",
                        col(WebhookDelivery.next_attempt_at) <= now,
                    )
                    .values(next_attempt_at=lease)
                ),
            )
            if taken.rowcount == 1:
                found.append(
                    Claimed(
                        id=delivery.id,
                        attempts=delivery.attempts,
                        payload=delivery.payload_json,
                        url=endpoint.url,
                        secret=endpoint.secret,
                        disabled=endpoint.disabled_at is not None,
                    )
                )
    return found


def headers(item: Claimed, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one try (signed at `at`)."""
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": item.id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(item.secret).sign(item.id, at, item.payload),
    }


def send(client: httpx.Client, item: Claimed, rules: SendRules) -> Outcome:
    """One try: POST the signed payload; the answer's status, never its body."""
    if item.disabled:
        return Outcome(None, "the endpoint is disabled", 0)
    host = urlsplit(item.url).hostname or ""
    if not rules.allow_private and resolves_private(host):  # its DNS may have changed since
        return Outcome(None, f"{host} resolves to a private address: not sent", 0)
    started = time.monotonic()
    try:
        with client.stream(
            "POST",
            item.url,
            content=item.payload.encode(),
            headers=headers(item, utcnow()),
            timeout=rules.timeout,
            follow_redirects=False,
        ) as response:
            status = response.status_code
    except httpx.HTTPError as exc:
        spent = int((time.monotonic() - started) * 1000)
        return Outcome(None, f"{type(exc).__name__}: {exc}"[:300], spent)
    spent = int((time.monotonic() - started) * 1000)
    return Outcome(status, None if 200 <= status < 300 else f"answered {status}", spent)


def record(studio: Studio, item: Claimed, outcome: Outcome, rules: SendRules) -> None:
    """Log a try and move the delivery on: delivered, due again after its backoff, or failed."""
    now = utcnow()
    tries = item.attempts + 1
    values: dict[str, Any] = {
        "attempts": tries,
        "last_status": outcome.status,
        "last_error": outcome.error,
    }
    if outcome.ok:
        values.update(state="delivered", delivered_at=now, next_attempt_at=None)
    elif tries > len(rules.backoff) or item.disabled:
        values.update(state="failed", next_attempt_at=None)
    else:
        values["next_attempt_at"] = now + timedelta(seconds=rules.backoff[tries - 1])
    with studio.session() as session:
        if session.get(WebhookDelivery, item.id) is None:
            return  # its endpoint was deleted while this try was in flight
        session.add(
            WebhookAttempt(
                delivery_id=item.id,
                at=now,
                status_code=outcome.status,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
            )
        )
        # Unless it was redelivered while this try was in flight.
        session.execute(
            update(WebhookDelivery)
            .where(
                col(WebhookDelivery.id) == item.id,
                col(WebhookDelivery.state) == "pending",
                col(WebhookDelivery.attempts) == item.attempts,
            )
            .values(**values)
        )
    if not outcome.ok:
        log.info("webhook %s to %s: try %d: %s", item.id, item.url, tries, outcome.error)
