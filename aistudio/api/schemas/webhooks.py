"""Webhook endpoints and their deliveries as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# What an endpoint may subscribe to (aistudio.db.outbox.EVENT_TYPES, and * for all of them).
DeliveryState = Literal["pending", "delivered", "failed"]
EventType = Literal["*", "job.state", "checkpoint.ready", "lora.published", "consent.revoked"]


def _everything() -> list[EventType]:
    return ["*"]


class WebhookCreate(BaseModel):
    """A new endpoint: its URL, the events it wants, a note."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=1, max_length=2000, description="Where deliveries are POSTed: http(s)://..."
    )
    events: list[EventType] = Field(
        default_factory=_everything, min_length=1, description="Event types, or * for all"
    )
    description: str = Field(default="", max_length=500, description="What it is, for you")


class WebhookUpdate(BaseModel):
    """Changes to an endpoint (what is left out stays)."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=1, max_length=2000)
    events: list[EventType] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=500)
    disabled: bool | None = Field(default=None, description="true: send it nothing for now")


class WebhookPublic(BaseModel):
    """An endpoint as lists show it: never its secret."""

    id: int
    url: str
    events: list[str]
    description: str
    created_at: datetime
    disabled_at: datetime | None


class WebhookCreated(WebhookPublic):
    """An endpoint just made: the secret that signs its deliveries, in this response only."""

    secret: str = Field(
        description="Shown this once: whsec_<base64>, what standardwebhooks.Webhook(secret) "
        "verifies deliveries with"
    )


class AttemptPublic(BaseModel):
    """One try of a delivery."""

    at: datetime
    status_code: int | None = Field(description="What the receiver answered; null: no answer")
    error: str | None
    duration_ms: int


class DeliveryPublic(BaseModel):
    """One event for one endpoint, with its tries (the delivery log)."""

    id: str = Field(description="msg_...: the webhook-id header of every try")
    event_type: str
    state: DeliveryState
    attempts: int = Field(description="Tries in its current series (redelivery starts anew)")
    next_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any] = Field(description="The body sent: {type, timestamp, data}")
    tries: list[AttemptPublic]
