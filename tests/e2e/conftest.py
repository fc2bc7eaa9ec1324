"""Fixtures for the e2e tests: a Prefect server and a cpu worker started on 127.0.0.1, and
`aistudio serve` as a subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from aistudio.api.routes import jobs as job_routes
from tests.conftest import REPO
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.s3server import free_port

BIN = Path(sys.executable).parent


@pytest.fixture(params=["sqlite"])
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The server's database: its default SQLite, or (parametrized) a PostgreSQL cluster."""
    if request.param == "sqlite":
        yield None
        return
    from tests.fakes.postgres import postgres

    assert request.param == "postgresql"
    with postgres() as url:
        yield url


@pytest.fixture
def server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: str | None
) -> Iterator[dict[str, str]]:
    """A Prefect server on 127.0.0.1 with its own home; yields the environment to reach it."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "AISTUDIO_HOME": str(tmp_path / "studio"),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    if database:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = database
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.5)
        for key in ("PREFECT_HOME", "PREFECT_API_URL", "AISTUDIO_HOME"):
            monkeypatch.setenv(key, env[key])
        yield env
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def deployment_run(
    env: dict[str, str], *params: str, name: str = "process-model/default"
) -> subprocess.CompletedProcess[str]:
    """`prefect deployment run 'process-model/default' -p ... --watch`."""
    args = [str(BIN / "prefect"), "deployment", "run", name, "--watch"]
    for p in params:
        args += ["-p", p]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def run_report(env: dict[str, str], run: subprocess.CompletedProcess[str]) -> str:
    """A watched run's output and, when it names its flow run, that run's own logs (the why)."""
    found = re.search(r"/runs/flow-run/([0-9a-f-]{36})", run.stdout)
    logs, deadline = "", time.monotonic() + 20
    # --watch returns on the final state; the run's last logs may still be on their way.
    while found and "Finished in state" not in logs and time.monotonic() < deadline:
        shown = subprocess.run(
            [str(BIN / "prefect"), "flow-run", "logs", found.group(1)],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        logs = shown.stdout[-6000:] + shown.stderr[-2000:]
    return run.stdout[-3000:] + run.stderr[-3000:] + "\n--- flow run logs ---\n" + logs


def deploy(env: dict[str, str]) -> None:
    """Pools, limits and secrets (deployments.setup), then every deployment in prefect.yaml."""
    setup = subprocess.run(
        [sys.executable, "-m", "deployments.setup"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    assert "work pool cpu" in setup.stdout and "work pool gpu" in setup.stdout
    done = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", "deploy", "--all"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def start_worker(
    env: dict[str, str], pool: str = "cpu", log: Path | None = None
) -> subprocess.Popen[bytes]:
    """A process worker on a pool, in its own session (its runs are its children); its output
    and its runs' go to `log` when given."""
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [str(BIN / "prefect"), "worker", "start", "--pool", pool],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        if not isinstance(out, int):
            out.close()


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    """Stop a worker the way a user does: a process worker forwards the first signal to its runs."""
    for _ in range(2):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            time.sleep(1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


@pytest.fixture
def worker(server: dict[str, str]) -> Iterator[None]:
    """Pools, limits and deployments created from prefect.yaml, and a cpu worker running."""
    deploy(server)
    proc = start_worker(server)
    try:
        yield
    finally:
        stop_worker(proc)


def serve_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for `aistudio serve` over a studio in tmp_path (no Prefect settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "AISTUDIO_HOME": str(tmp_path / "studio"), "PYTHONUNBUFFERED": "1", **extra}


class Serve:
    """`aistudio serve --port P` as a subprocess, its printed lines collected as they come."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(BIN / "aistudio"), "serve", "--port", str(self.port)],
            cwd=tmp_path,  # no .env of the checkout's
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float) -> None:
        """Until the API answers and serve has printed its API line."""
        deadline = time.monotonic() + timeout
        while not any("API at" in line for line in self.lines):
            assert self.proc.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.2)
        assert httpx.get(f"{self.url}/api/health", timeout=10).json() == {"status": "ok"}

    def kill_all(self) -> None:
        """After a failed test: nothing it started may outlive it."""
        if self.proc.poll() is None:
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                child.kill()
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def serve_factory(tmp_path: Path) -> Iterator[list[Serve]]:
    """Serves a test starts (append them): killed with their children after the test."""
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.kill_all()


def user_key(env: dict[str, str], cwd: Path) -> str:
    """`aistudio users create alice --admin`: the key it prints."""
    made = subprocess.run(
        [str(BIN / "aistudio"), "users", "create", "alice", "--admin"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    found = re.search(r"store it now\): (\S+)", made.stdout)
    assert found, made.stdout
    return found.group(1)


@pytest.fixture
def prefect(monkeypatch: pytest.MonkeyPatch) -> FakePrefect:
    """The fake Prefect every API app made in this test starts its jobs in (the web studio's
    tests that need no real server: get_prefect makes a PrefectApi)."""
    fake = FakePrefect()
    monkeypatch.setattr(job_routes, "PrefectApi", fake.client)
    return fake
