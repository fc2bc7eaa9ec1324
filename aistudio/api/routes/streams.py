"""A job's live progress: its event log as a JSON page, an SSE stream and a WebSocket.

Streams poll the store (every API process sees what the tasks wrote) and refresh the job's
Prefect state every few seconds; they keep nothing another process would need.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Header, Query, Request, WebSocket, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlmodel import col, delete, select
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocketDisconnect

from aistudio.accounts.hashing import digest, token
from aistudio.api import jobs
from aistudio.api.deps import Reader, StudioDep, identify
from aistudio.api.prefect_api import PrefectApi, PrefectError
from aistudio.api.problems import responses
from aistudio.api.routes.jobs import get_prefect
from aistudio.api.schemas.common import MAX_LIMIT, Page
from aistudio.api.schemas.jobs import EventPublic, TicketPublic
from aistudio.api.settings import ApiSettings
from aistudio.core.errors import AuthError, Forbidden, NotFound, StudioError
from aistudio.db import events
from aistudio.db.api_tables import Job, JobEvent, StreamTicket
from aistudio.db.tables import utcnow
from aistudio.studio import Studio

log = logging.getLogger(__name__)
router = APIRouter(tags=["jobs"], responses=responses(401, 403, 429))

POLL_SECONDS = 0.5  # how often a stream reads the store
REFRESH_SECONDS = 3.0  # how often it asks Prefect for the job's state
KEEPALIVE_SECONDS = 15.0  # a comment line on a quiet SSE stream (proxies drop idle ones)
BATCH = 200
MAX_SEQ = 2**31 - 1  # a larger cursor would overflow the column
TICKET = "Pass ?ticket= (POST /api/v1/jobs/{id}/tickets), a Bearer key or the session cookie"


def event_public(event: JobEvent) -> EventPublic:
    """An event as clients see it."""
    return EventPublic(seq=event.seq, type=event.type, data=events.data(event), at=event.at)


@router.post(
    "/jobs/{job_id}/tickets", status_code=status.HTTP_201_CREATED, responses=responses(404)
)
def create_ticket(job_id: str, caller: Reader, studio: StudioDep, request: Request) -> TicketPublic:
    """A short-lived ticket for this job's streams (EventSource cannot send headers)."""
    api: ApiSettings = request.app.state.api
    secret = "tkt_" + token()
    expires = utcnow() + timedelta(seconds=api.ticket_seconds)
    with studio.session() as session:
        jobs.owned_job(session, caller, job_id)
        session.exec(delete(StreamTicket).where(col(StreamTicket.expires_at) < utcnow()))
        session.add(
            StreamTicket(
                token_hash=digest(secret), user_id=caller.id, job_id=job_id, expires_at=expires
            )
        )
    return TicketPublic(ticket=secret, expires_at=expires)


@router.get("/jobs/{job_id}/events", responses=responses(404))
def list_events(
    job_id: str,
    caller: Reader,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ, description="Cursor: the last seq seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Page[EventPublic]:
    """A job's events after a seq, oldest first."""
    with studio.read() as session:
        jobs.owned_job(session, caller, job_id)
        rows = events.since(session, job_id, after, limit)
    items = [event_public(e) for e in rows]
    return Page[EventPublic](items=items, next=str(items[-1].seq) if len(items) == limit else None)


def _stream_user(
    studio: Studio, conn: HTTPConnection, api: ApiSettings, job_id: str, ticket: str | None
) -> int:
    """Who opens a stream (a ticket, a key or a session), if the job is theirs."""
    with studio.session() as session:
        if ticket:
            row = session.exec(
                select(StreamTicket).where(StreamTicket.token_hash == digest(ticket))
            ).first()
            if row is None or row.job_id != job_id or row.expires_at <= utcnow():
                raise AuthError(f"the ticket is unknown, expired or for another job. {TICKET}")
            user_id = row.user_id
        else:
            # identify reads headers, cookies and the address: a WebSocket has them all.
            caller = identify(session, cast(Request, conn), api)
            if caller is None:
                raise AuthError(f"not signed in. {TICKET}")
            if "read" not in caller.scopes:
                raise Forbidden("this needs the 'read' scope")
            if caller.session is not None and not _same_origin(conn):
                raise Forbidden("a session's stream must come from the studio's own pages")
            user_id = caller.id
        job = session.get(Job, job_id)
        if job is None or job.owner_id != user_id:
            raise NotFound(f"you have no job {job_id!r}; GET /api/v1/jobs lists yours")
    return user_id


def _same_origin(conn: HTTPConnection) -> bool:
    # A cookie rides along on a cross-site WebSocket; browsers always send Origin there.
    origin = conn.headers.get("origin")
    if origin is None:
        return True
    return origin.split("://", 1)[-1] == conn.headers.get("host", "")


def _prefect(conn: HTTPConnection) -> PrefectApi | None:
    try:
        return get_prefect(cast(Request, conn))
    except PrefectError as exc:
        log.warning("streams follow the store only: %s", exc)
        return None


def _poll(studio: Studio, job_id: str, after: int) -> tuple[Job, list[JobEvent]]:
    with studio.read() as session:
        job = session.get(Job, job_id)  # first: a terminal state means its event is written
        assert job is not None
        return job, list(events.since(session, job_id, after, BATCH))


async def follow(
    studio: Studio, prefect: PrefectApi | None, job_id: str, after: int
) -> AsyncIterator[JobEvent | None]:
    """A job's events after `after` as they come (None: nothing new for a while); ends once
    the job's final state is sent."""
    quiet = time.monotonic()
    refreshed = quiet - REFRESH_SECONDS  # the first poll asks Prefect: the stored state may be old
    while True:
        job, batch = await run_in_threadpool(_poll, studio, job_id, after)
        for event in batch:
            yield event
            after = event.seq
        now = time.monotonic()
        if batch:
            quiet = now
        if job.state in jobs.TERMINAL and len(batch) < BATCH:
            return
        if len(batch) == BATCH:
            continue
        if prefect is not None and now - refreshed >= REFRESH_SECONDS:
            refreshed = now
            await run_in_threadpool(jobs.refresh, studio, prefect, [job])
            continue
        if now - quiet >= KEEPALIVE_SECONDS:
            quiet = now
            yield None
        await asyncio.sleep(POLL_SECONDS)


def sse(event: JobEvent) -> str:
    """One event in text/event-stream form (id is the seq: Last-Event-ID resumes after it)."""
    payload = event_public(event).model_dump_json()
    return f"id: {event.seq}\nevent: {event.type}\ndata: {payload}\n\n"


@router.get(
    "/jobs/{job_id}/stream",
    response_class=StreamingResponse,
    responses={**responses(404), 200: {"content": {"text/event-stream": {}}}},
)
async def stream_events(
    job_id: str,
    request: Request,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ, description="Replay after this seq")] = 0,
    ticket: Annotated[str | None, Query(max_length=100)] = None,
    last_event_id: Annotated[
        str | None, Header(max_length=20, description="Set by EventSource on reconnect")
    ] = None,
) -> StreamingResponse:
    """Server-sent events of a job: replays after Last-Event-ID (or ?after=), then live."""
    studio: Studio = request.app.state.studio
    await run_in_threadpool(_stream_user, studio, request, request.app.state.api, job_id, ticket)
    if last_event_id and last_event_id.isdigit():
        after = min(int(last_event_id), MAX_SEQ)
    prefect = _prefect(request)

    async def body() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        async for event in follow(studio, prefect, job_id, after):
            yield ": keep-alive\n\n" if event is None else sse(event)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(body(), media_type="text/event-stream", headers=headers)


@router.websocket("/jobs/{job_id}/ws")
async def job_socket(
    websocket: WebSocket,
    job_id: str,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    ticket: Annotated[str | None, Query(max_length=100)] = None,
) -> None:
    """A job's events as JSON messages ({seq, type, data, at}), replayed after ?after=."""
    studio: Studio = websocket.app.state.studio
    try:
        await run_in_threadpool(
            _stream_user, studio, websocket, websocket.app.state.api, job_id, ticket
        )
    except StudioError as exc:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=str(exc)[:120])
        return
    await websocket.accept()
    prefect = _prefect(websocket)
    gone = asyncio.Event()

    async def watch() -> None:
        try:
            while (await websocket.receive())["type"] != "websocket.disconnect":
                pass
        finally:
            gone.set()

    watcher = asyncio.create_task(watch())
    try:
        async for event in follow(studio, prefect, job_id, after):
            if gone.is_set():
                return
            if event is not None:
                await websocket.send_text(json.dumps(event_public(event).model_dump(mode="json")))
        await websocket.close()
    except (WebSocketDisconnect, RuntimeError):
        log.debug("job %s: the WebSocket client left", job_id)
    finally:
        watcher.cancel()
