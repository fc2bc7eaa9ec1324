"""Two workers on one MaxStudio account share its job limit through Prefect's global limit.

Each worker process is configured with the account's limit (3 jobs). Alone, each would keep 3
jobs running, so together they would run 6; the `maxstudio-jobs` limit on the Prefect server
makes them take turns. The fake API itself accepts far more and records the most it ran at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aistudio.core.config import load_model_config, save_model_config
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.cli import runs_at_once
from tests.conftest import REPO, make_model
from tests.fakes.maxstudio import ledger, serve

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LIMIT = 3
MODELS = ("andie", "blondie")


def _model(studio: Studio, photos: dict[str, list[Path]], name: str, n: int) -> None:
    paths = create_model(studio, name)
    config = load_model_config(paths.config)
    config.thresholds.min_side = 200  # 256 px photos: the API contract is under test
    save_model_config(paths.config, config)
    # Photos of their own: the same inputs in two models would share one paid result.
    own = {"sources": photos["sources"][n:], "targets": photos["targets"][8 * n :]}
    make_model(studio, own, name, sources=1, targets=8, create=False)


def test_two_workers_on_one_account_never_run_more_jobs_than_its_limit(
    server: dict[str, str],
    studio: Studio,
    s3_bucket: str,
    small_photos: dict[str, list[Path]],
    tmp_path: Path,
) -> None:
    for n, name in enumerate(MODELS):
        _model(studio, small_photos, name, n)
    account = {"MAXSTUDIO_API_KEY": "test-key", "MAXSTUDIO_MAX_CONCURRENT": str(LIMIT)}
    setup = subprocess.run(
        [sys.executable, "-m", "deployments.setup"],
        cwd=REPO,
        env={**server, **account},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    assert f"concurrency limit maxstudio-jobs={LIMIT}" in setup.stdout

    # The fake would accept 50 jobs at once: only the shared limit keeps the two workers at 3.
    with serve(swap_latency=0.8, enhance_latency=0.4, max_concurrent=50) as url:
        # The server's address, the studio and the bucket are in this process's environment.
        env = {**os.environ, **account, "MAXSTUDIO_BASE_URL": url, "PYTHONPATH": str(REPO)}
        runs = runs_at_once(MODELS, "maxstudio", env, tmp_path)
        billed = ledger(url)
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stdout[-2000:], run.stderr[-2000:])
        assert "Complete! 8/8 successful" in run.stdout, (name, run.stdout[-2000:])
    assert (billed["swap"], billed["enhance"]) == (16, 16), billed
    assert billed["refused_busy"] == 0
    # Both workers together filled the account's limit, and never went past it.
    assert billed["peak_in_flight"] == LIMIT, billed
