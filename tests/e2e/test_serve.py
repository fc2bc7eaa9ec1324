"""`aistudio serve`: the API, a Prefect server and cpu and gpu workers, all gone after SIGTERM."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.e2e.conftest import BIN, Serve, serve_env, user_key
from tests.fakes.s3server import free_port

pytestmark = [pytest.mark.e2e]


@pytest.mark.slow
def test_serve_runs_prefect_and_workers_and_takes_them_down(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    env = serve_env(tmp_path)
    started = time.monotonic()
    serve = Serve(tmp_path, env)
    serve_factory.append(serve)
    serve.wait_ready(timeout=120)
    ready_s = time.monotonic() - started

    key = user_key(env, tmp_path)
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
    serve = Serve(tmp_path, serve_env(tmp_path, PREFECT_API_URL=elsewhere))
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
            cwd=tmp_path, env=serve_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: port {port} on 127.0.0.1 is in use; choose another --port\n"
    assert not (tmp_path / "studio" / "prefect").exists()  # nothing started


def test_a_bad_api_setting_is_refused_before_prefect_starts(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "aistudio"), "serve", "--port", str(free_port())],
        cwd=tmp_path, env=serve_env(tmp_path, AISTUDIO_API_SESSION_HOURS="0"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "error: AISTUDIO_API_SESSION_HOURS: Input should be greater than 0\n"
    assert not (tmp_path / "studio" / "prefect").exists()
