"""The CLI's early temporary Prefect server: only when nothing else could configure Prefect,
and never left behind, even when the command is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from aistudio.cli.tempserver import prefect_configured_elsewhere
from tests.cli import cli_env, setup_andie


@pytest.fixture
def clean_prefect_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_ENABLED", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    (tmp_path / "project").mkdir()
    return tmp_path / "project"


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("prefect/profiles.toml", '[profiles.default]\nPREFECT_API_URL = "http://h:4200/api"\n'),
        ("project/.env", "PREFECT_API_URL=http://h:4200/api\n"),
        ("project/prefect.toml", '[api]\nurl = "http://h:4200/api"\n'),
        ("project/pyproject.toml", '[tool.prefect.api]\nurl = "http://h:4200/api"\n'),
    ],
)
def test_a_prefect_setting_anywhere_leaves_the_server_to_prefect(
    clean_prefect_env: Path, tmp_path: Path, where: str, text: str
) -> None:
    assert not prefect_configured_elsewhere(clean_prefect_env)
    path = tmp_path / where
    path.parent.mkdir(exist_ok=True)
    path.write_text("# PREFECT_API_URL=http://127.0.0.1:4200/api\n")  # as in .env.example
    assert not prefect_configured_elsewhere(clean_prefect_env)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    assert prefect_configured_elsewhere(clean_prefect_env)


def test_the_environment_leaves_the_server_to_prefect(
    clean_prefect_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_prefect_env / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    assert not prefect_configured_elsewhere(clean_prefect_env)
    monkeypatch.setenv("PREFECT_API_URL", "http://h:4200/api")
    assert prefect_configured_elsewhere(clean_prefect_env)
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
    assert prefect_configured_elsewhere(clean_prefect_env)


def _servers(prefect_home: Path) -> list[psutil.Process]:
    """Temporary Prefect servers started for this Prefect home."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "prefect.server.api.server:create_app" not in " ".join(proc.info["cmdline"] or []):
                continue
            if proc.environ().get("PREFECT_HOME") == str(prefect_home):
                found.append(proc)
        except psutil.Error:
            continue
    return found


@pytest.mark.slow
def test_the_server_ends_with_the_command_even_when_it_is_killed(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    setup_andie(tmp_path, photos)
    env = cli_env(tmp_path, AISTUDIO_FAKE_DELAY="1.0")
    exe = str(Path(sys.executable).with_name("aistudio"))
    done = subprocess.run(
        [exe, "run", "andie", "--provider", "fake", "--yes", "--source", "1"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Complete! 4/4 successful" in done.stdout
    assert _servers(tmp_path / "prefect") == []

    run = subprocess.Popen(
        [exe, "run", "andie", "--provider", "fake", "--yes", "--source", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (servers := _servers(tmp_path / "prefect")):
        assert time.monotonic() < deadline and run.poll() is None, "no server started"
        time.sleep(0.2)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(10)
    _, alive = psutil.wait_procs(servers, timeout=30)
    assert alive == []  # the kernel stopped it with its parent
