"""`aistudio serve`: the studio API, with a local Prefect server and workers when none is set.

Without PREFECT_API_URL the command is the whole studio on one machine: a Prefect server whose
data lives under the studio home, the pools, limits and crash automation, the deployments of
prefect.yaml, and a process worker for each of the cpu and gpu pools, all children that end with
it. With PREFECT_API_URL it serves the API alone: the server and workers run elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import httpx
import typer

from aistudio.cli.output import console, ok
from aistudio.cli.tempserver import die_with_parent, free_port
from aistudio.core.config import get_settings
from aistudio.core.errors import ConfigError, StudioError, UserError

if TYPE_CHECKING:
    from aistudio.api.settings import ApiSettings

POOLS = ("cpu", "gpu")
SERVER_START_SECONDS = 120.0
WORKERS_ONLINE_SECONDS = 60.0


class PortBusy(UserError):
    """The address the API should listen on is taken, or is no address of this machine."""


class PrefectDidNotStart(StudioError):
    """The local Prefect server, its setup or its deployments failed."""


class _Stopping(Exception):
    """SIGINT or SIGTERM arrived: stop the children and return."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Stopping(signum)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, taken before anything starts (uvicorn serves on it)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise PortBusy(f"cannot listen on {host}: {exc.strerror}; check --host") from exc
    sock = socket.socket(family, kind, proto)
    try:
        # As uvicorn does: a port whose last connections are in TIME_WAIT is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortBusy(f"port {port} on {host} is in use; choose another --port") from exc
        raise PortBusy(f"cannot listen on {host}:{port}: {exc.strerror}; check --host") from exc
    return sock


def api_settings() -> ApiSettings:
    """The API's settings, checked before anything starts (one line naming the bad one)."""
    from pydantic import ValidationError

    from aistudio.api.settings import ApiSettings

    try:
        return ApiSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "_".join(str(part) for part in first["loc"]).upper()
        what = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"AISTUDIO_API_{where}: {what}" if where else what) from exc


def configured_prefect() -> str | None:
    """PREFECT_API_URL from the environment or .env (the places the studio's settings read)."""
    from dotenv import dotenv_values

    return os.environ.get("PREFECT_API_URL") or dotenv_values(".env").get("PREFECT_API_URL")


class Children:
    """The Prefect server and workers this command started, stopped in reverse order."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.server: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """`python -m prefect ARGS` in a session of its own, its output in logs/<name>.log."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with (self.logs / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "prefect", *args],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: a terminal's Ctrl-C reaches this command alone, which
                # then stops each child in order; the kernel stops them if this command dies.
                start_new_session=True,
                preexec_fn=die_with_parent,
            )

    def stop(self) -> None:
        """Workers as a user stops them (the first signal goes to their runs), then the server."""
        for _ in range(2):
            running = [w for w in self.workers if w.poll() is None]
            for worker in running:
                _signal_group(worker, signal.SIGINT)
            if running:
                time.sleep(1)
        for worker in self.workers:
            if worker.poll() is None:
                _signal_group(worker, signal.SIGKILL)
            worker.wait(10)
        if self.server is not None and self.server.poll() is None:
            _signal_group(self.server, signal.SIGTERM)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                _signal_group(self.server, signal.SIGKILL)
                self.server.wait(10)


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signum)


def _wait_healthy(api_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    with httpx.Client(timeout=2) as client:
        while True:
            if server.poll() is not None:
                raise PrefectDidNotStart(
                    f"the Prefect server exited with status {server.returncode}; see {log}"
                )
            try:
                if client.get(f"{api_url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise PrefectDidNotStart(
                    f"the Prefect server did not answer in {SERVER_START_SECONDS:g} s; see {log}"
                )
            time.sleep(0.25)


def _run_step(what: str, args: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        args, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise PrefectDidNotStart(f"{what} failed (status {done.returncode}):\n" + "\n".join(tail))
    return done.stdout


def worker_name(pool: str) -> str:
    """This serve's worker for a pool (a restarted serve's old workers look online a while)."""
    return f"serve-{socket.gethostname()}-{os.getpid()}-{pool}"


def _offline_pools(api_url: str, pools: tuple[str, ...]) -> list[str]:
    """The pools whose worker is not online yet, waiting up to WORKERS_ONLINE_SECONDS."""
    deadline, waiting = time.monotonic() + WORKERS_ONLINE_SECONDS, list(pools)
    with httpx.Client(timeout=5) as client:
        while waiting and time.monotonic() < deadline:
            for pool in list(waiting):
                found = client.post(f"{api_url}/work_pools/{pool}/workers/filter", json={})
                if found.status_code == 200 and any(
                    w.get("name") == worker_name(pool) and w.get("status") == "ONLINE"
                    for w in found.json()
                ):
                    waiting.remove(pool)
            if waiting:
                time.sleep(0.5)
    return waiting


def start_prefect(children: Children, home: Path) -> str:
    """Server, setup, workers and deployments; returns the API URL (children.env holds it)."""
    from deployments.steps import installed_project

    project = installed_project()
    if not (project / "prefect.yaml").is_file():
        raise PrefectDidNotStart(
            f"no prefect.yaml next to flows/ in {project}: run serve from a checkout of the "
            "project (pip install -e), or set PREFECT_API_URL to a server with the deployments"
        )
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    children.env["PREFECT_API_URL"] = api_url
    children.server = children.spawn(
        "server", "server", "start", "--host", "127.0.0.1", "--port", str(port)
    )
    _wait_healthy(api_url, children.server, children.logs / "server.log")
    ok(f"Prefect server up at http://127.0.0.1:{port} (its data in {home / 'prefect'})")

    python = [sys.executable, "-m"]
    # From the current folder: the Secret blocks come from its .env, as `aistudio` reads it.
    _run_step("deployments.setup", [*python, "deployments.setup"], children.env, Path.cwd())
    # The pools exist now (a worker would create a bare one): workers boot while deploying.
    for pool in POOLS:
        args = ("worker", "start", "--pool", pool, "--name", worker_name(pool))
        children.workers.append(children.spawn(f"worker-{pool}", *args))
    deploy = [*python, "prefect", "--no-prompt", "deploy", "--all"]
    _run_step("prefect deploy --all", deploy, children.env, project)
    count = httpx.post(f"{api_url}/deployments/count", json={}, timeout=10).json()
    ok(f"{count} deployments from {project / 'prefect.yaml'}")

    offline = _offline_pools(api_url, POOLS)
    if offline:
        console.print(
            f"[yellow]![/yellow] no worker online yet for {'+'.join(offline)}; "
            f"see {children.logs}/worker-*.log",
            soft_wrap=True,
        )
    else:
        ok(f"Workers online: {'+'.join(POOLS)} (logs in {children.logs})")
    return api_url


def serve(
    host: Annotated[str, typer.Option(help="Address the API listens on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the API listens on", min=1, max=65535)] = 8000,
) -> None:
    """Run the studio API (docs at /api/docs), with a Prefect server and workers if none is set.

    Without PREFECT_API_URL (environment or .env) it starts, as its children, in order: a Prefect
    server on a free port of 127.0.0.1 (with its UI; data in AISTUDIO_HOME/prefect, logs in
    AISTUDIO_HOME/prefect/logs); the work pools, concurrency limits, Secret blocks and the
    automation that crashes runs whose worker died (python -m deployments.setup); the
    deployments of prefect.yaml; a process worker for the cpu pool and one for the gpu pool.

    Ctrl-C or SIGTERM stops the API, then the workers (their runs stop too; retry a job to
    resume it), then the server. On Linux a killed serve takes its children along.

    With PREFECT_API_URL set only the API starts: the server and the workers (prefect worker
    start --pool cpu|gpu) run elsewhere, and several serve processes can share one studio store
    (AISTUDIO_DATABASE_URL) behind a proxy. A port in use is refused (exit 2) before anything
    starts.
    """
    settings, api = get_settings(), api_settings()
    sock = bind(host, port)
    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    env = {
        **os.environ,
        # Absolute: a deployed run changes to the project folder before it reads settings.
        "AISTUDIO_HOME": str(settings.home),
        "PREFECT_HOME": str(settings.home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": os.environ.get("PREFECT_WORKER_QUERY_SECONDS", "2"),
    }
    children = Children(env, settings.home / "prefect" / "logs")
    try:
        with sock:
            elsewhere = configured_prefect()
            if elsewhere:
                ok(f"Prefect at {elsewhere} (its workers run elsewhere)")
                os.environ["PREFECT_API_URL"] = elsewhere
            else:
                os.environ["PREFECT_API_URL"] = start_prefect(children, settings.home)
            # Imported and made now, with PREFECT_API_URL set, its errors before the API line.
            import uvicorn

            from aistudio.api import web
            from aistudio.api.app import create_app

            app = create_app(settings, api)
            # The access log stays off (warning level); uvicorn's errors still show. Event
            # streams never end by themselves: a stop waits this long for them, then closes.
            config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
            where = f"[{host}]" if ":" in host else host
            ok(f"API at http://{where}:{port}/api/docs (Ctrl-C stops it all)")
            if web.built(web.build_dir(app.state.api.web_dir)):
                ok(f"Web studio at http://{where}:{port}/")
            else:
                console.print(web.HINT)
            uvicorn.Server(config).run(sockets=[sock])
    except _Stopping:
        pass  # uvicorn re-raises the signal it stopped on, after its graceful shutdown
    finally:
        # A second Ctrl-C while the children stop would leave some behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if children.server is not None:
            console.print("Stopping the workers and the Prefect server...")
        children.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
