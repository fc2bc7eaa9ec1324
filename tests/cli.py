"""Run the installed `aistudio` command as a user does: a subprocess with its own studio."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with its own studio and Prefect home, and the test plugin loaded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISTUDIO_", "PREFECT_"))}
    env.update(
        AISTUDIO_HOME=str(tmp_path / "studio"),
        AISTUDIO_PLUGINS="tests.fakes.provider",
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PYTHONPATH=str(REPO),
        COLUMNS="120",
    )
    env.update(extra)
    return env


def aistudio(
    tmp_path: Path, *args: str, stdin: str | None = None, timeout: float = 300, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script."""
    exe = Path(sys.executable).with_name("aistudio")
    return subprocess.run(
        [str(exe), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(tmp_path, **extra),
        timeout=timeout,
        cwd=tmp_path,
    )


def runs_at_once(
    models: tuple[str, ...], provider: str, env: dict[str, str], cwd: Path, timeout: float = 600
) -> dict[str, subprocess.CompletedProcess[str]]:
    """`aistudio run NAME --provider P --yes` for every model at the same time, as two terminals."""
    exe = str(Path(sys.executable).with_name("aistudio"))
    procs = {
        name: subprocess.Popen(
            [exe, "run", name, "--provider", provider, "--yes"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in models
    }
    done = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=timeout)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def assert_user_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, the message on stderr, no traceback."""
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    for needle in needles:
        assert needle in proc.stderr + proc.stdout, (needle, proc.stdout, proc.stderr)


def db_rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "studio" / "studio.db") as conn:
        return conn.execute(sql).fetchall()


def setup_andie(tmp_path: Path, photos: dict[str, list[Path]], **env: str) -> None:
    """A model with consent, 2 sources and 4 sfw targets, made through the CLI."""
    setup = [
        ("model", "create", "andie"),
        ("consent", "set", "andie", "--kind", "synthetic", "--scope", "sfw", "--attest-adult"),
        ("sources", "add", "andie", *map(str, photos["sources"][:2])),
        ("targets", "add", "andie", "--category", "sfw", *map(str, photos["targets"][:4])),
    ]
    for step in setup:
        assert aistudio(tmp_path, *step, **env).returncode == 0


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every entry under folder: kind, content or link target, and mtime (links not followed)."""
    out: dict[str, tuple[str, bytes | str, int]] = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            out[str(path)] = ("link", os.readlink(path), st.st_mtime_ns)
        elif stat.S_ISREG(st.st_mode):
            out[str(path)] = ("file", path.read_bytes(), st.st_mtime_ns)
        else:
            out[str(path)] = ("other", "", st.st_mtime_ns)
    return out
