"""A throwaway PostgreSQL cluster on 127.0.0.1 (Debian's postgresql), run as user postgres."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fakes.s3server import free_port

# Debian's server binaries (15 on bookworm); the newest installed version is used.
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    default=Path("/usr/lib/postgresql/15/bin"),
)


def _as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = list(args) if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def create_database(server: str, name: str) -> str:
    """A new empty database on a cluster (host:port); returns its psycopg SQLAlchemy URL."""
    host, port = server.split(":")
    _as_postgres(str(PG_BIN / "createdb"), "-h", host, "-p", port, "-U", "postgres", name)
    return f"postgresql+psycopg://postgres@{server}/{name}"


@contextmanager
def postgres() -> Iterator[str]:
    """Start a cluster with a database for Prefect; yields its asyncpg SQLAlchemy URL."""
    with cluster() as server:
        create_database(server, "prefect")
        yield f"postgresql+asyncpg://postgres@{server}/prefect"


@contextmanager
def cluster() -> Iterator[str]:
    """Start a throwaway cluster; yields host:port."""
    root = Path(tempfile.mkdtemp(prefix="aistudio-pg-"))
    os.chmod(root, 0o777)  # the cluster runs as postgres, the tests as root
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    os.chmod(sock, 0o777)
    port = free_port()
    try:
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c max_connections=300",
            "start",
        )
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "stop",
            ]
            if os.geteuid() == 0
            else [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


STUDIO_ROLE = "studio"


def as_studio_role(owner_url: str, role: str = STUDIO_ROLE) -> str:
    """Grant `role` docs/consent.md's insert-only rights on a migrated database; returns its URL.

    The owner (postgres) migrates; the studio then runs as a role that may only INSERT into the
    audit log and consent (and set consent.revoked_at), as a deployment would set it up.
    """
    from sqlalchemy import create_engine, text

    from aistudio.db.roles import insert_only_grants

    owner = create_engine(owner_url)
    try:
        with owner.begin() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
            ).scalar()
            if not exists:  # roles are per cluster, databases per test
                conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            for statement in insert_only_grants(role):
                conn.execute(text(statement))
    finally:
        owner.dispose()
    return owner_url.replace("postgres@", f"{role}@", 1)
