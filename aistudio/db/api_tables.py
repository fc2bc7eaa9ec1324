"""Tables of the studio API: users, their keys and sessions, request budgets, jobs and events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from aistudio.db.tables import utcnow


class User(SQLModel, table=True):
    """A person who signs in to the studio API; every model below it belongs to one."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    role: str = "member"  # member | admin
    password_hash: str | None = None  # argon2; None: signs in with API keys only
    created_at: datetime = Field(default_factory=utcnow)
    disabled_at: datetime | None = None


class ApiKey(SQLModel, table=True):
    """An API key: shown once, kept as a hash, scoped, revocable."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    prefix: str = Field(index=True, unique=True)  # ais_XXXXXXXX: shown in lists, finds the row
    secret_hash: str  # sha256 of the whole key (random 256 bits: a slow hash adds nothing)
    name: str
    scopes: str  # comma-separated: read, write, admin
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class BrowserSession(SQLModel, table=True):
    """A signed-in browser: the cookie's token (hashed) and the CSRF token unsafe methods echo."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(index=True, unique=True)
    csrf_token: str
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class RateWindow(SQLModel, table=True):
    """Requests (or failures) counted per subject in a fixed window, shared by every API process."""

    __table_args__ = (UniqueConstraint("subject", "window"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str  # key:<id> | login:<name> | guess:<address>
    window: int  # start of the window, in epoch seconds
    count: int = 0


class Job(SQLModel, table=True):
    """A unit of work started through the API: one Prefect flow run at a time (a retry makes a
    new run of the same job)."""

    __table_args__ = (UniqueConstraint("owner_id", "idempotency_key"),)

    id: str = Field(primary_key=True)  # a uuid4 hex
    owner_id: int = Field(foreign_key="user.id", index=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    kind: str  # process
    params_json: str
    deployment: str  # flow/deployment, e.g. process-model/default
    flow_run_id: str | None = Field(default=None, index=True)
    run_id: str | None = Field(default=None, index=True)  # the processing Run it made
    attempt: int = 1
    # queued | running | cancelling | succeeded | failed | cancelled | crashed
    state: str = "queued"
    state_message: str | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    # Jobs of a GPU pool wait in the studio's queue (state queued, no flow run yet) in
    # `position` order; the next one starts when the pool has a free slot.
    pool: str | None = Field(default=None, index=True)
    position: float | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class JobEvent(SQLModel, table=True):
    """A job's append-only event log; seq counts from 1 per job (a stream's Last-Event-ID)."""

    __table_args__ = (UniqueConstraint("job_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    seq: int
    type: str  # state | run | pair
    data_json: str
    at: datetime = Field(default_factory=utcnow)


class StreamTicket(SQLModel, table=True):
    """A short-lived ticket for one job's event stream (EventSource cannot send headers)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    job_id: str = Field(foreign_key="job.id")
    expires_at: datetime


class Upload(SQLModel, table=True):
    """A resumable upload of one photo: bytes arrive in chunks at increasing offsets."""

    id: str = Field(primary_key=True)  # a uuid4 hex
    owner_id: int = Field(foreign_key="user.id", index=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    role: str  # source | target
    category: str | None = None
    filename: str
    size: int  # declared when created
    received: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    verdict_json: str | None = None  # the import's verdict once the last byte arrived


class JobRequest(SQLModel, table=True):
    """A request a running job honours at its next step: sample now, save now."""

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    action: str  # sample | save
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
    done_step: int | None = None  # the step it was honoured at


class WebhookEndpoint(SQLModel, table=True):
    """A user's webhook receiver: where deliveries go and which events it wants."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    url: str
    secret: str  # whsec_<base64>: signing needs it in the clear (as every sender keeps it)
    events: str  # comma-separated event types, or * for all
    description: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    disabled_at: datetime | None = None


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint: sent until the receiver answers 2xx or the tries run out."""

    id: str = Field(primary_key=True)  # msg_<uuid hex>: the webhook-id header on every try
    endpoint_id: int = Field(foreign_key="webhookendpoint.id", index=True)
    event_type: str
    payload_json: str
    state: str = Field(default="pending", index=True)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default_factory=utcnow, index=True)
    last_status: int | None = None
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class WebhookAttempt(SQLModel, table=True):
    """One try of a delivery: what the receiver answered (the delivery log)."""

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: str = Field(foreign_key="webhookdelivery.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    status_code: int | None = None  # None: no answer (refused, timed out)
    error: str | None = None
    duration_ms: int = 0
