"""Prefect's temporary API server for one command, started before the command needs it.

Without a Prefect API configured, Prefect starts the same server itself, but only when the flow
first calls the API, after importing its server code in this process: about 13 s on 2 cores.
Started here, at the top of the command, it boots while the command plans the run and imports
Prefect. Prefect reads its settings once, when it is imported, so the address is put in the
environment before that, and this is only done when no Prefect setting could point elsewhere.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from aistudio.core.config import PREFECT_TEMPORARY_ENV
from aistudio.core.errors import StudioError

_STARTUP_FAILED = 3  # uvicorn's exit status when start-up failed (the port, the app's lifespan)


class ServerDidNotStart(StudioError):
    """Prefect's temporary server did not answer in time."""


def die_with_parent() -> None:
    """In a child before exec: end it with SIGTERM when its parent dies."""
    # Linux: the kernel stops the server when this command dies, even by SIGKILL (atexit
    # handlers never run then). Elsewhere it is stopped at exit only.
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prefect_configured_elsewhere(cwd: Path | None = None) -> bool:
    """Whether any place Prefect reads settings from might set an API (then leave it to Prefect)."""
    if os.environ.get("PREFECT_API_URL") or os.environ.get("PREFECT_PROFILE"):
        return True
    if os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "").lower() in ("0", "false", "no"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    here = cwd or Path.cwd()
    for path, marker in (
        (profiles, "PREFECT_API_URL"),
        (here / ".env", "PREFECT_API_URL"),
        (here / "prefect.toml", ""),  # any prefect.toml: its [api] table may set a URL
        (here / "pyproject.toml", "[tool.prefect"),
    ):
        try:
            lines = path.read_text(errors="replace").splitlines()
        except OSError:
            continue
        # Commented-out lines (.env.example has one for PREFECT_API_URL) set nothing.
        if any(marker in line for line in lines if not line.lstrip().startswith("#")):
            return True
    return False


class TemporaryServer:
    """The same server Prefect would start (uvicorn, no UI), on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self.ready = False
        self.process = self._spawn()
        # Before Prefect is imported in this process: it reads its settings then, once.
        os.environ["PREFECT_API_URL"] = self.api_url
        os.environ[PREFECT_TEMPORARY_ENV] = "1"

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        args = ["--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        return subprocess.Popen(
            [sys.executable, "-m", "uvicorn", *args], env=env, preexec_fn=die_with_parent
        )

    @property
    def api_url(self) -> str:
        """Where the API answers."""
        return f"http://127.0.0.1:{self.port}/api"

    def wait(self, timeout: float) -> None:
        """Block until the API answers."""
        deadline, retries = time.monotonic() + timeout, 3
        with httpx.Client(timeout=2) as client:
            while True:
                status = self.process.poll()
                if status == _STARTUP_FAILED and retries > 0:
                    # Two commands starting at once on one Prefect database: one may fail its
                    # start-up while the other migrates it. Prefect itself starts again too.
                    retries -= 1
                    time.sleep(1.0)
                    self.process = self._spawn()
                    continue
                if status is not None:
                    raise ServerDidNotStart(
                        f"Prefect's temporary server exited with status {status}; "
                        "run again with --verbose to see its error"
                    )
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"Prefect's temporary server did not answer within {timeout:g} s; "
                        "set PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher, or "
                        "PREFECT_API_URL to a running Prefect server"
                    )
                time.sleep(0.1)
        self.ready = True

    def stop(self) -> None:
        """Stop the server at exit (it holds nothing that outlives the command)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_current: list[TemporaryServer] = []


def start_temporary_server() -> None:
    """Start the server now, unless Prefect is imported already or could be set up elsewhere.

    It stops when the process exits, after Prefect has sent its last logs and events to it.
    """
    if _current or "prefect" in sys.modules or prefect_configured_elsewhere():
        return
    server = TemporaryServer()
    # Registered before Prefect registers its own exit handlers, so it runs after them.
    atexit.register(server.stop)
    _current.append(server)


def await_server() -> None:
    """Wait for the server this command started, if it started one."""
    if _current and not _current[-1].ready:
        timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))
        _current[-1].wait(timeout)
