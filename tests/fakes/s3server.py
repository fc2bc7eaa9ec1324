"""A real S3-compatible HTTP server (moto's server mode) on 127.0.0.1, started by the tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def http_process(
    args: list[str], probe: str, *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[None]:
    """Run a server process until the context ends; returns once GET probe answers."""
    proc = subprocess.Popen(
        args,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(probe, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{args[0]} did not start") from None
                time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def moto_server(**env: str) -> Iterator[str]:
    """Start moto_server; yields its endpoint URL; stops it afterwards."""
    port = free_port()
    exe = Path(sys.executable).with_name("moto_server")
    url = f"http://127.0.0.1:{port}"
    with http_process([str(exe), "-H", "127.0.0.1", "-p", str(port)], f"{url}/moto-api/", env=env):
        yield url
