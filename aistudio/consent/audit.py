"""The audit log: every consent change and every use of a persona's data, appended and chained."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from aistudio.db import chain
from aistudio.db.tables import AuditEvent, Consent


def cli_actor() -> str:
    """The single-user CLI's actor: AISTUDIO_ACTOR if set, else the OS login name."""
    try:
        return os.environ.get("AISTUDIO_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(
    session: Session,
    *,
    action: str,
    model_id: int | None,
    actor: str | None = None,
    **detail: object,
) -> None:
    """Append one event; actor is who acted (an API sets its user; None: the CLI's actor)."""
    event = AuditEvent(
        model_id=model_id,
        actor=actor if actor is not None else cli_actor(),
        action=action,
        detail=json.dumps(detail, sort_keys=True, default=str),
    )
    append_chained(session, event, "auditevent")


def append_chained(session: Session, row: AuditEvent | Consent, table: str) -> None:
    """Add a row to a chained table with its link to the row before it."""
    conn = session.connection()
    chain.lock(conn)
    session.flush()  # rows added earlier in this session take their places first
    prev = chain.head(conn, table)
    row.id = chain.next_id(conn, table)  # the hash covers the row's id
    values: dict[str, Any] = row.model_dump()
    row.prev_hash = prev
    row.row_hash = chain.row_hash(table, prev, values)
    session.add(row)
    session.flush()


def events(
    session: Session, *, model_id: int | None = None, after: int = 0, limit: int | None = None
) -> Sequence[AuditEvent]:
    """Events, oldest first (all, or one model's), from the one after id `after`."""
    q = select(AuditEvent).where(col(AuditEvent.id) > after)
    if model_id is not None:
        q = q.where(AuditEvent.model_id == model_id)
    return session.exec(q.order_by(col(AuditEvent.id)).limit(limit)).all()


class ChainReport(BaseModel):
    """What `audit verify` found: counts, the heads, and the first broken link (if any)."""

    events: int
    consents: int
    heads: dict[str, str]
    broken: str | None = None


def verify(session: Session) -> ChainReport:
    """Walk both chains, then check that consent rows and their events agree."""
    conn = session.connection()
    tables = {t: chain.rows(conn, t) for t in chain.CHAINED}
    report = ChainReport(
        events=len(tables["auditevent"]),
        consents=len(tables["consent"]),
        heads={t: (rows[-1]["row_hash"] or chain.GENESIS) if rows else chain.GENESIS
               for t, rows in tables.items()},
    )  # fmt: skip
    for table, rows in tables.items():
        if broken := _walk(table, rows):
            report.broken = broken
            return report
    report.broken = _cross_check(tables["auditevent"], tables["consent"])
    return report


def _walk(table: str, rows: list[dict[str, Any]]) -> str | None:
    prev = chain.GENESIS
    for row in rows:
        if row["prev_hash"] != prev:
            return (
                f"{table} row {row['id']}: its link to the row before does not match "
                "(a row before it was deleted or edited)"
            )
        if row["row_hash"] != chain.row_hash(table, prev, row):
            return f"{table} row {row['id']}: its content does not match its hash (edited)"
        prev = row["row_hash"]
    return None


def _cross_check(events: list[dict[str, Any]], consents: list[dict[str, Any]]) -> str | None:
    # A chain hides a deleted last row; each consent row and its events vouch for each other.
    def hashes(action: str) -> set[str]:
        found = set()
        for e in events:
            if e["action"] == action:
                found.add(str(json.loads(e["detail"]).get("record_hash")))
        return found

    set_events, revoke_events = hashes("consent.set"), hashes("consent.revoke")
    for c in consents:
        if c["record_hash"] not in set_events:
            return f"consent row {c['id']}: no consent.set event records it (an event was deleted)"
        if c["revoked_at"] is not None and c["record_hash"] not in revoke_events:
            return f"consent row {c['id']}: revoked, but its consent.revoke event is missing"
        if c["revoked_at"] is None and c["record_hash"] in revoke_events:
            return f"consent row {c['id']}: a consent.revoke event exists but the row is in force"
    recorded = {c["record_hash"] for c in consents}
    if missing := sorted(set_events - recorded):
        return f"consent record {missing[0][:12]}: its consent.set event exists, the row does not"
    return None
