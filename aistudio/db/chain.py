"""The hash chain over the audit log and the consent records.

Each row carries the previous row's hash and a hash over that and its own content, so a row
deleted or edited by hand (triggers dropped, a SQL shell) breaks the chain at the next row.
A person with write access and this code can still rebuild the whole chain: keep the head
hash that `aistudio audit verify` prints somewhere else to detect that too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

GENESIS = "0" * 64
# The tables that are chained, and the columns each row's hash covers (in this order).
EVENT_FIELDS = ("model_id", "at", "actor", "action", "detail")
CONSENT_FIELDS = (
    "model_id",
    "kind",
    "scopes",
    "subject",
    "attested_adult",
    "release_path",
    "release_sha256",
    "created_at",
    "record_hash",
)
CHAINED: dict[str, tuple[str, ...]] = {"auditevent": EVENT_FIELDS, "consent": CONSENT_FIELDS}
_LOCK = 7345002  # the PostgreSQL advisory lock that serialises appends


_TIMES = frozenset({"at", "created_at"})


def canonical(value: Any, name: str = "") -> Any:
    """A value as it is hashed: timestamps in one UTC form (SQLite and PostgreSQL agree)."""
    if name in _TIMES and isinstance(value, str):  # SQLite's raw text, e.g. in a migration
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=UTC)
        return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, bool):
        return int(value)  # SQLite hands back 0/1 where PostgreSQL hands back a bool
    return value


def row_hash(table: str, prev: str, row: dict[str, Any]) -> str:
    """sha256 over the previous hash and the row's chained columns."""
    content = {name: canonical(row.get(name), name) for name in CHAINED[table]}
    payload = json.dumps([table, prev, content], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def lock(conn: Connection) -> None:
    """Serialise appends to the chains (SQLite: the write lock is already taken up front)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})


def head(conn: Connection, table: str) -> str:
    """The row hash of a chain's last row (GENESIS for an empty chain)."""
    assert table in CHAINED
    found = conn.execute(text(f"SELECT row_hash FROM {table} ORDER BY id DESC LIMIT 1")).scalar()
    return str(found) if found else GENESIS


def rows(conn: Connection, table: str) -> list[dict[str, Any]]:
    """Every row of a chained table, oldest first, as stored."""
    assert table in CHAINED
    result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
    return [dict(r._mapping) for r in result]
