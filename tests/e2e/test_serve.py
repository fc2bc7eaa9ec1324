"""`aistudio serve`: the API, a Prefect server and cpu and gpu workers, all gone after SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.e2e.conftest import BIN
from tests.fakes.s3server import free_port

pytestmark = [pytest.mark.e2e]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
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
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.kill_all()


def _user_key(env: dict[str, str], cwd: Path) -> str:
    made = subprocess.run(
        [str(BIN / "aistudio"), "users", "create", "alice", "--admin"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    found = re.search(r"store it now\): (\S+)", made.stdout)
    assert found, made.stdout
    return found.group(1)


@pytest.mark.slow
def test_serve_runs_prefect_and_workers_and_takes_them_down(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    env = _env(tmp_path)
    started = time.monotonic()
    serve = Serve(tmp_path, env)
    serve_factory.append(serve)
    serve.wait_ready(timeout=120)
    ready_s = time.monotonic() - started

    key = _user_key(env, tmp_path)
    me = httpx.get(f"{serve.url}/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200, me.text
    assert me.json()["name"] == "alice"

    up = re.search(r"Prefect server up at (http://127\.0\.0\.1:\d+)", "\n".join(serve.lines))
    assert up, serve.lines
    prefect_api = f"{up.group(1)}/api"
    assert httpx.get(f"{prefect_api}/health").status_code == 200
    # Self-contained: the server's database lies in the studio home.
    assert (tmp_path / "studio" / "prefect" / "prefect.db").is_file()
    count = httpx.post(f"{prefect_api}/deployments/count", json={}).json()
    assert count >= 5 and f"{count} deployments from" in "\n".join(serve.lines)
    for pool in ("cpu", "gpu"):
        workers = httpx.post(f"{prefect_api}/work_pools/{pool}/workers/filter", json={}).json()
        name = f"serve-{socket.gethostname()}-{serve.proc.pid}-{pool}"
        assert [(w["name"], w["status"]) for w in workers] == [(name, "ONLINE")]
    assert "Workers online: cpu+gpu" in "\n".join(serve.lines)

    children = psutil.Process(serve.proc.pid).children(recursive=True)
    commands = [" ".join(c.cmdline()) for c in children]
    assert sum("prefect server start" in c for c in commands) == 1, commands
    assert sum("prefect worker start" in c for c in commands) == 2, commands

    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(60) == 0, serve.lines
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], [" ".join(p.cmdline()) for p in alive]
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{prefect_api}/health", timeout=2)
    print(f"serve ready in {ready_s:.1f} s; stopped with {len(gone)} children")


def test_serve_with_prefect_api_url_starts_the_api_alone(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    elsewhere = f"http://127.0.0.1:{free_port()}/api"
    serve = Serve(tmp_path, _env(tmp_path, PREFECT_API_URL=elsewhere))
    serve_factory.append(serve)
    serve.wait_ready(timeout=60)
    assert psutil.Process(serve.proc.pid).children(recursive=True) == []
    assert f"Prefect at {elsewhere}" in "\n".join(serve.lines)
    assert not (tmp_path / "studio" / "prefect").exists()
    serve.proc.send_signal(signal.SIGINT)
    assert serve.proc.wait(30) == 0, serve.lines


def test_a_busy_port_is_refused_in_one_line(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        done = subprocess.run(
            [str(BIN / "aistudio"), "serve", "--port", str(port)],
            cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: port {port} on 127.0.0.1 is in use; choose another --port\n"
    assert not (tmp_path / "studio" / "prefect").exists()  # nothing started


def test_a_bad_api_setting_is_refused_before_prefect_starts(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "aistudio"), "serve", "--port", str(free_port())],
        cwd=tmp_path, env=_env(tmp_path, AISTUDIO_API_SESSION_HOURS="0"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "error: AISTUDIO_API_SESSION_HOURS: Input should be greater than 0\n"
    assert not (tmp_path / "studio" / "prefect").exists()
